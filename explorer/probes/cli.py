"""`python app.py probe ...` (interface contract)."""

from __future__ import annotations

from typing import Any

from glasshouse.cli import command, not_built


def register(sub: Any) -> None:
    p = command(sub, "probe", "run a bias probe on a model", not_built(6))
    p.add_argument("name")
    p.add_argument("--model", required=True)
    p.add_argument("--config", help="probe configuration file (JSON)")
    p.add_argument("--json", action="store_true")
