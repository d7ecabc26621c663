"""Licence reading on the labelled list (tests/catalog/data/license_eval.tsv, written by the
team from public licence names): acceptance rate and class agreement of catalog.licenses,
side by side with the plain `license-expression` baseline (a string counts as read when the
SPDX index validates it; its class by the same SPDX rules), and the time per string.

Usage: python bench/bench_licenses.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import best_of, print_table, row  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "catalog" / "data"
EVAL_FILE = DATA / "license_eval.tsv"
# written after the tables and scored once before any change: 79.6% accepted (39/49),
# 86.5% same class (45/52) on that first run; the reader was then improved with general rules
HELD_OUT = DATA / "license_eval_heldout.tsv"


def _baseline(text: str) -> tuple[str | None, str, bool]:
    from catalog.licenses import _licensing, _valid_spdx, license_facts

    raw = text.strip()
    if _valid_spdx(raw):
        spdx = _licensing().parse(raw).render()
        return spdx, license_facts(spdx).license_class, False
    return None, "unspecified", False


def main() -> list[dict]:
    from catalog import licenses
    from catalog.license_eval import load, score

    for path in (HELD_OUT, EVAL_FILE):
        _report(path)
    rows = load(EVAL_FILE)
    ours, base = score(rows), score(rows, _baseline)
    texts = [r.written for r in rows]

    def run_ours() -> None:
        licenses.read_license.cache_clear()
        for t in texts:
            licenses.read_license(t)

    def run_base() -> None:
        for t in texts:
            _baseline(t)

    return [row(f"read {len(texts)} licence strings (no cache)", best_of(run_ours),
                best_of(run_base), "interactive: < 50 ms for the list",
                f"accepted {ours.accepted.share:.0%} vs {base.accepted.share:.0%}, class "
                f"{ours.same_class.share:.0%} vs {base.same_class.share:.0%}")]


def _report(path: Path) -> None:
    from catalog.license_eval import load, score

    rows = load(path)
    ours, base = score(rows), score(rows, _baseline)
    print(f"== {path.name}")
    print(f"labelled strings: {len(rows)} ({ours.accepted.n} licences, "
          f"{ours.kept_as_text.n} to keep as text)")
    for label, s in (("catalog.licenses", ours), ("license-expression alone", base)):
        print(f"{label}:\n  accepted   {s.accepted}\n  kept as text {s.kept_as_text}\n"
              f"  same id    {s.same_id}\n  same class {s.same_class}\n"
              f"  same version-unknown flag {s.same_version_flag}")
    print(f"misses of catalog.licenses ({len(ours.misses)}):")
    for written, expected, got in ours.misses:
        print(f"  {written!r}: expected {expected}, got {got}")


if __name__ == "__main__":
    print_table(main())
