"""Read Parquet/JSONL folders (or single files) in units of rows, never all at once.

A source is planned first (`plan_source`): the files are listed and checked (a Parquet footer
that cannot be read, a folder with no data files, mixed formats are errors before any work
starts), and cut into `Unit`s of about `unit_rows` contiguous rows, each knowing its global
first row. A unit is read where it is processed (`read_unit`): in this process, in a worker
process or on a Ray worker (which must see the same path). Other single files (CSV, TSV, JSON,
Excel) are loaded in memory with the dataset loader (its size limit applies) and cut into units
that carry their rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glasshouse.errors import BadInput

STREAM_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl",
                  ".ndjson": "jsonl"}
DEFAULT_UNIT_ROWS = 1_000


@dataclass(frozen=True)
class Unit:
    """A contiguous run of rows: rows first_row .. first_row + n_rows - 1 of the source."""

    index: int
    file: str
    format: str  # parquet | jsonl | memory
    first_row: int
    n_rows: int
    row_group: int = -1  # parquet: row group, and which slice of it
    slice_in_group: int = 0
    slice_rows: int = 0
    byte_start: int = 0  # jsonl: byte range and the file line number of its first byte
    byte_end: int = 0
    first_line: int = 1
    rows: Any = field(default=None, repr=False, compare=False)  # memory: DataFrame or texts

    @property
    def name(self) -> str:
        return Path(self.file).name


@dataclass(frozen=True)
class SourcePlan:
    path: str
    display_name: str
    format: str
    files: tuple[str, ...]
    units: tuple[Unit, ...]
    total_rows: int
    truncated: bool
    encoding: str | None

    def preview(self, max_rows: int = 1_000) -> Any:
        """The first rows (a pandas DataFrame) for pickers and the preview table."""
        import pandas as pd

        parts, n = [], 0
        for unit in self.units:
            frame = read_unit(unit)
            parts.append(frame)
            n += len(frame)
            if n >= max_rows:
                break
        return pd.concat(parts, ignore_index=True).iloc[:max_rows] if parts else pd.DataFrame()

    def frames(self) -> Iterator[tuple[Unit, Any]]:
        for unit in self.units:
            yield unit, read_unit(unit)


def _data_files(folder: Path) -> list[Path]:
    found = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).parts
        if any(part.startswith((".", "_")) for part in rel) or not p.is_file():
            continue  # hidden files, _SUCCESS markers, _temporary folders
        if p.suffix.lower() in STREAM_FORMATS:
            found.append(p)
    return found


def plan_source(path: str | Path, *, unit_rows: int = DEFAULT_UNIT_ROWS,
                max_rows: int | None = None) -> SourcePlan:
    """List and check the files of `path` and cut them into units of rows."""
    p = Path(path)
    shown = p.name or str(p)
    if unit_rows < 1:
        raise BadInput("the batch size must be at least 1 row", field="batch rows")
    if max_rows is not None and max_rows < 1:
        raise BadInput("--max-rows must be at least 1", field="--max-rows")
    if not p.exists():
        raise BadInput("no such file or folder", file=str(path))
    if p.is_dir():
        files = _data_files(p)
        if not files:
            raise BadInput("the folder holds no .parquet or .jsonl files", file=shown)
        formats = {STREAM_FORMATS[f.suffix.lower()] for f in files}
        if len(formats) > 1:
            raise BadInput("the folder mixes Parquet and JSONL files; keep one format per "
                           "folder", file=shown)
        fmt = formats.pop()
    elif p.suffix.lower() in STREAM_FORMATS:
        files, fmt = [p], STREAM_FORMATS[p.suffix.lower()]
    else:
        return _plan_in_memory(p, unit_rows, max_rows)
    if fmt == "parquet":
        for f in files:  # every footer first: a broken file stops the scan before it starts
            _parquet_meta(f)
    units: list[Unit] = []
    total, truncated = 0, False
    for k, f in enumerate(files):
        limit = None if max_rows is None else max_rows - total
        new = (_parquet_units if fmt == "parquet" else _jsonl_units)(
            f, len(units), total, unit_rows, limit)
        units.extend(new)
        total += sum(u.n_rows for u in new)
        if max_rows is not None and total >= max_rows:
            truncated = _has_more(f, fmt, new) or any(_has_rows(g, fmt) for g in files[k + 1:])
            break
    if total == 0:
        raise BadInput("no rows found", file=shown)
    return SourcePlan(str(p), shown, fmt, tuple(str(f) for f in files), tuple(units), total,
                      truncated, "utf-8" if fmt == "jsonl" else None)


def _has_rows(f: Path, fmt: str) -> bool:
    return _has_more(f, fmt, [])


def _has_more(f: Path, fmt: str, units: list[Unit]) -> bool:
    """Whether file `f` has rows after its planned units (only asked when max_rows cut it)."""
    if fmt == "parquet":
        return _parquet_meta(f).num_rows > sum(u.n_rows for u in units)
    with open(f, "rb") as fh:
        fh.seek(units[-1].byte_end if units else 0)
        return any(line.strip() for line in fh)


def _parquet_meta(f: Path) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(f).metadata
    except (pa.ArrowException, OSError) as exc:
        raise BadInput(f"not a readable Parquet file ({_first_line(exc)})", file=f.name) from None


def _parquet_units(f: Path, start_index: int, first_row: int, unit_rows: int,
                   limit: int | None) -> list[Unit]:
    meta = _parquet_meta(f)
    units: list[Unit] = []
    row = first_row
    left = limit
    for rg in range(meta.num_row_groups):
        n_group = meta.row_group(rg).num_rows
        for k in range(0, n_group, unit_rows):
            n = min(unit_rows, n_group - k)
            if left is not None:
                if left <= 0:
                    return units
                n = min(n, left)
                left -= n
            units.append(Unit(start_index + len(units), str(f), "parquet", row, n, row_group=rg,
                              slice_in_group=k // unit_rows, slice_rows=unit_rows))
            row += n
    return units


def _jsonl_units(f: Path, start_index: int, first_row: int, unit_rows: int,
                 limit: int | None) -> list[Unit]:
    """One pass over the bytes (no JSON parsing) to find where every unit starts."""
    units: list[Unit] = []
    row = first_row
    n, start, start_line, pos = 0, 0, 1, 0
    lineno = 0
    with open(f, "rb") as fh:
        for line in fh:
            lineno += 1
            if n == 0:
                start, start_line = pos, lineno
            pos += len(line)
            if not line.strip():
                continue
            n += 1
            if n == unit_rows or (limit is not None and row + n - first_row >= limit):
                units.append(Unit(start_index + len(units), str(f), "jsonl", row, n,
                                  byte_start=start, byte_end=pos, first_line=start_line))
                row += n
                n = 0
                if limit is not None and row - first_row >= limit:
                    return units
    if n:
        units.append(Unit(start_index + len(units), str(f), "jsonl", row, n, byte_start=start,
                          byte_end=pos, first_line=start_line))
    return units


def _plan_in_memory(p: Path, unit_rows: int, max_rows: int | None) -> SourcePlan:
    from explorer.datasets.loading import load_table

    table = load_table(p, max_rows=max_rows)
    frame = table.frame
    units = tuple(Unit(i, str(p), "memory", start, min(unit_rows, len(frame) - start),
                       rows=frame.iloc[start:start + unit_rows].reset_index(drop=True))
                  for i, start in enumerate(range(0, len(frame), unit_rows)))
    return SourcePlan(str(p), table.file, table.format, (str(p),), units, len(frame),
                      table.truncated, table.encoding)


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def read_unit(unit: Unit, columns: list[str] | None = None) -> Any:
    """The unit's rows as a pandas DataFrame (index 0..n-1), columns cleaned like the loader's."""
    from explorer.datasets.loading import _clean_columns

    if unit.format == "memory":
        frame = unit.rows
    elif unit.format == "parquet":
        frame = _read_parquet_unit(unit, columns)
    elif unit.format == "jsonl":
        frame = _read_jsonl_unit(unit)
    else:
        raise BadInput(f"unknown unit format '{unit.format}'", file=unit.name)
    if unit.format != "memory":
        from glasshouse.limits import ContentLimits

        frame.columns = _clean_columns(list(frame.columns), unit.name)
        ContentLimits.from_env().check_frame(frame, unit.name, first_row=unit.first_row + 1)
    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    return frame


def _read_parquet_unit(unit: Unit, columns: list[str] | None) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(unit.file)
        if columns is not None:
            columns = [c for c in columns if c in pf.schema_arrow.names]
        batches: Iterator[Any] = pf.iter_batches(batch_size=unit.slice_rows,
                                                 row_groups=[unit.row_group], columns=columns)
        for k, batch in enumerate(batches):
            if k == unit.slice_in_group:
                return batch.slice(0, unit.n_rows).to_pandas()
    except (pa.ArrowException, OSError) as exc:
        raise BadInput(f"not a readable Parquet file ({_first_line(exc)})", file=unit.name,
                       row=unit.first_row) from None
    raise BadInput("the Parquet file changed while it was read", file=unit.name)


def _read_jsonl_unit(unit: Unit) -> Any:
    import pandas as pd

    with open(unit.file, "rb") as fh:
        fh.seek(unit.byte_start)
        raw = fh.read(unit.byte_end - unit.byte_start)
    records = []
    for lineno, line in enumerate(raw.split(b"\n"), start=unit.first_line):
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise BadInput(f"line {lineno} is not UTF-8 text; save the file as UTF-8",
                           file=unit.name, row=lineno) from None
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(f"invalid JSON on line {lineno} ({exc.msg} at column {exc.colno})",
                           file=unit.name, row=lineno) from None
        if not isinstance(obj, dict):
            raise BadInput(f"line {lineno} is a JSON {type(obj).__name__}, expected an object "
                           "with one field per column", file=unit.name, row=lineno)
        records.append(obj)
    return pd.DataFrame(records)
