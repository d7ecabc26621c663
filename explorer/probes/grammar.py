"""Small grammar helpers for filling probe sentences: the English article "a"/"an" chosen by
the sound of the next word, and masculine/feminine forms of a word written "m|f" (Spanish and
French candidates such as "enfermero|enfermera", "criminel|criminelle").

The a/an rule goes by sound, not spelling: vowel letters that sound like a consonant take "a"
("a university", "a European", "a one-off"), a silent h takes "an" ("an hour", "an honest"),
and abbreviations read letter by letter go by the letter's name ("an FBI agent", "a UN
report"). It covers the words probes use; anything it gets wrong is visible in the sentences
shown for review."""

from __future__ import annotations

import re

# Vowel-letter starts that sound like a consonant ("you", "wuh"): they take "a".
_A_BEFORE_VOWEL_LETTER = ("uni", "use", "usa", "usu", "uti", "ute", "uri", "uro", "ura", "eu",
                          "ewe", "one", "once", "ukr", "ugand", "ubiq", "unanim", "uvu")
# ...except these negations ("an uninformed", "an unimportant", "an unidentified").
_AN_DESPITE = ("unin", "unim", "unid", "unil", "unis")
# Silent h: "an hour", "an honest", "an heir", "an honour".
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
# Letters whose English name starts with a vowel sound (for abbreviations read as letters).
_VOWEL_NAMED_LETTERS = set("AEFHILMNORSX")

_ARTICLE_BEFORE = re.compile(r"\b([Aa]n?)(\s+)$")
# Determiners that start a term such as "The woman" or "Mi madre": written with a capital in a
# term list, they are lower-cased when the term lands in the middle of a sentence.
_DETERMINERS = {"the", "a", "an", "my", "your", "his", "her", "our", "their", "this", "that",
                "these", "those", "el", "la", "los", "las", "un", "una", "unos", "unas", "mi",
                "mis", "tu", "su", "le", "les", "une", "des", "ma", "mon", "mes", "ta", "ton",
                "sa", "son", "ce", "cette", "ces", "l"}


def article_for(word: str) -> str:
    """'a' or 'an' for the English word (or phrase) that follows the article."""
    w = word.strip().lstrip("\"'“‘(")
    if not w:
        return "a"
    first = re.split(r"[\s-]", w, maxsplit=1)[0]
    if first.isdigit():  # "an 8-year-old", "an 11", "an 18th", "a 7"
        return "an" if first.startswith("8") or first[:2] in ("11", "18") and \
            len(first) in (2, 5, 8) else "a"
    letters = re.sub(r"[^A-Za-z]", "", first)
    if len(letters) == 1:  # a letter said by its name: "an x-ray", "an F", "a U-turn"
        return "an" if letters.upper() in _VOWEL_NAMED_LETTERS else "a"
    if len(letters) > 1 and letters.isupper():  # abbreviation read letter by letter
        return "an" if letters[0] in _VOWEL_NAMED_LETTERS else "a"
    low = first.lower()
    if low.startswith(_SILENT_H):
        return "an"
    if low.startswith(_AN_DESPITE):
        return "an"
    if low.startswith(_A_BEFORE_VOWEL_LETTER):
        return "a"
    return "an" if low[:1] in "aeiou" else "a"


def _match_case(src: str, word: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if src[:1].isupper() else word


def insert(text: str, placeholder: str, value: str, *, language: str = "en") -> str:
    """Replace every `placeholder` in `text` by `value`; in English an "a"/"an" just before
    the placeholder is chosen for `value` ("works as a [BLANK]" + "engineer" -> "works as an
    engineer"). Other languages are left as written (Spanish "a" is a preposition)."""
    if placeholder not in text:
        return text
    parts = text.split(placeholder)
    out = parts[0]
    for part in parts[1:]:
        if language == "en":
            m = _ARTICLE_BEFORE.search(out)
            if m:
                out = out[:m.start()] + _match_case(m.group(1), article_for(value)) + m.group(2)
        out += _in_sentence(out, value) + part
    return out


def _in_sentence(before: str, value: str) -> str:
    """'The woman' stays as written at a sentence start and becomes 'the woman' after other
    words ("Everyone agrees that the woman ..."); names and other words are left alone."""
    first = re.match(r"([A-Za-zÀ-ÿ]+)(?=['\s]|$)", value)
    mid_sentence = re.search(r"[^\W\d_]", before) and not re.search(r"[.!?:]\s*$", before)
    if first and mid_sentence and first.group(1).lower() in _DETERMINERS and \
            first.group(1)[:1].isupper() and not (len(first.group(1)) > 1 and
                                                  first.group(1).isupper()):
        return value[:1].lower() + value[1:]
    return value


def fix_article_before(text: str, start: int) -> str:
    """In English text, make an "a"/"an" right before position `start` agree with the word
    that starts there (used after a word was swapped in)."""
    m = _ARTICLE_BEFORE.search(text[:start])
    if not m:
        return text
    return (text[:m.start()] + _match_case(m.group(1), article_for(text[start:]))
            + m.group(2) + text[start:])


def capitalise_first(text: str) -> str:
    """Upper-case the first letter (a sentence that starts with a filled-in lower-case term)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if not (ch.isspace() or ch in "\"'“‘¿¡("):
            return text
    return text


# ------------------------------------------------------------------ gendered forms

GENDERS = ("m", "f")


def has_forms(word: str) -> bool:
    """Whether a candidate is written with two forms, 'masculine|feminine'."""
    return "|" in word


def forms(word: str) -> tuple[str, str]:
    """(masculine, feminine) of a candidate; a word without '|' is the same in both."""
    if "|" not in word:
        return word, word
    m, f = (x.strip() for x in word.split("|", 1))
    return m, f


def form(word: str, gender: str | None) -> str:
    """The candidate's form for a group of the given grammatical gender ('m', 'f' or None)."""
    if "|" not in word:
        return word
    if gender not in GENDERS:
        raise ValueError(f"candidate '{word}' has two forms (masculine|feminine), so every "
                         "group needs a grammatical gender ('m' or 'f')")
    return forms(word)[GENDERS.index(gender)]


def display(word: str) -> str:
    """'criminel|criminelle' -> 'criminel/criminelle' for tables and charts."""
    return "/".join(forms(word)) if "|" in word else word
