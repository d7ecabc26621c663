"""Storage: one engine per URL, SQLite pragmas, migrations that match the declared tables."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import text

from glasshouse import evidence
from glasshouse.areas import load_all_tables
from glasshouse.db import Database


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(sqlite_db: Database) -> None:
    with sqlite_db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_migrate_twice_is_a_no_op(db: Database) -> None:
    before = db.current_revisions()
    db.migrate()
    assert db.current_revisions() == before
    assert "core_0001" in before


def _fresh_url(db: Database, tmp_path) -> str:
    if db.is_sqlite:
        return f"sqlite:///{tmp_path}/fresh.db"
    name = "fresh_" + uuid.uuid4().hex[:12]
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    return db.url.rsplit("/", 1)[0] + "/" + name


_FTS5_SHADOWS = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config", "_fts_content")


def _is_full_text_object(change: tuple) -> bool:
    """An FTS5 virtual table `*_fts`, its shadow tables, or an index on them (PostgreSQL GIN
    indexes for full-text search are named `*_fts` or `*_fts_*` too)."""
    kind, obj = change[0], change[1]
    if kind == "remove_table":
        return obj.name.endswith(_FTS5_SHADOWS)
    if kind == "remove_index":
        return "_fts" in (obj.name or "") or obj.table.name.endswith(_FTS5_SHADOWS)
    return False


def test_migrated_schema_matches_declared_tables(db: Database, tmp_path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    fresh = Database(_fresh_url(db, tmp_path))
    try:
        fresh.migrate()
        with fresh.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), load_all_tables())
        # full-text tables created by raw SQL in migrations are not declared on purpose
        diff = [d for d in diff if not _is_full_text_object(d)]
        assert diff == []
    finally:
        fresh.dispose()


def test_concurrent_writers_never_see_database_is_locked(sqlite_db: Database, admin) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                evidence.record(sqlite_db, actor=admin, kind="probe_run", title=f"{n}-{i}",
                                payload={"n": n, "i": i})
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(evidence.find(sqlite_db, kind="probe_run", limit=1000)) == 80
    assert sqlite_db.integrity_ok()


def test_evidence_round_trips_json_payload(db: Database, curator) -> None:
    eid = evidence.record(db, actor=curator, kind="probe_run", title="t",
                          payload={"effect": 0.25, "ci": [0.1, 0.4], "lang": "es"},
                          subject="entry-1")
    got = evidence.get(db, eid)
    assert (got.kind, got.payload["ci"], got.created_by, got.subject) == (
        "probe_run", [0.1, 0.4], "cora", "entry-1")
    assert [e.id for e in evidence.find(db, subject="entry-1")] == [eid]


@pytest.mark.parametrize("missing", ["nope", str(uuid.uuid4())])
def test_unknown_evidence_id_is_not_found(db: Database, missing: str) -> None:
    from glasshouse.errors import NotFound

    with pytest.raises(NotFound, match=missing):
        evidence.get(db, missing)
