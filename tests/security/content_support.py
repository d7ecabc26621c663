"""Hostile files and a live server for the content-side security tests (tests/security/
test_content_*.py): decompression bombs built on the fly, and `app.py serve` on loopback."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from glasshouse.app_process import AppProcess, start_app

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
}
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx_with_big_cell(path: Path, cell_chars: int, *, extra_rows: int = 0) -> Path:
    """A valid one-sheet workbook: header 'text', row 2 one shared string of `cell_chars`
    letters (streamed into the zip, deflated: 100 MB of text is ~100 KB on disk), then
    `extra_rows` short rows."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text)
        rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                '<row r="2"><c r="A2" t="s"><v>1</v></c></row>']
        rows += [f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>'
                 for r in range(3, 3 + extra_rows)]
        zf.writestr("xl/worksheets/sheet1.xml",
                    f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'
                    + "".join(rows) + "</sheetData></worksheet>")
        with zf.open("xl/sharedStrings.xml", "w") as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="2" '
                     'uniqueCount="2"><si><t>text</t></si><si><t>'.encode())
            chunk = b"a" * (1024 * 1024)
            left = cell_chars
            while left > 0:
                fh.write(chunk[:min(left, len(chunk))])
                left -= len(chunk)
            fh.write(b"</t></si></sst>")
    return path


def xlsx_with_rows(path: Path, n_rows: int, n_cols: int = 1) -> Path:
    """A workbook of `n_rows` data rows of inline numbers (rows / columns bombs)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c + 1) for c in range(n_cols)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/sharedStrings.xml",
                    f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}><si><t>h</t></si></sst>')
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'
                     .encode())
            head = "".join(f'<c r="{c}1" t="s"><v>0</v></c>' for c in letters)
            fh.write(f'<row r="1">{head}</row>'.encode())
            for r in range(2, n_rows + 2):
                cells = "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in letters)
                fh.write(f'<row r="{r}">{cells}</row>'.encode())
            fh.write(b"</sheetData></worksheet>")
    return path


def parquet_with_rows(path: Path, n_rows: int, *, chunk: int = 1_000_000) -> Path:
    """`n_rows` rows of one constant int8 column, run-length encoded: 100 M rows take a few
    hundred KB on disk."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("x", pa.int8())])
    block = pa.table({"x": pa.array([1] * min(chunk, n_rows), pa.int8())})
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        left = n_rows
        while left > 0:
            writer.write_table(block.slice(0, min(left, len(block))),
                               row_group_size=10 * chunk)
            left -= len(block)
    return path


def parquet_dictionary_bomb(path: Path, n_rows: int, value_chars: int) -> Path:
    """`n_rows` copies of one `value_chars`-letter string, dictionary encoded: the file is
    small and its declared sizes too, but decoding repeats the string in every row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    value = "b" * value_chars
    column = pa.DictionaryArray.from_arrays(pa.array([0] * n_rows, pa.int32()),
                                            pa.array([value]))
    pq.write_table(pa.table({"text": column}), path, compression="zstd", use_dictionary=True)
    return path


def gradio_call(base: str, api: str, data: list, params: dict | None = None,
                timeout: float = 300) -> tuple[str, Any]:
    """Call a Gradio event over HTTP as a browser does: ("complete", output values) or
    ("error", the error object shown to the person)."""
    r = httpx.post(f"{base}/gradio_api/call/{api}", json={"data": data}, params=params,
                   timeout=60)
    r.raise_for_status()
    event = r.json()["event_id"]
    lines = httpx.get(f"{base}/gradio_api/call/{api}/{event}", params=params,
                      timeout=timeout).text.splitlines()
    for kind in ("complete", "error"):
        if f"event: {kind}" in lines:
            return kind, json.loads(lines[lines.index(f"event: {kind}") + 1]
                                    .removeprefix("data: "))
    raise AssertionError(f"no result from {api}: {lines[:10]}")


def gradio_upload(base: str, path: Path) -> dict[str, Any]:
    """Upload a file the way the browser's file component does; the FileData to pass on."""
    r = httpx.post(f"{base}/gradio_api/upload", files={"files": (path.name, path.read_bytes())},
                   timeout=120)
    r.raise_for_status()
    return {"path": r.json()[0], "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[AppProcess]:
    """`app.py serve` on a free loopback port with no users configured (the loopback caller
    is the local admin), its own data dir and the default content limits."""
    data = tmp_path / "server-data"
    data.mkdir()
    app = start_app(data)
    try:
        yield app
    finally:
        app.stop()
