"""`python app.py card ...` (interface contract)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from glasshouse.cli_kit import command, emit_json


def _read_spec(path: str, kind: str) -> Any:
    from pathlib import Path

    import yaml

    from cards.spec import parse_spec
    from glasshouse.errors import BadInput

    p = Path(path)
    if not p.is_file():
        raise BadInput("no such file", file=path)
    text = p.read_text(encoding="utf-8")
    if p.suffix.lower() == ".md":  # an existing card: continue from it
        from cards.render import import_readme

        spec = import_readme(text, kind=kind, file=path)  # type: ignore[arg-type]
    else:
        try:
            data = yaml.safe_load(text)  # JSON is YAML too
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise BadInput(f"does not parse: {getattr(exc, 'problem', exc)}", file=path,
                           row=(mark.line + 1) if mark is not None else None) from None
        if not isinstance(data, dict):
            raise BadInput("the spec must be a mapping (JSON object)", file=path)
        data.setdefault("kind", kind)
        spec = parse_spec(data, file=path)
    if spec.kind != kind:
        raise BadInput(f"the spec is a {spec.kind} card but --kind is {kind}", file=path,
                       field="kind")
    return spec


def _build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cards.render import to_html, to_json
    from cards.service import build_card, with_evidence
    from cards.spec import CardSpec
    from glasshouse.db import get_database
    from glasshouse.errors import BadInput
    from glasshouse.users import LOCAL_ADMIN

    spec = _read_spec(args.spec, args.kind) if args.spec else CardSpec(kind=args.kind)
    spec = with_evidence(spec, list(args.evidence or []))
    built = build_card(get_database(), spec, actor=LOCAL_ADMIN)
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        text = to_html(built)
    elif suffix == ".json":
        import json

        text = json.dumps(to_json(built), ensure_ascii=False, indent=2, default=str)
    else:
        text = built.readme
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot write: {exc.strerror}", file=str(out)) from None
    summary = {"out": str(out), "valid": built.check.valid,
               "completeness": built.check.completeness, "missing": built.check.missing,
               "warnings": list(built.warnings) + built.check.warnings,
               "evidence": spec.evidence, "catalog_entries": spec.catalog_entries}
    if args.json:
        emit_json(summary)
    else:
        sys.stderr.write(f"wrote {out} (completeness {built.check.completeness:.0%}, "
                         f"{len(summary['warnings'])} warning(s))\n")
    return 0


def _check(args: argparse.Namespace) -> int:
    from cards.check import check_file

    result = check_file(args.path, kind=None if args.kind == "auto" else args.kind)
    if args.json:
        emit_json(result.model_dump())
    else:
        print(f"{'valid' if result.valid else 'NOT valid'} {result.kind} card, completeness "
              f"{result.completeness:.0%}")
        for e in result.errors:
            print(f"  error: {e}")
        for w in result.warnings:
            print(f"  warning: {w}")
        if result.missing:
            print("  missing: " + ", ".join(result.missing))
    return 0 if result.valid else 1  # like a linter: usable as a gate in CI


def register(sub: Any) -> None:
    card = sub.add_parser("card", help="build and check model and data cards")
    csub = card.add_subparsers(dest="card_command", metavar="ACTION")
    p = command(csub, "build", "draft a card from a spec and stored evidence", _build)
    p.add_argument("--kind", choices=("model", "dataset"), required=True)
    p.add_argument("--spec", help="JSON/YAML spec, or an existing README.md to continue from")
    p.add_argument("--evidence", nargs="*", default=[], metavar="RUN_ID",
                   help="evidence ids to cite; catalog entries as catalog:ENTRY_ID")
    p.add_argument("--out", required=True, help="README.md (or .html / .json)")
    p.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    p = command(csub, "check", "validate a README.md card (exit 0 valid, 1 not valid, 2 bad input)",
                _check)
    p.add_argument("path")
    p.add_argument("--kind", choices=("auto", "model", "dataset"), default="auto")
    p.add_argument("--json", action="store_true")
