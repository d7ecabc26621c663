"""Bias probes tab: one function per sub-tab. Callbacks turn widget values into plain arguments,
call one function of explorer/probes/actions.py (views.py draws what is shown) and hand the
result to their components. A signed-in person's last runs and picked saved runs come back on a
page load (explorer/probes/state.py).

No `from __future__ import annotations` here: Gradio reads the `request: gr.Request` annotation."""

from dataclasses import dataclass
from typing import Any

import gradio as gr

from glasshouse.context import AppContext
from glasshouse.restore_gate import RestoreGate, session_of

INTRO = """## Bias probes
Ask a model the same question about different groups of people and compare the answers, for
example which jobs it expects after "This man works as a ..." and "This woman works as a ...".
Every result shows how many examples it rests on, how sure we can be, and what it cannot show."""

STATISTICS_SETTINGS = ("n_boot", "n_perm", "seed")
RESTORED_NOTE = "Your last run, kept from your last visit (run it again to refresh it)."
# the page-load restore comes before this session's own runs (glasshouse/restore_gate.py)
_RESTORE_GATE = RestoreGate()


def contract_markdown(probe: Any) -> str:
    from explorer.probes.views import contract_markdown as markdown

    return markdown(probe)


def form_components(probe: Any) -> list[Any]:
    """Widgets for a probe's generated form, filled with its defaults; the statistics settings
    sit in a closed accordion."""
    from explorer.probes import forms
    from glasshouse.ui import form_widgets

    return form_widgets(forms.form_fields(probe), forms.to_form(probe, probe.default_params()),
                        tucked=STATISTICS_SETTINGS, tucked_label="Settings for the statistics")


def _json_view_and_run(run_label: str) -> tuple[Any, ...]:
    """The parameters as JSON under "Advanced" (with the two buttons between form and JSON) and
    the Run / Cancel row: the same on both probe sub-tabs."""
    with gr.Accordion("Advanced: the parameters as JSON", open=False):
        code = gr.Code("", language="json", label="Parameters (JSON)")
        with gr.Row():
            to_json = gr.Button("Show the form as JSON")
            from_json = gr.Button("Fill the form from this JSON")
    with gr.Row():
        run = gr.Button(run_label, variant="primary")
        stop = gr.Button("Cancel", variant="stop")
    return code, to_json, from_json, run, stop


def _progress(progress: Any) -> Any:
    return lambda f, m: progress(f, desc=m)


def _table(view: Any) -> Any:
    return gr.update(value=view.rows, headers=view.columns)


@dataclass(frozen=True)
class _Outputs:
    """Components a page load fills again (see `_restore`)."""

    components: list[Any]
    fill: Any  # Restored -> list of values for `components`


RESTORED_ID = "probes-restored"  # set once the page-load restore is done (journeys wait on it)


def build(ctx: AppContext) -> None:
    outputs = [_template_tab(ctx), _other_tab(ctx), _saved_runs_tab(ctx)]
    marker = gr.HTML("", elem_id=RESTORED_ID, padding=False)
    _restore(ctx, [*outputs, _Outputs([marker], lambda r: ['<span data-restored="1"></span>'])])


# ---------------------------------------------------------------- fill in the blank


def _template_tab(ctx: AppContext) -> _Outputs:
    from glasshouse.ui import safe

    from explorer.probes import actions, forms, registry

    probe = registry.get(actions.TEMPLATE)
    fields = [f.name for f in forms.form_fields(probe)]
    with gr.Tab("Fill in the blank"):
        gr.Markdown("Each template is filled with every group's words and every candidate word; "
                    "the model says how likely each finished sentence is. Edit the tables: one "
                    "row per template (with `{group}` and `[BLANK]`), per group and per "
                    "category of hurtful words; separate several words in one cell with `;`.")
        gr.Markdown(contract_markdown(probe))
        with gr.Row():
            model = gr.Dropdown(actions.model_choices(probe), value=probe.default_model,
                                allow_custom_value=True,
                                label="Model (packaged, or a Hugging Face id when online)")
            set_pick = gr.Dropdown([], label="Load a saved probe set", allow_custom_value=False)
        widgets = form_components(probe)
        language = widgets[fields.index("language")]
        as_json, to_json, from_json, run, stop = _json_view_and_run("Run template probe")
        summary = gr.Markdown()
        with gr.Row():
            group_plot = gr.Plot(label="Per group")
            shift_plot = gr.Plot(label="Completions by group")
        details = gr.Dataframe(label="Every candidate, by group", interactive=False,
                               wrap=True, max_height=320)
        with gr.Row():
            set_name = gr.Textbox(label="Probe set name", placeholder="e.g. gender-en")
            save_set = gr.Button("Save templates as a new probe-set version")
            save_run = gr.Button("Save this run (citable evidence)")
        msg = gr.Markdown()
        last = gr.State(None)

    @safe
    def set_choices() -> Any:
        return gr.update(choices=actions.template_set_labels(ctx.db))

    @safe
    def load_language(lang: str) -> list[Any]:
        return actions.template_defaults(lang)

    @safe
    def load_set(label: str) -> list[Any]:
        if not label:
            return [gr.update()] * len(widgets)
        return actions.probe_set_form(ctx.db, label)

    @safe
    def template_as_json(*values: Any) -> str:
        from explorer.probes.views import params_json

        return params_json(actions.template_params(list(values)))

    @safe
    def json_to_template(text: str) -> list[Any]:
        from explorer.probes.views import json_object

        return forms.to_form(probe, probe.parse_params(json_object(text)))

    @safe
    def run_template(model_name: str, set_label: str, request: gr.Request,
                     progress=gr.Progress(), *values: Any) -> tuple:  # noqa: B008
        # Gradio injects special arguments (progress, request) only among the positional
        # parameters, so they come before the form values
        _RESTORE_GATE.action_begins(session_of(request))  # after the page-load restore
        view = actions.run_template(ctx.db, ctx.actor(request), model_name, set_label,
                                    list(values), _progress(progress))
        return (view.summary, view.group_chart, view.shift_chart, _table(view), view.payload,
                view.note)

    @safe
    def save_template_set(request: gr.Request, name: str, *values: Any) -> tuple:
        text, label = actions.save_template_set(ctx.db, ctx.actor(request), name, list(values))
        return text, gr.update(choices=actions.template_set_labels(ctx.db), value=label)

    @safe
    def save_template_run(payload: dict | None, request: gr.Request) -> str:
        return actions.save_run(ctx.db, ctx.actor(request), payload)

    # .input, not .change: a form filled by a saved set, the JSON view or a page load keeps its
    # own words instead of being reset to the language's defaults
    language.input(load_language, language, widgets)
    set_pick.focus(set_choices, None, set_pick)
    set_pick.change(load_set, set_pick, widgets)
    to_json.click(template_as_json, widgets, as_json)
    from_json.click(json_to_template, as_json, widgets)
    running = run.click(run_template, [model, set_pick, *widgets],
                        [summary, group_plot, shift_plot, details, last, msg])
    stop.click(None, None, None, cancels=[running])
    save_set.click(save_template_set, [set_name, *widgets], [msg, set_pick])
    save_run.click(save_template_run, last, msg)

    def fill(r: Any) -> list[Any]:
        form = r.template_form or [gr.skip()] * len(widgets)
        if r.template is None:
            return [gr.skip()] * (1 + len(widgets) + 6)
        v = r.template
        return [r.template_model, *form, v.summary, v.group_chart, v.shift_chart, _table(v),
                v.payload, RESTORED_NOTE]

    return _Outputs([model, *widgets, summary, group_plot, shift_plot, details, last, msg], fill)


# ---------------------------------------------------------------- the other probes


def _other_tab(ctx: AppContext) -> _Outputs:
    from glasshouse.ui import safe, uploaded_file

    from explorer.probes import actions, forms

    other = actions.other_probes()
    row = forms.FormRow(other)
    first = other[0]
    with gr.Tab("Pairs, associations, classifiers, generation"):
        gr.Markdown("\n".join(f"- **{p.title}** (`{p.name}`): {p.description}" for p in other))
        with gr.Row():
            pick = gr.Dropdown([(p.title, p.name) for p in other], value=first.name,
                               label="Probe")
            model = gr.Dropdown(actions.model_choices(first), value=first.default_model,
                                allow_custom_value=True, label="Model")
        contract = gr.Markdown(contract_markdown(first))
        groups, probe_widgets = [], {}
        for probe in other:  # one form per probe, generated from its parameter model
            with gr.Group(visible=probe is first) as box:
                probe_widgets[probe.name] = form_components(probe)
            groups.append(box)
        with gr.Row(visible=first.name == "pairs") as csv_row:
            csv = gr.File(label="Stereotype pairs file (CSV with columns stereotypical, "
                          "anti_stereotypical, optional bias_type)", file_types=[".csv"])
        with gr.Row(visible=first.name == "counterfactual") as preview_row:
            preview_btn = gr.Button("Preview counterfactual pairs to review (fills the "
                                    "reviewed pairs: edit or delete rows before running)")
        use_loaded_btn = gr.Button("Use the dataset loaded in Datasets", size="sm",
                                   elem_id="probes-use-loaded")
        as_json, to_json, from_json, run, stop = _json_view_and_run("Run probe")
        summary = gr.Markdown()
        plot = gr.Plot(label="Per group")
        details = gr.Dataframe(label="Details", interactive=False, wrap=True, max_height=320)
        save = gr.Button("Save this run (citable evidence)")
        msg = gr.Markdown()
        last = gr.State(None)

    all_widgets = [w for p in other for w in probe_widgets[p.name]]

    def choice_updates(c: Any) -> list[Any]:
        return [gr.update(choices=c.models, value=c.model), c.contract,
                *[gr.update(visible=v) for v in c.visible],
                gr.update(visible=c.takes_pairs_file), gr.update(visible=c.previews_pairs)]

    @safe
    def load_probe(name: str) -> list[Any]:
        return choice_updates(actions.probe_choice(name))

    @safe
    def load_probe_language(name: str, lang: str) -> list[Any]:
        return actions.probe_language_form(row, name, lang, gr.update())

    @safe
    def form_as_json(name: str, *values: Any) -> str:
        return actions.form_as_json(row, name, list(values))

    @safe
    def json_to_form(name: str, text: str) -> list[Any]:
        return actions.json_form(row, name, text, gr.update())

    @safe
    def preview(*values: Any) -> Any:
        return actions.preview_counterfactual_pairs(row, list(values))

    @safe
    def run_other(name: str, model_name: str, csv_file: Any, request: gr.Request,
                  progress=gr.Progress(), *values: Any) -> tuple:  # noqa: B008
        path = uploaded_file(csv_file) if csv_file and name == "pairs" else None
        _RESTORE_GATE.action_begins(session_of(request))
        view = actions.run_other(ctx.actor(request), row, name, model_name, path, list(values),
                                 _progress(progress))
        return view.summary, view.group_chart, _table(view), view.payload, view.note

    @safe
    def use_loaded(name: str, request: gr.Request, *values: Any) -> list[Any]:
        """The form filled from the dataset loaded in the Datasets tab (texts or pairs)."""
        _RESTORE_GATE.action_begins(session_of(request))
        return actions.loaded_dataset_form(row, ctx.actor(request).username, name,
                                           list(values), gr.update())

    @safe
    def save_other_run(payload: dict | None, request: gr.Request) -> str:
        return actions.save_run(ctx.db, ctx.actor(request), payload)

    choice_outputs = [model, contract, *groups, csv_row, preview_row]
    pick.input(load_probe, pick, choice_outputs)
    for p in other:
        names = [f.name for f in forms.form_fields(p)]
        if "language" in names:
            lang_widget = probe_widgets[p.name][names.index("language")]
            lang_widget.input(load_probe_language, [pick, lang_widget], all_widgets)
    to_json.click(form_as_json, [pick, *all_widgets], as_json)
    from_json.click(json_to_form, [pick, as_json], all_widgets)
    if "counterfactual" in probe_widgets:
        from explorer.probes.registry import get

        cf_fields = [f.name for f in forms.form_fields(get("counterfactual"))]
        preview_btn.click(preview, all_widgets,
                          probe_widgets["counterfactual"][cf_fields.index("pairs")])
    running = run.click(run_other, [pick, model, csv, *all_widgets],
                        [summary, plot, details, last, msg])
    stop.click(None, None, None, cancels=[running])
    use_loaded_btn.click(use_loaded, [pick, *all_widgets], all_widgets)
    save.click(save_other_run, last, msg)

    n_choice = len(choice_outputs)

    def fill(r: Any) -> list[Any]:
        if r.other is None:
            return [gr.skip()] * (1 + n_choice + len(all_widgets) + 5)
        v = r.other
        choice = choice_updates(r.other_probe)
        choice[0] = gr.update(choices=r.other_probe.models, value=r.other_model)
        form = r.other_form or [gr.skip()] * len(all_widgets)
        return [r.other_name, *choice, *form, v.summary, v.group_chart, _table(v), v.payload,
                RESTORED_NOTE]

    return _Outputs([pick, *choice_outputs, *all_widgets, summary, plot, details, last, msg],
                    fill)


# ---------------------------------------------------------------- stored runs


def _saved_runs_tab(ctx: AppContext) -> _Outputs:
    from glasshouse.ui import safe

    from explorer.probes import actions

    with gr.Tab("Saved runs"):
        gr.Markdown("Every saved run keeps the model, probe set version, parameters, results, "
                    "who ran it and when. Pick two runs to compare, or one to export.")
        refresh = gr.Button("Refresh list")
        table = gr.Dataframe(headers=["id", "title", "effect", "n", "who", "when"],
                             interactive=False, label="Saved runs")
        with gr.Row():
            first = gr.Dropdown([], label="First run", allow_custom_value=False)
            second = gr.Dropdown([], label="Second run", allow_custom_value=False)
            compare_btn = gr.Button("Compare")
        comparison = gr.JSON(label="Comparison")
        with gr.Row():
            fmt = gr.Radio(["json", "csv"], value="csv", label="Export format")
            export_btn = gr.Button("Export first run")
            exported = gr.File(label="Export", interactive=False)

    def shown(v: Any) -> list[Any]:
        return [v.table, gr.update(choices=v.choices, value=v.first),
                gr.update(choices=v.choices, value=v.second)]

    @safe
    def list_runs() -> list[Any]:
        return shown(actions.saved_runs(ctx.db))

    @safe
    def compare(a: str, b: str, request: gr.Request) -> dict:
        return actions.compare(ctx.db, ctx.actor(request).username, a, b)

    @safe
    def export(a: str, b: str, kind: str, request: gr.Request) -> str:
        return actions.export(ctx.db, ctx.actor(request).username, a, b, kind)

    refresh.click(list_runs, None, [table, first, second])
    compare_btn.click(compare, [first, second], comparison)
    export_btn.click(export, [first, second, fmt], exported)

    def fill(r: Any) -> list[Any]:
        if r.saved is None:
            return [gr.skip()] * 4
        return [*shown(r.saved), r.comparison if r.comparison is not None else gr.skip()]

    return _Outputs([table, first, second, comparison], fill)


# ---------------------------------------------------------------- the next visit


def _restore(ctx: AppContext, parts: list[_Outputs]) -> None:
    """On page load: this user's last run on each sub-tab (with the form and model it used),
    and the saved runs with the two they picked."""
    from glasshouse.ui import restore_on_load, safe

    from explorer.probes import actions, forms

    row = forms.FormRow(actions.other_probes())

    @safe
    def on_restore(request: gr.Request) -> list[Any]:
        restored = actions.restore(ctx.db, ctx.actor(request).username, row, gr.skip())
        return [value for part in parts for value in part.fill(restored)]

    restore_on_load(_RESTORE_GATE, on_restore, [c for part in parts for c in part.components],
                    show_progress="hidden")
