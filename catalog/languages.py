"""Language identity: typed names or tags -> strictly valid BCP-47 tags, and which tags match
which in search and facets.

Data comes from `language_data` (the IANA Language Subtag Registry and CLDR's supplemental data,
which `langcodes` ships): a tag is valid only if every subtag is registered (private-use ranges
such as `qaa`, `AA`, `XX`, `Qaaa` are refused; the one private-use tag we define is
`ar-x-classic`, Classical Arabic, which has no ISO 639 code). Macrolanguages come from the
registry's `Macrolanguage` field (arz, apc, arb -> ar; cmn, yue -> zh), regions and their
countries from CLDR's territory containment (UN M49), and the countries where a dialect is
spoken from CLDR's territory language populations (>= 10 % of the population) plus a small
table for the Arabic varieties CLDR does not list.

Matching (used by search and facets): a query tag matches an entry tag of the same
macrolanguage when they are equal, or when both name places (a country, a UN M49 region, or a
dialect's countries) and one set of countries contains the other: `ar-EG` and `arz` find each
other, `apc` finds `ar-LB`, `ar-SY`..., `ar-015` (Northern Africa) finds `ar-EG`, `arz`, `ary`.
A bare language (`ar`) matches every variety of it. Tags with no place (`ar`, `arb` (Modern
Standard Arabic), `ar-x-classic`) match only themselves or their bare language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from glasshouse.errors import BadInput

CLASSICAL_ARABIC = "ar-x-classic"
# private-use tags we define (BCP 47 section 2.2.7) -> English name
PRIVATE_TAGS: dict[str, str] = {CLASSICAL_ARABIC: "Classical Arabic"}

# Arabic variety labels as catalogues write them (Masader's "Dialect", curators' sheets).
# Country names are resolved separately (-> ar-<ISO 3166>); these are the non-country labels.
ARABIC_VARIETIES: dict[str, str] = {
    "modern standard arabic": "arb", "msa": "arb", "standard arabic": "arb",
    "classical arabic": CLASSICAL_ARABIC, "classical": CLASSICAL_ARABIC,
    "quranic arabic": CLASSICAL_ARABIC,
    "levant": "apc", "levantine": "apc", "levantine arabic": "apc", "shami": "apc",
    "gulf": "afb", "gulf arabic": "afb", "khaliji": "afb", "khaliji dialect": "afb",
    "egyptian": "arz", "masri": "arz",
    "north africa": "ar-015", "northern africa": "ar-015", "maghreb": "ar-015",
    "maghrebi": "ar-015", "maghrebi arabic": "ar-015",
    "moroccan": "ary", "darija": "ary", "algerian": "arq", "tunisian": "aeb",
    "libyan": "ayl", "sudanese": "apd", "iraqi": "acm", "najdi": "ars", "hijazi": "acw",
    "yemeni": "ar-YE", "hassaniya": "mey",
}
# labels that mean "several varieties": the bare macrolanguage
MIXED_LABELS = {"mixed", "multiple", "various", "various dialects", "dialects", "all"}
# labels in the generic normaliser (a curator typing a language): unambiguous names only
_GENERIC_VARIETIES = {k: v for k, v in ARABIC_VARIETIES.items()
                      if " " in k or k in ("msa", "levant")}

# Countries of Arabic varieties that CLDR's territory data does not list (or lists only in
# part). Facts from the ISO 639-3 code tables' language names and the Ethnologue / Glottolog
# entries of each variety (https://iso639-3.sil.org, https://glottolog.org, CC BY 4.0).
_EXTRA_DIALECT_COUNTRIES: dict[str, tuple[str, ...]] = {
    "afb": ("KW", "BH", "QA", "AE", "OM", "SA", "IQ"),  # Gulf Arabic
    "acm": ("IQ",),  # Mesopotamian Arabic
    "ayp": ("IQ", "SY"),  # North Mesopotamian Arabic
    "ayl": ("LY",),  # Libyan Arabic
    "acq": ("YE",),  # Ta'izzi-Adeni Arabic
    "ayh": ("YE",),  # Hadrami Arabic
    "ajp": ("JO", "PS"),  # South Levantine Arabic (merged into apc in 2023)
    "acw": ("SA",),  # Hijazi Arabic
    "ars": ("SA",),  # Najdi Arabic
    "abv": ("BH",),  # Baharna Arabic
    "shu": ("TD",),  # Chadian Arabic
    "mey": ("MR",),  # Hassaniya
    "aao": ("DZ",),  # Algerian Saharan Arabic
    "ssh": ("AE", "OM"),  # Shihhi Arabic
}
DIALECT_SHARE_MIN = 10.0  # % of a country's people: below it, CLDR's listing is not a home
_TAGLIKE = re.compile(r"^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$")
_GLOTTOCODE = re.compile(r"^[a-z]{4}\d{4}$")

# Glottolog languoids -> BCP-47 for glottocodes found in catalogues (Glottolog 5,
# https://glottolog.org, CC BY 4.0; each pair as Glottolog lists the languoid's ISO 639-3 code,
# checked against public language tables such as FLORES+'s). A glottocode not listed here is
# refused with a message naming it (we do not guess).
GLOTTOCODES: dict[str, str] = {
    "stan1293": "en", "stan1290": "fr", "stan1288": "es", "stan1295": "de",
    "stan1289": "ca", "ital1282": "it", "port1283": "pt", "dutc1256": "nl",
    "russ1263": "ru", "poli1260": "pl", "nucl1301": "tr", "mode1248": "el",
    "arab1395": "ar", "stan1318": "arb", "egyp1253": "arz", "moro1292": "ary",
    "alge1239": "arq", "tuni1259": "aeb", "nort3139": "apc", "sout3123": "ajp",
    "gulf1241": "afb", "najd1235": "ars", "hija1235": "acw",
    "mand1415": "cmn", "yuec1235": "yue", "kore1280": "ko",
    "hind1269": "hi", "urdu1245": "ur", "beng1280": "bn", "tami1289": "ta",
    "indo1316": "id", "stan1306": "zsm", "viet1252": "vi", "thai1261": "th",
    "basq1248": "eu", "gali1258": "gl", "swah1253": "sw", "yoru1245": "yo",
    "haus1257": "ha", "zulu1248": "zu", "xhos1239": "xh", "kiny1244": "rw",
    "amha1245": "am", "wolo1247": "wo", "ling1263": "ln", "hebr1245": "he",
}


@dataclass(frozen=True)
class LanguageInfo:
    tag: str
    name: str
    language: str  # the language subtag (e.g. "ar" for ar-EG, "arz" for arz)
    territory: str | None


# --- the IANA registry (shipped by language_data) -----------------------------------------

@dataclass(frozen=True)
class _Registry:
    subtags: dict[str, dict[str, dict[str, str]]]  # type -> subtag (lower) -> fields
    private: dict[str, list[tuple[str, str]]]  # type -> private-use ranges (lower)


@lru_cache(maxsize=1)
def _registry() -> _Registry:
    import language_data

    path = Path(language_data.__file__).parent / "data" / "language-subtag-registry.txt"
    subtags: dict[str, dict[str, dict[str, str]]] = {}
    private: dict[str, list[tuple[str, str]]] = {}
    for record in path.read_text(encoding="utf-8").split("\n%%\n")[1:]:
        fields: dict[str, str] = {}
        key = ""
        for line in record.splitlines():
            if line.startswith(" ") and key:
                fields[key] += " " + line.strip()
                continue
            key, _, value = line.partition(": ")
            fields.setdefault(key, value.strip())
        kind, sub = fields.get("Type", ""), fields.get("Subtag") or fields.get("Tag") or ""
        if ".." in sub:
            lo, hi = sub.lower().split("..")
            private.setdefault(kind, []).append((lo, hi))
        elif sub:
            subtags.setdefault(kind, {})[sub.lower()] = fields
    return _Registry(subtags, private)


def _private(kind: str, sub: str) -> bool:
    low = sub.lower()
    if any(lo <= low <= hi and len(low) == len(lo) for lo, hi in _registry().private.get(kind, ())):
        return True
    rec = _registry().subtags.get(kind, {}).get(low)
    return bool(rec and rec.get("Description", "").lower() == "private use")


def _registered(kind: str, sub: str) -> bool:
    return sub.lower() in _registry().subtags.get(kind, {}) and not _private(kind, sub)


def invalid_subtag(tag: str) -> str | None:
    """The first subtag of a (standardised) tag that is not registered, or None when every one
    is. Private-use subtags count as unregistered, except the tags of PRIVATE_TAGS."""
    if tag in PRIVATE_TAGS:
        return None
    parts = tag.split("-")
    if not _registered("language", parts[0]) or parts[0].lower() == "und":
        return parts[0]
    for part in parts[1:]:
        if len(part) == 1:  # an extension or private use: not ours to vouch for
            return part
        if len(part) == 4 and part.isalpha():
            kind = "script"
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            kind = "region"
        elif len(part) == 3 and part.isalpha():
            kind = "extlang"
        else:
            kind = "variant"
        if not _registered(kind, part):
            return part
    return None


def macrolanguage(code: str) -> str | None:
    rec = _registry().subtags.get("language", {}).get(code.lower())
    return rec.get("Macrolanguage") if rec else None


# --- CLDR: regions and where languages are spoken -----------------------------------------

@lru_cache(maxsize=1)
def _cldr() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(region -> the regions/countries it directly contains, language -> countries where it
    is spoken by >= DIALECT_SHARE_MIN % of the people)."""
    import xml.etree.ElementTree as ET

    import language_data

    root = ET.parse(Path(language_data.__file__).parent / "data" / "supplementalData.xml") \
        .getroot()
    contains: dict[str, list[str]] = {}
    for group in root.iter("group"):
        if group.get("status") in ("grouping", "deprecated"):
            continue
        contains.setdefault(group.get("type", ""), []).extend(
            (group.get("contains") or "").split())
    spoken: dict[str, list[str]] = {}
    for terr in root.iter("territory"):
        country = terr.get("type")
        for lp in terr.iter("languagePopulation"):
            if country and float(lp.get("populationPercent") or 0) >= DIALECT_SHARE_MIN:
                spoken.setdefault(lp.get("type", ""), []).append(country)
    return ({k: tuple(v) for k, v in contains.items()},
            {k: tuple(v) for k, v in spoken.items()})


@lru_cache(maxsize=1024)
def region_countries(region: str) -> frozenset[str]:
    """The countries inside a UN M49 region ('015' -> EG, DZ, MA, ...); a country is itself."""
    contains = _cldr()[0]
    region = region.upper()
    if region not in contains:
        return frozenset({region})
    out: set[str] = set()
    for sub in contains[region]:
        out |= region_countries(sub)
    return frozenset(out)


@lru_cache(maxsize=1024)
def region_parts(region: str) -> frozenset[str]:
    """A region, the M49 regions inside it and their countries ('151' -> 151, RU, PL, ...)."""
    inside = region_countries(region)
    return frozenset({region.upper(), *inside,
                      *(r for r in _cldr()[0] if region_countries(r) <= inside)})


@lru_cache(maxsize=4096)
def dialect_countries(code: str) -> tuple[str, ...]:
    """Countries where a language (usually a dialect of a macrolanguage) is at home."""
    if code in _EXTRA_DIALECT_COUNTRIES:
        return tuple(sorted(set(_EXTRA_DIALECT_COUNTRIES[code]) |
                            set(_cldr()[1].get(code, ()))))
    if macrolanguage(code) is None:
        return ()  # a language of its own (fr, en): its CLDR countries are no dialect
    return tuple(sorted(_cldr()[1].get(code, ())))


@lru_cache(maxsize=4096)
def places(tag: str) -> frozenset[str] | None:
    """The countries a tag is about: its region's countries, a dialect's countries, or None
    for a tag with no place (ar, arb, en)."""
    info = language_info(tag)
    if info.territory == "001":  # 'ar-001' is CLDR's Modern Standard Arabic, not a place
        return None
    if info.territory:
        return region_countries(info.territory)
    countries = dialect_countries(info.language)
    return frozenset(countries) if countries else None


def tags_match(query: str, tag: str) -> bool:
    """Whether an entry tagged `tag` is found by a search for `query` (both valid tags)."""
    if query == tag:
        return True
    if base_language(query) != base_language(tag):
        return False
    if query == base_language(query):  # a bare language finds all its varieties
        return True
    if CLASSICAL_ARABIC in (query, tag):
        return False
    q, t = places(query), places(tag)
    return bool(q and t and (q <= t or t <= q))


def matching_tags(query: str, tags: Iterable[str]) -> list[str]:
    """The tags among `tags` (e.g. every tag in the catalog) that a search for `query` finds."""
    return sorted({t for t in tags if tags_match(query, t)})


def region_matches(query: str, region: str) -> bool:
    """A region filter ('015', 'EG') finds the same region and every region or country in it."""
    return region.upper() == query.upper() or region_countries(region) <= region_countries(query)


# --- normalising what people write ---------------------------------------------------------

@lru_cache(maxsize=4096)
def territory_code(text: str) -> str | None:
    """A country or region name or code ('Argentina', 'ar', 'USA', '015') -> its code, or
    None when it is not one."""
    raw = re.sub(r"\s+", " ", (text or "").strip())
    if not raw:
        return None
    aliases = {"usa": "US", "us": "US", "uk": "GB", "uae": "AE", "ksa": "SA",
               "the netherlands": "NL", "palestinian territories": "PS"}
    if raw.lower() in aliases:
        return aliases[raw.lower()]
    if re.fullmatch(r"[A-Za-z]{2}|\d{3}", raw) and _registered("region", raw):
        return raw.upper()
    code = _find_territory(raw)
    # langcodes matches the longest known name at the start of the text ("Niger-Congo" ->
    # Niger): the match is exact only if the text without its last letter finds another one
    if code is None or _find_territory(raw[:-1]) == code:
        return None
    return code if _registered("region", code) else None


def _find_territory(text: str) -> str | None:
    import langcodes

    if not text:
        return None
    try:
        return langcodes.find_name("territory", text, "en").territory
    except LookupError:
        return None


@lru_cache(maxsize=4096)
def normalise_language(text: str) -> str:
    """A BCP-47 tag, a language name (optionally with a region: "Spanish (Argentina)"), or a
    glottocode -> a strictly valid BCP-47 tag. Raises BadInput naming the problem."""
    import langcodes

    raw = re.sub(r"\s+", " ", (text or "").strip())
    if not raw:
        raise BadInput("empty language", field="languages")
    if len(raw) > 100:
        raise BadInput("language longer than 100 characters", field="languages")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in raw):
        # control, format, surrogate or unassigned characters are in no language name, and the
        # name lookup (language_data's trie) fails on some of them
        raise BadInput(f"language {raw!r} contains a control or unassigned character",
                       field="languages")
    key = raw.lower()
    if key in PRIVATE_TAGS:
        return key
    if _GLOTTOCODE.match(key):
        if key in GLOTTOCODES:
            return GLOTTOCODES[key]
        raise BadInput(f"glottocode '{raw}' has no BCP-47 mapping here; write the language "
                       "tag instead (e.g. 'yo')", field="languages")
    if _TAGLIKE.match(raw):
        tag = _standard_tag(raw)
        if tag is not None:
            bad = invalid_subtag(tag)
            if bad is None:
                return tag
            if "-" in raw or "_" in raw or len(raw) <= 3:
                raise BadInput(f"'{raw}' is not a valid language tag: subtag '{bad}' is not in "
                               "the IANA registry (write e.g. 'sw', 'ar-EG', 'zh-Hant')",
                               field="languages")
    if key in _GENERIC_VARIETIES:
        return _GENERIC_VARIETIES[key]
    named = re.fullmatch(r"(.+?)\s*\((.+)\)", raw)
    if named:  # "Spanish (Argentina)": the region is kept
        region = territory_code(named.group(2))
        if region:
            lang = normalise_language(named.group(1))
            return _with_region(lang, region)
    suffixed = re.fullmatch(r"(.*[^\W\d_].*?)[-_]([A-Za-z]{2}|\d{3})", raw)
    if suffixed:  # "Klingonese-XX", "Spanish-AR"
        region = suffixed.group(2)
        if not _registered("region", region):
            raise BadInput(f"'{raw}' is not a valid language: region '{region}' is not in the "
                           "IANA registry", field="languages")
        return _with_region(normalise_language(suffixed.group(1)), region.upper())
    if territory_code(raw) and not _is_language_name(raw):
        raise BadInput(f"'{raw}' is a country or region, not a language; write the language "
                       f"with it (e.g. 'ar-{territory_code(raw)}')", field="languages")
    try:
        found = langcodes.find(raw)
    except LookupError:
        found = None
    if found is not None and found.language:
        tag = found.to_tag()
        if invalid_subtag(tag) is None:
            return tag
    raise BadInput(f"'{raw}' is not a BCP-47 tag or a language name we know "
                   "(write e.g. 'sw', 'ar-EG', 'zh-Hant' or 'Swahili')", field="languages")


def _is_language_name(text: str) -> bool:
    import langcodes

    try:
        found = langcodes.find(text)
    except LookupError:
        return False
    return found.display_name().lower() == text.lower()


def _standard_tag(raw: str) -> str | None:
    """langcodes' standard form, with extended language subtags folded ('ar-arz' -> arz)."""
    import langcodes

    parts = raw.replace("_", "-").split("-")
    if len(parts) >= 2 and len(parts[1]) == 3 and parts[1].isalpha():
        rec = _registry().subtags.get("extlang", {}).get(parts[1].lower())
        if rec and rec.get("Prefix", "").lower() == parts[0].lower():
            parts = parts[1:]
    try:
        tag = langcodes.standardize_tag("-".join(parts))
    except (ValueError, langcodes.LanguageTagError):
        return None
    return tag if tag != "und" else None


def _with_region(tag: str, region: str) -> str:
    import langcodes

    lang = langcodes.Language.get(tag)
    if lang.territory and lang.territory != region:
        raise BadInput(f"'{tag}' already names region {lang.territory}, not {region}",
                       field="languages")
    return _standard_tag(str(lang.update_dict({"territory": region}))) or tag


def dialect_tag(label: str, language: str = "ar") -> str:
    """A dialect label of a catalogue (Masader's "Dialect", a sheet's "Dialect/accent") for a
    language -> a tag: an Arabic variety ('Levant' -> apc, 'Classical Arabic' ->
    ar-x-classic), a country ('Somalia' -> ar-SO, not the Somali language), a region
    ('North Africa' -> ar-015), 'mixed' -> the bare language. Raises BadInput when unknown."""
    key = re.sub(r"\s+", " ", (label or "").strip()).lower()
    base = normalise_language(language)
    if not key or key in MIXED_LABELS:
        return base
    if base_language(base) == "ar" and key in ARABIC_VARIETIES:
        return ARABIC_VARIETIES[key]
    region = territory_code(key)
    if region:
        return _with_region(base, region)
    raise BadInput(f"dialect '{label}' is neither a known variety nor a country or region",
                   field="languages")


@lru_cache(maxsize=4096)
def language_info(tag: str) -> LanguageInfo:
    import langcodes

    if tag in PRIVATE_TAGS:
        return LanguageInfo(tag, PRIVATE_TAGS[tag], tag.split("-")[0], None)
    lang = langcodes.Language.get(tag)
    return LanguageInfo(tag, lang.display_name(), lang.language or tag, lang.territory)


@lru_cache(maxsize=4096)
def base_language(tag: str) -> str:
    """Macrolanguage grouping for facets (IANA registry): arz/arb/apc -> ar, cmn -> zh,
    es-AR -> es, ar-x-classic -> ar."""
    code = tag.split("-")[0].lower()
    return macrolanguage(code) or code
