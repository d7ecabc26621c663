"""Runs every bench/bench_*.py (or those named) and prints one table of ratios against the
plain-library baselines. Usage: python -m bench.run [startup pii ...] [--json FILE]"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import traceback
from pathlib import Path

from bench.common import print_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("names", nargs="*", help="e.g. startup pii (default: all)")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    found = sorted(p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py"))
    names = args.names or found
    rows, failed = [], []
    for name in names:
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            rows.extend(importlib.import_module(f"bench.bench_{name}").main())
        except Exception:  # noqa: BLE001 - report and go on with the others
            traceback.print_exc()
            failed.append(name)
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
