"""Precision and recall of PII findings against labelled spans (per entity type).

A finding matches a labelled span when the entity types are equal and the spans overlap
(detectors differ on whether "+34" or a trailing dot belongs to a phone number)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Span:
    row: int
    start: int
    end: int
    entity_type: str


@dataclass(frozen=True)
class EntityScore:
    entity_type: str
    support: int  # labelled spans
    predicted: int  # findings
    found: int  # labelled spans overlapped by a finding of the same type
    correct: int  # findings that overlap a labelled span of the same type

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.support if self.support else None


def load_labelled(path: Path) -> list[dict]:
    """JSONL rows; lines starting with '#' are comments (the labelling rules at the top)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip() and not line.startswith("#")]


def gold_spans(rows: Sequence[dict]) -> list[Span]:
    return [Span(i, s["start"], s["end"], s["entity_type"])
            for i, r in enumerate(rows) for s in r["spans"]]


def _overlap(a: Span, b: Span) -> bool:
    return a.row == b.row and a.entity_type == b.entity_type and a.start < b.end and b.start < a.end


def score(gold: Iterable[Span], predicted: Iterable[Span]) -> dict[str, EntityScore]:
    gold, predicted = list(gold), list(predicted)
    by_row: dict[int, list[Span]] = defaultdict(list)
    for p in predicted:
        by_row[p.row].append(p)
    gold_by_row: dict[int, list[Span]] = defaultdict(list)
    for g in gold:
        gold_by_row[g.row].append(g)
    types = sorted({s.entity_type for s in gold} | {s.entity_type for s in predicted})
    out = {}
    for t in types:
        g_t = [g for g in gold if g.entity_type == t]
        p_t = [p for p in predicted if p.entity_type == t]
        found = sum(any(_overlap(g, p) for p in by_row[g.row]) for g in g_t)
        correct = sum(any(_overlap(p, g) for g in gold_by_row[p.row]) for p in p_t)
        out[t] = EntityScore(t, len(g_t), len(p_t), found, correct)
    return out


def micro_recall(scores: dict[str, EntityScore], types: Sequence[str] | None = None) -> float:
    chosen = [s for t, s in scores.items() if types is None or t in types]
    support = sum(s.support for s in chosen)
    return sum(s.found for s in chosen) / support if support else 0.0


def f1(s: EntityScore) -> float | None:
    p, r = s.precision, s.recall
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def total(scores: dict[str, EntityScore], types: Sequence[str] | None = None) -> EntityScore:
    """Micro-averaged score over entity types (all of them, or `types`)."""
    chosen = [s for t, s in scores.items() if types is None or t in types]
    return EntityScore("all", sum(s.support for s in chosen), sum(s.predicted for s in chosen),
                       sum(s.found for s in chosen), sum(s.correct for s in chosen))


def score_by_language(rows: Sequence[dict], predicted: Iterable[Span]) -> dict[str, EntityScore]:
    """Micro-averaged score per labelled row language ("language" field of each row)."""
    predicted = list(predicted)
    gold = gold_spans(rows)
    out = {}
    for lang in sorted({r["language"] for r in rows}):
        keep = {i for i, r in enumerate(rows) if r["language"] == lang}
        out[lang] = total(score([g for g in gold if g.row in keep],
                                [p for p in predicted if p.row in keep]))
    return out
