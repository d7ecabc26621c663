"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions.

No `from __future__ import annotations` here: Gradio finds the `request: gr.Request` and
`progress=gr.Progress()` parameters of callbacks by evaluating their annotations."""

import os
from typing import Any

import gradio as gr

from glasshouse.context import AppContext

INTRO = """## Map of meanings
A language model turns each text into a point; texts it considers similar land close together.
This map shows those points so you can see what the model groups together, and where it
separates texts that should be alike (for example, the same sentence in two languages)."""

METHODS = {"PCA: instant overview": "pca", "UMAP: keeps close neighbours together (slower)": "umap"}
BACKENDS = {"PyTorch (reference)": "torch", "ONNX Runtime (same results)": "onnx",
            "ONNX Runtime, 8-bit (faster, very slightly different)": "onnx-int8"}
CLUSTERS = {"k-means (you choose how many)": "kmeans", "HDBSCAN (finds groups by density)":
            "hdbscan", "no clusters": "none"}
FILE_TYPES = [".csv", ".tsv", ".jsonl", ".json", ".parquet", ".xlsx", ".txt"]
MAP_ID = "emb-map"

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


def _models() -> list[str]:
    from glasshouse import models

    return [s.name for s in models.available("sentence-embedding")]


def _model_table() -> str:
    from glasshouse import models

    lines = ["| model | languages | licence | what it is |", "|---|---|---|---|"]
    for s in models.available("sentence-embedding"):
        langs = ", ".join(s.languages) if len(s.languages) < 8 else f"{len(s.languages)} languages"
        lines.append(f"| `{s.name}` | {langs} | {s.license} | {s.description} |")
    return "\n".join(lines)


# long texts wrap inside the selection and neighbour tables instead of running off the panel
CSS = """
#emb-selected table, #emb-neighbours table { table-layout: fixed; width: 100%; }
#emb-selected td, #emb-neighbours td, #emb-selected td *, #emb-neighbours td * {
  white-space: normal; overflow-wrap: anywhere; }
#emb-selected th:first-child, #emb-neighbours th:first-child { width: 5em; }
"""

def build(ctx: AppContext) -> None:
    from glasshouse.ui import safe, uploaded_file
    from glasshouse.users import require_runner

    if os.environ.get("GLASSHOUSE_UMAP_WARMUP", "1") not in ("0", "false", "no"):
        from explorer.embeddings.project import warm_up_umap

        warm_up_umap(background=True, delay_s=5)
    from glasshouse.warmup import warm_models

    warm_models()  # the language detector and the default embedder, in the background

    from explorer.embeddings.project import UMAP_HELP

    frame_state = gr.State(None)
    from_workspace = gr.State(False)  # the frame is the dataset loaded in Datasets
    map_state = gr.State(None)

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
            model = gr.Dropdown(label="Model", choices=_models(), value="minilm-en",
                                allow_custom_value=True, elem_id="emb-model",
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
                gr.Markdown(_model_table())
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

    with gr.Accordion("Compare two models on the same texts", open=False):
        gr.Markdown("Embeds the same texts with a second model and checks, text by text, how many "
                    "of its closest neighbours stay the same. Uses the data of the map above.")
        with gr.Row():
            model_b = gr.Dropdown(label="Second model", choices=_models(),
                                  value="use-multilingual", allow_custom_value=True)
            compare_k = gr.Slider(2, 50, value=10, step=1, label="Neighbours to compare")
            compare_btn = gr.Button("Compare")
        compare_note = gr.Markdown()
        compare_plot = gr.Plot(label="Agreement per text")

    with gr.Accordion("Cross-lingual view: are translations neighbours?", open=False):
        gr.Markdown("Upload a table with one row per sentence and one column per language "
                    "(e.g. columns `en`, `fr`, `es`). Each sentence's translations should land "
                    "next to it.")
        with gr.Row():
            cl_file = gr.File(label="Parallel sentences", file_types=FILE_TYPES,
                              elem_id="emb-cl-file")
            cl_columns = gr.Dropdown(label="Language columns", choices=[], multiselect=True,
                                     allow_custom_value=True, elem_id="emb-cl-columns")
            cl_model = gr.Dropdown(label="Model", choices=_models(), value="use-multilingual",
                                   allow_custom_value=True)
            cl_btn = gr.Button("Show")
        cl_note = gr.Markdown()
        cl_plot = gr.Plot(label="Translations map")
        cl_table = gr.Dataframe(label="Translation found as nearest neighbour", interactive=False)

    # ---------------------------------------------------------------- callbacks

    @safe
    def on_upload(path: str | None) -> tuple[Any, Any]:
        from explorer.embeddings.table import read_table

        if not path:
            return None, gr.update(choices=[], value=None), False
        frame = read_table(uploaded_file(path))
        text_like = [str(c) for c in frame.columns if frame[c].dtype == object
                     or str(frame[c].dtype).startswith(("string", "str"))]
        others = [str(c) for c in frame.columns if str(c) not in text_like]
        choices = text_like + others
        return frame, gr.update(choices=choices, value=choices[0] if choices else None), False

    upload.change(on_upload, [upload], [frame_state, column, from_workspace])

    @safe
    def on_use_loaded(request: gr.Request) -> tuple[Any, Any, str, bool]:
        import html

        from explorer.datasets.workspace import loaded_or_error

        ws = loaded_or_error(ctx.actor(request).username)
        frame = ws.table.frame
        cols = [str(c) for c in frame.columns]
        text = ws.text_column if ws.text_column in cols else (cols[0] if cols else None)
        return (frame, gr.update(choices=cols, value=text),
                f"Using **{html.escape(ws.table.file)}** from the Datasets tab ({len(frame)} rows); "
                "press **Draw map**.", True)

    use_loaded.click(on_use_loaded, None, [frame_state, column, status, from_workspace])

    @safe
    def on_restore_map(request: gr.Request) -> tuple:
        """On page load: the last map drawn from the dataset loaded in Datasets, if any."""
        from explorer.datasets.workspace import store

        user = ctx.actor(request).username
        ws = store().load(user)
        kept = ws.results.get("embeddings") if ws is not None else None
        skip = tuple(gr.skip() for _ in range(5))
        if not kept or store().saved_at(user) != ws.saved_at:  # leave anything loaded alone
            return skip
        cols = [str(c) for c in ws.table.frame.columns]
        return (ws.table.frame, gr.update(choices=cols, value=kept.get("column")),
                kept.get("plot", gr.update()),
                kept.get("status", "") + "\n\n*This map is from your last visit: press "
                "**Draw map** again to select points or find close texts.*", True)

    @safe
    def on_draw(frame: Any, text: str, col: str, model_name: str, method_label: str, d: int,
                nn: float, md: float, met: str, cl_label: str, nc: float, be: str,
                from_ws: bool, request: gr.Request,
                progress: gr.Progress = gr.Progress()) -> tuple:
        from explorer.embeddings.maps import MapRequest, build_map, figure
        from explorer.embeddings.project import UmapParams
        from explorer.embeddings.table import frame_from_lines

        require_runner(ctx.actor(request), "drawing embedding maps")
        user = ctx.actor(request).username
        source = ""
        if frame is None:
            frame = frame_from_lines(text)
            col, source = "text", "pasted texts"
        req = MapRequest(text_column=col or "", model=(model_name or "").strip(),
                         method=METHODS.get(method_label, "pca"), dims=int(d),
                         umap=UmapParams(n_neighbors=int(nn), min_dist=float(md), metric=met,
                                         n_components=int(d)),
                         clusters=CLUSTERS.get(cl_label, "kmeans"),
                         n_clusters=int(nc) if nc and int(nc) >= 2 else None,
                         backend=BACKENDS.get(be, "torch"))
        from glasshouse import progress as gp

        key = f"{getattr(request, 'session_hash', '') or 'local'}:map"
        flag = gp.start(key)
        tracker = gp.Tracker("Embedding", lambda f, s: progress(f, desc=s), flag)
        try:
            m = build_map(frame, req, source=source, progress=tracker, status=tracker.say)
        finally:
            gp.finish(key, flag)
        colour_by = m.cluster_name if m.clustering is not None else "(none)"
        fig, summary = figure(m, colour_by), _summary_md(m)
        if from_ws and source == "":  # keep it with the dataset for the next visit
            from explorer.datasets.workspace import store
            from glasshouse.errors import BadInput

            try:
                store().save_results(user, "embeddings", {"plot": fig, "status": summary,
                                                          "column": col})
            except BadInput:  # forgotten or too large to keep: the map is still shown
                pass
        return (m, fig, summary, gr.update(choices=m.colour_options(), value=colour_by), None,
                "")

    drawing = draw.click(on_draw, [frame_state, pasted, column, model, method, dims, neighbours,
                                   min_dist, metric, clusters, n_clusters, backend,
                                   from_workspace],
                         [map_state, plot, status, colour, selected, selected_note])
    gr.on(triggers=None, fn=on_restore_map, inputs=None,
          outputs=[frame_state, column, plot, status, from_workspace], show_progress="hidden")

    @safe
    def on_stop(request: gr.Request) -> str:
        from glasshouse import progress as gp

        stopped = gp.cancel(f"{getattr(request, 'session_hash', '') or 'local'}:map")
        return ("Cancelled: the map was not drawn. Press **Draw map** to start again."
                if stopped else "Nothing is running.")

    stop.click(on_stop, None, status, cancels=[drawing])

    @safe
    def on_colour(m: Any, colour_by: str) -> Any:
        from explorer.embeddings.maps import figure

        if m is None:
            return gr.update()
        return figure(m, colour_by)

    colour.input(on_colour, [map_state, colour], [plot])

    @safe
    def on_select(m: Any, payload: str) -> tuple[Any, str]:
        from explorer.embeddings.maps import parse_selection, rows_table

        if m is None:
            return None, ""
        idx = m.positions(parse_selection(payload))
        if not idx:
            return None, "No points selected."
        return rows_table(m, idx), f"**{len(idx)} of {m.n} texts selected.**"

    bridge.change(on_select, [map_state, bridge], [selected, selected_note])

    @safe
    def on_query(m: Any, sentence: str, kk: float, colour_by: str) -> tuple[Any, Any]:
        from explorer.embeddings.maps import figure, query, rows_table

        if m is None:
            raise gr.Error("Draw a map first.")
        q = query(m, sentence, int(kk))
        table = rows_table(m, q.indices, {"similarity": [round(s, 3) for s in q.similarities]})
        fig = figure(m, colour_by, highlight=q.indices, query_point=q.position,
                     query_text=q.query)
        return table, fig

    query_box.submit(on_query, [map_state, query_box, k, colour], [neighbours_table, plot])

    @safe
    def on_export(m: Any, colour_by: str) -> list[str]:
        from explorer.embeddings.maps import export_coordinates, export_html

        if m is None:
            raise gr.Error("Draw a map first.")
        from glasshouse.uploads import private_temp_dir

        folder = private_temp_dir("glasshouse-map-")
        return [str(export_html(m, folder / "map.html", colour_by)),
                str(export_coordinates(m, folder / "map_coordinates.csv")),
                str(export_coordinates(m, folder / "map_coordinates.parquet"))]

    export_btn.click(on_export, [map_state, colour], [files])

    @safe
    def on_compare(m: Any, other: str, kk: float, request: gr.Request,
                   progress: gr.Progress = gr.Progress()) -> tuple[str, Any]:
        require_runner(ctx.actor(request), "comparing embedding models")
        from explorer.embeddings.maps import compare_models
        from explorer.embeddings.plot import map_figure

        if m is None:
            raise gr.Error("Draw a map first: the comparison uses its texts.")
        c = compare_models(m.texts, m.embedding.model, (other or "").strip(), int(kk),
                           progress=lambda d, t: progress(d / max(t, 1), desc="Embedding"))
        coords = m.projection.coords[c.rows]
        fig = map_figure(coords, [m.texts[i] for i in c.rows], colour=c.overlap.round(2),
                         colour_title="overlap", numeric=True,
                         title=f"Share of the {c.k} nearest neighbours that both models agree on",
                         row_numbers=[m.column.rows[i] for i in c.rows])
        fig.data[0].marker.cmin, fig.data[0].marker.cmax = 0, 1
        fig.data[0].marker.colorscale = "RdYlGn"
        fig.data[0].marker.showscale = True
        note = (f"**{c.model_a} vs {c.model_b}**: on average the two models share "
                f"**{c.mean:.0%}** of each text's {c.k} nearest neighbours "
                f"(95% interval {c.ci[0]:.0%}–{c.ci[1]:.0%}, n = {len(c.rows)} texts). "
                f"Red points: texts whose neighbourhood changes most.\n\n*{c.caveat}*")
        return note, fig

    compare_btn.click(on_compare, [map_state, model_b, compare_k], [compare_note, compare_plot])

    @safe
    def on_cl_upload(path: str | None) -> tuple[Any, Any]:
        from explorer.embeddings.table import read_table

        if not path:
            return None, gr.update(choices=[], value=[])
        frame = read_table(uploaded_file(path))
        cols = [str(c) for c in frame.columns]
        return frame, gr.update(choices=cols, value=cols[: min(3, len(cols))])

    cl_frame = gr.State(None)
    cl_file.change(on_cl_upload, [cl_file], [cl_frame, cl_columns])

    @safe
    def on_cross(frame: Any, cols: list[str], model_name: str, request: gr.Request,
                 progress: gr.Progress = gr.Progress()) -> tuple[str, Any, Any]:
        require_runner(ctx.actor(request), "drawing cross-lingual maps")
        import pandas as pd

        from explorer.embeddings.maps import cross_lingual, cross_lingual_figure

        if frame is None:
            raise gr.Error("Upload a table of parallel sentences first.")
        c = cross_lingual(frame, cols or [], (model_name or "").strip(),
                          progress=lambda d, t: progress(d / max(t, 1), desc="Embedding"))
        table = pd.DataFrame([{"from": s.source, "to": s.target, "sentences": s.n,
                               "translation is nearest": f"{s.accuracy:.0%}",
                               "95% interval": f"{s.ci[0]:.0%}–{s.ci[1]:.0%}"}
                              for s in c.scores])
        overall = sum(s.hits for s in c.scores) / max(1, sum(s.n for s in c.scores))
        note = (f"Across all language pairs, a sentence's nearest text in the other language is "
                f"its own translation **{overall:.0%}** of the time "
                f"(n = {len(set(c.groups))} sentences).\n\n*{c.caveat}*")
        return note, cross_lingual_figure(c), table

    cl_btn.click(on_cross, [cl_frame, cl_columns, cl_model], [cl_note, cl_plot, cl_table])


def _summary_md(m: Any) -> str:
    s = m.summary()
    cached = (f"{s['from_cache']} from the cache, {s['embedded']} newly embedded"
              if s["from_cache"] else f"{s['embedded']} embedded")
    dropped = (f" {s['dropped_empty']} empty rows were left out." if s["dropped_empty"] else "")
    groups = ""
    if m.clustering is not None:
        n_groups = len([c for c in m.clustering.sizes if c != -1])
        groups = f" {n_groups} groups found ({m.clustering.method}); their labels are the words " \
                 "most typical of each group."
    engine = "" if s.get("backend", "torch") == "torch" else f" on {s['backend']}"
    return (f"**{s['rows']} texts** mapped with `{s['model']}`{engine} ({cached}, "
            f"{s['embed_seconds']:.1f} s) and {s['projection'].upper()} "
            f"({s['projection_seconds']:.1f} s).{dropped}{groups}\n\n*{s['caveat']}*")
