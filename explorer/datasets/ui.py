"""Datasets tab: load, preview, profile, personal information, word associations, error review
and saving the profile as evidence; one function per part of the page. Only ui.py files import
gradio; each callback parses the widgets' values, calls one function of
explorer/datasets/presenters.py and puts its result into the components."""

# No `from __future__ import annotations` here: Gradio reads the callbacks' annotations
# (gr.Request) at build time, and gr is imported inside build().
import html
from typing import Any

from glasshouse.context import AppContext
from glasshouse.restore_gate import RestoreGate

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
    "pointwise mutual information. {rows} {dmt}\">association score</abbr> runs from -1 (never "
    "together) through 0 (no link) to 1 (always together); its technical name is nPMI.</small>")

HUB_SAMPLE_DEFAULT, HUB_SAMPLE_MAX = 2_000, 50_000
# the page-load restore comes before this session's own upload (glasshouse/restore_gate.py)
_RESTORE_GATE = RestoreGate()


def _language_choices() -> list[tuple[str, str]]:
    """(English name (tag), tag) for every language lingua knows."""
    from explorer.datasets.language_names import english_name
    from explorer.datasets.languages import all_languages

    return [(f"{english_name(t)} ({t})", t) for t in all_languages()]
OPERATOR_HELP = {"replace": "replace with the type, e.g. <EMAIL_ADDRESS>",
                 "mask": "replace every character with *", "hash": "replace with a SHA-256 hash",
                 "redact": "remove it"}


def _table(label: str, headers: list[str], **kw: Any) -> Any:
    import gradio as gr

    return gr.Dataframe(label=label, headers=headers, interactive=False, **kw)


def build(ctx: AppContext) -> None:
    import gradio as gr

    state = gr.State(None)  # presenters.State: {"table", "profile", "spans"}
    load = _load_section(ctx, state)
    prof = _profile_section(ctx, state, load)
    _pii_section(ctx, state)
    assoc = _associations_section(ctx, state, load["text_col"])
    errors = _errors_section(ctx, state)
    _save_section(ctx, state)
    _wire_loading(ctx, state, load, prof, assoc, errors)


def _load_section(ctx: AppContext, state: Any) -> dict[str, Any]:
    import gradio as gr

    from explorer.datasets import presenters
    from glasshouse.ui import safe

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
                                 "holds; each row's language is recognised automatically "
                                 "(with the lingua library).")

    @safe
    def on_page(st: dict | None, p: int, size: int) -> tuple:
        return presenters.preview(st, p, size)

    @safe
    def on_forget(request: gr.Request) -> tuple:
        return None, presenters.forget(ctx.actor(request).username)

    @safe
    def on_columns(st: dict | None, text: str | None, label: str | None,
                   request: gr.Request) -> None:
        presenters.keep_columns(st, ctx.actor(request).username, text, label)

    gr.on([page.submit, page_size.change], on_page, [state, page, page_size],
          [preview, pages_msg], trigger_mode="always_last")  # one listener: latest wins
    forget_btn.click(on_forget, None, [state, load_msg])
    for dropdown in (text_col, label_col):
        dropdown.input(on_columns, [state, text_col, label_col], None)
    return {"upload": upload, "hub": [hub_id, hub_config, hub_split, hub_rows],
            "hub_btn": hub_btn, "load_msg": load_msg, "columns": columns, "page": page,
            "page_size": page_size, "pages_msg": pages_msg, "preview": preview,
            "text_col": text_col, "label_col": label_col, "langs": langs}


def _profile_section(ctx: AppContext, state: Any, load: dict[str, Any]) -> dict[str, Any]:
    import gradio as gr

    from explorer.datasets import presenters
    from glasshouse.ui import safe
    from glasshouse.users import require_runner

    profile_btn = gr.Button("Profile this dataset", variant="primary",
                            elem_id="datasets-profile")
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

    @safe
    def on_profile(st: dict | None, text: str, label: str | None, languages: list[str],
                   p: int, size: int, request: gr.Request, progress=gr.Progress()) -> tuple:
        actor = ctx.actor(request)
        require_runner(actor, "profiling datasets")
        got = presenters.profile(st, text, label, languages, p, size, actor.username,
                                 progress=lambda share, msg: progress(share, desc=msg))
        shown = got.shown
        return (got.state, shown["summary"], shown["lengths"], shown["languages"],
                shown["pii_plot"], got.columns_table, shown["labels"], shown["terms"],
                shown["dups"], shown["pii_counts"], shown["pii_rows"], got.page)

    profile_btn.click(on_profile, [state, load["text_col"], load["label_col"], load["langs"],
                                   load["page"], load["page_size"]],
                      [state, summary, len_plot, lang_plot, pii_plot, load["columns"],
                       label_plot, terms, dups, pii_counts, pii_rows, load["preview"]])
    # in presenters.PROFILE_RESULTS order
    return {"results": [summary, len_plot, lang_plot, pii_plot, label_plot, terms, dups,
                        pii_counts, pii_rows]}


def _pii_section(ctx: AppContext, state: Any) -> None:
    import gradio as gr

    from explorer.datasets import presenters
    from glasshouse.ui import safe
    from glasshouse.users import require_runner

    with gr.Row():
        operator = gr.Radio(list(OPERATOR_HELP), value="replace", label="What to do with each "
                            "value", info="; ".join(f"{k}: {v}" for k, v in OPERATOR_HELP.items()))
        anon_btn = gr.Button("Make an anonymised copy", elem_id="datasets-anonymize")
        anon_file = gr.File(label="Anonymised copy and its report", interactive=False,
                            file_count="multiple", elem_id="datasets-anon-file")
        anon_report = gr.Markdown(elem_id="datasets-anon-report")

    @safe
    def on_anonymize(st: dict | None, op: str, request: gr.Request) -> tuple:
        require_runner(ctx.actor(request), "writing anonymised copies")
        from glasshouse.ui import private_upload_dir

        return presenters.anonymised_copy(st, op, private_upload_dir())

    anon_btn.click(on_anonymize, [state, operator], [anon_file, anon_report])


def _associations_section(ctx: AppContext, state: Any, text_col: Any) -> dict[str, Any]:
    import gradio as gr

    from explorer.datasets import presenters
    from explorer.datasets.associations import MEASURE_HELP
    from explorer.datasets.identity_terms import TERMS, format_groups, terms_for
    from glasshouse.ui import safe

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
                             ["group", "word", "association score", "rows together"], max_height=320)
    gr.Markdown(ASSOC_TERMS.format(
        rows="Glasshouse (rows): " + html.escape(MEASURE_HELP["rows"], quote=True),
        dmt="Data Measurements Tool: " + html.escape(MEASURE_HELP["dmt"], quote=True)))

    @safe
    def on_groups(lang: str, cat: str) -> tuple:
        text, kinds, kind = presenters.group_lists(lang, cat)
        return text, gr.update(choices=kinds, value=kind)

    @safe
    def on_assoc(st: dict | None, text: str, groups: str, min_n: int, min_g: int, lang: str,
                 measure: str, request: gr.Request) -> tuple:
        shown = presenters.associations(st, text, groups, min_n, min_g, lang, measure,
                                        ctx.actor(request).username)
        return tuple(shown[k] for k in presenters.ASSOCIATION_RESULTS)

    # user choices only (no ping-pong), one listener so the latest choice's groups win
    gr.on([assoc_lang.input, assoc_cat.input], on_groups, [assoc_lang, assoc_cat],
          [groups_text, assoc_cat], trigger_mode="always_last")
    results = [assoc_msg, assoc_plot, skew_table, group_table]
    assoc_btn.click(on_assoc, [state, text_col, groups_text, min_count, min_group, assoc_lang,
                               assoc_measure], results)
    return {"results": results}


def _errors_section(ctx: AppContext, state: Any) -> dict[str, Any]:
    import gradio as gr

    from explorer.datasets import presenters
    from explorer.datasets.views import GROUP_TABLE_HELP
    from glasshouse.ui import safe

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
    er_groups = _table("How well the model does for each group",
                       ["group", "rows", "share right", "95% interval (share right)"])
    gr.Markdown(f"<small>{GROUP_TABLE_HELP}</small>")
    er_rows = _table("Rows to look at (and why)",
                     ["why", "row", "label", "prediction", "text (masked)"],
                     wrap=True, max_height=360)

    @safe
    def on_review(st: dict | None, label: str, pred: str | None, score: str | None,
                  group: str | None, threshold: float, request: gr.Request) -> tuple:
        shown = presenters.error_review(st, label, pred, score, group, threshold,
                                        ctx.actor(request).username)
        return tuple(shown[k] for k in presenters.ERROR_RESULTS)

    results = [er_msg, er_groups, er_rows]
    er_btn.click(on_review, [state, er_label, er_pred, er_score, er_group, er_threshold],
                 results)
    return {"columns": [er_label, er_pred, er_score, er_group], "results": results}


def _save_section(ctx: AppContext, state: Any) -> None:
    import gradio as gr

    from explorer.datasets import presenters
    from glasshouse.ui import safe

    gr.Markdown("### Keep this profile\nSave it as evidence that a data card can cite.")
    with gr.Row():
        entry_id = gr.Textbox(label="Catalog entry id (optional)")
        save_btn = gr.Button("Save profile as evidence")
    save_msg = gr.Markdown()

    @safe
    def on_save(st: dict | None, entry: str, request: gr.Request) -> str:
        return presenters.save_evidence(ctx.db, ctx.actor(request), st, entry)

    save_btn.click(on_save, [state, entry_id], [save_msg])


def _wire_loading(ctx: AppContext, state: Any, load: dict[str, Any], prof: dict[str, Any],
                  assoc: dict[str, Any], errors: dict[str, Any]) -> None:
    """Loading a dataset (upload, Hub, or restoring the one kept for this user on page load)
    fills the preview and every part's column choices; a restore also shows its results."""
    import gradio as gr

    from explorer.datasets import presenters
    from glasshouse.restore_gate import session_of
    from glasshouse.ui import restore_on_load, safe, uploaded_file

    load_outputs = [state, load["load_msg"], load["columns"], load["preview"],
                    load["pages_msg"], load["page"], load["text_col"], load["label_col"],
                    *errors["columns"]]
    result_outputs = prof["results"] + assoc["results"] + errors["results"]

    def shown(got: Any) -> tuple:
        cols, optional = got.columns, [None, *got.columns]
        return (got.state, got.message, got.columns_table, got.page, got.pages, 1,
                gr.update(choices=cols, value=got.text_column),
                gr.update(choices=optional, value=got.label_column),
                gr.update(choices=cols, value=got.label_column),
                gr.update(choices=optional, value=None), gr.update(choices=optional, value=None),
                gr.update(choices=optional, value=None))

    def cleared() -> tuple:
        """Every result of the dataset loaded before: a new dataset starts with none, so that
        no profile, association or error review of another file is read as this one's."""
        return tuple(gr.update(value=None) for _ in result_outputs)

    @safe
    def on_upload(path: str | None, size: int, request: gr.Request) -> tuple:
        if not path:
            raise gr.Error("Choose a file first.", print_exception=False)
        _RESTORE_GATE.action_begins(session_of(request))  # after the page-load restore
        return (*shown(presenters.load_upload(uploaded_file(path), size,
                                              ctx.actor(request).username)), *cleared())

    @safe
    def on_hub(dataset: str, config: str, split: str, rows: float | None, size: int,
               request: gr.Request, progress=gr.Progress()) -> tuple:
        n = presenters.hub_rows(rows, HUB_SAMPLE_DEFAULT, HUB_SAMPLE_MAX)
        _RESTORE_GATE.action_begins(session_of(request))
        if (dataset or "").strip():
            progress(0.1, desc=f"Reading the first {n} rows of {dataset.strip()}")
        return (*shown(presenters.load_hub(dataset, config, split, n, size,
                                           ctx.actor(request).username)), *cleared())

    @safe
    def on_restore(request: gr.Request) -> tuple:
        """On page load: the dataset this user loaded before, with the results shown for it."""
        got = presenters.restore(ctx.actor(request).username)
        if got is None:  # nothing kept: leave the page (and anything loaded meanwhile) alone
            return tuple(gr.skip() for _ in load_outputs + result_outputs)
        keep = gr.update()
        kept = [got.results["profile"].get(k, keep) for k in presenters.PROFILE_RESULTS]
        kept += [got.results["associations"].get(k, keep)
                 for k in presenters.ASSOCIATION_RESULTS]
        kept += [got.results["errors"].get(k, keep) for k in presenters.ERROR_RESULTS]
        return (*shown(got.loaded), *kept)

    # Progress (and, when loading fails, Gradio's "Error" badge) on the message line only, not
    # on the twelve outputs: the toast already says what went wrong, in one sentence.
    load["upload"].upload(on_upload, [load["upload"], load["page_size"]],
                          load_outputs + result_outputs, show_progress_on=[load["load_msg"]])
    load["hub_btn"].click(on_hub, [*load["hub"], load["page_size"]],
                          load_outputs + result_outputs, show_progress_on=[load["load_msg"]])
    restore_on_load(_RESTORE_GATE, on_restore, load_outputs + result_outputs,
                    show_progress="hidden")
