"""What each control of the Bias probes tab does, without gradio: every callback of
explorer/probes/ui.py turns its widgets' values into plain arguments, calls one function here and
hands the result to its components. Role checks stay in the service functions (and here for
running models, which has no service write)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glasshouse.db import Database
from glasshouse.errors import BadInput, GlasshouseError
from glasshouse.users import Actor, require_runner

from explorer.probes import forms, registry, service, state, views
from explorer.probes.base import Progress, no_progress

TEMPLATE = "template"


def other_probes() -> list[Any]:
    """The probes of the second sub-tab (every registered probe but the template one)."""
    return [p for p in registry.all_probes() if p.name != TEMPLATE]


def model_choices(probe: Any) -> list[str]:
    return list(dict.fromkeys((probe.default_model, *probe.model_choices)))


def _shown(username: str, tab: state.Tab, payload: dict[str, Any]) -> views.RunView:
    """The run as shown, kept as the user's last run of `tab` (for the next visit)."""
    note = ""
    try:
        state.remember_run(username, tab, payload)
    except (GlasshouseError, OSError) as exc:
        note = f"This result is shown but could not be kept for your next visit: {exc}"
    return views.run_view(payload, note)


# ---------------------------------------------------------------- fill in the blank


def template_params(values: list[Any]) -> Any:
    probe = registry.get(TEMPLATE)
    return probe.parse_params(forms.from_form(probe, values))


def template_defaults(language: str) -> list[Any]:
    probe = registry.get(TEMPLATE)
    return forms.to_form(probe, probe.default_params(language))


def probe_set_form(db: Database, label: str) -> list[Any]:
    name, version = views.parse_set_label(label)
    probe = registry.get(TEMPLATE)
    return forms.to_form(probe, probe.parse_params(service.get_probe_set(db, name, version)
                                                   .content))


def template_set_labels(db: Database) -> list[str]:
    return [s.label for s in service.list_probe_sets(db, TEMPLATE)]


def run_template(db: Database, actor: Actor, model: str, set_label: str | None,
                 values: list[Any], progress: Progress = no_progress) -> views.RunView:
    """Run the template probe on the form's parameters; the run names the saved probe set it
    came from when the form still holds exactly that set."""
    require_runner(actor, "running probes")
    probe = registry.get(TEMPLATE)
    params = template_params(values)
    loaded = None
    if set_label:
        name, version = views.parse_set_label(set_label)
        ps = service.get_probe_set(db, name, version)
        if probe.parse_params(ps.content) == params:
            loaded = ps.label
    payload = service.run_probe(TEMPLATE, (model or "").strip(), params,
                                probe_set_version=loaded or "edited in the UI",
                                progress=progress)
    return _shown(actor.username, "template", payload)


def save_template_set(db: Database, actor: Actor, name: str, values: list[Any]) -> tuple[str,
                                                                                         str]:
    """(message, label of the new version)."""
    ps = service.save_probe_set(db, name, TEMPLATE, template_params(values), actor=actor)
    return f"Saved probe set **{ps.label}**.", ps.label


def save_run(db: Database, actor: Actor, payload: dict[str, Any] | None) -> str:
    if not payload:
        return "Run a probe first."
    run_id = service.save_run(db, payload, actor=actor)
    return f"Saved run `{run_id}`: cards can cite it as evidence."


# ---------------------------------------------------------------- the other probes


@dataclass(frozen=True)
class ProbeChoice:
    """What changes when another probe is picked."""

    models: list[str]
    model: str
    contract: str
    visible: list[bool]  # one per form of other_probes()
    takes_pairs_file: bool
    previews_pairs: bool


def probe_choice(name: str) -> ProbeChoice:
    probe = registry.get(name)
    return ProbeChoice(model_choices(probe), probe.default_model, views.contract_markdown(probe),
                       [p.name == name for p in other_probes()], name == "pairs",
                       name == "counterfactual")


def probe_language_form(row: forms.FormRow, name: str, language: str, keep: Any) -> list[Any]:
    probe = registry.get(name)
    return row.fill(name, probe.default_params(language if language in probe.languages
                                               else "en"), keep)


def form_as_json(row: forms.FormRow, name: str, values: list[Any]) -> str:
    return views.params_json(registry.get(name).parse_params(row.params(name, values)))


def json_form(row: forms.FormRow, name: str, text: str, keep: Any) -> list[Any]:
    return row.fill(name, registry.get(name).parse_params(views.json_object(text)), keep)


def preview_counterfactual_pairs(row: forms.FormRow, values: list[Any]) -> list[list[str]]:
    """The swapped pairs the counterfactual probe would score, for review before running."""
    from explorer.probes.counterfactual import generate_pairs

    probe = registry.get("counterfactual")
    p = probe.parse_params({**row.params("counterfactual", values), "pairs": []})
    return [[x.original, x.counterfactual, x.swap] for x in generate_pairs(p.texts, p.swaps)]


def loaded_dataset_form(row: forms.FormRow, username: str, name: str, values: list[Any],
                        keep: Any) -> list[Any]:
    """The form filled from the dataset loaded in the Datasets tab (texts or pairs)."""
    from explorer.datasets.workspace import loaded_or_error, probe_input

    probe = registry.get(name)
    raw = row.params(name, values)
    raw.update(probe_input(loaded_or_error(username), name))
    return row.fill(name, probe.parse_params(raw), keep)


def _pairs_file(path: Path) -> list[dict[str, Any]]:
    from explorer.probes.pairs import parse_pairs_csv
    from glasshouse.limits import ContentLimits, read_text_bounded

    pairs = parse_pairs_csv(read_text_bounded(path), file=path.name)
    limits = ContentLimits.from_env()
    for i, pair in enumerate(pairs, start=2):  # row 1 is the header
        for field in ("stereotypical", "anti_stereotypical"):
            limits.check_text(getattr(pair, field), path.name, row=i, field=field)
    return [p.model_dump() for p in pairs]


def run_other(actor: Actor, row: forms.FormRow, name: str, model: str,
              pairs_file: Path | None, values: list[Any],
              progress: Progress = no_progress) -> views.RunView:
    """Run the picked probe on its form (the pairs probe on an uploaded pairs file if given)."""
    require_runner(actor, "running probes")
    raw = row.params(name, values)
    version = "edited in the UI"
    if name == "pairs" and pairs_file is not None:
        raw["pairs"] = _pairs_file(pairs_file)
        version = f"upload:{pairs_file.name}"
    if name == "counterfactual" and raw.get("pairs"):
        version = "reviewed in the UI"
    payload = service.run_probe(name, (model or "").strip(), raw, probe_set_version=version,
                                progress=progress)
    return _shown(actor.username, "other", payload)


# ---------------------------------------------------------------- saved runs


def saved_runs(db: Database, first: str | None = None, second: str | None = None) -> views.SavedRunsView:
    return views.saved_runs_view(service.list_runs(db), first, second)


def compare(db: Database, username: str, first: str | None, second: str | None) -> dict:
    if not first or not second:
        raise BadInput("pick two saved runs", field="runs")
    out = service.compare_runs(db, first, second)
    _keep_picks(username, first, second)
    return out


def export(db: Database, username: str, first: str | None, second: str | None,
           fmt: str) -> str:
    """Path of the first picked run written as `fmt`, inside the private download dir."""
    from glasshouse.uploads import write_download

    run = service.get_run(db, (first or "").strip())
    text = service.export_run(run, fmt)
    _keep_picks(username, first, second)
    return write_download(f"probe-run-{run.id[:8]}.{fmt}", text)


def _keep_picks(username: str, first: str | None, second: str | None) -> None:
    try:
        state.remember_picks(username, first, second)
    except (GlasshouseError, OSError):
        pass  # only a convenience for the next visit


# ---------------------------------------------------------------- the next visit


@dataclass(frozen=True)
class Restored:
    """What the tab shows again on a page load: each sub-tab's last run with the form and
    model that produced it (None: nothing kept), and the saved-run pickers."""

    template: views.RunView | None
    template_form: list[Any] | None
    template_model: str | None
    other: views.RunView | None
    other_probe: ProbeChoice | None
    other_name: str | None
    other_form: list[Any] | None
    other_model: str | None
    saved: views.SavedRunsView | None
    comparison: dict[str, Any] | None


def _params_of(probe_name: str, payload: dict[str, Any]) -> Any:
    try:
        return registry.get(probe_name).parse_params(payload.get("parameters") or {})
    except (GlasshouseError, ValueError):
        return None  # kept by an older version whose parameters no longer fit: leave the form


def restore(db: Database | None, username: str, row: forms.FormRow, keep: Any) -> Restored:
    kept = state.last_state(username)
    t_view = t_form = t_model = None
    if kept.template is not None:
        t_view, t_model = views.run_view(kept.template), kept.template["model"]
        params = _params_of(TEMPLATE, kept.template)
        t_form = None if params is None else forms.to_form(registry.get(TEMPLATE), params)
    o_view = o_choice = o_name = o_form = o_model = None
    names = {p.name for p in row.probes}
    if kept.other is not None and kept.other["probe"] in names:
        o_name = kept.other["probe"]
        o_view, o_choice = views.run_view(kept.other), probe_choice(o_name)
        o_model = kept.other["model"]
        params = _params_of(o_name, kept.other)
        o_form = None if params is None else row.fill(o_name, params, keep)
    saved = comparison = None
    if db is not None:
        saved = saved_runs(db, kept.first_run, kept.second_run)
        if (kept.first_run, kept.second_run) == (saved.first, saved.second) and saved.first \
                and saved.second:
            comparison = service.compare_runs(db, saved.first, saved.second)
    return Restored(t_view, t_form, t_model, o_view, o_choice, o_name, o_form, o_model, saved,
                    comparison)
