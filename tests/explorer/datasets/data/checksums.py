"""Identifiers with valid check digits for the labelled PII sets (make_pii_set.py,
make_pii_hard_set.py): IBAN (ISO 13616 mod 97), Spanish NIF/NIE (mod 23 letter), French NIR
(key 97 - n mod 97, Corsica 2A/2B as 19/18), German Steuer-ID (ISO 7064 mod 11,10)."""

from __future__ import annotations


def iban(country: str, bban: str, spaced: bool = True) -> str:
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    code = f"{country}{98 - number % 97:02d}{bban}"
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4)) if spaced else code


def nif(n: int) -> str:
    return f"{n:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]


def nie(prefix: str, n: int) -> str:
    return f"{prefix}{n:07d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[int("XYZ".index(prefix) * 10**7 + n) % 23]


def nir(body: str) -> str:
    digits = body.replace(" ", "").upper().replace("2A", "19").replace("2B", "18")  # Corsica
    return f"{body} {97 - int(digits) % 97:02d}"


def de_tax_id(first10: str) -> str:
    product = 10
    for d in first10:
        s = (int(d) + product) % 10 or 10
        product = (2 * s) % 11
    check = 11 - product
    return first10 + str(0 if check == 10 else check)
