"""`python app.py scan ...` (interface contract) and `python app.py associations ...`."""

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


def _associations(args: argparse.Namespace) -> int:
    from explorer.datasets.associations import to_json, word_associations
    from explorer.datasets.identity_terms import TERMS, parse_groups
    from explorer.datasets.loading import load_table
    from explorer.datasets.column_stats import pick_text_column
    from glasshouse.errors import BadInput

    table = load_table(args.file, max_rows=args.max_rows)
    col = pick_text_column(table.frame, args.text_column, table.file)
    if args.groups:
        groups = parse_groups(args.groups.replace(";", "\n"))
    else:
        lists = TERMS.get(args.list_language)
        if lists is None or args.category not in lists:
            raise BadInput(f"no built-in '{args.category}' lists for '{args.list_language}' "
                           "(give --groups)", field="--category")
        groups = lists[args.category]
    texts = [None if v is None or (isinstance(v, float) and v != v) else str(v)
             for v in table.frame[col].tolist()]
    row_langs = None
    if args.languages:
        from explorer.datasets.languages import detect, parse_languages

        row_langs = list(detect(texts, parse_languages(args.languages)).tags)
    rep = word_associations(texts, groups, min_count=args.min_count,
                            min_per_group=args.min_per_group, list_language=args.list_language,
                            languages=row_langs, measure=args.measure)
    out = to_json(rep)
    if args.json:
        emit_json({"file": table.file, "text_column": col, **out})
        return 0
    sys.stdout.write(f"{table.file}: {rep.n_rows} rows; rows per group: {rep.group_rows}; "
                     f"{rep.n_tested} comparisons, {rep.n_significant} clear differences "
                     "(Holm)\n")
    for w in out["words"][:20]:
        who = (f"{w['toward']} {w['difference']:+.1%} vs {w['away_from']}" if w["difference"]
               else f"same share with {w['toward']} and {w['away_from']}")
        sys.stdout.write(f"{w['word']}: {who} (95% {w['ci'][0]:+.1%}..{w['ci'][1]:+.1%}, "
                         f"p adj {w['p_adjusted']:.3g})\n")
    sys.stdout.write(f"Caveat: {rep.caveat}\n")
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

    a = command(sub, "associations",
                "words that appear more with one group of identity terms than another, with "
                "a Fisher exact test per word and Holm's correction", _associations)
    a.add_argument("file")
    a.add_argument("--text-column")
    a.add_argument("--groups", help="'name: word, word; name: word, ...' (default: the built-in "
                   "lists of --list-language and --category)")
    a.add_argument("--list-language", default="en", help="language of the identity lists")
    a.add_argument("--category", default="gender", help="gender, religion, nationality, age")
    a.add_argument("--languages", help="detect each row's language among these (e.g. "
                   "en,it,pt) to leave out its function words")
    a.add_argument("--min-count", type=int, default=5, help="rows a word must appear in")
    a.add_argument("--min-per-group", type=int, default=3,
                   help="rows a word must share with EACH of two groups to be compared")
    a.add_argument("--measure", choices=("rows", "dmt"), default="rows",
                   help="score: nPMI over rows, or the Data Measurements Tool's nPMI")
    a.add_argument("--max-rows", type=int, help="read only the first N rows")
    a.add_argument("--json", action="store_true")
