"""What the Bias probes tab shows, as plain values (no gradio): the contract of a probe, the
summary of a run in words, its charts and details table, the list of saved runs. The tab's
callbacks only hand these to their components."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from glasshouse.errors import BadInput


def contract_markdown(probe: Any) -> str:
    """What the probe measures and how it is judged, from its declaration."""
    c = probe.contract()
    return (f"**Measures:** {c['statistic']}. **No effect** = {c['null']:g}; above: "
            f"{c['above_null']}; below: {c['below_null']}.  \n"
            f"<small>How it is tested: {c['test']}. A group result is called a finding only "
            f"with at least {c['min_n']} {c['min_n_unit']}.</small>")


def _fmt(x: Any) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _ci(ci: Any, kind: str = "test") -> str:
    if not ci or ci[0] is None or ci[1] is None:
        return "no interval: too few examples to show their spread"
    return (f"95% interval {_fmt(ci[0])} to {_fmt(ci[1])}"
            + (", descriptive" if kind == "descriptive" else ""))


def summary_markdown(payload: dict[str, Any]) -> str:
    """Plain-language summary of a run, judged against the probe's declared null (the contract
    travels in the payload, so old stored runs without it get no verdict)."""
    from explorer.probes.base import ProbePayload, fmt_p, verdict

    p = ProbePayload.model_validate(payload)
    label = payload.get("effect_label") or "effect"
    lines = [
        f"**{label[:1].upper() + label[1:]}:** {_fmt(p.effect)} ({_ci(p.ci, p.ci_kind)})",
        f"- **Verdict:** {verdict(p)}",
        f"- Based on **n = {p.n}**; model `{p.model}`; probe set "
        f"`{payload.get('probe_set_version')}`",
    ]
    if p.test:
        lines.append(f"- How this is tested: {p.test}.")
    if p.groups:
        lines.append(f"\n**Per group** (a group counts as a finding only when its adjusted p is "
                     f"at most {p.alpha} and it has at least {p.min_n} examples):")
    from explorer.probes.charts import main_metric

    key, key_label = main_metric(p.probe)
    for g in payload.get("groups", []):
        main = (f"{key_label} {_fmt(g.get(key))} ({_ci(g.get('ci'))})" if key in g else
                f"({_ci(g.get('ci'))})")
        nums = "".join(f", {k.replace('_', ' ')} {_fmt(v)}" for k, v in g.items()
                       if isinstance(v, float) and k != key and not k.startswith("p_")
                       and k != "smallest_possible_p")
        test = ""
        if g.get("p_adjusted") is not None:
            test = (f"; adjusted p {fmt_p(g['p_adjusted'])}: "
                    + ("**finding**" if g.get("finding") else
                       "beyond chance, but too few examples to call a finding"
                       if g.get("significant") else "consistent with no difference"))
        note = f" ({g['note']})" if g.get("note") and "too few" in g["note"] else ""
        lines.append(f"- **{g['group']}** (n = {g['n']}): {main}{nums}{test}{note}")
    lines.append(f"\n> **What this can and cannot show.** {payload['caveat']}")
    return "\n".join(lines)


def detail_table(payload: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """(column names, rows) of a run's details: every key any detail has, in first-seen order."""
    details = payload.get("details", [])
    cols: list[str] = []
    for d in details:
        cols += [k for k in d if k not in cols]
    return cols, [[d.get(c) for c in cols] for d in details]


@dataclass(frozen=True)
class RunView:
    """A run as the tab shows it: summary, per-group chart, completions chart (the template
    probe only), details table, and the payload itself (for saving)."""

    summary: str
    group_chart: Any
    shift_chart: Any
    columns: list[str]
    rows: list[list[Any]]
    payload: dict[str, Any]
    note: str = ""


def run_view(payload: dict[str, Any], note: str = "") -> RunView:
    from explorer.probes import charts

    cols, rows = detail_table(payload)
    shift = charts.shift_chart(payload) if payload.get("probe") == "template" else None
    return RunView(summary_markdown(payload), charts.group_chart(payload), shift, cols, rows,
                   payload, note)


@dataclass(frozen=True)
class SavedRunsView:
    """The saved-runs table and the choices of the two run pickers (label, id)."""

    table: list[list[Any]]
    choices: list[tuple[str, str]]
    first: str | None
    second: str | None


def saved_runs_view(runs: list[Any], first: str | None = None,
                    second: str | None = None) -> SavedRunsView:
    """The saved runs, newest first; the pickers keep `first`/`second` when those runs still
    exist, else show the two newest."""
    from explorer.probes.service import run_choices

    choices = run_choices(runs)
    ids = [c[1] for c in choices]
    table = [[r.id, r.title, r.payload.get("effect"), r.payload.get("n"), r.created_by,
              r.created_at[:19]] for r in runs]
    a = first if first in ids else (ids[0] if ids else None)
    b = second if second in ids else (ids[1] if len(ids) > 1 else None)
    return SavedRunsView(table, choices, a, b)


def parse_set_label(label: str) -> tuple[str, int]:
    """'gender-en@v3' -> ('gender-en', 3)."""
    name, sep, version = (label or "").rpartition("@v")
    if not sep or not name or not version.isdigit():
        raise BadInput(f"not a probe set version: '{label}' (expected NAME@vN)",
                       field="probe set")
    return name, int(version)


def json_object(text: str) -> dict[str, Any]:
    """The parameters typed in the JSON view."""
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON ({exc.msg} at line {exc.lineno})",
                       field="parameters") from None
    if not isinstance(data, dict):
        raise BadInput("parameters must be a JSON object", field="parameters")
    return data


def params_json(params: Any) -> str:
    return json.dumps(params.model_dump(), indent=1, ensure_ascii=False)
