"""`python app.py map ...` (interface contract)."""

from __future__ import annotations

from typing import Any

from glasshouse.cli import command, not_built


def register(sub: Any) -> None:
    p = command(sub, "map", "draw an embedding map of a text column as a standalone HTML file",
                not_built(5))
    p.add_argument("file")
    p.add_argument("--text-column", required=True)
    p.add_argument("--model", default="minilm-en")
    p.add_argument("--out", required=True)
