"""Regression: an import racing with edits of the same entries must not write a history row from
a stale read (PostgreSQL READ COMMITTED: the import read v2, an edit committed v3, the import
then wrote "v3" again with the old `before`, silently overwriting the edit)."""

from __future__ import annotations

import threading
import time

from catalog import service
from catalog.schema import Entry
from glasshouse.errors import Conflict, NotFound
from glasshouse.users import Actor
from tests.faults.audit import all_problems

CORA = Actor("cora", "curator")
ADA = Actor("ada", "admin")


def test_imports_racing_with_edits_and_deletes_keep_history_in_step(db):
    ids = [f"race-{i}" for i in range(6)]
    service.upsert_many(db, [Entry(id=i, name=f"Race {i}") for i in ids], actor=CORA)
    stop = time.monotonic() + 3.0
    errors: list[BaseException] = []

    def editor(k: int) -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            eid = ids[n % len(ids)]
            try:
                cur = service.get_stored(db, eid)
                if k == 1 and n % 7 == 0:
                    service.delete_entry(db, eid, expected_version=cur.version, actor=ADA)
                else:
                    service.update_entry(db, eid, cur.entry.model_copy(
                        update={"description": f"edit {k}.{n}"}),
                        expected_version=cur.version, actor=CORA)
            except (Conflict, NotFound):
                pass
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                errors.append(exc)
                return

    def importer() -> None:
        n = 0
        while time.monotonic() < stop:
            n += 1
            try:
                service.upsert_many(db, [Entry(id=i, name=f"Race {i}", description=f"imp {n}")
                                         for i in ids], actor=CORA)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
                return

    threads = [threading.Thread(target=editor, args=(k,)) for k in range(2)]
    threads += [threading.Thread(target=importer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all_problems(db) == []
