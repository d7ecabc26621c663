"""Kill -9 the app at random points during catalog imports and during a stream of edits, on
SQLite and PostgreSQL; after every kill the database passes its integrity checks, no file is
half imported, and the history log replays to exactly the stored data (tests/faults/audit.py).

GLASSHOUSE_FAULT_KILLS sets the number of kills per test (default 10)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from catalog.tables import CatalogEntryRow, CatalogHistoryRow
from sqlalchemy.engine import make_url

from glasshouse.db import Database
from tests.faults.audit import all_problems, history_problems

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("GLASSHOUSE_FAULT_KILLS", "10"))
ROWS = 400
pytestmark = pytest.mark.slow


def _env(db: Database) -> dict[str, str]:
    return {**os.environ, "GLASSHOUSE_DB": db.url, "PYTHONPATH": str(ROOT)}


def _write_file(path: Path, prefix: str, rows: int, note: str) -> Path:
    langs = ["en", "fr", "ar-EG", "sw", "zh-Hant", "es-AR", "de", "yo"]
    lics = ["CC-BY-4.0", "MIT", "cc by-nc 4.0", "LDC User Agreement", "Apache 2.0", "unknown"]
    with path.open("w", encoding="utf-8") as f:
        for j in range(rows):
            f.write(json.dumps({
                "id": f"{prefix}-{j:05d}", "name": f"Corpus {j} of {prefix}",
                "description": f"{note} resource {j}", "languages": [langs[j % 8], langs[j % 5]],
                "licenses": [lics[j % 6]], "year": 2000 + j % 20,
                "derived_from": [f"{prefix}-{j - 1:05d}"] if j % 3 else []}) + "\n")
    return path


def _writer_active(db: Database) -> bool:
    """Is another process inside a write transaction right now?"""
    if db.is_sqlite:
        conn = sqlite3.connect(make_url(db.url).database, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()
    with db.engine.connect() as conn:
        return bool(conn.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
            "AND pid <> pg_backend_pid() AND datname = current_database()")).scalar())


def _import(db: Database, path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "app.py", "catalog", "import", str(path), "--json"],
                            cwd=ROOT, env=_env(db), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _count(db: Database, prefix: str) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(CatalogEntryRow)
                            .where(CatalogEntryRow.id.like(f"{prefix}-%"))) or 0)


def _marked(db: Database, comment: str) -> int:
    """History rows written by one import (its batch marker: the comment names the file)."""
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(CatalogHistoryRow)
                            .where(CatalogHistoryRow.comment == comment)) or 0)


def _kill_after(proc: subprocess.Popen, db: Database, rng: random.Random, *, targeted: bool,
                span: float) -> str:
    """Kill at a random moment: anywhere in the process's life, or inside its write
    transaction. Returns where the kill landed: 'in-transaction', 'outside' or 'finished'."""
    if targeted:
        deadline = time.monotonic() + 60
        while proc.poll() is None and not _writer_active(db) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, span))
    else:
        time.sleep(rng.uniform(0, span))
    if proc.poll() is not None:
        return "finished"
    where = "in-transaction" if _writer_active(db) else "outside"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return where


def test_import_killed_at_random_points_is_all_or_nothing(db, tmp_path):
    rng = random.Random(9)
    base = _write_file(tmp_path / "base.jsonl", "base", ROWS, "first")
    t0 = time.monotonic()
    proc = _import(db, base)
    while proc.poll() is None and not _writer_active(db):
        time.sleep(0.01)
    t_write = time.monotonic()
    assert proc.wait(timeout=300) == 0
    whole, in_txn = time.monotonic() - t0, time.monotonic() - t_write
    assert _count(db, "base") == ROWS and not all_problems(db)

    landed: dict[str, int] = {}
    rolled_back_mid_write = 0
    committed_updates = 0
    for i in range(KILLS):
        update = i % 2 == 1  # odd rounds rewrite the base entries, even ones add a new file
        targeted = i % 4 < 2
        if update:
            path = _write_file(tmp_path / f"upd{i}.jsonl", "base", ROWS, f"round {i}")
        else:
            path = _write_file(tmp_path / f"new{i}.jsonl", f"n{i}", ROWS, "new")
        # targeted kills land at a random moment of the write; every fourth one as soon as the
        # write has begun, so that some kills fall inside it however the load stretches or
        # shortens the transaction (a loaded run once landed only one kill inside it)
        span = (0.0 if i % 4 == 0 else in_txn) if targeted else whole * 1.1
        where = _kill_after(_import(db, path), db, rng, targeted=targeted, span=span)
        landed[where] = landed.get(where, 0) + 1
        problems = all_problems(db)
        assert not problems, f"kill {i} ({where}): {problems[:10]}"
        marked = _marked(db, f"import {path.name}")
        if update:
            with db.read() as s:
                notes = {d.rsplit(" resource ", 1)[0] for d in s.scalars(
                    select(CatalogEntryRow.data["description"].as_string())
                    .where(CatalogEntryRow.id.like("base-%")))}
            assert len(notes) == 1, f"kill {i} ({where}): base entries half updated: {notes}"
            done = notes == {f"round {i}"}
            assert marked == (ROWS if done else 0)
            committed_updates += done
        else:
            n = _count(db, f"n{i}")
            assert n in (0, ROWS), f"kill {i} ({where}): {n} of {ROWS} entries imported"
            assert marked == n
            done = n == ROWS
        rolled_back_mid_write += where == "in-transaction" and not done
    print(f"\n{db.dialect}: {KILLS} kills landed {landed}; {rolled_back_mid_write} rolled back "
          f"mid-write; import takes {whole:.2f}s, {in_txn:.2f}s of it writing")
    assert rolled_back_mid_write >= 2, f"too few kills inside the write transaction: {landed}"


def _lines(path: Path) -> int:
    try:
        return path.read_text().count("\n")
    except FileNotFoundError:
        return 0


def test_edit_stream_killed_at_random_points_keeps_history_and_data_in_step(db, tmp_path):
    rng = random.Random(23)
    total = 0
    for i in range(KILLS):
        logs = [tmp_path / f"w{i}-{k}.log" for k in range(2)]
        procs = [subprocess.Popen([sys.executable, "-m", "tests.faults.edit_worker", db.url,
                                   str(2 * i + k)], cwd=ROOT, env=_env(db),
                                  stdout=log.open("w"),
                                  stderr=log.with_suffix(".err").open("w"))
                 for k, log in enumerate(logs)]
        want = rng.randint(1, 40)
        deadline = time.monotonic() + 60
        while _lines(logs[0]) < want and time.monotonic() < deadline:
            for p, log in zip(procs, logs):
                assert p.poll() is None, f"a worker died: {log.with_suffix('.err').read_text()}"
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.05))
        for p in procs:
            p.send_signal(signal.SIGKILL)
            time.sleep(rng.uniform(0, 0.02))
        for p in procs:
            p.wait(timeout=30)
        total += sum(_lines(log) for log in logs)
        problems = all_problems(db)
        assert not problems, f"kill {i}: {problems[:10]}"
    with db.read() as s:
        n_history = s.scalar(select(func.count()).select_from(CatalogHistoryRow))
    print(f"\n{db.dialect}: {KILLS} kills of 2 workers after {total} committed edits "
          f"({n_history} history rows)")
    assert total >= KILLS


# --- the checks themselves notice a broken state --------------------------------------------

def _seeded(db: Database) -> None:
    from catalog import service
    from glasshouse.users import Actor

    cora = Actor("cora", "curator")
    e = service.create_entry(db, {"name": "Probe corpus", "languages": ["fr"]}, actor=cora)
    service.update_entry(db, e.entry.id, e.entry.model_copy(update={"description": "v2"}),
                         expected_version=1, actor=cora)


@pytest.mark.parametrize(("sql", "expected"), [
    ("UPDATE catalog_entries SET version = 3", "differs from history"),
    ("DELETE FROM catalog_history WHERE version = 2", "differs from history"),
    ("DELETE FROM catalog_history", "an entry with no history"),
    ("UPDATE catalog_history SET version = 4 WHERE version = 2", "follows v1"),
    ("DELETE FROM catalog_entry_languages", "language rows"),
    ("DELETE FROM catalog_entries_fts", "full-text index"),
    ("UPDATE catalog_entries SET license_class = 'commercial'", "column license_class"),
])
def test_audit_reports_a_broken_state(db, sql, expected):
    _seeded(db)
    assert all_problems(db) == []
    with db.engine.begin() as conn:
        conn.execute(text(sql))
    assert any(expected in p for p in all_problems(db)), all_problems(db)


def test_history_check_accepts_delete_then_recreate(db):
    from catalog import service
    from glasshouse.users import Actor

    ada = Actor("ada", "admin")
    service.create_entry(db, {"name": "Again"}, actor=ada)
    service.delete_entry(db, "again", expected_version=1, actor=ada)
    service.create_entry(db, {"name": "Again", "description": "back"}, actor=ada)
    assert history_problems(db) == []
