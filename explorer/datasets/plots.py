"""Plotly figures for a dataset profile (pure functions; the UI shows them with gr.Plot)."""

from __future__ import annotations

from typing import Any

from explorer.datasets.stats import Distribution

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
    import plotly.graph_objects as go

    fig = _fig()
    words = [s.word for s in skews][:20]
    for g in groups:
        fig.add_trace(go.Bar(name=g, y=words, x=[s.counts.get(g, 0) for s in skews[:20]],
                             orientation="h"))
    fig.update_layout(barmode="group", title="Words that skew toward one group (rows together)",
                      xaxis_title="rows where the word and the group appear together",
                      **{**_LAYOUT, "height": max(320, 24 * len(words) + 120)})
    fig.update_yaxes(autorange="reversed")
    return fig
