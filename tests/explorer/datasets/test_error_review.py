"""Error review: confident errors, threshold, loss, Fairlearn per-group metrics, proxies."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer.datasets.error_review import cramers_v, proxies, review_errors, wilson
from glasshouse.errors import BadInput


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "text": [f"t{i}" for i in range(8)],
        "label": [1, 1, 0, 0, 1, 0, 1, 0],
        "score": [0.95, 0.55, 0.05, 0.99, 0.10, 0.45, 0.80, 0.30],
        "group": ["a", "a", "a", "a", "b", "b", "b", "b"],
        "region": ["n", "n", "n", "n", "s", "s", "s", "s"],
        "noise": ["x", "y", "x", "y", "x", "y", "x", "y"],
    })


def test_errors_ranked_by_confidence_threshold_and_loss(frame) -> None:
    rev = review_errors(frame, label="label", score="score", group="group")
    assert rev.n == 8 and rev.positive_label == "1"
    # errors: row 3 (0.99 but label 0) and row 4 (0.10 but label 1)
    assert [r.row for r in rev.confident_errors] == [3, 4]
    assert rev.accuracy == pytest.approx(6 / 8)
    assert {r.row for r in rev.near_threshold[:2]} == {1, 5}  # 0.55 and 0.45
    assert rev.highest_loss[0].row == 3 and rev.highest_loss[0].loss > 4


def test_per_group_metrics_and_gaps_come_from_metricframe(frame) -> None:
    rev = review_errors(frame, label="label", score="score", group="group")
    assert rev.by_group["a"]["accuracy"] == pytest.approx(0.75)  # row 3 wrong
    assert rev.by_group["b"]["accuracy"] == pytest.approx(0.75)  # row 4 wrong
    assert rev.by_group["a"]["n"] == 4
    assert rev.by_group["b"]["recall"] == pytest.approx(0.5)
    assert rev.by_group["a"]["recall"] == pytest.approx(1.0)
    assert rev.gaps["recall"]["difference"] == pytest.approx(0.5)
    assert rev.gaps["accuracy"]["difference"] == pytest.approx(0.0)


def test_prediction_column_without_scores(frame) -> None:
    frame["pred"] = (frame["score"] >= 0.5).astype(int)
    rev = review_errors(frame, label="label", prediction="pred", group="group")
    assert rev.accuracy == pytest.approx(0.75)
    assert {r.row for r in rev.confident_errors} == {3, 4}
    assert rev.near_threshold == ()


def test_proxies_find_the_column_tied_to_the_sensitive_one(frame) -> None:
    got = proxies(frame, "group", exclude=("label", "score"))
    assert got[0][0] == "region" and got[0][1] == pytest.approx(1.0)
    assert dict((c, v) for c, v, _ in got)["noise"] == pytest.approx(0.0)
    assert cramers_v(frame["group"], frame["group"]) == pytest.approx(1.0)


def test_wilson_interval_contains_the_rate() -> None:
    lo, hi = wilson(6, 8)
    assert lo < 0.75 < hi and 0 <= lo and hi <= 1


@pytest.mark.parametrize("kwargs,match", [
    ({"label": "nope", "score": "score"}, "no column 'nope'"),
    ({"label": "label"}, "choose a prediction column or a score column"),
])
def test_bad_columns_are_named(frame, kwargs, match) -> None:
    with pytest.raises(BadInput, match=match):
        review_errors(frame, **kwargs)
