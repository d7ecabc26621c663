"""`python app.py catalog ...` commands (interface contract)."""

from __future__ import annotations

from typing import Any

from glasshouse.cli import command, not_built

LICENSE_CLASSES = ("commercial", "non-commercial", "academic-only", "unspecified")


def register(sub: Any) -> None:
    cat = sub.add_parser("catalog", help="import, export, search and trace catalog entries")
    csub = cat.add_subparsers(dest="catalog_command", metavar="ACTION")
    p = command(csub, "import", "import entries from a file", not_built(3))
    p.add_argument("file")
    p.add_argument("--format", choices=("csv", "json", "jsonl", "masader", "hf-card"))
    p.add_argument("--partial", action="store_true", help="keep the good rows of a bad file")
    p.add_argument("--json", action="store_true")
    p = command(csub, "export", "export the catalog", not_built(3))
    p.add_argument("--format", choices=("csv", "json", "croissant", "hf-card"), default="json")
    p.add_argument("--out")
    p = command(csub, "search", "search the catalog", not_built(3))
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--language")
    p.add_argument("--license-class", choices=LICENSE_CLASSES)
    p.add_argument("--json", action="store_true")
    p = command(csub, "lineage", "an entry's ancestors and effective licence class", not_built(3))
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
