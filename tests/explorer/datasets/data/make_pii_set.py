"""Writes pii_multilingual.jsonl: a labelled PII test set in English, Spanish, French and German.

Written by the Glasshouse team: sentences are ours; every identifier is synthetic (IBANs and
card numbers carry valid checksums but belong to nobody; card numbers are the public test
numbers of card networks). Each row: {"id", "language", "text", "spans": [{"start", "end",
"entity_type"}]}. Re-run to regenerate (deterministic): python make_pii_set.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from checksums import de_tax_id, iban, nif, nir  # this folder (run as a script)

HERE = Path(__file__).resolve().parent


CARDS = ["4111 1111 1111 1111", "5555-5555-5555-4444", "4012888888881881", "3782 822463 10005",
         "6011 1111 1111 1117", "5105 1051 0510 5100"]
IPS = ["192.168.10.23", "10.0.0.254", "172.16.4.1", "203.0.113.77", "2001:db8:85a3::8a2e:370:7334",
       "198.51.100.12"]
URLS = ["https://www.example.com/profile/123", "http://blog.example.org/post?id=9",
        "https://example.net/contact", "www.example.info/about"]

LANG = {
    "en": dict(
        persons=["John Smith", "Emily Johnson", "Michael Brown", "Sarah Williams", "David Miller",
                 "Jessica Davis"],
        places=["London", "Chicago", "Boston", "Manchester", "Seattle", "Dublin"],
        emails=["john.smith@example.com", "emily.j@mail.example.org", "mbrown77@example.net",
                "sarah.w@example.co.uk"],
        phones=["+1 212-555-0147", "(415) 555-0199", "+44 20 7946 0018", "020 7946 0958"],
        ibans=[iban("GB", "NWBK60161331926819"), iban("GB", "BARC20035344556677")],
        ids=[("US_SSN", "536-22-8726"), ("US_SSN", "219-09-9999"), ("US_SSN", "078-05-1121")],
        templates=[
            "Please contact {PERSON} at {EMAIL_ADDRESS} about the invoice.",
            "My phone number is {PHONE_NUMBER}, call me after six.",
            "{PERSON} moved to {LOCATION} last spring.",
            "Send the refund to IBAN {IBAN_CODE} please.",
            "I paid with my credit card {CREDIT_CARD} yesterday.",
            "The login came from IP address {IP_ADDRESS} at midnight.",
            "More details are on {URL} for anyone interested.",
            "My social security number is {US_SSN}.",
            "Reach me at {EMAIL_ADDRESS} or on {PHONE_NUMBER}.",
            "The server at {IP_ADDRESS} rejected the request from {EMAIL_ADDRESS}.",
            "{PERSON} wrote from {LOCATION} to say thanks.",
            "Card number {CREDIT_CARD}, account {IBAN_CODE}.",
        ],
        clean=["The weather was lovely and we walked for hours.",
               "This product broke after two weeks of normal use.",
               "I think the second chapter is much better than the first.",
               "Our team meets every Tuesday to review the plan.",
               "Version 2.1 fixes 3 bugs and adds 12 tests."]),
    "es": dict(
        persons=["María García", "José Martínez", "Lucía Fernández", "Carlos Rodríguez",
                 "Ana López", "Javier Sánchez"],
        places=["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Zaragoza"],
        emails=["maria.garcia@example.es", "jmartinez@correo.example.com",
                "lucia.f@example.org", "carlos.r@example.net"],
        phones=["612 345 678", "+34 912 345 678", "91 123 45 67", "+34 655 443 322"],
        ibans=[iban("ES", "21000418450200051332"), iban("ES", "00491500051234567892")],
        ids=[("ES_NIF", nif(12345678)), ("ES_NIF", nif(48291736)), ("ES_NIF", nif(71234590))],
        templates=[
            "Por favor, escriba a {PERSON} en {EMAIL_ADDRESS} sobre la factura.",
            "Mi número de teléfono es {PHONE_NUMBER}, llámeme por la tarde.",
            "{PERSON} se mudó a {LOCATION} el año pasado.",
            "Transfiera el reembolso al IBAN {IBAN_CODE}, gracias.",
            "Pagué con la tarjeta de crédito {CREDIT_CARD} ayer.",
            "El acceso vino de la dirección IP {IP_ADDRESS} a medianoche.",
            "Hay más información en {URL} para quien le interese.",
            "Mi DNI es {ES_NIF} y vivo aquí desde hace años.",
            "Contácteme en {EMAIL_ADDRESS} o al {PHONE_NUMBER}.",
            "El servidor {IP_ADDRESS} rechazó la petición de {EMAIL_ADDRESS}.",
            "{PERSON} escribió desde {LOCATION} para dar las gracias.",
            "Tarjeta {CREDIT_CARD}, cuenta {IBAN_CODE}.",
        ],
        clean=["El tiempo fue estupendo y caminamos durante horas.",
               "Este producto se rompió después de dos semanas de uso normal.",
               "Creo que el segundo capítulo es mucho mejor que el primero.",
               "Nuestro equipo se reúne cada martes para revisar el plan.",
               "La versión 2.1 corrige 3 errores y añade 12 pruebas."]),
    "fr": dict(
        persons=["Marie Dubois", "Jean Martin", "Sophie Bernard", "Pierre Lefèvre",
                 "Camille Moreau", "Nicolas Laurent"],
        places=["Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille"],
        emails=["marie.dubois@example.fr", "jean.martin@courriel.example.com",
                "sophie.b@example.org", "p.lefevre@example.net"],
        phones=["06 12 34 56 78", "+33 1 42 68 53 00", "01 42 68 53 00", "+33 6 98 76 54 32"],
        ibans=[iban("FR", "20041010050500013M02606"), iban("FR", "30006000011234567890189")],
        ids=[("FR_NIR", nir("1 85 05 78 006 084")), ("FR_NIR", nir("2 93 11 69 123 456")),
             ("FR_NIR", nir("1 71 02 33 063 021"))],
        templates=[
            "Merci d'écrire à {PERSON} à l'adresse {EMAIL_ADDRESS} au sujet de la facture.",
            "Mon numéro de téléphone est le {PHONE_NUMBER}, appelez-moi le soir.",
            "{PERSON} a déménagé à {LOCATION} l'an dernier.",
            "Veuillez virer le remboursement sur l'IBAN {IBAN_CODE}.",
            "J'ai payé avec la carte bancaire {CREDIT_CARD} hier.",
            "La connexion venait de l'adresse IP {IP_ADDRESS} à minuit.",
            "Plus d'informations sur {URL} pour les curieux.",
            "Mon numéro de sécurité sociale est {FR_NIR}.",
            "Contactez-moi à {EMAIL_ADDRESS} ou au {PHONE_NUMBER}.",
            "Le serveur {IP_ADDRESS} a refusé la demande de {EMAIL_ADDRESS}.",
            "{PERSON} a écrit depuis {LOCATION} pour remercier l'équipe.",
            "Carte {CREDIT_CARD}, compte {IBAN_CODE}.",
        ],
        clean=["Il faisait très beau et nous avons marché pendant des heures.",
               "Ce produit s'est cassé après deux semaines d'usage normal.",
               "Je trouve que le deuxième chapitre est bien meilleur que le premier.",
               "Notre équipe se réunit chaque mardi pour revoir le plan.",
               "La version 2.1 corrige 3 bogues et ajoute 12 tests."]),
    "de": dict(
        persons=["Anna Müller", "Thomas Schmidt", "Julia Schneider", "Stefan Fischer",
                 "Laura Weber", "Michael Wagner"],
        places=["Berlin", "München", "Hamburg", "Köln", "Frankfurt", "Stuttgart"],
        emails=["anna.mueller@example.de", "t.schmidt@post.example.com", "julia.s@example.org",
                "stefan.fischer@example.net"],
        phones=["030 12345678", "+49 30 12345678", "0151 23456789", "+49 89 1234567"],
        ibans=[iban("DE", "370400440532013000"), iban("DE", "500105175407324931")],
        ids=[("DE_TAX_ID", de_tax_id("6592997048")), ("DE_TAX_ID", de_tax_id("8609574271")),
             ("DE_TAX_ID", de_tax_id("4712345867"))],
        templates=[
            "Bitte schreiben Sie an {EMAIL_ADDRESS} wegen der Rechnung.",
            "Meine Telefonnummer ist {PHONE_NUMBER}, rufen Sie abends an.",
            "Überweisen Sie die Erstattung bitte auf die IBAN {IBAN_CODE}.",
            "Ich habe gestern mit der Kreditkarte {CREDIT_CARD} bezahlt.",
            "Die Anmeldung kam um Mitternacht von der IP-Adresse {IP_ADDRESS}.",
            "Weitere Informationen gibt es unter {URL} für alle Interessierten.",
            "Meine Steuer-ID lautet {DE_TAX_ID}.",
            "Erreichen Sie mich unter {EMAIL_ADDRESS} oder {PHONE_NUMBER}.",
            "Der Server {IP_ADDRESS} hat die Anfrage von {EMAIL_ADDRESS} abgelehnt.",
            "Karte {CREDIT_CARD}, Konto {IBAN_CODE}.",
        ],
        clean=["Das Wetter war herrlich und wir sind stundenlang gewandert.",
               "Dieses Produkt ist nach zwei Wochen normaler Nutzung kaputtgegangen.",
               "Ich finde das zweite Kapitel viel besser als das erste.",
               "Unser Team trifft sich jeden Dienstag, um den Plan zu besprechen.",
               "Version 2.1 behebt 3 Fehler und fügt 12 Tests hinzu."]),
}

ROWS_PER_LANGUAGE = 40


def fill(template: str, pools: dict, rng: random.Random) -> tuple[str, list[dict]]:
    text, spans, pos = "", [], 0
    for m in re.finditer(r"\{([A-Z_]+)\}", template):
        text += template[pos:m.start()]
        etype = m.group(1)
        if etype == "PERSON":
            value = rng.choice(pools["persons"])
        elif etype == "LOCATION":
            value = rng.choice(pools["places"])
        elif etype == "EMAIL_ADDRESS":
            value = rng.choice(pools["emails"])
        elif etype == "PHONE_NUMBER":
            value = rng.choice(pools["phones"])
        elif etype == "IBAN_CODE":
            value = rng.choice(pools["ibans"])
        elif etype == "CREDIT_CARD":
            value = rng.choice(CARDS)
        elif etype == "IP_ADDRESS":
            value = rng.choice(IPS)
        elif etype == "URL":
            value = rng.choice(URLS)
        else:  # a national id
            value = rng.choice([v for t, v in pools["ids"] if t == etype])
        spans.append({"start": len(text), "end": len(text) + len(value), "entity_type": etype})
        text += value
        pos = m.end()
    return text + template[pos:], spans


def build() -> list[dict]:
    rng = random.Random(20261123)
    rows = []
    for lang, pools in LANG.items():
        templates = pools["templates"]
        for i in range(ROWS_PER_LANGUAGE):
            text, spans = fill(templates[i % len(templates)], pools, rng)
            rows.append({"id": f"{lang}-{i:03d}", "language": lang, "text": text, "spans": spans})
        for j, text in enumerate(pools["clean"]):
            rows.append({"id": f"{lang}-clean-{j}", "language": lang, "text": text, "spans": []})
    return rows


if __name__ == "__main__":
    out = HERE / "pii_multilingual.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for row in build():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
