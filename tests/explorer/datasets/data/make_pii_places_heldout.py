"""A held-out labelled set for places (LOCATION) in languages without a NER model (issue 17,
item 2).

Written by hand BEFORE the place rules (explorer/datasets/pii_places.py) existed, and without
looking at the rows of the other sets: other cities, countries and layouts (moves, parcels,
greetings from somewhere, trips, job notes), in de, it, pt, nl, ru, ar, zh, hi and a few
en/es/fr rows (which get the NER model). About a third of the rows hold words that are also
place names but are not places there ("Bei Regen", "no Natal", "大同小异", "सागर में", "في صور
الحفلة", "Орёл"), and some places stand without any cue. The texts were not run through the
scanner while they were written, and no row was changed afterwards to make it pass. Every
value is invented.

Markup: {L:...} LOCATION; labelling as in pii_hard.jsonl (cities, regions and countries; the
place name only, without a preposition or clitic). `generate()` returns the rows in the format
of the other sets: {"id", "language", "kind", "text", "spans": [{"start", "end",
"entity_type"}]}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pii_heldout import rows_from  # noqa: E402  (the {L:...} mark-up is the same)


ROWS: dict[str, list[str]] = {
    "de": [
        "Wir sind letzten Sommer von {L:Leipzig} nach {L:Freiburg} gezogen, die Kinder "
        "vermissen ihre Freunde.",
        "Liebe Grüße aus {L:Wien} und bis bald in {L:Zürich}!",
        "Unser Lieferant sitzt in {L:Polen}, die Ware kommt über {L:Frankfurt am Main}.",
        "Sie arbeitet seit 2019 bei einer Bank in {L:Stuttgart}.",
        "Bei Regen fällt das Training aus, in Ordnung? Nach dem Essen besprechen wir den Rest.",
        "Ich fahre morgen nach Hause und übermorgen zu meiner Oma.",
        "Treffpunkt ist der Hauptbahnhof {L:Dortmund}, Gleis 7.",
    ],
    "it": [
        "Sono nato a {L:Bari} ma vivo a {L:Torino} da dieci anni.",
        "Il pacco è partito da {L:Verona} ieri ed è fermo in {L:Svizzera}.",
        "Abbiamo aperto un nuovo ufficio a {L:Bologna} e uno in {L:Spagna}.",
        "Saluti da {L:Palermo}, qui fa già caldo!",
        "Come stai? Chi viene stasera a Natale porta il dolce.",
        "La riunione si terrà in sala grande, non in mensa.",
    ],
    "pt": [
        "Moro em {L:Coimbra} e trabalho no centro de {L:Lisboa}.",
        "Vou viajar para o {L:Brasil} em março, primeiro {L:Recife} e depois {L:Fortaleza}.",
        "A encomenda saiu de {L:Braga} e chega amanhã a {L:Faro}.",
        "Nasci em {L:Luanda} mas cresci em {L:Maputo}.",
        "Vamos jantar todos juntos no Natal, como sempre.",
        "O jogo foi ótimo, mas a fila estava enorme.",
    ],
    "nl": [
        "We wonen sinds kort in {L:Utrecht}, vlak bij het station.",
        "Groeten uit {L:Gent}! Morgen rijden we door naar {L:Brussel}.",
        "De levering vanuit {L:Duitsland} is vertraagd.",
        "Het was een mooie dag, de zon scheen de hele middag.",
    ],
    "ru": [
        "Я живу в {L:Казани}, а работаю в {L:Москве}.",
        "Привет из {L:Новосибирска}!",
        "Посылка отправлена из {L:Санкт-Петербурга} в {L:Минск}.",
        "Орёл сидел на ветке и смотрел вниз.",
        "Мы переехали в {L:Германию} прошлой осенью.",
    ],
    "ar": [
        "أنا من {L:الإسكندرية} وأعيش الآن في {L:دبي}.",
        "وصلت الشحنة إلى {L:بيروت} صباح اليوم.",
        "سافرنا من {L:الرياض} إلى {L:القاهرة} بالطائرة.",
        "يعمل أخي في {L:المغرب} منذ سنتين.",
        "الجو جميل اليوم في الحديقة.",
        "شاهدت الخبر في صور الحفلة على الهاتف.",
    ],
    "zh": [
        "我住在{L:杭州}，每周去{L:上海}出差。",
        "他来自{L:成都}，现在在{L:深圳}工作。",
        "这批货从{L:德国}发出，预计下周到{L:广州}。",
        "我们在会议室开会，请准时参加。",
        "我们在大同小异的方案中选了一个。",
        "{L:北京}今天下雪了。",
    ],
    "hi": [
        "मैं {L:जयपुर} में रहता हूँ और {L:दिल्ली} में काम करता हूँ।",
        "हम कल {L:मुंबई} से {L:पुणे} जाएंगे।",
        "मेरा भाई {L:अमेरिका} में पढ़ता है।",
        "आज मौसम बहुत अच्छा है।",
        "वह रोज़ सुबह सागर में तैरता है।",
    ],
    "en": [
        "Our new warehouse opens in {L:Rotterdam} next month.",
        "The nice thing about a mobile office is that nobody asks where you are.",
    ],
    "es": [
        "Mi hermana vive en {L:Valparaíso} y yo en {L:Rosario}.",
    ],
    "fr": [
        "Je pars de {L:Nantes} demain pour {L:Genève}.",
    ],
}


def generate() -> list[dict]:
    return rows_from(ROWS, "places", "held-out places")


if __name__ == "__main__":
    for row in generate():
        print(json.dumps(row, ensure_ascii=False))
