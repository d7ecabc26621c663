"""Exports of the review queue: CSV that spreadsheets cannot execute, and JSON.

The CSV goes through glasshouse.safe_csv (the one formula-safe writer): "=HYPERLINK(...)" typed
into a demo by a visitor shows as text when the owner opens the export (OWASP "CSV injection")."""

from __future__ import annotations

import json
from collections.abc import Iterable
from demos.spec import Feedback
from glasshouse import safe_csv

COLUMNS = ("id", "demo", "demo_version", "model", "category", "group", "language", "comment",
           "input", "output", "tags", "created_at", "run_id")


def to_csv(items: Iterable[Feedback]) -> str:
    def rows():
        for item in items:
            d = item.as_dict()
            d["tags"] = "; ".join(d["tags"])
            yield [d[c] for c in COLUMNS]

    return safe_csv.to_text(COLUMNS, rows(), quote_all=True)


def to_json(items: Iterable[Feedback], slug: str) -> str:
    rows = [i.as_dict() for i in items]
    return json.dumps({"demo": slug, "total": len(rows), "feedback": rows}, ensure_ascii=False,
                      indent=2)
