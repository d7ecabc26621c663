"""Error review: confident errors, threshold, loss, Fairlearn per-group metrics, proxies."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer.datasets.error_review import cramers_v, proxies, review_errors
from explorer.datasets.error_review import rounded_interval as wilson
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


def test_why_reflects_the_columns_given(frame) -> None:
    """Issue 17: with no score column every row said 'why: confident error'."""
    from explorer.datasets.views import error_tables

    frame["pred"] = (frame["score"] >= 0.5).astype(int)
    rev = review_errors(frame, label="label", prediction="pred")
    _, rows = error_tables(rev, None)
    assert len(rows) == 2
    assert not rows["why"].str.contains("confident").any()
    assert (rows["why"] == "wrong prediction (no score column, so not ranked by confidence)").all()
    assert "score" not in rows.columns and "loss" not in rows.columns
    from explorer.datasets.views import error_summary

    assert "not ranked by how confident" in error_summary(rev, None)

    scored = review_errors(frame, label="label", score="score")
    _, rows = error_tables(scored, None)
    assert set(rows["why"]) == {"wrong, and the score was confident",
                                "score close to the decision threshold",
                                "highest loss: the score was far from the true label"}
    assert rows[rows["why"].str.startswith("wrong")]["row"].tolist() == [3, 4]


def test_group_table_and_summary_use_plain_words(frame) -> None:
    """No `accuracy_ci_low`, 'Cramér's V' or 'MetricFrame' shown as text: plain names, the
    technical term only in a tooltip (abbr title)."""
    import re

    from explorer.datasets.views import error_tables

    rev = review_errors(frame, label="label", score="score", group="group")
    groups, _ = error_tables(rev, None)
    assert list(groups.columns) == ["group", "rows", "share right", "95% interval (share right)",
                                    "right when it says positive", "positives it finds",
                                    "share predicted positive"]
    assert not any("_" in c for c in groups.columns)
    from explorer.datasets.views import error_summary

    text = error_summary(rev, "group")
    visible = re.sub(r'title="[^"]*"', "", text)
    for jargon in ("Cramér", "MetricFrame", "Fairlearn", "_ci_", "selection_rate", "recall"):
        assert jargon not in visible
    assert 'title="Cramér’s V"' in text and "region (1.00)" in text


def test_user_column_names_are_escaped_in_the_summary(frame) -> None:
    from explorer.datasets.views import error_summary

    frame = frame.rename(columns={"region": "<img src=x onerror=alert(1)>"})
    rev = review_errors(frame, label="label", score="score", group="group")
    text = error_summary(rev, "group")
    assert "<img" not in text and "&lt;img src=x" in text


def test_datasets_tab_labels_are_plain_language(monkeypatch) -> None:
    """Every label of the Datasets tab is plain language: jargon only in info/tooltips."""
    import gradio as gr

    from explorer.datasets import ui

    built = gr.Blocks()
    with built:
        ui.build(None)
    labels = [str(getattr(b, "label", "") or "") for b in built.blocks.values()]
    for jargon in ("Fairlearn", "MetricFrame", "Cramér", "nPMI", "_ci_", "Fisher", "Holm"):
        assert not [lab for lab in labels if jargon in lab], jargon
    assert "How well the model does for each group" in labels
    import re

    shown = [re.sub(r'title="[^"]*"', "", str(b.value)) for b in built.blocks.values()
             if type(b).__name__ == "Markdown" and b.value]  # text outside the tooltips
    for jargon in ("Fairlearn", "MetricFrame", "Cramér", "Fisher", "Holm", "Wilson"):
        assert not [t for t in shown if jargon in t], jargon
