"""Entry ids: readable, stable, and different for different names.

An id is the name transliterated to ASCII with `anyascii` (any script), lower-cased, words
joined by single dashes. When that loses information -- anything beyond ASCII letters, digits
and the separators space, dash and underscore (accents, other scripts, `+`, `.`, `(`...), or a
name longer than the readable part -- a short hash of the name follows after a double dash:

    "Masri tweets"  -> "masri-tweets"            (nothing lost: no hash)
    "WMT24++"       -> "wmt24-plus-plus--ahwilyft"
    "中文语料"        -> "zhongwenyuliao--tyme742v"

Plain readable ids never contain "--", so an id with a hash never equals one without, and two
names get the same id only when they are the same name up to letter case, Unicode
compatibility forms (NFKC), runs of white space and, for plain names, the choice of separator
(see `name_key`). The hash is SHA-256 of that key, so ids are the same on every machine and
run. Stored ids never change: `legacy_slug` is the rule used before, so importers can find
an entry stored under its old id (catalog.service.resolve_ids).
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata

from anyascii import anyascii

READABLE_MAX = 100  # characters of the readable part (ids are at most 120 long)
HASH_CHARS = 8  # base32: 40 bits
_PLAIN = re.compile(r"^[a-z0-9]+(?:[ _-]+[a-z0-9]+)*$")
_SYMBOLS = {"+": " plus ", "&": " and ", "@": " at ", "#": " sharp "}
_WORDS = re.compile(r"[a-z0-9]+")


def name_key(name: str) -> str:
    """What two names must share to count as the same name: NFKC, case-folded, white space
    squeezed; plain names (ASCII letters/digits and separators only) also fold the separator
    ("Masri tweets" = "masri-tweets" = "MASRI_tweets")."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name or "")).strip().casefold()
    if _PLAIN.match(text):
        return "-".join(_WORDS.findall(text))
    return text


_SYMBOL_RE = re.compile("[" + re.escape("".join(_SYMBOLS)) + "]")


def _readable(key: str) -> str:
    text = _SYMBOL_RE.sub(lambda m: _SYMBOLS[m.group()], key)
    if not text.isascii():
        text = anyascii(text)
    return "-".join(_WORDS.findall(text.lower()))


def _hash(key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return base64.b32encode(digest[:5]).decode("ascii").lower()[:HASH_CHARS]


def make_id(name: str) -> str:
    """The id for an entry name (see the module notes); always matches schema.ID_RE."""
    key = name_key(name)
    readable = _readable(key)
    lossless = bool(_PLAIN.match(key)) and readable == key
    if lossless and len(readable) <= READABLE_MAX:
        return readable
    readable = readable[:READABLE_MAX].strip("-") or "entry"
    return f"{readable}--{_hash(key)}"


def legacy_slug(name: str) -> str:
    """The id the catalog gave a name before `make_id` (kept only to find stored entries)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:100]
    return slug or "entry"


def same_name(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)
