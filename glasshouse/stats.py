"""The one statistics module of Glasshouse: intervals, resampling tests and multiple-comparison
corrections, with one convention everywhere.

- Proportions: `wilson` (Wilson score interval) and `binomial_test` (exact, two-sided).
- Intervals of other statistics: `bootstrap_ci`, a percentile bootstrap that resamples each
  sample on its own (units along the first axis, so a unit may be a row of numbers).
- Tests: `permutation_test` (relabel units between two groups, optionally only within strata)
  and `sign_flip_test` (paired differences, null: symmetric about 0). Both enumerate every
  relabelling when there are at most `exact_limit` of them and otherwise draw `n_resamples`
  random ones. The observed labelling always counts as one of the relabellings, so a p-value
  is never 0: exact p = hits / count (the identity is among them), sampled
  p = (hits + 1) / (n_resamples + 1).
- Corrections: `holm` (family-wise error, any dependence; what the probes use) and
  `benjamini_hochberg` (false-discovery rate, for many exploratory tests).

numpy is imported inside the functions that need it, so importing `wilson` stays cheap.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Z95 = 1.959963984540054  # two-sided 95% quantile of the standard normal
MIN_BOOTSTRAP_UNITS = 3
Alternative = Literal["two-sided", "greater"]
Correction = Literal["holm", "benjamini-hochberg"]


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for the proportion k/n (95% by default).

    n == 0 says nothing, so the interval is the whole [0, 1]."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"wilson needs 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)  # exact ends, not 0.9999999999999999
    hi = 1.0 if k == n else min(1.0, centre + half)
    return (lo, hi)


def binomial_test(k: int, n: int, p: float = 0.5) -> float:
    """Exact two-sided binomial test of k successes in n against the share `p` (scipy's
    minimum-likelihood two-sided p). n == 0 gives 1.0: no data, no evidence."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"binomial_test needs 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return 1.0
    from scipy.stats import binomtest

    return float(binomtest(k, n, p).pvalue)


# ------------------------------------------------------------------ bootstrap


def bootstrap_ci(*samples: Any, stat: Callable[..., Any] | None = None, n_resamples: int = 2000,
                 level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of `stat(*samples)`.

    Each sample is resampled with replacement along its first axis (a unit may be one number
    or a row). `stat` is vectorised: it receives each resampled sample with a leading batch
    axis, shape (B, n_i, ...), and returns B values; the default is the mean of one sample
    (`bootstrap_ci(x)`) or the difference of two means (`bootstrap_ci(a, b)`). With fewer
    than MIN_BOOTSTRAP_UNITS units in any sample the resamples cannot show the spread (one
    unit gives a zero-width interval, two units the range of two numbers): (nan, nan)."""
    np = _np()
    data = [np.asarray(s, dtype=float) for s in samples]
    if not data or len(data) > 2 and stat is None:
        raise ValueError("bootstrap_ci needs one or two samples, or a stat")
    if any(len(d) < MIN_BOOTSTRAP_UNITS for d in data):
        return (math.nan, math.nan)
    if stat is None:
        stat = _mean if len(data) == 1 else _mean_difference
    rng = np.random.default_rng(seed)
    values: list[Any] = []
    chunk = max(1, min(n_resamples, 2_000_000 // max(1, sum(d.size for d in data))))
    done = 0
    while done < n_resamples:
        b = min(chunk, n_resamples - done)
        resampled = [d[rng.integers(0, len(d), size=(b, len(d)))] for d in data]
        values.append(np.asarray(stat(*resampled), dtype=float).reshape(b))
        done += b
    boots = np.concatenate(values)
    boots = boots[np.isfinite(boots)]
    if len(boots) < n_resamples // 2:
        return (math.nan, math.nan)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(boots, [alpha, 1.0 - alpha])
    return (float(lo), float(hi))


def _mean(x: Any) -> Any:
    return x.mean(axis=1)


def _mean_difference(a: Any, b: Any) -> Any:
    return a.mean(axis=1) - b.mean(axis=1)


# ------------------------------------------------------------------ permutation tests


@dataclass(frozen=True)
class TestResult:
    """A resampling test: the observed statistic, its p-value, how many relabellings were
    compared, and whether they were all of them (exact) or a random sample."""

    statistic: float
    p_value: float
    n_resamples: int
    exact: bool
    smallest_possible_p: float  # what the most extreme relabelling would get (design limit)


def _np() -> Any:
    import numpy as np

    return np


def _result(observed: float, null: Any, *, exact: bool,
            alternative: Alternative) -> TestResult:
    np = _np()
    null = np.asarray(null, dtype=float)
    stat = observed
    if alternative == "two-sided":
        observed, null = abs(observed), np.abs(null)

    def p_of(value: float) -> float:
        tol = 1e-9 * max(1.0, abs(value))  # ties within rounding count as "as extreme"
        hits = int(np.sum(null >= value - tol))
        if exact:
            return hits / len(null)  # the observed labelling is one of the enumerated ones
        return (hits + 1) / (len(null) + 1)

    smallest = p_of(float(null.max())) if exact else 1.0 / (len(null) + 1)
    return TestResult(stat, p_of(observed), len(null), exact, smallest)


def _stratum_index(strata: Sequence[Any] | None, n: int) -> list[Any]:
    np = _np()
    if strata is None:
        return [np.arange(n)]
    keys = list(strata)
    if len(keys) != n:
        raise ValueError("strata must give one stratum per unit")
    order: dict[Any, list[int]] = {}
    for i, k in enumerate(keys):
        order.setdefault(k, []).append(i)
    return [np.asarray(ix) for ix in order.values()]


def count_relabellings(labels: Sequence[bool], strata: Sequence[Any] | None = None) -> int:
    """How many distinct labellings keep each stratum's group sizes (the exact-test size)."""
    np = _np()
    lab = np.asarray(labels, dtype=bool)
    return math.prod(math.comb(len(ix), int(lab[ix].sum()))
                     for ix in _stratum_index(strata, len(lab)))


def permutation_test(labels: Sequence[bool], stat: Callable[[Any], Any], *,
                     strata: Sequence[Any] | None = None, alternative: Alternative = "two-sided",
                     n_resamples: int = 9999, exact_limit: int = 20000,
                     seed: int = 0) -> TestResult:
    """Two-group permutation test over units.

    `labels[i]` says whether unit i is in the first group. `stat` is vectorised: it receives a
    boolean matrix (K, n) of labellings and returns K statistics. Under the null the labels are
    exchangeable (within each stratum when `strata` is given, e.g. the prompt a text came
    from). "two-sided" compares |stat|; "greater" compares stat (for statistics that are large
    when the groups differ, such as a distance)."""
    np = _np()
    lab = np.asarray(labels, dtype=bool)
    n = len(lab)
    if n == 0 or lab.all() or not lab.any():
        raise ValueError("a permutation test needs units in both groups")
    observed = float(np.asarray(stat(lab[None, :]), dtype=float).reshape(-1)[0])
    groups = _stratum_index(strata, n)
    total = count_relabellings(lab, strata)
    if total <= exact_limit:
        # dtype=int: a stratum with no unit of the first group gives an empty choice, which
        # numpy would otherwise make a float array that cannot index
        per_stratum = [[np.asarray(c, dtype=int)
                        for c in itertools.combinations(ix, int(lab[ix].sum()))]
                       for ix in groups]
        null = []
        for chunk in _batched(itertools.product(*per_stratum), 4096):
            mat = np.zeros((len(chunk), n), dtype=bool)
            for r, chosen in enumerate(chunk):
                for c in chosen:
                    mat[r, c] = True
            null.append(np.asarray(stat(mat), dtype=float).reshape(-1))
        return _result(observed, np.concatenate(null), exact=True, alternative=alternative)
    rng = np.random.default_rng(seed)
    null = []
    done = 0
    while done < n_resamples:
        b = min(4096, n_resamples - done)
        mat = np.empty((b, n), dtype=bool)
        for ix in groups:
            sub = np.broadcast_to(lab[ix], (b, len(ix)))
            mat[:, ix] = rng.permuted(sub, axis=1)
        null.append(np.asarray(stat(mat), dtype=float).reshape(-1))
        done += b
    return _result(observed, np.concatenate(null), exact=False, alternative=alternative)


def sign_flip_test(diffs: Sequence[float], *, n_resamples: int = 9999,
                   exact_limit: int = 20000, seed: int = 0) -> TestResult:
    """Paired test: is the mean of the paired differences different from 0 (two-sided)?
    Under the null each difference is as likely to be positive as negative, so its sign is
    flipped; every sign pattern is enumerated when there are at most `exact_limit`."""
    np = _np()
    d = np.asarray(diffs, dtype=float)
    n = len(d)
    if n == 0:
        raise ValueError("a sign-flip test needs at least one difference")
    observed = float(d.mean())
    if 2 ** n <= exact_limit:
        signs = np.array(list(itertools.product((1.0, -1.0), repeat=n)))
        return _result(observed, (signs * d).mean(axis=1), exact=True, alternative="two-sided")
    rng = np.random.default_rng(seed)
    null = []
    done = 0
    while done < n_resamples:
        b = min(4096, n_resamples - done)
        signs = rng.choice((1.0, -1.0), size=(b, n))
        null.append((signs * d).mean(axis=1))
        done += b
    return _result(observed, np.concatenate(null), exact=False, alternative="two-sided")


def mean_difference_test(a: Sequence[float], b: Sequence[float], *,
                         strata: Sequence[Any] | None = None, n_resamples: int = 9999,
                         exact_limit: int = 20000, seed: int = 0) -> TestResult:
    """Two-sided permutation test of mean(a) - mean(b) (`strata` lists a's strata, then b's)."""
    np = _np()
    values = np.concatenate([np.asarray(a, dtype=float), np.asarray(b, dtype=float)])
    labels = np.arange(len(values)) < len(a)

    def stat(mat: Any) -> Any:
        na = mat.sum(axis=1)
        sa = mat @ values
        return sa / na - (values.sum() - sa) / (len(values) - na)

    return permutation_test(labels, stat, strata=strata, n_resamples=n_resamples,
                            exact_limit=exact_limit, seed=seed)


def _batched(it: Any, size: int) -> Any:
    batch: list[Any] = []
    for x in it:
        batch.append(x)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# ------------------------------------------------------------------ multiple comparisons


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjustment (controls the family-wise error rate under any dependence).
    None (no test) stays None and does not count towards the family."""
    tested = _tested(p_values)
    out: list[float | None] = [None] * len(p_values)
    m = len(tested)
    running = 0.0
    for rank, (i, p) in enumerate(sorted(tested.items(), key=lambda kv: kv[1])):
        running = max(running, min(1.0, (m - rank) * p))
        out[i] = running
    return out


def _tested(p_values: Sequence[float | None]) -> dict[int, float]:
    return {i: float(p) for i, p in enumerate(p_values) if p is not None and not math.isnan(p)}


def benjamini_hochberg(p_values: Sequence[float | None]) -> list[float | None]:
    """Benjamini-Hochberg adjusted p-values (controls the false-discovery rate for independent
    or positively dependent tests). None stays None."""
    tested = _tested(p_values)
    out: list[float | None] = [None] * len(p_values)
    m = len(tested)
    running = 1.0
    ranked = sorted(tested.items(), key=lambda kv: kv[1])
    for rank in range(m - 1, -1, -1):
        i, p = ranked[rank]
        running = min(running, p * m / (rank + 1))
        out[i] = running
    return out


def adjust(p_values: Sequence[float | None], method: Correction = "holm") -> list[float | None]:
    if method == "holm":
        return holm(p_values)
    if method == "benjamini-hochberg":
        return benjamini_hochberg(p_values)
    raise ValueError(f"unknown correction '{method}' (holm, benjamini-hochberg)")
