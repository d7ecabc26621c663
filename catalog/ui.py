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

    from catalog import service, views
    from catalog.families import all_families
    from catalog.lineage import lineage
    from glasshouse.ui import safe, uploaded_file

    with gr.Tabs(elem_id="catalog-tabs") as tabs:
        # --- search ------------------------------------------------------------------
        with gr.Tab("Search", id="cat-search"):
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
            results = gr.Dataframe(headers=RESULT_HEADERS, interactive=False, wrap=True,
                                   label="Results (click a row to open the entry)")
        # --- entry page ----------------------------------------------------------------
        with gr.Tab("Entry", id="cat-entry"):
            with gr.Row():
                entry_id = gr.Textbox(label="Entry id", scale=3, elem_id="cat-entry-id")
                open_btn = gr.Button("Open", scale=1)
                edit_btn = gr.Button("Edit this entry", scale=1)
            entry_md = gr.Markdown(elem_id="cat-entry-md")
            lineage_plot = gr.Plot(label="Provenance graph")
            citation = gr.Code(label="Citation (BibTeX)", language=None, interactive=False)
            history = gr.Dataframe(headers=["version", "action", "who", "when", "changed",
                                            "comment"], interactive=False,
                                   label="History of every change")
            with gr.Row():
                revert_to = gr.Number(label="Go back to version", precision=0)
                revert_btn = gr.Button("Revert")
            entry_version = gr.State(None)
        # --- add / edit ------------------------------------------------------------------
        with gr.Tab("Add or edit", id="cat-form"):
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
        # --- review queue -----------------------------------------------------------------
        with gr.Tab("Review queue", id="cat-review") as review_tab:
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
        # --- coverage ---------------------------------------------------------------------
        with gr.Tab("Coverage", id="cat-coverage") as coverage_tab:
            cov_btn = gr.Button("Show language coverage and world map")
            cov_plot = gr.Plot(label="Entries per language")
            cov_md = gr.Markdown()
            map_plot = gr.Plot(label="Where the catalogued languages are spoken",
                               elem_id="cat-world-map")
            map_md = gr.Markdown()
        # --- import / export --------------------------------------------------------------
        with gr.Tab("Import / export", id="cat-io"):
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
                exp_fmt = gr.Dropdown(["csv", "json", "croissant"], value="csv",
                                      label="Export format")
                exp_btn = gr.Button("Export the catalog")
                exp_file = gr.File(label="Download", interactive=False)

    # ---------------------------------------------------------------- callbacks
    def _any(v: str) -> Any:
        return None if v in (None, "", "any") else v

    @safe
    def do_search(query, language, lclass, modality, access, family, where,
                  request: gr.Request):
        ctx.actor(request)
        res = service.search(ctx.db, query or "", language=(language or "").strip() or None,
                             region=(where or "").strip() or None,
                             license_class=_any(lclass), modality=_any(modality),
                             access=_any(access), family=_any(family), limit=100)
        rows = [[r["id"], r["name"], ", ".join(r["languages"]), ", ".join(r["licenses"]),
                 r["license_class"], r["modality"], r["access"]] for r in res.results]
        shown = f" (first {len(rows)} shown)" if res.total > len(rows) else ""
        return views.facet_markdown(res.facets, res.total) + shown, rows

    def _history_rows(eid: str) -> list[list[Any]]:
        return [[h.version, h.action, h.actor, h.at.strftime("%Y-%m-%d %H:%M"),
                 "(new entry)" if h.action == "create" else ", ".join(h.changed_fields()),
                 h.comment] for h in service.history(ctx.db, eid)]

    @safe
    def do_open(eid, request: gr.Request):
        ctx.actor(request)
        eid = (eid or "").strip()
        stored = service.get_stored(ctx.db, eid)
        lin = lineage(ctx.db, eid)
        md = views.entry_markdown(stored.entry, stored.version, stored.updated_by, lin)
        return (md, views.lineage_figure(lin), stored.entry.citation or "(no citation yet)",
                _history_rows(eid), stored.version)

    def on_pick(evt: gr.SelectData, request: gr.Request):
        row = evt.row_value or []
        eid = row[0] if row else ""
        out = do_open(eid, request)
        return (eid, *out, gr.Tabs(selected="cat-entry"))

    @safe
    def do_revert(eid, to_version, version, request: gr.Request):
        actor = ctx.actor(request)
        if not to_version:
            raise gr.Error("Type the version number to go back to (see the history table).")
        service.revert(ctx.db, eid, int(to_version), expected_version=int(version or 0),
                       actor=actor)
        gr.Info(f"Reverted {eid} to version {int(to_version)}.")
        return do_open(eid, request)

    form_inputs = [f_name, f_id, f_desc, f_home, f_langs, f_lics, f_access, f_mod, f_parents,
                   f_cust, f_cite, f_method, f_pii, f_quality, f_checked]
    form_keys = ["name", "id", "description", "homepage", "languages", "licenses", "access",
                 "modality", "derived_from", "custodians", "citation", "collection_method",
                 "contains_pii", "quality_notes", "verified_sections"]

    def _data(values, state=None, checker=None) -> dict[str, Any]:
        previous = state[2] if state else None
        return views.form_to_data(dict(zip(form_keys, values)), previous_validation=previous,
                                  checker=checker)

    def do_check(*values):
        if not (values[0] or "").strip() and not any(values[4:6]):
            return "", "", "", ""
        data = _data(values)
        ok, text = views.validation_report(data)
        conflicts: list[dict[str, Any]] = []
        if ok and data["derived_from"]:
            from catalog.lineage import preview
            from catalog.schema import Entry

            got = preview(ctx.db, Entry.model_validate(data))
            conflicts = got["conflicts"]
            text += (f"\n\nCounting what it is built from, its effective licence class would "
                     f"be **{got['effective_license_class']}**.")
            text += "".join(f"\n- ⚠️ {w}" for w in dict.fromkeys(
                got["warnings"] + [c["message"] for c in conflicts]))
        near = views.field_messages(data, conflicts)
        return text, near["languages"], near["licenses"], near["derived_from"]

    @safe
    def do_edit(eid, request: gr.Request):
        ctx.actor(request)
        stored = service.get_stored(ctx.db, (eid or "").strip())
        form = views.entry_to_form(stored.entry)
        msg = (f"Editing **{stored.entry.id}** (version {stored.version}). If someone else saves "
               "first, your save is refused and nothing is overwritten.")
        state = (stored.entry.id, stored.version, dict(stored.entry.validation))
        return (*[form[k] for k in form_keys], state, msg,
                gr.Tabs(selected="cat-form"))

    @safe
    def do_save(request: gr.Request, state, comment_text, *values):
        actor = ctx.actor(request)
        ok, report = views.validation_report(_data(values))
        if not ok:
            raise gr.Error("The form has problems: see the check under the form.")
        data = _data(values, state, actor.username)
        if state:
            eid, version = state[0], state[1]
            data["id"] = eid
            stored = service.update_entry(ctx.db, eid, data, expected_version=version,
                                          actor=actor, comment=comment_text or "")
        else:
            stored = service.create_entry(ctx.db, data, actor=actor,
                                          comment=comment_text or "")
        return ((stored.entry.id, stored.version, dict(stored.entry.validation)),
                f"Saved **{stored.entry.id}** as version {stored.version}. "
                "Open it on the Entry tab to see its lineage.", stored.entry.id)

    @safe
    def do_propose(request: gr.Request, state, comment_text, *values):
        actor = ctx.actor(request)
        ok, _ = views.validation_report(_data(values))
        if not ok:
            raise gr.Error("The form has problems: see the check under the form.")
        data = _data(values, state, actor.username)
        eid, version = (state[0], state[1]) if state else (None, None)
        if eid:
            data["id"] = eid
        p = service.propose(ctx.db, data, actor=actor, entry_id=eid, base_version=version,
                            comment=comment_text or "")
        return f"Proposal **{p.id}** is in the review queue."

    @safe
    def do_queue(request: gr.Request):
        ctx.actor(request)
        return [[p.id, p.entry_id or "(new)", p.data.get("name"), p.proposed_by,
                 p.proposed_at.strftime("%Y-%m-%d %H:%M"),
                 " | ".join(f"{c['by']}: {c['text']}" for c in p.comments)]
                for p in service.proposals(ctx.db)]

    def _decide(fn, label):
        @safe
        def run(number, text, request: gr.Request):
            actor = ctx.actor(request)
            if not number:
                raise gr.Error("Type the proposal number first.")
            p = fn(ctx.db, int(number), actor=actor, note=text or "")
            return f"Proposal {p.id} {label}.", do_queue(request)
        return run

    @safe
    def do_show(number, request: gr.Request):
        ctx.actor(request)
        if not number:
            raise gr.Error("Type the proposal number first.")
        p = next((p for p in service.proposals(ctx.db, status=None) if p.id == int(number)),
                 None)
        if p is None:
            raise gr.Error(f"There is no proposal {int(number)}.")
        current = (service.get_entry(ctx.db, p.entry_id).model_dump(mode="json")
                   if p.entry_id else None)
        return views.proposal_markdown(p.id, p.data, current, p.comments, p.proposed_by)

    def on_pick_proposal(evt: gr.SelectData, request: gr.Request):
        row = evt.row_value or []
        if not row or not row[0]:
            return gr.update(), gr.update()
        return int(row[0]), do_show(int(row[0]), request)

    @safe
    def do_comment(number, text, request: gr.Request):
        actor = ctx.actor(request)
        if not number:
            raise gr.Error("Type the proposal number first.")
        service.comment(ctx.db, int(number), text or "", actor=actor)
        return "Comment added.", do_queue(request)

    @safe
    def do_coverage(request: gr.Request):
        ctx.actor(request)
        rows = service.language_coverage(ctx.db)
        total = service.count_entries(ctx.db)
        if not total:
            return (None, "The catalog is empty: import a file or load the starter set.", None,
                    "")
        res = service.search(ctx.db, limit=1, facet_limit=10_000)
        classes = ", ".join(f"{k}: {v}" for k, v in res.facets.get("license_class", {}).items())
        return (views.coverage_figure(res.facets.get("language", {}), total),
                f"n = {total} entries, {len(rows)} distinct language tags. Licence classes: "
                f"{classes}. *Counts entries, not amounts of data: one large corpus counts "
                "once, and 'mul' marks resources that list many languages without naming them.*",
                views.world_map_figure(service.language_map(ctx.db), total),
                "*" + views.MAP_CAVEAT + "*")

    @safe
    def do_preview(path, fmt, request: gr.Request):
        from catalog.importers import preview_columns

        ctx.actor(request)
        if not path:
            return "", gr.update(value=[], visible=False)
        got = preview_columns(path, fmt=None if fmt == "guess" else fmt)
        if not got["columns"]:
            return (f"Recognised as **{got['format']}**: its fields are mapped automatically "
                    "and the ones without a field of their own are kept as extra fields.",
                    gr.update(value=[], visible=False))
        kept = [c["column"] for c in got["columns"] if c["field"] == "extra"]
        text = (f"Recognised as **CSV** with {got['rows']} rows. Check which field each column "
                "fills and change it where needed" + (
                    f"; {len(kept)} column(s) fill no field yet and would be kept as extra "
                    f"fields: {', '.join(kept)}." if kept else "."))
        return text, gr.update(value=views.column_rows(got["columns"]), visible=True)

    @safe
    def do_import(path, fmt, keep, table, request: gr.Request, progress=gr.Progress()):
        from catalog.importers import import_file, mapping_from_table

        actor = ctx.actor(request)
        if not path:
            raise gr.Error("Choose a file first.")
        progress(0.1, desc="Reading and checking every row")
        path = uploaded_file(path)
        fmt = None if fmt == "guess" else fmt
        mapping = mapping_from_table(table) if (fmt or "csv") == "csv" and table else {}
        if mapping and fmt is None and not str(path).lower().endswith((".csv", ".tsv")):
            mapping = {}
        rep = import_file(ctx.db, path, actor=actor, fmt=fmt, partial=bool(keep),
                          mapping=mapping or None)
        rows = [[r.row, r.field, r.error] for r in rep.rejected] + \
            [[w.row, w.field, f"(kept) {w.error}"] for w in rep.warnings]
        if not rep.committed:
            msg = (f"**Nothing imported:** {len(rep.rejected)} problem(s) in {rep.rows} rows. "
                   "Fix them, or tick the box to keep the good rows.")
        else:
            msg = (f"Imported {rep.imported} new and updated {rep.updated} entries "
                   f"from {rep.rows} rows; {len(rep.rejected)} problem(s) left out.")
        return msg, rows

    @safe
    def do_seed(request: gr.Request):
        from catalog.seed import load_seed

        rep = load_seed(ctx.db, actor=ctx.actor(request))
        return f"Starter set: {rep.imported} added, {rep.updated} updated.", []

    @safe
    def do_seed_from_search(request: gr.Request):
        do_seed(request)
        facets_md, rows = do_search("", "", "any", "any", "any", "any", "", request)
        return gr.update(visible=False), facets_md, rows

    def on_load(request: gr.Request):
        """Offer the starter set when the catalog is empty."""
        try:
            ctx.actor(request)
            empty = service.count_entries(ctx.db) == 0
        except Exception:  # noqa: BLE001 - a page load must not fail on this
            empty = False
        return gr.update(visible=empty)

    @safe
    def do_export(fmt, request: gr.Request):
        from catalog.exporters import export

        ctx.actor(request)
        text = export(service.list_entries(ctx.db), fmt)
        ext = {"csv": "csv", "json": "json", "croissant": "jsonld"}[fmt]
        from glasshouse.uploads import write_download

        return write_download(f"glasshouse-catalog.{ext}", text)

    search_inputs = [q, lang, lic, mod, acc, fam, region]
    go_btn.click(do_search, search_inputs, [facets, results], show_progress_on=[results])
    q.submit(do_search, search_inputs, [facets, results], show_progress_on=[results])
    lang.submit(do_search, search_inputs, [facets, results], show_progress_on=[results])
    region.submit(do_search, search_inputs, [facets, results], show_progress_on=[results])
    entry_outputs = [entry_md, lineage_plot, citation, history, entry_version]
    # progress and a failure's badge on one output only (the toast says what went wrong)
    results.select(on_pick, None, [entry_id, *entry_outputs, tabs], show_progress_on=[entry_md])
    open_btn.click(do_open, [entry_id], entry_outputs, show_progress_on=[entry_md])
    entry_id.submit(do_open, [entry_id], entry_outputs, show_progress_on=[entry_md])
    revert_btn.click(do_revert, [entry_id, revert_to, entry_version], entry_outputs,
                     show_progress_on=[entry_md])
    edit_btn.click(do_edit, [entry_id], [*form_inputs, editing, form_status, tabs],
                   show_progress_on=[form_status])
    # ONE listener for every field: a check still running when another field changes is
    # followed by one more with the latest values (separate listeners could finish out of
    # order and leave the check of older values on screen)
    gr.on([comp.change for comp in form_inputs], do_check, form_inputs,
          [check_md, langs_msg, lics_msg, parents_msg],
          trigger_mode="always_last", show_progress="hidden")
    save_btn.click(do_save, [editing, f_comment, *form_inputs], [editing, form_status, entry_id],
                   show_progress_on=[form_status])
    propose_btn.click(do_propose, [editing, f_comment, *form_inputs], form_status)
    refresh_btn.click(do_queue, None, queue)
    queue.select(on_pick_proposal, None, [pid, proposal_md], show_progress_on=[proposal_md])
    review_tab.select(do_queue, None, queue)
    coverage_tab.select(do_coverage, None, [cov_plot, cov_md, map_plot, map_md],
                        show_progress_on=[cov_md])
    show_btn.click(do_show, [pid], proposal_md)
    comment_btn.click(do_comment, [pid, note], [proposal_md, queue])
    approve_btn.click(_decide(service.approve, "approved"), [pid, note], [proposal_md, queue])
    reject_btn.click(_decide(service.reject, "rejected"), [pid, note], [proposal_md, queue])
    cov_btn.click(do_coverage, None, [cov_plot, cov_md, map_plot, map_md],
                  show_progress_on=[cov_md])
    up.change(do_preview, [up, up_fmt], [cols_md, cols_df], show_progress_on=[cols_md])
    up_fmt.change(do_preview, [up, up_fmt], [cols_md, cols_df], show_progress_on=[cols_md])
    imp_btn.click(do_import, [up, up_fmt, partial, cols_df], [imp_md, rejected],
                  show_progress_on=[imp_md])
    seed_btn.click(do_seed, None, [imp_md, rejected], show_progress_on=[imp_md])
    exp_btn.click(do_export, [exp_fmt], exp_file)
    seed_empty_btn.click(do_seed_from_search, None, [empty_row, facets, results],
                         show_progress_on=[facets])
    from gradio.context import Context

    if Context.root_block is not None:  # inside the app's Blocks: check once per page load
        Context.root_block.load(on_load, None, empty_row, show_progress="hidden")
