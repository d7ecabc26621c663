"""Tables (pandas DataFrames) that the Datasets tab shows. Pure: no gradio. PII is masked."""

from __future__ import annotations

from typing import Any

from explorer.datasets.loading import LoadedTable
from explorer.datasets.pii import mask_text
from explorer.datasets.profile import Profile
from explorer.datasets.column_stats import column_stats

MAX_CELL = 200


def pii_spans(profile: Profile | None) -> list[list[Any]]:
    """Where the profile found personal information: [row, column, start, end, type] per
    finding (positions and types only, never the text): enough to mask a restored preview."""
    if profile is None or profile.pii is None:
        return []
    return [[int(f.row), str(f.column or profile.text_column), int(f.start), int(f.end),
             str(f.entity_type)] for f in profile.pii.findings]


def _span_index(spans: list[list[Any]] | None) -> dict[tuple[int, str], list]:
    out: dict[tuple[int, str], list] = {}
    for row, col, start, end, kind in spans or ():
        out.setdefault((int(row), str(col)), []).append((int(start), int(end), str(kind)))
    return out


def columns_table(table: LoadedTable, profile: Profile | None = None,
                  spans: list[list[Any]] | None = None) -> Any:
    """One row per column: type, missing, distinct values and three examples (masked once
    a profile has found personal information in them; `spans` as from pii_spans)."""
    import pandas as pd

    index = _span_index(spans if profile is None else pii_spans(profile))
    rows = []
    for c in column_stats(table.frame).values():
        examples = []
        for i, v in table.frame[c.name].dropna().head(3).items():
            examples.append(mask_text(str(v), index.get((i, c.name), []))[:60])
        rows.append({"column": c.name, "type": c.kind, "missing": c.missing,
                     "distinct values": c.unique, "examples": " | ".join(examples)})
    return pd.DataFrame(rows)


def preview_page(table: LoadedTable, page: int, size: int,
                 profile: Profile | None = None,
                 spans: list[list[Any]] | None = None) -> tuple[Any, int]:
    """One page of rows (1-based page); cells with PII findings are shown masked (from the
    profile, or from `spans` kept with a restored workspace)."""
    n_pages = max(1, -(-table.n_rows // size))
    page = min(max(1, int(page or 1)), n_pages)
    start = (page - 1) * size
    frame = table.frame.iloc[start:start + size].copy()
    index = _span_index(spans if profile is None else pii_spans(profile))
    for (row, col), sp in index.items():
        if start <= row < start + size and col in frame.columns:
            frame[col] = frame[col].astype(object)
            frame.at[row, col] = mask_text(str(frame.at[row, col]), sp)
    from explorer.datasets.columns import derived_name

    frame.insert(0, derived_name("row", frame.columns), frame.index)  # a user 'row' stays
    return frame.astype(object).where(frame.notna(), None), n_pages


def pii_rows_table(profile: Profile, limit: int = 500) -> Any:
    import pandas as pd

    if profile.pii is None:
        return pd.DataFrame()
    by_cell: dict[tuple[int, str], list] = {}
    for f in profile.pii.findings:
        by_cell.setdefault((f.row, f.column or profile.text_column), []).append(f)
    rows = []
    for (row, col), fs in list(by_cell.items())[:limit]:
        text = str(profile.table.frame.at[row, col])
        masked = mask_text(text, [(f.start, f.end, f.entity_type) for f in fs])
        rows.append({"row": row, "column": col, "detected language": fs[0].language,
                     "found": ", ".join(sorted({f.entity_type for f in fs})),
                     "text (masked)": masked[:MAX_CELL]})
    return pd.DataFrame(rows, columns=["row", "column", "detected language", "found",
                                       "text (masked)"])


def pii_counts_table(profile: Profile) -> Any:
    import pandas as pd

    if profile.pii is None:
        return pd.DataFrame()
    langs = sorted(profile.pii.by_language)
    rows = [{"type": e, "total": n, **{lang: profile.pii.by_language[lang].get(e, 0)
                                       for lang in langs}}
            for e, n in profile.pii.entities.items()]
    return pd.DataFrame(rows)


def top_terms_table(profile: Profile) -> Any:
    import pandas as pd

    return pd.DataFrame(profile.vocabulary.top_terms, columns=["word", "count"])


def duplicates_table(profile: Profile, limit: int = 50) -> Any:
    import pandas as pd

    rows = []
    masked = _masked_texts(profile)
    for kind, groups in (("exact", profile.duplicates.exact_groups),
                         ("near", profile.duplicates.near_groups)):
        for g in groups[:limit]:
            rows.append({"kind": kind, "rows": ", ".join(map(str, g[:10])), "size": len(g),
                         "example (masked)": masked.get(g[0], "")[:MAX_CELL]})
    return pd.DataFrame(rows, columns=["kind", "rows", "size", "example (masked)"])


def _masked_texts(profile: Profile) -> dict[int, str]:
    spans: dict[int, list] = {}
    if profile.pii is not None:
        for f in profile.pii.findings:
            if (f.column or profile.text_column) == profile.text_column:
                spans.setdefault(f.row, []).append((f.start, f.end, f.entity_type))
    col = profile.table.frame[profile.text_column]
    return {i: mask_text(str(v), spans.get(i, [])) for i, v in col.items() if v is not None}


def associations_tables(report: Any) -> tuple[Any, Any]:
    """Listed words (each with its counts, the difference of shares with its 95% interval, and
    Holm-adjusted p-value) and the top words per group, with plain column names."""
    import pandas as pd

    # plain column names: which measure the score is, and its scale, are in the tooltip under
    # the tables (ASSOC_TERMS in ui.py) and the glossary
    score = ("association score (Data Measurements Tool)" if report.measure == "dmt"
             else "association score")
    skews = pd.DataFrame([{
        "word": s.word, "more often with": s.toward if s.difference else "(same share)",
        "than with": s.away_from,
        "rows of the first group with it": f"{s.counts[s.toward]} of {s.n_rows[s.toward]}",
        "rows of the second group with it": f"{s.counts[s.away_from]} of "
                                            f"{s.n_rows[s.away_from]}",
        "difference in share": f"{s.difference:+.1%}",
        "95% interval": f"{s.ci[0]:+.1%} to {s.ci[1]:+.1%}",
        "chance (adjusted)": _p(s.p_adjusted),
        "clear difference": "yes" if s.significant else "no",
        f"{score} gap": s.gap}
        for s in report.skews],
        columns=["word", "more often with", "than with", "rows of the first group with it",
                 "rows of the second group with it", "difference in share", "95% interval",
                 "chance (adjusted)", "clear difference", f"{score} gap"])
    per_group = pd.DataFrame([{"group": g, "word": a.word, score: a.npmi,
                               "rows together": a.together,
                               "share of the group's rows": f"{a.share:.1%} "
                               f"({a.share_ci[0]:.1%}-{a.share_ci[1]:.1%})",
                               "rows with word": a.word_count}
                              for g, items in report.associations.items() for a in items],
                             columns=["group", "word", score, "rows together",
                                      "share of the group's rows", "rows with word"])
    return skews, per_group


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


# Plain names for the per-group metrics; the technical term is kept for the tooltip.
METRIC_NAMES = {"accuracy": "share right", "precision": "right when it says positive",
                "recall": "positives it finds", "selection_rate": "share predicted positive"}
METRIC_TERMS = {"share right": "accuracy", "right when it says positive": "precision",
                "positives it finds": "recall (true positive rate)",
                "share predicted positive": "selection rate"}


def _group_table_help() -> str:
    terms = "; ".join(f"{_abbr(k, v)}" for k, v in METRIC_TERMS.items())
    how = _abbr("how it is computed", "Per group with Fairlearn's MetricFrame; the 95% interval "
                "of the share right is a Wilson score interval; n = rows of the group.")
    return f"The columns: {terms} ({how})."


def _abbr(text: str, term: str) -> str:
    import html

    return f'<abbr title="{html.escape(term, quote=True)}">{html.escape(text)}</abbr>'


GROUP_TABLE_HELP = _group_table_help()


def error_tables(review: Any, profile: Profile | None) -> tuple[Any, Any]:
    """The per-group table (plain column names, interval as one column) and the rows to look
    at, each with the reason it is listed (from the columns actually given)."""
    import pandas as pd

    group_rows = []
    for g, m in review.by_group.items():
        row: dict[str, Any] = {"group": g, "rows": m.get("n")}
        for key, name in METRIC_NAMES.items():
            if key in m:
                row[name] = m[key]
            if key == "accuracy" and "accuracy_ci_low" in m:
                row["95% interval (share right)"] = (f"{m['accuracy_ci_low']:.3f}–"
                                                     f"{m['accuracy_ci_high']:.3f}")
        group_rows.append(row)
    groups = pd.DataFrame(group_rows)
    masked = _masked_texts(profile) if profile is not None else {}
    rows = []
    for items in (review.confident_errors, review.near_threshold, review.highest_loss):
        for r in items:
            row = {"why": r.why, "row": r.row, "label": r.label, "prediction": r.prediction}
            if review.has_scores:
                row.update({"score": r.score, "loss": r.loss})
            row["text (masked)"] = masked.get(r.row, "")[:MAX_CELL]
            rows.append(row)
    return groups, pd.DataFrame(rows)


def error_summary(review: Any, group: str | None) -> str:
    """The review in plain words (Markdown); technical terms only in tooltips. Column names
    come from the user's file: they are HTML-escaped."""
    import html

    lo, hi = review.accuracy_ci
    parts = [f"The model is right on **{review.accuracy:.1%}** of {review.n} rows "
             f"({_abbr('95% interval', 'Wilson score interval for accuracy')} "
             f"{lo:.1%}–{hi:.1%})."]
    if not review.has_scores:
        parts.append("There is no score column, so the rows below are wrong predictions in "
                     "row order, not ranked by how confident the model was.")
    if review.gaps:
        gaps = "; ".join(
            f"{_abbr(METRIC_NAMES.get(m, m), METRIC_TERMS.get(METRIC_NAMES.get(m, m), m))}: "
            f"{g['difference']:.3f} apart (lowest group at {g['ratio']:.0%} of the highest)"
            for m, g in review.gaps.items())
        parts.append(f"Largest gaps between groups: {gaps}.")
    if review.proxies:
        prox = ", ".join(f"{html.escape(c)} ({v:.2f})" for c, v, _ in review.proxies[:5])
        parts.append(f"Other columns that go together with '{html.escape(str(group))}' "
                     f"({_abbr('strength 0 to 1', 'Cramér’s V')}; a strong link means the "
                     f"column can stand in for the group): {prox}.")
    parts.append(f"*{review.caveat}*")
    return " ".join(parts)
