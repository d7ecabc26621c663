"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions."""

# No `from __future__ import annotations` here: Gradio reads the callbacks' annotations
# (gr.Request) at build time, and gr is imported inside build().
import html
import uuid
from pathlib import Path
from typing import Any

from glasshouse.context import AppContext

INTRO = """## Look at a dataset
Upload a table of texts (CSV, JSON, Excel, Parquet) to see what is in it: how long the texts are,
which languages they are in, repeated rows, personal information such as emails or phone numbers,
and which words appear together with words about groups of people."""

ASSOC_TERMS = (
    "<small>Technical terms: <abbr title=\"Two-sided Fisher exact test of the 2x2 table (rows of "
    "each group with / without the word), rows mentioning both groups left out\">chance</abbr> "
    "is a p-value; <abbr title=\"Holm's step-down correction over every (word, pair of groups) "
    "tested, so the chance of any false 'yes' stays under 5%\">adjusted</abbr> means "
    "corrected for the number of words tested; the <abbr title=\"Newcombe's hybrid Wilson "
    "score interval for a difference of two proportions, not adjusted for the number of "
    "words\">95% interval</abbr> is for the difference in share; the <abbr title=\"normalised "
    "pointwise mutual information. {rows} {dmt}\">score</abbr> is nPMI.</small>")

HUB_SAMPLE_DEFAULT, HUB_SAMPLE_MAX = 2_000, 50_000
def _language_choices() -> list[tuple[str, str]]:
    """(English name (tag), tag) for every language lingua knows."""
    import langcodes

    from explorer.datasets.languages import all_languages

    return [(f"{langcodes.Language.get(t).display_name()} ({t})", t) for t in all_languages()]
OPERATOR_HELP = {"replace": "replace with the type, e.g. <EMAIL_ADDRESS>",
                 "mask": "replace every character with *", "hash": "replace with a SHA-256 hash",
                 "redact": "remove it"}


def build(ctx: AppContext) -> None:
    import gradio as gr

    from glasshouse.ui import safe, uploaded_file
    from glasshouse.users import require_runner

    def _table(label: str, headers: list[str], **kw: Any) -> Any:
        return gr.Dataframe(label=label, headers=headers, interactive=False, **kw)

    state = gr.State(None)  # {"table": LoadedTable, "profile": Profile | None}

    with gr.Row():
        upload = gr.File(label="Your dataset file (CSV, TSV, JSON, JSONL, Parquet or Excel)",
                         file_types=[".csv", ".tsv", ".json", ".jsonl", ".parquet", ".xlsx"],
                         type="filepath", elem_id="datasets-upload")
        with gr.Column():
            hub_id = gr.Textbox(label="…or a Hugging Face dataset id (needs internet)",
                                placeholder="owner/name, e.g. stanfordnlp/imdb",
                                elem_id="datasets-hub-id")
            with gr.Row():
                hub_config = gr.Textbox(label="Configuration (if the dataset has several)",
                                        placeholder="default")
                hub_split = gr.Textbox(label="Split", value="train")
                hub_rows = gr.Number(value=HUB_SAMPLE_DEFAULT, precision=0, minimum=1,
                                     maximum=HUB_SAMPLE_MAX, label="Rows to read",
                                     info="Only the first rows are read (streamed), so large "
                                          "datasets load quickly.")
            hub_btn = gr.Button("Load a sample from the Hub", elem_id="datasets-hub-load")
    with gr.Row():
        load_msg = gr.Markdown()
        forget_btn = gr.Button("Forget this dataset", size="sm", scale=0,
                               elem_id="datasets-forget")
    gr.Markdown("<small>The dataset you load here is kept for you on this server, with its "
                "results, until you load another or press *Forget*: the Embeddings and Bias "
                "probes tabs can use it, and it is still here after a page reload.</small>")
    with gr.Accordion("Preview", open=True):
        columns = _table("Columns and their types",
                         ["column", "type", "missing", "distinct values", "examples"],
                         max_height=260)
        with gr.Row():
            page = gr.Number(value=1, label="Page", precision=0, minimum=1)
            page_size = gr.Dropdown([25, 50, 100], value=25, label="Rows per page")
            pages_msg = gr.Markdown()
        preview = gr.Dataframe(label="Rows (sort by clicking a header; filter with the search "
                               "box; personal information is masked after profiling)",
                               interactive=False, show_search="filter", max_height=420,
                               wrap=True)
    with gr.Row():
        text_col = gr.Dropdown(label="Column with the text", choices=[], interactive=True)
        label_col = gr.Dropdown(label="Column with labels (optional)", choices=[],
                                interactive=True)
        langs = gr.Dropdown(_language_choices(), value=[], multiselect=True,
                            label="Languages that may appear (empty: all 75 that can be "
                                  "recognised)",
                            info="Narrow the list only if you know which languages the data "
                                 "holds; language identification uses lingua.")
    profile_btn = gr.Button("Profile this dataset", variant="primary", elem_id="datasets-profile")
    summary = gr.Markdown(elem_id="datasets-summary")
    with gr.Row():
        len_plot = gr.Plot(label="Text lengths")
        lang_plot = gr.Plot(label="Languages")
    with gr.Row():
        pii_plot = gr.Plot(label="Personal information")
        label_plot = gr.Plot(label="Labels")
    with gr.Row():
        terms = _table("Most frequent words (without common function words)",
                       ["word", "count"], max_height=300)
        dups = _table("Repeated rows",
                      ["kind", "rows", "size", "example (masked)"], max_height=300)

    gr.Markdown("### Personal information\nFound values are masked: only their type is shown. "
                "Download a copy where they are replaced, masked, hashed or removed.")
    pii_counts = _table("Findings per type and language",
                        ["type", "total"])
    pii_rows = _table("Rows with personal information (masked)",
                      ["row", "column", "detected language", "found", "text (masked)"],
                      max_height=360, wrap=True)
    with gr.Row():
        operator = gr.Radio(list(OPERATOR_HELP), value="replace", label="What to do with each "
                            "value", info="; ".join(f"{k}: {v}" for k, v in OPERATOR_HELP.items()))
        anon_btn = gr.Button("Make an anonymised copy", elem_id="datasets-anonymize")
        anon_file = gr.File(label="Anonymised copy and its report", interactive=False,
                            file_count="multiple", elem_id="datasets-anon-file")
        anon_report = gr.Markdown(elem_id="datasets-anon-report")

    gr.Markdown("### Words that appear with groups of people\nWhich words turn up in the rows "
                "that mention one group of people more often than in the rows that mention "
                "another. A word is listed only when it appears with **both** groups at least "
                "the minimum number of times; *clear difference* means the gap is unlikely to be "
                "chance even after checking every listed word (technical terms in the tooltips). "
                "Edit the groups freely: one per line, `group: word, word`. Contractions such as "
                "*he's*, *woman's*, *l'homme* count for their group; links, @handles, "
                "placeholders such as `@user` and function words of each row's language are "
                "left out.")
    with gr.Row():
        from explorer.datasets.identity_terms import TERMS

        assoc_lang = gr.Dropdown(list(TERMS), value="en", label="Language of the lists")
        assoc_cat = gr.Dropdown(["gender", "religion", "nationality", "age"], value="gender",
                                label="Kind of group")
        min_count = gr.Slider(1, 50, value=5, step=1,
                              label="Ignore words seen in fewer rows than")
        min_group = gr.Slider(1, 50, value=3, step=1,
                              label="…or seen with either group in fewer rows than",
                              info="A word must appear with each of the two groups at least this "
                                   "often to be compared.")
        assoc_measure = gr.Radio([("Glasshouse (rows)", "rows"),
                                  ("Data Measurements Tool", "dmt")], value="rows",
                                 label="Association score",
                                 info="How the score column is computed; the listing and the "
                                      "test do not change. Details in the tooltip below.")
    from explorer.datasets.identity_terms import format_groups, terms_for

    groups_text = gr.Textbox(lines=4, label="Groups and their words",
                             value=format_groups(terms_for("en")["gender"]))
    assoc_btn = gr.Button("Compute word associations")
    assoc_msg = gr.Markdown()
    assoc_plot = gr.Plot(label="Word associations")
    with gr.Row():
        skew_table = _table("Words that appear more with one group",
                            ["word", "more often with", "than with", "difference in share",
                             "95% interval", "chance (adjusted)", "clear difference"],
                            max_height=320)
        group_table = _table("Top words per group",
                             ["group", "word", "score (nPMI)", "rows together"], max_height=320)
    from explorer.datasets.associations import MEASURE_HELP

    gr.Markdown(ASSOC_TERMS.format(
        rows="Glasshouse (rows): " + html.escape(MEASURE_HELP["rows"], quote=True),
        dmt="Data Measurements Tool: " + html.escape(MEASURE_HELP["dmt"], quote=True)))

    gr.Markdown("### Review a model's errors\nWhen the data has the true label and a model's "
                "prediction or score, see its worst mistakes and how well it does per group.")
    with gr.Row():
        er_label = gr.Dropdown(label="True label", choices=[])
        er_pred = gr.Dropdown(label="Prediction (optional)", choices=[])
        er_score = gr.Dropdown(label="Score 0-1 (optional)", choices=[])
        er_group = gr.Dropdown(label="Group to compare (optional)", choices=[])
        er_threshold = gr.Slider(0, 1, value=0.5, step=0.01, label="Decision threshold")
    er_btn = gr.Button("Review errors")
    er_msg = gr.Markdown()
    from explorer.datasets.views import GROUP_TABLE_HELP

    er_groups = _table("How well the model does for each group",
                       ["group", "rows", "share right", "95% interval (share right)"])
    gr.Markdown(f"<small>{GROUP_TABLE_HELP}</small>")
    er_rows = _table("Rows to look at (and why)",
                     ["why", "row", "label", "prediction", "text (masked)"],
                     wrap=True, max_height=360)

    gr.Markdown("### Keep this profile\nSave it as evidence that a data card can cite.")
    with gr.Row():
        entry_id = gr.Textbox(label="Catalog entry id (optional)")
        save_btn = gr.Button("Save profile as evidence")
    save_msg = gr.Markdown()

    # ------------------------------------------------------------ callbacks

    def _loaded(table: Any, size: int, user: str | None, *, text: str | None = None,
                label: str | None = None, spans: list | None = None, profile: Any = None,
                note: str = "") -> tuple:
        from explorer.datasets import views
        from explorer.datasets.column_stats import pick_label_column, pick_text_column
        from explorer.datasets.workspace import store

        cols = [str(c) for c in table.frame.columns]
        if text not in cols:
            try:
                text = pick_text_column(table.frame, None, table.file)
            except Exception:  # noqa: BLE001 - no obvious text column: let the person pick
                text = cols[0]
            label = pick_label_column(table.frame, text)
        if user is not None:  # a new load: keep it for this user (other tabs, reloads)
            store().save_table(user, table, text_column=text, label_column=label)
        frame, n_pages = views.preview_page(table, 1, int(size), profile, spans)
        enc = f", encoding {table.encoding}" if table.encoding else ""
        msg = (f"**{html.escape(table.file)}**: {table.n_rows} rows, {len(cols)} columns "
               f"({table.format}{enc})"
               + (f" — a sample: only the first {table.n_rows} rows were read, the dataset has "
                  "more" if table.truncated else "") + note)
        optional = [None, *cols]
        return ({"table": table, "profile": profile, "spans": spans}, msg,
                views.columns_table(table, profile, spans), frame,
                f"of {n_pages}", 1, gr.update(choices=cols, value=text),
                gr.update(choices=optional, value=label), gr.update(choices=cols, value=label),
                gr.update(choices=optional, value=None), gr.update(choices=optional, value=None),
                gr.update(choices=optional, value=None))

    load_outputs = [state, load_msg, columns, preview, pages_msg, page, text_col, label_col,
                    er_label, er_pred, er_score, er_group]

    @safe
    def on_upload(path: str | None, size: int, request: gr.Request) -> tuple:
        from explorer.datasets.loading import load_table

        if not path:
            raise gr.Error("Choose a file first.", print_exception=False)
        return _loaded(load_table(uploaded_file(path)), size, ctx.actor(request).username)

    @safe
    def on_hub(dataset: str, config: str, split: str, rows: float | None, size: int,
               request: gr.Request, progress=gr.Progress()) -> tuple:
        from explorer.datasets.loading import load_hub

        if not (dataset or "").strip():
            raise gr.Error("Type a dataset id first, e.g. stanfordnlp/imdb.",
                           print_exception=False)
        n = int(min(max(rows or HUB_SAMPLE_DEFAULT, 1), HUB_SAMPLE_MAX))
        progress(0.1, desc=f"Reading the first {n} rows of {dataset.strip()}")
        return _loaded(load_hub(dataset.strip(), config=(config or "").strip() or None,
                                split=(split or "").strip() or None, max_rows=n), size,
                       ctx.actor(request).username)

    @safe
    def on_page(st: dict | None, p: int, size: int) -> tuple:
        from explorer.datasets import views

        if not st:
            return None, ""
        frame, n_pages = views.preview_page(st["table"], p, int(size), st.get("profile"),
                                            st.get("spans"))
        return frame, f"of {n_pages}"

    @safe
    def on_profile(st: dict | None, text: str, label: str | None, languages: list[str],
                   p: int, size: int, request: gr.Request, progress=gr.Progress()) -> tuple:
        require_runner(ctx.actor(request), "profiling datasets")
        from explorer.datasets import plots, views
        from explorer.datasets.profile import profile_table
        from explorer.datasets.report import text_summary

        if not st:
            raise gr.Error("Load a dataset first.", print_exception=False)
        prof = profile_table(st["table"], text_column=text, label_column=label or None,
                             languages=languages,
                             progress=lambda share, msg: progress(share, desc=msg))
        from explorer.datasets.workspace import store

        st = {**st, "profile": prof, "spans": views.pii_spans(prof)}
        frame, _ = views.preview_page(st["table"], p, int(size), prof)
        n = prof.table.n_rows
        shown = {
            "summary": "\n\n".join(html.escape(line) for line in text_summary(prof).splitlines()),
            "lengths": plots.length_histogram(prof.char_lengths, "characters"),
            "languages": plots.bar(prof.languages.shares, f"Languages (n = {n} rows; "
                                   f"{prof.languages.n_mixed} mix languages)", percent=True),
            "pii_plot": plots.pii_by_language(prof.pii.by_language, n),
            "labels": plots.bar(prof.labels or {},
                                f"Labels in '{prof.label_column or '-'}' (n = {n})"),
            "terms": views.top_terms_table(prof), "dups": views.duplicates_table(prof),
            "pii_counts": views.pii_counts_table(prof), "pii_rows": views.pii_rows_table(prof),
            "spans": st["spans"]}
        user = ctx.actor(request).username
        store().set_columns(user, text_column=text, label_column=label or None)
        store().save_results(user, "profile", shown, profile=prof)
        return (st, shown["summary"], shown["lengths"], shown["languages"], shown["pii_plot"],
                views.columns_table(prof.table, prof), shown["labels"], shown["terms"],
                shown["dups"], shown["pii_counts"], shown["pii_rows"], frame)

    @safe
    def on_anonymize(st: dict | None, op: str, request: gr.Request) -> tuple:
        require_runner(ctx.actor(request), "writing anonymised copies")
        from glasshouse.ui import private_upload_dir
        from explorer.datasets.anonymize import report_path
        from explorer.datasets.profile import anonymize_report

        if not st or not st.get("profile"):
            raise gr.Error("Profile the dataset first.", print_exception=False)
        table = st["table"]
        stem = Path(table.file).stem or "dataset"
        ext = {"csv": "csv", "tsv": "tsv", "json": "json", "jsonl": "jsonl",
               "parquet": "parquet", "excel": "xlsx"}.get(table.format, "csv")
        folder = private_upload_dir() / f"anon-{uuid.uuid4().hex}"
        rep = anonymize_report(st["profile"], folder / f"{stem}-anonymised.{ext}", op)
        return [rep.copy, str(report_path(rep.copy))], rep.markdown()

    @safe
    def on_groups(lang: str, cat: str) -> tuple:
        from explorer.datasets.identity_terms import format_groups, terms_for

        lists = terms_for(lang)
        cat = cat if cat in lists else next(iter(lists))  # it/pt have gender lists only
        return format_groups(lists[cat]), gr.update(choices=list(lists), value=cat)

    @safe
    def on_assoc(st: dict | None, text: str, groups: str, min_n: int, min_g: int, lang: str,
                 measure: str, request: gr.Request) -> tuple:
        from explorer.datasets import plots, views
        from explorer.datasets.associations import word_associations
        from explorer.datasets.identity_terms import parse_groups

        if not st:
            raise gr.Error("Load a dataset first.", print_exception=False)
        parsed = parse_groups(groups)
        texts = st["table"].frame[text].tolist() if text else []
        prof = st.get("profile")
        row_langs = (list(prof.languages.tags) if prof is not None and prof.text_column == text
                     else None)
        rep = word_associations([None if v is None else str(v) for v in texts], parsed,
                                min_count=int(min_n), min_per_group=int(min_g),
                                list_language=lang, languages=row_langs, measure=measure)
        skews, per_group = views.associations_tables(rep)
        clear = rep.n_significant
        msg = (f"n = {rep.n_rows} rows; rows mentioning each group: "
               + ", ".join(f"{html.escape(g)} {c}" for g, c in rep.group_rows.items())
               + f". {rep.n_tested} word comparisons made, **{clear} clear difference"
               + ("s" if clear != 1 else "") + "** (chance below 0.05 after correction)"
               + (f"; {rep.one_sided} more words were seen with only one group too rarely to "
                  "compare" if rep.one_sided else "")
               + ("" if row_langs else "; function words of the list's language only (profile "
                  "the dataset to filter each row by its own language)")
               + f". *{rep.caveat}*")
        fig = plots.skew_chart(list(rep.skews), list(parsed))
        from explorer.datasets.workspace import store

        store().save_results(ctx.actor(request).username, "associations",
                             {"message": msg, "plot": fig, "skews": skews,
                              "per_group": per_group})
        return msg, fig, skews, per_group

    @safe
    def on_review(st: dict | None, label: str, pred: str | None, score: str | None,
                  group: str | None, threshold: float, request: gr.Request) -> tuple:
        from explorer.datasets import views
        from explorer.datasets.error_review import review_errors

        if not st:
            raise gr.Error("Load a dataset first.", print_exception=False)
        rev = review_errors(st["table"].frame, label=label, prediction=pred or None,
                            score=score or None, group=group or None, threshold=threshold)
        groups, rows = views.error_tables(rev, st.get("profile"))
        msg = views.error_summary(rev, group)
        from explorer.datasets.workspace import store

        store().save_results(ctx.actor(request).username, "errors",
                             {"message": msg, "groups": groups, "rows": rows})
        return msg, groups, rows

    result_outputs = [summary, len_plot, lang_plot, pii_plot, label_plot, terms, dups,
                      pii_counts, pii_rows, assoc_msg, assoc_plot, skew_table, group_table,
                      er_msg, er_groups, er_rows]

    @safe
    def on_restore(request: gr.Request) -> tuple:
        """On page load: the dataset this user loaded before, with the results shown for it."""
        from explorer.datasets.workspace import store

        user = ctx.actor(request).username
        ws = store().load(user)
        skip = tuple(gr.skip() for _ in load_outputs + result_outputs)
        if ws is None:  # nothing kept: leave the page (and anything loaded meanwhile) alone
            return skip
        prof_res = ws.results.get("profile", {})
        note = (" — kept from your last visit" + (f". {ws.notes[0]}" if ws.notes else ""))
        loaded = _loaded(ws.table, 25, None, text=ws.text_column, label=ws.label_column,
                         spans=prof_res.get("spans"), profile=ws.profile, note=note)
        a, e = ws.results.get("associations", {}), ws.results.get("errors", {})
        keep = gr.update()
        shown = [prof_res.get(k, keep) for k in ("summary", "lengths", "languages", "pii_plot",
                                                  "labels", "terms", "dups", "pii_counts",
                                                  "pii_rows")]
        shown += [a.get(k, keep) for k in ("message", "plot", "skews", "per_group")]
        shown += [e.get(k, keep) for k in ("message", "groups", "rows")]
        if store().saved_at(user) != ws.saved_at:  # a dataset was loaded while we read this one
            return skip
        return (*loaded, *shown)

    @safe
    def on_forget(request: gr.Request) -> tuple:
        from explorer.datasets.workspace import store

        store().forget(ctx.actor(request).username)
        return None, "The dataset and its results were removed from this server."

    @safe
    def on_columns(st: dict | None, text: str | None, label: str | None,
                   request: gr.Request) -> None:
        from explorer.datasets.workspace import store

        if st:
            store().set_columns(ctx.actor(request).username, text_column=text or None,
                                label_column=label or None)

    @safe
    def on_save(st: dict | None, entry: str, request: gr.Request) -> str:
        from explorer.datasets.profile import save_profile

        if not st or not st.get("profile"):
            raise gr.Error("Profile the dataset first.", print_exception=False)
        eid = save_profile(ctx.db, ctx.actor(request), st["profile"],
                           subject=entry.strip() or None)
        return f"Saved as evidence `{eid}`" + (f" for catalog entry `{entry}`." if entry else ".")

    # Progress (and, when loading fails, Gradio's "Error" badge) on the message line only, not
    # on the twelve outputs: the toast already says what went wrong, in one sentence.
    upload.upload(on_upload, [upload, page_size], load_outputs, show_progress_on=[load_msg])
    hub_btn.click(on_hub, [hub_id, hub_config, hub_split, hub_rows, page_size],
                  load_outputs, show_progress_on=[load_msg])
    page.submit(on_page, [state, page, page_size], [preview, pages_msg])
    page_size.change(on_page, [state, page, page_size], [preview, pages_msg])
    profile_btn.click(on_profile, [state, text_col, label_col, langs, page, page_size],
                      [state, summary, len_plot, lang_plot, pii_plot, columns, label_plot, terms,
                       dups,
                       pii_counts, pii_rows, preview])
    anon_btn.click(on_anonymize, [state, operator], [anon_file, anon_report])
    for trigger in (assoc_lang.input, assoc_cat.input):  # user choices only: no ping-pong
        trigger(on_groups, [assoc_lang, assoc_cat], [groups_text, assoc_cat])
    assoc_btn.click(on_assoc, [state, text_col, groups_text, min_count, min_group, assoc_lang,
                               assoc_measure],
                    [assoc_msg, assoc_plot, skew_table, group_table])
    er_btn.click(on_review, [state, er_label, er_pred, er_score, er_group, er_threshold],
                 [er_msg, er_groups, er_rows])
    save_btn.click(on_save, [state, entry_id], [save_msg])
    gr.on(triggers=None, fn=on_restore, inputs=None, outputs=load_outputs + result_outputs,
          show_progress="hidden")
    forget_btn.click(on_forget, None, [state, load_msg])
    for dropdown in (text_col, label_col):
        dropdown.input(on_columns, [state, text_col, label_col], None)
