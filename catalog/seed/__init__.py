"""The starter set: real language resources written by the Glasshouse team from public facts
(names, homepages, languages, licences as stated by their publishers). Licences we could not
confirm from the publisher's own page are marked `needs-review` in the entry's validation."""

from __future__ import annotations

from pathlib import Path

from catalog.importers import ImportReport, import_file
from glasshouse.db import Database
from glasshouse.users import Actor

SEED_FILE = Path(__file__).resolve().parent / "resources.json"


def load_seed(db: Database, *, actor: Actor) -> ImportReport:
    """Load (or refresh) the starter set; all or nothing."""
    report = import_file(db, SEED_FILE, actor=actor, fmt="json")
    if not report.committed:
        from glasshouse.errors import BadInput

        first = report.rejected[0]
        raise BadInput(first.error, file=SEED_FILE.name, row=first.row, field=first.field)
    return report
