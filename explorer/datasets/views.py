"""Tables (pandas DataFrames) that the Datasets tab shows. Pure: no gradio. PII is masked."""

from __future__ import annotations

from typing import Any

from explorer.datasets.loading import LoadedTable
from explorer.datasets.pii import mask_text
from explorer.datasets.profile import Profile
from explorer.datasets.stats import column_stats

MAX_CELL = 200


def columns_table(table: LoadedTable, profile: Profile | None = None) -> Any:
    """One row per column: type, missing, distinct values and three examples (masked once
    a profile has found personal information in them)."""
    import pandas as pd

    spans: dict[tuple[int, str], list] = {}
    if profile is not None and profile.pii is not None:
        for f in profile.pii.findings:
            spans.setdefault((f.row, f.column or profile.text_column), []).append(
                (f.start, f.end, f.entity_type))
    rows = []
    for c in column_stats(table.frame).values():
        examples = []
        for i, v in table.frame[c.name].dropna().head(3).items():
            examples.append(mask_text(str(v), spans.get((i, c.name), []))[:60])
        rows.append({"column": c.name, "type": c.kind, "missing": c.missing,
                     "distinct values": c.unique, "examples": " | ".join(examples)})
    return pd.DataFrame(rows)


def preview_page(table: LoadedTable, page: int, size: int,
                 profile: Profile | None = None) -> tuple[Any, int]:
    """One page of rows (1-based page); cells with PII findings are shown masked."""
    n_pages = max(1, -(-table.n_rows // size))
    page = min(max(1, int(page or 1)), n_pages)
    start = (page - 1) * size
    frame = table.frame.iloc[start:start + size].copy()
    if profile is not None and profile.pii is not None:
        spans: dict[tuple[int, str], list] = {}
        for f in profile.pii.findings:
            if start <= f.row < start + size:
                spans.setdefault((f.row, f.column or profile.text_column), []).append(
                    (f.start, f.end, f.entity_type))
        for (row, col), sp in spans.items():
            frame[col] = frame[col].astype(object)
            frame.at[row, col] = mask_text(str(frame.at[row, col]), sp)
    frame.insert(0, "row", frame.index)
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
        rows.append({"row": row, "column": col, "language": fs[0].language,
                     "found": ", ".join(sorted({f.entity_type for f in fs})),
                     "text (masked)": masked[:MAX_CELL]})
    return pd.DataFrame(rows, columns=["row", "column", "language", "found", "text (masked)"])


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

    score = "score (DMT nPMI)" if report.measure == "dmt" else "score (nPMI)"
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


def error_tables(review: Any, profile: Profile | None) -> tuple[Any, Any]:
    import pandas as pd

    groups = pd.DataFrame([{"group": g, **m} for g, m in review.by_group.items()])
    masked = _masked_texts(profile) if profile is not None else {}
    rows = []
    for kind, items in (("confident error", review.confident_errors),
                        ("near threshold", review.near_threshold),
                        ("highest loss", review.highest_loss)):
        for r in items:
            rows.append({"why": kind, "row": r.row, "label": r.label, "prediction": r.prediction,
                         "score": r.score, "loss": r.loss,
                         "text (masked)": masked.get(r.row, "")[:MAX_CELL]})
    return groups, pd.DataFrame(rows)
