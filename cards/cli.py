"""`python app.py card ...` (interface contract)."""

from __future__ import annotations

from typing import Any

from glasshouse.cli import command, not_built


def register(sub: Any) -> None:
    card = sub.add_parser("card", help="build and check model and data cards")
    csub = card.add_subparsers(dest="card_command", metavar="ACTION")
    p = command(csub, "build", "draft a card from a spec and stored evidence", not_built(8))
    p.add_argument("--kind", choices=("model", "dataset"), required=True)
    p.add_argument("--spec")
    p.add_argument("--evidence", nargs="*", default=[], metavar="RUN_ID")
    p.add_argument("--out", required=True)
    p = command(csub, "check", "validate a README.md card", not_built(8))
    p.add_argument("path")
    p.add_argument("--json", action="store_true")
