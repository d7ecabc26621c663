"""UI: the "Demos" tab (builder and review queue) and the stand-alone visitor pages.

Visitor pages: `/demo?slug=NAME` is public (no sign-in, visitors act anonymously: public demos
only) and `/demo-members?slug=NAME` needs a sign-in when users are configured (restricted demos).
Every callback calls one service function, which checks permissions itself."""


from typing import Any

from glasshouse.context import AppContext, Page

INTRO = """## Demos
Build a small page where people who are not engineers can try a model with their own words and
tell you when its answers are wrong, hurtful or biased. Their feedback is collected for review."""

PUBLIC_PATH = "/demo"
MEMBERS_PATH = "/demo-members"


def param_slots() -> list[tuple[str, Any]]:
    """(task name, FormField) for every parameter of every registered task, in a fixed order:
    the builder renders one widget per slot, shown while its task is picked."""
    from demos import tasks
    from glasshouse.param_form import form_fields

    return [(t.name, f) for t in tasks.TASKS.all() for f in form_fields(t.params_model)]


def params_from_slots(task_name: str, slots: list[tuple[str, Any]],
                      values: tuple[Any, ...]) -> dict[str, Any]:
    """The picked task's parameters from the builder's widget values (validated)."""
    from demos import tasks
    from glasshouse.param_form import from_widgets

    mine = {f.name: v for (name, f), v in zip(slots, values, strict=True) if name == task_name}
    return from_widgets(tasks.get(task_name).params_model, mine)


def slot_values(task_name: str, params: dict[str, Any],
                slots: list[tuple[str, Any]]) -> list[Any]:
    from glasshouse.param_form import to_widget

    return [to_widget(f, params.get(f.name)) if name == task_name else to_widget(f, None)
            for name, f in slots]


def _lines(text: str | None) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def _client(request: Any) -> str:
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"


def full_url(request: Any, link: str) -> str:
    """The full address of a page of this server, for sharing: GLASSHOUSE_PUBLIC_URL when set
    (behind a proxy), else the address this request came to."""
    import os

    base = os.environ.get("GLASSHOUSE_PUBLIC_URL", "").strip()
    if not base:
        base = str(getattr(request, "base_url", "") or "")
    return base.rstrip("/") + link if base else link


def demo_link(slug: str, public: bool) -> str:
    # trailing slash: the main app is mounted at the root and would answer "/demo" itself
    return f"{PUBLIC_PATH if public else MEMBERS_PATH}/?slug={slug}"


# ---------------------------------------------------------------- the Demos tab


def build(ctx: AppContext) -> None:
    import gradio as gr

    from demos import service, tasks
    from demos.spec import CATEGORIES
    from glasshouse.param_form import to_widget
    from glasshouse.ui import safe

    task_choices = [(t.label, t.name) for t in tasks.TASKS.all()]
    first = tasks.TASKS.all()[0]

    with gr.Accordion("1. Build a demo", open=True):
        gr.Markdown("Pick what the model should do, describe it in plain words, and add example "
                    "sentences. You get a link that you can share.")
        with gr.Row():
            task = gr.Radio(task_choices, value=first.name, label="Task",
                            info=first.help, elem_id="demo-task")
            model = gr.Dropdown(first.models(), value=first.models()[0], label="Model",
                                info="A packaged model, or a Hugging Face id (org/name) when "
                                     "this computer is online", allow_custom_value=True,
                                elem_id="demo-model")
        model_label = gr.Textbox(label="Name of the model shown to visitors (optional)",
                                 info="Visitors never see the internal model name; without a "
                                      "name here they see the model's description",
                                 max_lines=1, elem_id="demo-model-label")
        title = gr.Textbox(label="Title", placeholder="Does our sentiment model treat names "
                           "fairly?", elem_id="demo-title")
        description = gr.Textbox(label="Description (plain language)", lines=3,
                                 elem_id="demo-description")
        with gr.Row():
            intended = gr.Textbox(label="Intended use", lines=2, elem_id="demo-intended")
            limits = gr.Textbox(label="Limitations", lines=2, elem_id="demo-limitations")
        with gr.Row():
            examples = gr.Textbox(label="Example inputs (one per line)", lines=4,
                                  elem_id="demo-examples")
            variants = gr.Textbox(label="Comparison variants (one per line, optional)",
                                  info="The same sentence with different names, dialects or "
                                       "genders; shown side by side", lines=4,
                                  elem_id="demo-variants")
        slots = param_slots()
        param_widgets = []
        for task_name, f in slots:  # every parameter of every task, shown with its task
            common = {"label": f.label, "info": f.help or None,
                      "visible": task_name == first.name,
                      "elem_id": f"demo-param-{task_name}-{f.name}"}
            value = to_widget(f, None)
            if f.kind == "bool":
                w = gr.Checkbox(value=bool(value), **common)
            elif f.kind in ("int", "float"):
                w = gr.Number(value=value, minimum=f.minimum, maximum=f.maximum,
                              precision=0 if f.kind == "int" else None, **common)
            elif f.kind == "choice":
                w = gr.Dropdown(list(f.choices), value=value, **common)
            else:
                w = gr.Textbox(value=value or "", lines=3 if f.kind in ("lines", "json") else 1,
                               **common)
            param_widgets.append(w)
        with gr.Row():
            public = gr.Checkbox(label="Public: anyone with the link can try it without "
                                 "signing in", value=True, elem_id="demo-public")
            slug = gr.Textbox(label="Short name for the link (optional)", max_lines=1,
                              elem_id="demo-slug")
        editing = gr.State(None)  # {"slug", "version"} while editing an existing demo
        with gr.Row():
            create = gr.Button("Create demo", variant="primary", elem_id="demo-create")
            save = gr.Button("Save changes as a new version", elem_id="demo-save",
                             interactive=False)
        created = gr.Markdown(elem_id="demo-created")
        share_url = gr.Textbox(label="Link to share (full address)", interactive=False,
                               buttons=["copy"], visible=False, elem_id="demo-share-url")

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
        table = gr.Dataframe(label="Feedback items", interactive=False, wrap=True,
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

    def on_task(name: str) -> tuple[Any, ...]:
        t = tasks.get(name)
        models = t.models()
        return (gr.update(info=t.help), gr.update(choices=models, value=models[0]),
                *[gr.update(visible=task_name == name) for task_name, _f in slots])

    task.input(on_task, task, [task, model, *param_widgets])

    @safe
    def on_create(task_v, model_v, label_v, title_v, desc, intended_v, limits_v, examples_v,
                  variants_v, public_v, slug_v, request: gr.Request, *param_values):
        params = params_from_slots(task_v, slots, param_values)
        demo = service.create_demo(ctx.db, {
            "title": title_v, "description": desc, "intended_use": intended_v,
            "limitations": limits_v, "task": task_v, "model": model_v,
            "model_label": label_v or "",
            "examples": _lines(examples_v), "variants": _lines(variants_v), "params": params,
            "public": public_v}, actor=ctx.actor(request), slug=slug_v or None)
        link = demo_link(demo.slug, demo.public)
        who = "anyone with the link" if demo.public else "signed-in users"
        msg = (f"Demo **{demo.spec.title}** created (version {demo.version}), open to {who}. "
               f"Its page: [{link}]({link})")
        choices = [d.slug for d in service.list_demos(ctx.db, actor=ctx.actor(request))]
        return (msg, gr.update(choices=choices, value=demo.slug),
                gr.update(value=full_url(request, link), visible=True))

    create.click(on_create, [task, model, model_label, title, description, intended, limits,
                             examples, variants, public, slug, *param_widgets],
                 [created, pick, share_url])

    builder_fields = [task, model, model_label, title, description, intended, limits, examples,
                      variants, public]

    @safe
    def on_edit(slug_v, request: gr.Request):
        if not slug_v:
            raise gr.Error("Choose a demo first.")
        d = service.owner_demo(ctx.db, slug_v, actor=ctx.actor(request))
        sp = d.spec
        t = tasks.get(sp.task)
        return (gr.update(value=sp.task, info=t.help),
                gr.update(choices=sorted(set(t.models()) | {sp.model}), value=sp.model),
                sp.model_label, sp.title, sp.description, sp.intended_use, sp.limitations,
                "\n".join(sp.examples), "\n".join(sp.variants),
                sp.public, {"slug": d.slug, "version": d.version}, gr.update(interactive=True),
                f"Editing **{d.slug}** (version {d.version}). Saving publishes version "
                f"{d.version + 1}; feedback keeps the version it was given on.",
                *[gr.update(value=v, visible=task_name == sp.task) for (task_name, _f), v
                  in zip(slots, slot_values(sp.task, sp.params, slots), strict=True)])

    edit.click(on_edit, pick, [*builder_fields, editing, save, created, *param_widgets])

    @safe
    def on_save(task_v, model_v, label_v, title_v, desc, intended_v, limits_v, examples_v,
                variants_v, public_v, editing_v, request: gr.Request, *param_values):
        if not editing_v:
            raise gr.Error("Press 'Edit this demo' in the review section first.")
        params = params_from_slots(task_v, slots, param_values)
        d = service.update_demo(ctx.db, editing_v["slug"], {
            "title": title_v, "description": desc, "intended_use": intended_v,
            "limitations": limits_v, "task": task_v, "model": model_v,
            "model_label": label_v or "",
            "examples": _lines(examples_v), "variants": _lines(variants_v), "params": params,
            "public": public_v}, actor=ctx.actor(request),
            expected_version=editing_v["version"])
        link = demo_link(d.slug, d.public)
        return (f"Saved **{d.spec.title}** as version {d.version}. Its page: [{link}]({link})",
                {"slug": d.slug, "version": d.version})

    save.click(on_save, [*builder_fields, editing, *param_widgets], [created, editing])

    @safe
    def on_refresh(request: gr.Request):
        choices = [d.slug for d in service.list_demos(ctx.db, actor=ctx.actor(request))]
        return gr.update(choices=choices, value=choices[0] if choices else None)

    refresh.click(on_refresh, None, pick)

    def _filters(cats, group, lang, tag_v, text) -> dict[str, Any]:
        return {"categories": cats or [], "group": group or "", "language": lang or "",
                "tag": tag_v or "", "text": text or ""}

    @safe
    def on_show(slug_v, cats, group, lang, tag_v, text, request: gr.Request):
        import pandas as pd

        from demos import charts, review

        if not slug_v:
            raise gr.Error("Choose a demo first (press Refresh list if it is missing).")
        items = service.list_feedback(ctx.db, slug_v, actor=ctx.actor(request),
                                      filters=_filters(cats, group, lang, tag_v, text))
        s = review.summarise(items)
        df = pd.DataFrame([{"#": i.id, "category": i.category, "group": i.group,
                            "language": i.language, "comment": i.comment, "input": i.input,
                            "output": i.output, "tags": ", ".join(i.tags),
                            "version": i.demo_version} for i in items],
                          columns=["#", "category", "group", "language", "comment", "input",
                                   "output", "tags", "version"])
        options = [(f"#{i.id} {i.category}: {(i.comment or i.output)[:50]}", i.id)
                   for i in items]
        return (s.text(), charts.breakdown_chart(s.by_group, "By affected group", s),
                charts.breakdown_chart(s.by_language, "By language", s), df,
                gr.update(choices=options, value=[]))

    show_inputs = [pick, f_cat, f_group, f_lang, f_tag, f_text]
    show_outputs = [summary, by_group, by_lang, table, chosen]
    show.click(on_show, show_inputs, show_outputs, show_progress_on=[summary])

    @safe
    def on_tag(slug_v, ids, tag_v, request: gr.Request):
        n = service.tag_feedback(ctx.db, slug_v, list(ids or []), [tag_v or ""],
                                 actor=ctx.actor(request))
        return f"Tag '{tag_v}' added to {n} item(s). Press *Show feedback* to refresh."

    add_tag.click(on_tag, [pick, chosen, tag], review_msg)

    @safe
    def on_send(slug_v, ids, request: gr.Request):
        eid = service.send_to_evidence(ctx.db, slug_v, list(ids or []),
                                       actor=ctx.actor(request))
        return (f"Sent {len(ids)} item(s) as evidence `{eid}` (kind demo_feedback). In the "
                "Cards tab, cite this evidence id to draft the limitations section.")

    send.click(on_send, [pick, chosen], review_msg)

    def exporter(fmt: str):
        @safe
        def on_export(slug_v, cats, group, lang, tag_v, text, request: gr.Request):


            if not slug_v:
                raise gr.Error("Choose a demo first.")
            body = service.export_feedback(ctx.db, slug_v, fmt, actor=ctx.actor(request),
                                           filters=_filters(cats, group, lang, tag_v, text))
            from glasshouse.uploads import write_download

            return write_download(f"{slug_v}-feedback.{fmt}", body)

        return on_export

    csv_btn.click(exporter("csv"), show_inputs, download)
    json_btn.click(exporter("json"), show_inputs, download)


# ---------------------------------------------------------------- visitor pages


def _visitor_page(ctx: AppContext, *, signed_in: bool) -> Any:
    import gradio as gr

    from demos import service
    from demos.spec import public_model_name, split_groups
    from demos.strings import LANGUAGES, category_choices, lang_of, t
    from glasshouse.errors import GlasshouseError
    from glasshouse.ui import safe

    def limited(lang: str, fn: Any, *args: Any, **kw: Any) -> Any:
        try:
            return fn(*args, **kw)
        except service.RateLimited as exc:
            raise gr.Error(t(lang, "rate_limited", wait=exc.retry_after),
                           print_exception=False) from None

    def actor_of(request: Any) -> Any:
        # the public page never trusts a sign-in: visitors there are anonymous
        return ctx.actor(request) if signed_in else None

    with gr.Blocks(title="Glasshouse demo", analytics_enabled=False,
                   delete_cache=(1800, 3600)) as page:
        slug = gr.State("")
        runs = gr.State([])
        compared = gr.State([])  # the last comparison's (input, output) rows
        with gr.Column(elem_classes="gh-demo"):
            ui_lang = gr.Radio([(v, k) for k, v in LANGUAGES.items()], value="en",
                               label=t("en", "ui_language"), elem_id="ui-lang")
            header = gr.Markdown(elem_id="demo-header")
            with gr.Column(visible=False) as body:
                text = gr.Textbox(label=t("en", "your_text"), info=t("en", "your_text_help"),
                                  lines=3, elem_id="visitor-text")
                examples = gr.Radio([], label=t("en", "examples"), elem_id="visitor-examples")
                run = gr.Button(t("en", "run"), variant="primary", elem_id="visitor-run")
                output = gr.Textbox(label=t("en", "output"), interactive=False, lines=3,
                                    elem_id="visitor-output")
                with gr.Column(visible=False) as variant_box:
                    variants_md = gr.Markdown("### " + t("en", "variants"))
                    run_variants = gr.Button(t("en", "run_variants"), elem_id="visitor-compare")
                    variant_table = gr.Dataframe(interactive=False, wrap=True,
                                                 column_widths=["45%", "55%"],
                                                 elem_id="visitor-variants")
                which = gr.Radio([], label=t("en", "which_output"), elem_id="visitor-which")
                category = gr.Radio(category_choices("en"), label=t("en", "category"),
                                    elem_id="visitor-category")
                group = gr.Textbox(label=t("en", "group"), info=t("en", "group_help"),
                                   max_lines=1, elem_id="visitor-group")
                language = gr.Textbox(label=t("en", "language"), max_lines=1,
                                      elem_id="visitor-language")
                comment = gr.Textbox(label=t("en", "comment"), lines=2, elem_id="visitor-comment")
                send = gr.Button(t("en", "send"), variant="primary", elem_id="visitor-send")
                status = gr.Markdown(elem_id="visitor-status")

        def header_text(demo: Any, lang: str) -> str:
            s = demo.spec
            parts = [f"# {s.title}", s.description,
                     f"*{t(lang, 'model')}: {public_model_name(s)} · {t(lang, 'version')} "
                     f"{demo.version}*"]
            if s.intended_use:
                parts.append(f"**{t(lang, 'intended_use')}:** {s.intended_use}")
            if s.limitations:
                parts.append(f"**{t(lang, 'limitations')}:** {s.limitations}")
            parts.append(f"> {t(lang, 'caveat')}")
            return "\n\n".join(parts)

        def relabel(lang: str) -> list[Any]:
            return [
                gr.update(label=t(lang, "ui_language")),
                gr.update(label=t(lang, "your_text"), info=t(lang, "your_text_help")),
                gr.update(label=t(lang, "examples")),
                gr.update(value=t(lang, "run")),
                gr.update(label=t(lang, "output")),
                gr.update(value="### " + t(lang, "variants")),
                gr.update(value=t(lang, "run_variants")),
                gr.update(label=t(lang, "which_output")),
                gr.update(label=t(lang, "category"), choices=category_choices(lang)),
                gr.update(label=t(lang, "group"), info=t(lang, "group_help")),
                gr.update(label=t(lang, "language")),
                gr.update(label=t(lang, "comment")),
                gr.update(value=t(lang, "send")),
            ]

        labelled = [ui_lang, text, examples, run, output, variants_md, run_variants, which,
                    category, group, language, comment, send]

        def on_load(request: gr.Request):
            params = dict(getattr(request, "query_params", {}) or {})
            lang = lang_of(params.get("lang"))
            wanted = (params.get("slug") or "").strip()
            hidden = (gr.update(visible=False), gr.update(visible=False), gr.update(choices=[]))
            if not wanted:
                return ("", lang, f"**{t(lang, 'no_slug')}**", *hidden, *relabel(lang))
            try:
                demo = service.open_demo(ctx.db, wanted, actor=actor_of(request))
            except GlasshouseError as exc:
                msg = str(exc)
                if "signed-in" in msg:
                    link = demo_link(wanted, public=False)
                    msg = t(lang, "signed_in_only", link=f"[{link}]({link})")
                return ("", lang, f"**{msg}**", *hidden, *relabel(lang))
            ex = demo.spec.examples
            return (demo.slug, lang, header_text(demo, lang), gr.update(visible=True),
                    gr.update(visible=bool(demo.spec.variants)),
                    gr.update(choices=ex, value=None, visible=bool(ex)), *relabel(lang))

        page.load(on_load, None, [slug, ui_lang, header, body, variant_box, examples,
                                  *labelled])

        @safe
        def on_lang(lang: str, slug_v: str, request: gr.Request):
            head = gr.update()
            if slug_v:
                head = header_text(service.open_demo(ctx.db, slug_v, actor=actor_of(request)),
                                   lang)
            return (head, *relabel(lang))

        ui_lang.change(on_lang, [ui_lang, slug], [header, *labelled])
        examples.change(lambda e: gr.update(value=e) if e else gr.update(), examples, text)

        def choices_of(all_runs: list[dict[str, str]]) -> list[tuple[str, str]]:
            return [(f"{r['input'][:60]} → {r['output'][:80]}", r["id"]) for r in all_runs]

        @safe
        def on_run(slug_v: str, text_v: str, lang: str, all_runs: list, request: gr.Request):
            if not (text_v or "").strip():
                raise gr.Error(t(lang, "empty_text"), print_exception=False)
            (r,) = limited(lang, service.run_demo, ctx.db, slug_v, [text_v],
                           actor=actor_of(request), client=_client(request))
            all_runs = [*all_runs, {"id": r.id, "input": r.input, "output": r.output}][-20:]
            return (r.output, all_runs, gr.update(choices=choices_of(all_runs), value=r.id))

        run.click(on_run, [slug, text, ui_lang, runs], [output, runs, which])
        text.submit(on_run, [slug, text, ui_lang, runs], [output, runs, which])

        def variant_frame(rows: list, lang: str) -> Any:
            import pandas as pd

            return pd.DataFrame({t(lang, "variant_col_input"): [r[0] for r in rows],
                                 t(lang, "variant_col_output"): [r[1] for r in rows]})

        @safe
        def on_variants(slug_v: str, lang: str, all_runs: list, request: gr.Request):
            demo = service.open_demo(ctx.db, slug_v, actor=actor_of(request))
            got = limited(lang, service.run_demo, ctx.db, slug_v, demo.spec.variants,
                          actor=actor_of(request), client=_client(request))
            all_runs = [*all_runs, *({"id": r.id, "input": r.input, "output": r.output}
                                     for r in got)][-20:]
            rows = [[r.input, r.output] for r in got]
            # several answers are on screen now: the visitor picks which one the feedback is
            # about (no silent default that would file it against the wrong answer)
            return (variant_frame(rows, lang), rows, all_runs,
                    gr.update(choices=choices_of(all_runs), value=None),
                    t(lang, "pick_answer"))

        run_variants.click(on_variants, [slug, ui_lang, runs],
                           [variant_table, compared, runs, which, status])

        def on_lang_table(lang: str, rows: list) -> Any:
            return variant_frame(rows, lang) if rows else gr.update()

        ui_lang.change(on_lang_table, [ui_lang, compared], variant_table)

        @safe
        def on_send(run_id, cat, group_v, lang_v, comment_v, lang, all_runs,
                    request: gr.Request):
            if not run_id:
                raise gr.Error(t(lang, "pick_answer" if all_runs else "run_first"),
                               print_exception=False)
            if not cat:
                raise gr.Error(t(lang, "pick_category"), print_exception=False)
            got = limited(lang, service.submit_feedback, ctx.db, {
                "run_id": run_id, "category": cat, "group": group_v or "",
                "language": lang_v or "", "comment": comment_v or ""},
                actor=actor_of(request), client=_client(request))
            msg = t(lang, "thanks" if got.created else "already", id=got.feedback_id)
            groups = split_groups(group_v or "")
            if got.created and len(groups) > 1:
                msg += " " + t(lang, "groups_saved", groups=", ".join(groups))
            return msg, gr.update(value=None), gr.update(value="")

        send.click(on_send, [which, category, group, language, comment, ui_lang, runs],
                   [status, category, comment])
    return page


def pages(ctx: AppContext) -> list:
    """Stand-alone pages (glasshouse.context.Page) served beside the main app."""
    return [Page(MEMBERS_PATH, _visitor_page(ctx, signed_in=True), public=False),
            Page(PUBLIC_PATH, _visitor_page(ctx, signed_in=False), public=True)]
