"""Function words ("stop words") of about 75 languages, from the lists spaCy ships with its
language data (spacy/lang/<code>/stop_words.py, MIT licence), read as data without importing
spaCy itself (that import costs seconds), plus the placeholders that social-media and web text
carry (user, http, rt...).

`stop_words_for_text` guesses which language's function words a text uses from the words
themselves, so a German text loses "die" and "das" while an English text keeps "die".
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# tokens that stand for something removed or are markup, in any language
PLACEHOLDERS = frozenset({
    "user", "users", "http", "https", "www", "com", "org", "net", "html", "url", "rt", "amp",
    "gt", "lt", "quot", "nbsp", "via", "cc", "mention", "hashtag", "email", "link", "emoji",
})


@lru_cache(maxsize=1)
def all_stop_words() -> dict[str, frozenset[str]]:
    """language code -> its function words (lower case). Empty if spaCy is not installed."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return {}
    root = Path(next(iter(spec.submodule_search_locations))) / "lang"
    out: dict[str, frozenset[str]] = {}
    for path in sorted(root.glob("*/stop_words.py")):
        namespace: dict[str, object] = {}
        try:  # the installed package's own data files: plain assignments of word sets
            exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
        except Exception:  # noqa: BLE001 - a list that does not load is skipped
            continue
        words = namespace.get("STOP_WORDS")
        if isinstance(words, (set, frozenset)) and words:
            out[path.parent.name] = frozenset(str(w).lower() for w in words)
    return out


@lru_cache(maxsize=1)
def _languages_of_word() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for lang, words in all_stop_words().items():
        for w in words:
            index.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


def stop_words(language: str) -> frozenset[str]:
    """Function words of one language (BCP-47 tag or ISO code: 'de', 'pt-BR'), empty if
    unknown, plus the placeholders."""
    base = language.split("-")[0].lower()
    return all_stop_words().get(base, frozenset()) | PLACEHOLDERS


def guess_languages(tokens: Iterable[str], *, min_share: float = 0.6) -> list[str]:
    """The languages whose function words these tokens use most: for each language the number
    of its distinct function words present; those reaching `min_share` of the best count. A
    cheap guess that needs no model; give it a whole group of texts when texts are short."""
    index = _languages_of_word()
    counts: Counter[str] = Counter()
    for t in set(tokens):
        for lang in index.get(t, ()):
            counts[lang] += 1
    if not counts:
        return []
    best = counts.most_common(1)[0][1]
    return [lang for lang, c in counts.items() if c >= max(1, min_share * best)]


def stop_words_for_text(tokens: list[str]) -> frozenset[str]:
    """The function words to drop from one text: those of the languages it appears to be in,
    plus the placeholders."""
    out = set(PLACEHOLDERS)
    for lang in guess_languages(tokens):
        out |= all_stop_words()[lang]
    return frozenset(out)
