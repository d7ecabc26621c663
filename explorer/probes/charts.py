"""Plotly figures of probe results (per group, with confidence intervals)."""

from __future__ import annotations

from typing import Any

MAIN_METRIC = {"template": ("hurtful_share", "hurtful-completion share"),
               "pairs": ("share", "share preferring the stereotype"),
               "counterfactual": ("mean_score_change", "mean score change after the swap"),
               "generation": ("mean_sentiment", "mean sentiment of generated text"),
               "weat": ("mean_association", "mean association (A minus B)")}


def group_chart(payload: dict[str, Any]) -> Any:
    """One bar per group for the probe's main per-group number, with its 95% interval."""
    import plotly.graph_objects as go

    key, label = MAIN_METRIC.get(payload["probe"], ("value", "value"))
    groups = payload.get("groups", [])
    names = [f"{g['group']} (n={g['n']})" for g in groups]
    vals = [g.get(key) for g in groups]
    err = None
    if all(g.get("ci") for g in groups):
        err = dict(type="data", symmetric=False,
                   array=[g["ci"][1] - v for g, v in zip(groups, vals)],
                   arrayminus=[v - g["ci"][0] for g, v in zip(groups, vals)])
    fig = go.Figure(go.Bar(x=names, y=vals, error_y=err, marker_color="#4c78a8",
                           hovertemplate="%{x}: %{y:.3f}<extra></extra>"))
    fig.update_layout(title=f"{label} by group (bars: 95% interval)", yaxis_title=label,
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
