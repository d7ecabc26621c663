"""Plotly charts of the review queue (plotly imported lazily)."""

from __future__ import annotations

from typing import Any

from demos.review import Breakdown, Summary
from demos.strings import CATEGORIES

COLOURS = {"fine": "#4c9a6a", "wrong": "#d08c2e", "harmful": "#b23a48", "biased": "#5b5fc7"}


def breakdown_chart(rows: tuple[Breakdown, ...], title: str, summary: Summary) -> Any:
    import plotly.graph_objects as go

    keys = [r.key for r in rows][:20]
    fig = go.Figure()
    for cat in CATEGORIES:
        fig.add_bar(name=cat, x=keys, y=[r.counts.get(cat, 0) for r in rows[:20]],
                    marker_color=COLOURS[cat])
    fig.update_layout(barmode="stack", title=f"{title} (n = {summary.n})",
                      yaxis_title="feedback items", legend_title="category",
                      margin=dict(l=40, r=10, t=50, b=40), height=320)
    return fig
