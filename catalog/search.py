"""Search with facets over the full-text index of catalog.fulltext (SQLite FTS5, or PostgreSQL
tsvector with the 'simple' configuration so that no language's stemmer is favoured).

Words and facet filters become ONE full-text query (facets are tokens in the index) that
returns the hits' keys and scores; names for ordering and the facet counts come from the
in-memory copy of the index in catalog.facet_index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from catalog.facet_index import IndexChanged, current, facet_counts, rebuild
from catalog.fulltext import (fetch_rows, pg_tags_tsquery, pg_tsquery, query_words,
                              sqlite_match, token)
from catalog.tables import CatalogEntryRow
from glasshouse.db import Database
from glasshouse.errors import BadInput

FACETS = ("language", "family", "branch", "region", "license_class", "modality", "access")
_ALL_VALUES = ("license_class", "modality", "access")  # few values: every one is counted
DIRECT_MAX = 2000  # up to this many hits, an out-of-date facet index is not rebuilt first
WORDS_ALONE_MAX = 3000  # up to this many hits of the words, facet filters are applied in memory


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
    tags = _filter_tokens(db, language=language, region=region, family=family,
                          license_class=license_class, modality=modality, access=access)
    if any(t == () for t in tags):  # a language or region no entry has
        return SearchResult(0, [], {f: {} for f in FACETS} if facets else {})
    for attempt in range(3):
        try:
            return _search(db, words, tags, limit=limit, offset=offset, facets=facets,
                           facet_limit=facet_limit, fresh=attempt > 0)
        except IndexChanged:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _search(db: Database, words: list[str], tags: list[str | tuple[str, ...]], *, limit: int, offset: int,
            facets: bool, facet_limit: int, fresh: bool) -> SearchResult:
    import numpy as np

    with db.read() as s:
        index = None if fresh else current(s, db.url, db.is_sqlite)
        where, params = _where(db, words, tags) if words or tags else ("", {})
        score = ("rank" if db.is_sqlite else "-ts_rank(tsv, to_tsquery('simple', :q))") \
            if words else "0"
        if index is None and where:
            n = s.execute(text(f"SELECT count(*) FROM catalog_entries_fts WHERE {where}"),
                          params).scalar() or 0
            if n <= DIRECT_MAX:  # few hits: no need to rebuild the in-memory index first
                return _search_direct(s, db, where, params, score, limit=limit, offset=offset,
                                      facets=facets, facet_limit=facet_limit)
        if index is None:
            index = rebuild(s, db.url, db.is_sqlite)
        # the index is up to date. Words with few hits: the full-text engine matches only the
        # words and the facet filters are applied to the hits in memory (its AND would walk
        # the facets' long posting lists); words with many hits: it applies the filters too,
        # so that fewer hits are scored
        if words:
            key = "rowid" if db.is_sqlite else "entry_id"
            w_where, w_params = _where(db, words, [])
            if tags and (s.execute(text(f"SELECT count(*) FROM catalog_entries_fts WHERE "
                                        f"{w_where}"), w_params).scalar() or 0) > WORDS_ALONE_MAX:
                w_where, w_params = where, params
            hits = fetch_rows(s, db.is_sqlite, f"SELECT {key}, {score} FROM catalog_entries_fts "
                                 f"WHERE {w_where}", w_params)
            all_pos = index.positions([h[0] for h in hits])
            scores = np.array([h[1] for h in hits], dtype=np.float64)
            keep = index.has_all(all_pos, tags)
            hit_pos, scores = all_pos[keep], scores[keep]
            order = np.lexsort((index.name_rank[hit_pos], scores))  # best match, then name
        elif tags:
            hit_pos = index.rows_with(tags)
            order = np.argsort(index.name_rank[hit_pos], kind="stable")
        else:  # browsing everything, by name
            hit_pos = None
            order = index.by_name
        total = len(index.keys) if hit_pos is None else len(hit_pos)
        page_pos = order[offset:offset + limit] if hit_pos is None else \
            hit_pos[order[offset:offset + limit]]
        page = [str(i) for i in index.entry_ids[page_pos]]
        counts = _limited(index.counts(hit_pos), facet_limit) if facets else {}
        return SearchResult(total, _summaries(s, page), counts)


def _search_direct(s: Session, db: Database, where: str, params: dict[str, Any], score: str, *,
                   limit: int, offset: int, facets: bool, facet_limit: int) -> SearchResult:
    """Few hits: order and count them from the full-text table alone."""
    hits = fetch_rows(s, db.is_sqlite, f"SELECT entry_id, name, {score}, tags FROM catalog_entries_fts "
                         f"WHERE {where}", params)
    hits.sort(key=lambda h: (h[2], h[1], h[0]))
    page = [h[0] for h in hits[offset:offset + limit]]
    counts = _limited(facet_counts(h[3] for h in hits), facet_limit) if facets else {}
    return SearchResult(len(hits), _summaries(s, page), counts)


def _limited(got: dict[str, dict[str, int]], facet_limit: int) -> dict[str, dict[str, int]]:
    return {f: dict(list(got.get(f, {}).items())[:None if f in _ALL_VALUES else facet_limit])
            for f in FACETS}


def _summaries(s: Session, page: list[str]) -> list[dict[str, Any]]:
    if not page:
        return []
    data = {d["id"]: d for d in s.execute(select(CatalogEntryRow.data).where(
        CatalogEntryRow.id.in_(page))).scalars()}
    return [_summary(data[i]) for i in page if i in data]


def _language_filter(db: Database, language: str) -> tuple[str, list[str]]:
    """("language", [base]) for a bare language ('ar'), which matches every variety of it;
    else ("tag", the catalog's tags that match it: 'ar-EG' -> ar-EG, arz, ar-015...; see
    catalog.languages.tags_match). The candidates are the distinct tags of that language in
    the catalog: from the in-memory facet index when it is up to date, else one indexed read,
    remembered until the catalog changes."""
    from catalog.languages import base_language, matching_tags, normalise_language

    tag = normalise_language(language)
    base = base_language(tag)
    if tag == base:
        return "language", [base]
    return "tag", matching_tags(tag, _catalog_tags(db, base))


_tag_cache: dict[tuple[str, str], tuple[Any, list[str]]] = {}


def _catalog_tags(db: Database, base: str) -> list[str]:
    from catalog.facet_index import _signature
    from catalog.languages import base_language
    from catalog.tables import CatalogLanguageRow

    with db.read() as s:
        sig = _signature(s, db.is_sqlite)
        got = _tag_cache.get((db.url, base))
        if got is not None and got[0] == sig:
            return got[1]
        index = current(s, db.url, db.is_sqlite)
        if index is not None:
            present = [v for f, v in index.columns if f == "tag" and base_language(v) == base]
        else:
            present = list(s.scalars(select(CatalogLanguageRow.tag).where(
                CatalogLanguageRow.base == base[:16]).distinct()).all())
    if len(_tag_cache) > 512:
        _tag_cache.clear()
    _tag_cache[(db.url, base)] = (sig, present)
    return present


def _region_filter(region: str) -> list[str]:
    """A region ('015', 'EG', 'Northern Africa') -> itself and every region and country in
    it (UN M49 via CLDR)."""
    from catalog.languages import region_parts, territory_code

    code = territory_code(region)
    if code is None:
        raise BadInput(f"unknown region '{region}' (write a country or UN M49 region: 'EG', "
                       "'015', 'Northern Africa')", field="region")
    return sorted(region_parts(code))


def _filter_tokens(db: Database, *, language: str | None, region: str | None,
                   family: str | None, license_class: str | None, modality: str | None,
                   access: str | None) -> list[str | tuple[str, ...]]:
    out: list[str | tuple[str, ...]] = []
    if language:
        kind, values = _language_filter(db, language)
        out.append(tuple(token(kind, v) for v in values))
    if region:
        out.append(tuple(token("region", r) for r in _region_filter(region)))
    if family:
        out.append(token("branch" if ">" in family else "family", _family_key(family)))
    for facet, value in (("license_class", license_class), ("modality", modality),
                         ("access", access)):
        if value:
            out.append(token(facet, value))
    return [t[0] if isinstance(t, tuple) and len(t) == 1 else t for t in out]


def _where(db: Database, words: list[str], tags: list[str | tuple[str, ...]]
           ) -> tuple[str, dict[str, Any]]:
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
                modality: str | None = None, language: str | None = None,
                limit: int = 20) -> tuple[int, list[str]]:
    """The naive baseline for the benchmark: LIKE scan over the text column, with the same
    filters on the indexed columns (language through the languages table)."""
    from catalog.tables import CatalogLanguageRow

    conds = [CatalogEntryRow.search_text.ilike(f"%{w}%") for w in query_words(query)]
    if license_class:
        conds.append(CatalogEntryRow.license_class == license_class)
    if modality:
        conds.append(CatalogEntryRow.modality == modality)
    if language:
        kind, tags = _language_filter(db, language)
        col = CatalogLanguageRow.tag if kind == "tag" else CatalogLanguageRow.base
        conds.append(CatalogEntryRow.id.in_(select(CatalogLanguageRow.entry_id).where(
            col.in_(tags))))
    with db.read() as s:
        total = int(s.scalar(select(func.count()).select_from(CatalogEntryRow).where(*conds)) or 0)
        ids = s.scalars(select(CatalogEntryRow.id).where(*conds).order_by(CatalogEntryRow.name)
                        .limit(limit)).all()
    return total, list(ids)
