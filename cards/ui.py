"""UI tab "Cards": a step-by-step wizard that autosaves drafts. One function builds each step;
each callback parses its inputs, calls one function of cards.presenter and puts the result on
the page (the logic is tested there, without a browser).

No `from __future__ import annotations` here: Gradio finds the `request: gr.Request` parameter
by evaluating annotations, and `gr` is imported inside build()."""

from types import SimpleNamespace
from typing import Any

from glasshouse.context import AppContext

INTRO = """## Model and data cards
Write the document that travels with a model or dataset, step by step. Glasshouse drafts the
sections from what you found here: licences from the catalog, numbers from bias probes, personal
information found in datasets, and feedback from demos."""

STEPS = ("1. Basics", "2. Evidence", "3. Sections", "4. Impact and openness", "5. Review")
RATING_CHOICES = [("open licence", "open"), ("restricted licence", "restricted"),
                  ("not published", "closed")]


def _top_bar(gr: Any) -> SimpleNamespace:
    from cards.presenter import status_html

    with gr.Row():
        drafts = gr.Dropdown(label="Continue a saved draft", choices=[], scale=3,
                             info="Drafts save themselves as you type.")
        open_btn = gr.Button("Open draft", scale=1)
        new_model = gr.Button("New model card", variant="primary", scale=1)
        new_data = gr.Button("New data card", scale=1)
    with gr.Accordion("Import an existing README.md card to continue editing it", open=False):
        upload = gr.File(label="README.md", file_types=[".md"], type="filepath")
    status = gr.HTML(status_html(0.0, "Start a new card or open a draft."), elem_id="card-status")
    return SimpleNamespace(drafts=drafts, open_btn=open_btn, new_model=new_model,
                           new_data=new_data, upload=upload, status=status)


def _step_basics(gr: Any) -> SimpleNamespace:
    from cards import wizard
    from cards.licenses import HUB_LICENSES

    gr.Markdown("**What is this card about?** The fields below become the card's metadata, "
                "which the Hugging Face Hub reads to list and filter it.")
    kind = gr.Radio([("Model card", "model"), ("Data card", "dataset")], value="model",
                    label="Kind of card")
    title = gr.Textbox(label="Name", elem_id="card-title", placeholder="e.g. Library helper 135M")
    summary = gr.Textbox(label="One-paragraph summary", lines=3,
                         placeholder="What it is and who it is for, in plain words.")
    models = gr.Textbox(label="Model this card describes (its name here or its Hub id)",
                        elem_id="card-models", placeholder="e.g. smollm2-135m",
                        info="Evidence about any other model is flagged in step 2.")
    license_ = gr.Dropdown(sorted(HUB_LICENSES), label="Licence (required)",
                           elem_id="card-license", allow_custom_value=True,
                           info="The Hub's licence ids; choose 'other' for a custom one.")
    language = gr.Textbox(label="Languages (BCP-47 tags, comma-separated)",
                          elem_id="card-language", placeholder="en, es, ar-EG")
    with gr.Row():
        task = gr.Dropdown(wizard.task_choices(), label="Task: the Hub's pipeline_tag (required)",
                           info="What the model does, from the Hub's task list; for a data "
                                "card, the task the data is for.",
                           elem_id="card-task", value=None)
        library = gr.Dropdown(wizard.library_choices(), value=None,
                              label="Library that loads the model (library_name)",
                              allow_custom_value=True, elem_id="card-library")
        size = gr.Dropdown(wizard.size_choices(), value=None, visible=False,
                           label="Number of rows (Hub size category, required)",
                           elem_id="card-size")
    with gr.Row():
        tags = gr.Textbox(label="Tags", placeholder="chat, library")
        datasets = gr.Textbox(label="Hub datasets used", placeholder="owner/name",
                              elem_id="card-datasets")
        metrics = gr.Textbox(label="Metrics", placeholder="accuracy, exact_match")
    nxt = gr.Button("Next: evidence")
    return SimpleNamespace(kind=kind, title=title, summary=summary, models=models,
                           license=license_, language=language, task=task, library=library,
                           size=size, tags=tags, datasets=datasets, metrics=metrics, next=nxt)


def _step_evidence(gr: Any) -> SimpleNamespace:
    gr.Markdown("**Pick what Glasshouse found.** Each choice drafts sentences with its numbers, "
                "and each sentence links back to where it came from.")
    evidence = gr.Dropdown(label="Bias probe runs, dataset scans and demo feedback",
                           elem_id="card-evidence", choices=[], multiselect=True,
                           info="Probe runs draft the bias section; scans the personal "
                                "information summary; feedback the known limitations.")
    catalog = gr.Dropdown(label="Catalog entries (training or source data)", choices=[],
                          elem_id="card-catalog", multiselect=True,
                          info="Listed with their licences; conflicts are flagged.")
    refresh = gr.Button("Refresh the lists", size="sm")
    note = gr.Markdown(elem_id="card-evidence-note")
    flagged = gr.CheckboxGroup([], label="Evidence about another model",
                               info="Left out of the card unless you tick it.",
                               elem_id="card-flagged", visible=False)
    suggestions = gr.CheckboxGroup([], label="Suggested additions from the evidence",
                                   elem_id="card-suggestions", visible=False)
    with gr.Row():
        accept = gr.Button("Add the ticked ones to the card", size="sm", elem_id="card-accept",
                           visible=False)
        dismiss = gr.Button("Dismiss the ticked ones", size="sm", elem_id="card-dismiss",
                            visible=False)
    dismissed = gr.State([])
    nxt = gr.Button("Next: sections")
    return SimpleNamespace(evidence=evidence, catalog=catalog, refresh=refresh, note=note,
                           flagged=flagged, suggestions=suggestions, accept=accept,
                           dismiss=dismiss, dismissed=dismissed, next=nxt)


def _step_sections(gr: Any) -> SimpleNamespace:
    from cards.sections import sections_for

    gr.Markdown("**Write each section.** The hint under each box says what to put in. Leave a "
                "box empty where evidence drafts it for you.")
    boxes = [gr.Textbox(label=s.heading + (" (required)" if s.required else ""), info=s.help,
                        placeholder="Example: " + s.example, lines=3, elem_id=f"card-section-{i}")
             for i, s in enumerate(sections_for("model"))]
    nxt = gr.Button("Next: impact and openness")
    return SimpleNamespace(boxes=boxes, next=nxt)


def _step_impact(gr: Any) -> SimpleNamespace:
    from cards import wizard
    from cards.openness import CLASS_NAMES, COMPONENTS

    with gr.Group(visible=True) as model_only:
        gr.Markdown("**Environmental impact.** Estimate CO2 from the hardware, the hours and "
                    "where it ran (figures from codecarbon's data), or enter a measured value.")
        co2_mode = gr.Radio([("Skip", "none"), ("Estimate", "estimate"),
                             ("Measured value", "measured")], value="none", label="CO2",
                            elem_id="card-co2-mode")
        with gr.Row():
            hardware = gr.Dropdown(wizard.hardware_choices(), label="Hardware",
                                   allow_custom_value=True, elem_id="card-hardware",
                                   info="A GPU, or type any CPU model codecarbon lists")
            count = gr.Number(1, label="How many", precision=0, minimum=1)
            hours = gr.Number(None, label="Training hours", minimum=0, elem_id="card-hours")
        with gr.Row():
            region = gr.Dropdown(wizard.region_choices(), label="Where it ran (country or "
                                                                "cloud region)",
                                 elem_id="card-region")
            pue = gr.Number(1.0, label="Data-centre overhead (PUE)", minimum=1,
                            info="1.0 if unknown; cloud providers publish ~1.1-1.6")
        with gr.Row():
            measured = gr.Number(None, label="Measured kg CO2eq", minimum=0)
            measured_src = gr.Textbox(label="Measured with", placeholder="codecarbon 3")
        co2_shown = gr.Markdown(elem_id="card-co2-estimate")
        gr.Markdown("**Openness** on the Model Openness Framework (Linux Foundation): three "
                    "classes, each needing the listed parts published under an open licence. "
                    "Unrated parts count as not published; the weights and this card take the "
                    "card's licence unless you rate them.")
        openness = []
        for cls in (3, 2, 1):
            with gr.Accordion(f"Needed for {CLASS_NAMES[cls]}", open=cls == 3):
                with gr.Row():
                    for key in wizard.OPENNESS_KEYS:
                        label, what, _, needed = COMPONENTS[key]
                        if needed == cls:
                            openness.append((key, gr.Radio(RATING_CHOICES, label=label,
                                                           info=what,
                                                           elem_id=f"card-mof-{key}")))
        openness = [comp for _, comp in sorted(
            openness, key=lambda kc: wizard.OPENNESS_KEYS.index(kc[0]))]
        openness_shown = gr.HTML(elem_id="card-openness")
    dataset_note = gr.Markdown("Data cards have no CO2 or openness step: go on to the review.",
                               visible=False)
    nxt = gr.Button("Next: review")
    return SimpleNamespace(model_only=model_only, co2_mode=co2_mode, hardware=hardware,
                           count=count, hours=hours, region=region, pue=pue, measured=measured,
                           measured_src=measured_src, co2_shown=co2_shown, openness=openness,
                           openness_shown=openness_shown, dataset_note=dataset_note, next=nxt)


def _step_review(gr: Any) -> SimpleNamespace:
    build_btn = gr.Button("Draft the card", variant="primary", elem_id="card-build")
    check_md = gr.Markdown(elem_id="card-check")
    with gr.Row():
        dl_md = gr.DownloadButton("Download README.md", visible=False,
                                  elem_id="card-download-md")
        dl_html = gr.DownloadButton("Download HTML", visible=False)
        dl_json = gr.DownloadButton("Download JSON", visible=False)
    preview = gr.Markdown(label="Preview", elem_id="card-preview")
    with gr.Accordion("README.md source", open=False):
        source = gr.Code(language="markdown", interactive=False)
    return SimpleNamespace(build=build_btn, check=check_md, dl_md=dl_md, dl_html=dl_html,
                           dl_json=dl_json, preview=preview, source=source)


def build(ctx: AppContext) -> None:
    import gradio as gr

    from cards import presenter, wizard
    from cards.sections import sections_for
    from glasshouse.ui import safe, uploaded_file

    top = _top_bar(gr)
    draft_id, version = gr.State(None), gr.State(None)
    with gr.Walkthrough(selected=0) as walk:
        with gr.Step(STEPS[0], id=0):
            b = _step_basics(gr)
        with gr.Step(STEPS[1], id=1):
            e = _step_evidence(gr)
        with gr.Step(STEPS[2], id=2):
            s = _step_sections(gr)
        with gr.Step(STEPS[3], id=3):
            im = _step_impact(gr)
        with gr.Step(STEPS[4], id=4):
            r = _step_review(gr)

    # in wizard.form_from_values order
    fields = [b.kind, b.title, b.summary, b.license, b.language, b.tags, b.datasets, b.metrics,
              e.evidence, e.catalog, *s.boxes, im.co2_mode, im.hardware, im.count, im.hours,
              im.region, im.pue, im.measured, im.measured_src, *im.openness, b.task, b.library,
              b.size, b.models, e.flagged, e.dismissed]
    n_head = len(wizard.HEAD_FIELDS)

    def section_updates(kind: str, texts: list | None = None) -> list:
        secs = sections_for(kind)
        return [gr.update(label=x.heading + (" (required)" if x.required else ""), info=x.help,
                          placeholder="Example: " + x.example,
                          **({} if texts is None else {"value": texts[i]}))
                for i, x in enumerate(secs)]

    def kind_visibility(k: str) -> list:
        return [gr.update(visible=k == "model"), gr.update(visible=k != "model"),
                gr.update(visible=k == "model"), gr.update(visible=k != "model"),
                gr.update(visible=k == "model")]

    def form_updates(form: Any) -> list:
        v = wizard.form_values(form)
        secs = section_updates(form.kind, form.sections)
        return [*v[:n_head], *secs, *v[n_head + wizard.N_SECTIONS:]]

    def panel_updates(panel: Any) -> list:
        offered = bool(panel.suggestions)
        return [panel.note, gr.update(choices=panel.flagged, value=panel.confirmed,
                                      visible=bool(panel.flagged)),
                gr.update(choices=panel.suggestions, value=[], visible=offered),
                gr.update(visible=offered), gr.update(visible=offered)]

    def choice_updates() -> list:
        return [gr.update(choices=wizard.evidence_choices(ctx.db)),
                gr.update(choices=wizard.catalog_choices(ctx.db))]

    def loaded(res: Any, request: Any) -> list:
        return [res.draft_id, res.version, *form_updates(res.form),
                *kind_visibility(res.form.kind), res.status, gr.Walkthrough(selected=0),
                gr.update(choices=presenter.draft_choices(ctx.db, actor=ctx.actor(request))),
                *choice_updates()]

    @safe
    def on_load(request: gr.Request):
        return [gr.update(choices=presenter.draft_choices(ctx.db, actor=ctx.actor(request))),
                *choice_updates()]

    @safe
    def new_model_card(request: gr.Request):
        return loaded(presenter.new_draft(ctx.db, "model", actor=ctx.actor(request)), request)

    @safe
    def new_data_card(request: gr.Request):
        return loaded(presenter.new_draft(ctx.db, "dataset", actor=ctx.actor(request)), request)

    @safe
    def on_open(did: str | None, request: gr.Request):
        return loaded(presenter.open_draft(ctx.db, did, actor=ctx.actor(request)), request)

    @safe
    def on_import(path: str | None, request: gr.Request):
        if not path:
            raise gr.Error("Upload a README.md first.", print_exception=False)
        from glasshouse.limits import read_text_bounded

        real = uploaded_file(path)
        res = presenter.import_card(ctx.db, read_text_bounded(real), actor=ctx.actor(request),
                                    file=real.name)
        return loaded(res, request)

    @safe
    def on_save(request: gr.Request, did: str | None, ver: int | None, *values: Any):
        res = presenter.save(ctx.db, wizard.form_from_values(values), actor=ctx.actor(request),
                             draft_id=did, version=ver)
        return [res.draft_id, res.version, res.status, *panel_updates(res.panel)]

    @safe
    def on_accept(request: gr.Request, keys: list, *values: Any):
        form = presenter.accept_suggestions(ctx.db, wizard.form_from_values(values), keys,
                                            actor=ctx.actor(request))
        return [form.language, form.datasets, form.models]

    @safe
    def on_dismiss(keys: list, *values: Any):
        return presenter.dismiss_suggestions(wizard.form_from_values(values), keys).dismissed

    @safe
    def on_kind(k: str):
        return [*section_updates(k), *kind_visibility(k)]

    @safe
    def on_co2(*values: Any):
        return presenter.co2_text(*values)

    @safe
    def on_openness(licence: Any, *ratings: Any):
        return presenter.openness_text(licence, list(ratings))

    @safe
    def on_build(request: gr.Request, progress=gr.Progress(), *values: Any):
        # special arguments (request, progress) must come first: Gradio injects only
        # positional parameters, and the form's fields arrive as *values
        progress(0.2, desc="Drafting and checking the card")
        res = presenter.review(ctx.db, wizard.form_from_values(values[2:]),
                               actor=ctx.actor(request), draft_id=values[0], version=values[1])
        md, html_path, json_path = res.files
        return [res.saved.draft_id, res.saved.version, res.saved.status, res.check_markdown,
                gr.update(value=md, visible=True), gr.update(value=html_path, visible=True),
                gr.update(value=json_path, visible=True), res.body, res.readme,
                *panel_updates(res.saved.panel)]

    panel_out = [e.note, e.flagged, e.suggestions, e.accept, e.dismiss]
    loaded_outputs = [draft_id, version, *fields, im.model_only, im.dataset_note, b.library,
                      b.size, b.models, top.status, walk, top.drafts, e.evidence, e.catalog]
    save_io = dict(fn=on_save, inputs=[draft_id, version, *fields],
                   outputs=[draft_id, version, top.status, *panel_out], concurrency_limit=1,
                   concurrency_id="cards-autosave", trigger_mode="always_last",
                   show_progress="hidden")
    # progress and a failure's badge on the status line only, not on every field
    for trigger, fn, inputs in ((top.new_model.click, new_model_card, None),
                                (top.new_data.click, new_data_card, None),
                                (top.open_btn.click, on_open, top.drafts),
                                (top.upload.upload, on_import, top.upload)):
        trigger(fn, inputs, loaded_outputs, show_progress_on=[top.status]).then(**save_io)
    e.refresh.click(lambda: choice_updates(), None, [e.evidence, e.catalog])
    b.kind.input(on_kind, b.kind, [*s.boxes, im.model_only, im.dataset_note, b.library, b.size,
                                   b.models])
    co2_inputs = [im.co2_mode, im.hardware, im.count, im.hours, im.region, im.pue, im.measured,
                  im.measured_src]
    # ONE listener per shown result and one for the autosave: an event still running when
    # another field changes is followed by one more with the latest values. With a listener per
    # field, a loaded server answered four quick openness ticks out of order and left the text
    # of three ticks on screen (tests/e2e/test_cards_edits_in_order.py). The autosave follows
    # the same rule; a save refused for a version that changed meanwhile was not seen.
    gr.on([comp.change for comp in co2_inputs], on_co2, co2_inputs, im.co2_shown,
          trigger_mode="always_last", show_progress="hidden")
    openness_inputs = [b.license, *im.openness]
    gr.on([comp.change for comp in openness_inputs], on_openness, openness_inputs,
          im.openness_shown, trigger_mode="always_last", show_progress="hidden")
    gr.on([(comp.blur if isinstance(comp, gr.Textbox) else comp.input)
           for comp in fields if not isinstance(comp, gr.State)], **save_io)
    e.accept.click(on_accept, [e.suggestions, *fields], [b.language, b.datasets, b.models],
                   show_progress_on=[e.note]).then(**save_io)
    e.dismiss.click(on_dismiss, [e.suggestions, *fields], e.dismissed,
                    show_progress_on=[e.note]).then(**save_io)
    for i, btn in enumerate((b.next, e.next, s.next, im.next), start=1):
        btn.click(lambda i=i: gr.Walkthrough(selected=i), None, walk)
    r.build.click(on_build, [draft_id, version, *fields],
                  [draft_id, version, top.status, r.check, r.dl_md, r.dl_html, r.dl_json,
                   r.preview, r.source, *panel_out],
                  concurrency_limit=1, concurrency_id="cards-autosave",
                  show_progress_on=[top.status])
    root = gr.context.Context.root_block  # the app's Blocks: refresh the lists on page load
    if root is not None:
        root.load(on_load, None, [top.drafts, e.evidence, e.catalog])
