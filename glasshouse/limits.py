"""Content limits for every file Glasshouse reads: decompressed size, rows, columns and the
length of one cell, checked *before* a file is materialised (zip member sizes and a streaming
XML pass for .xlsx, the footer's row count and sizes for Parquet, bounded reads for text).

| variable                      | default   | what it bounds                                           |
|-------------------------------|-----------|----------------------------------------------------------|
| GLASSHOUSE_MAX_UNCOMPRESSED   | 200mb     | bytes after decompression (xlsx members, Parquet data)   |
| GLASSHOUSE_MAX_ROWS           | 1000000   | rows of one table (a sample of a bigger file is allowed) |
| GLASSHOUSE_MAX_COLUMNS        | 1000      | columns of one table                                     |
| GLASSHOUSE_MAX_CELL_CHARS     | 100000    | characters in one cell                                   |

The cell default stays well under spaCy's 1,000,000-character limit (error E088) and under
Python's csv field limit (131,072), so every format fails the same way, with a BadInput that
names the file, the row, the column, the limit and its variable. A limit that is exceeded is
an error (HTTP 400, CLI exit 2), never a silent cut.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from glasshouse.errors import BadInput

ENV_UNCOMPRESSED = "GLASSHOUSE_MAX_UNCOMPRESSED"
ENV_ROWS = "GLASSHOUSE_MAX_ROWS"
ENV_COLUMNS = "GLASSHOUSE_MAX_COLUMNS"
ENV_CELL = "GLASSHOUSE_MAX_CELL_CHARS"
DEFAULTS = {ENV_UNCOMPRESSED: "200mb", ENV_ROWS: "1000000", ENV_COLUMNS: "1000",
            ENV_CELL: "100000"}
MAX_ZIP_MEMBERS = 10_000
_CHUNK = 64 * 1024


def parse_size(text: str | int) -> int:
    """'50mb', '2 GB', '1000' -> bytes."""
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?\s*", str(text).lower())
    if not m:
        raise BadInput(f"cannot read size '{text}' (use e.g. 50mb)", field="max size")
    unit = (m.group(2) or "b").rstrip("b").rstrip("i")
    return int(float(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit])


def _count(var: str) -> int:
    raw = os.environ.get(var, DEFAULTS[var]).replace("_", "").replace(",", "").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise BadInput(f"{var} must be a whole number of at least 1, not '{raw}'", field=var)
    return int(raw)


@dataclass(frozen=True)
class ContentLimits:
    max_uncompressed: int
    max_rows: int
    max_columns: int
    max_cell_chars: int

    @classmethod
    def from_env(cls) -> ContentLimits:
        """Read fresh from the environment (cheap; tests and operators change it)."""
        return cls(parse_size(os.environ.get(ENV_UNCOMPRESSED, DEFAULTS[ENV_UNCOMPRESSED])),
                   _count(ENV_ROWS), _count(ENV_COLUMNS), _count(ENV_CELL))

    def row_cap(self, requested: int | None) -> int:
        """How many rows a reader may materialise when `requested` were asked for."""
        return self.max_rows if requested is None else min(requested, self.max_rows)

    # --- the errors, each naming the limit, its value and its variable --------------------

    def too_many_rows(self, file: str, n: int | None = None) -> BadInput:
        has = f"has {n:,} rows, " if n is not None else "has "
        return BadInput(f"the table {has}more than the {self.max_rows:,}-row limit ({ENV_ROWS}); "
                        "load a sample of it (e.g. --max-rows)", file=file)

    def too_many_columns(self, file: str, n: int) -> BadInput:
        return BadInput(f"the table has {n:,} columns, over the {self.max_columns:,}-column "
                        f"limit ({ENV_COLUMNS})", file=file)

    def too_big_uncompressed(self, file: str, n: int, what: str = "") -> BadInput:
        return BadInput(f"{what or 'the data'} would take {n / 1024**2:,.1f} MB once "
                        f"decompressed, over the {self.max_uncompressed / 1024**2:,.0f} MB limit "
                        f"({ENV_UNCOMPRESSED})", file=file)

    def cell_too_long(self, file: str, n: int | None, *, row: int | None = None,
                      field: str | None = None) -> BadInput:
        length = f"{n:,} characters, over" if n is not None else "more characters than"
        return BadInput(f"a cell holds {length} the {self.max_cell_chars:,}-character limit "
                        f"({ENV_CELL}); shorten or split that text",
                        file=file, row=row, field=field)

    # --- checks ------------------------------------------------------------------------------

    def check_columns(self, file: str, n: int) -> None:
        if n > self.max_columns:
            raise self.too_many_columns(file, n)

    def check_text(self, value: Any, file: str, *, row: int | None = None,
                   field: str | None = None) -> None:
        if isinstance(value, str) and len(value) > self.max_cell_chars:
            raise self.cell_too_long(file, len(value), row=row, field=field)

    def check_frame(self, frame: Any, file: str, *, first_row: int = 1) -> None:
        """Every cell of a pandas DataFrame within the cell limit, and its columns within the
        column limit; the first offending cell is named (row numbers from `first_row`)."""
        self.check_columns(file, frame.shape[1])
        for col in frame.columns:
            series = frame[col]
            if series.dtype != object and str(series.dtype) not in ("string", "str"):
                continue
            lengths = series.map(lambda v: len(v) if isinstance(v, str) else 0)
            if len(lengths) and int(lengths.max()) > self.max_cell_chars:
                pos = int(lengths.to_numpy().argmax())
                raise self.cell_too_long(file, int(lengths.iloc[pos]), row=first_row + pos,
                                         field=str(col))


def content_limits() -> ContentLimits:
    return ContentLimits.from_env()


def read_bytes_bounded(path: str | Path, limit: int, *, file: str | None = None,
                       what: str = "GLASSHOUSE_MAX_UPLOAD") -> bytes:
    """The file's bytes, refusing more than `limit` (checked on the size and while reading, so
    a file that grows or a FIFO cannot slip past)."""
    p = Path(path)
    name = file or p.name
    too_big = BadInput(f"the file is over the {limit / 1024**2:,.1f} MB limit ({what}); use a "
                       "smaller file or a sample of it", file=name)
    try:
        size = p.stat().st_size
        if size > limit:
            raise too_big
        parts, n = [], 0
        with open(p, "rb") as fh:
            while True:  # sized reads: read(limit + 1) would reserve the whole limit up front
                chunk = fh.read(min(max(size - n, 0), limit - n) + 1 or _CHUNK)
                if not chunk:
                    break
                n += len(chunk)
                if n > limit:
                    raise too_big
                parts.append(chunk)
    except OSError as exc:
        raise BadInput(f"cannot read it ({exc.strerror or type(exc).__name__})",
                       file=name) from None
    return b"".join(parts)


def read_text_bounded(path: str | Path, *, file: str | None = None,
                      limit: int | None = None) -> str:
    """A UTF-8 (BOM allowed) text file within the upload limit, as text; a clear BadInput for
    an oversized or undecodable file. For small text inputs: card READMEs, probe CSVs."""
    from glasshouse.config import settings

    limit = parse_size(settings().max_upload) if limit is None else limit
    name = file or Path(path).name
    data = read_bytes_bounded(path, limit, file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise BadInput(f"is not UTF-8 (bad byte on line {line}); save it as UTF-8",
                       file=name, row=line) from None


# --- xlsx: checked on the zip directory and one streaming XML pass, before openpyxl -------

_CELL_REF = re.compile(r"([A-Za-z]{1,3})")


def _column_number(ref: str) -> int:
    m = _CELL_REF.match(ref)
    if not m:
        return 0
    n = 0
    for ch in m.group(1).upper():
        n = n * 26 + ord(ch) - 64
    return n


def check_xlsx(path: str | Path, file: str, limits: ContentLimits,
               max_rows: int | None = None) -> None:
    """Refuse a workbook whose members decompress past the limit, or whose sheets hold more
    rows (unless only `max_rows` are asked for) or columns than allowed, or a longer cell
    (shared or inline string), or any DOCTYPE (entity expansion) - without building a cell."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise BadInput(f"the workbook holds {len(infos):,} parts, over "
                               f"{MAX_ZIP_MEMBERS:,}", file=file)
            total = sum(i.file_size for i in infos)
            if total > limits.max_uncompressed:
                raise limits.too_big_uncompressed(file, total, "the workbook")
            budget = [limits.max_uncompressed]
            for info in infos:
                # Every XML part is checked as if it were a sheet: the workbook's relationships
                # may put sheets and shared strings under any name.
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as fh:
                    _scan_xml(fh, file, info.filename, limits, budget,
                              rows_ok=max_rows is not None and max_rows <= limits.max_rows)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            zlib.error, RuntimeError, OSError) as exc:  # damaged deflate data, bad CRC/password
        raise BadInput(f"not a readable .xlsx workbook ({type(exc).__name__}: "
                       f"{str(exc)[:120]})", file=file) from None


def _scan_xml(fh: BinaryIO, file: str, member: str, limits: ContentLimits, budget: list[int],
              *, rows_ok: bool) -> None:
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.buffer_text = False
    state: dict[str, Any] = {"text": 0, "rows": 0, "row": None, "col": None}
    strings = "sharedstrings" in member.lower()

    def start(tag: str, attrs: dict[str, str]) -> None:
        state["text"] = 0
        local = tag.rsplit(":", 1)[-1]
        if local == "row":
            state["rows"] += 1
            state["row"] = attrs.get("r") or state["rows"]
            if not rows_ok and state["rows"] > limits.max_rows + 1:  # + the header row
                raise limits.too_many_rows(file)
        elif local == "c":
            ref = attrs.get("r", "")
            state["col"] = ref or None
            if _column_number(ref) > limits.max_columns:
                raise limits.too_many_columns(file, _column_number(ref))

    def end(tag: str) -> None:
        state["text"] = 0

    def chars(data: str) -> None:
        state["text"] += len(data)
        if state["text"] > limits.max_cell_chars:
            where = ("a shared string" if strings else
                     f"cell {state['col']}" if state["col"] else f"part {member}")
            row = int(state["row"]) if str(state["row"]).isdigit() and not strings else None
            raise limits.cell_too_long(file, None, row=row, field=where)

    def doctype(*_: Any) -> None:
        raise BadInput(f"the workbook part {member} declares a DOCTYPE, which a workbook never "
                       "needs (entity expansion is refused)", file=file)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    try:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise limits.too_big_uncompressed(file, limits.max_uncompressed + 1,
                                                  "the workbook")
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise BadInput(f"not a readable .xlsx workbook (part {member}: "
                       f"{expat.ErrorString(exc.code)})", file=file) from None


# --- Parquet: the footer first, then bounded batches ----------------------------------------

def check_parquet_footer(pf: Any, file: str, limits: ContentLimits,
                         max_rows: int | None = None) -> None:
    """Rows, columns and the declared uncompressed size of the row groups that would be read,
    from the footer alone."""
    meta = pf.metadata
    if not (max_rows is not None and max_rows <= limits.max_rows) and \
            meta.num_rows > limits.max_rows:
        raise limits.too_many_rows(file, meta.num_rows)
    limits.check_columns(file, len(pf.schema_arrow.names))
    limits.check_columns(file, meta.num_columns)
    want = limits.row_cap(max_rows)
    size, rows = 0, 0
    for rg in range(meta.num_row_groups):
        if rows >= want:
            break
        group = meta.row_group(rg)
        size += sum(group.column(c).total_uncompressed_size for c in range(group.num_columns))
        rows += group.num_rows
        if size > limits.max_uncompressed:
            raise limits.too_big_uncompressed(file, size, "the Parquet data")


def check_arrow_batch(batch: Any, file: str, limits: ContentLimits, first_row: int) -> int:
    """Every string/binary cell of a record batch within the cell limit. Returns the bytes the
    batch takes once decoded (a dictionary column counted as if every row held its value, as
    it will once the text is used), for the caller's decompressed-size budget."""
    import pyarrow as pa
    import pyarrow.compute as pc

    decoded = 0
    for name, col in zip(batch.schema.names, batch.columns):
        t = col.type
        dictionary = pa.types.is_dictionary(t)
        values = col.dictionary if dictionary else col
        vt = t.value_type if dictionary else t
        if pa.types.is_string(vt) or pa.types.is_large_string(vt):
            lengths = pc.utf8_length(values)
            sizes = pc.binary_length(values)
        elif pa.types.is_binary(vt) or pa.types.is_large_binary(vt):
            lengths = sizes = pc.binary_length(values)
        else:
            decoded += col.nbytes
            continue
        if dictionary:
            lengths, sizes = pc.take(lengths, col.indices), pc.take(sizes, col.indices)
        decoded += int(pc.sum(sizes).as_py() or 0) + col.nbytes
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > limits.max_cell_chars:
            pos = pc.index(lengths, longest).as_py()
            raise limits.cell_too_long(file, int(longest), row=first_row + pos, field=name)
    return decoded
