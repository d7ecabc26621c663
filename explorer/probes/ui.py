"""Bias probes tab. Only ui.py files import gradio; callbacks stay thin and call service functions.

No `from __future__ import annotations` here: Gradio reads the `request: gr.Request` annotation."""

import json
from typing import Any

from glasshouse.context import AppContext

INTRO = """## Bias probes
Ask a model the same question about different groups of people and compare the answers, for
example which jobs it expects after "This man works as a ..." and "This woman works as a ...".
Every result shows how many examples it rests on, how sure we can be, and what it cannot show."""



def contract_markdown(probe: Any) -> str:
    """What the probe measures and how it is judged, from its declaration."""
    c = probe.contract()
    return (f"**Measures:** {c['statistic']}. **No effect** = {c['null']:g}; above: "
            f"{c['above_null']}; below: {c['below_null']}.  \n"
            f"<small>How it is tested: {c['test']}. A group result is called a finding only "
            f"with at least {c['min_n']} {c['min_n_unit']}.</small>")


def _rows(payload: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    details = payload.get("details", [])
    cols: list[str] = []
    for d in details:
        cols += [k for k in d if k not in cols]
    return cols, [[d.get(c) for c in cols] for d in details]


def _json_view_and_run(gr: Any, run_label: str) -> tuple[Any, ...]:
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


def build(ctx: AppContext) -> None:
    import gradio as gr

    from glasshouse.ui import safe, uploaded_file
    from glasshouse.users import require_runner

    from explorer.probes import charts, forms, registry, service

    template_probe = registry.get("template")
    last_run = gr.State(None)

    def model_choices(probe: Any) -> list[str]:
        return list(dict.fromkeys((probe.default_model, *probe.model_choices)))

    t_fields = [f.name for f in forms.form_fields(template_probe)]
    with gr.Tab("Fill in the blank"):
        gr.Markdown("Each template is filled with every group's words and every candidate word; "
                    "the model says how likely each finished sentence is. Edit the tables: one "
                    "row per template (with `{group}` and `[BLANK]`), per group and per "
                    "category of hurtful words; separate several words in one cell with `;`.")
        gr.Markdown(contract_markdown(template_probe))
        with gr.Row():
            t_model = gr.Dropdown(model_choices(template_probe),
                                  value=template_probe.default_model, allow_custom_value=True,
                                  label="Model (packaged, or a Hugging Face id when online)")
            t_set = gr.Dropdown([], label="Load a saved probe set", allow_custom_value=False)
        t_widgets = form_components(gr, template_probe)
        t_lang = t_widgets[t_fields.index("language")]
        t_json, t_to_json, t_from_json, t_run, t_stop = _json_view_and_run(
            gr, "Run template probe")
        t_summary = gr.Markdown()
        with gr.Row():
            t_group_plot = gr.Plot(label="Per group")
            t_shift_plot = gr.Plot(label="Completions by group")
        t_details = gr.Dataframe(label="Every candidate, by group", interactive=False,
                                 wrap=True, max_height=320)
        with gr.Row():
            t_set_name = gr.Textbox(label="Probe set name", placeholder="e.g. gender-en")
            t_save_set = gr.Button("Save templates as a new probe-set version")
            t_save_run = gr.Button("Save this run (citable evidence)")
        t_msg = gr.Markdown()

    def _template_params(values: tuple) -> Any:
        return template_probe.parse_params(forms.from_form(template_probe, list(values)))

    def _set_choices() -> Any:
        return gr.update(choices=[s.label for s in service.list_probe_sets(ctx.db, "template")])

    @safe
    def load_language(lang: str) -> list[Any]:
        return forms.to_form(template_probe, template_probe.default_params(lang))

    @safe
    def load_set(label: str) -> list[Any]:
        if not label:
            return [gr.update()] * len(t_widgets)
        name, version = label.rsplit("@v", 1)
        ps = service.get_probe_set(ctx.db, name, int(version))
        return forms.to_form(template_probe, template_probe.parse_params(ps.content))

    @safe
    def template_as_json(*values: Any) -> str:
        return json.dumps(_template_params(values).model_dump(), indent=1, ensure_ascii=False)

    @safe
    def json_to_template(text: str) -> list[Any]:
        return forms.to_form(template_probe, template_probe.parse_params(_json_object(text)))

    @safe
    def run_template(model: str, set_label: str, request: gr.Request,
                     progress=gr.Progress(), *values: Any) -> tuple:  # noqa: B008
        # Gradio injects special arguments (progress, request) only among the positional
        # parameters, so they come before the form values
        require_runner(ctx.actor(request), "running probes")
        params = _template_params(values)
        loaded = None
        if set_label:
            name, version = set_label.rsplit("@v", 1)
            ps = service.get_probe_set(ctx.db, name, int(version))
            if template_probe.parse_params(ps.content) == params:
                loaded = ps.label
        payload = service.run_probe("template", (model or "").strip(), params,
                                    probe_set_version=loaded or "edited in the UI",
                                    progress=lambda f, m: progress(f, desc=m))
        cols, rows = _rows(payload)
        return (forms.summary_markdown(payload), charts.group_chart(payload),
                charts.shift_chart(payload), gr.update(value=rows, headers=cols), payload, "")

    @safe
    def save_set(request: gr.Request, name: str, *values: Any) -> tuple:
        ps = service.save_probe_set(ctx.db, name, "template", _template_params(values),
                                    actor=ctx.actor(request))
        return (f"Saved probe set **{ps.label}**.",
                gr.update(choices=[s.label for s in service.list_probe_sets(ctx.db, "template")],
                          value=ps.label))

    @safe
    def save_run(payload: dict | None, request: gr.Request) -> str:
        if not payload:
            return "Run a probe first."
        run_id = service.save_run(ctx.db, payload, actor=ctx.actor(request))
        return f"Saved run `{run_id}`: cards can cite it as evidence."

    t_lang.change(load_language, t_lang, t_widgets)
    t_set.focus(_set_choices, None, t_set)
    t_set.change(load_set, t_set, t_widgets)
    t_to_json.click(template_as_json, t_widgets, t_json)
    t_from_json.click(json_to_template, t_json, t_widgets)
    t_running = t_run.click(run_template, [t_model, t_set, *t_widgets],
                            [t_summary, t_group_plot, t_shift_plot, t_details, last_run, t_msg])
    t_stop.click(None, None, None, cancels=[t_running])
    t_save_set.click(save_set, [t_set_name, *t_widgets], [t_msg, t_set])
    t_save_run.click(save_run, last_run, t_msg)

    # ---------------------------------------------------------------- the other probes
    other = [p for p in registry.all_probes() if p.name != "template"]
    first = other[0]
    with gr.Tab("Pairs, associations, classifiers, generation"):
        gr.Markdown("\n".join(f"- **{p.title}** (`{p.name}`): {p.description}" for p in other))
        with gr.Row():
            o_probe = gr.Dropdown([(p.title, p.name) for p in other], value=first.name,
                                  label="Probe")
            o_model = gr.Dropdown(model_choices(first), value=first.default_model,
                                  allow_custom_value=True, label="Model")
        o_contract = gr.Markdown(contract_markdown(first))
        form_groups, form_widgets = {}, {}
        for probe in other:  # one form per probe, generated from its parameter model
            with gr.Group(visible=probe is first) as box:
                form_widgets[probe.name] = form_components(gr, probe)
            form_groups[probe.name] = box
        with gr.Row(visible=first.name == "pairs") as csv_row:
            o_csv = gr.File(label="Stereotype pairs file (CSV with columns stereotypical, "
                            "anti_stereotypical, optional bias_type)", file_types=[".csv"])
        with gr.Row(visible=first.name == "counterfactual") as preview_row:
            o_preview_btn = gr.Button("Preview counterfactual pairs to review (fills the "
                                      "reviewed pairs: edit or delete rows before running)")
        o_use_loaded = gr.Button("Use the dataset loaded in Datasets", size="sm",
                                 elem_id="probes-use-loaded")
        o_params, o_to_json, o_from_json, o_run, o_stop = _json_view_and_run(gr, "Run probe")
        o_summary = gr.Markdown()
        o_plot = gr.Plot(label="Per group")
        o_details = gr.Dataframe(label="Details", interactive=False, wrap=True, max_height=320)
        o_save = gr.Button("Save this run (citable evidence)")
        o_msg = gr.Markdown()

    all_widgets = [w for p in other for w in form_widgets[p.name]]

    def _values(name: str, values: tuple) -> list[Any]:
        start = 0
        for p in other:
            n = len(form_widgets[p.name])
            if p.name == name:
                return list(values[start:start + n])
            start += n
        raise KeyError(name)

    def _fill(name: str, params: Any) -> list[Any]:
        """Updates for every form widget: the chosen probe's show `params`."""
        out: list[Any] = []
        for p in other:
            if p.name == name:
                out += forms.to_form(p, params)
            else:
                out += [gr.update()] * len(form_widgets[p.name])
        return out

    @safe
    def load_probe(name: str) -> tuple:
        probe = registry.get(name)
        return (gr.update(choices=model_choices(probe), value=probe.default_model),
                contract_markdown(probe),
                *[gr.update(visible=p.name == name) for p in other],
                gr.update(visible=name == "pairs"), gr.update(visible=name == "counterfactual"))

    @safe
    def load_probe_language(name: str, lang: str) -> list[Any]:
        probe = registry.get(name)
        return _fill(name, probe.default_params(lang if lang in probe.languages else "en"))

    @safe
    def form_as_json(name: str, *values: Any) -> str:
        probe = registry.get(name)
        params = probe.parse_params(forms.from_form(probe, _values(name, values)))
        return json.dumps(params.model_dump(), indent=1, ensure_ascii=False)

    @safe
    def json_to_form(name: str, text: str) -> list[Any]:
        probe = registry.get(name)
        return _fill(name, probe.parse_params(_json_object(text)))

    cf_fields = [f.name for f in forms.form_fields(registry.get("counterfactual"))] \
        if "counterfactual" in form_widgets else []

    @safe
    def preview(*values: Any) -> Any:
        from explorer.probes.counterfactual import generate_pairs

        probe = registry.get("counterfactual")
        raw = forms.from_form(probe, _values("counterfactual", values))
        p = probe.parse_params({**raw, "pairs": []})
        return [[x.original, x.counterfactual, x.swap] for x in generate_pairs(p.texts, p.swaps)]

    @safe
    def run_other(name: str, model: str, csv_file: Any, request: gr.Request,
                  progress=gr.Progress(), *values: Any) -> tuple:  # noqa: B008
        require_runner(ctx.actor(request), "running probes")
        from explorer.probes.pairs import parse_pairs_csv
        from glasshouse.limits import ContentLimits, read_text_bounded

        probe = registry.get(name)
        raw = forms.from_form(probe, _values(name, values))
        version = "edited in the UI"
        if name == "pairs" and csv_file:
            path = uploaded_file(csv_file)
            pairs = parse_pairs_csv(read_text_bounded(path), file=path.name)
            limits = ContentLimits.from_env()
            for i, pair in enumerate(pairs, start=2):  # row 1 is the header
                for field in ("stereotypical", "anti_stereotypical"):
                    limits.check_text(getattr(pair, field), path.name, row=i, field=field)
            raw["pairs"] = [p.model_dump() for p in pairs]
            version = f"upload:{path.name}"
        if name == "counterfactual" and raw.get("pairs"):
            version = "reviewed in the UI"
        payload = service.run_probe(name, (model or "").strip(), raw, probe_set_version=version,
                                    progress=lambda f, m: progress(f, desc=m))
        cols, rows = _rows(payload)
        return (forms.summary_markdown(payload), charts.group_chart(payload),
                gr.update(value=rows, headers=cols), payload, "")

    o_probe.change(load_probe, o_probe, [o_model, o_contract,
                                         *[form_groups[p.name] for p in other], csv_row,
                                         preview_row])
    for p in other:
        names = [f.name for f in forms.form_fields(p)]
        if "language" in names:
            lang_widget = form_widgets[p.name][names.index("language")]
            lang_widget.change(load_probe_language, [o_probe, lang_widget], all_widgets)
    o_to_json.click(form_as_json, [o_probe, *all_widgets], o_params)
    o_from_json.click(json_to_form, [o_probe, o_params], all_widgets)
    if cf_fields:
        o_preview_btn.click(preview, all_widgets,
                            form_widgets["counterfactual"][cf_fields.index("pairs")])
    running = o_run.click(run_other, [o_probe, o_model, o_csv, *all_widgets],
                          [o_summary, o_plot, o_details, last_run, o_msg])
    o_stop.click(None, None, None, cancels=[running])

    @safe
    def use_loaded(name: str, request: gr.Request, *values: Any) -> list[Any]:
        """The form filled from the dataset loaded in the Datasets tab (texts or pairs)."""
        from explorer.datasets.workspace import loaded_or_error, probe_input

        probe = registry.get(name)
        raw = forms.from_form(probe, _values(name, values))
        raw.update(probe_input(loaded_or_error(ctx.actor(request).username), name))
        return _fill(name, probe.parse_params(raw))

    o_use_loaded.click(use_loaded, [o_probe, *all_widgets], all_widgets)
    o_save.click(save_run, last_run, o_msg)

    # ---------------------------------------------------------------- stored runs
    with gr.Tab("Saved runs"):
        gr.Markdown("Every saved run keeps the model, probe set version, parameters, results, "
                    "who ran it and when. Pick two runs to compare, or one to export.")
        r_refresh = gr.Button("Refresh list")
        r_table = gr.Dataframe(headers=["id", "title", "effect", "n", "who", "when"],
                               interactive=False, label="Saved runs")
        with gr.Row():
            r_first = gr.Dropdown([], label="First run", allow_custom_value=False)
            r_second = gr.Dropdown([], label="Second run", allow_custom_value=False)
            r_compare = gr.Button("Compare")
        r_cmp = gr.JSON(label="Comparison")
        with gr.Row():
            r_fmt = gr.Radio(["json", "csv"], value="csv", label="Export format")
            r_export = gr.Button("Export first run")
            r_file = gr.File(label="Export", interactive=False)

    @safe
    def list_runs() -> tuple:
        runs = service.list_runs(ctx.db)
        choices = service.run_choices(runs)
        table = [[r.id, r.title, r.payload.get("effect"), r.payload.get("n"), r.created_by,
                  r.created_at[:19]] for r in runs]
        return (table, gr.update(choices=choices, value=choices[0][1] if choices else None),
                gr.update(choices=choices,
                          value=choices[1][1] if len(choices) > 1 else None))

    @safe
    def compare(a: str, b: str) -> dict:
        if not a or not b:
            from glasshouse.errors import BadInput

            raise BadInput("pick two saved runs", field="runs")
        return service.compare_runs(ctx.db, a, b)

    @safe
    def export(a: str, fmt: str) -> str:
        run = service.get_run(ctx.db, (a or "").strip())
        from glasshouse.uploads import write_download

        return write_download(f"probe-run-{run.id[:8]}.{fmt}", service.export_run(run, fmt))

    r_refresh.click(list_runs, None, [r_table, r_first, r_second])
    r_compare.click(compare, [r_first, r_second], r_cmp)
    r_export.click(export, [r_first, r_fmt], r_file)


def _json_object(text: str) -> dict:
    from glasshouse.errors import BadInput

    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON ({exc.msg} at line {exc.lineno})",
                       field="parameters") from None
    if not isinstance(data, dict):
        raise BadInput("parameters must be a JSON object", field="parameters")
    return data


def form_components(gr: Any, probe: Any) -> list[Any]:
    """Gradio widgets for a probe's generated form (forms.form_fields), filled with its
    defaults; the statistics settings sit in a closed accordion."""
    from explorer.probes import forms

    fields = forms.form_fields(probe)
    values = forms.to_form(probe, probe.default_params())
    widgets: list[Any] = [None] * len(fields)
    settings = {"n_boot", "n_perm", "seed"}

    def make(f: Any, v: Any) -> Any:
        info = f.help or None
        if f.kind == "choice":
            return gr.Dropdown(list(f.choices), value=v, label=f.label, info=info)
        if f.kind in ("integer", "number"):
            return gr.Number(v, label=f.label, info=info,
                             precision=0 if f.kind == "integer" else None)
        if f.kind == "checkbox":
            return gr.Checkbox(v, label=f.label, info=info)
        if f.kind == "list":
            return gr.Textbox(v, lines=6, max_lines=20, label=f"{f.label} (one per line)",
                              info=info)
        if f.kind in ("table", "mapping"):
            return gr.Dataframe(v, headers=list(f.column_labels), type="array",
                                column_count=(len(f.columns), "fixed"), interactive=True,
                                wrap=True, label=f"{f.label} (add, edit or delete rows; "
                                "separate several words in one cell with ;)", max_height=320)
        if f.kind == "json":
            return gr.Code(v, language="json", label=f.label)
        return gr.Textbox(v, label=f.label, info=info)

    for i, (f, v) in enumerate(zip(fields, values)):
        if f.name not in settings:
            widgets[i] = make(f, v)
    with gr.Accordion("Settings for the statistics", open=False):
        for i, (f, v) in enumerate(zip(fields, values)):
            if f.name in settings:
                widgets[i] = make(f, v)
    return widgets
