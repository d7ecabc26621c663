"""What the Embeddings tab shows, computed without gradio: each UI callback parses its inputs,
calls one function here and hands the result to its components. Labels of the form's choices
live here too, so the UI and the tests read the same ones."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from explorer.embeddings.maps import COLOUR_NONE, EmbeddingMap
from glasshouse.errors import BadInput

METHODS = {"PCA: instant overview": "pca", "UMAP: keeps close neighbours together (slower)": "umap"}
BACKENDS = {"PyTorch (reference)": "torch", "ONNX Runtime (same results)": "onnx",
            "ONNX Runtime, 8-bit (faster, very slightly different)": "onnx-int8"}
CLUSTERS = {"k-means (you choose how many)": "kmeans", "HDBSCAN (finds groups by density)":
            "hdbscan", "no clusters": "none"}
RESULTS_SECTION = "embeddings"  # where a map of the loaded dataset is kept with it


def models_table() -> str:
    """The packaged sentence-embedding models as a Markdown table."""
    from glasshouse import models

    lines = ["| model | languages | licence | what it is |", "|---|---|---|---|"]
    for s in models.available("sentence-embedding"):
        langs = ", ".join(s.languages) if len(s.languages) < 8 else f"{len(s.languages)} languages"
        lines.append(f"| `{s.name}` | {langs} | {s.license} | {s.description} |")
    return "\n".join(lines)


def model_names() -> list[str]:
    from glasshouse import models

    return [s.name for s in models.available("sentence-embedding")]


# ---------------------------------------------------------------- data in


def text_columns_first(frame: Any) -> list[str]:
    """The frame's columns, those holding text first (the default pick is the first)."""
    text_like = [str(c) for c in frame.columns if frame[c].dtype == object
                 or str(frame[c].dtype).startswith(("string", "str"))]
    return text_like + [str(c) for c in frame.columns if str(c) not in text_like]


@dataclass(frozen=True)
class LoadedData:
    frame: Any
    columns: list[str]
    text_column: str | None
    note: str
    pii_spans: list[list[Any]]  # where its scan found personal information (masked on the map)


def loaded_dataset(username: str) -> LoadedData:
    """The dataset loaded in the Datasets tab (BadInput when there is none)."""
    from explorer.datasets.workspace import loaded_or_error

    ws = loaded_or_error(username)
    frame = ws.table.frame
    cols = [str(c) for c in frame.columns]
    text = ws.text_column if ws.text_column in cols else (cols[0] if cols else None)
    spans = list(ws.results.get("profile", {}).get("spans") or [])
    note = (f"Using **{html.escape(ws.table.file)}** from the Datasets tab ({len(frame)} rows); "
            "press **Draw map**.")
    if spans:
        note += (" Personal information found by its profile is masked on the map and in the "
                 "tables.")
    shares = ws.profile.languages.shares if ws.profile is not None else {}
    if shares and shares.get("en", 0) < 0.8:
        note += (" Most of its texts are not in English: a multilingual model such as "
                 "`use-multilingual` places them better than the English-only default.")
    return LoadedData(frame, cols, text, note, spans)


@dataclass(frozen=True)
class KeptMap:
    frame: Any
    columns: list[str]
    column: str | None
    plot: Any
    status: str


def kept_map(username: str) -> KeptMap | None:
    """The last map drawn from the dataset loaded in Datasets, if that dataset is still the one
    loaded (None otherwise: anything loaded since is left alone)."""
    from explorer.datasets.workspace import store

    ws = store().load(username)
    kept = ws.results.get(RESULTS_SECTION) if ws is not None else None
    if not kept or store().saved_at(username) != ws.saved_at:
        return None
    return KeptMap(ws.table.frame, [str(c) for c in ws.table.frame.columns], kept.get("column"),
                   kept.get("plot"), kept.get("status", "") + "\n\n*This map is from your last "
                   "visit: press **Draw map** again to select points or find close texts.*")


# ---------------------------------------------------------------- the map


@dataclass(frozen=True)
class DrawForm:
    """The form's values as the page sends them."""

    column: str | None
    model: str | None
    method_label: str
    dims: int
    umap_neighbours: float
    umap_min_dist: float
    umap_metric: str
    clusters_label: str
    n_clusters: float | None
    backend_label: str

    def request(self, column: str) -> Any:
        from explorer.embeddings.maps import MapRequest
        from explorer.embeddings.project import UmapParams

        d = int(self.dims)
        return MapRequest(text_column=column or "", model=(self.model or "").strip(),
                          method=METHODS.get(self.method_label, "pca"), dims=d,
                          umap=UmapParams(n_neighbors=int(self.umap_neighbours),
                                          min_dist=float(self.umap_min_dist),
                                          metric=self.umap_metric, n_components=d),
                          clusters=CLUSTERS.get(self.clusters_label, "kmeans"),
                          n_clusters=int(self.n_clusters) if self.n_clusters
                          and int(self.n_clusters) >= 2 else None,
                          backend=BACKENDS.get(self.backend_label, "torch"))


@dataclass(frozen=True)
class DrawnMap:
    map: EmbeddingMap
    figure: Any
    summary: str
    colour_options: list[str]
    colour_by: str


def dataset_pii_spans(username: str) -> list[list[Any]]:
    """Where the scan of the dataset loaded in Datasets found personal information."""
    from explorer.datasets.workspace import store

    ws = store().load(username)
    return list(ws.results.get("profile", {}).get("spans") or []) if ws is not None else []


def draw(frame: Any, pasted: str, form: DrawForm, *, username: str, keep_with_dataset: bool,
         progress: Any = None, status: Callable[[str], None] | None = None) -> DrawnMap:
    """Build the map of the uploaded frame (or of the pasted lines), draw it, and keep it with
    the loaded dataset when it is that dataset's map. Languages are then detected in the
    background, so that colouring by language is quick."""
    from explorer.embeddings.maps import build_map, figure
    from explorer.embeddings.table import frame_from_lines

    source, column = "", form.column or ""
    if frame is None:
        frame, column, source = frame_from_lines(pasted), "text", "pasted texts"
    spans = dataset_pii_spans(username) if keep_with_dataset and not source else []
    m = build_map(frame, form.request(column), source=source, progress=progress, status=status,
                  pii_spans=spans)
    colour_by = m.cluster_name if m.clustering is not None else COLOUR_NONE
    fig, summary = figure(m, colour_by), summary_md(m)
    if keep_with_dataset and not source:
        from explorer.datasets.workspace import store

        try:
            store().save_results(username, RESULTS_SECTION, {"plot": fig, "status": summary,
                                                             "column": column})
        except BadInput:  # forgotten or too large to keep: the map is still shown
            pass
    m.detect_languages_in_background()
    return DrawnMap(m, fig, summary, m.colour_options(), colour_by)


def summary_md(m: EmbeddingMap) -> str:
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


def recolour(m: EmbeddingMap, colour_by: str, query: Any = None) -> Any:
    """The map coloured by `colour_by` (with the last query's neighbours marked, if any)."""
    from explorer.embeddings.maps import figure

    if query is None:
        return figure(m, colour_by)
    return figure(m, colour_by, highlight=query.indices, query_point=query.position,
                  query_text=query.query)


@dataclass(frozen=True)
class Selection:
    table: Any  # None when nothing is selected
    note: str


def selection(m: EmbeddingMap, payload: Any) -> Selection:
    """The rows under a lasso, a box or a click (the browser sends their row numbers)."""
    from explorer.embeddings.maps import parse_selection, rows_table

    idx = m.positions(parse_selection(payload))
    if not idx:
        return Selection(None, "No points selected.")
    return Selection(rows_table(m, idx), f"**{len(idx)} of {m.n} texts selected.**")


@dataclass(frozen=True)
class Neighbours:
    table: Any
    query: Any  # maps.QueryResult: the figure marks it afterwards


def neighbours(m: EmbeddingMap | None, sentence: str, k: float) -> Neighbours:
    from explorer.embeddings.maps import query, rows_table

    if m is None:
        raise BadInput("draw a map first", field="query")
    q = query(m, sentence, int(k))
    return Neighbours(rows_table(m, q.indices,
                                 {"similarity": [round(s, 3) for s in q.similarities]}), q)


def export_files(m: EmbeddingMap | None, colour_by: str) -> list[str]:
    """The map as standalone HTML and its coordinates as CSV and Parquet, in a private temp
    folder."""
    from explorer.embeddings.maps import export_coordinates, export_html
    from glasshouse.uploads import private_temp_dir

    if m is None:
        raise BadInput("draw a map first", field="download")
    folder = private_temp_dir("glasshouse-map-")
    return [str(export_html(m, folder / "map.html", colour_by)),
            str(export_coordinates(m, folder / "map_coordinates.csv")),
            str(export_coordinates(m, folder / "map_coordinates.parquet"))]


# ---------------------------------------------------------------- compare two models


def comparison(m: EmbeddingMap | None, other: str, k: float,
               progress: Callable[[int, int], None] | None = None) -> tuple[str, Any]:
    """(note, figure): how far a second model keeps each text's nearest neighbours."""
    from explorer.embeddings.maps import compare_models
    from explorer.embeddings.plot import map_figure

    if m is None:
        raise BadInput("draw a map first: the comparison uses its texts", field="model_b")
    c = compare_models(m.texts, m.embedding.model, (other or "").strip(), int(k),
                       progress=progress)
    coords = m.projection.coords[c.rows]
    fig = map_figure(coords, [m.display_texts[i] for i in c.rows], colour=c.overlap.round(2),
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


# ---------------------------------------------------------------- cross-lingual view


def default_language_columns(frame: Any) -> list[str]:
    cols = [str(c) for c in frame.columns]
    return cols[: min(3, len(cols))]


def cross_lingual_view(frame: Any, columns: Sequence[str] | None, model: str,
                       progress: Callable[[int, int], None] | None = None
                       ) -> tuple[str, Any, Any]:
    """(note, figure, table): are a sentence's translations its nearest neighbours?"""
    import pandas as pd

    from explorer.embeddings.maps import cross_lingual, cross_lingual_figure

    if frame is None:
        raise BadInput("upload a table of parallel sentences first", field="file")
    c = cross_lingual(frame, list(columns or []), (model or "").strip(), progress=progress)
    table = pd.DataFrame([{"from": s.source, "to": s.target, "sentences": s.n,
                           "translation is nearest": f"{s.accuracy:.0%}",
                           "95% interval": f"{s.ci[0]:.0%}–{s.ci[1]:.0%}"}
                          for s in c.scores])
    overall = sum(s.hits for s in c.scores) / max(1, sum(s.n for s in c.scores))
    note = (f"Across all language pairs, a sentence's nearest text in the other language is "
            f"its own translation **{overall:.0%}** of the time "
            f"(n = {len(set(c.groups))} sentences).\n\n*{c.caveat}*")
    return note, cross_lingual_figure(c), table
