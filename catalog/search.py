"""Full-text search with facets: SQLite FTS5 or PostgreSQL tsvector ('simple' configuration,
so that no language's stemmer is favoured in a multilingual catalog).

The full-text table `catalog_entries_fts` is created on first use (see the migration's note)
and filled from `catalog_entries.search_text` when it is new.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, String, func, select, text
from sqlalchemy.orm import Session

from catalog.tables import CatalogEntryRow, CatalogLanguageRow
from glasshouse.db import Database
from glasshouse.errors import BadInput

FACETS = ("language", "family", "branch", "region", "license_class", "modality", "access")
FEW_MATCHES = 3000  # below this many full-text hits, filter the hits in Python
_ready: set[str] = set()
_lock = threading.Lock()
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchResult:
    total: int
    results: list[dict[str, Any]]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def ensure_fts(db: Database) -> None:
    """Create the full-text table if this database does not have it yet (idempotent)."""
    key = db.url
    if key in _ready:
        return
    with _lock:
        if key in _ready:
            return
        with db.engine.begin() as conn:
            if db.is_sqlite:
                exists = conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE name='catalog_entries_fts'").first()
                if not exists:
                    conn.exec_driver_sql(
                        "CREATE VIRTUAL TABLE catalog_entries_fts USING fts5(entry_id UNINDEXED, "
                        "body, tokenize='unicode61 remove_diacritics 2')")
                    conn.exec_driver_sql(
                        "INSERT INTO catalog_entries_fts(entry_id, body) "
                        "SELECT id, search_text FROM catalog_entries")
            else:
                exists = conn.exec_driver_sql(
                    "SELECT to_regclass('catalog_entries_fts')").scalar()
                if not exists:
                    conn.exec_driver_sql(
                        "CREATE TABLE IF NOT EXISTS catalog_entries_fts (entry_id VARCHAR(120) "
                        "PRIMARY KEY REFERENCES catalog_entries(id) ON DELETE CASCADE, "
                        "tsv TSVECTOR NOT NULL)")
                    conn.exec_driver_sql(
                        "CREATE INDEX IF NOT EXISTS catalog_entries_fts_tsv "
                        "ON catalog_entries_fts USING GIN (tsv)")
                    conn.exec_driver_sql(
                        "INSERT INTO catalog_entries_fts(entry_id, tsv) SELECT id, "
                        "to_tsvector('simple', search_text) FROM catalog_entries "
                        "ON CONFLICT DO NOTHING")
        _ready.add(key)


def index_rows(s: Session, db: Database, rows: list[tuple[str, str]], *, replace: bool) -> None:
    """Write (entry_id, text) pairs into the full-text table inside the caller's transaction."""
    if not rows:
        return
    ids = [{"i": r[0]} for r in rows]
    params = [{"i": r[0], "b": r[1]} for r in rows]
    if replace:
        s.execute(text("DELETE FROM catalog_entries_fts WHERE entry_id = :i"), ids)
    if db.is_sqlite:
        s.execute(text("INSERT INTO catalog_entries_fts(entry_id, body) VALUES (:i, :b)"), params)
    else:
        s.execute(text("INSERT INTO catalog_entries_fts(entry_id, tsv) "
                       "VALUES (:i, to_tsvector('simple', :b))"), params)


def unindex(s: Session, entry_id: str) -> None:
    s.execute(text("DELETE FROM catalog_entries_fts WHERE entry_id = :i"), {"i": entry_id})


def _match_expression(query: str, sqlite: bool) -> str | None:
    words = _WORD.findall(query.lower())[:12]
    if not words:
        return None
    if sqlite:
        return " AND ".join(f'"{w}"*' for w in words)
    return " & ".join(f"{w}:*" for w in words)


def search(db: Database, query: str = "", *, language: str | None = None,
           region: str | None = None, license_class: str | None = None,
           modality: str | None = None, access: str | None = None, family: str | None = None,
           limit: int = 20, offset: int = 0, facets: bool = True,
           facet_limit: int = 50) -> SearchResult:
    """Entries matching the words of `query` (prefix match, all words) and the facet filters.
    `language` matches a tag exactly or, for a bare language ('ar'), every variety of it;
    `family` is a family ('Niger-Congo') or a branch ('Niger-Congo > Bantu')."""
    from catalog.languages import base_language, normalise_language

    ensure_fts(db)
    if not 1 <= limit <= 1000:
        raise BadInput("limit must be between 1 and 1000", field="limit")
    conds: list[Any] = []
    params: dict[str, Any] = {}
    match = _match_expression(query or "", db.is_sqlite)
    rank_join = None
    if match and db.is_sqlite:
        with db.read() as s:
            n = s.execute(text("SELECT count(*) FROM catalog_entries_fts "
                               "WHERE catalog_entries_fts MATCH :q"), {"q": match}).scalar()
            if n <= FEW_MATCHES:
                ranked = s.execute(text(
                    "SELECT entry_id FROM catalog_entries_fts WHERE catalog_entries_fts "
                    "MATCH :q ORDER BY rank"), {"q": match}).scalars().all()
                return _search_few(s, ranked, language=language, region=region,
                                   license_class=license_class, modality=modality,
                                   access=access, family=family, limit=limit, offset=offset, facets=facets,
                                   facet_limit=facet_limit)
    if match:
        params["q"] = match
        if db.is_sqlite:
            rank_sql = ("SELECT entry_id, rank AS score FROM catalog_entries_fts "
                        "WHERE catalog_entries_fts MATCH :q")
        else:
            rank_sql = ("SELECT entry_id, -ts_rank(tsv, to_tsquery('simple', :q)) AS score "
                        "FROM catalog_entries_fts WHERE tsv @@ to_tsquery('simple', :q)")
        rank_join = text(rank_sql).columns(entry_id=String(), score=Float()).subquery("f")
    if language:
        tag = normalise_language(language)
        lang = select(CatalogLanguageRow.entry_id)
        if "-" in tag or base_language(tag) != tag:
            lang = lang.where(CatalogLanguageRow.tag == tag)
        else:
            lang = lang.where(CatalogLanguageRow.base == tag)
        conds.append(CatalogEntryRow.id.in_(lang))
    if region:
        conds.append(CatalogEntryRow.id.in_(select(CatalogLanguageRow.entry_id).where(
            CatalogLanguageRow.region == region.upper())))
    if family:
        fam_col = CatalogLanguageRow.branch if ">" in family else CatalogLanguageRow.family
        conds.append(CatalogEntryRow.id.in_(select(CatalogLanguageRow.entry_id).where(
            fam_col == _family_key(family))))
    for col, value in ((CatalogEntryRow.license_class, license_class),
                       (CatalogEntryRow.modality, modality), (CatalogEntryRow.access, access)):
        if value:
            conds.append(col == value)

    def base_query(*cols: Any) -> Any:
        q = select(*cols).select_from(CatalogEntryRow)
        if rank_join is not None:
            q = q.join(rank_join, rank_join.c.entry_id == CatalogEntryRow.id)
        return q.where(*conds)

    with db.read() as s:
        total = int(s.execute(base_query(func.count()), params).scalar() or 0)
        order = [rank_join.c.score, CatalogEntryRow.name] if rank_join is not None else [
            CatalogEntryRow.name]
        rows = s.execute(base_query(CatalogEntryRow.data).order_by(*order).limit(limit)
                         .offset(offset), params).scalars().all()
        counts: dict[str, dict[str, int]] = {}
        if facets:
            ids = base_query(CatalogEntryRow.id).subquery()
            for name, col in (("license_class", CatalogEntryRow.license_class),
                              ("modality", CatalogEntryRow.modality),
                              ("access", CatalogEntryRow.access)):
                got = s.execute(select(col, func.count()).where(CatalogEntryRow.id.in_(
                    select(ids.c.id))).group_by(col), params).all()
                counts[name] = dict(sorted(((k, int(v)) for k, v in got), key=lambda kv: -kv[1]))
            for name, col in (("language", CatalogLanguageRow.base),
                              ("family", CatalogLanguageRow.family),
                              ("branch", CatalogLanguageRow.branch),
                              ("region", CatalogLanguageRow.region)):
                got = s.execute(select(col, func.count(func.distinct(CatalogLanguageRow.entry_id)))
                                .where(CatalogLanguageRow.entry_id.in_(select(ids.c.id)),
                                       col.is_not(None)).group_by(col), params).all()
                counts[name] = dict(sorted(((k, int(v)) for k, v in got),
                                           key=lambda kv: -kv[1])[:facet_limit])
    return SearchResult(total, [_summary(d) for d in rows], counts)


def _search_few(s: Session, ranked: list[str], *, language: str | None, region: str | None,
                license_class: str | None, modality: str | None, access: str | None,
                family: str | None, limit: int, offset: int, facets: bool,
                facet_limit: int) -> SearchResult:
    """Rare words: filter the few full-text hits by primary-key lookups and count facets in
    Python (the query planner would otherwise scan a facet index for every hit)."""
    from collections import Counter

    from catalog.languages import base_language, normalise_language

    langs: dict[str, list[tuple[str, str, str | None, str, str]]] = {}
    cols: dict[str, tuple[str, str, str]] = {}
    for i in range(0, len(ranked), 500):
        chunk = ranked[i:i + 500]
        for eid, lc, mo, ac in s.execute(select(
                CatalogEntryRow.id, CatalogEntryRow.license_class, CatalogEntryRow.modality,
                CatalogEntryRow.access).where(CatalogEntryRow.id.in_(chunk))):
            cols[eid] = (lc, mo, ac)
        for eid, tag, base, reg, fam, branch in s.execute(select(
                CatalogLanguageRow.entry_id, CatalogLanguageRow.tag, CatalogLanguageRow.base,
                CatalogLanguageRow.region, CatalogLanguageRow.family, CatalogLanguageRow.branch)
                .where(CatalogLanguageRow.entry_id.in_(chunk))):
            langs.setdefault(eid, []).append((tag, base, reg, fam, branch))
    want_tag = want_base = None
    if language:
        tag = normalise_language(language)
        if "-" in tag or base_language(tag) != tag:
            want_tag = tag
        else:
            want_base = tag

    def keep(eid: str) -> bool:
        if eid not in cols:
            return False
        lc, mo, ac = cols[eid]
        if (license_class and lc != license_class) or (modality and mo != modality) or (
                access and ac != access):
            return False
        ls = langs.get(eid, [])
        if want_tag and not any(x[0] == want_tag for x in ls):
            return False
        if want_base and not any(x[1] == want_base for x in ls):
            return False
        if want_family and not any(x[fam_idx] == want_family for x in ls):
            return False
        return not (region and not any(x[2] == region.upper() for x in ls))

    want_family = _family_key(family) if family else None
    fam_idx = 4 if family and ">" in family else 3
    hits = [eid for eid in ranked if keep(eid)]
    page = hits[offset:offset + limit]
    data = {d["id"]: d for d in s.execute(select(CatalogEntryRow.data).where(
        CatalogEntryRow.id.in_(page))).scalars()} if page else {}
    counts: dict[str, dict[str, int]] = {}
    if facets:
        for name, idx in (("license_class", 0), ("modality", 1), ("access", 2)):
            counts[name] = dict(Counter(cols[h][idx] for h in hits).most_common())
        for name, idx in (("language", 1), ("region", 2), ("family", 3), ("branch", 4)):
            c = Counter(v for h in hits for v in {x[idx] for x in langs.get(h, [])} if v)
            counts[name] = dict(c.most_common(facet_limit))
    return SearchResult(len(hits), [_summary(data[i]) for i in page], counts)


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
    conds = [CatalogEntryRow.search_text.ilike(f"%{w}%") for w in _WORD.findall(query.lower())]
    if license_class:
        conds.append(CatalogEntryRow.license_class == license_class)
    with db.read() as s:
        total = int(s.scalar(select(func.count()).select_from(CatalogEntryRow).where(*conds)) or 0)
        ids = s.scalars(select(CatalogEntryRow.id).where(*conds).order_by(CatalogEntryRow.name)
                        .limit(limit)).all()
    return total, list(ids)
