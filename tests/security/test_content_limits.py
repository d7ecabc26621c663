"""Issue 14 items 4 and 12: decompression bombs and oversized cells are refused by every reader
before they are materialised, with a BadInput naming the limit, its value and its variable."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import httpx
import pytest

from glasshouse.errors import BadInput
from glasshouse.limits import ContentLimits
from tests.security.content_support import (gradio_call, gradio_upload,
                                            live_app, parquet_dictionary_bomb,  # noqa: F401
                                            parquet_with_rows, xlsx_with_big_cell,
                                            xlsx_with_rows)

MB = 1024 * 1024


def _load(path: Path, **kw):
    from explorer.datasets.loading import load_table

    return load_table(path, **kw).frame


def _embeddings(path: Path, **kw):
    from explorer.embeddings.table import read_table

    return read_table(path)


READERS = [pytest.param(_load, id="datasets"), pytest.param(_embeddings, id="embeddings")]


def test_default_limits_are_documented_values(monkeypatch) -> None:
    for var in ("GLASSHOUSE_MAX_UNCOMPRESSED", "GLASSHOUSE_MAX_ROWS", "GLASSHOUSE_MAX_COLUMNS",
                "GLASSHOUSE_MAX_CELL_CHARS"):
        monkeypatch.delenv(var, raising=False)
    assert ContentLimits.from_env() == ContentLimits(200 * MB, 1_000_000, 1_000, 100_000)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("cell_chars", [300_000, 100 * MB], ids=["300k", "100MB"])
def test_xlsx_with_one_huge_cell_is_refused_before_it_is_built(tmp_path, reader,
                                                               cell_chars) -> None:
    path = xlsx_with_big_cell(tmp_path / "bomb.xlsx", cell_chars)
    assert path.stat().st_size < 150_000  # 100 MB of text in ~100 KB
    import explorer.embeddings.table  # noqa: F401 - imports are not what is measured
    import openpyxl  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    tracemalloc.start()
    try:
        with pytest.raises(BadInput) as err:
            reader(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    text = str(err.value)
    assert "GLASSHOUSE_MAX_CELL_CHARS" in text and "100,000-character limit" in text
    assert "bomb.xlsx" in text
    assert peak < 20 * MB  # the cell was never read into memory


@pytest.mark.parametrize("reader", READERS)
def test_parquet_of_100_million_rows_is_refused_from_its_footer(tmp_path, reader) -> None:
    path = parquet_with_rows(tmp_path / "rows.parquet", 100_000_000)
    assert path.stat().st_size < 1 * MB
    with pytest.raises(BadInput) as err:
        reader(path)
    assert "100,000,000 rows" in str(err.value)
    assert "1,000,000-row limit (GLASSHOUSE_MAX_ROWS)" in str(err.value)


def test_a_sample_of_a_huge_parquet_file_is_still_allowed(tmp_path) -> None:
    from explorer.datasets.loading import load_table

    path = parquet_with_rows(tmp_path / "rows.parquet", 100_000_000)
    table = load_table(path, max_rows=1_000)
    assert table.n_rows == 1_000 and table.truncated


@pytest.mark.parametrize("reader", READERS)
def test_parquet_dictionary_bomb_is_refused_by_its_decoded_size(tmp_path, reader) -> None:
    # 5,000 rows x 90,000 characters: under the row and cell limits, ~450 MB once decoded.
    path = parquet_dictionary_bomb(tmp_path / "dict.parquet", 5_000, 90_000)
    assert path.stat().st_size < 10_000
    with pytest.raises(BadInput) as err:
        reader(path)
    assert "200 MB limit (GLASSHOUSE_MAX_UNCOMPRESSED)" in str(err.value)


@pytest.mark.parametrize("reader", READERS)
def test_xlsx_rows_and_columns_over_the_limits(tmp_path, monkeypatch, reader) -> None:
    monkeypatch.setenv("GLASSHOUSE_MAX_ROWS", "50")
    monkeypatch.setenv("GLASSHOUSE_MAX_COLUMNS", "5")
    with pytest.raises(BadInput, match=r"50-row limit \(GLASSHOUSE_MAX_ROWS\)"):
        reader(xlsx_with_rows(tmp_path / "rows.xlsx", 51))
    with pytest.raises(BadInput, match=r"6 columns, over the 5-column limit"):
        reader(xlsx_with_rows(tmp_path / "cols.xlsx", 3, n_cols=6))
    assert len(reader(xlsx_with_rows(tmp_path / "ok.xlsx", 50, n_cols=5))) == 50


def test_xlsx_with_a_doctype_is_refused(tmp_path) -> None:
    import zipfile

    path = xlsx_with_rows(tmp_path / "ok.xlsx", 2)
    bad = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
                        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                        b'main"><si><t>&b;</t></si></sst>')
            dst.writestr(info, data)
    with pytest.raises(BadInput, match="DOCTYPE"):
        _load(bad)


def test_xlsx_sheet_under_an_unusual_name_is_checked_too(tmp_path) -> None:
    """The workbook's relationships may put a sheet anywhere in the zip; openpyxl follows
    them, so the check cannot rely on the usual xl/worksheets/ folder."""
    import zipfile

    src = xlsx_with_rows(tmp_path / "ok.xlsx", 2)
    bad = tmp_path / "moved.xlsx"
    long_row = ('<row r="4"><c r="A4" t="inlineStr"><is><t>' + "q" * 150_000
                + "</t></is></c></row></sheetData>")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            data = zin.read(info).decode()
            name = info.filename
            if name == "xl/worksheets/sheet1.xml":
                name, data = "xl/elsewhere/data.xml", data.replace("</sheetData>", long_row)
            data = data.replace("worksheets/sheet1.xml", "elsewhere/data.xml")
            out.writestr(name, data)
    import pandas as pd

    frame = pd.read_excel(bad, engine="openpyxl")  # openpyxl does find the moved sheet
    assert frame.iloc[-1, 0] == "q" * 150_000
    with pytest.raises(BadInput) as err:
        _load(bad)
    assert err.value.row == 4 and err.value.field == "cell A4"


@pytest.mark.parametrize("name,content", [
    ("long.csv", "id,text\n1,short\n2," + "x" * 120_000 + "\n"),
    ("long.tsv", "id\ttext\n1\tshort\n2\t" + "x" * 120_000 + "\n"),
    ("long.jsonl", json.dumps({"id": 1, "text": "short"}) + "\n"
     + json.dumps({"id": 2, "text": "x" * 150_000}) + "\n"),
    ("long.json", json.dumps([{"id": 1, "text": "short"}, {"id": 2, "text": "x" * 150_000}])),
])
@pytest.mark.parametrize("reader", READERS)
def test_text_formats_name_the_row_and_column_of_a_long_cell(tmp_path, reader, name,
                                                             content) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInput) as err:
        reader(path)
    assert err.value.row == 2 and err.value.field == "text"
    assert "100,000-character limit (GLASSHOUSE_MAX_CELL_CHARS)" in str(err.value)


def test_a_csv_cell_over_pythons_csv_field_limit_names_our_limit(tmp_path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("id,text\n1,short\n2," + "x" * 1_200_000 + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as err:
        _load(path)
    assert err.value.row == 2
    assert "100,000-character limit (GLASSHOUSE_MAX_CELL_CHARS)" in str(err.value)


@pytest.mark.parametrize("chars,ok", [(10, True), (11, False)])
def test_the_cell_limit_is_configurable_and_inclusive(tmp_path, monkeypatch, chars,
                                                      ok) -> None:
    monkeypatch.setenv("GLASSHOUSE_MAX_CELL_CHARS", "10")
    path = tmp_path / "t.csv"
    path.write_text("text\n" + "y" * chars + "\n", encoding="utf-8")
    if ok:
        assert _load(path)["text"].tolist() == ["y" * chars]
    else:
        with pytest.raises(BadInput, match=r"11 characters, over the 10-character limit"):
            _load(path)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_text_rows_over_the_limit_are_refused_but_a_sample_is_read(tmp_path, monkeypatch,
                                                                   fmt) -> None:
    monkeypatch.setenv("GLASSHOUSE_MAX_ROWS", "100")
    path = tmp_path / f"rows.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps([{"n": i} for i in range(101)]))
    else:
        lines = [json.dumps({"n": i}) for i in range(101)] if fmt == "jsonl" else \
            ["n", *map(str, range(101))]
        path.write_text("\n".join(lines) + "\n")
    with pytest.raises(BadInput, match=r"100-row limit \(GLASSHOUSE_MAX_ROWS\)"):
        _load(path)
    with pytest.raises(BadInput, match="GLASSHOUSE_MAX_ROWS"):
        _load(path, max_rows=500)  # asking for more than the limit is no way around it
    assert len(_load(path, max_rows=20)) == 20


def test_too_many_columns_in_a_csv_header(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GLASSHOUSE_MAX_COLUMNS", "3")
    path = tmp_path / "wide.csv"
    path.write_text("a,b,c,d\n1,2,3,4\n")
    with pytest.raises(BadInput, match=r"4 columns, over the 3-column limit"):
        _load(path)


def test_catalog_import_rejects_the_row_with_a_huge_cell(tmp_path, sqlite_db, admin) -> None:
    from catalog.importers import import_file

    path = tmp_path / "entries.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in [
        {"name": "Fine corpus", "languages": ["en"], "licenses": ["CC-BY-4.0"]},
        {"name": "Bomb corpus", "languages": ["en"], "licenses": ["CC-BY-4.0"],
         "description": "z" * 2_000_000},
    ]) + "\n")
    report = import_file(sqlite_db, path, actor=admin, partial=True)
    assert report.imported == 1
    [rejected] = report.rejected
    assert rejected.row == 2 and rejected.field == "description"
    assert "2,000,000 characters" in rejected.error and "GLASSHOUSE_MAX_CELL_CHARS" in rejected.error


def test_catalog_import_refuses_a_file_over_the_upload_limit(tmp_path, sqlite_db, admin,
                                                             monkeypatch) -> None:
    from catalog.importers import import_file

    monkeypatch.setenv("GLASSHOUSE_MAX_UPLOAD", "1kb")
    path = tmp_path / "big.csv"
    path.write_text("name,description\n" + "".join(f"n{i},{'d' * 50}\n" for i in range(40)))
    with pytest.raises(BadInput, match=r"GLASSHOUSE_MAX_UPLOAD"):
        import_file(sqlite_db, path, actor=admin)


def test_batch_units_check_long_cells(tmp_path, monkeypatch) -> None:
    from explorer.batch.sources import plan_source, read_unit

    monkeypatch.setenv("GLASSHOUSE_MAX_CELL_CHARS", "100")
    path = tmp_path / "part.jsonl"
    path.write_text("".join(json.dumps({"text": "ok"}) + "\n" for _ in range(5))
                    + json.dumps({"text": "w" * 101}) + "\n")
    plan = plan_source(path, unit_rows=4)
    assert len(read_unit(plan.units[0])) == 4
    with pytest.raises(BadInput) as err:
        read_unit(plan.units[1])
    assert err.value.row == 6 and err.value.field == "text"


@pytest.mark.slow
def test_live_scan_of_a_cell_over_a_million_characters_is_a_400(live_app) -> None:  # noqa: F811
    """spaCy refuses texts over 1,000,000 characters (E088); the server used to answer 500."""
    body = (json.dumps({"text": "short text"}) + "\n"
            + json.dumps({"text": "word " * 240_000}) + "\n").encode()
    r = httpx.post(live_app.url + "/api/v1/datasets/scan", params={"format": "jsonl"},
                   content=body, timeout=120)
    assert r.status_code == 400, r.text[:300]
    err = r.json()
    assert err["row"] == 2 and err["field"] == "text"
    assert "1,200,000 characters" in err["error"]
    assert "GLASSHOUSE_MAX_CELL_CHARS" in err["error"]
    ok = httpx.post(live_app.url + "/api/v1/datasets/scan", params={"format": "jsonl"},
                    content=b'{"text": "a short line"}\n{"text": "another one"}\n',
                    timeout=120)
    assert ok.status_code == 200 and ok.json()["rows"] == 2


@pytest.mark.slow
def test_live_uploads_of_bombs_are_refused_with_the_limit_named(live_app,  # noqa: F811
                                                                tmp_path) -> None:
    """The attacks as reported: a 107 KB xlsx holding one 100 MB cell, a few hundred KB of
    Parquet holding 100 M rows, uploaded through the browser's file component to the
    Datasets tab (api on_upload) and the Embeddings tab (api on_upload_1)."""
    xlsx = xlsx_with_big_cell(tmp_path / "bomb.xlsx", 100 * MB)
    parquet = parquet_with_rows(tmp_path / "rows.parquet", 100_000_000)
    for api, extra in (("on_upload", [25]), ("on_upload_1", [])):
        kind, out = gradio_call(live_app.url, api, [gradio_upload(live_app.url, xlsx), *extra])
        assert kind == "error" and "GLASSHOUSE_MAX_CELL_CHARS" in out["error"], out
        kind, out = gradio_call(live_app.url, api,
                                [gradio_upload(live_app.url, parquet), *extra])
        assert kind == "error" and "1,000,000-row limit (GLASSHOUSE_MAX_ROWS)" in out["error"]
        assert "100,000,000 rows" in out["error"]


def test_dataset_rows_are_checked_as_they_arrive(tmp_path) -> None:
    """A Hugging Face dataset (here a folder written by save_to_disk, as the CLI reads it; the
    Hub is streamed the same way) with a long text stops at that row, naming it."""
    import datasets

    from explorer.datasets.loading import load_hub

    folder = tmp_path / "saved"
    datasets.Dataset.from_dict({"text": ["fine", "also fine", "x" * 150_000, "never read"]}
                               ).save_to_disk(str(folder))
    with pytest.raises(BadInput) as err:
        load_hub(str(folder), allow_local=True)
    assert err.value.row == 3 and err.value.field == "text"
    assert "150,000 characters" in str(err.value)


def test_streamed_rows_stop_at_the_first_row_over_a_limit() -> None:
    from explorer.datasets.loading import _bounded_rows

    pulled = []

    def stream():
        for i in range(1_000):
            pulled.append(i)
            yield {"text": "y" * (150_000 if i == 2 else 10)}

    with pytest.raises(BadInput):
        _bounded_rows(stream(), "hub")
    assert pulled == [0, 1, 2]  # nothing after the oversized row was downloaded
