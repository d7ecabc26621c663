"""Language normalisation: BCP-47 tags or typed names -> standard tags, with `langcodes`.

"Egyptian Arabic" -> arz, "Swahili" -> sw, "es_AR" -> es-AR, "zh-TW" stays zh-TW, and Masader's
dialect labels (country or region names) map to ar-<REGION> or to the ISO 639-3 dialect code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from glasshouse.errors import BadInput

# Masader-style Arabic dialect labels -> tag (country names -> ar-<ISO 3166>; regions -> 639-3)
ARABIC_DIALECTS: dict[str, str] = {
    "modern standard arabic": "arb", "msa": "arb", "classical arabic": "ar",
    "mixed": "ar", "levant": "apc", "levantine": "apc", "gulf": "afb", "maghreb": "ar-DZ",
    "egypt": "ar-EG", "saudi arabia": "ar-SA", "algeria": "ar-DZ", "morocco": "ar-MA",
    "jordan": "ar-JO", "lebanon": "ar-LB", "syria": "ar-SY", "palestine": "ar-PS",
    "tunisia": "ar-TN", "iraq": "ar-IQ", "kuwait": "ar-KW", "libya": "ar-LY", "sudan": "ar-SD",
    "yemen": "ar-YE", "oman": "ar-OM", "qatar": "ar-QA", "bahrain": "ar-BH",
    "united arab emirates": "ar-AE", "uae": "ar-AE", "mauritania": "ar-MR",
}
_TAGLIKE = re.compile(r"^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class LanguageInfo:
    tag: str
    name: str
    language: str  # the base language subtag (e.g. "ar" for ar-EG)
    territory: str | None


@lru_cache(maxsize=4096)
def normalise_language(text: str) -> str:
    """A BCP-47 tag or a language name -> a standard, valid BCP-47 tag. Raises BadInput."""
    import langcodes

    raw = (text or "").strip()
    if not raw:
        raise BadInput("empty language", field="languages")
    if _TAGLIKE.match(raw):
        try:
            tag = langcodes.standardize_tag(raw.replace("_", "-"))
        except (ValueError, langcodes.LanguageTagError):
            tag = None
        if tag and langcodes.tag_is_valid(tag) and tag != "und":
            return tag
    key = raw.lower()
    if key in ARABIC_DIALECTS:
        return ARABIC_DIALECTS[key]
    try:
        found = langcodes.find(raw)
    except LookupError:
        found = None
    if found is not None and found.language:
        return found.to_tag()
    raise BadInput(f"'{raw}' is not a BCP-47 tag or a language name we know "
                   "(write e.g. 'sw', 'ar-EG', 'zh-Hant' or 'Swahili')", field="languages")


@lru_cache(maxsize=4096)
def language_info(tag: str) -> LanguageInfo:
    import langcodes

    lang = langcodes.Language.get(tag)
    return LanguageInfo(tag, lang.display_name(), lang.language or tag, lang.territory)


@lru_cache(maxsize=4096)
def base_language(tag: str) -> str:
    """Macro-language grouping for facets: arz/arb/apc -> ar, cmn -> zh, es-AR -> es."""
    import langcodes

    lang = langcodes.Language.get(tag)
    base = lang.language or tag
    macro = _MACRO.get(base)
    return macro or base


# individual languages folded into their macrolanguage for the "language family" style facet
_MACRO = {"arb": "ar", "arz": "ar", "apc": "ar", "afb": "ar", "ary": "ar", "acm": "ar",
          "ajp": "ar", "aeb": "ar", "arq": "ar", "ars": "ar", "cmn": "zh", "yue": "zh",
          "swh": "sw", "pes": "fa", "zsm": "ms"}
