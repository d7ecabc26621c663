"""`python app.py scan ...` (interface contract)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from glasshouse.cli_kit import command, emit_json


def _scan(args: argparse.Namespace) -> int:
    from explorer.datasets.profile import scan_file

    def progress(share: float, message: str) -> None:
        if not args.json and sys.stderr.isatty():
            sys.stderr.write(f"\r{int(share * 100):3d}% {message[:70]:<70}")

    from pathlib import Path

    engine = getattr(args, "engine", None)
    if engine or Path(args.file).is_dir():  # batch engines (issue 9): explorer/batch
        from explorer.batch.scan import scan_source
        from glasshouse.errors import BadInput

        if args.anonymize:
            raise BadInput("--anonymize needs the in-memory scan of one file; leave out "
                           "--engine", field="--anonymize")
        prof = scan_source(args.file, engine=engine or "local", workers=args.workers,
                           address=args.ray_address, text_column=args.text_column,
                           languages=args.languages, max_rows=args.max_rows,
                           progress=progress)
    else:
        prof = scan_file(args.file, text_column=args.text_column, languages=args.languages,
                         anonymize=args.anonymize, operators=args.operator,
                         max_rows=args.max_rows, progress=progress)
    if args.json:
        emit_json(prof.to_json())
        return 0
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    from explorer.datasets.report import text_summary

    sys.stdout.write(text_summary(prof) + "\n")
    return 0


def register(sub: Any) -> None:
    p = command(sub, "scan", "profile a dataset file: statistics, languages, duplicates, PII",
                _scan)
    p.add_argument("file")
    p.add_argument("--text-column")
    p.add_argument("--languages", help="comma-separated BCP-47 tags, e.g. en,es,fr")
    p.add_argument("--anonymize", metavar="OUT", help="write an anonymised copy here")
    p.add_argument("--operator", metavar="SPEC",
                   help="how to anonymise: replace|mask|hash|redact, or per entity "
                        "e.g. EMAIL_ADDRESS=hash,*=replace (default replace)")
    p.add_argument("--max-rows", type=int, help="read only the first N rows")
    p.add_argument("--engine", help="batch engine: local, processes or ray (reads Parquet/JSONL "
                   "files and folders in batches; default for folders: local)")
    p.add_argument("--workers", type=int, help="worker processes or Ray actors (default 2)")
    p.add_argument("--ray-address", help="HOST:PORT of an existing Ray cluster (--engine ray)")
    p.add_argument("--json", action="store_true")
