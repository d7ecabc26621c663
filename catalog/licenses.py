"""Licences as people write them -> an SPDX id/expression (checked with `license-expression`)
or a `LicenseRef-*`, with the licence class used by the Data Provenance Initiative
(commercial / non-commercial / academic-only / unspecified), attribution and share-alike flags,
and `version_unknown` when the text names a licence family without its version ("CC BY",
"GPL", "BSD"): we never invent a version.

Spellings, the Hugging Face Hub's licence ids and the facts of every LicenseRef we know live in
`license_data.json` (sources cited there). Creative Commons, GNU, Apache and BSD names are read
by a small grammar, so "Attribution-NonCommercial-ShareAlike 4.0 International",
"CC-BY-NC-SA 4.0" and "cc by nc sa" all land on the same licence. Text we still cannot read is
kept (as `LicenseRef-<the text>`, class unspecified) with a warning, never dropped.

The classes are ours, written from the licence texts. They are an aid for people, not legal
advice.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

from glasshouse.errors import BadInput

LicenseClass = Literal["commercial", "non-commercial", "academic-only", "unspecified"]
LICENSE_CLASSES: tuple[LicenseClass, ...] = get_args(LicenseClass)  # the one list of classes
# least to most restrictive; "unspecified" ranks above commercial: you cannot assume permission
CLASS_ORDER: tuple[LicenseClass, ...] = ("commercial", "unspecified", "non-commercial",
                                         "academic-only")
_RANK = {c: i for i, c in enumerate(CLASS_ORDER)}
DATA_FILE = Path(__file__).resolve().parent / "license_data.json"
MAX_TEXT = 2000  # longer licence text belongs in a note or a link, not in the id
MAX_NAME = 300  # longest text read as a licence name; longer text is kept as written
UNKNOWN_SPELLINGS = {"", "unknown", "unspecified", "none", "n/a", "na", "?", "not specified",
                     "-", "--", "uknown", "unkown", "unknow", "tbc", "tbd", "not known",
                     "not stated", "unclear", "null", "nan", "license unknown"}

# SPDX ids whose class is not "commercial"
_NON_COMMERCIAL = re.compile(r"(^|-)NC(-|$)|^C-UDA|^Hippocratic", re.I)
_SHARE_ALIKE = re.compile(r"-SA-|^GPL|^AGPL|^LGPL|^MPL|^ODbL|^EPL|^CDLA-Sharing|^EUPL", re.I)
_NO_ATTRIBUTION = re.compile(r"^CC0|^Unlicense|^0BSD|^PDDL|^WTFPL|^CC-PDM|^CC-PDDC", re.I)


@dataclass(frozen=True)
class LicenseFacts:
    spdx: str
    url: str | None
    license_class: LicenseClass
    attribution: bool
    share_alike: bool
    version_unknown: bool = False
    name: str | None = None


@dataclass(frozen=True)
class LicenseReading:
    """How one written licence was read: `spdx` is always set; `recognised` is False when the
    text was kept as it was (class unspecified) and `warning` says so."""

    written: str
    spdx: str
    recognised: bool
    warning: str | None = None
    note: str | None = None  # the wording, when it says more than the id


@lru_cache(maxsize=1)
def _licensing():
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def known_refs() -> dict[str, dict[str, Any]]:
    """LicenseRef id -> {"name", "class", "attribution", "share_alike", "version_unknown",
    "url", "note"}."""
    return _data()["refs"]


def hub_licenses() -> dict[str, str]:
    """Hugging Face Hub licence id -> our SPDX id or LicenseRef."""
    return _data()["hub"]


@lru_cache(maxsize=1)
def _hub_by_id() -> dict[str, str]:
    out: dict[str, str] = {}
    for hub_id, ours in hub_licenses().items():
        out.setdefault(ours.lower(), hub_id)
    return out


def hub_id(spdx: str) -> str | None:
    """The Hub's licence id for one of our ids (None: not on the Hub's list, write `other`)."""
    low = spdx.lower()
    got = _hub_by_id().get(low)
    if got in ("unknown", "other"):
        return None
    return got


def most_restrictive(classes: list[str] | tuple[str, ...]) -> LicenseClass:
    """The most restrictive licence class of several (unspecified when there are none)."""
    if not classes:
        return "unspecified"
    return max(classes, key=lambda c: _RANK[c])  # type: ignore[return-value]


def rank(cls: str) -> int:
    return _RANK[cls]


# --- reading the text ---------------------------------------------------------------------

def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2013", "-")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.strip(" \"'`.,;:!?*[]")


def _variants(key: str) -> list[str]:
    """The key, then what is inside a trailing "(...)" ("Open Database License (ODbL)"), then
    the key without "the", "license", "agreement" or the bracket."""
    out = [key]
    inside = re.search(r"\(([^()]+)\)\s*(v?\d(?:\.\d)?)?$", key)
    if inside:
        out.append(inside[1].strip())
    for pattern in (r"^the\s+", r"\s+(licen[sc]e|agreement)$", r"\s*\(.*?\)$",
                    r"\s+(public\s+)?licen[sc]e(\s+agreement)?$"):
        for k in list(out):
            shorter = re.sub(pattern, "", k).strip(" -,")
            if shorter and shorter not in out:
                out.append(shorter)
    return out


def _canonical_ref(text: str) -> str:
    body = re.sub(r"[^A-Za-z0-9.]+", "-", text[len("LicenseRef-"):]).strip("-")
    if not body:
        raise BadInput("LicenseRef- needs a name after the dash", field="licenses")
    ref = "LicenseRef-" + body
    for known in known_refs():
        if known.lower() == ref.lower():
            return known
    return ref


def _valid_spdx(expr: str) -> bool:
    if not expr or "LicenseRef" in expr or len(expr) > 200:
        return False
    try:
        info = _licensing().validate(expr, strict=True)
    except Exception:  # noqa: BLE001 - license_expression raises on some symbols ('|')
        return False
    return not info.errors and not info.invalid_symbols


def _spdx(expr: str) -> str | None:
    return _licensing().parse(expr).render() if _valid_spdx(expr) else None


_CC_WORDS = {
    "by": "BY", "attribution": "BY", "nc": "NC", "noncommercial": "NC", "sa": "SA",
    "sharealike": "SA", "nd": "ND", "noderivatives": "ND", "noderivs": "ND",
}
_CC_PAIRS = {("non", "commercial"): "NC", ("share", "alike"): "SA", ("no", "derivatives"): "ND",
             ("no", "derivs"): "ND", ("no", "derivative"): "ND"}
_CC_FILLER = {"cc", "creative", "commons", "license", "licence", "international", "unported",
              "generic", "public", "legal", "code", "deed", "version", "v", "ver", "the",
              "ported", "licensed", "under", "a"}
_CC_PORTS = {"igo", "de", "fr", "uk", "nl", "at", "us", "it", "es", "jp", "au", "ch", "pl", "br"}


def _read_cc(key: str) -> str | None:
    """Creative Commons licences in the ways people write them; None when it is not one."""
    if not re.search(r"\bcc\b|\bcc[\s-]?0\b|creative\s*commons|^attribution|^cc-|^cc[a-z]", key):
        return None
    if re.search(r"\bcc[\s-]?(0|zero)\b|commons\s+zero", key):
        return "CC0-1.0"
    words = re.findall(r"[a-z]+|\d+(?:\.\d+)?", key)
    parts: set[str] = set()
    version = port = None
    i = 0
    while i < len(words):
        w = words[i]
        pair = _CC_PAIRS.get((w, words[i + 1])) if i + 1 < len(words) else None
        if pair:
            parts.add(pair)
            i += 2
            continue
        if w in _CC_WORDS:
            parts.add(_CC_WORDS[w])
        elif re.fullmatch(r"\d+(?:\.\d+)?", w):
            version = w if "." in w else f"{w}.0"
        elif w in _CC_PORTS:
            port = w.upper()
        elif w not in _CC_FILLER:
            return None  # a word we do not know: not a licence we can name safely
        i += 1
    if not parts:
        return "LicenseRef-CC"
    if "BY" not in parts or {"SA", "ND"} <= parts:
        return None
    name = "-".join(p for p in ("BY", "NC", "ND", "SA") if p in parts)
    if version is None:
        return f"LicenseRef-CC-{name}"
    for candidate in (f"CC-{name}-{version}-{port}" if port else None, f"CC-{name}-{version}"):
        got = _spdx(candidate) if candidate else None
        if got:
            return got
    return None


_LIST_SEPARATOR = re.compile(r"\s*(?:[,;&]|\band\b|\bor\b)\s*")


def _grammar(key: str) -> str | None:
    """A licence named by the CC / GNU / Apache / BSD grammar. Text that lists two different
    licences ("CC BY-NC 4.0, CC BY-SA 4.0", "BSD 3-Clause or MIT") is not read as one: we never
    merge two licences into a third or drop one of them."""
    parts = [p for p in _LIST_SEPARATOR.split(key) if p]
    if len(parts) > 1:
        spellings, hub = _data()["spellings"], hub_licenses()
        named = {spellings.get(p) or hub.get(p) or _read_cc(p) or _read_named_family(p)
                 or _spdx(p) for p in parts} - {None}
        if len(named) > 1:
            return None
    return _read_cc(key) or _read_named_family(key)


_GNU = re.compile(
    r"^(?:gnu\s+)?(?P<kind>general public|gpl|lesser general public|library general public|lgpl|"
    r"affero general public|agpl|free documentation|fdl|gfdl)(?:\s+licen[sc]e)?"
    r"(?:[\s,-]*(?:version|ver\.?|v)?\s*(?P<ver>\d(?:\.\d)?))?"
    r"(?P<later>\+|\s*(?:-|,)?\s*or\s+(?:any\s+)?later(?:\s+version)?|-or-later)?"
    r"(?:\s*-?only)?$")
_GNU_SPDX = {"general public": "GPL", "gpl": "GPL", "lesser general public": "LGPL",
             "library general public": "LGPL", "lgpl": "LGPL", "affero general public": "AGPL",
             "agpl": "AGPL", "free documentation": "GFDL", "fdl": "GFDL", "gfdl": "GFDL"}


def _read_named_family(key: str) -> str | None:
    """GNU, Apache and BSD licences written by name, with or without a version."""
    k = re.sub(r"\b(gpl|lgpl|agpl|gfdl|fdl)[\s-]?v?(\d)", r"\1 \2", key)
    k = re.sub(r"\bv(\d)", r"\1", k)
    m = _GNU.match(k)
    if m:
        family = _GNU_SPDX[m["kind"]]
        if not m["ver"]:
            return f"LicenseRef-{family}"
        version = m["ver"] if "." in m["ver"] else f"{m['ver']}.0"
        return _spdx(f"{family}-{version}-{'or-later' if m['later'] else 'only'}")
    m = re.match(r"^apache(?:\s+software)?(?:\s+foundation)?(?:\s+licen[sc]e)?"
                 r"(?:[\s,-]*(?:version|ver\.?)?\s*(?P<ver>\d(?:\.\d)?))?$", k)
    if m:
        if not m["ver"]:
            return "LicenseRef-Apache"
        return _spdx(f"Apache-{m['ver'] if '.' in m['ver'] else m['ver'] + '.0'}")
    if re.search(r"\bbsd\b", k):
        clauses = re.search(r"([0234])[\s-]*clause", k)
        if clauses:
            return _spdx(f"{clauses[1]}BSD" if clauses[1] == "0" else f"BSD-{clauses[1]}-Clause")
        if re.search(r"\b(new|modified|revised)\b", k):
            return "BSD-3-Clause"
        if re.search(r"\b(simplified|freebsd)\b", k):
            return "BSD-2-Clause"
        if re.fullmatch(r"(the\s+)?bsd(\s+licen[sc]e)?(\s+\(bsd\))?", k):
            return "LicenseRef-BSD"
    return None


# phrases people write instead of a licence name, as patterns over the whole text
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), ref) for p, ref in (
    (r"^(?:for\s+)?(?:non-?\s?commercial\s+)?(?:academic|research|educational)"
     r"(?:\s+(?:and|or|&)\s+(?:academic|research|educational|education))?"
     r"(?:\s+(?:use|usage|purposes?|research))*(?:\s+only)?$", "LicenseRef-Research-Only"),
    (r"^(?:for\s+)?(?:non-?\s?comm?ercial|not\s+for\s+commercial)"
     r"(?:\s+(?:use|usage|purposes?))*(?:\s+only)?$", "LicenseRef-Non-Commercial"),
    (r"\ball\s+rights\s+reserved\b", "LicenseRef-All-Rights-Reserved"),
    (r"^(?:not|un)[\s-]?licen[sc]ed$|^no\s+licen[sc]e(?:\s+\w+)?$", "LicenseRef-No-License"),
    (r"^(?:(?:terms|conditions)\s+of\s+(?:use|service)\s+(?:of|from)\s+)?openai(?:'s)?"
     r"(?:\s+(?:api|business))?(?:\s+(?:terms|policies|policy|tos|usage|of|use|service))*$",
     "LicenseRef-OpenAI-Terms"),
))


# custom terms whose exact wording matters: the written text is kept in the note when it
# says more than the plain spelling
_WORDING_MATTERS = {"LicenseRef-Custom", "LicenseRef-Research-Only", "LicenseRef-Non-Commercial",
                    "LicenseRef-All-Rights-Reserved", "LicenseRef-No-License",
                    "LicenseRef-OpenAI-Terms", "LicenseRef-Public-Domain"}


def _read_known(raw: str) -> tuple[str | None, bool]:
    """(id or None, whether the text was read whole: False when a bracket or a phrase pattern
    was needed, so that the wording should be kept beside the id)."""
    key = _key(raw)
    if key in UNKNOWN_SPELLINGS:
        return "LicenseRef-Unknown", True
    if len(key) > MAX_NAME:  # a paragraph, not a name: kept as written (bounded regex time)
        return None, True
    if re.search(r"\s(AND|OR|WITH)\s", raw):  # an SPDX expression: before any name grammar
        got = _spdx(raw.strip())
        if got:
            return got, True
    spellings, hub = _data()["spellings"], hub_licenses()
    variants = _variants(key)
    inside = variants[1] if len(variants) > 1 and key.endswith(")") and "(" in key else None

    def whole(k: str) -> bool:  # nothing in brackets was left unread
        return k == key or "(" not in key

    for k in variants:
        got = spellings.get(k) or hub.get(k)
        if got and not (k == inside and got in _WORDING_MATTERS):  # "(see website)"
            return got, whole(k)
    for k in variants:
        got = _grammar(k)
        if got:
            return got, whole(k)
    for k in _variants(key):
        for pattern, ref in _PHRASES:
            if pattern.search(k):
                return ref, False
    cleaned = re.sub(r"\s+licen[sc]e$", "", raw.strip(), flags=re.I).strip()
    for candidate in (raw.strip(), cleaned, cleaned.replace(" ", "-")):
        got = _spdx(candidate)
        if got:
            return got, True
    return None, True


@lru_cache(maxsize=8192)
def read_license(text: str | None) -> LicenseReading:
    """One licence as written -> how we read it (never drops the text). BadInput only for an
    empty `LicenseRef-`, text without a letter or digit, or text too long to be a name."""
    raw = unicodedata.normalize("NFC", text or "").strip()
    if len(raw) > MAX_TEXT:
        raise BadInput(f"is {len(raw)} characters long; a licence name or id has at most "
                       f"{MAX_TEXT} (put the licence text behind a link)", field="licenses")
    if raw.lower().startswith("licenseref-"):
        return LicenseReading(raw, _canonical_ref(raw), True)
    got, whole = _read_known(raw)
    if got is None and ":" in raw:  # "cc-by-nc-2.0: Creative Commons Attribution ..."
        head, _, tail = raw.partition(":")
        got, whole = _read_known(head)
        if got is None:
            got, whole = _read_known(tail)
        if got == "LicenseRef-Unknown":
            got = None
    if got is not None:
        note = None if whole else f"as written: '{raw[:500]}'"
        return LicenseReading(raw, got, True, note=note)
    if not any(ch.isalnum() for ch in raw):
        raise BadInput(f"'{raw}' is not an SPDX licence id or a licence name (it has no letters "
                       "or digits); write e.g. CC-BY-4.0, \"research only\" or LicenseRef-<name>",
                       field="licenses")
    from anyascii import anyascii

    body = re.sub(r"[^A-Za-z0-9.]+", "-", anyascii(raw)).strip("-.")[:80].strip("-.")
    spdx = _canonical_ref("LicenseRef-" + (body or "Unrecognised"))
    warning = (f"licence not recognised, kept as written ('{raw[:300]}') with class "
               "unspecified: check it and set the licence")
    return LicenseReading(raw, spdx, False, warning)


def normalise_license(text: str | None) -> str:
    """One licence as written by people -> an SPDX expression or a `LicenseRef-*`.
    Unknown/empty -> "LicenseRef-Unknown"; text we cannot read -> `LicenseRef-<text>` (see
    `read_license` for the warning)."""
    return read_license(text).spdx


@lru_cache(maxsize=8192)
def license_facts(spdx: str) -> LicenseFacts:
    """Class, attribution, share-alike and version_unknown for a normalised licence (an
    expression with OR takes the least restrictive choice, AND the most restrictive)."""
    ref = known_refs().get(spdx)
    if ref is not None:
        return LicenseFacts(spdx, ref["url"], ref["class"], ref["attribution"],
                            ref["share_alike"], ref["version_unknown"], ref["name"])
    if spdx.startswith("LicenseRef-"):
        return LicenseFacts(spdx, None, "unspecified", False, False)
    keys = list(_licensing().license_keys(_licensing().parse(spdx)))
    classes = [_class_of_key(k) for k in keys]
    cls = (min(classes, key=rank) if " OR " in spdx else most_restrictive(classes))
    url = f"https://spdx.org/licenses/{keys[0]}.html" if len(keys) == 1 else None
    return LicenseFacts(
        spdx, url, cls,
        attribution=not all(_NO_ATTRIBUTION.search(k) for k in keys),
        share_alike=any(_SHARE_ALIKE.search(k) for k in keys))


def _class_of_key(key: str) -> LicenseClass:
    return "non-commercial" if _NON_COMMERCIAL.search(key) else "commercial"
