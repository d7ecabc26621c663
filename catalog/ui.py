"""Catalog tab: search with facets, entry page (lineage graph, citation, history), add/edit form
with inline validation, review queue, language coverage, import/export.

No `from __future__ import annotations` here: Gradio reads the `request: gr.Request` annotation.
Callbacks are thin: parse inputs, call one service function, format the result."""

from typing import Any

from glasshouse.context import AppContext

INTRO = """## Catalog of language resources
Find datasets and other language resources, see which languages and dialects they cover, and read
their licences before you use them. If a resource was built from others, Glasshouse follows the
chain and tells you the most restrictive licence that applies. Curators add and review entries here."""

from catalog.licenses import LICENSE_CLASSES  # noqa: E402 - the one list of licence classes

CLASSES = list(LICENSE_CLASSES)
MODALITIES = ["text", "audio", "image", "video", "multimodal", "other"]
ACCESS = ["open", "gated", "paid", "unknown"]
RESULT_HEADERS = ["id", "name", "languages", "licences", "licence class", "modality", "access"]


def build(ctx: AppContext) -> None:
    import gradio as gr

    with gr.Tabs(elem_id="catalog-tabs") as tabs:
        with gr.Tab("Search", id="cat-search"):
            search = _search_tab(ctx)
        with gr.Tab("Entry", id="cat-entry"):
            entry = _entry_tab(ctx)
        with gr.Tab("Add or edit", id="cat-form"):
            form = _form_tab(ctx)
        with gr.Tab("Review queue", id="cat-review") as review_tab:
            _review_tab(ctx, review_tab)
        with gr.Tab("Coverage", id="cat-coverage") as coverage_tab:
            _coverage_tab(ctx, coverage_tab)
        with gr.Tab("Import / export", id="cat-io"):
            io = _io_tab(ctx)
    _link_tabs(ctx, tabs, search, entry, form, io)


def _search_tab(ctx: AppContext) -> dict[str, Any]:
    import gradio as gr

    from catalog import presenters
    from catalog.families import all_families
    from glasshouse.ui import safe

    with gr.Row():
        q = gr.Textbox(label="Search words", placeholder="e.g. sentiment tweets",
                       scale=3, elem_id="cat-q")
        lang = gr.Textbox(label="Language (tag or name)",
                          placeholder="e.g. ar, ar-EG, Swahili", scale=2,
                          info="'ar' finds every Arabic variety; a dialect and its "
                               "country find each other (arz, ar-EG)")
        region = gr.Textbox(label="Region or country", placeholder="e.g. Egypt, 015",
                            scale=1, elem_id="cat-region",
                            info="a region finds the entries of its countries")
    with gr.Row():
        lic = gr.Dropdown(["any"] + CLASSES, value="any", label="Licence class")
        mod = gr.Dropdown(["any"] + MODALITIES, value="any", label="Modality")
        acc = gr.Dropdown(["any"] + ACCESS, value="any", label="Access")
        fam = gr.Dropdown(["any"] + all_families(), value="any",
                          label="Language family",
                          info="e.g. Afro-Asiatic, or a branch like Niger-Congo > Bantu")
        go_btn = gr.Button("Search", variant="primary", elem_id="cat-search-btn")
    with gr.Row(visible=False, elem_id="cat-empty") as empty_row:
        gr.Markdown("**The catalog is empty.** Load the starter set of 48 real "
                    "language resources to look around, or import your own on the "
                    "Import / export tab.")
        seed_empty_btn = gr.Button("Load the starter set", variant="primary",
                                   elem_id="cat-seed-empty")
    facets = gr.Markdown(elem_id="cat-facets")
    # ids are long and have no spaces: a narrow id column leaves room for the licences
    results = gr.Dataframe(headers=RESULT_HEADERS, interactive=False, wrap=True,
                           column_widths=["17%", "22%", "15%", "16%", "12%", "9%", "9%"],
                           label="Results (click a row to open the entry)")

    @safe
    def do_search(query, language, lclass, modality, access, family, where,
                  request: gr.Request):
        ctx.actor(request)
        page = presenters.search_page(ctx.db, query, language, lclass, modality, access,
                                      family, where)
        return page.facets, page.rows, gr.update(visible=page.catalog_empty)

    @safe
    def do_seed_from_search(request: gr.Request):
        presenters.load_starter_set(ctx.db, ctx.actor(request))
        page = presenters.search_page(ctx.db)
        return gr.update(visible=False), page.facets, page.rows

    def on_load(request: gr.Request):
        """Offer the starter set when the catalog is empty."""
        from catalog import service

        try:
            ctx.actor(request)
            empty = service.count_entries(ctx.db) == 0
        except Exception:  # noqa: BLE001 - a page load must not fail on this
            empty = False
        return gr.update(visible=empty)

    search_inputs = [q, lang, lic, mod, acc, fam, region]
    # one listener for the button and the three boxes: a search still running when another is
    # asked for is followed by one with the latest query (separate listeners could answer out
    # of order and leave an older query's results on screen)
    gr.on([go_btn.click, q.submit, lang.submit, region.submit], do_search, search_inputs,
          [facets, results, empty_row], trigger_mode="always_last", show_progress_on=[results])
    seed_empty_btn.click(do_seed_from_search, None, [empty_row, facets, results],
                         show_progress_on=[facets])
    from gradio.context import Context

    if Context.root_block is not None:  # inside the app's Blocks: check once per page load
        Context.root_block.load(on_load, None, empty_row, show_progress="hidden")
    return {"results": results, "empty_row": empty_row, "check_empty": on_load}


def _entry_tab(ctx: AppContext) -> dict[str, Any]:
    import gradio as gr

    from catalog import presenters
    from glasshouse.ui import safe

    with gr.Row():
        entry_id = gr.Textbox(label="Entry id", scale=3, elem_id="cat-entry-id")
        open_btn = gr.Button("Open", scale=1)
        edit_btn = gr.Button("Edit this entry", scale=1)
    entry_md = gr.Markdown(elem_id="cat-entry-md")
    lineage_plot = gr.Plot(label="Provenance graph")
    citation = gr.Code(label="Citation (BibTeX)", language=None, interactive=False)
    history = gr.Dataframe(headers=presenters.HISTORY_HEADERS, interactive=False,
                           label="History of every change")
    with gr.Row():
        revert_to = gr.Number(label="Go back to version", precision=0)
        revert_btn = gr.Button("Revert")
    entry_version = gr.State(None)

    @safe
    def do_open(eid, request: gr.Request):
        ctx.actor(request)
        return presenters.entry_page(ctx.db, eid).outputs()

    @safe
    def do_revert(eid, to_version, version, request: gr.Request):
        actor = ctx.actor(request)
        page = presenters.revert_entry(ctx.db, eid, to_version, version, actor)
        gr.Info(f"Reverted {eid} to version {int(to_version)}.")
        return page.outputs()

    entry_outputs = [entry_md, lineage_plot, citation, history, entry_version]
    # progress and a failure's badge on one output only (the toast says what went wrong)
    open_btn.click(do_open, [entry_id], entry_outputs, show_progress_on=[entry_md])
    entry_id.submit(do_open, [entry_id], entry_outputs, show_progress_on=[entry_md])
    revert_btn.click(do_revert, [entry_id, revert_to, entry_version], entry_outputs,
                     show_progress_on=[entry_md])
    return {"entry_id": entry_id, "edit_btn": edit_btn, "outputs": entry_outputs,
            "open": do_open}


def _form_tab(ctx: AppContext) -> dict[str, Any]:
    import gradio as gr

    from catalog import presenters
    from glasshouse.ui import safe

    gr.Markdown("Fill in what you know; the check under the form tells you what is "
                "missing or unclear as you type. Lists are separated by commas; "
                "licences by semicolons (SPDX ids such as `CC-BY-4.0`, names such as "
                "`CC BY-NC 4.0`, or `LicenseRef-<name>` for a custom licence).")
    with gr.Row():
        f_name = gr.Textbox(label="Name", elem_id="cat-f-name")
        f_id = gr.Textbox(label="Id (optional, made from the name)")
    f_desc = gr.Textbox(label="Description", lines=3)
    with gr.Row():
        with gr.Column():
            f_langs = gr.Textbox(label="Languages",
                                 placeholder="e.g. Swahili, Egyptian Arabic, es-AR",
                                 elem_id="cat-f-langs")
            langs_msg = gr.Markdown(elem_id="cat-f-langs-msg")
        with gr.Column():
            f_lics = gr.Textbox(label="Licences", placeholder="e.g. CC BY 4.0",
                                elem_id="cat-f-lics")
            lics_msg = gr.Markdown(elem_id="cat-f-lics-msg")
    with gr.Row():
        f_access = gr.Dropdown(ACCESS, value="open", label="Access")
        f_mod = gr.Dropdown(MODALITIES, value="text", label="Modality")
        f_pii = gr.Dropdown(["unknown", "yes", "no"], value="unknown",
                            label="Contains personal data?")
    with gr.Row():
        f_home = gr.Textbox(label="Homepage")
        with gr.Column():
            f_parents = gr.Textbox(label="Built from (names or ids of other entries)",
                                   elem_id="cat-f-parents")
            parents_msg = gr.Markdown(elem_id="cat-f-parents-msg")
        f_cust = gr.Textbox(label="Custodians")
    f_method = gr.Textbox(label="How it was collected")
    f_quality = gr.Textbox(label="Quality notes")
    f_cite = gr.Textbox(label="Citation (BibTeX)", lines=3)
    f_checked = gr.CheckboxGroup(
        ["basics", "languages", "licences", "provenance", "risks", "citation"],
        label="Sections you have checked against the source (licences you tick are "
              "recorded as verified by you)")
    f_comment = gr.Textbox(label="Comment for the history / reviewers")
    check_md = gr.Markdown(elem_id="cat-check")
    with gr.Row():
        save_btn = gr.Button("Save now", variant="primary", elem_id="cat-save")
        propose_btn = gr.Button("Propose for review")
    form_status = gr.Markdown(elem_id="cat-form-status")
    editing = gr.State(None)  # (entry_id, version, validation) while editing, else None

    # the widgets in presenters.FORM_KEYS order
    form_inputs = [f_name, f_id, f_desc, f_home, f_langs, f_lics, f_access, f_mod, f_parents,
                   f_cust, f_cite, f_method, f_pii, f_quality, f_checked]

    def _values(values) -> dict[str, Any]:
        return dict(zip(presenters.FORM_KEYS, values))

    def do_check(*values):
        got = presenters.check_form(ctx.db, _values(values))
        return got.report, got.languages, got.licenses, got.derived_from

    @safe
    def do_save(request: gr.Request, state, comment_text, *values):
        saved = presenters.save_form(ctx.db, _values(values), state, comment_text,
                                     ctx.actor(request))
        return saved.state, saved.message, saved.entry_id

    @safe
    def do_propose(request: gr.Request, state, comment_text, *values):
        return presenters.propose_form(ctx.db, _values(values), state, comment_text,
                                       ctx.actor(request))

    # ONE listener for every field: a check still running when another field changes is
    # followed by one more with the latest values (separate listeners could finish out of
    # order and leave the check of older values on screen)
    gr.on([comp.change for comp in form_inputs], do_check, form_inputs,
          [check_md, langs_msg, lics_msg, parents_msg],
          trigger_mode="always_last", show_progress="hidden")
    propose_btn.click(do_propose, [editing, f_comment, *form_inputs], form_status)
    return {"inputs": form_inputs, "editing": editing, "status": form_status,
            "comment": f_comment, "save_btn": save_btn, "save": do_save}


def _review_tab(ctx: AppContext, review_tab: Any) -> None:
    import gradio as gr

    from catalog import presenters
    from glasshouse.ui import safe

    gr.Markdown("Curators propose new entries and edits; a reviewer (admin) approves or "
                "rejects them. Everyone can comment.")
    queue = gr.Dataframe(headers=["proposal", "entry", "name", "by", "when",
                                  "comments"], interactive=False,
                         label="Open proposals (click one to see what it changes)")
    with gr.Row():
        pid = gr.Number(label="Proposal number", precision=0)
        note = gr.Textbox(label="Comment", scale=3)
    with gr.Row():
        refresh_btn = gr.Button("Refresh")
        show_btn = gr.Button("Show what it changes")
        comment_btn = gr.Button("Comment")
        approve_btn = gr.Button("Approve", variant="primary")
        reject_btn = gr.Button("Reject", variant="stop")
    proposal_md = gr.Markdown()

    @safe
    def do_queue(request: gr.Request):
        ctx.actor(request)
        return presenters.queue_rows(ctx.db)

    def _decide(approve: bool):
        @safe
        def run(number, text, request: gr.Request):
            return presenters.decide(ctx.db, approve, number, text, ctx.actor(request))
        return run

    @safe
    def do_show(number, request: gr.Request):
        ctx.actor(request)
        return presenters.proposal_view(ctx.db, number)

    def on_pick_proposal(evt: gr.SelectData, request: gr.Request):
        row = evt.row_value or []
        if not row or not row[0]:
            return gr.update(), gr.update()
        return int(row[0]), do_show(int(row[0]), request)

    @safe
    def do_comment(number, text, request: gr.Request):
        return presenters.comment_on(ctx.db, number, text, ctx.actor(request))

    refresh_btn.click(do_queue, None, queue)
    queue.select(on_pick_proposal, None, [pid, proposal_md], show_progress_on=[proposal_md])
    review_tab.select(do_queue, None, queue)
    show_btn.click(do_show, [pid], proposal_md)
    comment_btn.click(do_comment, [pid, note], [proposal_md, queue])
    approve_btn.click(_decide(True), [pid, note], [proposal_md, queue])
    reject_btn.click(_decide(False), [pid, note], [proposal_md, queue])


def _coverage_tab(ctx: AppContext, coverage_tab: Any) -> None:
    import gradio as gr

    from catalog import presenters
    from glasshouse.ui import safe

    cov_btn = gr.Button("Show language coverage and world map")
    cov_plot = gr.Plot(label="Entries per language")
    cov_md = gr.Markdown()
    map_plot = gr.Plot(label="Where the catalogued languages are spoken",
                       elem_id="cat-world-map")
    map_md = gr.Markdown()

    @safe
    def do_coverage(request: gr.Request):
        ctx.actor(request)
        return presenters.coverage(ctx.db).outputs()

    for trigger in (coverage_tab.select, cov_btn.click):
        trigger(do_coverage, None, [cov_plot, cov_md, map_plot, map_md],
                show_progress_on=[cov_md])


def _io_tab(ctx: AppContext) -> dict[str, Any]:
    import gradio as gr

    from catalog import presenters
    from glasshouse.ui import safe, uploaded_file

    with gr.Row():
        up = gr.File(label="File to import", type="filepath", elem_id="cat-upload",
                     file_types=[".csv", ".json", ".jsonl", ".md", ".yaml"])
        with gr.Column():
            up_fmt = gr.Dropdown(["guess", "csv", "json", "jsonl", "masader",
                                  "bigscience", "hf-card"],
                                 value="guess", label="Format",
                                 info="'guess' recognises the format from the content")
            partial = gr.Checkbox(label="Keep the good rows if some are bad")
            imp_btn = gr.Button("Import", variant="primary")
            seed_btn = gr.Button("Load the starter set (48 real resources)")
    cols_md = gr.Markdown(elem_id="cat-map-md")
    cols_df = gr.Dataframe(headers=["column", "fills field", "example"],
                           datatype=["str", "str", "str"], interactive=True,
                           visible=False, type="array", elem_id="cat-map",
                           label="Columns of your file: type the field each column "
                                 "fills ('extra' keeps it as an extra field, 'ignore' "
                                 "leaves it out)")
    imp_md = gr.Markdown(elem_id="cat-imp-md")
    rejected = gr.Dataframe(headers=["row", "field", "problem"], interactive=False,
                            label="Rejected rows and values kept out of their field")
    with gr.Row():
        exp_fmt = gr.Dropdown(list(presenters.EXPORT_EXTENSIONS), value="csv",
                              label="Export format")
        exp_btn = gr.Button("Export the catalog")
        exp_file = gr.File(label="Download", interactive=False, elem_id="cat-export-file")

    @safe
    def do_preview(path, fmt, request: gr.Request):
        ctx.actor(request)
        got = presenters.import_preview(path, fmt)
        table = (gr.update(value=[], visible=False) if got.columns is None
                 else gr.update(value=got.columns, visible=True))
        return got.message, table

    @safe
    def do_import(path, fmt, keep, table, request: gr.Request, progress=gr.Progress()):
        actor = ctx.actor(request)
        if not path:
            raise gr.Error("Choose a file first.")
        progress(0.1, desc="Reading and checking every row")
        return presenters.import_summary(ctx.db, uploaded_file(path), fmt, bool(keep), table,
                                         actor)

    @safe
    def do_seed(request: gr.Request):
        return presenters.load_starter_set(ctx.db, ctx.actor(request)), []

    @safe
    def do_export(fmt, request: gr.Request):
        ctx.actor(request)
        return presenters.export_file(ctx.db, fmt)

    gr.on([up.change, up_fmt.change], do_preview, [up, up_fmt], [cols_md, cols_df],
          trigger_mode="always_last", show_progress_on=[cols_md])  # one listener: latest wins
    imported = imp_btn.click(do_import, [up, up_fmt, partial, cols_df], [imp_md, rejected],
                             show_progress_on=[imp_md])
    seeded = seed_btn.click(do_seed, None, [imp_md, rejected], show_progress_on=[imp_md])
    exp_btn.click(do_export, [exp_fmt], exp_file)
    return {"filled": [imported, seeded]}


def _link_tabs(ctx: AppContext, tabs: Any, search: dict[str, Any], entry: dict[str, Any],
               form: dict[str, Any], io: dict[str, Any]) -> None:
    """The events that move the person between sub-tabs: a result opens its entry page, an
    entry opens in the form, a save puts the saved id on the entry page, an import or the
    starter set takes the "catalog is empty" offer off the search tab."""
    import gradio as gr

    from catalog import presenters
    from glasshouse.ui import safe

    do_open = entry["open"]

    def on_pick(evt: gr.SelectData, request: gr.Request):
        row = evt.row_value or []
        eid = row[0] if row else ""
        out = do_open(eid, request)
        return (eid, *out, gr.Tabs(selected="cat-entry"))

    @safe
    def do_edit(eid, request: gr.Request):
        ctx.actor(request)
        got = presenters.edit_form(ctx.db, eid)
        return (*[got.values[k] for k in presenters.FORM_KEYS], got.state, got.message,
                gr.Tabs(selected="cat-form"))

    search["results"].select(on_pick, None, [entry["entry_id"], *entry["outputs"], tabs],
                             show_progress_on=[entry["outputs"][0]])
    entry["edit_btn"].click(do_edit, [entry["entry_id"]],
                            [*form["inputs"], form["editing"], form["status"], tabs],
                            show_progress_on=[form["status"]])
    for event in io["filled"]:
        event.success(search["check_empty"], None, search["empty_row"], show_progress="hidden")
    form["save_btn"].click(form["save"], [form["editing"], form["comment"], *form["inputs"]],
                           [form["editing"], form["status"], entry["entry_id"]],
                           show_progress_on=[form["status"]])
