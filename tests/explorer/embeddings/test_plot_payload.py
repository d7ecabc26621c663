"""What a map sends to the browser: few bytes per point, typed arrays, a short hover preview, and
a selection (the selected points' customdata) that maps back to the right rows."""

from __future__ import annotations

import base64
import html
import json
import re

import numpy as np
import pandas as pd
import pytest

from explorer.embeddings import maps as M
from explorer.embeddings.plot import (EXPORT_HOVER_CHARS, PREVIEW_CHARS, WRAP_CHARS, hover_text,
                                      map_figure)

WORDS = ("river bank money loan water boat fish tree city market school music game film law "
         "court rain sun road car train price tax vote party").split()


def long_texts(n: int, seed: int = 0, words: int = 60) -> list[str]:
    rng = np.random.default_rng(seed)
    return [f"text {i}: " + " ".join(rng.choice(WORDS, size=words)) for i in range(n)]


def points(n: int, dims: int = 2, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, dims)).astype(np.float64)


def bytes_per_point_bound(dims: int) -> float:
    """The most a point may cost in the figure JSON (ASCII texts without markup): coordinates
    and row number as base64 float32/int32 (4 characters per 3 bytes; plotly writes "/" as the
    6-byte \\u002f, which we allow for 1 base64 character in 16, 4 times the rate of random
    bytes), and a one-line hover preview (PREVIEW_CHARS - 1 characters, an ellipsis of 3 UTF-8
    bytes, quotes and a comma). The old encoding (240-character hover texts wrapped with <br>,
    two int32 per point) took about 3 times this for long texts."""
    typed = 4 * (dims + 1) * 4 / 3 * (1 + 5 / 16)
    hover = PREVIEW_CHARS - 1 + len("…".encode()) + 3
    return typed + hover


def decode(array: object) -> np.ndarray:
    """A plotly JSON array as the browser gets it (typed 'bdata' or a plain list)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array)


def visible(hover: str) -> str:
    """What a person reads in the hover label."""
    return html.unescape(hover.replace("<br>", " "))


def payload_bytes(n: int, dims: int, colour: str | None) -> int:
    texts = long_texts(n)
    values = {None: None, "group": [f"g{i % 7}" for i in range(n)],
              "score": np.linspace(0, 1, n).tolist()}[colour]
    fig = map_figure(points(n, dims), texts, colour=values, numeric=colour == "score")
    return len(fig.to_json().encode())


@pytest.mark.parametrize("n,dims,colour", [(3000, 2, None), (3000, 2, "group"),
                                           (2000, 3, "group"), (3000, 2, "score")])
def test_figure_json_stays_within_a_per_point_byte_bound(n, dims, colour) -> None:
    # the part that does not grow with the points (layout, template, one entry per trace),
    # measured on a figure with one point per colour group
    fixed = payload_bytes(7, dims, colour)
    per_point = bytes_per_point_bound(dims) + (4 * 4 / 3 * (1 + 5 / 16) if colour == "score"
                                                else 0)
    bound = fixed + (n - 7) * per_point
    payload = payload_bytes(n, dims, colour)
    assert payload <= bound, ((payload - fixed) / (n - 7), per_point)
    # the bound is meaningful: sending each text once in full would already exceed it
    assert sum(len(t.encode()) for t in long_texts(n)) > bound


def test_coordinates_and_row_numbers_travel_as_typed_arrays() -> None:
    n = 500
    rows = list(range(10, 10 + 2 * n, 2))
    fig = map_figure(points(n, 3), long_texts(n), colour=[f"g{i % 3}" for i in range(n)],
                     row_numbers=rows)
    data = json.loads(fig.to_json())["data"]
    for trace in data:
        assert {trace[a]["dtype"] for a in ("x", "y", "z")} == {"f4"}
        assert trace["customdata"]["dtype"] == "i4"
        assert decode(trace["customdata"]).ndim == 1
        assert "text" not in trace  # the preview is sent once, as hovertext
    sent = sorted(int(r) for t in data for r in decode(t["customdata"]))
    assert sent == rows


@pytest.mark.parametrize("text,expected", [
    ("short text", "short text"),
    ("  tabs\tand\nnew lines  ", "tabs and new lines"),
    ("<b>bold</b> & co", "<b>bold</b> & co"),
    ("", "(empty)"),
])
def test_hover_preview_reads_like_the_text(text, expected) -> None:
    assert visible(hover_text(text)) == expected


@pytest.mark.parametrize("text", [
    "word " * 100,
    "x" * 500,  # no spaces to break at
    "猫が窓辺で眠っている。" * 30,
    "Le chat dort près de la fenêtre, au soleil de l'après-midi. " * 10,
])
def test_hover_preview_is_the_start_of_the_text_cut_to_the_limit(text) -> None:
    shown = visible(hover_text(text))
    assert len(shown) <= PREVIEW_CHARS and shown.endswith("…")
    assert " ".join(text.split()).startswith(shown[:-1].rstrip())
    assert "<br>" not in hover_text(text)  # one line: each <br> costs 14 bytes in the JSON
    lines = hover_text(text, EXPORT_HOVER_CHARS, WRAP_CHARS).split("<br>")
    assert len(lines) > 1 and all(len(html.unescape(line)) <= WRAP_CHARS for line in lines)
    longer = "".join(visible(hover_text(text, EXPORT_HOVER_CHARS, WRAP_CHARS)).split())
    assert longer.startswith("".join(shown[:-1].split()))


def test_hover_escapes_markup_so_texts_cannot_inject_html() -> None:
    raw = hover_text('<img src=x onerror="alert(1)">')
    assert "<img" not in raw and "&lt;img" in raw


def select_box(fig: object, x0: float, x1: float, y0: float, y1: float) -> list[int]:
    """What the browser's selection bridge sends for a box: the customdata of every point of
    every trace whose coordinates fall in the box, read from the figure JSON as sent."""
    sent = []
    for trace in json.loads(fig.to_json())["data"]:
        if "customdata" not in trace:
            continue
        x, y, cd = (decode(trace[a]) for a in ("x", "y", "customdata"))
        inside = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
        sent.extend(int(v) for v in cd[inside])
    return sent


@pytest.mark.parametrize("colour", ["(none)", "cluster", "topic"])
def test_a_box_selection_maps_back_to_the_rows_under_it(fake_model, colour) -> None:
    n = 300
    rng = np.random.default_rng(1)
    texts = [f"text number {i} " + " ".join(rng.choice(WORDS, size=5)) for i in range(n)]
    texts[17] = ""  # an empty row: left off the map, so positions and row numbers differ
    frame = pd.DataFrame({"text": texts, "topic": [f"t{i % 4}" for i in range(n)]})
    m = M.build_map(frame, M.MapRequest(text_column="text", n_clusters=3))
    coords = m.projection.coords
    x0, x1 = np.quantile(coords[:, 0], [0.2, 0.6])
    y0, y1 = np.quantile(coords[:, 1], [0.3, 0.9])
    fig = M.figure(m, colour, highlight=[0, 1, 2])
    picked = m.positions(M.parse_selection(json.dumps(select_box(fig, x0, x1, y0, y1))))
    c = coords.astype(np.float32)
    expected = np.flatnonzero((c[:, 0] >= x0) & (c[:, 0] <= x1) & (c[:, 1] >= y0)
                              & (c[:, 1] <= y1))
    assert picked == expected.tolist() and len(picked) > 10
    table = M.rows_table(m, picked)
    # rows of the table are the file's rows (1-based), with their full text and columns
    assert table["text"].tolist() == [texts[r - 1] for r in table["row"]]
    assert table["topic"].tolist() == [f"t{(r - 1) % 4}" for r in table["row"]]
    assert 18 not in table["row"].tolist()


def test_export_carries_longer_hover_texts_than_the_app(fake_model, tmp_path) -> None:
    texts = long_texts(6, words=40)
    m = M.build_map(pd.DataFrame({"text": texts}), M.MapRequest(text_column="text",
                                                                  clusters="none"))
    in_app = [visible(h) for t in M.figure(m, "(none)").data for h in t.hovertext]
    assert all(len(h) <= PREVIEW_CHARS for h in in_app)
    page = M.export_html(m, tmp_path / "map.html", "(none)").read_text(encoding="utf-8")
    hovers = re.search(r'"hovertext":(\[.*?\])', page)
    assert hovers is not None
    exported = [visible(h) for h in json.loads(hovers.group(1))]
    assert exported == texts  # about 250 characters each: whole in the export
    assert min(len(t) for t in texts) > PREVIEW_CHARS
    long = hover_text("word " * 200, EXPORT_HOVER_CHARS)
    assert len(visible(long)) == EXPORT_HOVER_CHARS
