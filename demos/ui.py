"""UI: the "Demos" tab (builder and review queue) and the stand-alone visitor pages.

Visitor pages: `/demo?slug=NAME` is public (no sign-in, visitors act anonymously: public demos
only) and `/demo-members?slug=NAME` needs a sign-in when users are configured (restricted demos).
One function lays out each sub-tab; every callback forwards to one function of a non-UI module
(demos.builder_form, demos.review_view, demos.visitor_page), which calls the service (the
service checks permissions itself)."""


from types import SimpleNamespace
from typing import Any

from glasshouse.context import AppContext, Page


INTRO = """## Demos
Build a small page where people who are not engineers can try a model with their own words and
tell you when its answers are wrong, hurtful or biased. Their feedback is collected for review."""


# copies the link in the browser (the clipboard API needs https or localhost; elsewhere the
# text is selected and copied the older way), then tells the server to confirm it
COPY_JS = """(lang, url) => {
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url);
  } else {
    const box = document.querySelector('#visitor-share textarea');
    const was = box.disabled;
    box.disabled = false; box.select(); document.execCommand('copy'); box.disabled = was;
  }
  return [lang, url];
}"""


def _client(request: Any) -> str:
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"


def _base_url(request: Any) -> str:
    return str(getattr(request, "base_url", "") or "")


# ---------------------------------------------------------------- the Demos tab


def build(ctx: AppContext) -> None:
    b = _builder(ctx)
    _review(ctx, b)


def _param_widget(task_name: str, f: Any, visible: bool) -> Any:
    import gradio as gr

    from glasshouse.param_form import to_widget

    common = {"label": f.label, "info": f.help or None, "visible": visible,
              "elem_id": f"demo-param-{task_name}-{f.name}"}
    value = to_widget(f, None)
    if f.kind == "bool":
        return gr.Checkbox(value=bool(value), **common)
    if f.kind in ("int", "float"):
        return gr.Number(value=value, minimum=f.minimum, maximum=f.maximum,
                         precision=0 if f.kind == "int" else None, **common)
    if f.kind == "choice":
        return gr.Dropdown(list(f.choices), value=value, **common)
    return gr.Textbox(value=value or "", lines=3 if f.kind in ("lines", "json") else 1, **common)


def _builder(ctx: AppContext) -> SimpleNamespace:
    """Sub-tab 1: build a demo (and save an edited one as a new version)."""
    import gradio as gr

    from demos import builder_form, tasks
    from glasshouse.ui import safe

    task_choices = [(t.label, t.name) for t in tasks.TASKS.all()]
    first = tasks.TASKS.all()[0]
    w = SimpleNamespace()
    with gr.Accordion("1. Build a demo", open=True):
        gr.Markdown("Pick what the model should do, describe it in plain words, and add example "
                    "sentences. You get a link that you can share.")
        with gr.Row():
            w.task = gr.Radio(task_choices, value=first.name, label="Task", info=first.help,
                              elem_id="demo-task")
            w.model = gr.Dropdown(first.models(), value=first.models()[0], label="Model",
                                  info="A packaged model, or a Hugging Face id (org/name) when "
                                       "this computer is online", allow_custom_value=True,
                                  elem_id="demo-model")
        w.model_label = gr.Textbox(label="Name of the model shown to visitors (optional)",
                                   info="Visitors never see the internal model name; without a "
                                        "name here they see the model's description",
                                   max_lines=1, elem_id="demo-model-label")
        w.title = gr.Textbox(label="Title", placeholder="Does our sentiment model treat names "
                             "fairly?", elem_id="demo-title")
        w.description = gr.Textbox(label="Description (plain language)", lines=3,
                                   elem_id="demo-description")
        with gr.Row():
            w.intended_use = gr.Textbox(label="Intended use", lines=2, elem_id="demo-intended")
            w.limitations = gr.Textbox(label="Limitations", lines=2, elem_id="demo-limitations")
        with gr.Row():
            w.examples = gr.Textbox(label="Example inputs (one per line)", lines=4,
                                    elem_id="demo-examples")
            w.variants = gr.Textbox(label="Comparison variants (one per line, optional)",
                                    info="The same sentence with different names, dialects or "
                                         "genders; shown side by side", lines=4,
                                    elem_id="demo-variants")
        w.slots = builder_form.param_slots()
        w.params = [_param_widget(name, f, name == first.name) for name, f in w.slots]
        with gr.Row():
            w.public = gr.Checkbox(label="Public: anyone with the link can try it without "
                                   "signing in", value=True, elem_id="demo-public")
            w.slug = gr.Textbox(label="Short name for the link (optional)", max_lines=1,
                                elem_id="demo-slug")
        w.editing = gr.State(None)  # {"slug", "version"} while editing an existing demo
        with gr.Row():
            w.create = gr.Button("Create demo", variant="primary", elem_id="demo-create")
            w.save = gr.Button("Save changes as a new version", elem_id="demo-save",
                               interactive=False)
        w.created = gr.Markdown(elem_id="demo-created")
        w.share_url = gr.Textbox(label="Link to share (full address)", interactive=False,
                                 buttons=["copy"], visible=False, elem_id="demo-share-url")
    w.fields = [getattr(w, k) for k in builder_form.FIELDS]
    slots = w.slots

    @safe
    def on_task(name: str) -> tuple[Any, ...]:
        view = builder_form.task_view(name)
        return (gr.update(info=view.help), gr.update(choices=view.models, value=view.models[0]),
                *[gr.update(visible=task_name == name) for task_name, _f in slots])

    w.task.input(on_task, w.task, [w.task, w.model, *w.params])

    def form(values: tuple[Any, ...]) -> dict[str, Any]:
        return dict(zip(builder_form.FIELDS, values, strict=True))

    @safe
    def on_create(task_v, model_v, label_v, title_v, desc, intended_v, limits_v, examples_v,
                  variants_v, public_v, slug_v, request: gr.Request, *param_values):
        values = form((task_v, model_v, label_v, title_v, desc, intended_v, limits_v,
                       examples_v, variants_v, public_v)) | {"slug": slug_v}
        got = builder_form.create(ctx.db, values, slots, param_values,
                                  actor=ctx.actor(request), base_url=_base_url(request))
        return (got.message, gr.update(choices=got.my_demos, value=got.slug),
                gr.update(value=got.share_url, visible=True))

    w.on_create, w.create_inputs = on_create, [*w.fields, w.slug, *w.params]

    @safe
    def on_save(task_v, model_v, label_v, title_v, desc, intended_v, limits_v, examples_v,
                variants_v, public_v, editing_v, request: gr.Request, *param_values):
        values = form((task_v, model_v, label_v, title_v, desc, intended_v, limits_v,
                       examples_v, variants_v, public_v))
        return builder_form.save(ctx.db, editing_v, values, slots, param_values,
                                 actor=ctx.actor(request))

    w.save.click(on_save, [*w.fields, w.editing, *w.params], [w.created, w.editing])
    return w


def _review(ctx: AppContext, b: SimpleNamespace) -> None:
    """Sub-tab 2: the owner's review queue (and "Edit this demo", which fills the builder)."""
    import gradio as gr

    from demos import builder_form, review_view
    from demos.spec import CATEGORIES
    from glasshouse.ui import safe

    with gr.Accordion("2. Review feedback", open=True):
        with gr.Row():
            pick = gr.Dropdown([], label="Demo", info="Your demos (an admin sees all)",
                               elem_id="review-demo")
            refresh = gr.Button("Refresh list", size="sm")
            edit = gr.Button("Edit this demo", size="sm", elem_id="review-edit")
        with gr.Row():
            f_cat = gr.CheckboxGroup(list(CATEGORIES),
                                     label="Only these categories", elem_id="review-cats")
            f_group = gr.Textbox(label="Group contains", max_lines=1)
            f_lang = gr.Textbox(label="Language", max_lines=1)
            f_tag = gr.Textbox(label="Tag", max_lines=1)
            f_text = gr.Textbox(label="Text contains", max_lines=1)
        show = gr.Button("Show feedback", variant="primary", elem_id="review-show")
        summary = gr.Markdown(elem_id="review-summary")
        with gr.Row():
            by_group = gr.Plot(label="Feedback by affected group", elem_id="review-by-group")
            by_lang = gr.Plot(label="Feedback by language", elem_id="review-by-lang")
        # short columns get room for their header (else "category" wraps letter by letter)
        table = gr.Dataframe(label="Feedback items", interactive=False, wrap=True,
                             column_widths=["48px", "100px", "150px", "96px", "200px", "180px",
                                            "180px", "110px", "84px"],
                             elem_id="review-table")
        chosen = gr.CheckboxGroup([], label="Select feedback items", elem_id="review-chosen")
        with gr.Row():
            tag = gr.Textbox(label="Tag to add", max_lines=1)
            add_tag = gr.Button("Add tag to selected")
            send = gr.Button("Send selected to model card evidence", elem_id="review-send")
        with gr.Row():
            csv_btn = gr.Button("Export CSV")
            json_btn = gr.Button("Export JSON")
        download = gr.File(label="Export", interactive=False)
        review_msg = gr.Markdown(elem_id="review-msg")

    b.create.click(b.on_create, b.create_inputs, [b.created, pick, b.share_url])

    @safe
    def on_edit(slug_v, request: gr.Request):
        e = builder_form.edit(ctx.db, slug_v, b.slots, actor=ctx.actor(request))
        v = e.values
        return (gr.update(value=v["task"], info=e.task_help),
                gr.update(choices=e.models, value=v["model"]),
                *[v[k] for k in builder_form.FIELDS[2:]], e.state, gr.update(interactive=True),
                e.message,
                *[gr.update(value=value, visible=task_name == v["task"])
                  for (task_name, _f), value in zip(b.slots, e.param_values, strict=True)])

    edit.click(on_edit, pick, [*b.fields, b.editing, b.save, b.created, *b.params])

    @safe
    def on_refresh(request: gr.Request):
        choices = builder_form.my_demos(ctx.db, actor=ctx.actor(request))
        return gr.update(choices=choices, value=choices[0] if choices else None)

    refresh.click(on_refresh, None, pick)

    @safe
    def on_show(slug_v, cats, group, lang, tag_v, text, request: gr.Request):
        s = review_view.show(ctx.db, slug_v, review_view.filters(cats, group, lang, tag_v, text),
                             actor=ctx.actor(request))
        return (s.summary, s.by_group, s.by_language, s.table,
                gr.update(choices=s.options, value=[]))

    show_inputs = [pick, f_cat, f_group, f_lang, f_tag, f_text]
    show.click(on_show, show_inputs, [summary, by_group, by_lang, table, chosen],
               show_progress_on=[summary])

    @safe
    def on_tag(slug_v, ids, tag_v, request: gr.Request):
        return review_view.tag(ctx.db, slug_v, ids, tag_v, actor=ctx.actor(request))

    add_tag.click(on_tag, [pick, chosen, tag], review_msg)

    @safe
    def on_send(slug_v, ids, request: gr.Request):
        return review_view.send_to_card(ctx.db, slug_v, ids, actor=ctx.actor(request))

    send.click(on_send, [pick, chosen], review_msg)

    def exporter(fmt: str):
        @safe
        def on_export(slug_v, cats, group, lang, tag_v, text, request: gr.Request):
            return review_view.export(ctx.db, slug_v, fmt,
                                      review_view.filters(cats, group, lang, tag_v, text),
                                      actor=ctx.actor(request))

        return on_export

    csv_btn.click(exporter("csv"), show_inputs, download)
    json_btn.click(exporter("json"), show_inputs, download)


# ---------------------------------------------------------------- visitor pages


def _visitor_page(ctx: AppContext, *, signed_in: bool) -> Any:
    """Sub-tab 3, served on its own path: the page a visitor opens from the shared link."""
    import gradio as gr

    from demos import visitor_page as vp
    from glasshouse.ui import safe

    def actor_of(request: Any) -> Any:
        # the public page never trusts a sign-in: visitors there are anonymous
        return ctx.actor(request) if signed_in else None

    def said(fn: Any, *args: Any, **kw: Any) -> Any:
        try:
            return fn(*args, **kw)
        except vp.VisitorError as exc:  # already in the page's language
            raise gr.Error(str(exc), print_exception=False) from None

    en = vp.widget_texts("en")
    with gr.Blocks(title="Glasshouse", analytics_enabled=False,
                   delete_cache=(1800, 3600)) as page:
        slug = gr.State("")
        runs = gr.State([])
        compared = gr.State([])  # the last comparison's answers
        tried = gr.State(None)  # the answer in the answer box
        with gr.Column(elem_classes="gh-demo"):
            ui_lang = gr.Radio(vp.LANGUAGE_CHOICES, value="en", elem_id="ui-lang",
                               **en["ui_lang"])
            header = gr.Markdown(elem_id="demo-header")
            with gr.Column(visible=False) as body:
                text = gr.Textbox(lines=3, elem_id="visitor-text", **en["text"])
                examples = gr.Radio([], elem_id="visitor-examples", **en["examples"])
                run = gr.Button(variant="primary", elem_id="visitor-run", **en["run"])
                output = gr.Textbox(interactive=False, lines=3, elem_id="visitor-output",
                                    **en["output"])
                with gr.Column(visible=False) as variant_box:
                    variants_md = gr.Markdown(**en["variants_md"])
                    run_variants = gr.Button(elem_id="visitor-compare", **en["run_variants"])
                    # hidden until compared: an empty table shows Gradio's own English
                    # placeholder ("Nothing to show yet")
                    # no copy/fullscreen icons: their names are Gradio's, in English only
                    variant_table = gr.Dataframe(interactive=False, wrap=True, visible=False,
                                                 buttons=[],
                                                 column_widths=["45%", "55%"],
                                                 elem_id="visitor-variants")
                # shown once there is an answer to choose
                which = gr.Radio([], visible=False, elem_id="visitor-which", **en["which"])
                category = gr.Radio(elem_id="visitor-category", **en["category"])
                group = gr.Textbox(max_lines=1, elem_id="visitor-group", **en["group"])
                language = gr.Textbox(max_lines=1, elem_id="visitor-language", **en["language"])
                comment = gr.Textbox(lines=2, elem_id="visitor-comment", **en["comment"])
                send = gr.Button(variant="primary", elem_id="visitor-send", **en["send"])
                status = gr.Markdown(elem_id="visitor-status")
                # a button of our own: Gradio's copy icon inside the textbox takes the
                # textbox's <label> (the first control in it), leaving the link unlabelled
                share = gr.Textbox(interactive=False, elem_id="visitor-share", **en["share"])
                copy = gr.Button(size="sm", elem_id="visitor-copy", **en["copy"])

        widgets = {"ui_lang": ui_lang, "share": share, "copy": copy, "text": text, "examples": examples,
                   "run": run, "output": output, "variants_md": variants_md,
                   "run_variants": run_variants, "which": which, "category": category,
                   "group": group, "language": language, "comment": comment, "send": send}
        labelled = [widgets[k] for k in vp.LABELLED]

        def relabel(lang: str, **extra: dict[str, Any]) -> list[Any]:
            texts = vp.widget_texts(lang)
            return [gr.update(**texts[k], **extra.get(k, {})) for k in vp.LABELLED]

        def share_link(request: Any, slug_v: str, lang: str) -> str:
            link = vp.demo_link(slug_v, not signed_in) + f"&lang={lang}"
            return vp.full_url(_base_url(request), link) if slug_v else ""

        @safe
        def on_load(request: gr.Request):
            params = dict(getattr(request, "query_params", {}) or {})
            headers = getattr(request, "headers", None) or {}
            o = vp.open_page(ctx.db, params.get("slug"), params.get("lang"),
                             actor=actor_of(request),
                             accept_language=headers.get("accept-language"))
            return (o.slug, o.lang, o.header, gr.update(visible=o.demo is not None),
                    gr.update(visible=o.has_variants),
                    gr.update(choices=o.examples, value=None, visible=bool(o.examples)),
                    *relabel(o.lang), share_link(request, o.slug, o.lang))

        page.load(on_load, None, [slug, ui_lang, header, body, variant_box, examples,
                                  *labelled, share])

        @safe
        def on_lang(lang: str, slug_v: str, all_runs: list, shown: list, mine: dict | None,
                    request: gr.Request):
            o = vp.open_page(ctx.db, slug_v, lang, actor=actor_of(request)) if slug_v else None
            which_now = {"choices": vp.answer_choices(all_runs or [], lang),
                         "info": vp.t(lang, "pick_one") if shown else None}
            return (o.header if o else gr.update(),
                    *relabel(lang, which=which_now,
                             output={"value": vp.answer(mine, lang)} if mine else {}),
                    vp.variant_table(shown, lang) if shown else gr.update(),
                    share_link(request, slug_v, lang))

        ui_lang.change(on_lang, [ui_lang, slug, runs, compared, tried],
                       [header, *labelled, variant_table, share])

        @safe
        def on_copied(lang: str, _url: str) -> None:
            title, text = vp.copied_message(lang)
            gr.Info(text, title=title, duration=4)

        copy.click(on_copied, [ui_lang, share], None, js=COPY_JS)
        @safe
        def on_example(example: str | None):  # a picked example fills the text box
            return gr.update(value=example) if example else gr.update()

        examples.change(on_example, examples, text)

        @safe
        def on_run(slug_v: str, text_v: str, lang: str, all_runs: list, request: gr.Request):
            r = said(vp.try_text, ctx.db, slug_v, text_v, lang, all_runs,
                     actor=actor_of(request), client=_client(request))
            return (r.answer, r.runs, r.run,
                    gr.update(choices=r.choices, value=r.picked, visible=True, info=None))

        run.click(on_run, [slug, text, ui_lang, runs], [output, runs, tried, which])
        text.submit(on_run, [slug, text, ui_lang, runs], [output, runs, tried, which])

        @safe
        def on_variants(slug_v: str, lang: str, all_runs: list, request: gr.Request):
            c = said(vp.compare, ctx.db, slug_v, lang, all_runs, actor=actor_of(request),
                     client=_client(request))
            # the request to choose is said on the choice itself (not a screen away)
            return (gr.update(value=c.table, visible=True), c.shown, c.runs,
                    gr.update(choices=c.choices, value=None, visible=True, info=c.status), "")

        run_variants.click(on_variants, [slug, ui_lang, runs],
                           [variant_table, compared, runs, which, status])

        @safe
        def on_send(run_id, cat, group_v, lang_v, comment_v, lang, all_runs,
                    request: gr.Request):
            msg = said(vp.send_feedback, ctx.db, run_id, cat, group_v, lang_v, comment_v, lang,
                       all_runs, actor=actor_of(request), client=_client(request))
            return msg, gr.update(value=None), gr.update(value="")

        send.click(on_send, [which, category, group, language, comment, ui_lang, runs],
                   [status, category, comment])
    return page


def pages(ctx: AppContext) -> list:
    """Stand-alone pages (glasshouse.context.Page) served beside the main app."""
    from demos.visitor_page import MEMBERS_PATH, PUBLIC_PATH

    return [Page(MEMBERS_PATH, _visitor_page(ctx, signed_in=True), public=False),
            Page(PUBLIC_PATH, _visitor_page(ctx, signed_in=False), public=True)]
