"""Word associations: normalised pointwise mutual information (nPMI) between groups of identity
terms and the dataset's vocabulary, counted over rows (a word and a group co-occur when both
appear in the same row).

nPMI(g, w) = log(p(g, w) / (p(g) p(w))) / -log p(g, w), in [-1, 1]: 1 = always together,
0 = independent, -1 = never together. A word "skews" toward group A over B when
nPMI(A, w) - nPMI(B, w) is large."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from explorer.datasets.stats import STOPWORDS, tokenize

CAVEAT = ("Associations count co-occurrence in the same row, not meaning: a word can co-occur "
          "with a group because the texts quote, criticise or report on stereotypes. Rare "
          "words give unstable scores; raise the minimum count to see only well-supported ones.")


@dataclass(frozen=True)
class Association:
    word: str
    group: str
    npmi: float
    together: int  # rows with the word and a term of the group
    word_count: int  # rows with the word


@dataclass(frozen=True)
class Skew:
    word: str
    toward: str
    away_from: str
    gap: float
    counts: dict[str, int]


@dataclass(frozen=True)
class AssociationReport:
    n_rows: int
    group_rows: dict[str, int]
    associations: dict[str, tuple[Association, ...]]  # group -> top words
    skews: tuple[Skew, ...]
    min_count: int
    caveat: str = CAVEAT


def npmi(joint: int, a: int, b: int, n: int) -> float:
    if joint == 0:
        return -1.0
    p_ab, p_a, p_b = joint / n, a / n, b / n
    if p_ab >= 1.0:
        return 1.0
    return math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)


def word_associations(texts: Sequence[str | None], groups: Mapping[str, Sequence[str]], *,
                      min_count: int = 5, top: int = 15) -> AssociationReport:
    term_group = {t.lower(): g for g, terms in groups.items() for t in terms}
    word_rows: Counter = Counter()
    group_rows: Counter = Counter()
    joint: Counter = Counter()  # (group, word)
    n = 0
    for text in texts:
        if text is None:
            continue
        n += 1
        toks = set(tokenize(str(text)))
        present = {term_group[t] for t in toks if t in term_group}
        words = {t for t in toks if t not in term_group and t not in STOPWORDS
                 and not t.isdigit() and len(t) > 1}
        word_rows.update(words)
        group_rows.update(present)
        for g in present:
            joint.update((g, w) for w in words)
    assoc: dict[str, tuple[Association, ...]] = {}
    scores: dict[str, dict[str, float]] = {g: {} for g in groups}
    for g in groups:
        rows = []
        for w, c in word_rows.items():
            if c < min_count or group_rows[g] == 0:
                continue
            s = npmi(joint[(g, w)], group_rows[g], c, n)
            scores[g][w] = s
            if joint[(g, w)] > 0:
                rows.append(Association(w, g, round(s, 4), joint[(g, w)], c))
        assoc[g] = tuple(sorted(rows, key=lambda a: (-a.npmi, a.word))[:top])
    skews = []
    names = [g for g in groups if group_rows[g] > 0]
    for w, c in word_rows.items():
        if c < min_count or len(names) < 2:
            continue
        ranked = sorted(names, key=lambda g: scores[g].get(w, -1.0), reverse=True)
        hi, lo = ranked[0], ranked[-1]
        gap = scores[hi].get(w, -1.0) - scores[lo].get(w, -1.0)
        if joint[(hi, w)] >= 2 and gap > 0:
            skews.append(Skew(w, hi, lo, round(gap, 4), {g: joint[(g, w)] for g in names}))
    skews.sort(key=lambda s: (-s.gap, s.word))
    return AssociationReport(n, {g: group_rows[g] for g in groups}, assoc,
                             tuple(skews[:top * 2]), min_count)
