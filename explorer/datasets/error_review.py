"""Error review for a labelled dataset with model predictions and/or scores: most confident
errors, samples near the decision threshold, highest-loss samples, per-group metrics with
Fairlearn's MetricFrame (and the gaps between groups), and tabular proxies of a sensitive
column (Cramér's V and mutual information).

Each reviewed row says *why* it is listed, from the columns actually given: with a score column,
"wrong, and the score was confident", "score close to the threshold" or "highest loss"; with
predictions only there is no confidence to rank by, so a row is listed as "wrong prediction"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from glasshouse.errors import BadInput
from glasshouse.stats import wilson as _wilson

CAVEAT = ("Per-group metrics on small groups are noisy (see n per group and the intervals); "
          "a gap between groups is a reason to look closer, not proof of unfairness. Proxies "
          "show association in this data only.")


@dataclass(frozen=True)
class ReviewedRow:
    row: int
    label: str
    prediction: str
    score: float | None
    loss: float | None
    why: str = ""  # plain words, from the columns actually given


WHY_CONFIDENT = "wrong, and the score was confident"
WHY_NEAR = "score close to the decision threshold"
WHY_LOSS = "highest loss: the score was far from the true label"
WHY_WRONG = "wrong prediction (no score column, so not ranked by confidence)"


@dataclass(frozen=True)
class ErrorReview:
    n: int
    accuracy: float
    accuracy_ci: tuple[float, float]
    positive_label: str | None
    threshold: float | None
    confident_errors: tuple[ReviewedRow, ...]
    near_threshold: tuple[ReviewedRow, ...]
    highest_loss: tuple[ReviewedRow, ...]
    by_group: dict[str, dict[str, float]]  # group -> metric -> value (+ "n")
    gaps: dict[str, dict[str, float]]  # metric -> {"difference", "ratio"}
    proxies: tuple[tuple[str, float, float], ...]  # (feature, cramers_v, mutual_information)
    group_column: str | None
    caveat: str = CAVEAT
    has_scores: bool = False


def rounded_interval(k: int, n: int) -> tuple[float, float]:
    """The shared Wilson interval (glasshouse.stats), rounded to 4 places for display."""
    lo, hi = _wilson(k, n)
    return (round(lo, 4), round(hi, 4))


def cramers_v(x: Any, y: Any) -> float:
    import numpy as np
    import pandas as pd
    from scipy.stats import chi2_contingency

    table = pd.crosstab(x, y)
    if table.shape[0] < 2 or table.shape[1] < 2:
        return 0.0
    chi2 = chi2_contingency(table, correction=False)[0]
    n = table.to_numpy().sum()
    return float(np.sqrt(chi2 / (n * (min(table.shape) - 1))))


def _as_category(series: Any) -> Any:
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series) and series.nunique() > 10:
        return pd.qcut(series, q=5, duplicates="drop").astype(str)
    return series.astype(str)


def proxies(frame: Any, sensitive: str, *,
            exclude: tuple[str, ...] = ()) -> list[tuple[str, float, float]]:
    from sklearn.metrics import mutual_info_score

    if sensitive not in frame.columns:
        raise BadInput(f"no column '{sensitive}'", field=sensitive)
    target = frame[sensitive].astype(str)
    out = []
    for col in frame.columns:
        if col == sensitive or col in exclude:
            continue
        s = frame[col]
        if s.nunique() > 50 or (len(s) > 3 and s.nunique() == len(s)):  # free text or ids
            continue
        feat = _as_category(s)
        out.append((str(col), round(cramers_v(feat, target), 4),
                    round(float(mutual_info_score(feat, target)), 4)))
    return sorted(out, key=lambda t: -t[1])


def review_errors(frame: Any, *, label: str, prediction: str | None = None,
                  score: str | None = None, group: str | None = None,
                  positive_label: str | None = None, threshold: float = 0.5,
                  top: int = 10) -> ErrorReview:
    import numpy as np
    from fairlearn.metrics import MetricFrame, selection_rate
    from sklearn.metrics import accuracy_score, precision_score, recall_score

    for col in (label, prediction, score, group):
        if col is not None and col not in frame.columns:
            raise BadInput(f"no column '{col}'; columns are {', '.join(map(str, frame.columns))}",
                           field=col)
    if prediction is None and score is None:
        raise BadInput("choose a prediction column or a score column", field="prediction")
    keep = frame[label].notna()
    if prediction:
        keep &= frame[prediction].notna()
    if score:
        keep &= frame[score].notna()
    data = frame[keep]
    if len(data) == 0:
        raise BadInput("no rows with both a label and a prediction", field=label)
    y = data[label].astype(str).to_numpy()
    labels = sorted(set(y) | (set(data[prediction].astype(str)) if prediction else set()))
    probs = None
    if score:
        try:
            probs = data[score].astype(float).clip(0, 1).to_numpy()
        except ValueError:
            raise BadInput("scores must be numbers between 0 and 1", field=score) from None
        if positive_label is None:
            positive_label = "1" if "1" in labels else (labels[-1] if labels else None)
    if prediction:
        pred = data[prediction].astype(str).to_numpy()
    else:
        negatives = [lab for lab in labels if lab != positive_label]
        negative = negatives[0] if negatives else "0"
        pred = np.where(probs >= threshold, positive_label, negative)
    correct = pred == y
    rows = data.index.to_numpy()
    loss = None
    if probs is not None:
        p_true = np.where(y == positive_label, probs, 1 - probs)
        loss = -np.log(np.clip(p_true, 1e-7, 1.0))

    def pick(order: Any, why: str, mask: Any = None) -> tuple[ReviewedRow, ...]:
        out = []
        for i in order:
            if mask is not None and not mask[i]:
                continue
            out.append(ReviewedRow(int(rows[i]), str(y[i]), str(pred[i]),
                                   None if probs is None else round(float(probs[i]), 4),
                                   None if loss is None else round(float(loss[i]), 4), why))
            if len(out) >= top:
                break
        return tuple(out)

    if probs is not None:
        confidence = np.abs(probs - threshold)
        confident = pick(np.argsort(-confidence, kind="stable"), WHY_CONFIDENT, ~correct)
        near = pick(np.argsort(confidence, kind="stable"), WHY_NEAR)
        highest = pick(np.argsort(-loss, kind="stable"), WHY_LOSS)
    else:
        confident = pick(range(len(y)), WHY_WRONG, ~correct)
        near, highest = (), ()

    by_group, gaps = {}, {}
    if group:
        binary = positive_label is not None and len(labels) <= 2
        metrics = {"accuracy": accuracy_score}
        if binary:
            metrics["precision"] = lambda a, b: precision_score(
                a, b, pos_label=positive_label, zero_division=0)
            metrics["recall"] = lambda a, b: recall_score(
                a, b, pos_label=positive_label, zero_division=0)
            metrics["selection_rate"] = lambda a, b: selection_rate(a, b, pos_label=positive_label)
        mf = MetricFrame(metrics=metrics, y_true=y, y_pred=pred,
                         sensitive_features=data[group].astype(str).to_numpy())
        table = mf.by_group
        counts = data[group].astype(str).value_counts()
        for g, row in table.iterrows():
            by_group[str(g)] = {m: round(float(v), 4) for m, v in row.items()}
            by_group[str(g)]["n"] = int(counts[str(g)])
            k = int(round(by_group[str(g)]["accuracy"] * counts[str(g)]))
            lo, hi = rounded_interval(k, int(counts[str(g)]))
            by_group[str(g)]["accuracy_ci_low"], by_group[str(g)]["accuracy_ci_high"] = lo, hi
        diff, ratio = mf.difference(), mf.ratio()
        gaps = {m: {"difference": round(float(diff[m]), 4), "ratio": round(float(ratio[m]), 4)}
                for m in metrics}
    prox = tuple(proxies(data, group, exclude=tuple(c for c in (label, prediction, score) if c))
                 ) if group else ()
    k = int(correct.sum())
    return ErrorReview(len(y), round(k / len(y), 4), rounded_interval(k, len(y)), positive_label,
                       threshold if probs is not None else None, confident, near, highest,
                       by_group, gaps, prox, group, has_scores=probs is not None)
