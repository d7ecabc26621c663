"""Aggregates of the review queue (pure): counts by category, group and language, with the
share flagged as a problem and its Wilson 95% interval."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from demos.spec import CATEGORIES, PROBLEMS, Feedback
from glasshouse.stats import wilson

UNSPECIFIED = "(not given)"



@dataclass(frozen=True)
class Breakdown:
    key: str
    counts: dict[str, int]  # category -> n

    @property
    def n(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Summary:
    n: int
    by_category: dict[str, int]
    flagged: int
    flagged_ci: tuple[float, float]
    by_group: tuple[Breakdown, ...]
    by_language: tuple[Breakdown, ...]
    caveat: str = ("Feedback comes from the people who chose to try the demo and to comment: "
                   "it shows what can go wrong, not how often it goes wrong for everyone.")

    def text(self) -> str:
        if self.n == 0:
            return "No feedback yet."
        lo, hi = self.flagged_ci
        cats = ", ".join(f"{self.by_category.get(c, 0)} {c}" for c in CATEGORIES)
        return (f"n = {self.n} feedback items ({cats}). {self.flagged} flagged as a problem "
                f"({self.flagged / self.n:.0%}; 95% CI {lo:.0%} to {hi:.0%}). {self.caveat}")


def _breakdown(items: Sequence[Feedback], attr: str) -> tuple[Breakdown, ...]:
    """Counts per value of `attr`; for "groups" an item counts once under each group it names
    (so the bars of several groups can add up to more than n)."""
    groups: dict[str, Counter[str]] = {}
    for i in items:
        value = getattr(i, attr)
        keys = value if isinstance(value, list) else [value]
        for key in [(k or "").strip() for k in keys] or [""]:
            groups.setdefault(key or UNSPECIFIED, Counter())[i.category] += 1
    return tuple(sorted((Breakdown(k, dict(c)) for k, c in groups.items()),
                        key=lambda b: (-b.n, b.key)))


def summarise(items: Sequence[Feedback]) -> Summary:
    cats = Counter(i.category for i in items)
    flagged = sum(cats[c] for c in PROBLEMS)
    return Summary(len(items), {c: cats.get(c, 0) for c in CATEGORIES}, flagged,
                   wilson(flagged, len(items)), _breakdown(items, "groups"),
                   _breakdown(items, "language"))
