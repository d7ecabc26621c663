"""Statistics helpers shared by the probes: percentile bootstrap CIs and permutation tests.

Pure numpy, seeded, so a stored run can be reproduced exactly."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

Stat = Callable[[Any], float]


def _np() -> Any:
    import numpy as np

    return np


def bootstrap_ci(values: Sequence[float] | Any, stat: Stat | None = None, *, n_boot: int = 2000,
                 level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap CI of `stat` (default: the mean) over resampled rows of `values`.

    `values` may be 1-D (one number per unit) or 2-D (one row per unit); units are resampled
    with replacement. With fewer than two units the interval is the point value itself."""
    np = _np()
    data = np.asarray(values, dtype=float)
    stat = stat or (lambda d: float(np.mean(d)))
    n = len(data)
    if n == 0:
        return (math.nan, math.nan)
    point = float(stat(data))
    if n < 2:
        return (point, point)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_boot, n))
    boots = np.array([stat(data[i]) for i in idx], dtype=float)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(boots, [alpha, 1.0 - alpha])
    return (float(lo), float(hi))


def bootstrap_diff_ci(a: Sequence[float], b: Sequence[float], *, n_boot: int = 2000,
                      level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap CI of mean(a) - mean(b), resampling each group on its own."""
    np = _np()
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(a) == 0 or len(b) == 0:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    ma = a[rng.integers(0, len(a), size=(n_boot, len(a)))].mean(axis=1)
    mb = b[rng.integers(0, len(b), size=(n_boot, len(b)))].mean(axis=1)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(ma - mb, [alpha, 1.0 - alpha])
    return (float(lo), float(hi))


def permutation_test(a: Sequence[float], b: Sequence[float], *, n_perm: int = 5000,
                     seed: int = 0, exact_limit: int = 20000) -> float:
    """Two-sided permutation p-value for a difference in means between two groups.

    Enumerates every relabelling when there are at most `exact_limit` of them, else samples
    `n_perm` random relabellings (then p = (hits + 1) / (n_perm + 1))."""
    np = _np()
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(a) == 0 or len(b) == 0:
        return math.nan
    pooled = np.concatenate([a, b])
    n, k = len(pooled), len(a)
    observed = abs(a.mean() - b.mean())
    total = pooled.sum()
    eps = 1e-12
    if math.comb(n, k) <= exact_limit:
        hits = count = 0
        for chosen in itertools.combinations(range(n), k):
            sa = pooled[list(chosen)].sum()
            diff = abs(sa / k - (total - sa) / (n - k))
            hits += diff >= observed - eps
            count += 1
        return hits / count
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(n_perm):
        perm = rng.permutation(n)
        diff = abs(pooled[perm[:k]].mean() - pooled[perm[k:]].mean())
        hits += diff >= observed - eps
    return (hits + 1) / (n_perm + 1)


def sign_flip_test(diffs: Sequence[float], *, n_perm: int = 5000, seed: int = 0,
                   exact_limit: int = 16) -> float:
    """Two-sided paired permutation test: is the mean of paired differences different from 0?
    Flips the sign of each difference (exactly for up to `exact_limit` pairs)."""
    np = _np()
    d = np.asarray(diffs, dtype=float)
    n = len(d)
    if n == 0:
        return math.nan
    observed = abs(d.mean())
    eps = 1e-12
    if n <= exact_limit:
        signs = np.array(list(itertools.product((1.0, -1.0), repeat=n)))
        means = np.abs((signs * d).mean(axis=1))
        return float(np.mean(means >= observed - eps))
    rng = np.random.default_rng(seed)
    signs = rng.choice((1.0, -1.0), size=(n_perm, n))
    hits = int(np.sum(np.abs((signs * d).mean(axis=1)) >= observed - eps))
    return (hits + 1) / (n_perm + 1)


def sign_test(successes: int, n: int) -> float:
    """Exact two-sided binomial test of a share against 1/2 (the permutation test of which
    sentence in each pair is 'preferred' when the model has no preference)."""
    if n == 0:
        return math.nan
    k = min(successes, n - successes)
    tail = sum(math.comb(n, i) for i in range(0, k + 1)) / 2 ** n
    return float(min(1.0, 2 * tail))
