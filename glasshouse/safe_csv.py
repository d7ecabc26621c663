"""The one CSV writer of Glasshouse: every CSV (and TSV, and text cells of .xlsx) export goes
through it, so no cell can run as a formula when the file is opened in a spreadsheet (OWASP
"CSV injection": `=HYPERLINK(...)`, `@SUM(...)`, `=cmd|' /C calc'!A0`).

The rule, for a text cell:
- it is *dangerous* when, after any leading whitespace (spaces, tabs, CR, LF and other Unicode
  spaces, which spreadsheets skip), it starts with `=`, `+`, `-` or `@`; or when it starts with
  a tab or a carriage return itself;
- except a plain number (`-1.5`, `+3`, ` -2e-3`): it stays as it is, so numbers remain numbers;
- a dangerous cell gets a leading apostrophe (`'=1+1`), which spreadsheets show as text;
- a cell that already starts with an apostrophe gets one more, so that `unprotect` (used by
  our importers) gives back exactly the original text: protect/unprotect round-trip losslessly.
Numbers, booleans and None (written as an empty cell) are not text and are never changed.

Rows end in CRLF (RFC 4180): Python's csv writer quotes a cell holding a line-end character
only when that character is part of the line terminator, so with a bare "\n" terminator a
cell "'\r=1+1" would be written unquoted and read back as a new row starting "=1+1".
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

TRIGGERS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?")


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula (see the module's rule)."""
    if text.startswith(CONTROL_STARTS):
        return True
    stripped = text.lstrip()
    if not stripped.startswith(TRIGGERS):
        return False
    return not _NUMBER.fullmatch(stripped.rstrip())


def protect(value: Any) -> Any:
    """A cell safe to write: dangerous text prefixed with an apostrophe; other values as they
    are (None becomes the empty string, a float NaN too)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not isinstance(value, str):
        return value
    if is_dangerous(value) or value.startswith("'"):
        return "'" + value
    return value


def unprotect(cell: str) -> str:
    """The original text of a cell written by `protect` (an importer reading our export back)."""
    if cell.startswith("'") and (is_dangerous(cell[1:]) or cell[1:].startswith("'")):
        return cell[1:]
    return cell


LINE_END = "\r\n"


def to_text(header: Sequence[Any] | None, rows: Iterable[Sequence[Any]], *,
            delimiter: str = ",", quote_all: bool = False) -> str:
    """CSV text with every header and body cell protected."""
    buf = io.StringIO()
    write(buf, header, rows, delimiter=delimiter, quote_all=quote_all)
    return buf.getvalue()


def write(fh: Any, header: Sequence[Any] | None, rows: Iterable[Sequence[Any]], *,
          delimiter: str = ",", quote_all: bool = False) -> None:
    """Write protected rows to an open text file (opened with newline='')."""
    writer = csv.writer(fh, delimiter=delimiter, lineterminator=LINE_END,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    if header is not None:
        writer.writerow([protect(str(h)) for h in header])
    for row in rows:
        writer.writerow([protect(v) for v in row])


def dict_rows_to_text(columns: Sequence[str], rows: Iterable[dict[str, Any]], **kw: Any) -> str:
    """CSV text of dict rows in the given column order (missing keys are empty cells)."""
    return to_text(columns, ([r.get(c) for c in columns] for r in rows), **kw)


def write_frame(frame: Any, path: str | Path, *, delimiter: str = ",") -> Path:
    """A pandas DataFrame as a protected CSV/TSV file (no index column), UTF-8."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "w", encoding="utf-8", newline="") as fh:
        write(fh, list(frame.columns), _frame_rows(frame), delimiter=delimiter)
    return p


def _frame_rows(frame: Any) -> Iterable[list[Any]]:
    for row in frame.itertuples(index=False, name=None):
        yield [_plain(v) for v in row]


def _plain(value: Any) -> Any:
    """numpy scalars as Python values, pandas' missing values as None."""
    if value is None:
        return None
    item = getattr(value, "item", None)
    if item is not None and not isinstance(value, (str, bytes)):
        try:
            value = item()
        except (TypeError, ValueError):
            pass
    try:
        import pandas as pd

        if not isinstance(value, (list, tuple, dict)) and pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def protect_frame(frame: Any) -> Any:
    """A copy of `frame` with protected text cells and column names (for .xlsx writers, which
    would otherwise store a text starting with '=' as a formula)."""
    out = frame.copy()
    out.columns = [protect(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("string", "str"):
            out[col] = out[col].map(lambda v: protect(v) if isinstance(v, str) else v)
    return out
