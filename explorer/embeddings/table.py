"""Read a table (or pasted lines) and pull out a clean text column, with precise errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glasshouse.errors import BadInput

MIN_ROWS = 2


def read_table(path: str | Path) -> Any:
    """A pandas DataFrame from CSV/TSV/JSON(L)/Parquet/XLSX, or a .txt file with one text a
    line: the datasets loader (explorer.datasets.loading.load_table), so every tab reads a file
    the same way, within the upload size and the content limits."""
    from explorer.datasets.loading import load_table

    return load_table(path).frame


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
