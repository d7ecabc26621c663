"""One app for the cards journeys: a fresh database that already holds one probe run (recorded
by a curator) and one catalog entry, served by `app.py serve` until the context ends."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from glasshouse.app_process import start_app


@contextmanager
def app_with_evidence(prefix: str, probe_title: str, probe_payload: dict[str, Any],
                      entry: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Yields (url, evidence id, catalog entry id)."""
    from catalog import service as catalog
    from glasshouse import evidence
    from glasshouse.db import Database
    from glasshouse.users import Actor

    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    db = Database(f"sqlite:///{data_dir / 'glasshouse.db'}")
    db.migrate()
    cora = Actor("cora", "curator")
    eid = evidence.record(db, actor=cora, kind="probe_run", title=probe_title,
                          payload=probe_payload)
    created = catalog.create_entry(db, entry, actor=cora)
    db.dispose()
    app = start_app(data_dir)
    try:
        yield app.url, eid, created.entry.id
    finally:
        app.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
