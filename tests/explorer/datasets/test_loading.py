"""Loading tables: every format, encodings, and errors that name file, row and field."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from explorer.datasets.loading import load_hub, load_table, parse_size, save_like
from glasshouse.errors import BadInput, ModelUnavailable

ROWS = [{"text": "Hola, ¿qué tal? Ça va très bien.", "label": "pos", "score": 0.9},
        {"text": "Second row, with a comma", "label": "neg", "score": 0.1},
        {"text": "Third row", "label": "pos", "score": 0.5}]


@pytest.mark.parametrize("ext", ["csv", "tsv", "json", "jsonl", "parquet", "xlsx"])
def test_every_format_loads_the_same_rows(tmp_path, ext) -> None:
    path = save_like(pd.DataFrame(ROWS), tmp_path / f"data.{ext}")
    table = load_table(path)
    assert table.n_rows == 3
    assert list(table.frame.columns) == ["text", "label", "score"]
    assert table.frame["text"].tolist() == [r["text"] for r in ROWS]
    assert table.frame["score"].astype(float).tolist() == [0.9, 0.1, 0.5]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-8-sig"])
def test_encoding_is_detected(tmp_path, encoding) -> None:
    text = "text,label\n" + "\n".join(
        f"\"Le café était très épicé, señor número {i}\",pos" for i in range(30)) + "\n"
    path = tmp_path / "enc.csv"
    path.write_bytes(text.encode(encoding))
    table = load_table(path)
    assert table.frame["text"].iloc[0] == "Le café était très épicé, señor número 0"
    assert table.n_rows == 30


@pytest.mark.parametrize("name,content,expected", [
    ("ragged.csv", "a,b\n1,2\n3,4,5\n", ("ragged.csv", 2, "has 3 fields but the header has 2")),
    ("bad.jsonl", '{"a": 1}\n{"a": 2\n', ("bad.jsonl", 2, "invalid JSON on line 2")),
    ("scalar.jsonl", '{"a": 1}\n[1, 2]\n', ("scalar.jsonl", 2, "expected an object")),
    ("items.json", '[{"a": 1}, 7]', ("items.json", 2, "expected an object")),
    ("broken.json", '[{"a": 1},', ("broken.json", None, "invalid JSON at line 1")),
    ("empty.csv", "", ("empty.csv", None, "the file is empty")),
    ("notes.docx", "x", ("notes.docx", None, "cannot tell the format")),
    ("fake.parquet", "not parquet", ("fake.parquet", None, "not a readable Parquet file")),
    ("fake.xlsx", "not a workbook", ("fake.xlsx", None, "xlsx")),
])
def test_malformed_files_give_a_clear_error(tmp_path, name, content, expected) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInput) as err:
        load_table(path)
    file, row, phrase = expected
    assert err.value.file == file
    assert err.value.row == row
    assert phrase in str(err.value)
    assert "Traceback" not in str(err.value)


def test_size_limit_is_enforced_with_a_message(tmp_path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("text\n" + "x" * 5000 + "\n")
    with pytest.raises(BadInput, match="over the 0 MB limit"):
        load_table(path, max_bytes=1000)
    assert load_table(path, max_bytes=10_000).n_rows == 1


def test_max_rows_reads_only_the_first_rows(tmp_path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps({"text": f"row {i}"}) for i in range(100)))
    table = load_table(path, max_rows=10)
    assert table.n_rows == 10 and table.truncated


@pytest.mark.parametrize("text,expected", [("50mb", 50 * 1024**2), ("1 GB", 1024**3),
                                           ("2048", 2048), ("10kb", 10240)])
def test_parse_size(text, expected) -> None:
    assert parse_size(text) == expected


def test_hub_dataset_offline_is_a_clear_error() -> None:
    with pytest.raises(ModelUnavailable, match="offline"):
        load_hub("imdb", split="train")
    with pytest.raises(BadInput, match="dataset id"):
        load_hub("not a valid id!")
