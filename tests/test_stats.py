import pytest

from glasshouse.stats import wilson


@pytest.mark.parametrize("k,n", [(37, 400), (0, 10), (10, 10), (5, 10), (1, 3), (999, 1000)])
def test_wilson_matches_scipy(k, n):
    from scipy.stats import binomtest

    ref = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    got = wilson(k, n)
    assert got[0] == pytest.approx(ref.low, abs=1e-9) and got[1] == pytest.approx(ref.high, abs=1e-9)


def test_wilson_ends_are_exact_for_all_or_nothing():
    assert wilson(0, 7)[0] == 0.0 and wilson(7, 7)[1] == 1.0


def test_wilson_with_no_observations_is_the_whole_interval():
    assert wilson(0, 0) == (0.0, 1.0)


def test_wilson_narrows_as_n_grows():
    widths = [wilson(n // 4, n)[1] - wilson(n // 4, n)[0] for n in (8, 80, 800)]
    assert widths[0] > widths[1] > widths[2]


@pytest.mark.parametrize("k,n", [(-1, 5), (6, 5), (0, -1)])
def test_wilson_rejects_impossible_counts(k, n):
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson(k, n)


# ------------------------------------------------------------------ resampling tests
import itertools  # noqa: E402
import math  # noqa: E402

import numpy as np  # noqa: E402

from glasshouse.stats import (adjust, benjamini_hochberg, binomial_test, bootstrap_ci,  # noqa: E402
                              count_relabellings, holm, mean_difference_test, permutation_test,
                              sign_flip_test)


def _brute_two_sided(a, b):
    pooled = list(a) + list(b)
    obs = abs(np.mean(a) - np.mean(b))
    stats = []
    for idx in itertools.combinations(range(len(pooled)), len(a)):
        x = [pooled[i] for i in idx]
        y = [pooled[i] for i in range(len(pooled)) if i not in idx]
        stats.append(abs(np.mean(x) - np.mean(y)))
    return sum(s >= obs - 1e-9 for s in stats) / len(stats)


@pytest.mark.parametrize("a,b", [([1, 2, 3], [4, 5, 6, 7]), ([0.1, 0.4, 0.2, 0.3], [0.3, 0.2]),
                                 ([5, 5, 5], [5, 5, 5]), ([0, 1, 0, 1, 1], [0, 0, 0])])
def test_exact_permutation_test_equals_enumeration_including_the_observed(a, b):
    res = mean_difference_test(a, b)
    assert res.exact and res.n_resamples == math.comb(len(a) + len(b), len(a))
    assert res.p_value == pytest.approx(_brute_two_sided(a, b))
    assert res.p_value >= res.smallest_possible_p > 0


def test_smallest_possible_p_counts_the_mirror_labelling_of_a_symmetric_statistic():
    # 2 + 2 units: 6 relabellings; |mean difference| is the same for a labelling and its mirror
    res = mean_difference_test([10.0, 11.0], [0.0, 1.0])
    assert res.exact and res.smallest_possible_p == pytest.approx(2 / 6)
    assert res.p_value == pytest.approx(2 / 6)
    assert sign_flip_test([1.0, 2.0, 3.0]).smallest_possible_p == pytest.approx(2 / 8)


def test_sampled_permutation_p_is_close_to_exact_and_never_zero():
    rng = np.random.default_rng(1)
    a, b = rng.normal(0.5, 1, 9), rng.normal(0, 1, 9)
    exact = mean_difference_test(a, b, exact_limit=10**6)
    sampled = mean_difference_test(a, b, exact_limit=10, n_resamples=4000)
    assert exact.exact and not sampled.exact
    assert sampled.p_value == pytest.approx(exact.p_value, abs=0.03)
    far = mean_difference_test(np.arange(30) + 100, np.arange(30), exact_limit=10, n_resamples=99)
    assert far.p_value == pytest.approx(1 / 100)  # (0 hits + 1) / (99 + 1), never 0


def test_strata_keep_labels_inside_their_stratum():
    # the statistic counts first-group units in stratum "x": any relabelling within strata keeps it
    strata = ["x", "x", "y", "y", "x", "x", "y", "y"]
    labels = [True, False, True, False, True, False, True, False]
    in_x = np.array([s == "x" for s in strata])
    seen = []

    def stat(mat):
        seen.append(mat[:, in_x].sum(axis=1))
        return mat[:, in_x].sum(axis=1).astype(float)

    exact = permutation_test(labels, stat, strata=strata)
    assert exact.n_resamples == count_relabellings(labels, strata) == 6 * 6
    sampled = permutation_test(labels, stat, strata=strata, exact_limit=1, n_resamples=500)
    assert not sampled.exact
    assert all((s == 2).all() for s in seen)


@pytest.mark.parametrize("diffs", [[0.5, 0.2, -0.1, 0.4], [1.0, 1.0, 1.0, 1.0, 1.0], [0, 0]])
def test_exact_sign_flip_test_equals_enumeration(diffs):
    obs = abs(np.mean(diffs))
    stats = [abs(np.mean([s * d for s, d in zip(signs, diffs)]))
             for signs in itertools.product((1, -1), repeat=len(diffs))]
    res = sign_flip_test(diffs)
    assert res.exact and res.p_value == pytest.approx(np.mean([s >= obs - 1e-9 for s in stats]))
    assert res.p_value > 0


ALPHA = 0.05
RUNS = 300


def test_permutation_test_holds_its_level_under_the_null_and_finds_a_planted_difference():
    rng = np.random.default_rng(11)
    null_p = [mean_difference_test(rng.exponential(size=12), rng.exponential(size=15),
                                   n_resamples=499, seed=i).p_value for i in range(RUNS)]
    assert np.mean(np.array(null_p) <= ALPHA) <= 0.07
    power_p = [mean_difference_test(rng.normal(1.2, 1, 12), rng.normal(0, 1, 15),
                                    n_resamples=499, seed=i).p_value for i in range(100)]
    assert np.mean(np.array(power_p) <= ALPHA) >= 0.8


def test_sign_flip_test_holds_its_level_under_the_null_and_finds_a_planted_shift():
    rng = np.random.default_rng(12)
    null_p = [sign_flip_test(rng.standard_t(3, size=20), n_resamples=499, seed=i).p_value
              for i in range(RUNS)]
    assert np.mean(np.array(null_p) <= ALPHA) <= 0.07
    small = [sign_flip_test(rng.normal(size=6)).p_value for _ in range(RUNS)]  # exact branch
    assert np.mean(np.array(small) <= ALPHA) <= 0.07
    power_p = [sign_flip_test(rng.normal(0.8, 1, 20), n_resamples=499, seed=i).p_value
               for i in range(100)]
    assert np.mean(np.array(power_p) <= ALPHA) >= 0.8


def test_binomial_test_holds_its_level_and_finds_a_planted_share():
    rng = np.random.default_rng(13)
    null_p = [binomial_test(int(k), 60) for k in rng.binomial(60, 0.5, RUNS)]
    assert np.mean(np.array(null_p) <= ALPHA) <= 0.07
    power_p = [binomial_test(int(k), 60) for k in rng.binomial(60, 0.75, 100)]
    assert np.mean(np.array(power_p) <= ALPHA) >= 0.8
    assert binomial_test(0, 0) == 1.0


def test_bootstrap_interval_covers_the_true_mean_near_its_level():
    rng = np.random.default_rng(14)
    cover = []
    for i in range(RUNS):
        x = rng.normal(0.3, 1, 40)
        lo, hi = bootstrap_ci(x, n_resamples=500, seed=i)
        cover.append(lo <= 0.3 <= hi)
    assert np.mean(cover) >= 0.91
    cover2 = []
    for i in range(RUNS):
        a, b = rng.normal(1, 1, 30), rng.normal(0, 2, 25)
        lo, hi = bootstrap_ci(a, b, n_resamples=500, seed=i)
        cover2.append(lo <= 1.0 <= hi)
    assert np.mean(cover2) >= 0.91


def test_bootstrap_of_one_or_two_units_is_undefined_not_a_zero_width_interval():
    assert all(math.isnan(x) for x in bootstrap_ci([0.3]))
    assert all(math.isnan(x) for x in bootstrap_ci([0.0, 0.0]))  # was [0, 0] at n = 2
    assert all(math.isnan(x) for x in bootstrap_ci([0.3, 0.4, 0.5], [0.2, 0.1]))
    lo, hi = bootstrap_ci([0.3, 0.4, 0.5])
    assert lo < 0.4 < hi


def test_bootstrap_resamples_rows_as_units():
    rows = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    lo, hi = bootstrap_ci(rows, stat=lambda x: x[:, :, 0].mean(axis=1) - x[:, :, 1].mean(axis=1))
    assert lo < 0 < hi


def test_wilson_covers_near_its_level():
    rng = np.random.default_rng(15)
    for p, n in ((0.1, 30), (0.5, 12), (0.9, 50)):
        ks = rng.binomial(n, p, RUNS)
        cover = np.mean([wilson(int(k), n)[0] <= p <= wilson(int(k), n)[1] for k in ks])
        assert cover >= 0.91


def test_holm_matches_hand_computed_values_and_keeps_none():
    assert holm([0.01, 0.04, 0.03, None]) == pytest.approx([0.03, 0.06, 0.06, None])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])


def test_holm_controls_the_family_wise_error_under_the_null():
    rng = np.random.default_rng(16)
    any_hit = [min(holm(list(rng.uniform(size=9)))) <= ALPHA for _ in range(2000)]
    assert np.mean(any_hit) <= 0.06


def test_benjamini_hochberg_matches_scipy():
    from scipy.stats import false_discovery_control

    ps = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]
    assert benjamini_hochberg(ps) == pytest.approx(list(false_discovery_control(ps)))
    assert adjust(ps, "benjamini-hochberg") == benjamini_hochberg(ps)
    with pytest.raises(ValueError):
        adjust(ps, "bonferroni")  # type: ignore[arg-type]


def test_exact_stratified_permutation_allows_a_stratum_without_the_first_group() -> None:
    """Regression (generation probe, one prompt): a stratum where every unit is in the second
    group made an empty float index array and crashed the exact branch."""
    import numpy as np

    from glasshouse.stats import permutation_test

    labels = [True, False, True, False, False, False]
    strata = [0, 0, 1, 1, 2, 2]  # stratum 2 holds no unit of the first group
    values = np.array([1.0, 0.0, 1.0, 0.0, 0.5, 0.4])

    def gap(mat):
        mat = np.atleast_2d(mat)
        return (mat * values).sum(1) / mat.sum(1) - (~mat * values).sum(1) / (~mat).sum(1)

    res = permutation_test(labels, gap, strata=strata, seed=0)
    assert 0 < res.p_value <= 1
