"""Statistics helpers against direct computation."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.stats import binomtest

from explorer.probes.stats import (bootstrap_ci, bootstrap_diff_ci, permutation_test,
                                   sign_flip_test, sign_test)


@pytest.mark.parametrize("values", [[0.1, 0.5, 0.2, 0.9, 0.4], [1, 0, 0, 1, 1, 1, 0, 1]])
def test_bootstrap_ci_equals_direct_percentile_bootstrap(values) -> None:
    rng = np.random.default_rng(7)
    data = np.asarray(values, dtype=float)
    means = [data[rng.integers(0, len(data), len(data))].mean() for _ in range(500)]
    expected = np.quantile(means, [0.025, 0.975])
    assert bootstrap_ci(values, n_boot=500, seed=7) == pytest.approx(tuple(expected))


def test_bootstrap_ci_brackets_the_mean_and_narrows_with_more_data() -> None:
    rng = np.random.default_rng(0)
    small, large = rng.normal(size=10), rng.normal(size=1000)
    lo_s, hi_s = bootstrap_ci(small)
    lo_l, hi_l = bootstrap_ci(large)
    assert lo_s <= small.mean() <= hi_s and lo_l <= large.mean() <= hi_l
    assert hi_l - lo_l < hi_s - lo_s


def test_bootstrap_of_a_single_unit_is_the_point_and_of_none_is_nan() -> None:
    assert bootstrap_ci([0.3]) == (0.3, 0.3)
    assert all(math.isnan(x) for x in bootstrap_ci([]))


def test_bootstrap_diff_ci_contains_the_observed_difference() -> None:
    a, b = [0.9, 0.8, 0.7, 0.95], [0.1, 0.2, 0.3, 0.15]
    lo, hi = bootstrap_diff_ci(a, b)
    assert lo <= np.mean(a) - np.mean(b) <= hi and lo > 0


def _brute_permutation(a, b):
    pooled = list(a) + list(b)
    obs = abs(np.mean(a) - np.mean(b))
    stats = []
    for idx in itertools.combinations(range(len(pooled)), len(a)):
        x = [pooled[i] for i in idx]
        y = [pooled[i] for i in range(len(pooled)) if i not in idx]
        stats.append(abs(sum(x) / len(x) - sum(y) / len(y)))
    return sum(s >= obs - 1e-12 for s in stats) / len(stats)


@pytest.mark.parametrize("a,b", [([1, 2, 3], [4, 5, 6, 7]), ([0.1, 0.4, 0.2, 0.3], [0.3, 0.2]),
                                 ([5, 5, 5], [5, 5, 5])])
def test_permutation_test_equals_enumeration(a, b) -> None:
    assert permutation_test(a, b) == pytest.approx(_brute_permutation(a, b))


def test_sampled_permutation_test_is_close_to_exact() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.normal(0.5, 1, 9), rng.normal(0, 1, 9)
    exact = permutation_test(a, b, exact_limit=10**6)  # C(18, 9) = 48620 relabellings
    sampled = permutation_test(a, b, exact_limit=10, n_perm=4000)
    assert sampled == pytest.approx(exact, abs=0.03)


@pytest.mark.parametrize("diffs", [[0.5, 0.2, -0.1, 0.4], [1.0, 1.0, 1.0, 1.0, 1.0], [0, 0]])
def test_sign_flip_test_equals_enumeration(diffs) -> None:
    obs = abs(np.mean(diffs))
    stats = [abs(np.mean([s * d for s, d in zip(signs, diffs)]))
             for signs in itertools.product((1, -1), repeat=len(diffs))]
    assert sign_flip_test(diffs) == pytest.approx(np.mean([s >= obs - 1e-12 for s in stats]))


@pytest.mark.parametrize("k,n", [(9, 12), (6, 12), (0, 5), (20, 20), (3, 17)])
def test_sign_test_equals_scipy_binomial_test(k, n) -> None:
    assert sign_test(k, n) == pytest.approx(binomtest(k, n, 0.5).pvalue)
