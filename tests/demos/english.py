"""Finding English left on a page shown in another language: the words of the English texts of
the demo catalogue that no Spanish text uses (so "demo", shared by both, is not counted), plus
the words of the browser widgets' own controls."""

from __future__ import annotations

import re

from demos import strings

WIDGET_WORDS = frozenset({"copy", "copied", "fullscreen", "sort", "search", "clear", "loading",
                          "settings", "download", "upload", "submit", "nothing", "yet"})


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ']{2,}", text)}


ENGLISH_ONLY = frozenset(
    set().union(*(words(v["en"]) for v in strings.MESSAGES.values()))
    - set().union(*(words(v["es"]) for v in strings.MESSAGES.values())))


def english_left(texts: list[str], *, widgets: bool = False) -> list[tuple[str, list[str]]]:
    """(text, its English words) for each text with English in it, except the language
    picker's choices: each language is named in itself ("English", "Español") so that a
    reader finds their own. `widgets`: also the words of Gradio's own controls."""
    own_names = set(strings.LANGUAGES.values())
    english = ENGLISH_ONLY | WIDGET_WORDS if widgets else ENGLISH_ONLY
    return [(s, sorted(words(s) & english)) for s in texts
            if s not in own_names and words(s) & english]
