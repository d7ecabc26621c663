"""`python app.py scan ...` (interface contract)."""

from __future__ import annotations

from typing import Any

from glasshouse.cli import command, not_built


def register(sub: Any) -> None:
    p = command(sub, "scan", "profile a dataset file: statistics, languages, duplicates, PII",
                not_built(4))
    p.add_argument("file")
    p.add_argument("--text-column")
    p.add_argument("--languages", help="comma-separated BCP-47 tags, e.g. en,es,fr")
    p.add_argument("--anonymize", metavar="OUT", help="write an anonymised copy here")
    p.add_argument("--json", action="store_true")
