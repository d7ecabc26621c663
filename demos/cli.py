"""`python app.py demos ...`: list demos and export their feedback (demos are built in the
browser). Whoever can run these commands can read the database file, so they act as the local
admin, like the app does on loopback with no users."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from glasshouse.cli_kit import command, emit_json

from demos.spec import CATEGORIES


def register(sub: Any) -> None:
    demos = sub.add_parser("demos", help="list stakeholder demos and export their feedback")
    dsub = demos.add_subparsers(dest="demos_command", metavar="ACTION")
    p = command(dsub, "list", "list demos with their links and feedback counts", _list)
    p.add_argument("--json", action="store_true")
    p = command(dsub, "export", "export a demo's feedback (formula-safe CSV or JSON)", _export)
    p.add_argument("slug")
    p.add_argument("--format", choices=("csv", "json"), default="json")
    p.add_argument("--category", action="append", choices=CATEGORIES,
                   help="only this category (repeatable)")
    p.add_argument("--out", help="write to this file instead of stdout")


def _list(args: argparse.Namespace) -> int:
    from demos import review, service
    from glasshouse.db import get_database
    from glasshouse.users import LOCAL_ADMIN

    db = get_database()
    rows = []
    for d in service.list_demos(db, actor=LOCAL_ADMIN):
        s = review.summarise(service.list_feedback(db, d.slug, actor=LOCAL_ADMIN))
        rows.append({"slug": d.slug, "title": d.spec.title, "owner": d.owner,
                     "version": d.version, "public": d.public, "task": d.spec.task,
                     "model": d.spec.model,
                     "path": f"{'/demo' if d.public else '/demo-members'}/?slug={d.slug}",
                     "feedback": s.n, "counts": s.by_category})
    if args.json:
        emit_json({"total": len(rows), "demos": rows})
    else:
        for r in rows:
            print(f"{r['slug']}\tv{r['version']}\t{r['feedback']} feedback\t{r['path']}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from demos import service
    from glasshouse.db import get_database
    from glasshouse.users import LOCAL_ADMIN

    body = service.export_feedback(get_database(), args.slug, args.format, actor=LOCAL_ADMIN,
                                   filters={"categories": args.category or []})
    if args.out:
        Path(args.out).write_text(body, encoding="utf-8", newline="")
        sys.stderr.write(f"wrote {args.out}\n")
    else:
        sys.stdout.write(body if body.endswith("\n") else body + "\n")
    return 0
