"""Word associations between groups of identity terms and the other words of the texts,
counted over rows (a word and a group co-occur when both appear in the same row), with a
count-based test per word.

What is listed
--------------
For each pair of groups (A, B) the rows that mention A but not B are compared with the rows that
mention B but not A. A word is tested only when it appears in at least `min_per_group` rows of
EACH of the two groups (and in `min_count` rows overall): a word seen 3 times with one group and
never with the other says nothing, and such words are counted (`one_sided`) but not listed.

For every tested (word, A, B): the share of A-rows and of B-rows that contain the word, the
difference of the two shares with a 95% Newcombe (hybrid Wilson) interval, and a two-sided
Fisher exact test of the 2x2 table. The p-values of ALL tested (word, pair) combinations are
adjusted together with Holm's step-down method (family-wise error rate <= alpha); a word is
"significant" when its adjusted p-value is below alpha. The intervals are 95% intervals of
each word on its own, not adjusted for the number of words.

Scores (nPMI)
-------------
`measure="rows"` (default) -- nPMI over rows:
    nPMI(g, w) = log(p(g, w) / (p(g) p(w))) / -log p(g, w)
with p(g) = share of rows mentioning g, p(w) = share of rows containing w and p(g, w) = share
of rows with both. In [-1, 1]; 0 = independent.

`measure="dmt"` -- the definition of Hugging Face's Data Measurements Tool (its nPMI module, as
we read it), for comparing numbers with it:
    PMI(g, w)  = log( (cooc(g, w) / count(w)) / prop(g) )
    nPMI(g, w) = PMI(g, w) / -log( (cooc(g, w) / sum_v cooc(g, v)) * prop(w) )
where cooc counts rows containing both, count(w) and prop(w) are the word's TOKEN count and
token share in the whole text, and prop(g) is the token share of the group's terms. It mixes
row and token counts and normalises by p(w|g) p(w) instead of p(g, w), so its values are not
bounded by [-1, 1] in general and differ from ours; words never seen with a group get no score
(the tool drops them) instead of -1. Either way the test and the listing rule are the same: only
the score column changes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any, Literal

from explorer.datasets import wordfilter
from glasshouse.stats import wilson

Measure = Literal["rows", "dmt"]
MEASURES = ("rows", "dmt")
MEASURE_HELP = {
    "rows": "nPMI over rows (Glasshouse): p(group), p(word) and p(both) are shares of rows; "
            "-1 = never together, 0 = independent, 1 = always together.",
    "dmt": "nPMI as Hugging Face's Data Measurements Tool computes it: token shares for the word "
           "and the group, row co-occurrence counts, normalised by -log(p(word|group) p(word)); "
           "use it to compare with numbers from that tool (not bounded by -1..1).",
}
ALPHA = 0.05

CAVEAT = ("Associations count co-occurrence in the same row, not meaning: a word can co-occur "
          "with a group because the texts quote, criticise or report on stereotypes. A word is "
          "listed only when it appears with both groups at least the minimum number of times; "
          "a 'clear difference' is one that chance alone would rarely give, even after "
          "allowing for every word tested.")


@dataclass(frozen=True)
class Association:
    word: str
    group: str
    npmi: float
    together: int  # rows with the word and a term of the group
    word_count: int  # rows with the word
    share: float = 0.0  # together / rows mentioning the group
    share_ci: tuple[float, float] = (0.0, 1.0)  # Wilson 95%


@dataclass(frozen=True)
class Skew:
    word: str
    toward: str
    away_from: str
    gap: float  # nPMI(toward, w) - nPMI(away_from, w), by the chosen measure
    counts: dict[str, int]  # group -> rows with the word (rows of that group, not of the other)
    n_rows: dict[str, int]  # group -> rows of that group (not of the other) compared
    difference: float  # share of `toward` rows with the word - share of `away_from` rows
    ci: tuple[float, float]  # 95% Newcombe interval of the difference
    p_value: float  # two-sided Fisher exact
    p_adjusted: float  # Holm over all tested (word, pair) combinations
    significant: bool


@dataclass(frozen=True)
class AssociationReport:
    n_rows: int
    group_rows: dict[str, int]
    associations: dict[str, tuple[Association, ...]]  # group -> top words
    skews: tuple[Skew, ...]  # listed (tested) words, most significant first
    min_count: int
    min_per_group: int = 3
    n_tested: int = 0  # (word, pair) combinations tested and corrected for
    one_sided: int = 0  # words seen often enough, but with only one group of a pair
    measure: str = "rows"
    alpha: float = ALPHA
    n_significant: int = 0  # of all tested, not only of the listed (max_listed) ones
    correction: str = "Holm"
    caveat: str = CAVEAT


def npmi(joint: int, a: int, b: int, n: int) -> float:
    if joint == 0:
        return -1.0
    p_ab, p_a, p_b = joint / n, a / n, b / n
    if p_ab >= 1.0:
        return 1.0
    return math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)


def npmi_dmt(cooc: int, cooc_total: int, word_tokens: int, group_tokens: int,
             n_tokens: int) -> float | None:
    """The Data Measurements Tool's nPMI (see the module docstring); None where it has none."""
    if cooc <= 0 or cooc_total <= 0 or word_tokens <= 0 or group_tokens <= 0 or n_tokens <= 0:
        return None
    p_w, p_g = word_tokens / n_tokens, group_tokens / n_tokens
    pmi = math.log((cooc / word_tokens) / p_g)
    norm = -math.log((cooc / cooc_total) * p_w)
    return None if norm == 0 else pmi / norm


def _newcombe(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """95% interval of k1/n1 - k2/n2 from the two Wilson intervals (Newcombe's method 10)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p1 - p2
    return (max(-1.0, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
            min(1.0, d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)))


@lru_cache(maxsize=4096)
def _null_pmf(na: int, nb: int, k: int) -> tuple[int, object]:
    """Hypergeometric distribution of the A-row count of a word seen in k of na + nb rows."""
    import numpy as np
    from scipy.special import gammaln

    lo, hi = max(0, k - nb), min(k, na)
    x = np.arange(lo, hi + 1, dtype=float)

    def log_choose(n: float, r: Any) -> Any:
        return gammaln(n + 1) - gammaln(r + 1) - gammaln(n - r + 1)

    return lo, np.exp(log_choose(na, x) + log_choose(nb, k - x) - log_choose(na + nb, k))


def fisher_p(x: int, na: int, y: int, nb: int) -> float:
    """Two-sided Fisher exact p-value of the table [[x, na - x], [y, nb - y]]: the total
    probability of the tables (same margins) no more likely than the observed one. Same value
    as scipy.stats.fisher_exact; the null distribution is cached per margins, because many
    words share them."""
    lo, pmf = _null_pmf(na, nb, x + y)
    p_obs = pmf[x - lo]
    return float(min(1.0, pmf[pmf <= p_obs * (1 + 1e-7)].sum()))


@lru_cache(maxsize=256)
def _stop_words(languages: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(wordfilter.stop_words(x) for x in languages))


def _row_languages(languages: Sequence[str | None] | str | None, n: int) -> list[str | None]:
    if languages is None or isinstance(languages, str):
        return [languages] * n
    langs = list(languages)
    if len(langs) != n:
        from glasshouse.errors import BadInput

        raise BadInput(f"{len(langs)} row languages for {n} texts", field="languages")
    return langs


def word_associations(texts: Sequence[str | None], groups: Mapping[str, Sequence[str]], *,
                      min_count: int = 5, min_per_group: int = 3, top: int = 15,
                      list_language: str | None = None,
                      languages: Sequence[str | None] | str | None = None,
                      measure: Measure = "rows", alpha: float = ALPHA,
                      max_listed: int = 60) -> AssociationReport:
    """Associations of words with groups of identity terms (see the module docstring).

    `list_language` is the language of the identity lists; `languages` the detected language
    of each row (or one tag for all rows). Both pick the contraction rules and stop words."""
    if measure not in MEASURES:
        from glasshouse.errors import BadInput

        raise BadInput(f"unknown measure '{measure}': use one of {', '.join(MEASURES)}",
                       field="measure")
    term_group = {t.lower(): g for g, terms in groups.items() for t in terms}
    row_langs = _row_languages(languages, len(texts))
    seen_langs = sorted({lang for lang in row_langs if lang and lang != "und"})
    word_rows: Counter = Counter()
    word_tokens: Counter = Counter()
    group_tokens: Counter = Counter()
    rows_of: dict[str, set[int]] = {g: set() for g in groups}
    words_of_row: list[set[str]] = []
    n = n_tokens = 0
    for i, text in enumerate(texts):
        if text is None:
            continue
        n += 1
        lang = row_langs[i]
        rule_langs = {x for x in (lang, list_language) if x and x != "und"} or None
        stop = _stop_words(tuple(sorted(rule_langs or seen_langs or ["en"])))
        toks = wordfilter.words(str(text), rule_langs)
        n_tokens += len(toks)
        present = set()
        kept = set()
        for t in toks:
            g = term_group.get(t)
            if g is not None:
                present.add(g)
                group_tokens[g] += 1
            elif wordfilter.is_word(t, stop):
                kept.add(t)
                word_tokens[t] += 1
        word_rows.update(kept)
        for g in present:
            rows_of[g].add(len(words_of_row))
        words_of_row.append(kept)
    group_rows = {g: len(rows_of[g]) for g in groups}
    joint: Counter = Counter()  # (group, word) -> rows together
    for g, rows in rows_of.items():
        for r in rows:
            joint.update((g, w) for w in words_of_row[r])
    cooc_total = {g: sum(c for (gg, _), c in joint.items() if gg == g) for g in groups}

    def score(g: str, w: str) -> float | None:
        if measure == "dmt":
            return npmi_dmt(joint[(g, w)], cooc_total[g], word_tokens[w], group_tokens[g],
                            n_tokens)
        return npmi(joint[(g, w)], group_rows[g], word_rows[w], n) if group_rows[g] else None

    assoc: dict[str, tuple[Association, ...]] = {}
    for g in groups:
        items = []
        for w, c in word_rows.items():
            together = joint[(g, w)]
            if c < min_count or together < max(1, min_per_group) or not group_rows[g]:
                continue
            s = score(g, w)
            if s is None:
                continue
            lo, hi = wilson(together, group_rows[g])
            items.append(Association(w, g, round(s, 4), together, c,
                                     round(together / group_rows[g], 4),
                                     (round(lo, 4), round(hi, 4))))
        assoc[g] = tuple(sorted(items, key=lambda a: (-a.npmi, a.word))[:top])

    # one test per (word, pair of groups); rows mentioning both groups of a pair are left out
    candidates = []
    one_sided = set()
    names = [g for g in groups if group_rows[g] > 0]
    for a, b in combinations(names, 2):
        only_a, only_b = rows_of[a] - rows_of[b], rows_of[b] - rows_of[a]
        na, nb = len(only_a), len(only_b)
        if not na or not nb:
            continue
        ka: Counter = Counter(w for r in only_a for w in words_of_row[r])
        kb: Counter = Counter(w for r in only_b for w in words_of_row[r])
        for w in set(ka) | set(kb):
            if word_rows[w] < min_count:
                continue
            x, y = ka[w], kb[w]
            if x < min_per_group or y < min_per_group:
                if max(x, y) >= max(1, min_per_group):
                    one_sided.add(w)
                continue
            candidates.append((w, a, b, x, na, y, nb))
    p_values = [fisher_p(x, na, y, nb) for w, a, b, x, na, y, nb in candidates]
    from glasshouse.stats import holm

    adjusted = [1.0 if p is None else p for p in holm(list(p_values))]
    skews = []
    for (w, a, b, x, na, y, nb), p, q in zip(candidates, p_values, adjusted, strict=True):
        if x / na < y / nb:
            a, b, x, na, y, nb = b, a, y, nb, x, na
        sa, sb = score(a, w), score(b, w)
        gap = (sa - sb) if sa is not None and sb is not None else float("nan")
        lo, hi = _newcombe(x, na, y, nb)
        skews.append(Skew(w, a, b, round(gap, 4), {a: x, b: y}, {a: na, b: nb},
                          round(x / na - y / nb, 4), (round(lo, 4), round(hi, 4)),
                          p, q, q < alpha))
    skews.sort(key=lambda s: (s.p_adjusted, s.p_value, -abs(s.difference), s.word))
    listed_words = {s.word for s in skews}
    return AssociationReport(n, group_rows, assoc, tuple(skews[:max_listed]), min_count,
                             min_per_group, len(candidates), len(one_sided - listed_words),
                             measure, alpha, n_significant=sum(s.significant for s in skews))


def to_json(rep: AssociationReport) -> dict:
    """The `associations --json` object: every listed word with its counts, difference in
    share and 95% interval, p-value, Holm-adjusted p-value and whether it is significant."""
    def num(x: float) -> float | None:
        return None if x != x else x  # NaN (no DMT score) -> null

    return {
        "n_rows": rep.n_rows, "group_rows": rep.group_rows, "measure": rep.measure,
        "min_count": rep.min_count, "min_per_group": rep.min_per_group,
        "n_tested": rep.n_tested, "n_significant": rep.n_significant,
        "one_sided": rep.one_sided, "alpha": rep.alpha,
        "correction": rep.correction, "null": 0.0,
        "words": [{"word": s.word, "toward": s.toward, "away_from": s.away_from,
                   "rows_with_word": s.counts, "rows": s.n_rows, "difference": s.difference,
                   "ci": list(s.ci), "p_value": s.p_value, "p_adjusted": s.p_adjusted,
                   "significant": s.significant, "score_gap": num(s.gap)} for s in rep.skews],
        "top_words": {g: [{"word": a.word, "score": a.npmi, "rows_together": a.together,
                           "share": a.share, "share_ci": list(a.share_ci)} for a in items]
                      for g, items in rep.associations.items()},
        "caveat": rep.caveat,
    }
