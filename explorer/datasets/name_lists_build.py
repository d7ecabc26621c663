"""Builds explorer/datasets/name_lists.json, the given-name and family-name lists that
explorer.datasets.pii_names uses for languages without an offline NER model.

Source: the person-name lists of Faker 40.63.0 (MIT licence, (c) Daniele Faraglia and the
Faker contributors; the lists cite their own public sources, such as Wiktionary's lists of
the commonest German first names and Wikipedia's list of common Chinese surnames). Only the
names are taken, as data. Faker is not a dependency of the app: to rebuild the file, put the
Faker wheel on PYTHONPATH and run `python -m explorer.datasets.name_lists_build`.

Per script (as languages.script_of names them), a list of given names and one of family
names. Latin-script names shorter than 3 letters are left out; those that are also stop
words of a language (spaCy's lists: "Will" en, "Mia" it, "Uwe" nl) are listed with those
languages under "stop_words", so a row in that language does not take them for names.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

OUT = Path(__file__).with_name("name_lists.json")
FAKER_VERSION = "40.63.0"
LOCALES = {
    "Latin": ("de_DE", "de_AT", "de_CH", "it_IT", "pt_BR", "pt_PT", "nl_NL", "pl_PL", "tr_TR",
              "sv_SE", "da_DK", "cs_CZ", "ro_RO", "en_US", "en_GB", "es_ES", "fr_FR"),
    "ARABIC": ("ar_AA", "ar_SA", "ar_PS", "ar_DZ", "fa_IR"),
    "CJK": ("zh_CN", "zh_TW"),
    "DEVANAGARI": ("hi_IN", "mr_IN", "ne_NP"),
    "CYRILLIC": ("ru_RU", "uk_UA", "bg_BG"),
}
STOP_LANGUAGES = ("de", "it", "pt", "nl", "pl", "tr", "sv", "da", "cs", "ro", "en", "es", "fr")


def _names(provider: type, *attrs: str) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        value = getattr(provider, attr, None) or ()
        for name in (value.keys() if isinstance(value, dict) else value):
            out.update(part for part in str(name).split() if part)
    return out


def build() -> dict:
    import spacy

    stop: dict[str, list[str]] = {}
    for lang in STOP_LANGUAGES:
        for w in spacy.blank(lang).Defaults.stop_words:
            stop.setdefault(w.lower(), []).append(lang)
    data: dict = {"source": f"Faker {FAKER_VERSION} person providers (MIT licence)",
                  "scripts": {}}
    for script, locales in LOCALES.items():
        given: set[str] = set()
        family: set[str] = set()
        for loc in locales:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
            given |= _names(provider, "first_names", "first_names_male", "first_names_female")
            family |= _names(provider, "last_names")
        entry: dict = {"locales": list(locales)}
        if script == "Latin":
            keep = lambda n: len(n) >= 3 and n[0].isupper()  # noqa: E731
            given, family = {n for n in given if keep(n)}, {n for n in family if keep(n)}
            entry["stop_words"] = {n: sorted(set(stop[n.lower()])) for n in sorted(given | family)
                                   if n.lower() in stop}
        entry["given"], entry["family"] = sorted(given), sorted(family)
        data["scripts"][script] = entry
    return data


if __name__ == "__main__":
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
