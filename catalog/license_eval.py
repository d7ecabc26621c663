"""Scoring the licence reader against a labelled list (tests/catalog/data/license_eval.tsv):
acceptance (read as a licence rather than kept as text), id, class and version-unknown
agreement, each with its n and a Wilson 95% interval. Used by the test and by
bench/bench_licenses.py."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from catalog.licenses import license_facts, read_license
from glasshouse.errors import BadInput
from glasshouse.stats import wilson

UNREADABLE = "?"  # the label for text that should be kept as written (class unspecified)


@dataclass(frozen=True)
class Labelled:
    written: str
    spdx: str
    license_class: str
    version_unknown: bool


@dataclass(frozen=True)
class Rate:
    k: int
    n: int

    @property
    def share(self) -> float:
        return self.k / self.n if self.n else 0.0

    @property
    def ci(self) -> tuple[float, float]:
        return wilson(self.k, self.n)

    def __str__(self) -> str:
        lo, hi = self.ci
        return f"{self.share:.1%} ({self.k}/{self.n}; 95% CI {lo:.1%}-{hi:.1%})"


@dataclass(frozen=True)
class Score:
    accepted: Rate          # strings labelled as a licence that we read as one
    kept_as_text: Rate      # strings labelled unreadable that we kept with a warning
    same_id: Rate
    same_class: Rate
    same_version_flag: Rate
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # written, expected, got


def load(path: Path) -> list[Labelled]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    for i, rec in enumerate(csv.DictReader(lines, delimiter="\t"), start=1):
        if None in rec or not rec.get("written"):
            raise BadInput("needs 4 tab-separated columns", file=path.name, row=i)
        rows.append(Labelled(rec["written"], rec["id"], rec["class"],
                             rec["version_unknown"] == "1"))
    return rows


def _ours(text: str) -> tuple[str | None, str, bool]:
    reading = read_license(text)
    facts = license_facts(reading.spdx)
    return (reading.spdx if reading.recognised else None, facts.license_class,
            facts.version_unknown)


def score(rows: list[Labelled],
          reader: Callable[[str], tuple[str | None, str, bool]] = _ours) -> Score:
    """`reader(text)` -> (id or None when kept as text, class, version_unknown)."""
    acc = kept = ids = cls = ver = 0
    n_licences = sum(r.spdx != UNREADABLE for r in rows)
    misses = []
    for r in rows:
        got_id, got_class, got_version = reader(r.written)
        if r.spdx == UNREADABLE:
            kept += got_id is None
            ids += got_id is None
        else:
            acc += got_id is not None
            ids += got_id == r.spdx
        cls += got_class == r.license_class
        ver += got_version == r.version_unknown
        if (got_id or UNREADABLE) != r.spdx or got_class != r.license_class:
            misses.append((r.written, f"{r.spdx} {r.license_class}",
                           f"{got_id or UNREADABLE} {got_class}"))
    n = len(rows)
    return Score(Rate(acc, n_licences), Rate(kept, n - n_licences), Rate(ids, n), Rate(cls, n),
                 Rate(ver, n), misses)
