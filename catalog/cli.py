"""`python app.py catalog ...` commands (interface contract)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from glasshouse.cli_kit import LazyChoices, LazyText, command, emit_json

from catalog.licenses import LICENSE_CLASSES  # noqa: E402 - the one list of licence classes


def _context() -> tuple[Any, Any]:
    """The database and the acting user of a command run at the keyboard (the local admin:
    the CLI runs with the rights of whoever can run the program and open its database)."""
    from glasshouse.db import get_database
    from glasshouse.users import LOCAL_ADMIN

    return get_database(), LOCAL_ADMIN


def _import(args: argparse.Namespace) -> int:
    from catalog.csv_mapping import parse_map_option
    from catalog.importers import import_file
    from glasshouse.errors import BadInput

    mapping = parse_map_option(args.map)
    db, actor = _context()
    report = import_file(db, args.file, actor=actor, fmt=args.format, partial=args.partial,
                         mapping=mapping)
    if args.json:
        emit_json(report.as_dict())
    else:
        sys.stdout.write(f"imported {report.imported}, updated {report.updated}, "
                         f"rejected {len(report.rejected)} row(s), "
                         f"{len(report.warnings)} warning(s)\n")
        for r in report.rejected:
            sys.stdout.write(f"  row {r.row}, field '{r.field}': {r.error}\n")
        for w in report.warnings:
            sys.stdout.write(f"  warning: row {w.row}, field '{w.field}': {w.error}\n")
    if not report.committed:
        first = report.rejected[0]
        raise BadInput(f"{len(report.rejected)} problem(s), nothing imported (first: "
                       f"{first.error}); fix them or use --partial", file=args.file,
                       row=first.row, field=first.field)
    if args.partial and report.rows and report.imported + report.updated == 0:
        first = report.rejected[0] if report.rejected else None
        raise BadInput(f"nothing imported: all {report.rows} row(s) were rejected"
                       + (f" (first: row {first.row}, field '{first.field}': {first.error})"
                          if first else ""), file=args.file)
    return 0


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from catalog.exporters import export
    from catalog.service import get_entry, list_entries

    db, _ = _context()
    entries = [get_entry(db, args.id)] if args.id else list_entries(db)
    if args.out and not Path(args.out).parent.is_dir():
        from glasshouse.errors import BadInput

        raise BadInput(f"folder '{Path(args.out).parent}' does not exist; create it first",
                       file=args.out, field="out")
    text = export(entries, args.format)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        sys.stderr.write(f"wrote {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} "
                         f"to {args.out}\n")
    else:
        sys.stdout.write(text)
    return 0


def _search(args: argparse.Namespace) -> int:
    from catalog.service import search

    db, _ = _context()
    res = search(db, args.query, language=args.language, region=args.region,
                 license_class=args.license_class,
                 modality=args.modality, access=args.access, family=args.family,
                 limit=args.limit)
    if args.json:
        emit_json({"total": res.total, "results": res.results, "facets": res.facets})
    else:
        sys.stdout.write(f"{res.total} entr{'y' if res.total == 1 else 'ies'}\n")
        for r in res.results:
            sys.stdout.write(f"  {r['id']}: {r['name']} [{', '.join(r['languages'])}] "
                             f"{r['license_class']} ({', '.join(r['licenses']) or 'no licence'})\n")
    return 0


def _lineage(args: argparse.Namespace) -> int:
    from catalog.lineage import lineage

    db, _ = _context()
    got = lineage(db, args.id)
    if args.json:
        emit_json(got)
    else:
        sys.stdout.write(f"{got['id']}: own class {got['license_class']}, effective "
                         f"{got['effective_license_class']}\n")
        for a in got["ancestors"]:
            sys.stdout.write(f"  {'  ' * (a['depth'] - 1)}<- {a['id']} ({a['license_class']})\n")
        for c in got["conflicts"]:
            sys.stdout.write(f"  ! {c['message']}\n")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from catalog.seed import load_seed

    db, actor = _context()
    report = load_seed(db, actor=actor)
    if args.json:
        emit_json(report.as_dict())
    else:
        sys.stdout.write(f"seed: {report.imported} added, {report.updated} updated\n")
    return 0


def _importer_names() -> list[str]:
    from catalog.importers import IMPORTERS

    return IMPORTERS.names()


def _exporter_names() -> list[str]:
    from catalog.exporters import EXPORTERS

    return EXPORTERS.names()


def register(sub: Any) -> None:
    cat = sub.add_parser("catalog", help="import, export, search and trace catalog entries")
    csub = cat.add_subparsers(dest="catalog_command", metavar="ACTION")
    p = command(csub, "import", "import entries from a file", _import)
    p.add_argument("file", help="a file, or a folder of BigScience catalogue entries")
    p.add_argument("--format", choices=LazyChoices(_importer_names), metavar="FORMAT",
                   help=LazyText(lambda: "the file's format: " + ", ".join(_importer_names())
                                 + " (default: recognised from its content)"))
    p.add_argument("--partial", action="store_true",
                   help="keep the good rows of a bad file; a bad optional value is left "
                        "empty (kept as text in the entry's extra fields) and reported")
    p.add_argument("--map", action="append", metavar="COLUMN=field",
                   help="CSV: fill FIELD from COLUMN (repeatable), beside the automatic "
                        "synonyms; field 'extra' keeps the column as an extra field, "
                        "'ignore' leaves it out")
    p.add_argument("--json", action="store_true")
    p = command(csub, "export", "export the catalog", _export)
    p.add_argument("--format", choices=LazyChoices(_exporter_names), default="json",
                   metavar="FORMAT", help=LazyText(lambda: "one of " + ", ".join(
                       _exporter_names()) + " (default: json)"))
    p.add_argument("--out")
    p.add_argument("--id", help="export one entry (needed for hf-card)")
    p = command(csub, "search", "search the catalog", _search)
    p.add_argument("query", nargs="?", default="")
    p.add_argument("--language", help="a language, dialect or tag: 'ar' finds every Arabic "
                   "variety; 'ar-EG' and 'arz' find each other")
    p.add_argument("--region", help="a country or UN M49 region ('EG', '015', 'Northern "
                   "Africa'): finds the entries of every country in it")
    p.add_argument("--license-class", choices=LICENSE_CLASSES)
    p.add_argument("--modality")
    p.add_argument("--access", choices=("open", "gated", "paid", "unknown"))
    p.add_argument("--family", help="language family or branch, e.g. 'Niger-Congo > Bantu'")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p = command(csub, "lineage", "an entry's ancestors and effective licence class", _lineage)
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p = command(csub, "seed", "load the starter set of real language resources", _seed)
    p.add_argument("--json", action="store_true")
