"""Search with facets over the full-text index of catalog.fulltext (SQLite FTS5, or PostgreSQL
tsvector with the 'simple' configuration so that no language's stemmer is favoured).

Words and facet filters become ONE full-text query (facets are tokens in the index); the facet
counts of the hits come from their indexed tags. Browsing with neither words nor filters reads
the entry tables directly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from catalog.fulltext import (parse_token, pg_tags_tsquery, pg_tsquery, query_words,
                              sqlite_match, token)
from catalog.tables import CatalogEntryRow, CatalogLanguageRow
from glasshouse.db import Database
from glasshouse.errors import BadInput

FACETS = ("language", "family", "branch", "region", "license_class", "modality", "access")
_ALL_VALUES = ("license_class", "modality", "access")  # few values: every one is counted


@dataclass(frozen=True)
class SearchResult:
    total: int
    results: list[dict[str, Any]]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def search(db: Database, query: str = "", *, language: str | None = None,
           region: str | None = None, license_class: str | None = None,
           modality: str | None = None, access: str | None = None, family: str | None = None,
           limit: int = 20, offset: int = 0, facets: bool = True,
           facet_limit: int = 50) -> SearchResult:
    """Entries matching the words of `query` (prefix match, all words) and the facet filters,
    best match first (by name when there are no words).
    `language` matches a tag exactly or, for a bare language ('ar'), every variety of it;
    `family` is a family ('Niger-Congo') or a branch ('Niger-Congo > Bantu')."""
    if not 1 <= limit <= 1000:
        raise BadInput("limit must be between 1 and 1000", field="limit")
    if offset < 0:
        raise BadInput("offset must be 0 or more", field="offset")
    words = query_words(query)
    tags = _filter_tokens(language=language, region=region, family=family,
                          license_class=license_class, modality=modality, access=access)
    with db.read() as s:
        if not words and not tags:
            return _browse(s, limit=limit, offset=offset, facets=facets, facet_limit=facet_limit)
        where, params = _where(db, words, tags)
        score = ("rank" if db.is_sqlite else "-ts_rank(tsv, to_tsquery('simple', :q))") \
            if words else "0"
        order = f"{score}, " if words else ""
        collate = "" if db.is_sqlite else ' COLLATE "C"'  # the order Python's sort gives
        if facets:
            hits = s.execute(text(f"SELECT entry_id, name, {score}, tags FROM "
                                  f"catalog_entries_fts WHERE {where}"), params).all()
            hits.sort(key=lambda h: (h[2], h[1], h[0]))
            total = len(hits)
            page = [h[0] for h in hits[offset:offset + limit]]
            counts = _count_tags(h[3] for h in hits)
            counts = {k: v if k in _ALL_VALUES else dict(list(v.items())[:facet_limit])
                      for k, v in counts.items()}
        else:
            total = int(s.execute(text(f"SELECT count(*) FROM catalog_entries_fts "
                                       f"WHERE {where}"), params).scalar() or 0)
            page = list(s.execute(text(
                f"SELECT entry_id FROM catalog_entries_fts WHERE {where} "
                f"ORDER BY {order}name{collate}, entry_id{collate} LIMIT :limit OFFSET :offset"),
                {**params, "limit": limit, "offset": offset}).scalars())
            counts = {}
        data = {d["id"]: d for d in s.execute(select(CatalogEntryRow.data).where(
            CatalogEntryRow.id.in_(page))).scalars()} if page else {}
    return SearchResult(total, [_summary(data[i]) for i in page if i in data], counts)


def _filter_tokens(*, language: str | None, region: str | None, family: str | None,
                   license_class: str | None, modality: str | None,
                   access: str | None) -> list[str]:
    from catalog.languages import base_language, normalise_language

    out = []
    if language:
        tag = normalise_language(language)
        exact = "-" in tag or base_language(tag) != tag
        out.append(token("tag" if exact else "language", tag))
    if region:
        out.append(token("region", region.strip().upper()))
    if family:
        out.append(token("branch" if ">" in family else "family", _family_key(family)))
    for facet, value in (("license_class", license_class), ("modality", modality),
                         ("access", access)):
        if value:
            out.append(token(facet, value))
    return out


def _where(db: Database, words: list[str], tags: list[str]) -> tuple[str, dict[str, Any]]:
    if db.is_sqlite:
        return "catalog_entries_fts MATCH :m", {"m": sqlite_match(words, tags)}
    conds, params = [], {}
    if words:
        conds.append("tsv @@ to_tsquery('simple', :q)")
        params["q"] = pg_tsquery(words)
    if tags:
        conds.append("to_tsvector('simple', tags) @@ to_tsquery('simple', :t)")
        params["t"] = pg_tags_tsquery(tags)
    return " AND ".join(conds), params


def _count_tags(tag_texts: Any) -> dict[str, dict[str, int]]:
    """Facet -> value -> number of hits, most frequent first, from the hits' tags."""
    by_token: Counter[str] = Counter()
    for tags in tag_texts:
        by_token.update(tags.split())
    out: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    for tok, n in sorted(by_token.items(), key=lambda kv: (-kv[1], kv[0])):
        parsed = parse_token(tok)
        if parsed and parsed[0] in out:
            out[parsed[0]][parsed[1]] = n
    return out


def _browse(s: Session, *, limit: int, offset: int, facets: bool,
            facet_limit: int) -> SearchResult:
    """No words and no filters: the whole catalog by name, facet counts from the tables."""
    total = int(s.scalar(select(func.count()).select_from(CatalogEntryRow)) or 0)
    rows = s.scalars(select(CatalogEntryRow.data).order_by(CatalogEntryRow.name,
                                                           CatalogEntryRow.id)
                     .limit(limit).offset(offset)).all()
    counts: dict[str, dict[str, int]] = {}
    if facets:
        for name, col in (("license_class", CatalogEntryRow.license_class),
                          ("modality", CatalogEntryRow.modality),
                          ("access", CatalogEntryRow.access)):
            got = s.execute(select(col, func.count()).group_by(col)).all()
            counts[name] = _ordered(got, None)
        for name, col in (("language", CatalogLanguageRow.base),
                          ("family", CatalogLanguageRow.family),
                          ("branch", CatalogLanguageRow.branch),
                          ("region", CatalogLanguageRow.region)):
            got = s.execute(select(col, func.count(func.distinct(CatalogLanguageRow.entry_id)))
                            .where(col.is_not(None)).group_by(col)).all()
            counts[name] = _ordered(got, facet_limit)
    return SearchResult(total, [_summary(d) for d in rows], counts)


def _ordered(pairs: Any, top: int | None) -> dict[str, int]:
    ranked = sorted(((k, int(v)) for k, v in pairs), key=lambda kv: (-kv[1], kv[0]))
    return dict(ranked[:top] if top else ranked)


def _family_key(text: str) -> str:
    """'niger-congo>bantu' -> 'Niger-Congo > Bantu' (the spelling of catalog.families)."""
    from catalog.families import all_families

    parts = [p.strip() for p in text.split(">")]
    wanted = " > ".join(parts).lower()
    for name in all_families():
        if name.lower() == wanted:
            return name
    raise BadInput(f"unknown language family '{text}' (e.g. 'Afro-Asiatic', "
                   "'Niger-Congo > Bantu', 'Indo-European > Romance')", field="family")


def _summary(d: dict[str, Any]) -> dict[str, Any]:
    from catalog.licenses import most_restrictive

    lics = d.get("licenses") or []
    return {"id": d["id"], "name": d["name"], "languages": d.get("languages", []),
            "licenses": [lic["spdx"] for lic in lics],
            "license_class": most_restrictive([lic["license_class"] for lic in lics]),
            "modality": d.get("modality"), "access": d.get("access"),
            "description": (d.get("description") or "")[:300]}


def like_search(db: Database, query: str, *, license_class: str | None = None,
                limit: int = 20) -> tuple[int, list[str]]:
    """The naive baseline for the benchmark: LIKE scan over the text column."""
    conds = [CatalogEntryRow.search_text.ilike(f"%{w}%") for w in query_words(query)]
    if license_class:
        conds.append(CatalogEntryRow.license_class == license_class)
    with db.read() as s:
        total = int(s.scalar(select(func.count()).select_from(CatalogEntryRow).where(*conds)) or 0)
        ids = s.scalars(select(CatalogEntryRow.id).where(*conds).order_by(CatalogEntryRow.name)
                        .limit(limit)).all()
    return total, list(ids)
