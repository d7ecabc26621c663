"""The full-text index `catalog_entries_fts`: one row per entry with its name, the words people
search (`body`) and its facet values as tokens (`tags`).

Putting the facets (licence class, modality, access, language tag/base/region/family/branch)
into the index as tokens lets one full-text query answer "these words AND these facets": the
engine intersects posting lists instead of joining every hit with the facet tables, and facet
counts come from the `tags` of the hits without a second query.

A facet token is a two-letter code followed by the value's UTF-8 bytes in hex
('lc' + hex('commercial') = 'lc636f6d6d65726369616c'): alphanumeric, so both SQLite's unicode61
tokenizer and PostgreSQL's 'simple' parser keep it whole, and reversible. Words typed by users
are matched against `body` only, so they never hit a facet token.

SQLite: an FTS5 table. PostgreSQL: a plain table with a tsvector column for the body and a
GIN expression index over the tags text. Created by migration catalog_0003.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

FACET_CODES: dict[str, str] = {
    "license_class": "lc", "modality": "mo", "access": "ac", "tag": "lt", "language": "lb",
    "region": "lr", "family": "lf", "branch": "ln"}
_BY_CODE = {v: k for k, v in FACET_CODES.items()}
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 12


@dataclass(frozen=True)
class IndexRow:
    entry_id: str
    name: str
    body: str
    tags: str


def token(facet: str, value: str) -> str:
    return FACET_CODES[facet] + value.encode("utf-8").hex()


def parse_token(tok: str) -> tuple[str, str] | None:
    """(facet, value) of a facet token, None for anything else."""
    facet = _BY_CODE.get(tok[:2])
    if facet is None:
        return None
    try:
        return facet, bytes.fromhex(tok[2:]).decode("utf-8")
    except ValueError:
        return None


def tags_text(projection: dict[str, Any], languages: Iterable[dict[str, Any]]) -> str:
    """The `tags` of an entry from its projected columns and its language rows (the dicts that
    catalog.service writes into catalog_entry_languages)."""
    toks = {token(f, projection[f]) for f in ("license_class", "modality", "access")
            if projection.get(f)}
    from catalog.languages import dialect_countries, language_info

    for lang in languages:
        for facet, key in (("tag", "tag"), ("language", "base"), ("region", "region"),
                           ("family", "family"), ("branch", "branch")):
            if lang.get(key):
                toks.add(token(facet, lang[key]))
        if not lang.get("region") and lang.get("tag"):
            # a dialect is at home in its countries: arz counts for EG, apc for LB, SY...
            for country in dialect_countries(language_info(lang["tag"]).language):
                toks.add(token("region", country))
    return " ".join(sorted(toks))


def sqlite_rowid(entry_id: str) -> int:
    """The FTS5 rowid of an entry: a 64-bit hash of its id, so that replacing or deleting an
    entry's row is a rowid lookup (entry_id is UNINDEXED; a filter on it scans the table). A
    collision would fail the insert (rowids are unique) rather than mix two entries."""
    return int.from_bytes(hashlib.blake2b(entry_id.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


def index_rows(s: Session | Connection, is_sqlite: bool, rows: list[IndexRow], *,
               replace: bool) -> None:
    """Write index rows inside the caller's transaction (replace: drop the old rows first)."""
    if not rows:
        return
    if replace:
        _delete(s, [r.entry_id for r in rows], is_sqlite)
    params = [{"i": r.entry_id, "n": r.name, "b": r.body, "t": r.tags} for r in rows]
    if is_sqlite:
        s.execute(text("INSERT INTO catalog_entries_fts(rowid, entry_id, name, body, tags) "
                       "VALUES (:r, :i, :n, :b, :t)"),
                  [{**p, "r": sqlite_rowid(p["i"])} for p in params])
    else:
        s.execute(text("INSERT INTO catalog_entries_fts(entry_id, name, tsv, tags) "
                       "VALUES (:i, :n, to_tsvector('simple', :b), :t)"), params)


def unindex(s: Session | Connection, entry_id: str, is_sqlite: bool) -> None:
    _delete(s, [entry_id], is_sqlite)


def _delete(s: Session | Connection, entry_ids: list[str], is_sqlite: bool) -> None:
    if is_sqlite:
        s.execute(text("DELETE FROM catalog_entries_fts WHERE rowid = :r"),
                  [{"r": sqlite_rowid(i)} for i in entry_ids])
    else:
        s.execute(text("DELETE FROM catalog_entries_fts WHERE entry_id = :i"),
                  [{"i": i} for i in entry_ids])


def fetch_rows(s: Session, is_sqlite: bool, sql: str,
               params: dict[str, Any] | None = None) -> list[Any]:
    """All rows of a read on the index; on SQLite straight from the driver's cursor (tens of
    thousands of rows: building SQLAlchemy rows would take a third of the time)."""
    if not is_sqlite:
        return list(s.execute(text(sql), params or {}).all())
    cur = s.connection().connection.cursor()
    try:
        return cur.execute(sql, params or {}).fetchall()
    finally:
        cur.close()


def query_words(query: str) -> list[str]:
    return _WORD.findall((query or "").lower())[:MAX_QUERY_WORDS]


# A facet filter is one token or a group of alternatives (a tuple: any one of them), e.g. the
# language filter 'ar-EG' -> (token of ar-EG, token of arz, ...). Every filter must match.
def alternatives(f: str | tuple[str, ...]) -> tuple[str, ...]:
    return f if isinstance(f, tuple) else (f,)


def sqlite_match(words: list[str], tags: list[str | tuple[str, ...]]) -> str:
    """FTS5 expression: every word as a prefix in `body`, every facet filter in `tags`."""
    parts = [f'body : "{w}"*' for w in words]
    for t in tags:
        alts = alternatives(t)
        parts.append(f'tags : "{alts[0]}"' if len(alts) == 1 else
                     "tags : (" + " OR ".join(f'"{a}"' for a in alts) + ")")
    return " AND ".join(parts)


def pg_tsquery(words: list[str]) -> str:
    return " & ".join(f"{w}:*" for w in words)


def pg_tags_tsquery(tags: list[str | tuple[str, ...]]) -> str:
    return " & ".join(t if isinstance(t, str) else "(" + " | ".join(t) + ")" for t in tags)


def rows_from_database(conn: Connection) -> Iterator[list[IndexRow]]:
    """Index rows for every stored entry, in batches (used to build the index)."""
    langs: dict[str, list[dict[str, Any]]] = {}
    for eid, tag, base, region, family, branch in conn.execute(text(
            "SELECT entry_id, tag, base, region, family, branch FROM catalog_entry_languages")):
        langs.setdefault(eid, []).append({"tag": tag, "base": base, "region": region,
                                          "family": family, "branch": branch})
    batch: list[IndexRow] = []
    for eid, name, body, lc, mo, ac in conn.execute(text(
            "SELECT id, name, search_text, license_class, modality, access "
            "FROM catalog_entries")):
        proj = {"license_class": lc, "modality": mo, "access": ac}
        batch.append(IndexRow(eid, name, body, tags_text(proj, langs.get(eid, []))))
        if len(batch) >= 2000:
            yield batch
            batch = []
    if batch:
        yield batch
