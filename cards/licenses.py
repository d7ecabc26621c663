"""Licence identifiers a card may carry, and the broad class each one falls in.

Two sources of truth, both public facts (not code):
- the licence identifiers that the Hugging Face Hub accepts in card metadata
  (https://huggingface.co/docs/hub/repositories-licenses, as listed in November 2026; checked on
  2026-11-23 against the table in huggingface/hub-docs docs/hub/repositories-licenses.md: every id
  there is here, plus newer ids such as llama4 and grok2-community);
- the SPDX licence list, through the `license-expression` package's bundled SPDX index.

Classes are ours and deliberately coarse: what a person re-using the model or data must watch.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

# What re-using a model or data under a licence involves. Named "kind" on purpose: the
# catalog's `catalog.licenses.LicenseClass` (commercial / non-commercial / academic-only /
# unspecified, the Data Provenance Initiative's classes) is a different scale;
# CATALOG_CLASSES maps it onto this one.
LicenseKind = Literal["permissive", "copyleft", "non-commercial", "restricted", "unknown"]

# Hub licence id -> class. Ids as the Hub spells them (lower case).
HUB_LICENSES: dict[str, LicenseKind] = {
    **dict.fromkeys((
        "apache-2.0", "mit", "afl-3.0", "artistic-2.0", "bsl-1.0", "bsd", "bsd-2-clause",
        "bsd-3-clause", "bsd-3-clause-clear", "cc", "cc0-1.0", "cc-by-2.0", "cc-by-2.5",
        "cc-by-3.0", "cc-by-4.0", "cdla-permissive-1.0", "cdla-permissive-2.0", "wtfpl",
        "ecl-2.0", "etalab-2.0", "isc", "ms-pl", "ncsa", "unlicense", "zlib", "pddl",
        "odc-by", "postgresql", "ofl-1.1", "lppl-1.3c", "openmdw-1.0", "apple-ascl"),
        "permissive"),
    **dict.fromkeys((
        "cc-by-sa-3.0", "cc-by-sa-4.0", "cdla-sharing-1.0", "epl-1.0", "epl-2.0", "eupl-1.1",
        "eupl-1.2", "agpl-3.0", "gfdl", "gpl", "gpl-2.0", "gpl-3.0", "lgpl", "lgpl-2.1",
        "lgpl-3.0", "lgpl-lr", "mpl-2.0", "odbl", "osl-3.0"), "copyleft"),
    **dict.fromkeys((
        "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0",
        "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0", "fair-noncommercial-research-license",
        "h-research", "intel-research", "deepfloyd-if-license", "apple-amlr"), "non-commercial"),
    **dict.fromkeys((
        "openrail", "openrail++", "bigscience-openrail-m", "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "cc-by-nd-4.0", "c-uda", "llama2",
        "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma", "grok2-community"),
        "restricted"),
    **dict.fromkeys(("unknown", "other"), "unknown"),
}

# The catalog's classes (catalog area's contract) mapped onto ours.
CATALOG_CLASSES: dict[str, LicenseKind] = {
    "commercial": "permissive", "non-commercial": "non-commercial",
    "academic-only": "non-commercial", "unspecified": "unknown",
}

PLAIN: dict[LicenseKind, str] = {
    "permissive": "permissive: anyone may use it, also commercially, with attribution",
    "copyleft": "share-alike: derived works must carry the same licence",
    "non-commercial": "non-commercial or research only",
    "restricted": "use restrictions (responsible-AI or vendor licence)",
    "unknown": "unknown or custom licence: check before use",
}


@lru_cache(maxsize=1)
def _spdx():
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def is_hub_license(license_id: str) -> bool:
    return license_id in HUB_LICENSES


def is_spdx(license_id: str) -> bool:
    """True for a valid SPDX expression (e.g. 'Apache-2.0', 'MIT OR GPL-2.0-only')."""
    try:
        return not _spdx().validate(license_id).errors
    except Exception:  # noqa: BLE001 - the parser raises on garbage
        return False


def hub_id_for(license_id: str) -> str | None:
    """The Hub's spelling of an SPDX or Hub licence id, if the Hub knows it."""
    low = (license_id or "").strip().lower()
    if low in HUB_LICENSES:
        return low
    for suffix in ("-only", "-or-later"):
        if low.endswith(suffix) and low[: -len(suffix)] in HUB_LICENSES:
            return low[: -len(suffix)]
    return None


def license_kind(license_id: str | None) -> LicenseKind:
    """Coarse class of a Hub or SPDX licence id; 'unknown' when we cannot tell."""
    if not license_id:
        return "unknown"
    hub = hub_id_for(license_id)
    if hub:
        return HUB_LICENSES[hub]
    low = license_id.lower()
    if low.startswith("licenseref-"):
        return "unknown"
    if "-nc" in low or "noncommercial" in low or "non-commercial" in low:
        return "non-commercial"
    if low.startswith("cc-by-sa") or "gpl" in low:
        return "copyleft"
    return "unknown"


def conflict(model_license: str | None, data_class: LicenseKind) -> str | None:
    """Why a model licence does not fit data of the given class (None when it fits)."""
    model_class = license_kind(model_license)
    if data_class == "non-commercial" and model_class in ("permissive", "copyleft"):
        return (f"the model licence '{model_license}' allows commercial use, but some training "
                "data is licensed for non-commercial or research use only")
    if data_class == "copyleft" and model_class == "permissive":
        return (f"the model licence '{model_license}' is permissive, but some training data is "
                "share-alike: check whether the model counts as a derived work")
    if data_class == "unknown":
        return "the licence of some training data is unknown: its terms may not allow this use"
    return None
