"""Licence normalisation: free-text licence names -> SPDX ids (or `LicenseRef-*`) checked with
`license-expression`, and the licence class used by the Data Provenance Initiative
(commercial / non-commercial / academic-only / unspecified).

The class table is ours, written from the licence texts (SPDX list, Creative Commons deeds,
LDC and ELRA user agreements). It is an aid for people, not legal advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from glasshouse.errors import BadInput

LicenseClass = Literal["commercial", "non-commercial", "academic-only", "unspecified"]
# least to most restrictive; "unspecified" ranks above commercial: you cannot assume permission
CLASS_ORDER: tuple[LicenseClass, ...] = ("commercial", "unspecified", "non-commercial",
                                         "academic-only")
_RANK = {c: i for i, c in enumerate(CLASS_ORDER)}

# free-text spellings seen in catalogues -> SPDX id or LicenseRef (lower-cased, spaces squeezed)
ALIASES: dict[str, str] = {
    "cc0": "CC0-1.0", "cc0 1.0": "CC0-1.0", "public domain": "CC0-1.0", "cc-0": "CC0-1.0",
    "mit license": "MIT", "the mit license": "MIT", "apache": "Apache-2.0",
    "apache license 2.0": "Apache-2.0", "apache 2.0": "Apache-2.0",
    "odc-by": "ODC-By-1.0", "odc by": "ODC-By-1.0", "odbl": "ODbL-1.0",
    "gpl": "GPL-3.0-only", "gpl-3.0": "GPL-3.0-only", "gpl-2.0": "GPL-2.0-only",
    "lgpl-lr": "LGPLLR",
    "ldc user agreement": "LicenseRef-LDC-User-Agreement",
    "ldc": "LicenseRef-LDC-User-Agreement",
    "non commercial use - elra end user": "LicenseRef-ELRA-End-User-NC",
    "elra end user": "LicenseRef-ELRA-End-User", "elra": "LicenseRef-ELRA-End-User",
    "custom": "LicenseRef-Custom", "other": "LicenseRef-Custom",
    "research only": "LicenseRef-Research-Only", "academic use only": "LicenseRef-Research-Only",
    "cc by-nc 4.0": "CC-BY-NC-4.0",
}
UNKNOWN_SPELLINGS = {"", "unknown", "unspecified", "none", "n/a", "na", "?", "not specified"}

_CC = re.compile(r"^cc[\s-]*(by(?:[\s-]*(?:nc|sa|nd))*)[\s-]*(\d\.\d)?$", re.I)

# LicenseRefs we know: class, attribution, share-alike, url
KNOWN_REFS: dict[str, tuple[LicenseClass, bool, bool, str | None]] = {
    "LicenseRef-LDC-User-Agreement": (
        "academic-only", True, False,
        "https://catalog.ldc.upenn.edu/license/ldc-non-members-agreement.pdf"),
    "LicenseRef-ELRA-End-User-NC": ("non-commercial", True, False, "https://www.elra.info/"),
    "LicenseRef-ELRA-End-User": ("unspecified", True, False, "https://www.elra.info/"),
    "LicenseRef-Research-Only": ("academic-only", True, False, None),
    "LicenseRef-Custom": ("unspecified", False, False, None),
    "LicenseRef-Unknown": ("unspecified", False, False, None),
}
# SPDX ids whose class is not "commercial"
_NON_COMMERCIAL = re.compile(r"(^|-)NC(-|$)|^C-UDA|^Hippocratic", re.I)
_SHARE_ALIKE = re.compile(r"-SA-|^GPL|^AGPL|^LGPL|^MPL|^ODbL|^EPL|^CDLA-Sharing|^EUPL", re.I)
_NO_ATTRIBUTION = re.compile(r"^CC0|^Unlicense|^0BSD|^PDDL|^WTFPL", re.I)


@dataclass(frozen=True)
class LicenseFacts:
    spdx: str
    url: str | None
    license_class: LicenseClass
    attribution: bool
    share_alike: bool


@lru_cache(maxsize=1)
def _licensing():
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def most_restrictive(classes: list[str] | tuple[str, ...]) -> LicenseClass:
    """The most restrictive licence class of several (unspecified when there are none)."""
    if not classes:
        return "unspecified"
    return max(classes, key=lambda c: _RANK[c])  # type: ignore[return-value]


def rank(cls: str) -> int:
    return _RANK[cls]


def _canonical_ref(text: str) -> str:
    body = re.sub(r"[^A-Za-z0-9.]+", "-", text[len("LicenseRef-"):]).strip("-")
    if not body:
        raise BadInput("LicenseRef- needs a name after the dash", field="licenses")
    return "LicenseRef-" + body


@lru_cache(maxsize=8192)
def normalise_license(text: str | None) -> str:
    """One licence as written by people -> an SPDX expression or a `LicenseRef-*`.
    Unknown/empty -> "LicenseRef-Unknown". Raises BadInput for text we cannot map."""
    raw = (text or "").strip()
    key = re.sub(r"\s+", " ", raw).lower()
    if key in UNKNOWN_SPELLINGS:
        return "LicenseRef-Unknown"
    if raw.lower().startswith("licenseref-"):
        ref = _canonical_ref(raw)
        for known in KNOWN_REFS:
            if known.lower() == ref.lower():
                return known
        return ref
    if key in ALIASES:
        return ALIASES[key]
    m = _CC.match(key)
    if m:
        parts = re.findall(r"nc|sa|nd|by", m.group(1).lower())
        version = m.group(2) or "4.0"
        candidate = "CC-" + "-".join(p.upper() for p in parts) + "-" + version
        if _valid_spdx(candidate):
            return _licensing().parse(candidate).render()
    cleaned = re.sub(r"\s+license$", "", raw, flags=re.I).strip().replace(" ", "-")
    for candidate in (raw, cleaned):
        if _valid_spdx(candidate):
            return _licensing().parse(candidate).render()
    raise BadInput(f"'{raw}' is not an SPDX licence id, a known licence name or a LicenseRef-*; "
                   "write e.g. CC-BY-4.0, MIT, or LicenseRef-<name> for a custom licence",
                   field="licenses")


def _valid_spdx(expr: str) -> bool:
    if not expr or "LicenseRef" in expr:
        return False
    try:
        info = _licensing().validate(expr, strict=True)
    except Exception:  # noqa: BLE001 - license_expression raises on some symbols ('|')
        return False
    return not info.errors and not info.invalid_symbols


@lru_cache(maxsize=8192)
def license_facts(spdx: str) -> LicenseFacts:
    """Class, attribution and share-alike for a normalised licence (an expression with OR takes
    the least restrictive choice, AND the most restrictive)."""
    if spdx in KNOWN_REFS:
        cls, attribution, share_alike, url = KNOWN_REFS[spdx]
        return LicenseFacts(spdx, url, cls, attribution, share_alike)
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
