"""A held-out labelled PII set for names in languages without a NER model (issue 17, item 2).

Written by hand, after the name-list rules (explorer/datasets/pii_names.py) and apart from
the sets used while writing them (pii_hard.jsonl, make_pii_formats.py): other names, other
countries and other layouts (e-mail signatures, news sentences, reviews, SMS, meeting notes,
"Name <address>" headers, greetings), and rows with ordinary words that are also given names
("Rose", "سعيد", "方便"). The texts were not run through the scanner while they were written,
and no row was changed afterwards to make it pass. Every value is invented.

Markup: {P:...} PERSON, {L:...} LOCATION, {T:...} PHONE_NUMBER, {E:...} EMAIL_ADDRESS; the
labelling rules are those of pii_hard.jsonl. `generate()` returns the rows in the format of the
other sets: {"id", "language", "kind", "text", "spans": [{"start", "end", "entity_type"}]}.
"""

from __future__ import annotations

import json
import re

TYPES = {"P": "PERSON", "L": "LOCATION", "T": "PHONE_NUMBER", "E": "EMAIL_ADDRESS"}
MARK = re.compile(r"\{([PLTE]):([^{}]+)\}")

ROWS: dict[str, list[str]] = {
    "de": [
        "Mit freundlichen Grüßen\n{P:Katharina Lehmann}\nTeamleitung Einkauf",
        "Laut Trainer {P:Matthias Krause} fällt das Spiel am Samstag aus.",
        "{P:Wolfgang Schubert} <{E:w.schubert@posteo.example}> schrieb am Montag:",
        "Danke an {P:Henrike} und {P:Ayşe Demir} für die Hilfe beim Umzug!",
        "Protokoll: anwesend waren {P:Brigitte Sommer}, {P:Tobias Richter} und {P:Jan}.",
        "Die Rose im Garten blüht endlich wieder, die Sonne tut gut.",
        "Kannst du {P:Oma Hildegard} morgen zum Arzt fahren?",
        "Bitte {P:Herrn Dr. Kaiser} den Bericht bis Freitag schicken.",
        "Der Bus nach {L:Kassel} fällt heute aus, sorry.",
        "Mein Handy ist kaputt, erreichbar unter {T:0160 98765432}. Gruß, {P:Fabian}",
        "Wir haben das Angebot geprüft und melden uns nächste Woche.",
        "Glückwunsch zum Geburtstag, liebe {P:Nele}!",
    ],
    "it": [
        "Cordiali saluti,\n{P:Francesca Russo}",
        "Ieri sera {P:Alessandro} ha chiamato da {L:Bologna}, richiamalo al {T:347 123 4567}.",
        "Secondo il sindaco {P:Lorenzo Gallo}, i lavori finiranno a maggio.",
        "La riunione con {P:Chiara} e {P:Davide Conti} è spostata a giovedì.",
        "Il pane di oggi è buonissimo, grazie mille!",
        "Scrivete a {P:Martina Greco} <{E:m.greco@esempio.it}> per le iscrizioni.",
    ],
    "pt": [
        "Obrigada, {P:Joana Ribeiro}, pelo apoio no projeto.",
        "O técnico {P:Rui Carvalho} confirmou a escalação para domingo.",
        "Olá {P:Beatriz}, o pedido chega amanhã em {L:Porto}.",
        "Atenciosamente,\n{P:Gabriel Souza}\n{T:+55 11 91234 5678}",
        "Hoje o dia está lindo, vamos à praia?",
    ],
    "nl": [
        "Met vriendelijke groet,\n{P:Pieter Jansen}",
        "Gisteren sprak ik met {P:Sanne} over het nieuwe rooster.",
        "Volgens wethouder {P:Ruud Bakker} gaat de brug in juni open.",
        "Het weer is vandaag erg wisselvallig.",
    ],
    "ar": [
        "مع تحياتي،\n{P:خالد الشمري}",
        "قال وزير الصحة {P:عمر الحربي} إن المستشفى سيفتتح قريبا.",
        "شكرا للأستاذة {P:سارة يوسف} على المحاضرة الرائعة.",
        "عيد سعيد وكل عام وأنتم بخير",
        "الجو جميل اليوم في {L:جدة}",
        "تواصل مع {P:نادية بن علي} على الرقم {T:0551234567}",
        "يا {P:عمر}، متى نلتقي غدا؟",
        "أرسل {P:يوسف عبد الله القحطاني} التقرير صباح اليوم.",
        "نتمنى لكم يوما سعيدا ونجاحا دائما.",
        "حضر الاجتماع الدكتور {P:حسن المالكي} ومديرة المشروع {P:هند سالم}.",
    ],
    "zh": [
        "此致\n敬礼\n{P:赵磊}",
        "今天{P:陈静}老师请假了，课改到周五。",
        "请转告{P:周杰}，明天的会议改在三楼。",
        "据记者{P:林佳怡}报道，新馆将于下月开放。",
        "这个周末天气很好，我们去爬山吧。",
        "高速公路上车很多，方便的话晚点出发。",
        "联系人：{P:黄志明}，电话 {T:13912345678}",
        "谢谢{P:刘芳}阿姨的帮助！",
        "黄色的花开了，于是大家都来拍照。",
        "{P:孙浩}：我到{L:杭州}了，晚上见。",
    ],
    "hi": [
        "धन्यवाद, {P:सुनीता वर्मा}",
        "कल {P:अमित} ने फोन किया था, उसका नंबर {T:98765 43210} है।",
        "आज बहुत गर्मी है, पानी पीते रहिए।",
        "श्रीमती {P:कविता सिंह} आज बैठक में नहीं आएंगी।",
    ],
    "ru": [
        "С уважением,\n{P:Ольга Смирнова}",
        "Вчера {P:Дмитрий} звонил из {L:Казани}.",
        "Погода сегодня отличная, идём гулять.",
        "Передай {P:Анне Кузнецовой}, что встреча переносится.",
    ],
    "en": [
        "Kind regards,\n{P:Harriet Cole}",
        "Coach {P:Brian Walsh} said the team will travel to {L:Cardiff} on Friday.",
        "{P:Priya Natarajan} <{E:priya.n@example.net}> wrote on Tuesday:",
        "The weather in the hills was lovely this weekend.",
    ],
    "es": [
        "Un saludo,\n{P:Rocío Blanco}",
        "El entrenador {P:Andrés Molina} confirmó la alineación en {L:Zaragoza}.",
        "Hoy hace un día estupendo para pasear.",
    ],
    "fr": [
        "Bien cordialement,\n{P:Mathilde Rousseau}",
        "Selon le maire {P:Bernard Picard}, les travaux à {L:Nantes} finiront en juin.",
        "Il fait très beau aujourd'hui, on sort ?",
    ],
}


def parse(marked: str) -> tuple[str, list[dict]]:
    text, spans, pos = "", [], 0
    for m in MARK.finditer(marked):
        text += marked[pos:m.start()]
        start = len(text)
        text += m.group(2)
        spans.append({"start": start, "end": len(text), "entity_type": TYPES[m.group(1)]})
        pos = m.end()
    return text + marked[pos:], spans


def rows_from(marked_rows: dict[str, list[str]], id_prefix: str, kind: str) -> list[dict]:
    """Labelled rows ({"id", "language", "kind", "text", "spans"}) from marked-up texts per
    language (also used by make_pii_places_heldout.py)."""
    out = []
    for lang, rows in marked_rows.items():
        for k, marked in enumerate(rows):
            text, spans = parse(marked)
            out.append({"id": f"{id_prefix}-{lang}-{k}", "language": lang, "kind": kind,
                        "text": text, "spans": spans})
    return out


def generate() -> list[dict]:
    return rows_from(ROWS, "heldout", "heldout")


if __name__ == "__main__":
    for row in generate():
        print(json.dumps(row, ensure_ascii=False))
