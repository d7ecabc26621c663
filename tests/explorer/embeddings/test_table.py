"""Reading tables and validating the text column: every bad input names file, row and field."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer.embeddings.table import frame_from_lines, read_table, text_column
from glasshouse.errors import BadInput


@pytest.mark.parametrize("frame,column,needle", [
    (pd.DataFrame({"text": ["a", "b"]}), "body", "no such column (columns are: text)"),
    (pd.DataFrame({"text": [1, 2, 3]}), "text", "holds int64 values, not text"),
    (pd.DataFrame({"text": [1.5, 2.5]}), "text", "holds float64 values, not text"),
    (pd.DataFrame({"text": ["", "  ", None]}), "text", "column is empty"),
    (pd.DataFrame({"text": ["only one", ""]}), "text", "only 1 row with text"),
    (pd.DataFrame({"text": ["fine", ["a", "list"], "x"]}), "text", "row 2, field 'text': value "
                                                                  "of type list is not text"),
])
def test_bad_text_column_is_a_specific_error(frame, column, needle) -> None:
    with pytest.raises(BadInput) as err:
        text_column(frame, column, file="data.csv")
    assert needle in str(err.value)
    assert str(err.value).startswith("file data.csv")


def test_empty_rows_are_dropped_and_original_row_numbers_kept() -> None:
    frame = pd.DataFrame({"text": ["first", "", None, "fourth", "   ", "sixth"]})
    col = text_column(frame, "text")
    assert col.texts == ["first", "fourth", "sixth"]
    assert col.rows == [1, 4, 6]
    assert col.dropped_empty == 3


@pytest.mark.parametrize("name,content,rows", [
    ("t.csv", "text,n\nhello,1\nworld,2\n", 2),
    ("t.tsv", "text\tn\nhello\t1\nworld\t2\nagain\t3\n", 3),
    ("t.jsonl", '{"text": "hello"}\n{"text": "world"}\n', 2),
    ("t.txt", "hello\n\nworld\nthird line\n", 3),
    ("t.txt", "text\tn\nhello\t1\nworld\t2\n", 2),  # a tab in the first line: TSV
])
def test_read_table_formats(tmp_path, name, content, rows) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    frame = read_table(path)
    assert len(frame) == rows
    assert text_column(frame, "text").texts[0] == "hello"


@pytest.mark.parametrize("name,content,needle", [
    ("t.docx", "x", "cannot tell the format from the extension '.docx'"),
    ("t.parquet", "not parquet at all", "not a readable Parquet file"),
    ("t.json", "{broken", "invalid JSON at line 1"),
])
def test_unreadable_files_name_the_file(tmp_path, name, content, needle) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(BadInput) as err:
        read_table(path)
    assert needle in str(err.value) and name in str(err.value)


def test_missing_file() -> None:
    with pytest.raises(BadInput, match="file not found"):
        read_table("/nonexistent/x.csv")


def test_pasted_lines_drop_blank_lines() -> None:
    assert frame_from_lines("a\n\n  b  \n\n")["text"].tolist() == ["a", "b"]


def test_every_tab_reads_a_txt_file_the_same_way(tmp_path) -> None:
    """One reader: a .txt of sentences is one text per line in the Datasets scan too (it was
    read as a one-column TSV there, whose first sentence became the column name)."""
    from explorer.datasets.loading import load_table

    path = tmp_path / "notes.txt"
    path.write_text("Ana called at nine\nThe bus was late\n", encoding="utf-8")
    frame = load_table(path).frame
    assert frame.columns.tolist() == ["text"] and len(frame) == 2
    assert read_table(path).equals(frame)
