"""Service functions behind the tab and the CLI: build, select, query, place, compare, export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from explorer.embeddings import maps as M
from glasshouse.errors import BadInput

ROOT = Path(__file__).resolve().parents[3]
PETS = ["cat sleeps on sofa", "cat chases mouse", "kitten and cat play", "cat purrs softly"]
MONEY = ["bank raised interest rates", "rates rise at bank", "bank interest rates fall",
         "central bank rates"]


def frame() -> pd.DataFrame:
    texts = PETS[:2] + [""] + PETS[2:] + MONEY
    return pd.DataFrame({"text": texts, "topic": ["pets"] * 5 + ["money"] * 4,
                         "score": range(9)})


def test_build_map_keeps_row_numbers_and_clusters_topics(fake_model) -> None:
    m = M.build_map(frame(), M.MapRequest(text_column="text", n_clusters=2))
    assert m.n == 8 and m.column.rows == [1, 2, 4, 5, 6, 7, 8, 9]
    assert m.projection.coords.shape == (8, 2)
    labels = m.clustering.labels
    assert len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1 and labels[0] != labels[4]
    s = m.summary()
    assert s["rows"] == 8 and s["dropped_empty"] == 1 and s["caveat"]
    assert any("cat" in name for name in s["clusters"])


def test_selection_maps_points_to_original_rows(fake_model) -> None:
    m = M.build_map(frame(), M.MapRequest(text_column="text", n_clusters=2))
    # the browser sends the selected points' customdata: their row numbers (row 3 is empty,
    # so it is not on the map; row 99 does not exist)
    rows = M.parse_selection(json.dumps([7, 1, 7, 4, 3, 99]))
    assert rows == [1, 3, 4, 7, 99]
    idx = m.positions(rows)
    assert idx == [0, 2, 5]
    table = M.rows_table(m, idx)
    assert table["row"].tolist() == [1, 4, 7]
    assert table["text"].tolist() == [PETS[0], PETS[2], MONEY[1]]
    assert table["topic"].tolist() == ["pets", "pets", "money"]
    assert M.parse_selection("") == []
    with pytest.raises(BadInput):
        M.parse_selection('"not a list"')


def test_query_returns_nearest_texts_and_a_place_on_the_map(fake_model) -> None:
    m = M.build_map(frame(), M.MapRequest(text_column="text", n_clusters=2))
    q = M.query(m, "interest rates at the bank", k=3)
    assert all(m.texts[i] in MONEY for i in q.indices)
    assert q.similarities == sorted(q.similarities, reverse=True)
    money_centre = m.projection.coords[4:].mean(axis=0)
    pets_centre = m.projection.coords[:4].mean(axis=0)
    assert np.linalg.norm(q.position - money_centre) < np.linalg.norm(q.position - pets_centre)
    with pytest.raises(BadInput, match="type a sentence"):
        M.query(m, "   ")


def test_place_texts_uses_the_existing_projection(fake_model) -> None:
    m = M.build_map(frame(), M.MapRequest(text_column="text", clusters="none"))
    spots = M.place_texts(m, [PETS[0], "", MONEY[0]])
    np.testing.assert_allclose(spots, m.projection.coords[[0, 4]], atol=1e-5)


@pytest.mark.parametrize("colour,traces", [("(none)", 1), ("cluster", 2), ("topic", 2),
                                           ("score", 8)])
def test_figure_colours_and_hover(fake_model, colour, traces) -> None:
    m = M.build_map(frame(), M.MapRequest(text_column="text", n_clusters=2))
    fig = M.figure(m, colour)
    assert len(fig.data) == traces
    assert fig.data[0].type == "scattergl" and fig.layout.dragmode == "lasso"
    points = sum(len(t.x) for t in fig.data)
    assert points == 8
    assert any(PETS[0] in h for t in fig.data for h in t.hovertext)


def test_unknown_colour_column(fake_model) -> None:
    m = M.build_map(frame(), M.MapRequest(text_column="text", clusters="none"))
    with pytest.raises(BadInput, match="no such column"):
        M.figure(m, "nope")
    with pytest.raises(BadInput, match="no clusters"):
        M.figure(m, "cluster")


def test_exports_html_csv_parquet(fake_model, tmp_path) -> None:
    m = M.build_map(frame(), M.MapRequest(text_column="text", n_clusters=2, dims=3))
    html = M.export_html(m, tmp_path / "map.html").read_text()
    assert "<html>" in html and "plotly" in html.lower() and "scatter3d" in html
    assert '<script src="https://cdn.plot.ly' not in html  # standalone: plotly.js is inlined
    for suffix in ("csv", "parquet"):
        p = M.export_coordinates(m, tmp_path / f"c.{suffix}")
        back = pd.read_csv(p) if suffix == "csv" else pd.read_parquet(p)
        assert back.columns[:4].tolist() == ["row", "x", "y", "z"]
        np.testing.assert_allclose(back[["x", "y", "z"]].to_numpy(), m.projection.coords,
                                   atol=1e-4)
        assert back["row"].tolist() == m.column.rows
    with pytest.raises(BadInput, match=r"\.csv or \.parquet"):
        M.export_coordinates(m, tmp_path / "c.xlsx")


def test_compare_models_identical_and_different(fake_model) -> None:
    texts = PETS + MONEY
    with pytest.raises(BadInput, match="two different models"):
        M.compare_models(texts, "a", "a")
    c = M.compare_models(texts, "a", "b", k=3)  # the fake maps both names to one embedder
    assert c.mean == 1.0 and c.k == 3 and len(c.overlap) == 8
    with pytest.raises(BadInput, match="at least 3 texts"):
        M.compare_models(texts[:2], "a", "b")


def test_cross_lingual_scores_and_bad_columns(fake_model) -> None:
    df = pd.DataFrame({"en": ["the red house", "a blue car", "green tea"],
                       "xx": ["the red house", "a blue car", "green tea"]})
    c = M.cross_lingual(df, ["en", "xx"], "m")
    assert {(s.source, s.target, s.accuracy) for s in c.scores} == {("en", "xx", 1.0),
                                                                    ("xx", "en", 1.0)}
    assert c.coords.shape == (6, 2)
    assert len(M.cross_lingual_figure(c).data) == 3
    with pytest.raises(BadInput, match="field 'de'"):
        M.cross_lingual(df, ["en", "de"], "m")
    with pytest.raises(BadInput, match="at least two columns"):
        M.cross_lingual(df, ["en"], "m")
    bad = pd.DataFrame({"en": ["a", "b"], "fr": ["x", 5]})
    with pytest.raises(BadInput, match="row 2, field 'fr'"):
        M.cross_lingual(bad, ["en", "fr"], "m")


# ---------------------------------------------------------------- CLI (real model: slow)


def run_cli(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, GLASSHOUSE_DATA_DIR=str(tmp / "data"),
               GLASSHOUSE_CACHE_DIR=str(tmp / "cache"))
    return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_cli_map_writes_html_and_coordinates(tmp_path) -> None:
    src = tmp_path / "texts.csv"
    frame().to_csv(src, index=False)
    out = run_cli("map", str(src), "--text-column", "text", "--method", "pca", "--out",
                  str(tmp_path / "m.html"), "--coords", str(tmp_path / "m.csv"), "--json",
                  "--color-by", "topic", tmp=tmp_path)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["rows"] == 8 and summary["model"] == "minilm-en"
    assert summary["dimensions"] == 384 and summary["embedded"] == 8
    assert (tmp_path / "m.html").stat().st_size > 1_000_000
    assert len(pd.read_csv(tmp_path / "m.csv")) == 8
    again = run_cli("map", str(src), "--text-column", "text", "--method", "pca", "--out",
                    str(tmp_path / "m2.html"), "--json", tmp=tmp_path)
    assert json.loads(again.stdout)["from_cache"] == 8


@pytest.mark.parametrize("args,needle", [
    (["--text-column", "nope"], "field 'nope': no such column (columns are: text, topic, score)"),
    (["--text-column", "score"], "field 'score': column holds int64 values, not text"),
    (["--text-column", "text", "--neighbors", "1"], "field '--neighbors'"),
    (["--text-column", "text", "--model", "nobody/nothing-xyz", "--method", "pca"],
     "could not be loaded"),
])
def test_cli_bad_input_is_one_line_exit_2(tmp_path, args, needle) -> None:
    src = tmp_path / "texts.csv"
    frame().to_csv(src, index=False)
    out = run_cli("map", str(src), *args, "--out", str(tmp_path / "m.html"), tmp=tmp_path)
    assert out.returncode == 2, out.stderr
    last = out.stderr.strip().splitlines()[-1]
    assert needle in last and "Traceback" not in out.stderr


def test_cli_refuses_non_html_out(tmp_path) -> None:
    out = run_cli("map", "x.csv", "--text-column", "t", "--out", str(tmp_path / "m.png"),
                  tmp=tmp_path)
    assert out.returncode == 2 and "field '--out'" in out.stderr


def test_figure_can_force_a_colour_scale_for_few_distinct_numbers() -> None:
    from explorer.embeddings.plot import map_figure

    coords = np.random.default_rng(0).normal(size=(6, 2))
    fig = map_figure(coords, ["t"] * 6, colour=[0.2, 0.2, 0.5, 0.5, 1.0, 1.0], numeric=True)
    assert len(fig.data) == 1 and fig.data[0].marker.showscale
    assert len(map_figure(coords, ["t"] * 6, colour=[0.2, 0.2, 0.5, 0.5, 1.0, 1.0]).data) == 3


def test_user_columns_named_like_derived_ones_stay_as_written(fake_model, monkeypatch) -> None:
    """Issue 17: a user `language` column was listed twice and shown as the detected code
    ('arabic' as 'ar'); derived columns now get their own names and never hide the user's."""
    f = frame()
    f["language"] = ["english"] * 5 + ["arabic"] * 4
    f["cluster"] = ["c1"] * 9
    monkeypatch.setattr(M, "detect_languages", lambda texts, progress=None: ["en"] * len(texts))
    m = M.build_map(f, M.MapRequest(text_column="text", n_clusters=2))
    opts = m.colour_options()
    assert len(opts) == len(set(opts))
    assert {"language", "cluster", "detected_language", "cluster_2"} <= set(opts)
    values, _ = M.colour_values(m, "language")
    assert values[-1] == "arabic"  # the user's column, as written
    detected, _ = M.colour_values(m, "detected_language")
    assert set(detected) == {"en"}
    user_cluster, _ = M.colour_values(m, "cluster")
    assert set(user_cluster) == {"c1"}
    assert len(set(M.colour_values(m, "cluster_2")[0])) == 2  # the computed clusters
    table = M.rows_table(m, [0, 7])
    assert table["language"].tolist() == ["english", "arabic"]
    assert table["detected_language"].tolist() == ["en", "en"]
    assert table["cluster"].tolist() == ["c1", "c1"]
    assert "cluster_2" in table.columns


@pytest.mark.parametrize("base,existing,expected", [
    ("detected_language", ["text", "language"], "detected_language"),
    ("cluster", ["cluster"], "cluster_2"),
    ("cluster", ["Cluster", "cluster_2"], "cluster_3"),
    ("row", [], "row"),
])
def test_derived_names_never_collide(base, existing, expected) -> None:
    from explorer.datasets.columns import derived_name

    assert derived_name(base, existing) == expected
