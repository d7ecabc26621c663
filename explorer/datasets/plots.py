"""Plotly figures for a dataset profile (pure functions; the UI shows them with gr.Plot)."""

from __future__ import annotations

from typing import Any

from explorer.datasets.column_stats import Distribution

_LAYOUT = dict(margin=dict(l=40, r=20, t=50, b=40), height=320, template="plotly_white")


def _fig() -> Any:
    import plotly.graph_objects as go

    return go.Figure()


def length_histogram(dist: Distribution, unit: str) -> Any:
    import plotly.graph_objects as go

    fig = _fig()
    fig.add_trace(go.Bar(x=[(lo + hi) / 2 for lo, hi, _ in dist.histogram],
                         y=[c for *_, c in dist.histogram],
                         width=[hi - lo for lo, hi, _ in dist.histogram],
                         hovertemplate=f"%{{x:.0f}} {unit}: %{{y}} rows<extra></extra>"))
    fig.update_layout(title=f"Text length in {unit} (n = {dist.n}, median {dist.median:.0f})",
                      xaxis_title=unit, yaxis_title="rows", **_LAYOUT)
    return fig


def bar(counts: dict[str, float], title: str, *, x_title: str = "", y_title: str = "rows",
        percent: bool = False) -> Any:
    import plotly.graph_objects as go

    fig = _fig()
    keys = list(counts)
    vals = [counts[k] * (100 if percent else 1) for k in keys]
    fig.add_trace(go.Bar(x=keys, y=vals, text=[f"{v:.0f}%" if percent else f"{v:g}" for v in vals],
                         textposition="auto"))
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title="%" if percent else y_title,
                      **_LAYOUT)
    return fig


def pii_by_language(by_language: dict[str, dict[str, int]], n_rows: int) -> Any:
    import plotly.graph_objects as go

    fig = _fig()
    entities = sorted({e for d in by_language.values() for e in d})
    for lang, counts in by_language.items():
        fig.add_trace(go.Bar(name=lang, x=entities, y=[counts.get(e, 0) for e in entities]))
    fig.update_layout(barmode="stack", title=f"Personal information found, by type and language "
                      f"(n = {n_rows} rows)", yaxis_title="findings", **_LAYOUT)
    return fig


def skew_chart(skews: list[Any], groups: list[str]) -> Any:
    """Difference in the share of rows with each listed word (first group minus second), with
    its 95% interval; clear differences (after correction) in a solid colour."""
    import plotly.graph_objects as go

    fig = _fig()
    shown = skews[:20]
    two = len(groups) <= 2
    labels = [s.word if two else f"{s.word} ({s.toward} vs {s.away_from})" for s in shown]
    for clear, name, colour in ((True, "clear difference", "#1f77b4"),
                                (False, "could be chance", "#b0b0b0")):
        pick = [i for i, s in enumerate(shown) if s.significant == clear]
        fig.add_trace(go.Bar(
            name=name, orientation="h", marker_color=colour,
            y=[labels[i] for i in pick], x=[shown[i].difference * 100 for i in pick],
            error_x=dict(type="data", symmetric=False,
                         array=[(shown[i].ci[1] - shown[i].difference) * 100 for i in pick],
                         arrayminus=[(shown[i].difference - shown[i].ci[0]) * 100
                                     for i in pick]),
            customdata=[[shown[i].toward, shown[i].away_from] for i in pick],
            hovertemplate="%{y}: %{x:.1f} points more often with %{customdata[0]} than with "
                          "%{customdata[1]}<extra></extra>"))
    if not shown:
        fig.add_annotation(text="No word appears often enough with both groups to compare: "
                                "lower the minimums or use more rows.", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=0.5)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    fig.update_layout(barmode="overlay",
                      title="Words more frequent with one group (difference in share of rows, "
                            "95% interval)",
                      xaxis_title="percentage points (0 = no difference)",
                      **{**_LAYOUT, "height": max(320, 24 * len(labels) + 120)})
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    return fig
