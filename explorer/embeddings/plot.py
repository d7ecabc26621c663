"""Plotly WebGL scatter of a map: colour by a column, language or cluster; hover shows a short
preview of the text; neighbours of a query highlighted; lasso/box selection on by default.

What the browser gets per point is kept small, because a 100k-point map has to travel to the
browser as JSON: coordinates as float32 typed arrays (plotly sends numpy arrays as base64), the
point's row number as int32 `customdata` (the one key a selection is mapped back with), and a
hover preview of at most PREVIEW_CHARS characters. The full text is shown in the selection table
(lasso, box or a click on a point). The standalone HTML export has no table, so it carries
longer hover texts (EXPORT_HOVER_CHARS)."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import Any

MAX_CATEGORIES = 20
PREVIEW_CHARS = 80
EXPORT_HOVER_CHARS = 400
WRAP_CHARS = 60  # line length of the long hover texts in the export
PALETTE = ("#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2", "#FF9DA6",
           "#9D755D", "#EECA3B", "#BAB0AC", "#1F77B4", "#2CA02C", "#D62728", "#9467BD",
           "#8C564B", "#E377C2", "#17BECF", "#BCBD22", "#393B79", "#637939")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most about `width` characters, broken at spaces (fast: no textwrap)."""
    lines = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        if cut <= 0:
            cut = width
        lines.append(text[:cut])
        text = text[cut:].lstrip()
    if text:
        lines.append(text)
    return lines


def hover_text(text: str, limit: int = PREVIEW_CHARS, wrap: int = 0) -> str:
    """The text as a hover label: white space collapsed, cut to `limit` characters (with "…"),
    HTML-escaped. With `wrap`, broken into lines of about that many characters; without, one
    line (each <br> costs 14 bytes in plotly's JSON, where "<" and ">" are escaped)."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[:limit - 1].rstrip() + "…"
    lines = _wrap(flat, wrap) if wrap else [flat]
    return "<br>".join(html.escape(line, quote=False) for line in lines if line) or "(empty)"


def _is_numeric(values: Sequence[Any]) -> bool:
    import numpy as np

    arr = np.asarray(values)
    return arr.dtype.kind in "if" and len(set(arr.tolist())) > MAX_CATEGORIES


def _categories(values: Sequence[Any]) -> tuple[list[str], list[str]]:
    """Values as strings, with the rarest beyond MAX_CATEGORIES folded into 'other'."""
    as_str = ["(missing)" if v is None or (isinstance(v, float) and v != v) else str(v)
              for v in values]
    counts = Counter(as_str)
    keep = {v for v, _ in counts.most_common(MAX_CATEGORIES - 1)} if len(counts) > MAX_CATEGORIES \
        else set(counts)
    folded = [v if v in keep else "other" for v in as_str]
    order = [v for v, _ in Counter(folded).most_common()]
    return folded, order


def map_figure(coords: Any, texts: Sequence[str], *, colour: Sequence[Any] | None = None,
               colour_title: str = "", highlight: Sequence[int] | None = None,
               query_point: Any = None, query_text: str = "", title: str = "",
               names: dict[str, str] | None = None, row_numbers: Sequence[int] | None = None,
               numeric: bool | None = None, hover_chars: int = PREVIEW_CHARS,
               hover_wrap: int = 0) -> Any:
    """The figure. The `customdata` of every point is its row number (`row_numbers`, by default
    1..n: position + 1), so selections can be mapped back to rows. `names` relabels colour
    categories (e.g. cluster id -> top terms). `highlight` holds positions in `texts`."""
    import numpy as np
    import plotly.graph_objects as go

    coords = np.asarray(coords, dtype=np.float32)
    n, dims = coords.shape
    three = dims == 3
    Trace = go.Scatter3d if three else go.Scattergl
    size = 3 if n > 20_000 else 5 if n > 2_000 else 7
    hovers = np.asarray([hover_text(t, hover_chars, hover_wrap) for t in texts], dtype=object)
    rows = np.asarray(row_numbers if row_numbers is not None else np.arange(1, n + 1),
                      dtype=np.int32)
    if rows.shape != (n,):
        raise ValueError(f"{len(rows)} row numbers for {n} points")
    idx_all = np.arange(n)

    def xyz(ix: Any) -> dict[str, Any]:
        d = {"x": coords[ix, 0], "y": coords[ix, 1]}
        if three:
            d["z"] = coords[ix, 2]
        return d

    def trace(ix: Any, name: str, marker: dict[str, Any], **kw: Any) -> Any:
        # one int32 per point (row number) and one short hover string: nothing else per point
        return Trace(**xyz(ix), mode="markers", name=name, marker=marker,
                     customdata=rows[ix], hovertext=hovers[ix].tolist(),
                     hovertemplate="<b>row %{customdata}</b><br>%{hovertext}<extra>"
                                   + html.escape(name[:40]) + "</extra>", **kw)

    fig = go.Figure()
    if colour is None:
        fig.add_trace(trace(idx_all, "texts", {"size": size, "color": PALETTE[0],
                                               "opacity": 0.75}))
    elif numeric or (numeric is None and _is_numeric(colour)):
        vals = np.asarray(colour, dtype=np.float32)
        fig.add_trace(trace(idx_all, colour_title or "value",
                            {"size": size, "color": vals, "colorscale": "Viridis",
                             "showscale": True, "opacity": 0.8,
                             "colorbar": {"title": {"text": colour_title}}}))
    else:
        folded, order = _categories(colour)
        arr = np.asarray(folded, dtype=object)
        for i, cat in enumerate(order):
            ix = np.flatnonzero(arr == cat)
            label = (names or {}).get(cat, cat)
            fig.add_trace(trace(ix, f"{label} ({len(ix)})",
                                {"size": size, "color": PALETTE[i % len(PALETTE)],
                                 "opacity": 0.75}))
    if highlight is not None and len(highlight):
        hi = np.asarray(highlight, dtype=int)
        fig.add_trace(trace(hi, "nearest neighbours",
                            {"size": size + 8, "color": "rgba(0,0,0,0)",
                             "line": {"width": 2, "color": "#111"}, "symbol": "circle-open"
                             if three else "circle"}))
    if query_point is not None:
        q = np.asarray(query_point, dtype=np.float32).reshape(1, -1)
        d = {"x": q[:, 0], "y": q[:, 1]}
        if three:
            d["z"] = q[:, 2]
        fig.add_trace(Trace(**d, mode="markers", name="your sentence",
                            marker={"size": 16, "color": "#d62728", "symbol": "diamond" if three
                                    else "star"},
                            hovertext=[hover_text(query_text, hover_chars, hover_wrap)],
                            hovertemplate="<b>your sentence</b><br>%{hovertext}<extra></extra>"))
    fig.update_layout(
        title={"text": title}, height=620, template="plotly_white",
        legend={"title": {"text": colour_title}, "itemsizing": "constant"},
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, uirevision="map",
    )
    if three:
        fig.update_layout(scene={"xaxis": {"showticklabels": False, "title": ""},
                                 "yaxis": {"showticklabels": False, "title": ""},
                                 "zaxis": {"showticklabels": False, "title": ""}})
    else:
        # a click on a point selects it, so its full row shows in the table like a lasso's
        fig.update_layout(dragmode="lasso", hovermode="closest", clickmode="event+select")
        fig.update_xaxes(showticklabels=False, title="", zeroline=False)
        fig.update_yaxes(showticklabels=False, title="", zeroline=False)
    return fig
