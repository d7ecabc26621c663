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
