"""Read a table (or pasted lines) and pull out a clean text column, with precise errors."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glasshouse.errors import BadInput
from glasshouse.limits import ContentLimits, check_xlsx, read_bytes_bounded

READERS = (".csv", ".tsv", ".jsonl", ".json", ".parquet", ".txt", ".xlsx")
MIN_ROWS = 2


def read_table(path: str | Path) -> Any:
    """A pandas DataFrame from CSV/TSV/JSON(L)/Parquet/XLSX, or a .txt file with one text a line,
    within the upload size and the content limits (glasshouse.limits), which are checked before
    a workbook or Parquet file is materialised."""
    p = Path(path)
    name = p.name
    if not p.is_file():
        raise BadInput("file not found", file=str(path))
    suffix = p.suffix.lower()
    if suffix not in READERS:
        raise BadInput(f"unsupported file type '{suffix or name}'; use one of "
                       f"{', '.join(READERS)}", file=name)
    frame = _read_bounded(p, suffix)
    limits = ContentLimits.from_env()
    if len(frame) > limits.max_rows:
        raise limits.too_many_rows(name, len(frame))
    limits.check_frame(frame, name)
    return frame


def _read_bounded(p: Path, suffix: str) -> Any:
    import pandas as pd

    from explorer.datasets.loading import _read_parquet, max_bytes_from_settings

    name = p.name
    limits = ContentLimits.from_env()
    upload = max_bytes_from_settings()
    try:
        if suffix == ".parquet":
            try:
                return _read_parquet(p, name, None, limits)
            except BadInput as exc:
                if exc.reason.startswith("not a readable"):
                    raise ValueError(exc.reason) from None
                raise
        if suffix == ".xlsx":
            read_bytes_bounded(p, upload, file=name)  # the size check only
            check_xlsx(p, name, limits)
            return pd.read_excel(p, nrows=limits.max_rows + 1)
        text = read_bytes_bounded(p, upload, file=name).decode("utf-8")
        if suffix == ".csv":
            return pd.read_csv(io.StringIO(text))
        if suffix == ".tsv":
            return pd.read_csv(io.StringIO(text), sep="\t")
        if suffix == ".jsonl":
            return pd.read_json(io.StringIO(text), lines=True)
        if suffix == ".json":
            return pd.read_json(io.StringIO(text))
        return frame_from_lines(text)
    except BadInput:
        raise
    except (ValueError, UnicodeDecodeError, OSError, ImportError) as exc:
        first = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise BadInput(f"could not read this file as {suffix[1:]} ({first})", file=name) from None
    except Exception as exc:  # noqa: BLE001 - pandas/pyarrow raise many kinds for broken files
        raise BadInput(f"could not read this file ({type(exc).__name__})", file=name) from None


def frame_from_lines(text: str, column: str = "text") -> Any:
    """Pasted texts, one per line (blank lines dropped)."""
    import pandas as pd

    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return pd.DataFrame({column: lines})


@dataclass(frozen=True)
class TextColumn:
    """The usable texts of a column, and the original row number (1-based) of each."""

    texts: list[str]
    rows: list[int]
    dropped_empty: int


def text_column(frame: Any, column: str, *, file: str | None = None,
                min_rows: int = MIN_ROWS) -> TextColumn:
    """Validate `column` as text and return its non-empty values.

    Errors name the file and field: a missing column lists the columns there are; a column that
    holds numbers or other non-text values names the first such row; an all-empty column or fewer
    than `min_rows` texts says so."""
    import pandas as pd

    if column not in frame.columns:
        have = ", ".join(map(str, frame.columns)) or "none"
        raise BadInput(f"no such column (columns are: {have})", file=file, field=column)
    series = frame[column]
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise BadInput(f"column holds {series.dtype} values, not text; pick a text column",
                       file=file, field=column)
    texts: list[str] = []
    rows: list[int] = []
    dropped = 0
    for i, value in enumerate(series.tolist(), start=1):
        if value is None or (isinstance(value, float) and value != value):
            dropped += 1
            continue
        if not isinstance(value, str):
            raise BadInput(f"value of type {type(value).__name__} is not text", file=file,
                           row=i, field=column)
        if not value.strip():
            dropped += 1
            continue
        texts.append(value)
        rows.append(i)
    if not texts:
        raise BadInput("column is empty: no row has any text", file=file, field=column)
    if len(texts) < min_rows:
        raise BadInput(f"only {len(texts)} row with text; a map needs at least {min_rows}",
                       file=file, field=column)
    return TextColumn(texts, rows, dropped)
