"""Bias probes tab. Only ui.py files import gradio; callbacks stay thin and call service functions.

No `from __future__ import annotations` here: Gradio reads the `request: gr.Request` annotation."""

import json
import tempfile
from pathlib import Path
from typing import Any

from glasshouse.context import AppContext

INTRO = """## Bias probes
Ask a model the same question about different groups of people and compare the answers, for
example which jobs it expects after "This man works as a ..." and "This woman works as a ...".
Every result shows how many examples it rests on, how sure we can be, and what it cannot show."""

LM_CHOICES = ["smollm2-135m"]
OTHER_MODELS = {"pairs": "smollm2-135m", "weat": "minilm-en", "counterfactual": "profanity-en",
                "generation": "smollm2-135m"}


def _rows(payload: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    details = payload.get("details", [])
    cols: list[str] = []
    for d in details:
        cols += [k for k in d if k not in cols]
    return cols, [[d.get(c) for c in cols] for d in details]


def build(ctx: AppContext) -> None:
    import gradio as gr

    from glasshouse.ui import safe, uploaded_file
    from glasshouse.users import require_runner

    from explorer.probes import charts, forms, registry, service

    template_probe = registry.get("template")
    last_run = gr.State(None)

    def _defaults(lang: str) -> tuple[str, str, str]:
        p = template_probe.default_params(lang)
        return forms.templates_to_text(p), forms.groups_to_text(p), forms.lexicon_to_text(p.lexicon)

    t0, g0, l0 = _defaults("en")
    with gr.Tab("Fill in the blank"):
        gr.Markdown("Each template is filled with every group's words and every candidate word; "
                    "the model says how likely each finished sentence is. Write one template "
                    "per line as `sentence with {group} and [BLANK] | word, word, ...`, one group "
                    "per line as `name: words; words`, and the hurtful-word list as "
                    "`category: word, word`.")
        with gr.Row():
            t_lang = gr.Dropdown(["en", "es", "fr"], value="en", label="Language of the "
                                 "built-in templates")
            t_model = gr.Dropdown(LM_CHOICES, value="smollm2-135m", allow_custom_value=True,
                                  label="Model (packaged, or a Hugging Face id when online)")
            t_set = gr.Dropdown([], label="Load a saved probe set", allow_custom_value=False)
        t_templates = gr.Textbox(t0, lines=4, label="Templates | candidate words")
        with gr.Row():
            t_groups = gr.Textbox(g0, lines=3, label="Groups and their words")
            t_lexicon = gr.Textbox(l0, lines=3, label="Hurtful-word lexicon (editable)")
        t_run = gr.Button("Run template probe", variant="primary")
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

    def _set_choices() -> Any:
        return gr.update(choices=[s.label for s in service.list_probe_sets(ctx.db, "template")])

    @safe
    def load_language(lang: str) -> tuple[str, str, str]:
        return _defaults(lang)

    @safe
    def load_set(label: str) -> tuple:
        if not label:
            return gr.update(), gr.update(), gr.update(), gr.update()
        name, version = label.rsplit("@v", 1)
        ps = service.get_probe_set(ctx.db, name, int(version))
        p = template_probe.parse_params(ps.content)
        return (p.language, forms.templates_to_text(p), forms.groups_to_text(p),
                forms.lexicon_to_text(p.lexicon))

    @safe
    def run_template(lang: str, model: str, templates: str, groups: str, lexicon: str,
                     set_label: str, request: gr.Request, progress=gr.Progress()) -> tuple:
        require_runner(ctx.actor(request), "running probes")
        params = template_probe.parse_params(forms.template_form(lang, templates, groups, lexicon))
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
    def save_set(name: str, lang: str, templates: str, groups: str, lexicon: str,
                 request: gr.Request) -> tuple:
        ps = service.save_probe_set(ctx.db, name, "template",
                                    forms.template_form(lang, templates, groups, lexicon),
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

    t_lang.change(load_language, t_lang, [t_templates, t_groups, t_lexicon])
    t_set.focus(_set_choices, None, t_set)
    t_set.change(load_set, t_set, [t_lang, t_templates, t_groups, t_lexicon])
    t_run.click(run_template, [t_lang, t_model, t_templates, t_groups, t_lexicon, t_set],
                [t_summary, t_group_plot, t_shift_plot, t_details, last_run, t_msg])
    t_save_set.click(save_set, [t_set_name, t_lang, t_templates, t_groups, t_lexicon],
                     [t_msg, t_set])
    t_save_run.click(save_run, last_run, t_msg)

    # ---------------------------------------------------------------- the other probes
    other = [p for p in registry.all_probes() if p.name != "template"]
    with gr.Tab("Pairs, associations, classifiers, generation"):
        gr.Markdown("\n".join(f"- **{p.title}** (`{p.name}`): {p.description}" for p in other))
        with gr.Row():
            o_probe = gr.Dropdown([(p.title, p.name) for p in other], value="pairs",
                                  label="Probe")
            o_model = gr.Dropdown(sorted(set(OTHER_MODELS.values())) + ["use-multilingual",
                                  "e5-small-multilingual", "vader-sentiment-en"],
                                  value="smollm2-135m", allow_custom_value=True, label="Model")
            o_lang = gr.Dropdown(["en", "es", "fr"], value="en", label="Built-in set language")
        o_params = gr.Code(json.dumps(registry.get("pairs").default_params().model_dump(),
                                      indent=1, ensure_ascii=False), language="json",
                           label="Parameters (JSON; edit words, sentences, pairs)")
        with gr.Row():
            o_csv = gr.File(label="Stereotype pairs CSV (columns: stereotypical, "
                            "anti_stereotypical, optional bias_type)", file_types=[".csv"])
            o_preview_btn = gr.Button("Preview counterfactual pairs to review")
        o_preview = gr.Dataframe(headers=["original", "counterfactual", "swap"],
                                 interactive=True, label="Counterfactual pairs (edit or delete "
                                 "rows before scoring)", visible=False)
        o_run = gr.Button("Run probe", variant="primary")
        o_summary = gr.Markdown()
        o_plot = gr.Plot(label="Per group")
        o_details = gr.Dataframe(label="Details", interactive=False, wrap=True, max_height=320)
        o_save = gr.Button("Save this run (citable evidence)")
        o_msg = gr.Markdown()

    @safe
    def load_probe(name: str, lang: str) -> tuple:
        probe = registry.get(name)
        return (json.dumps(probe.default_params(lang).model_dump(), indent=1,
                           ensure_ascii=False),
                gr.update(value=OTHER_MODELS[name]),
                gr.update(visible=name == "counterfactual", value=[]))

    def _params(name: str, text: str) -> dict:
        from glasshouse.errors import BadInput

        try:
            data = json.loads(text or "{}")
        except json.JSONDecodeError as exc:
            raise BadInput(f"not valid JSON ({exc.msg} at line {exc.lineno})",
                           field="parameters") from None
        if not isinstance(data, dict):
            raise BadInput("parameters must be a JSON object", field="parameters")
        return data

    @safe
    def preview(name: str, text: str) -> Any:
        from explorer.probes.counterfactual import generate_pairs

        probe = registry.get("counterfactual")
        p = probe.parse_params(_params(name, text))
        rows = [[x.original, x.counterfactual, x.swap] for x in generate_pairs(p.texts, p.swaps)]
        return gr.update(value=rows, visible=True)

    @safe
    def run_other(name: str, model: str, text: str, csv_file: Any, reviewed: Any,
                  request: gr.Request, progress=gr.Progress()) -> tuple:
        require_runner(ctx.actor(request), "running probes")
        from explorer.probes.pairs import parse_pairs_csv

        raw = _params(name, text)
        version = "edited in the UI"
        if name == "pairs" and csv_file:
            path = uploaded_file(csv_file)
            raw["pairs"] = [p.model_dump() for p in parse_pairs_csv(
                path.read_text(encoding="utf-8-sig"), file=path.name)]
            version = f"upload:{path.name}"
        if name == "counterfactual" and reviewed is not None:
            rows = reviewed.values.tolist() if hasattr(reviewed, "values") else reviewed
            raw["pairs"] = [{"original": str(r[0]), "counterfactual": str(r[1]),
                             "swap": str(r[2] or "")} for r in rows
                            if r and r[0] and r[1] and str(r[0]).strip()]
            if raw["pairs"]:
                version = "reviewed in the UI"
        payload = service.run_probe(name, (model or "").strip(), raw, probe_set_version=version,
                                    progress=lambda f, m: progress(f, desc=m))
        cols, rows = _rows(payload)
        return (forms.summary_markdown(payload), charts.group_chart(payload),
                gr.update(value=rows, headers=cols), payload, "")

    o_probe.change(load_probe, [o_probe, o_lang], [o_params, o_model, o_preview])
    o_lang.change(load_probe, [o_probe, o_lang], [o_params, o_model, o_preview])
    o_preview_btn.click(preview, [o_probe, o_params], o_preview)
    o_run.click(run_other, [o_probe, o_model, o_params, o_csv, o_preview],
                [o_summary, o_plot, o_details, last_run, o_msg])
    o_save.click(save_run, last_run, o_msg)

    # ---------------------------------------------------------------- stored runs
    with gr.Tab("Saved runs"):
        gr.Markdown("Every saved run keeps the model, probe set version, parameters, results, "
                    "who ran it and when. Compare two runs or export one.")
        r_refresh = gr.Button("Refresh list")
        r_table = gr.Dataframe(headers=["id", "title", "effect", "n", "who", "when"],
                               interactive=False, label="Saved runs")
        with gr.Row():
            r_first = gr.Textbox(label="First run id")
            r_second = gr.Textbox(label="Second run id")
            r_compare = gr.Button("Compare")
        r_cmp = gr.JSON(label="Comparison")
        with gr.Row():
            r_fmt = gr.Radio(["json", "csv"], value="csv", label="Export format")
            r_export = gr.Button("Export first run")
            r_file = gr.File(label="Export", interactive=False)

    @safe
    def list_runs() -> list[list[Any]]:
        return [[r.id, r.title, r.payload.get("effect"), r.payload.get("n"), r.created_by,
                 r.created_at[:19]] for r in service.list_runs(ctx.db)]

    @safe
    def compare(a: str, b: str) -> dict:
        return service.compare_runs(ctx.db, a.strip(), b.strip())

    @safe
    def export(a: str, fmt: str) -> str:
        run = service.get_run(ctx.db, a.strip())
        from glasshouse.ui import private_upload_dir

        out = Path(tempfile.mkdtemp(dir=private_upload_dir())) / f"probe-run-{run.id[:8]}.{fmt}"
        out.write_text(service.export_run(run, fmt), encoding="utf-8")
        return str(out)

    r_refresh.click(list_runs, None, r_table)
    r_compare.click(compare, [r_first, r_second], r_cmp)
    r_export.click(export, [r_first, r_fmt], r_file)
