"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions."""

# No `from __future__ import annotations` here: Gradio reads the callbacks' annotations
# (gr.Request) at build time, and gr is imported inside build().
import uuid
from pathlib import Path
from typing import Any

from glasshouse.context import AppContext

INTRO = """## Look at a dataset
Upload a table of texts (CSV, JSON, Excel, Parquet) to see what is in it: how long the texts are,
which languages they are in, repeated rows, personal information such as emails or phone numbers,
and which words appear together with words about groups of people."""

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

    from glasshouse.ui import safe

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
    load_msg = gr.Markdown()
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
                      ["row", "column", "language", "found", "text (masked)"],
                      max_height=360, wrap=True)
    with gr.Row():
        operator = gr.Radio(list(OPERATOR_HELP), value="replace", label="What to do with each "
                            "value", info="; ".join(f"{k}: {v}" for k, v in OPERATOR_HELP.items()))
        anon_btn = gr.Button("Make an anonymised copy", elem_id="datasets-anonymize")
        anon_file = gr.File(label="Anonymised copy and its report", interactive=False,
                            file_count="multiple", elem_id="datasets-anon-file")
        anon_report = gr.Markdown(elem_id="datasets-anon-report")

    gr.Markdown("### Words that appear with groups of people\nnPMI (from -1, never together, "
                "to 1, always together) between identity words and the other words of the "
                "texts, counted per row. Edit the groups freely: one per line, "
                "`group: word, word`.")
    with gr.Row():
        assoc_lang = gr.Dropdown(["en", "es", "fr", "de"], value="en",
                                 label="Language of the lists")
        assoc_cat = gr.Dropdown(["gender", "religion", "nationality", "age"], value="gender",
                                label="Kind of group")
        min_count = gr.Slider(1, 50, value=3, step=1, label="Ignore words seen in fewer rows than")
    from explorer.datasets.identity_terms import format_groups, terms_for

    groups_text = gr.Textbox(lines=4, label="Groups and their words",
                             value=format_groups(terms_for("en")["gender"]))
    assoc_btn = gr.Button("Compute word associations")
    assoc_msg = gr.Markdown()
    assoc_plot = gr.Plot(label="Word associations")
    with gr.Row():
        skew_table = _table("Words that skew toward one group",
                            ["word", "skews toward", "away from", "nPMI gap"], max_height=320)
        group_table = _table("Top words per group",
                             ["group", "word", "nPMI", "rows together"], max_height=320)

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
    er_groups = _table("Metrics per group (Fairlearn MetricFrame)",
                       ["group", "accuracy", "n"])
    er_rows = _table("Rows to look at",
                     ["why", "row", "label", "prediction", "score", "text (masked)"],
                     wrap=True, max_height=360)

    gr.Markdown("### Keep this profile\nSave it as evidence that a data card can cite.")
    with gr.Row():
        entry_id = gr.Textbox(label="Catalog entry id (optional)")
        save_btn = gr.Button("Save profile as evidence")
    save_msg = gr.Markdown()

    # ------------------------------------------------------------ callbacks

    def _loaded(table: Any, size: int) -> tuple:
        from explorer.datasets import views
        from explorer.datasets.stats import pick_label_column, pick_text_column

        cols = [str(c) for c in table.frame.columns]
        try:
            text = pick_text_column(table.frame, None, table.file)
        except Exception:  # noqa: BLE001 - no obvious text column: let the person pick
            text = cols[0]
        label = pick_label_column(table.frame, text)
        frame, n_pages = views.preview_page(table, 1, int(size))
        enc = f", encoding {table.encoding}" if table.encoding else ""
        msg = (f"**{table.file}**: {table.n_rows} rows, {len(cols)} columns ({table.format}{enc})"
               + (f" — a sample: only the first {table.n_rows} rows were read, the dataset has "
                  "more" if table.truncated else ""))
        optional = [None, *cols]
        return ({"table": table, "profile": None}, msg, views.columns_table(table), frame,
                f"of {n_pages}", 1, gr.update(choices=cols, value=text),
                gr.update(choices=optional, value=label), gr.update(choices=cols, value=label),
                gr.update(choices=optional, value=None), gr.update(choices=optional, value=None),
                gr.update(choices=optional, value=None))

    load_outputs = [state, load_msg, columns, preview, pages_msg, page, text_col, label_col,
                    er_label, er_pred, er_score, er_group]

    @safe
    def on_upload(path: str | None, size: int) -> tuple:
        from explorer.datasets.loading import load_table

        if not path:
            raise gr.Error("Choose a file first.", print_exception=False)
        return _loaded(load_table(path), size)

    @safe
    def on_hub(dataset: str, config: str, split: str, rows: float | None, size: int,
               progress=gr.Progress()) -> tuple:
        from explorer.datasets.loading import load_hub

        if not (dataset or "").strip():
            raise gr.Error("Type a dataset id first, e.g. stanfordnlp/imdb.",
                           print_exception=False)
        n = int(min(max(rows or HUB_SAMPLE_DEFAULT, 1), HUB_SAMPLE_MAX))
        progress(0.1, desc=f"Reading the first {n} rows of {dataset.strip()}")
        return _loaded(load_hub(dataset.strip(), config=(config or "").strip() or None,
                                split=(split or "").strip() or None, max_rows=n), size)

    @safe
    def on_page(st: dict | None, p: int, size: int) -> tuple:
        from explorer.datasets import views

        if not st:
            return None, ""
        frame, n_pages = views.preview_page(st["table"], p, int(size), st.get("profile"))
        return frame, f"of {n_pages}"

    @safe
    def on_profile(st: dict | None, text: str, label: str | None, languages: list[str],
                   p: int, size: int, progress=gr.Progress()) -> tuple:
        from explorer.datasets import plots, views
        from explorer.datasets.profile import profile_table
        from explorer.datasets.report import text_summary

        if not st:
            raise gr.Error("Load a dataset first.", print_exception=False)
        prof = profile_table(st["table"], text_column=text, label_column=label or None,
                             languages=languages,
                             progress=lambda share, msg: progress(share, desc=msg))
        st = {**st, "profile": prof}
        frame, _ = views.preview_page(st["table"], p, int(size), prof)
        n = prof.table.n_rows
        summary_md = "\n\n".join(text_summary(prof).splitlines())
        return (st, summary_md,
                plots.length_histogram(prof.char_lengths, "characters"),
                plots.bar(prof.languages.shares, f"Languages (n = {n} rows; "
                          f"{prof.languages.n_mixed} mix languages)", percent=True),
                plots.pii_by_language(prof.pii.by_language, n),
                views.columns_table(prof.table, prof),
                plots.bar(prof.labels or {}, f"Labels in '{prof.label_column or '-'}' (n = {n})"),
                views.top_terms_table(prof), views.duplicates_table(prof),
                views.pii_counts_table(prof), views.pii_rows_table(prof), frame)

    @safe
    def on_anonymize(st: dict | None, op: str) -> tuple:
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
    def on_groups(lang: str, cat: str) -> str:
        from explorer.datasets.identity_terms import format_groups, terms_for

        return format_groups(terms_for(lang).get(cat, {}))

    @safe
    def on_assoc(st: dict | None, text: str, groups: str, min_n: int) -> tuple:
        from explorer.datasets import plots, views
        from explorer.datasets.associations import word_associations
        from explorer.datasets.identity_terms import parse_groups

        if not st:
            raise gr.Error("Load a dataset first.", print_exception=False)
        parsed = parse_groups(groups)
        texts = st["table"].frame[text].tolist() if text else []
        rep = word_associations([None if v is None else str(v) for v in texts], parsed,
                                min_count=int(min_n))
        skews, per_group = views.associations_tables(rep)
        msg = (f"n = {rep.n_rows} rows; rows mentioning each group: "
               + ", ".join(f"{g} {c}" for g, c in rep.group_rows.items())
               + f". *{rep.caveat}*")
        return msg, plots.skew_chart(list(rep.skews), list(parsed)), skews, per_group

    @safe
    def on_review(st: dict | None, label: str, pred: str | None, score: str | None,
                  group: str | None, threshold: float) -> tuple:
        from explorer.datasets import views
        from explorer.datasets.error_review import review_errors

        if not st:
            raise gr.Error("Load a dataset first.", print_exception=False)
        rev = review_errors(st["table"].frame, label=label, prediction=pred or None,
                            score=score or None, group=group or None, threshold=threshold)
        groups, rows = views.error_tables(rev, st.get("profile"))
        gaps = "; ".join(f"{m}: difference {g['difference']:.3f}, ratio {g['ratio']:.3f}"
                         for m, g in rev.gaps.items())
        prox = ", ".join(f"{c} (Cramér's V {v:.2f})" for c, v, _ in rev.proxies[:5])
        msg = (f"Accuracy {rev.accuracy:.3f} (95% CI {rev.accuracy_ci[0]:.3f}–"
               f"{rev.accuracy_ci[1]:.3f}, n = {rev.n})."
               + (f" Gaps between groups — {gaps}." if gaps else "")
               + (f" Columns most tied to '{group}': {prox}." if prox else "")
               + f" *{rev.caveat}*")
        return msg, groups, rows

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
    for trigger in (assoc_lang.change, assoc_cat.change):
        trigger(on_groups, [assoc_lang, assoc_cat], [groups_text])
    assoc_btn.click(on_assoc, [state, text_col, groups_text, min_count],
                    [assoc_msg, assoc_plot, skew_table, group_table])
    er_btn.click(on_review, [state, er_label, er_pred, er_score, er_group, er_threshold],
                 [er_msg, er_groups, er_rows])
    save_btn.click(on_save, [state, entry_id], [save_msg])
