"""Consistency checks of a catalog database after a crash: storage integrity, full-text index
and side tables in step with the entries, and the history log replaying to exactly the data.

Each check returns a list of problems (empty = consistent) so that a failing test shows them all.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select, text

from catalog.schema import Entry
from catalog.tables import CatalogEntryRow, CatalogHistoryRow, CatalogLanguageRow, CatalogLinkRow
from glasshouse.db import Database


def storage_problems(db: Database) -> list[str]:
    """SQLite: integrity_check, foreign keys, the FTS5 index against its content.
    PostgreSQL: the server answers, and no lock is left waiting by a dead client."""
    out: list[str] = []
    with db.engine.connect() as conn:
        if db.is_sqlite:
            got = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if got != ["ok"]:
                out.append(f"integrity_check: {got[:5]}")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if fk:
                out.append(f"foreign_key_check: {fk[:5]}")
            has_fts = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name='catalog_entries_fts'").first()
            if has_fts:
                try:
                    conn.exec_driver_sql("INSERT INTO catalog_entries_fts(catalog_entries_fts) "
                                         "VALUES('integrity-check')")
                except Exception as exc:  # noqa: BLE001 - the check reports corruption so
                    out.append(f"fts5 integrity-check: {exc}")
            conn.rollback()
        else:
            if conn.execute(text("SELECT 1")).scalar() != 1:
                out.append("postgresql does not answer SELECT 1")
            waiting = conn.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar()
            if waiting:
                out.append(f"{waiting} lock request(s) still waiting")
    return out


def _fts(db: Database) -> dict[str, list[str]]:
    """entry_id -> indexed texts (SQLite: the body; PostgreSQL: the tsvector as text)."""
    got: dict[str, list[str]] = defaultdict(list)
    with db.read() as s:
        if db.is_sqlite:
            exists = s.execute(text(
                "SELECT 1 FROM sqlite_master WHERE name='catalog_entries_fts'")).first()
            if not exists:
                return {}
            rows = s.execute(text("SELECT entry_id, body FROM catalog_entries_fts"))
        else:
            if not s.execute(text("SELECT to_regclass('catalog_entries_fts')")).scalar():
                return {}
            rows = s.execute(text("SELECT entry_id, tsv::text FROM catalog_entries_fts"))
        for eid, body in rows:
            got[eid].append(body)
    return dict(got)


def index_problems(db: Database) -> list[str]:
    """Projections, languages, links and the full-text index agree with each entry's data."""
    out: list[str] = []
    with db.read() as s:
        entries = {r.id: r for r in s.scalars(select(CatalogEntryRow))}
        langs: dict[str, set[str]] = defaultdict(set)
        for eid, tag in s.execute(select(CatalogLanguageRow.entry_id, CatalogLanguageRow.tag)):
            langs[eid].add(tag)
        links: dict[str, set[str]] = defaultdict(set)
        for child, parent in s.execute(select(CatalogLinkRow.child_id, CatalogLinkRow.parent_id)):
            links[child].add(parent)
        expected_tsv: dict[str, str] = {}
        if not db.is_sqlite and entries:
            expected_tsv = dict(s.execute(text(
                "SELECT id, to_tsvector('simple', search_text)::text FROM catalog_entries")).all())
    fts = _fts(db)
    for eid, row in entries.items():
        entry = Entry.model_validate(row.data)
        if entry.id != eid:
            out.append(f"{eid}: data holds id {entry.id}")
        projected = {"name": entry.name, "license_class": entry.license_class,
                     "modality": entry.modality, "access": entry.access,
                     "search_text": entry.search_text()}
        for col, want in projected.items():
            if getattr(row, col) != want:
                out.append(f"{eid}: column {col} is {getattr(row, col)!r}, data says {want!r}")
        if langs.get(eid, set()) != set(entry.languages):
            out.append(f"{eid}: language rows {sorted(langs.get(eid, ()))} != "
                       f"{entry.languages}")
        if links.get(eid, set()) != set(entry.derived_from):
            out.append(f"{eid}: link rows {sorted(links.get(eid, ()))} != {entry.derived_from}")
        if fts or entries:
            indexed = fts.get(eid, [])
            want = [row.search_text] if db.is_sqlite else [expected_tsv.get(eid)]
            if indexed != want:
                out.append(f"{eid}: full-text index holds {indexed!r}, expected {want!r}")
    for orphan in sorted((set(langs) | set(links) | set(fts)) - set(entries)):
        out.append(f"{orphan}: side-table or full-text rows without an entry")
    return out


def history_problems(db: Database) -> list[str]:
    """Replay the history log per entry and compare with the data: versions step by one, each
    row's `before` is the previous row's `after`, the last row's state is the stored entry (or
    its absence after a delete), and no entry changed without a history row."""
    out: list[str] = []
    with db.read() as s:
        rows = s.scalars(select(CatalogHistoryRow).order_by(CatalogHistoryRow.id)).all()
        entries = {r.id: (r.version, r.data) for r in s.scalars(select(CatalogEntryRow))}
    state: dict[str, tuple[int, dict[str, Any] | None]] = {}
    for h in rows:
        version, current = state.get(h.entry_id, (0, None))
        where = f"{h.entry_id} history #{h.id} ({h.action} v{h.version})"
        if h.action == "create":
            if current is not None:
                out.append(f"{where}: created while it exists")
            if h.version != 1 or h.before is not None or h.after is None:
                out.append(f"{where}: a create must be v1 with no before and an after")
        else:
            if current is None:
                out.append(f"{where}: changes an entry that does not exist")
            if h.version != version + 1:
                out.append(f"{where}: follows v{version}")
            if h.before != current:
                out.append(f"{where}: its before is not the previous after")
            if (h.after is None) != (h.action == "delete"):
                out.append(f"{where}: only a delete may leave no after")
        state[h.entry_id] = (h.version, h.after)
    for eid, (version, after) in state.items():
        if after is None:
            if eid in entries:
                out.append(f"{eid}: history says deleted but the entry exists")
        elif eid not in entries:
            out.append(f"{eid}: history says v{version} exists but the entry is gone")
        elif entries[eid] != (version, after):
            out.append(f"{eid}: stored v{entries[eid][0]} differs from history's last state "
                       f"v{version}")
    for eid in sorted(set(entries) - set(state)):
        out.append(f"{eid}: an entry with no history")
    return out


def all_problems(db: Database) -> list[str]:
    return storage_problems(db) + index_problems(db) + history_problems(db)
