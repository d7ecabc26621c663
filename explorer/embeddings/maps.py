"""Service functions for embedding maps: build a map from a table, colour it, query it, select
rows, place new texts, compare two models, the cross-lingual view, and export. No gradio here."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from explorer.embeddings.cluster import Clustering, cluster_and_label
from explorer.embeddings.embed import EmbedResult, Progress, embed_texts
from explorer.embeddings.project import Projection, UmapParams, project
from explorer.embeddings.table import TextColumn, text_column
from glasshouse.errors import BadInput

CAVEAT = ("A map flattens hundreds of dimensions into two or three: nearby points are similar "
          "to the model, but distances between far-apart groups and the size of a group on the "
          "map mean little. Different models, seeds or settings give different maps.")
# Derived colourings get names of their own: a user column `language` (values as written, e.g.
# "arabic") is never hidden behind the detected language (`detected_language`, ISO codes).
COLOUR_NONE, COLOUR_CLUSTER, COLOUR_LANGUAGE = "(none)", "cluster", "detected_language"


class MapRequest(BaseModel):
    """What a person asks for in the form or on the command line."""

    model_config = ConfigDict(extra="forbid")

    text_column: str
    model: str = "minilm-en"
    method: Literal["pca", "umap"] = "pca"
    dims: Literal[2, 3] = 2
    umap: UmapParams = Field(default_factory=UmapParams)
    clusters: Literal["none", "kmeans", "hdbscan"] = "kmeans"
    n_clusters: int | None = Field(None, ge=2, le=200)
    backend: Literal["torch", "onnx", "onnx-int8"] = "torch"


@dataclass
class EmbeddingMap:
    frame: Any  # the rows that have text (original columns), in map order
    column: TextColumn
    request: MapRequest
    embedding: EmbedResult
    projection: Projection
    clustering: Clustering | None
    languages: list[str] | None = None
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    shown_texts: list[str] | None = None  # the texts as shown (personal information masked)
    _row_positions: dict[int, int] | None = field(default=None, init=False, repr=False,
                                                  compare=False)
    _language_thread: threading.Thread | None = field(default=None, init=False, repr=False,
                                                      compare=False)
    _background_languages: list[str] | None = field(default=None, init=False, repr=False,
                                                    compare=False)

    @property
    def texts(self) -> list[str]:
        return self.column.texts

    @property
    def display_texts(self) -> list[str]:
        """What the page shows of each text: masked where a scan found personal information."""
        return self.shown_texts if self.shown_texts is not None else self.column.texts

    @property
    def n(self) -> int:
        return len(self.column.texts)

    def positions(self, rows: Sequence[int]) -> list[int]:
        """Map positions of the given original row numbers (what the map's points carry as
        `customdata`), in the order given; rows not on this map are left out."""
        if self._row_positions is None:
            self._row_positions = {r: i for i, r in enumerate(self.column.rows)}
        where = self._row_positions
        return [where[r] for r in rows if r in where]

    @property
    def cluster_name(self) -> str:
        """'cluster', or 'cluster_2'... when the file has a column of that name."""
        from explorer.datasets.columns import derived_name

        return derived_name(COLOUR_CLUSTER, self.frame.columns)

    @property
    def language_name(self) -> str:
        from explorer.datasets.columns import derived_name

        return derived_name(COLOUR_LANGUAGE, self.frame.columns)

    def colour_options(self) -> list[str]:
        """Each option once: derived colourings under their own names, then the file's columns
        under theirs."""
        opts = [COLOUR_NONE, self.language_name]
        if self.clustering is not None:
            opts.insert(1, self.cluster_name)
        return opts + [str(c) for c in self.frame.columns if c != self.request.text_column]

    def detect_languages_in_background(self) -> None:
        """Start detecting each text's language in a background thread, so that colouring
        by language later is quick; `wait_for_languages` collects the result. Only once the
        detector's models are loaded in this process (see `_detector_is_warm`)."""
        if (self.languages is not None or self._language_thread is not None
                or not _detector_is_warm()):
            return  # a cold detector is loaded when the person asks (it blocks every thread)

        def work() -> None:
            try:
                self._background_languages = detect_languages(self.texts)
            except Exception:  # noqa: BLE001 - the person's own request reports it
                self._background_languages = None

        self._language_thread = threading.Thread(target=work, name="map-languages", daemon=True)
        self._language_thread.start()

    def wait_for_languages(self, progress: Callable[[int, int], None] | None = None
                           ) -> list[str]:
        """Each text's language: from the background detection when it ran, else now."""
        if self.languages is None:
            thread = self._language_thread
            if thread is not None:
                thread.join()
                self.languages = self._background_languages
            if self.languages is None:
                self.languages = detect_languages(self.texts, progress)
        return self.languages

    def __getstate__(self) -> dict[str, Any]:  # a thread cannot be copied or pickled
        state = dict(self.__dict__)
        state["_language_thread"] = None
        return state

    def summary(self) -> dict[str, Any]:
        e, p = self.embedding, self.projection
        out: dict[str, Any] = {
            "rows": self.n, "dropped_empty": self.column.dropped_empty, "model": e.model,
            "backend": e.backend,
            "dimensions": int(e.vectors.shape[1]), "from_cache": e.n_from_cache,
            "embedded": e.n_computed, "embed_seconds": round(e.seconds, 3),
            "projection": p.method, "map_dims": p.dims, "projection_seconds": round(p.seconds, 3),
            "parameters": p.params, "caveat": CAVEAT,
        }
        if self.clustering is not None:
            out["clusters"] = {self.clustering.names[c]: s
                               for c, s in sorted(self.clustering.sizes.items())}
        return out


def mask_personal_information(frame: Any, rows: Sequence[int], text_col: str,
                              spans: Sequence[Sequence[Any]]) -> tuple[list[str] | None, Any]:
    """(masked texts, masked frame) of the given frame positions, from a dataset scan's
    findings `spans` ([frame position, column, start, end, type] each: positions and types, as
    the Datasets tab keeps them). (None, frame) when nothing was found."""
    from glasshouse.spans import mask_spans

    where: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for row, col, start, end, kind in spans or ():
        where.setdefault((int(row), str(col)), []).append((int(start), int(end), str(kind)))
    kept = frame.iloc[list(rows)].reset_index(drop=True)
    if not where:
        return None, kept
    kept = kept.astype(object)
    texts = []
    for i, r in enumerate(rows):
        for col in kept.columns:
            found = where.get((int(r), str(col)))
            if found and isinstance(kept.iat[i, kept.columns.get_loc(col)], str):
                kept.iat[i, kept.columns.get_loc(col)] = mask_spans(
                    kept.iat[i, kept.columns.get_loc(col)], found)
        texts.append(str(kept.at[i, text_col]))
    return texts, kept


def build_map(frame: Any, request: MapRequest, *, source: str = "",
              progress: Progress | None = None, status: Callable[[str], None] | None = None,
              pii_spans: Sequence[Sequence[Any]] | None = None) -> EmbeddingMap:
    """Embed the text column, project it, and cluster it. `pii_spans` (a dataset scan's
    findings) mask personal information in everything the map shows: hover texts, tables,
    cluster labels and downloads (the model still reads the texts as written)."""
    say = status or (lambda _msg: None)
    column = text_column(frame, request.text_column, file=source or None)
    rows = [r - 1 for r in column.rows]
    shown, kept = mask_personal_information(frame, rows, request.text_column, pii_spans or ())
    say(f"Embedding {len(column.texts)} texts with {request.model}")
    emb = embed_texts(column.texts, request.model, progress=progress, backend=request.backend,
                      status=say)
    say("Projecting" + (" with UMAP (the first UMAP map can take a minute)"
                        if request.method == "umap" else " with PCA"))
    proj = project(emb.vectors, request.method, request.dims, request.umap)
    clustering = None
    if request.clusters != "none" and len(column.texts) >= 3:
        say("Finding clusters")
        k = None if request.n_clusters is None else min(request.n_clusters, len(column.texts))
        # labels from the masked texts, without the <TYPE> placeholders: no personal data
        # and no "email_address" as a group's typical word
        words = ([re.sub(r"<[A-Z_]+>", " ", t) for t in shown] if shown is not None
                 else column.texts)
        clustering = cluster_and_label(emb.vectors, words, request.clusters, k)
    return EmbeddingMap(kept, column, request, emb, proj, clustering, source=source,
                        shown_texts=shown)


_languages_seen: dict[str, str] = {}  # text key -> language code, for every text detected
_languages_lock = threading.Lock()
# lingua holds the GIL while it loads its language models (the first detection in a process,
# seconds to minutes): done in a background thread it would freeze the whole server, so the
# background detection after a map is drawn only runs once the models are loaded
_detector_warm = threading.Event()


def _detector_is_warm() -> bool:
    """A detection ran in this process, or the registry's detector was loaded (its loader runs
    one detection per script family: the warm-up at start-up does that)."""
    from glasshouse import models

    return _detector_warm.is_set() or models.is_loaded("lingua", kind="language-id")


MAX_REMEMBERED_LANGUAGES = 1_000_000


def detect_languages(texts: Sequence[str],
                     progress: Callable[[int, int], None] | None = None) -> list[str]:
    """ISO 639-1 code per text (lingua), 'unknown' where it cannot tell. Each distinct text is
    detected once per process (a map coloured again, or drawn again, asks nothing new)."""
    from explorer.embeddings.embed import text_key
    from glasshouse import models

    keys = [text_key(t) for t in texts]
    with _languages_lock:
        todo = list(dict.fromkeys(k for k in keys if k not in _languages_seen))
    if todo:
        detector = models.load("lingua", kind="language-id")
        first = dict(zip(keys, texts, strict=True))
        step = 256
        for s in range(0, len(todo), step):
            part = todo[s:s + step]
            # one text at a time in this thread: lingua's parallel call would start its worker
            # pool from whichever thread comes first (a background one here) for good
            found = [detector.detect_language_of(first[k]) for k in part]
            with _languages_lock:
                if len(_languages_seen) + len(part) > MAX_REMEMBERED_LANGUAGES:
                    _languages_seen.clear()
                _languages_seen.update(
                    (k, lang.iso_code_639_1.name.lower() if lang is not None else "unknown")
                    for k, lang in zip(part, found, strict=True))
            _detector_warm.set()
            if progress:
                progress(min(s + step, len(todo)), len(todo))
    with _languages_lock:
        return [_languages_seen.get(k, "unknown") for k in keys]


def language_labels(codes: Sequence[str]) -> dict[str, str]:
    """Legend labels for language codes: the code and the language's English name
    ("de · German"), so that nobody has to know ISO 639-1 by heart."""
    try:
        import langcodes
    except ImportError:  # the codes alone still say it
        return {}
    out = {}
    for code in set(codes):
        if code != "unknown":
            try:
                out[code] = f"{code} · {langcodes.Language.get(code).display_name()}"
            except (ValueError, LookupError):
                continue
    return out


def colour_values(m: EmbeddingMap, colour_by: str) -> tuple[list[Any] | None, dict[str, str]]:
    """Values to colour by and display names for them."""
    if not colour_by or colour_by == COLOUR_NONE:
        return None, {}
    user = colour_by in m.frame.columns
    # "cluster" / "language" (older name, CLI) mean the derived ones only when the file has no
    # column of that name: the user's own column always wins.
    if colour_by == m.cluster_name or (colour_by == COLOUR_CLUSTER and not user):
        if m.clustering is None:
            raise BadInput("no clusters were computed for this map", field="colour")
        names = {str(k): v for k, v in m.clustering.names.items()}
        return [str(v) for v in m.clustering.labels.tolist()], names
    if colour_by == m.language_name or (colour_by == "language" and not user):
        langs = list(m.wait_for_languages())
        return langs, language_labels(langs)
    if not user:
        raise BadInput(f"no such column (columns are: {', '.join(map(str, m.frame.columns))})",
                       field=colour_by)
    return m.frame[colour_by].tolist(), {}


def figure(m: EmbeddingMap, colour_by: str = COLOUR_CLUSTER, *,
           highlight: Sequence[int] | None = None, query_point: Any = None,
           query_text: str = "", hover_chars: int | None = None, hover_wrap: int = 0) -> Any:
    """The map as a plotly figure; each point's `customdata` is its original row number.
    Hover shows a short preview of the text (the full text is in the selection table)."""
    from explorer.embeddings.plot import PREVIEW_CHARS, map_figure

    values, names = colour_values(m, colour_by)
    title = (f"{m.n:,} texts · {m.embedding.model} · {m.projection.method.upper()} "
             f"{m.projection.dims}-D")
    return map_figure(m.projection.coords, m.display_texts, colour=values,
                      colour_title=colour_by if values is not None else "", highlight=highlight,
                      query_point=query_point, query_text=query_text, title=title, names=names,
                      row_numbers=m.column.rows, hover_chars=hover_chars or PREVIEW_CHARS,
                      hover_wrap=hover_wrap)


def rows_table(m: EmbeddingMap, indices: Sequence[int], extra: dict[str, Sequence[Any]] | None = None
               ) -> Any:
    """The selected rows: original row number, text, cluster, and the other columns."""
    import pandas as pd

    from explorer.datasets.columns import derived_name

    idx = [int(i) for i in indices if 0 <= int(i) < m.n]
    user_cols = [str(c) for c in m.frame.columns if c != m.request.text_column]
    out = pd.DataFrame({derived_name("row", user_cols): [m.column.rows[i] for i in idx],
                        derived_name("text", user_cols): [m.display_texts[i] for i in idx]})
    for name, values in (extra or {}).items():
        out[derived_name(name, user_cols)] = list(values)
    if m.clustering is not None:
        out[m.cluster_name] = [m.clustering.names[int(m.clustering.labels[i])] for i in idx]
    if m.languages is not None:
        out[m.language_name] = [m.languages[i] for i in idx]
    others = m.frame.iloc[idx].reset_index(drop=True)
    for col in others.columns:  # the file's columns, under their own names and as written
        if col != m.request.text_column:
            out[str(col)] = others[col].astype(str).tolist()
    return out


def parse_selection(payload: Any) -> list[int]:
    """Row numbers from the browser's selection message (a JSON list of the selected points'
    `customdata`), sorted, without repeats. `EmbeddingMap.positions` maps them to points."""
    import json

    if payload in (None, ""):
        return []
    data = json.loads(payload) if isinstance(payload, str) else payload
    if isinstance(data, dict):
        data = data.get("points", [])
    if not isinstance(data, list):
        raise BadInput("selection must be a list of point numbers")
    return sorted({int(i) for i in data if isinstance(i, int | float)})


@dataclass(frozen=True)
class QueryResult:
    query: str
    indices: list[int]
    similarities: list[float]
    position: Any  # where the sentence lands on the map


def query(m: EmbeddingMap, sentence: str, k: int = 10) -> QueryResult:
    """The k texts closest to `sentence` under the map's model, and where it lands on the map."""
    from explorer.embeddings.neighbours import knn

    sentence = (sentence or "").strip()
    if not sentence:
        raise BadInput("type a sentence to look for", field="query")
    vec = embed_texts([sentence], m.embedding.model, use_cache=False,
                      backend=m.embedding.backend).vectors
    idx, sim = knn(m.embedding.vectors, k, queries=vec)
    pos = m.projection.transform(vec)[0]
    return QueryResult(sentence, idx[0].tolist(), [float(s) for s in sim[0]], pos)


def place_texts(m: EmbeddingMap, texts: Sequence[str]) -> Any:
    """Coordinates of new texts on the existing map (no refit)."""
    texts = [t for t in texts if isinstance(t, str) and t.strip()]
    if not texts:
        raise BadInput("no texts to place", field="texts")
    vecs = embed_texts(texts, m.embedding.model, backend=m.embedding.backend).vectors
    return m.projection.transform(vecs)


# ---------------------------------------------------------------- compare two models


@dataclass(frozen=True)
class Comparison:
    model_a: str
    model_b: str
    k: int
    rows: Any  # positions compared
    overlap: Any  # per compared point, 0..1
    mean: float
    ci: tuple[float, float]
    caveat: str


def compare_models(texts: Sequence[str], model_a: str, model_b: str, k: int = 10,
                   max_points: int = 5000, progress: Progress | None = None) -> Comparison:
    """How much the neighbourhoods agree: for each text, the share of its k nearest neighbours
    under model A that are also among its k nearest under model B."""
    import numpy as np

    from explorer.embeddings.neighbours import knn_overlap

    if model_a.strip() == model_b.strip():
        raise BadInput("pick two different models to compare", field="model_b")
    if len(texts) < 3:
        raise BadInput(f"comparing neighbourhoods needs at least 3 texts; got {len(texts)}")
    a = embed_texts(texts, model_a, progress=progress).vectors
    b = embed_texts(texts, model_b, progress=progress).vectors
    rows, overlap = knn_overlap(a, b, k, max_points=max_points)
    mean = float(overlap.mean())
    half = 1.96 * float(overlap.std(ddof=1)) / np.sqrt(len(overlap)) if len(overlap) > 1 else 1.0
    kk = min(k, len(texts) - 1)
    caveat = (f"Overlap 1.0 means both models give a text the same {kk} nearest neighbours; "
              f"two unrelated random orderings would overlap about {kk / (len(texts) - 1):.2f}. "
              "It says how much the models agree, not which one is right.")
    return Comparison(model_a, model_b, kk, rows, overlap, mean,
                      (max(0.0, mean - half), min(1.0, mean + half)), caveat)


# ---------------------------------------------------------------- cross-lingual view


@dataclass(frozen=True)
class CrossLingual:
    model: str
    texts: list[str]
    languages: list[str]
    groups: list[str]
    coords: Any
    scores: list[Any]  # neighbours.PairScore
    caveat: str


def cross_lingual(frame: Any, language_columns: Sequence[str], model: str, *,
                  id_column: str | None = None, source: str = "",
                  progress: Progress | None = None) -> CrossLingual:
    """The same sentences in several languages (one column per language, one row per sentence):
    embed all, map them together, and score whether each sentence's nearest text in the other
    language is its own translation."""
    from explorer.embeddings.neighbours import translation_retrieval
    from explorer.embeddings.project import pca

    cols = [c for c in language_columns if c]
    if len(cols) < 2:
        raise BadInput("pick at least two columns, one per language", field="languages")
    texts, langs, groups = [], [], []
    for col in cols:
        if col not in frame.columns:
            raise BadInput(f"no such column (columns are: {', '.join(map(str, frame.columns))})",
                           file=source or None, field=col)
    for i in range(1, len(frame) + 1):
        gid = str(frame.iloc[i - 1][id_column]) if id_column else str(i)
        for col in cols:
            value = frame.iloc[i - 1][col]
            if isinstance(value, str) and value.strip():
                texts.append(value)
                langs.append(str(col))
                groups.append(gid)
            elif value is not None and not (isinstance(value, float) and value != value):
                raise BadInput(f"value of type {type(value).__name__} is not text",
                               file=source or None, row=i, field=col)
    if len(set(groups)) < 2:
        raise BadInput("the cross-lingual view needs at least 2 sentences with translations",
                       file=source or None)
    vecs = embed_texts(texts, model, progress=progress).vectors
    coords = pca(vecs, 2).coords
    scores = translation_retrieval(vecs, groups, langs)
    caveat = ("Accuracy = share of sentences whose closest text in the other language is their "
              "own translation (95% interval in brackets). A model that was not trained on a "
              "language can still score by matching names and numbers; check the map too.")
    return CrossLingual(model, texts, langs, groups, coords, scores, caveat)


def cross_lingual_figure(c: CrossLingual) -> Any:
    import numpy as np
    import plotly.graph_objects as go

    from explorer.embeddings.plot import PALETTE, WRAP_CHARS, hover_text

    fig = go.Figure()
    langs = sorted(set(c.languages))
    lang_arr = np.asarray(c.languages)
    group_arr = np.asarray(c.groups)
    # thin grey lines join the translations of one sentence
    xs: list[float | None] = []
    ys: list[float | None] = []
    for g in dict.fromkeys(c.groups):
        ix = np.flatnonzero(group_arr == g)
        if len(ix) > 1:
            xs.extend(c.coords[ix, 0].tolist() + [None])
            ys.extend(c.coords[ix, 1].tolist() + [None])
    if len(c.groups) <= 5000:
        fig.add_trace(go.Scattergl(x=xs, y=ys, mode="lines", name="translations",
                                   line={"color": "rgba(120,120,120,0.35)", "width": 1},
                                   hoverinfo="skip"))
    for i, lang in enumerate(langs):
        ix = np.flatnonzero(lang_arr == lang)
        fig.add_trace(go.Scattergl(
            x=c.coords[ix, 0], y=c.coords[ix, 1], mode="markers", name=f"{lang} ({len(ix)})",
            marker={"size": 8, "color": PALETTE[i % len(PALETTE)]},
            hovertext=[hover_text(c.texts[j], 240, WRAP_CHARS) + f"<br>sentence {c.groups[j]}"
                       for j in ix],
            hovertemplate="%{hovertext}<extra>" + lang + "</extra>"))
    fig.update_layout(title={"text": f"Same sentences, {len(langs)} languages · {c.model}"},
                      template="plotly_white", height=560, margin={"l": 10, "r": 10, "t": 50,
                                                                   "b": 10})
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    return fig


# ---------------------------------------------------------------- export


def export_html(m: EmbeddingMap, path: str | Path, colour_by: str = COLOUR_CLUSTER) -> Path:
    """A standalone HTML file (plotly.js inlined: opens offline, no server). It has no selection
    table, so hover shows longer texts than the app's preview."""
    from explorer.embeddings.plot import EXPORT_HOVER_CHARS, WRAP_CHARS

    p = Path(path)
    fig = figure(m, colour_by, hover_chars=EXPORT_HOVER_CHARS, hover_wrap=WRAP_CHARS)
    fig.add_annotation(text=CAVEAT, xref="paper", yref="paper", x=0, y=-0.02, showarrow=False,
                       align="left", font={"size": 10, "color": "#555"}, xanchor="left",
                       yanchor="top")
    fig.update_layout(margin={"b": 60})
    p.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(str(p), include_plotlyjs=True, full_html=True,
                   config={"displaylogo": False, "scrollZoom": True})
    return p


def coordinates_frame(m: EmbeddingMap) -> Any:
    import pandas as pd

    axes = ["x", "y", "z"][: m.projection.dims]
    out = pd.DataFrame(m.projection.coords, columns=axes)
    out.insert(0, "row", m.column.rows)
    out["text"] = m.display_texts
    if m.clustering is not None:
        out["cluster"] = m.clustering.labels
        out["cluster_label"] = [m.clustering.names[int(c)] for c in m.clustering.labels]
    if m.languages is not None:
        out[COLOUR_LANGUAGE] = m.languages
    out["model"] = m.embedding.model
    out["projection"] = m.projection.method
    return out


def export_coordinates(m: EmbeddingMap, path: str | Path) -> Path:
    p = Path(path)
    frame = coordinates_frame(m)
    p.parent.mkdir(parents=True, exist_ok=True)
    if p.suffix.lower() == ".parquet":
        frame.to_parquet(p, index=False)
    elif p.suffix.lower() == ".csv":
        from glasshouse.safe_csv import write_frame

        write_frame(frame, p)  # formula-safe: texts come from the uploaded data
    else:
        raise BadInput("coordinates are written as .csv or .parquet", file=p.name)
    return p
