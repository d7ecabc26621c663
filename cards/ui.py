"""UI tab "Cards": a step-by-step wizard that autosaves drafts. Callbacks stay thin and call the
service functions in cards.service / cards.wizard.

No `from __future__ import annotations` here: Gradio finds the `request: gr.Request` parameter
by evaluating annotations, and `gr` is imported inside build()."""

import html
from typing import Any

from glasshouse.context import AppContext

INTRO = """## Model and data cards
Write the document that travels with a model or dataset, step by step. Glasshouse drafts the
sections from what you found here: licences from the catalog, numbers from bias probes, personal
information found in datasets, and feedback from demos."""

STEPS = ("1. Basics", "2. Evidence", "3. Sections", "4. Impact and openness", "5. Review")
RATING_HELP = "open = anyone can get it under an open licence; restricted = with conditions; closed = not available"


def _progress_html(completeness: float, missing: list[str], note: str = "") -> str:
    pct = round(completeness * 100)
    todo = ", ".join(html.escape(m) for m in missing[:8]) + (" ..." if len(missing) > 8 else "")
    return (f"<div class='gh-progress'><b>Completeness {pct}%</b> "
            f"<progress value='{pct}' max='100' style='width:40%'></progress>"
            + (f"<br><small>Still to do: {todo}</small>" if todo else "")
            + (f"<br><small>{html.escape(note)}</small>" if note else "") + "</div>")


def co2_text(mode: str, hardware: Any, count: Any, hours: Any, region: Any, pue: Any,
             measured_kg: Any, measured_source: Any) -> str:
    """The CO2 figure next to where it is entered (what the card will say)."""
    from cards.co2 import Co2Input, estimate

    from pydantic import ValidationError

    from glasshouse.errors import BadInput

    if mode == "measured":
        if measured_kg is None:
            return "Enter the measured kilograms of CO2eq."
        data = {"measured_kg": measured_kg, "measured_source": measured_source or None}
    elif mode == "estimate":
        data = {"hardware": hardware, "count": int(count or 1), "hours": hours or None,
                "region": region, "pue": pue or 1.0}
    else:
        return ""
    try:
        est = estimate(Co2Input(**data))
    except ValidationError as exc:
        return ("Not enough to estimate yet: "
                + exc.errors()[0]["msg"].removeprefix("Value error, ") + ".")
    except BadInput as exc:
        return f"Cannot estimate: {exc}"
    return f"**The card will say:** {est.sentence}"


def _write(name: str, text: str) -> str:
    from glasshouse.uploads import write_download

    return write_download(name, text, prefix="card-")


def build(ctx: AppContext) -> None:
    import gradio as gr

    from cards import service, wizard
    from cards.licenses import HUB_LICENSES
    from cards.readiness import readiness, todo_markdown
    from cards.openness import COMPONENTS
    from cards.sections import sections_for
    from glasshouse.ui import safe, uploaded_file

    model_sections = sections_for("model")

    draft_id = gr.State(None)
    version = gr.State(None)

    with gr.Row():
        drafts = gr.Dropdown(label="Continue a saved draft", choices=[], scale=3,
                             info="Drafts save themselves as you type.")
        open_btn = gr.Button("Open draft", scale=1)
        new_model = gr.Button("New model card", variant="primary", scale=1)
        new_data = gr.Button("New data card", scale=1)
    with gr.Accordion("Import an existing README.md card to continue editing it", open=False):
        upload = gr.File(label="README.md", file_types=[".md"], type="filepath")
    status = gr.HTML(_progress_html(0.0, [], "Start a new card or open a draft."),
                     elem_id="card-status")

    with gr.Walkthrough(selected=0) as walk:
        with gr.Step(STEPS[0], id=0):
            gr.Markdown("**What is this card about?** The fields below become the card's "
                        "metadata, which the Hugging Face Hub reads to list and filter it.")
            kind = gr.Radio([("Model card", "model"), ("Data card", "dataset")], value="model",
                            label="Kind of card")
            title = gr.Textbox(label="Name", elem_id="card-title", placeholder="e.g. Library helper 135M")
            summary = gr.Textbox(label="One-paragraph summary", lines=3,
                                 placeholder="What it is and who it is for, in plain words.")
            license_ = gr.Dropdown(sorted(HUB_LICENSES), label="Licence", elem_id="card-license", allow_custom_value=True,
                                   info="The Hub's licence ids; choose 'other' for a custom one.")
            language = gr.Textbox(label="Languages (BCP-47 tags, comma-separated)",
                                  elem_id="card-language",
                                  placeholder="en, es, ar-EG")
            with gr.Row():
                task = gr.Dropdown(wizard.task_choices(), label="Task (the Hub's task list)",
                                   info="Model cards: the pipeline_tag; data cards: the task "
                                        "category", elem_id="card-task", value=None)
                library = gr.Dropdown(wizard.library_choices(), value=None,
                                      label="Library that loads the model",
                                      allow_custom_value=True, elem_id="card-library")
                size = gr.Dropdown(wizard.size_choices(), value=None, visible=False,
                                   label="Number of rows (Hub size category)",
                                   elem_id="card-size")
            with gr.Row():
                tags = gr.Textbox(label="Tags", placeholder="chat, library")
                datasets = gr.Textbox(label="Hub datasets used", placeholder="owner/name")
                metrics = gr.Textbox(label="Metrics", placeholder="accuracy, exact_match")
            next0 = gr.Button("Next: evidence")
        with gr.Step(STEPS[1], id=1):
            gr.Markdown("**Pick what Glasshouse found.** Each choice drafts sentences with its "
                        "numbers, and each sentence links back to where it came from.")
            evidence = gr.Dropdown(label="Bias probe runs, dataset scans and demo feedback",
                                   elem_id="card-evidence",
                                   choices=[], multiselect=True,
                                   info="Probe runs draft the bias section; scans the personal "
                                        "information summary; feedback the known limitations.")
            catalog = gr.Dropdown(label="Catalog entries (training or source data)", choices=[],
                                  elem_id="card-catalog",
                                  multiselect=True,
                                  info="Listed with their licences; conflicts are flagged.")
            refresh = gr.Button("Refresh the lists", size="sm")
            next1 = gr.Button("Next: sections")
        with gr.Step(STEPS[2], id=2):
            gr.Markdown("**Write each section.** The hint under each box says what to put in. "
                        "Leave a box empty where evidence drafts it for you.")
            section_boxes = [gr.Textbox(label=s.heading + (" (required)" if s.required else ""),
                                        info=s.help, placeholder="Example: " + s.example, lines=3,
                                        elem_id=f"card-section-{i}")
                             for i, s in enumerate(model_sections)]
            next2 = gr.Button("Next: impact and openness")
        with gr.Step(STEPS[3], id=3):
            with gr.Group(visible=True) as model_only:
                gr.Markdown("**Environmental impact.** Estimate CO2 from the hardware, the hours "
                            "and where it ran (published grid figures), or paste a measured "
                            "value (e.g. from codecarbon).")
                co2_mode = gr.Radio([("Skip", "none"), ("Estimate", "estimate"),
                                     ("Measured value", "measured")], value="none",
                                    label="CO2")
                with gr.Row():
                    hardware = gr.Dropdown(wizard.hardware_choices(), label="Hardware")
                    count = gr.Number(1, label="How many", precision=0, minimum=1)
                    hours = gr.Number(None, label="Training hours", minimum=0)
                with gr.Row():
                    region = gr.Dropdown(wizard.region_choices(), label="Where it ran")
                    pue = gr.Number(1.0, label="Data-centre overhead (PUE)", minimum=1,
                                    info="1.0 if unknown; cloud providers publish ~1.1-1.6")
                with gr.Row():
                    measured = gr.Number(None, label="Measured kg CO2eq", minimum=0)
                    measured_src = gr.Textbox(label="Measured with", placeholder="codecarbon 3")
                co2_shown = gr.Markdown(elem_id="card-co2-estimate")
                gr.Markdown("**Openness** in the spirit of the Model Openness Framework. "
                            + RATING_HELP + ". The licence is rated from the licence id.")
                openness = [gr.Radio(["open", "restricted", "closed"], label=COMPONENTS[k][0],
                                     info=COMPONENTS[k][1]) for k in wizard.OPENNESS_KEYS]
            dataset_note = gr.Markdown("Data cards have no CO2 or openness step: go on to the "
                                       "review.", visible=False)
            next3 = gr.Button("Next: review")
        with gr.Step(STEPS[4], id=4):
            build_btn = gr.Button("Draft the card", variant="primary", elem_id="card-build")
            check_md = gr.Markdown(elem_id="card-check")
            with gr.Row():
                dl_md = gr.DownloadButton("Download README.md", visible=False, elem_id="card-download-md")
                dl_html = gr.DownloadButton("Download HTML", visible=False)
                dl_json = gr.DownloadButton("Download JSON", visible=False)
            preview = gr.Markdown(label="Preview", elem_id="card-preview")
            with gr.Accordion("README.md source", open=False):
                source = gr.Code(language="markdown", interactive=False)

    fields = [kind, title, summary, license_, language, tags, datasets, metrics, evidence,
              catalog, *section_boxes, co2_mode, hardware, count, hours, region, pue, measured,
              measured_src, *openness, task, library, size]
    n_open = len(wizard.OPENNESS_KEYS)

    def to_form(values: tuple) -> Any:
        v = list(values)
        head, rest = v[:10], v[10:]
        secs, rest = rest[:wizard.N_SECTIONS], rest[wizard.N_SECTIONS:]
        co2v, opn, hub = rest[:8], rest[8:8 + n_open], rest[8 + n_open:]
        return wizard.Form(*head, sections=secs, co2_mode=co2v[0], hardware=co2v[1],
                           count=co2v[2], hours=co2v[3], region=co2v[4], pue=co2v[5],
                           measured_kg=co2v[6], measured_source=co2v[7] or "", openness=opn,
                           task=hub[0], library_name=hub[1], size_category=hub[2])

    def form_updates(form: Any) -> list:
        secs = sections_for(form.kind)
        return [form.kind, form.title, form.summary, form.license, form.language, form.tags,
                form.datasets, form.metrics, gr.update(value=form.evidence),
                gr.update(value=form.catalog),
                *[gr.update(value=t, label=s.heading + (" (required)" if s.required else ""),
                            info=s.help, placeholder="Example: " + s.example)
                  for s, t in zip(secs, form.sections)],
                form.co2_mode, form.hardware, form.count, form.hours, form.region, form.pue,
                form.measured_kg, form.measured_source, *form.openness, form.task,
                form.library_name, form.size_category]

    def choice_updates() -> list:
        return [gr.update(choices=wizard.evidence_choices(ctx.db)),
                gr.update(choices=wizard.catalog_choices(ctx.db))]

    def draft_choices(request: Any) -> Any:
        actor = ctx.actor(request)
        return gr.update(choices=[(f"{d.title or 'Untitled'} ({d.kind}, "
                                   f"{d.completeness:.0%}, {d.updated_at:%Y-%m-%d %H:%M})", d.id)
                                  for d in service.list_drafts(ctx.db, actor=actor)])

    def kind_visibility(k: str) -> list:
        return [gr.update(visible=k == "model"), gr.update(visible=k != "model"),
                gr.update(visible=k == "model"), gr.update(visible=k != "model")]

    @safe
    def on_load(request: gr.Request):
        return [draft_choices(request), *choice_updates()]

    @safe
    def on_new(k: str, request: gr.Request):
        from cards.spec import CardSpec

        actor = ctx.actor(request)
        draft = service.save_draft(ctx.db, CardSpec(kind=k), actor=actor)
        form = wizard.spec_to_form(draft.spec)
        return [draft.id, draft.version, *form_updates(form), *kind_visibility(k),
                _progress_html(0.0, [], "New draft saved."), gr.Walkthrough(selected=0),
                draft_choices(request), *choice_updates()]

    @safe
    def on_open(did: str | None, request: gr.Request):
        if not did:
            raise gr.Error("Choose a draft first.", print_exception=False)
        draft = service.get_draft(ctx.db, did, actor=ctx.actor(request))
        form = wizard.spec_to_form(draft.spec)
        return [draft.id, draft.version, *form_updates(form), *kind_visibility(draft.kind),
                _progress_html(draft.completeness, [], f"Opened '{draft.title or 'Untitled'}'."),
                gr.Walkthrough(selected=0), draft_choices(request), *choice_updates()]

    @safe
    def on_import(path: str | None, request: gr.Request):
        if not path:
            raise gr.Error("Upload a README.md first.", print_exception=False)
        from glasshouse.limits import read_text_bounded

        real = uploaded_file(path)
        text = read_text_bounded(real)
        draft = service.import_draft(ctx.db, text, actor=ctx.actor(request), file=real.name)
        form = wizard.spec_to_form(draft.spec)
        return [draft.id, draft.version, *form_updates(form), *kind_visibility(draft.kind),
                _progress_html(draft.completeness, [], "Imported as a new draft."),
                gr.Walkthrough(selected=0),
                draft_choices(request), *choice_updates()]

    @safe
    def on_save(request: gr.Request, did: str | None, ver: int | None, *values: Any):
        if did is None:  # nothing open yet: the first edit starts a draft
            ver = None
        spec = wizard.form_to_spec(to_form(values))
        draft, built, problem = service.autosave(ctx.db, spec, actor=ctx.actor(request),
                                                 draft_id=did, expected_version=ver)
        missing = built.check.missing if built else []
        note = (f"Saved {draft.updated_at:%H:%M:%S} (version {draft.version})."
                + (f" Cannot draft yet: {problem}" if problem else ""))
        return draft.id, draft.version, _progress_html(draft.completeness, missing, note)

    @safe
    def on_kind(k: str):
        secs = sections_for(k)
        return [*[gr.update(label=s.heading + (" (required)" if s.required else ""), info=s.help,
                            placeholder="Example: " + s.example) for s in secs],
                *kind_visibility(k)]

    @safe
    def on_co2(mode, hw, n, hrs, reg, pue_v, kg, src):
        return co2_text(mode, hw, n, hrs, reg, pue_v, kg, src)

    @safe
    def on_build(request: gr.Request, progress=gr.Progress(), *values: Any):
        # special arguments (request, progress) must come first: Gradio injects only
        # positional parameters, and the form's fields arrive as *values
        did, ver, values = values[0], values[1], values[2:]
        import json

        from cards.render import to_html, to_json

        progress(0.2, desc="Reading the evidence")
        spec = wizard.form_to_spec(to_form(values))
        draft, built, problem = service.autosave(ctx.db, spec, actor=ctx.actor(request),
                                                 draft_id=did, expected_version=ver)
        if built is None:
            raise gr.Error(problem or "The card could not be drafted.", print_exception=False)
        progress(0.8, desc="Checking the card")
        chk = built.check
        shown = list(built.warnings) + [w for w in chk.warnings
                                        if w.removeprefix("licence: ") not in built.warnings]
        ready = readiness(chk, shown)
        lines = [todo_markdown(ready)]
        lines += [f"- **Warning:** {w}" for w in shown
                  if not any(w.split(":", 1)[-1].strip() in t.text for t in ready.todo)]
        lines.append(f"\n{len(built.drafted)} sentence(s) drafted from "
                     f"{len(spec.evidence) + len(spec.catalog_entries)} piece(s) of evidence.")
        stem = "README"
        md_path = _write(f"{stem}.md", built.readme)
        html_path = _write("card.html", to_html(built))
        json_path = _write("card.json", json.dumps(to_json(built), ensure_ascii=False, indent=2,
                                                   default=str))
        _, body = built.readme.split("\n---\n", 1)
        note = f"Saved {draft.updated_at:%H:%M:%S} (version {draft.version})."
        return (draft.id, draft.version, _progress_html(chk.completeness, chk.missing, note),
                "\n".join(lines), gr.update(value=md_path, visible=True),
                gr.update(value=html_path, visible=True), gr.update(value=json_path, visible=True),
                body, built.readme)

    loaded_outputs = [draft_id, version, *fields, model_only, dataset_note, library, size, status,
                      walk, drafts, evidence, catalog]
    def new_model_card(request: gr.Request):
        return on_new("model", request)

    def new_data_card(request: gr.Request):
        return on_new("dataset", request)

    # progress and a failure's badge on the status line only, not on every field
    new_model.click(new_model_card, None, loaded_outputs, show_progress_on=[status])
    new_data.click(new_data_card, None, loaded_outputs, show_progress_on=[status])
    open_btn.click(on_open, drafts, loaded_outputs, show_progress_on=[status])
    upload.upload(on_import, upload, loaded_outputs, show_progress_on=[status])
    refresh.click(lambda: choice_updates(), None, [evidence, catalog])
    kind.input(on_kind, kind, [*section_boxes, model_only, dataset_note, library, size])
    co2_inputs = [co2_mode, hardware, count, hours, region, pue, measured, measured_src]
    for comp in co2_inputs:
        comp.change(on_co2, co2_inputs, co2_shown, show_progress="hidden")

    save_io = dict(fn=on_save, inputs=[draft_id, version, *fields],
                   outputs=[draft_id, version, status], concurrency_limit=1,
                   concurrency_id="cards-autosave", trigger_mode="always_last",
                   show_progress="hidden")
    for comp in fields:
        if isinstance(comp, gr.Textbox):
            comp.blur(**save_io)
        else:
            comp.input(**save_io)
    for i, btn in enumerate((next0, next1, next2, next3), start=1):
        btn.click(lambda i=i: gr.Walkthrough(selected=i), None, walk)
    build_btn.click(on_build, [draft_id, version, *fields],
                    [draft_id, version, status, check_md, dl_md, dl_html, dl_json, preview, source],
                    concurrency_limit=1, concurrency_id="cards-autosave", show_progress_on=[status])
    root = gr.context.Context.root_block  # the app's Blocks: refresh the lists on page load
    if root is not None:
        root.load(on_load, None, [drafts, evidence, catalog])
