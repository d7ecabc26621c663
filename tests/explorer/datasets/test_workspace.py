"""The dataset loaded in Datasets, kept per user server-side (issue 17.5)."""

from __future__ import annotations

import stat

import pandas as pd
import pytest

from explorer.datasets.loading import LoadedTable, load_table
from explorer.datasets.workspace import WorkspaceStore, probe_input, user_key
from glasshouse.errors import BadInput

CSV = ("text,language,label\n"
       "\"She said the nurse was kind.\",english,1\n"
       "\"هذا نص عربي قصير\",arabic,0\n"
       "\"Il est ingénieur.\",french,\n")


@pytest.fixture
def table(tmp_path) -> LoadedTable:
    src = tmp_path / "tweets.csv"
    src.write_text(CSV, encoding="utf-8")
    return load_table(src)


def test_the_table_comes_back_unchanged_for_the_same_user_only(tmp_path, table) -> None:
    s = WorkspaceStore(tmp_path / "ws")
    s.save_table("ada", table, text_column="text", label_column="label")
    back = WorkspaceStore(tmp_path / "ws").load("ada")  # a new store: as after a restart
    assert back is not None and back.stored_as == "parquet"
    pd.testing.assert_frame_equal(back.table.frame, table.frame)
    assert back.table.frame["language"].tolist() == ["english", "arabic", "french"]
    assert (back.table.file, back.table.format, back.text_column, back.label_column) == (
        "tweets.csv", "csv", "text", "label")
    assert s.load("vic") is None  # another user sees nothing
    folder = tmp_path / "ws" / user_key("ada")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_results_survive_a_reload_and_a_new_dataset_clears_them(tmp_path, table) -> None:
    import plotly.graph_objects as go

    s = WorkspaceStore(tmp_path / "ws")
    s.save_table("ada", table, text_column="text")
    fig = go.Figure(go.Bar(x=["en", "ar"], y=[2, 1]))
    rows = pd.DataFrame({"row": [0], "found": ["EMAIL_ADDRESS"], "text (masked)": ["<EMAIL>"]})
    profile = object()
    s.save_results("ada", "profile", {"summary": "3 rows", "plot": fig, "pii_rows": rows,
                                      "spans": [[0, "text", 0, 3, "PERSON"]]}, profile=profile)
    s.save_results("ada", "associations", {"message": "n = 3 rows"})
    ws = s.load("ada")
    assert ws.profile is profile and ws.notes == ()
    assert ws.results["profile"]["summary"] == "3 rows"
    pd.testing.assert_frame_equal(ws.results["profile"]["pii_rows"], rows)
    assert list(ws.results["profile"]["plot"].data[0].x) == ["en", "ar"]
    assert ws.results["associations"] == {"message": "n = 3 rows"}

    restarted = WorkspaceStore(tmp_path / "ws").load("ada")
    assert restarted.profile is None and "profile the dataset again" in restarted.notes[0]
    assert restarted.results["profile"]["summary"] == "3 rows"

    s.save_results("ada", "profile", {"summary": "again"})  # a new profile: older views stale
    assert set(s.load("ada").results) == {"profile"}
    s.save_table("ada", table)
    assert s.load("ada").results == {}


def test_mixed_type_and_nested_columns_are_kept_as_json_lines(tmp_path) -> None:
    frame = pd.DataFrame({"text": ["a b c", "d e f"], "meta": [{"k": 1}, "plain"],
                          "tokens": [["a", "b"], ["d"]], "created_at": ["2020-01-01", "007"]})
    s = WorkspaceStore(tmp_path / "ws")
    s.save_table("ada", LoadedTable(frame, "x.jsonl", "jsonl", "utf-8"))
    back = s.load("ada")
    assert back.stored_as == "jsonl"
    assert back.table.frame["meta"].tolist() == [{"k": 1}, "plain"]
    assert back.table.frame["tokens"].tolist() == [["a", "b"], ["d"]]  # lists, not arrays
    assert back.table.frame["created_at"].tolist() == ["2020-01-01", "007"]  # not dates/ints
    assert list(back.table.frame.columns) == ["text", "meta", "tokens", "created_at"]


def test_user_names_cannot_reach_outside_the_workspaces(tmp_path, table) -> None:
    s = WorkspaceStore(tmp_path / "ws")
    s.save_table("../../etc", table)
    made = [p for p in tmp_path.rglob("meta.json")]
    assert len(made) == 1 and made[0].parent.parent == tmp_path / "ws"


def test_results_need_a_loaded_dataset_and_a_known_section(tmp_path, table) -> None:
    s = WorkspaceStore(tmp_path / "ws")
    with pytest.raises(BadInput, match="load a dataset first"):
        s.save_results("ada", "profile", {})
    s.save_table("ada", table)
    with pytest.raises(BadInput, match="unknown section"):
        s.save_results("ada", "nonsense", {})
    s.forget("ada")
    assert s.load("ada") is None


def test_probes_take_pairs_or_texts_from_the_loaded_dataset(tmp_path, table) -> None:
    s = WorkspaceStore(tmp_path / "ws")
    s.save_table("ada", table, text_column="text")
    got = probe_input(s.load("ada"), "counterfactual")
    assert got["texts"][0] == "She said the nurse was kind." and len(got["texts"]) == 3
    with pytest.raises(BadInput, match="an item needs stereotypical/anti_stereotypical"):
        probe_input(s.load("ada"), "pairs")
    with pytest.raises(BadInput, match="does not take a dataset"):
        probe_input(s.load("ada"), "weat")
    pairs = pd.DataFrame({"stereotypical": ["Women are bad at maths."],
                          "anti_stereotypical": ["Men are bad at maths."],
                          "bias_type": ["gender"]})
    s.save_table("ada", LoadedTable(pairs, "pairs.csv", "csv", "utf-8"))
    assert probe_input(s.load("ada"), "pairs")["pairs"][0]["bias_type"] == "gender"


def test_a_restored_preview_stays_masked_and_keeps_a_user_row_column(tmp_path) -> None:
    """After a reload the preview is masked from the kept PII positions; a user column named
    'row' is not overwritten by the row number."""
    from explorer.datasets import views

    frame = pd.DataFrame({"row": ["r-a", "r-b"],
                          "text": ["mail ana@example.org now", "nothing here"]})
    table = LoadedTable(frame, "x.csv", "csv", "utf-8")
    s = WorkspaceStore(tmp_path / "ws")
    s.save_table("ada", table, text_column="text")
    s.save_results("ada", "profile", {"spans": [[0, "text", 5, 20, "EMAIL_ADDRESS"]]})
    ws = s.load("ada")
    page, _ = views.preview_page(ws.table, 1, 25, spans=ws.results["profile"]["spans"])
    assert page["text"].tolist() == ["mail <EMAIL_ADDRESS> now", "nothing here"]
    assert page["row"].tolist() == ["r-a", "r-b"] and page["row_2"].tolist() == [0, 1]
    cols = views.columns_table(ws.table, spans=ws.results["profile"]["spans"])
    assert "ana@example.org" not in " ".join(cols["examples"])
