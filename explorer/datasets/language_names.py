"""English names of the languages lingua detects, for labels built at start-up (the Datasets tab's
"Languages that may appear" list).

The names are CLDR's English names as langcodes 3.5.1 gives them (`Language.get(tag).display_name()`,
CLDR data via the language_data package, Unicode licence); loading them through langcodes at
start-up read language_data's table of names in every language (about a tenth of a second before
the first page). tests/explorer/datasets/test_language_names.py checks that this table equals
langcodes' answer for every language lingua knows, so a new lingua or CLDR release cannot leave it
stale. Tags not in the table are named by langcodes when asked.
"""

from __future__ import annotations

ENGLISH_NAMES: dict[str, str] = {
    "af": "Afrikaans", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian",
    "bn": "Bangla", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh", "ko": "Korean",
    "la": "Latin", "lg": "Ganda", "lt": "Lithuanian", "lv": "Latvian", "mi": "Māori",
    "mk": "Macedonian", "mn": "Mongolian", "mr": "Marathi", "ms": "Malay",
    "nb": "Norwegian Bokmål", "nl": "Dutch", "nn": "Norwegian Nynorsk", "pa": "Punjabi",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "st": "Southern Sotho", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "th": "Thai", "tl": "Filipino", "tn": "Tswana", "tr": "Turkish", "ts": "Tsonga",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "xh": "Xhosa", "yo": "Yoruba",
    "zh": "Chinese", "zu": "Zulu",
}


def english_name(tag: str) -> str:
    """CLDR's English name of a language tag ("de" -> "German")."""
    name = ENGLISH_NAMES.get(tag)
    if name is None:
        import langcodes

        name = langcodes.Language.get(tag).display_name()
    return name
