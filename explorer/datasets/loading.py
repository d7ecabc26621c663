"""Load a dataset file (CSV, TSV, JSON, JSONL, Parquet, Excel) or a sample of a Hugging Face
dataset split (`hf:<id>[:config][:split]`, through the `datasets` package) into a pandas
DataFrame, with encoding detection, a size limit and errors that name the file, row and field.
Nothing is modified on disk."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glasshouse.errors import BadInput, GlasshouseError, ModelUnavailable
from glasshouse.limits import ContentLimits, check_arrow_batch, check_parquet_footer, check_xlsx
from glasshouse.limits import parse_size as _parse_size

# ".txt" is "text": one text per line (column "text"), or TSV when its first line has a tab
FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "text", ".json": "json",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet",
           ".xlsx": "excel", ".xlsm": "excel"}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
HF_SAMPLE_ROWS = 5_000


@dataclass(frozen=True)
class LoadedTable:
    frame: Any  # pandas.DataFrame
    file: str
    format: str
    encoding: str | None
    truncated: bool = False  # only the first max_rows rows were read

    @property
    def n_rows(self) -> int:
        return len(self.frame)


def parse_size(text: str | int | None) -> int:
    """'50mb', '2 GB', '1000' -> bytes."""
    return DEFAULT_MAX_BYTES if text is None else _parse_size(text)


def max_bytes_from_settings() -> int:
    from glasshouse.config import settings

    return parse_size(settings().max_upload)


def detect_format(path: Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in set(FORMATS.values()):
            raise BadInput(f"unknown format '{fmt}'; use one of "
                           f"{', '.join(sorted(set(FORMATS.values())))}", file=path.name)
        return fmt
    found = FORMATS.get(path.suffix.lower())
    if not found:
        raise BadInput(f"cannot tell the format from the extension '{path.suffix or '(none)'}'; "
                       "supported: .csv .tsv .txt .json .jsonl .parquet .xlsx", file=path.name)
    return found


def decode(raw: bytes, file: str) -> tuple[str, str]:
    """Bytes -> (text, encoding). BOMs first, then strict UTF-8, then charset detection."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(enc), enc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_line = raw[:exc.start].count(b"\n") + 1
    from charset_normalizer import from_bytes

    matches = from_bytes(raw)
    best = matches.best()
    # Single-byte code pages are hard to tell apart; when a Western European one decodes the
    # bytes about as cleanly as the best guess, prefer it (Glasshouse's core languages).
    western = [m for m in matches if m.encoding in ("cp1252", "latin_1", "iso8859_15")]
    if best is not None and western and western[0].chaos <= best.chaos + 0.05:
        best = western[0]
    if best is None or best.encoding is None:
        raise BadInput(f"the text is not UTF-8 (first bad byte on line {bad_line}) and its "
                       "encoding could not be detected; save it as UTF-8", file=file)
    return str(best), best.encoding


def load_table(path: str | Path, *, fmt: str | None = None, max_bytes: int | None = None,
               max_rows: int | None = None, sheet: str | int = 0,
               display_name: str | None = None) -> LoadedTable:
    """Read a table within the upload size and the content limits (glasshouse.limits:
    decompressed size, rows, columns, cell length), checked before the rows are built."""
    if is_hub_ref(path):
        ref = parse_hub_ref(str(path))
        return load_hub(ref.dataset, config=ref.config, split=ref.split, max_rows=max_rows,
                        allow_local=True)
    path = Path(path)
    name = display_name or path.name
    if not path.is_file():
        raise BadInput("file not found", file=name)
    fmt = detect_format(path, fmt)
    limit = max_bytes if max_bytes is not None else max_bytes_from_settings()
    size = path.stat().st_size
    if size > limit:
        raise BadInput(f"the file is {size / 1024**2:.1f} MB, over the {limit / 1024**2:.0f} MB "
                       "limit (GLASSHOUSE_MAX_UPLOAD); use a sample of it", file=name)
    if size == 0:
        raise BadInput("the file is empty", file=name)
    import pandas as pd

    limits = ContentLimits.from_env()
    encoding: str | None = None
    truncated = False
    if fmt in ("csv", "tsv", "json", "jsonl", "text"):
        text, encoding = decode(path.read_bytes(), name)
        if fmt == "text":
            fmt = "tsv" if "\t" in text.lstrip().split("\n", 1)[0] else "text"
        if fmt == "text":
            frame = _read_lines(text, name, max_rows, limits)
        elif fmt in ("csv", "tsv"):
            frame = _read_delimited(text, "\t" if fmt == "tsv" else ",", name, max_rows,
                                    limits)
        elif fmt == "jsonl":
            frame = pd.DataFrame(_read_jsonl(text, name, max_rows, limits))
        else:
            frame = pd.DataFrame(_read_json(text, name, limits, max_rows))
    elif fmt == "parquet":
        frame = _read_parquet(path, name, max_rows, limits)
    else:
        check_xlsx(path, name, limits, max_rows)
        try:
            frame = pd.read_excel(path, sheet_name=sheet, engine="openpyxl",
                                  nrows=limits.row_cap(max_rows) + (max_rows is None))
        except (ValueError, KeyError, OSError) as exc:
            raise BadInput(f"cannot read the Excel workbook ({_first_line(exc)})",
                           file=name) from None
        except Exception as exc:  # noqa: BLE001 - zip/xml errors from a corrupt workbook
            raise BadInput(f"not a readable .xlsx workbook ({type(exc).__name__})",
                           file=name) from None
    if (max_rows is None or max_rows > limits.max_rows) and len(frame) > limits.max_rows:
        raise limits.too_many_rows(name, None if fmt == "excel" else len(frame))
    if max_rows is not None and len(frame) > max_rows:
        frame, truncated = frame.iloc[:max_rows], True
    elif max_rows is not None and len(frame) == max_rows:
        truncated = True
    frame.columns = _clean_columns(list(frame.columns), name)
    if frame.shape[1] == 0:
        raise BadInput("no columns found", file=name)
    limits.check_frame(frame, name)
    return LoadedTable(frame.reset_index(drop=True), name, fmt, encoding, truncated)


def _read_lines(text: str, file: str, max_rows: int | None, limits: ContentLimits) -> Any:
    """A plain text file: one text per non-blank line, in a column named "text"."""
    import pandas as pd

    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    cap = limits.row_cap(max_rows) + 1
    if not lines:
        raise BadInput("the file has no text lines", file=file)
    return pd.DataFrame({"text": lines[:cap]})


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _clean_columns(cols: list[Any], file: str) -> list[str]:
    out, seen = [], {}
    for i, c in enumerate(cols):
        name = str(c).strip() if c is not None and str(c).strip() else f"column_{i + 1}"
        if name.startswith("Unnamed: "):
            name = f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


def _read_delimited(text: str, sep: str, file: str, max_rows: int | None,
                    limits: ContentLimits | None = None) -> Any:
    import csv
    import io

    import pandas as pd

    limits = limits or ContentLimits.from_env()
    if not text.strip():
        raise BadInput("the file is empty", file=file)
    # Python's csv module refuses fields over its own limit (131,072 by default); that error is
    # reported as our cell limit (naming the row), and the limit is raised (process-wide, only
    # ever upwards) when an operator set a cell limit above it. Shorter cells over our limit
    # are found on the frame, naming row and column.
    if limits.max_cell_chars + 1 > csv.field_size_limit():
        csv.field_size_limit(limits.max_cell_chars + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise _csv_error(exc, limits, file, 0, "header") from None
    limits.check_columns(file, len(header))
    cap = limits.row_cap(max_rows)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            if len(row) != len(header):
                raise BadInput(
                    f"has {len(row)} fields but the header has {len(header)} "
                    f"(line {reader.line_num} of the file; check quoting and the delimiter)",
                    file=file, row=len(rows) + 1)
            if len(rows) >= cap:
                if max_rows is not None and max_rows <= limits.max_rows:
                    break
                raise limits.too_many_rows(file)
            rows.append(row)
            if max_rows is not None and len(rows) >= max_rows:
                break
    except csv.Error as exc:
        raise _csv_error(exc, limits, file, len(rows) + 1,
                         f"{'TSV' if sep == chr(9) else 'CSV'}", reader.line_num) from None
    frame = pd.DataFrame(rows, columns=_clean_columns(header, file), dtype=object)
    frame = frame.replace({"": None})
    return _infer_types(frame)


def _csv_error(exc: Exception, limits: ContentLimits, file: str, row: int, what: str,
               line: int | None = None) -> BadInput:
    if "field larger than field limit" in str(exc):
        return limits.cell_too_long(file, None, row=row)
    if what == "header":
        return BadInput(f"malformed header ({exc})", file=file, row=0)
    return BadInput(f"malformed {what} ({exc}, line {line})", file=file, row=row)


def _infer_types(frame: Any) -> Any:
    """Numbers stay numbers (a column where every non-empty value parses); text stays text."""
    import pandas as pd

    for col in frame.columns:
        values = frame[col].dropna()
        if len(values) == 0:
            continue
        converted = pd.to_numeric(values, errors="coerce")
        if converted.notna().all():
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame


def _read_jsonl(text: str, file: str, max_rows: int | None,
                limits: ContentLimits | None = None) -> list[dict]:
    limits = limits or ContentLimits.from_env()
    cap = limits.row_cap(max_rows)
    keys: set[str] = set()
    records = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"invalid JSON on line {lineno} ({exc.msg} at column {exc.colno})",
                           file=file, row=lineno) from None
        if not isinstance(obj, dict):
            raise BadInput(f"line {lineno} is a JSON {type(obj).__name__}, expected an object "
                           "with one field per column", file=file, row=lineno)
        if len(records) >= cap:
            if max_rows is not None and max_rows <= limits.max_rows:
                break
            raise limits.too_many_rows(file)
        keys.update(obj)
        limits.check_columns(file, len(keys))
        records.append(obj)
        if max_rows is not None and len(records) >= max_rows:
            break
    if not records:
        raise BadInput("no JSON objects found", file=file)
    return records


def _read_json(text: str, file: str, limits: ContentLimits | None = None,
               max_rows: int | None = None) -> list[dict]:
    limits = limits or ContentLimits.from_env()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
                       "if it has one object per line, name it .jsonl", file=file) from None
    if isinstance(data, dict):  # {"data": [...]} or {"rows": [...]}
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise BadInput("expected a list of objects (or an object holding one such list)",
                           file=file)
        data = lists[0]
    if not isinstance(data, list) or not data:
        raise BadInput("expected a non-empty list of objects", file=file)
    if max_rows is not None and max_rows <= limits.max_rows:
        data = data[:max_rows + 1]  # one more, so that the caller sees it was cut
    if len(data) > limits.max_rows:
        raise limits.too_many_rows(file, len(data))
    keys: set[str] = set()
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise BadInput(f"item is a JSON {type(item).__name__}, expected an object",
                           file=file, row=i)
        keys.update(item)
        limits.check_columns(file, len(keys))
    return data


def _read_parquet(path: Path, file: str, max_rows: int | None,
                  limits: ContentLimits | None = None) -> Any:
    """The footer is checked first (rows, columns, declared sizes); then the rows are read in
    small batches, each checked for long cells, and the decoded bytes are counted (dictionary
    and run-length encoding can hide a huge expansion behind small declared sizes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    limits = limits or ContentLimits.from_env()
    try:
        pf = pq.ParquetFile(path)
        check_parquet_footer(pf, file, limits, max_rows)
        cap = limits.row_cap(max_rows)
        batches, n, decoded = [], 0, 0
        for batch in pf.iter_batches(batch_size=max(1, min(cap, 1_024))):
            decoded += check_arrow_batch(batch, file, limits, first_row=n + 1)
            if decoded > limits.max_uncompressed:
                raise limits.too_big_uncompressed(file, decoded, "the Parquet data")
            batches.append(batch.slice(0, cap - n))
            n += batch.num_rows
            if n >= cap:
                break
        return _to_pandas(pa.Table.from_batches(batches, schema=pf.schema_arrow))
    except (pa.ArrowException, OSError) as exc:
        raise BadInput(f"not a readable Parquet file ({_first_line(exc)})", file=file) from None


def _to_pandas(table: Any) -> Any:
    """The rows, even when the pandas metadata stored in the file is damaged (not JSON, not
    UTF-8): that metadata only describes the index, so the columns are read without it."""
    try:
        return table.to_pandas()
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return table.replace_schema_metadata(None).to_pandas()


HF_PREFIX = "hf:"


@dataclass(frozen=True)
class HubRef:
    """`hf:<id>[:config][:split]` (the id may also be a local dataset folder, CLI only)."""
    dataset: str
    config: str | None = None
    split: str | None = None

    @property
    def label(self) -> str:
        return ":".join([f"{HF_PREFIX}{self.dataset}", self.config or "", self.split or ""]
                        ).rstrip(":")


def is_hub_ref(source: str | Path) -> bool:
    return isinstance(source, str) and source.startswith(HF_PREFIX)


def parse_hub_ref(source: str) -> HubRef:
    """'hf:owner/name:config:split' -> HubRef; config and split may be left out or empty
    ('hf:owner/name::test')."""
    body = source[len(HF_PREFIX):] if source.startswith(HF_PREFIX) else source
    parts = [p.strip() for p in body.split(":")]
    if len(parts) > 3 or not parts[0]:
        raise BadInput(f"cannot read '{source}'; write hf:<dataset id>[:config][:split], "
                       "e.g. hf:stanfordnlp/imdb:plain_text:test", field="dataset")
    parts += [""] * (3 - len(parts))
    return HubRef(parts[0], parts[1] or None, parts[2] or None)


def load_hub(dataset_id: str, *, config: str | None = None, split: str | None = None,
             max_rows: int | None = HF_SAMPLE_ROWS, allow_local: bool = False) -> LoadedTable:
    """The first `max_rows` rows of a Hugging Face dataset split, through the `datasets`
    package. Hub datasets are *streamed*, so only the rows read are downloaded, however large
    the dataset. With `allow_local` (the CLI, never the web UI) the id may be a local folder:
    one written by `Dataset.save_to_disk`, or a folder of data files (Parquet, CSV, JSON) that
    `datasets.load_dataset` reads. Without a split, 'train' is used when there is one, else
    the first split. Offline (HF_HUB_OFFLINE) or unreachable Hub: one ModelUnavailable error
    naming the dataset."""
    dataset_id = (dataset_id or "").strip()
    max_rows = HF_SAMPLE_ROWS if max_rows is None else max_rows
    if max_rows < 1:
        raise BadInput("the number of rows to sample must be at least 1", field="rows")
    local = Path(dataset_id) if dataset_id else None
    ref = HubRef(dataset_id, config, split)
    if not allow_local:
        # the web UI: the answer must not tell whether a folder exists on the server (issue
        # 14), so the id's form is checked first and a relative id that happens to name a
        # local folder gets the answer of a dataset missing from the Hub
        if not re.fullmatch(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?", dataset_id):
            raise BadInput(f"'{dataset_id}' is not a Hugging Face dataset id; expected "
                           "'owner/name' (or 'name')", field="dataset")
        if local is not None and local.exists():
            raise _hub_error(ref, FileNotFoundError(
                f"Dataset '{dataset_id}' doesn't exist on the Hub or cannot be accessed."))
    is_local = allow_local and local is not None and local.is_dir()
    if not is_local and not re.fullmatch(r"[\w.-]+(/[\w.-]+)?", dataset_id):
        raise BadInput(f"'{dataset_id}' is not a Hugging Face dataset id; expected "
                       "'owner/name' (or 'name')", field="dataset")
    import datasets

    datasets.logging.set_verbosity_error()
    datasets.disable_progress_bars()
    try:
        if is_local and any((local / f).is_file()
                            for f in ("dataset_info.json", "dataset_dict.json")):
            rows, split = _saved_rows(local, split, max_rows + 1)
        else:
            if split is None:
                names = datasets.get_dataset_split_names(dataset_id, config)
                split = "train" if "train" in names else names[0]
            stream = datasets.load_dataset(dataset_id, config, split=split, streaming=True)
            rows = _bounded_rows(stream.take(max_rows + 1), dataset_id)
    except GlasshouseError:
        raise
    except Exception as exc:  # noqa: BLE001 - translated into one clear message below
        raise _hub_error(ref, exc, allow_local=allow_local) from None
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    if not rows:
        raise BadInput(f"split '{split}' of '{dataset_id}' has no rows", field="split")
    import pandas as pd

    frame = pd.DataFrame([{k: _cell(v) for k, v in r.items()} for r in rows])
    frame.columns = _clean_columns(list(frame.columns), dataset_id)
    ContentLimits.from_env().check_frame(frame, dataset_id)
    label = HubRef(dataset_id, config, split).label
    return LoadedTable(frame.reset_index(drop=True), label, "hub", None, truncated)


def _saved_rows(folder: Path, split: str | None, n: int) -> tuple[list[dict], str | None]:
    """Rows of a folder written by `save_to_disk` (a Dataset or a DatasetDict)."""
    import datasets

    ds = datasets.load_from_disk(str(folder))
    if isinstance(ds, datasets.DatasetDict):
        names = list(ds)
        if split is None:
            split = "train" if "train" in names else names[0]
        if split not in ds:
            raise BadInput(f"no split '{split}' in '{folder.name}'; it has: {', '.join(names)}",
                           field="split")
        ds = ds[split]
    return _bounded_rows(iter(ds.select(range(min(n, len(ds))))), folder.name), split


def _bounded_rows(rows: Any, name: str) -> list[dict]:
    """Rows of a (streamed) dataset, each text checked against the cell limit and the total
    against the decompressed-size limit as they arrive, so an oversized dataset stops early."""
    limits = ContentLimits.from_env()
    out: list[dict] = []
    total = 0
    for i, row in enumerate(rows, start=1):
        for key, value in row.items():
            limits.check_text(value, name, row=i, field=str(key))
            if isinstance(value, (str, bytes)):
                total += len(value)
        if total > limits.max_uncompressed:
            raise limits.too_big_uncompressed(name, total, "the dataset's rows")
        limits.check_columns(name, len(row))
        out.append(row)
    return out


def _cell(value: Any) -> Any:
    """Scalars stay as they are; lists and dicts become JSON text, anything else (images,
    audio arrays) a short description, so every column can be profiled and shown."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, dict)):
        try:
            return json.dumps(value, ensure_ascii=False, default=str)[:10_000]
        except (TypeError, ValueError):
            return str(value)[:10_000]
    return f"<{type(value).__name__}>"


def _hub_error(ref: HubRef, exc: BaseException, *, allow_local: bool = False) -> GlasshouseError:
    from glasshouse.config import settings

    what = f"Hugging Face dataset '{ref.dataset}'"
    text = _first_line(exc)
    names = {t.__name__ for t in type(exc).__mro__}
    if settings().offline and not (allow_local and Path(ref.dataset).is_dir()):
        return ModelUnavailable(f"cannot load {what}: this machine is offline (HF_HUB_OFFLINE "
                                "is set); upload a file instead")
    if names & {"ConnectionError", "OfflineModeIsEnabled", "Timeout", "HTTPError",
                "LocalEntryNotFoundError"}:
        return ModelUnavailable(f"cannot load {what}: the Hub could not be reached ({text})")
    if names & {"DatasetNotFoundError", "FileNotFoundError", "RepositoryNotFoundError",
                "GatedRepoError"}:
        return BadInput(f"{what} was not found (or is private or gated): {text}",
                        field="dataset")
    if "split" in text.lower():
        return BadInput(f"{what}: {text}", field="split")
    if "config" in text.lower():
        return BadInput(f"{what}: {text} (set the configuration)", field="config")
    return BadInput(f"cannot read {what} ({type(exc).__name__}: {text})", field="dataset")


def save_like(frame: Any, out: str | Path, fmt: str | None = None) -> Path:
    """Write a frame in the format named by `out`'s extension (or `fmt`). CSV, TSV and Excel
    go through glasshouse.safe_csv, so no text cell can run as a spreadsheet formula."""
    from glasshouse import safe_csv

    out = Path(out)
    fmt = detect_format(out, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        safe_csv.write_frame(frame, out)
    elif fmt == "tsv":
        safe_csv.write_frame(frame, out, delimiter="\t")
    elif fmt == "jsonl":
        frame.to_json(out, orient="records", lines=True, force_ascii=False)
    elif fmt == "json":
        frame.to_json(out, orient="records", force_ascii=False, indent=1)
    elif fmt == "parquet":
        frame.to_parquet(out, index=False)
    else:
        safe_csv.protect_frame(frame).to_excel(out, index=False, engine="openpyxl")
    return out
