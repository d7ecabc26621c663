"""Demos benchmark, ours vs the plain library in the same run.

Feedback from 20 concurrent submitters (threads), 10 submissions each, on SQLite:
- ours: `demos.service.submit_feedback` (permission check, duplicate check, per-client
  rate-limit counter and the insert, in one write transaction);
- baseline: a plain SQLAlchemy insert of the same row per submission (no checks at all).
The ratio (baseline / ours, below 1 means slower) is what exactly-once storage and rate limiting
cost. Target (issue #7): stored exactly once with no "database is locked" error; ratio >= 0.3.

Usage: python bench/bench_demos.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import best_of, print_table, row  # noqa: E402

THREADS, EACH = 20, 10


def _setup() -> tuple[Any, Any, list[str]]:
    os.environ.setdefault("GLASSHOUSE_DATA_DIR", tempfile.mkdtemp(prefix="bench-demos-"))
    from demos import service
    from demos.spec import DemoSpec
    from glasshouse.areas import load_all_tables
    from glasshouse.db import Database
    from glasshouse.users import Actor

    load_all_tables()
    db = Database(f"sqlite:///{tempfile.mkdtemp(prefix='bench-demos-')}/b.db")
    db.migrate()
    demo = service.create_demo(db, DemoSpec(
        title="Bench demo", description="d", task="pii-redaction", model="glasshouse-patterns",
        public=True), actor=Actor("bench", "curator"))
    limits = service.RateLimits(runs=10_000, feedback=10_000)
    runs: list[str] = []
    for i in range(0, THREADS * EACH * 3, 13):
        runs += [r.id for r in service.run_demo(
            db, demo.slug, [f"text {j} a{j}@b.org" for j in range(i, i + 13)], actor=None,
            client="setup", limits=limits)]
    return db, demo, runs


def _threads(work) -> None:
    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> list[dict[str, Any]]:
    from sqlalchemy import func, select

    from demos import service
    from demos.tables import DemoFeedbackRow, DemoRunRow

    db, demo, runs = _setup()
    limits = service.RateLimits(runs=10_000, feedback=10_000)
    pool = iter(runs)
    lock = threading.Lock()

    def take() -> str:
        with lock:
            return next(pool)

    def ours(n: int) -> None:
        for _ in range(EACH):
            service.submit_feedback(db, {"run_id": take(), "category": "fine"}, actor=None,
                                    client=f"c{n}", limits=limits)

    def baseline(n: int) -> None:
        for _ in range(EACH):
            run_id = take()
            with db.session() as s:
                run = s.get(DemoRunRow, run_id)
                s.add(DemoFeedbackRow(run_id=run.id, demo_id=run.demo_id, demo_version=1,
                                      model=run.model, category="fine", affected_group="",
                                      language="", comment="", input=run.input,
                                      output=run.output, tags=[], client=f"c{n}"))

    ours_s = best_of(lambda: _threads(ours), repeat=1)
    base_s = best_of(lambda: _threads(baseline), repeat=1)
    with db.read() as s:
        stored = s.scalar(select(func.count(DemoFeedbackRow.id)))
    assert stored == 2 * THREADS * EACH, stored
    rows = [row(f"feedback, {THREADS} threads x {EACH} (SQLite)", ours_s, base_s,
                "exactly once; ratio >= 0.3",
                note=f"{THREADS * EACH / ours_s:.0f}/s ours, {THREADS * EACH / base_s:.0f}/s "
                     "plain insert")]
    db.dispose()
    return rows


if __name__ == "__main__":
    print_table(main())
