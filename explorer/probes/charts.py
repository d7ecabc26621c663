"""Plotly figures of probe results (per group, with confidence intervals)."""

from __future__ import annotations

from typing import Any



def main_metric(probe: str) -> tuple[str, str]:
    """The per-group number a probe declares as its main one (from the probe contract)."""
    from glasshouse.errors import NotFound

    from explorer.probes import registry

    try:
        return registry.get(probe).main_metric
    except NotFound:
        return ("value", "value")


def group_chart(payload: dict[str, Any]) -> Any:
    """One bar per group for the probe's main per-group number, with its 95% interval."""
    import plotly.graph_objects as go

    key, label = main_metric(payload["probe"])
    groups = payload.get("groups", [])
    names = [f"{g['group']} (n={g['n']})" for g in groups]
    vals = [g.get(key) for g in groups]

    def half(g: dict[str, Any], v: Any, end: int) -> float:
        ci = g.get("ci") or [None, None]
        if v is None or ci[end] is None:
            return 0.0  # no interval (too few examples): no bar rather than a zero-width one
        return abs(ci[end] - v)

    err = None
    if any(g.get("ci") for g in groups):
        err = dict(type="data", symmetric=False,
                   array=[half(g, v, 1) for g, v in zip(groups, vals)],
                   arrayminus=[half(g, v, 0) for g, v in zip(groups, vals)])
    fig = go.Figure(go.Bar(x=names, y=vals, error_y=err, marker_color="#4c78a8",
                           hovertemplate="%{x}: %{y:.3f}<extra></extra>"))
    fig.update_layout(title=f"{label} by group (bars: 95% interval)", yaxis_title=label,
                      yaxis_tickformat=".3~g",
                      height=380, margin=dict(l=40, r=20, t=60, b=40))
    return fig


def shift_chart(payload: dict[str, Any]) -> Any:
    """Template probe: how much each completion rises (+) or falls (-) for each group."""
    import plotly.graph_objects as go

    details = payload.get("details", [])
    templates = list(dict.fromkeys(d["template"] for d in details))
    fig = go.Figure()
    for group in dict.fromkeys(d["group"] for d in details):
        rows = [d for d in details if d["group"] == group]
        fig.add_bar(name=group, y=[f"T{templates.index(d['template']) + 1}: {d['candidate']}"
                                   + (" ⚠" if d.get("hurtful_category") else "") for d in rows],
                    x=[d["shift"] for d in rows], orientation="h",
                    customdata=[[d["probability"], d["template"]] for d in rows],
                    hovertemplate="%{y}<br>shift %{x:.3f}, probability %{customdata[0]:.3f}"
                                  "<br>%{customdata[1]}<extra>" + group + "</extra>")
    fig.update_layout(barmode="group", height=max(380, 22 * len(details)),
                      title="Completions that rise (+) or fall (−) per group<br>"
                            "<sup>⚠ = word in the hurtful lexicon</sup>",
                      xaxis_title="probability minus the average over groups",
                      yaxis=dict(autorange="reversed"), margin=dict(l=40, r=20, t=60, b=40))
    return fig
