"""Which tokens of a text count as words for word statistics, per language.

- Placeholders that anonymised or scraped corpora put in texts (`@user`, `<URL>`, `http`,
  `RT`, `&amp;`) and URLs / @handles themselves are removed before tokenising.
- Contractions and possessives are reduced to their core word, per language: English
  `he's`, `she'd`, `woman's` -> `he`, `she`, `woman`; French and Italian elisions `l'homme`,
  `qu'elle`, `dell'uomo` -> `homme`, `elle`, `uomo`. Identity terms are matched on the core
  word, so `he's` counts for the group of `he` instead of showing up as a word of its own.
- Stop words (function words) come from spaCy's per-language lists (`spacy.lang.XX.stop_words`,
  loaded lazily), merged with Glasshouse's short list; a row is filtered with the stop words of
  its own detected language and of the language of the identity lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

TOKEN_RE = re.compile(r"\w+(?:['’-]\w+)*", re.UNICODE)

# Small stop-word lists (written by us) so "top terms" are not just function words; spaCy's
# per-language lists are added by stop_words().
STOPWORDS = frozenset("""
a an the and or but if of to in on at for with from by as is are was were be been it its this that
these those i you he she we they me him her us them my your his our their not no so do does did
have has had will would can could just than then there here what which who how all any more
el la los las un una unos unas y o pero de del en con por para que es son fue ser al lo se su sus
no mi tu le les como más muy ya ha he
le la les un une des et ou mais de du en dans sur pour par avec que qui est sont été être au aux
ce cette ces il elle ils elles je tu nous vous ne pas son sa ses leur mon ma mes plus très a d l
der die das ein eine und oder aber von zu im in mit für auf ist sind war den dem des nicht ich du
er sie es wir ihr auch sich
""".split())


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text.lower())

# Linear-time patterns (no nested quantifiers): safe on hostile text.
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# possessive quantifiers and a start boundary: no backtracking, linear on hostile text
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}+@[\w-]{1,63}+(?:\.[\w-]{1,63}+){1,8}+")
_HANDLE = re.compile(r"@\w+")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,6});", re.IGNORECASE)
_BRACKETED = re.compile(r"<(?:url|user|email|number|person|phone|link|mention|hashtag|"
                        r"[A-Z_]{3,30})>", re.IGNORECASE)

# Tokens that anonymisation or scraping leave behind, not words of any language.
PLACEHOLDERS = frozenset("""
user users url urls http https www com html htm rt amp lt gt quot nbsp email link
mention hashtag number person phone
""".split())

# Per language: suffix clitics (English contractions and possessives) and elided prefixes.
_SUFFIX = {
    "en": re.compile(r"^(\w+?)['’](?:s|re|ve|ll|d|m)$"),
    "de": re.compile(r"^(\w+?)['’]s$"),  # colloquial "er's", "Anna's"
    "nl": re.compile(r"^(\w+?)['’]s$"),
}
_PREFIX = {
    "fr": re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’](\w.*)$"),
    "it": re.compile(r"^(?:l|d|un|dell|dall|nell|sull|all|coll|quell|quest|c|m|t|s|v)"
                     r"['’](\w.*)$"),
    "ca": re.compile(r"^(?:l|d|m|n|s|t)['’](\w.*)$"),
}
_NEGATION = re.compile(r"^\w+n['’]t$")  # English don't, can't, isn't: function words


def clean_text(text: str) -> str:
    """The text without URLs, e-mail addresses, @handles, HTML entities and <PLACEHOLDER>
    tags (every pattern runs in linear time on hostile text)."""
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _ENTITY.sub(" ", text)
    return _BRACKETED.sub(" ", text)


def core(token: str, languages: Iterable[str] | None = None) -> str:
    """The token without its contraction / possessive / elision, by the rules of the given
    languages (all known rules when none is given)."""
    if "'" not in token and "’" not in token:  # nothing to reduce (most tokens)
        return token
    langs = tuple(languages) if languages is not None else tuple({*_SUFFIX, *_PREFIX})
    for lang in langs:
        pat = _PREFIX.get(lang)
        if pat is not None:
            m = pat.match(token)
            if m:
                token = m.group(1)
                break
    for lang in langs:
        pat = _SUFFIX.get(lang)
        if pat is not None:
            m = pat.match(token)
            if m:
                return m.group(1)
    return token


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words for the language (empty when spaCy has no list), plus ours."""
    import importlib

    words: frozenset[str] = frozenset()
    if re.fullmatch(r"[a-z]{2,3}", language or ""):
        try:
            mod = importlib.import_module(f"spacy.lang.{language}.stop_words")
            words = frozenset(w.lower() for w in mod.STOP_WORDS)
        except (ImportError, AttributeError):
            pass
    return words | STOPWORDS


def is_word(token: str, stop: frozenset[str]) -> bool:
    """Whether a (core) token counts as a content word."""
    if len(token) < 2 or token in stop or token in PLACEHOLDERS:
        return False
    if token.isalpha():  # fast path: letters only (any script)
        return True
    if any(ch.isdigit() for ch in token) or "_" in token:
        return False
    return not _NEGATION.match(token)


def words(text: str, languages: Iterable[str] | None = None) -> list[str]:
    """Core tokens of a text (placeholders removed, contractions reduced), in order; stop
    words are NOT removed here (identity terms such as 'she' are stop words)."""
    return [core(t, languages) for t in tokenize(clean_text(text))]
