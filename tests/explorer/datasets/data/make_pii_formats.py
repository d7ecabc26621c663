"""Generator of a labelled PII set in realistic formats (issue 17, item 2). Not stored in git:
`generate()` builds it in memory (bench/bench_pii.py, tests), or run this file to print JSONL.

What it varies, each drawn at random (seeded) for every row:
- phone numbers of 23 countries from libphonenumber's own example numbers (last digits
  redrawn until the number is still valid), written national, international, E.164, with the
  trunk zero in brackets ("+41 (0)44 ..."), dotted or dashed, and North American numbers with
  extensions ("345-899-3560x4587", "... ext. 12"). National forms only in rows of a language
  spoken in that country (a bare national number is only readable knowing the country);
- IBANs of 10 countries (valid check digits) in print groups, run together, and lower case;
- names in dialogue, forum and chat layouts ("Nicole: ...", "[10:42] <Marco> ...",
  "Posted by ...", "— Anna Schmidt"), e-mail addresses, URLs, postal addresses;
- languages: English, Spanish, French, German, and Arabic and Chinese (non-Latin scripts).

Rows: {"id", "language", "kind", "text", "spans": [{"start", "end", "entity_type"}]}, with the
same labelling rules as pii_hard.jsonl (an address is one LOCATION span).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checksums import iban  # noqa: E402

NATIVE_REGIONS = {
    "en": ["US", "GB", "AU", "IE", "CA", "IN", "NZ", "ZA"],
    "es": ["ES", "MX", "AR", "CO"],
    "fr": ["FR", "BE", "CH"],
    "de": ["DE", "AT", "CH"],
    "ar": ["SA", "EG", "AE", "MA"],
    "zh": ["CN", "TW", "HK"],
}
ALL_REGIONS = sorted({r for rs in NATIVE_REGIONS.values() for r in rs} | {"IT", "NL", "BR", "JP",
                                                                        "SE", "PL"})
IBAN_BBANS = {"DE": "370400440532013000", "GB": "NWBK60161331926819", "FR": "20041010050500013M02606",
              "ES": "21000418450200051332", "IT": "X0542811101000000123456",
              "NL": "ABNA0417164300", "BE": "539007547034", "CH": "00762011623852957",
              "AT": "1904300234573201", "SA": "80000000608010167519"}

NAMES = {
    "en": ["Nicole Baker", "James Carter", "Emily Clark", "Michael Turner", "Olivia Hughes",
           "Daniel Foster", "Sophie Ward", "Thomas Reid"],
    "es": ["Lucía Fernández", "Javier Romero", "Carmen Navarro", "Diego Castillo",
           "Marta Iglesias", "Pablo Herrera"],
    "fr": ["Camille Lefèvre", "Julien Moreau", "Claire Girard", "Antoine Lambert",
           "Élodie Fontaine", "Hugo Mercier"],
    "de": ["Anna Schmidt", "Lukas Becker", "Mia Hoffmann", "Jonas Wagner", "Lea Zimmermann",
           "Felix Braun"],
    "ar": ["محمد العتيبي", "فاطمة الزهراني", "أحمد منصور", "ليلى حداد"],
    "zh": ["王伟", "李娜", "张敏", "刘洋"],
}
PLACES = {
    "en": ["Leeds", "Denver", "Brisbane", "Cork", "Toronto"],
    "es": ["Valencia", "Guadalajara", "Córdoba", "Bilbao"],
    "fr": ["Lyon", "Bordeaux", "Lille", "Genève"],
    "de": ["Hamburg", "Köln", "Graz", "Leipzig"],
    "ar": ["الرياض", "القاهرة", "دبي"],
    "zh": ["北京", "上海", "深圳"],
}
ADDRESSES = {
    "en": ["14 Elm Street, Leeds LS6 2QT", "2200 Market Street, Denver, CO 80205",
           "7 Harbour Road, Cork T12 X2Y3"],
    "es": ["Calle Mayor 12, 28013 Madrid", "Avenida de la Constitución 5, 41004 Sevilla"],
    "fr": ["12 rue de la République, 69002 Lyon", "8 avenue Victor Hugo, 33000 Bordeaux"],
    "de": ["Hauptstraße 5, 20095 Hamburg", "Schillerstraße 21, 04109 Leipzig"],
    "ar": ["شارع الملك فهد 12، الرياض"], "zh": ["北京市朝阳区建国路88号"],
}
EMAIL_USERS = ["n.baker", "jcarter77", "lucia.f", "c.lefevre", "anna_schmidt", "info.team"]
DOMAINS = ["example.com", "example.org", "correo.example.es", "exemple.fr", "beispiel.de"]
URLS = ["https://www.example.com/account/settings", "http://forum.example.org/t/4411",
        "www.exemple.fr/contact", "https://beispiel.de/impressum?lang=de"]

# {X} placeholders: NAME, PLACE, ADDRESS, PHONE, IBAN, EMAIL, URL; the first word of a template
# says its layout (dialogue / forum / chat / prose) for the "kind" field.
TEMPLATES = {
    "en": ["dialogue|{NAME}: hey, can you call me back on {PHONE} tonight?",
           "dialogue|{NAME}: sure. My IBAN is {IBAN}, send it there.",
           "chat|[10:42] <{NAME}> new number is {PHONE}, old one is gone",
           "forum|Posted by {NAME} on 3 May: the office moved to {ADDRESS}.",
           "prose|Please transfer the deposit to {IBAN} before Friday.",
           "prose|Our colleague {NAME} from {PLACE} can be reached at {EMAIL} or {PHONE}.",
           "forum|Full details at {URL} — cheers, {NAME}",
           "prose|Ring the front desk on {PHONE} if the gate at {ADDRESS} is closed."],
    "es": ["dialogue|{NAME}: llámame al {PHONE} cuando puedas.",
           "prose|El pago se hace a la cuenta {IBAN}, a nombre de {NAME}.",
           "forum|Publicado por {NAME}: nos mudamos a {ADDRESS}.",
           "chat|[09:15] <{NAME}> mi correo es {EMAIL} y el móvil {PHONE}",
           "prose|Más información en {URL} o en la oficina de {PLACE}."],
    "fr": ["dialogue|{NAME} : appelle-moi au {PHONE} après 18 h.",
           "prose|Merci de virer la somme sur le compte {IBAN} avant lundi.",
           "forum|Posté par {NAME} : le nouveau bureau est au {ADDRESS}.",
           "chat|[21:03] <{NAME}> écris-moi à {EMAIL}, ou tél. {PHONE}",
           "prose|Le formulaire est sur {URL}, réponse de {NAME} à {PLACE}."],
    "de": ["dialogue|{NAME}: ruf mich bitte unter {PHONE} an.",
           "prose|Bitte überweisen Sie den Betrag auf das Konto {IBAN}.",
           "forum|Gepostet von {NAME}: wir sind umgezogen, neue Adresse {ADDRESS}.",
           "chat|[08:30] <{NAME}> Mail an {EMAIL} oder Telefon {PHONE}",
           "prose|Alle Infos unter {URL}, Grüße aus {PLACE}, {NAME}"],
    "ar": ["prose|يرجى الاتصال بـ{NAME} على الرقم {PHONE} قبل الساعة الخامسة.",
           "prose|حوّل المبلغ إلى الحساب {IBAN} من فضلك.",
           "prose|راسلنا على {EMAIL} أو زر الموقع {URL}.",
           "prose|انتقل المكتب إلى {ADDRESS} والهاتف الجديد {PHONE}."],
    "zh": ["prose|请拨打 {PHONE} 联系{NAME}。", "prose|请把款项转到账户 {IBAN}，谢谢。",
           "prose|详情请见 {URL}，或发邮件到 {EMAIL}。",
           "prose|我们的新地址是{ADDRESS}，电话 {PHONE}。"],
}
ENTITY = {"NAME": "PERSON", "PLACE": "LOCATION", "ADDRESS": "LOCATION", "PHONE": "PHONE_NUMBER",
          "IBAN": "IBAN_CODE", "EMAIL": "EMAIL_ADDRESS", "URL": "URL"}


def phone(language: str, rng: random.Random) -> str:
    import phonenumbers as pn
    from phonenumbers import PhoneNumberFormat as F

    native = rng.random() < 0.6
    region = rng.choice(NATIVE_REGIONS[language] if native else ALL_REGIONS)
    kind = rng.choice([pn.PhoneNumberType.MOBILE, pn.PhoneNumberType.FIXED_LINE])
    ex = pn.example_number_for_type(region, kind) or pn.example_number(region)
    num = ex
    for _ in range(30):  # redraw the last digits, keep the number valid
        nsn = str(ex.national_number)
        cand = pn.parse(f"+{ex.country_code}{nsn[:-3]}{rng.randrange(1000):03d}")
        if pn.is_valid_number(cand):
            num = cand
            break
    styles = ["international", "e164", "trunk"] + (["national", "national", "dotted"]
                                                    if native else [])
    style = rng.choice(styles)
    if style == "e164":
        text = pn.format_number(num, F.E164)
    elif style == "trunk":
        intl = pn.format_number(num, F.INTERNATIONAL)
        nat = pn.format_number(num, F.NATIONAL)
        text = intl
        if nat.startswith("0"):  # "+41 (0)44 668 18 00"
            cc = f"+{num.country_code} "
            text = cc + "(0)" + intl[len(cc):]
    elif style == "national":
        text = pn.format_number(num, F.NATIONAL)
    elif style == "dotted":
        text = re.sub(r"[\s-]+", ".", pn.format_number(num, F.NATIONAL).strip("()"))
        text = text.replace("(", "").replace(")", "")
    else:
        text = pn.format_number(num, F.INTERNATIONAL)
    if num.country_code == 1 and rng.random() < 0.5:  # extensions, NANP style
        nsn = str(num.national_number)
        text = rng.choice([f"{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}x{rng.randrange(10, 9999)}",
                           f"{text} ext. {rng.randrange(10, 999)}",
                           f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]} x{rng.randrange(10, 999)}"])
    return text


def iban_text(rng: random.Random) -> str:
    country = rng.choice(sorted(IBAN_BBANS))
    value = iban(country, IBAN_BBANS[country], spaced=rng.random() < 0.6)
    return value.lower() if rng.random() < 0.3 else value


def fill(language: str, template: str, rng: random.Random) -> tuple[str, list[dict]]:
    text, spans = "", []
    pos = 0
    for m in re.finditer(r"\{([A-Z]+)\}", template):
        text += template[pos:m.start()]
        key = m.group(1)
        value = {"NAME": lambda: rng.choice(NAMES[language]),
                 "PLACE": lambda: rng.choice(PLACES[language]),
                 "ADDRESS": lambda: rng.choice(ADDRESSES[language]),
                 "PHONE": lambda: phone(language, rng),
                 "IBAN": lambda: iban_text(rng),
                 "EMAIL": lambda: f"{rng.choice(EMAIL_USERS)}@{rng.choice(DOMAINS)}",
                 "URL": lambda: rng.choice(URLS)}[key]()
        spans.append({"start": len(text), "end": len(text) + len(value),
                      "entity_type": ENTITY[key]})
        text += value
        pos = m.end()
    text += template[pos:]
    return text, spans


def generate(rows_per_language: int = 40, seed: int = 17) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for language, templates in TEMPLATES.items():
        for i in range(rows_per_language):
            kind, template = templates[i % len(templates)].split("|", 1)
            text, spans = fill(language, template, rng)
            out.append({"id": f"{language}-{i:03d}", "language": language, "kind": kind,
                        "text": text, "spans": spans})
    return out


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    for row in generate(n):
        print(json.dumps(row, ensure_ascii=False))
