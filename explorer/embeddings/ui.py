"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions.

No `from __future__ import annotations` here: Gradio finds the `request: gr.Request` and
`progress=gr.Progress()` parameters of callbacks by evaluating their annotations."""

import os
from typing import Any

import gradio as gr

from explorer.embeddings.presenter import BACKENDS, CLUSTERS, METHODS
from glasshouse.context import AppContext
from glasshouse.restore_gate import RestoreGate, session_of

INTRO = """## Map of meanings
A language model turns each text into a point; texts it considers similar land close together.
This map shows those points so you can see what the model groups together, and where it
separates texts that should be alike (for example, the same sentence in two languages)."""

FILE_TYPES = [".csv", ".tsv", ".jsonl", ".json", ".parquet", ".xlsx", ".txt"]
MAP_ID = "emb-map"
# the page-load restore comes before this session's own map (glasshouse/restore_gate.py)
_RESTORE_GATE = RestoreGate()

# Sends lasso/box selections (and clicked points) on the map (a Plotly graph inside #emb-map) to
# the server as a JSON list of the points' customdata, i.e. their original row numbers.
SELECTION_BRIDGE_JS = """
const bind = () => {
  const gd = document.querySelector('#%s .js-plotly-plot');
  if (!gd || gd.__ghBound || typeof gd.on !== 'function') return;
  gd.__ghBound = true;
  const send = (ev) => {
    const pts = (ev && ev.points) ? ev.points : [];
    const ids = [];
    for (const p of pts) {
      const cd = p.customdata;
      if (cd === undefined || cd === null) continue;
      const v = Number(typeof cd === 'object' ? cd[0] : cd);
      if (Number.isInteger(v)) ids.push(v);
    }
    props.value = JSON.stringify(ids);
    trigger('change');
  };
  gd.on('plotly_selected', send);
  gd.on('plotly_deselect', () => send({points: []}));
};
setInterval(bind, 400);
""" % MAP_ID


# long texts wrap inside the selection and neighbour tables instead of running off the panel
CSS = """
#emb-selected table, #emb-neighbours table { table-layout: fixed; width: 100%; }
#emb-selected td, #emb-neighbours td, #emb-selected td *, #emb-neighbours td * {
  white-space: normal; overflow-wrap: anywhere; }
#emb-selected th:first-child, #emb-neighbours th:first-child { width: 5em; }
"""

def build(ctx: AppContext) -> None:
    if os.environ.get("GLASSHOUSE_UMAP_WARMUP", "1") not in ("0", "false", "no"):
        from explorer.embeddings.project import warm_up_umap

        warm_up_umap(background=True, delay_s=5)
    from glasshouse.warmup import warm_models

    warm_models()  # the language detector and the default embedder, in the background
    map_state = _map_section(ctx)
    _compare_section(ctx, map_state)
    _cross_lingual_section(ctx)


def _session_key(request: gr.Request) -> str:
    return f"{getattr(request, 'session_hash', '') or 'local'}:map"


def _map_section(ctx: AppContext) -> gr.State:
    """Data in, the form, the map, selections, nearest neighbours and downloads. Returns the
    state holding the drawn map (the comparison uses it)."""
    from explorer.embeddings import presenter
    from explorer.embeddings.project import UMAP_HELP
    from glasshouse.ui import restore_on_load, safe, uploaded_file
    from glasshouse.users import require_runner

    frame_state = gr.State(None)
    from_workspace = gr.State(False)  # the frame is the dataset loaded in Datasets
    map_state = gr.State(None)
    query_state = gr.State(None)  # the last sentence's neighbours, marked on the map

    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            upload = gr.File(label="Your data: a table (CSV, TSV, JSONL, Parquet, Excel) or a "
                                   ".txt file with one text per line", file_types=FILE_TYPES,
                             elem_id="emb-upload")
            use_loaded = gr.Button("Use the dataset loaded in Datasets", size="sm",
                                   elem_id="emb-use-loaded")
            pasted = gr.Textbox(label="…or paste texts here, one per line", lines=5,
                                placeholder="The cat sat on the mat.\nLe chat est assis.")
            column = gr.Dropdown(label="Which column holds the texts?", choices=[],
                                 allow_custom_value=True, elem_id="emb-column")
            model = gr.Dropdown(label="Model", choices=presenter.model_names(),
                                value="minilm-en", allow_custom_value=True, elem_id="emb-model",
                                info="One of the models that come with Glasshouse, or type a "
                                     "sentence-transformers id from Hugging Face (needs internet).")
            with gr.Accordion("Speed: how to run the model", open=False):
                backend = gr.Radio(list(BACKENDS), value=next(iter(BACKENDS)),
                                   label="Engine", elem_id="emb-backend",
                                   info="For sentence-transformers models (minilm-en and Hub "
                                        "ids). The ONNX engines are prepared once on first use "
                                        "(about a minute). 8-bit vectors agree with PyTorch's "
                                        "to a cosine of 0.99 or more.")
            method = gr.Radio(list(METHODS), value=next(iter(METHODS)), label="How to flatten")
            dims = gr.Radio([2, 3], value=2, label="Dimensions", info=UMAP_HELP["n_components"])
            with gr.Accordion("UMAP settings", open=False):
                neighbours = gr.Slider(2, 200, value=15, step=1, label="Neighbours",
                                       info=UMAP_HELP["n_neighbors"])
                min_dist = gr.Slider(0.0, 0.99, value=0.1, step=0.01, label="Minimum distance",
                                     info=UMAP_HELP["min_dist"])
                metric = gr.Dropdown(["cosine", "euclidean", "manhattan", "correlation"],
                                     value="cosine", label="Distance", info=UMAP_HELP["metric"])
            clusters = gr.Radio(list(CLUSTERS), value=next(iter(CLUSTERS)), label="Find groups")
            n_clusters = gr.Slider(0, 50, value=0, step=1, label="How many groups (k-means)",
                                   info="0 = choose automatically from the number of texts")
            with gr.Row():
                draw = gr.Button("Draw map", variant="primary", elem_id="emb-draw")
                stop = gr.Button("Cancel", variant="stop", elem_id="emb-cancel", size="sm")
            with gr.Accordion("The models", open=False):
                gr.Markdown(presenter.models_table())
        with gr.Column(scale=3):
            status = gr.Markdown("Upload a table or paste texts, then press **Draw map**.")
            colour = gr.Dropdown(label="Colour points by", choices=["cluster"], value="cluster",
                                 allow_custom_value=True)
            plot = gr.Plot(label="Map", elem_id=MAP_ID)
            bridge = gr.HTML(
                value="",
                html_template="<p style='font-size:0.85em;color:#666'>Hover over a point to read the "
                              "start of its text. To read whole texts, click a point, or circle "
                              "some points with the lasso (or the box tool at the top right of "
                              "the map): their rows are listed below.</p>",
                js_on_load=SELECTION_BRIDGE_JS, elem_id="emb-selection-bridge")
            selected_note = gr.Markdown()
            selected = gr.Dataframe(label="Selected rows", interactive=False, wrap=True,
                                    headers=["row", "text"],
                                    elem_id="emb-selected")
            with gr.Row():
                query_box = gr.Textbox(label="Find the texts closest to a sentence", scale=4,
                                       placeholder="Type a sentence and press Enter")
                k = gr.Slider(1, 50, value=10, step=1, label="How many", scale=1)
            neighbours_table = gr.Dataframe(label="Closest texts (1.0 = same meaning to the "
                                                  "model)", interactive=False, wrap=True,
                                         headers=["row", "text", "similarity"],
                                         elem_id="emb-neighbours")
            with gr.Accordion("Download", open=False):
                export_btn = gr.Button("Make downloadable files")
                files = gr.File(label="Map (HTML, opens without Glasshouse) and coordinates "
                                      "(CSV, Parquet)", file_count="multiple",
                                elem_id="emb-downloads")

    @safe
    def on_upload(path: str | None, request: gr.Request) -> tuple[Any, Any, bool]:
        from explorer.embeddings.table import read_table

        _RESTORE_GATE.action_begins(session_of(request))  # after the page-load restore
        if not path:
            return None, gr.update(choices=[], value=None), False
        frame = read_table(uploaded_file(path))
        choices = presenter.text_columns_first(frame)
        return frame, gr.update(choices=choices, value=choices[0] if choices else None), False

    upload.change(on_upload, [upload], [frame_state, column, from_workspace])

    @safe
    def on_use_loaded(request: gr.Request) -> tuple[Any, Any, str, bool]:
        _RESTORE_GATE.action_begins(session_of(request))
        d = presenter.loaded_dataset(ctx.actor(request).username)
        return d.frame, gr.update(choices=d.columns, value=d.text_column), d.note, True

    use_loaded.click(on_use_loaded, None, [frame_state, column, status, from_workspace])

    @safe
    def on_restore_map(request: gr.Request) -> tuple:
        """On page load: the last map drawn from the dataset loaded in Datasets, if any."""
        kept = presenter.kept_map(ctx.actor(request).username)
        if kept is None:  # leave anything loaded alone
            return tuple(gr.skip() for _ in range(5))
        return (kept.frame, gr.update(choices=kept.columns, value=kept.column),
                kept.plot if kept.plot is not None else gr.update(), kept.status, True)

    @safe
    def on_draw(frame: Any, text: str, col: str, model_name: str, method_label: str, d: int,
                nn: float, md: float, met: str, cl_label: str, nc: float, be: str,
                from_ws: bool, request: gr.Request,
                progress: gr.Progress = gr.Progress()) -> tuple:
        from glasshouse import progress as gp

        require_runner(ctx.actor(request), "drawing embedding maps")
        _RESTORE_GATE.action_begins(session_of(request))
        form = presenter.DrawForm(col, model_name, method_label, d, nn, md, met, cl_label, nc,
                                  be)
        key = _session_key(request)
        flag = gp.start(key)
        tracker = gp.Tracker("Embedding", lambda f, s: progress(f, desc=s), flag)
        try:
            drawn = presenter.draw(frame, text, form, username=ctx.actor(request).username,
                                   keep_with_dataset=bool(from_ws), progress=tracker,
                                   status=tracker.say)
        finally:
            gp.finish(key, flag)
        return (drawn.map, drawn.figure, drawn.summary,
                gr.update(choices=drawn.colour_options, value=drawn.colour_by), None, "", None)

    drawing = draw.click(on_draw, [frame_state, pasted, column, model, method, dims, neighbours,
                                   min_dist, metric, clusters, n_clusters, backend,
                                   from_workspace],
                         [map_state, plot, status, colour, selected, selected_note,
                          query_state])
    restore_on_load(_RESTORE_GATE, on_restore_map,
                    [frame_state, column, plot, status, from_workspace], show_progress="hidden")

    @safe
    def on_stop(request: gr.Request) -> str:
        from glasshouse import progress as gp

        return ("Cancelled: the map was not drawn. Press **Draw map** to start again."
                if gp.cancel(_session_key(request)) else "Nothing is running.")

    stop.click(on_stop, None, status, cancels=[drawing])

    @safe
    def on_colour(m: Any, colour_by: str, q: Any) -> Any:
        return gr.update() if m is None else presenter.recolour(m, colour_by, q)

    colour.input(on_colour, [map_state, colour, query_state], [plot])

    @safe
    def on_select(m: Any, payload: str) -> tuple[Any, str]:
        if m is None:
            return None, ""
        s = presenter.selection(m, payload)
        return s.table, s.note

    bridge.change(on_select, [map_state, bridge], [selected, selected_note],
                  show_progress="hidden")

    @safe
    def on_query(m: Any, sentence: str, kk: float) -> tuple[Any, Any]:
        n = presenter.neighbours(m, sentence, kk)
        return n.table, n.query

    @safe
    def on_query_figure(m: Any, colour_by: str, q: Any) -> Any:
        # after the table: the closest texts show first, then the map marks them
        return gr.update() if m is None or q is None else presenter.recolour(m, colour_by, q)

    query_box.submit(on_query, [map_state, query_box, k], [neighbours_table, query_state]
                     ).success(on_query_figure, [map_state, colour, query_state], [plot],
                               show_progress="hidden")

    @safe
    def on_export(m: Any, colour_by: str) -> list[str]:
        return presenter.export_files(m, colour_by)

    export_btn.click(on_export, [map_state, colour], [files])
    return map_state


def _compare_section(ctx: AppContext, map_state: gr.State) -> None:
    """A second model on the map's texts: how many of each text's neighbours stay the same."""
    from explorer.embeddings import presenter
    from glasshouse.ui import safe
    from glasshouse.users import require_runner

    with gr.Accordion("Compare two models on the same texts", open=False):
        gr.Markdown("Embeds the same texts with a second model and checks, text by text, how many "
                    "of its closest neighbours stay the same. Uses the data of the map above.")
        with gr.Row():
            model_b = gr.Dropdown(label="Second model", choices=presenter.model_names(),
                                  value="use-multilingual", allow_custom_value=True)
            compare_k = gr.Slider(2, 50, value=10, step=1, label="Neighbours to compare")
            compare_btn = gr.Button("Compare")
        compare_note = gr.Markdown()
        compare_plot = gr.Plot(label="Agreement per text")

    @safe
    def on_compare(m: Any, other: str, kk: float, request: gr.Request,
                   progress: gr.Progress = gr.Progress()) -> tuple[str, Any]:
        require_runner(ctx.actor(request), "comparing embedding models")
        return presenter.comparison(
            m, other, kk, progress=lambda d, t: progress(d / max(t, 1), desc="Embedding"))

    compare_btn.click(on_compare, [map_state, model_b, compare_k], [compare_note, compare_plot])


def _cross_lingual_section(ctx: AppContext) -> None:
    """Parallel sentences, one column per language: are translations nearest neighbours?"""
    from explorer.embeddings import presenter
    from glasshouse.ui import safe, uploaded_file
    from glasshouse.users import require_runner

    with gr.Accordion("Cross-lingual view: are translations neighbours?", open=False):
        gr.Markdown("Upload a table with one row per sentence and one column per language "
                    "(e.g. columns `en`, `fr`, `es`). Each sentence's translations should land "
                    "next to it.")
        with gr.Row():
            cl_file = gr.File(label="Parallel sentences", file_types=FILE_TYPES,
                              elem_id="emb-cl-file")
            cl_columns = gr.Dropdown(label="Language columns", choices=[], multiselect=True,
                                     allow_custom_value=True, elem_id="emb-cl-columns")
            cl_model = gr.Dropdown(label="Model", choices=presenter.model_names(),
                                   value="use-multilingual", allow_custom_value=True)
            cl_btn = gr.Button("Show")
        cl_note = gr.Markdown()
        cl_plot = gr.Plot(label="Translations map")
        cl_table = gr.Dataframe(label="Translation found as nearest neighbour", interactive=False)
    cl_frame = gr.State(None)

    @safe
    def on_cl_upload(path: str | None) -> tuple[Any, Any]:
        from explorer.embeddings.table import read_table

        if not path:
            return None, gr.update(choices=[], value=[])
        frame = read_table(uploaded_file(path))
        return frame, gr.update(choices=[str(c) for c in frame.columns],
                                value=presenter.default_language_columns(frame))

    cl_file.change(on_cl_upload, [cl_file], [cl_frame, cl_columns])

    @safe
    def on_cross(frame: Any, cols: list[str], model_name: str, request: gr.Request,
                 progress: gr.Progress = gr.Progress()) -> tuple[str, Any, Any]:
        require_runner(ctx.actor(request), "drawing cross-lingual maps")
        return presenter.cross_lingual_view(
            frame, cols, model_name,
            progress=lambda d, t: progress(d / max(t, 1), desc="Embedding"))

    cl_btn.click(on_cross, [cl_frame, cl_columns, cl_model], [cl_note, cl_plot, cl_table])
