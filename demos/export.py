"""Exports of the review queue: CSV that spreadsheets cannot execute, and JSON.

A cell starting with = + - @ (or a tab / carriage return, which some spreadsheets skip before
reading a formula) is prefixed with an apostrophe, so "=HYPERLINK(...)" typed into a demo by a
visitor shows as text when the owner opens the export (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from demos.spec import Feedback

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("id", "demo", "demo_version", "model", "category", "group", "language", "comment",
           "input", "output", "tags", "created_at", "run_id")


def neutralise(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(items: Iterable[Feedback]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        d = item.as_dict()
        d["tags"] = "; ".join(d["tags"])
        writer.writerow([neutralise(d[c]) for c in COLUMNS])
    return buf.getvalue()


def to_json(items: Iterable[Feedback], slug: str) -> str:
    rows = [i.as_dict() for i in items]
    return json.dumps({"demo": slug, "total": len(rows), "feedback": rows}, ensure_ascii=False,
                      indent=2)
