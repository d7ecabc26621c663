"""The dataset a person loaded in the Datasets tab, kept server-side per user, so that:

- the Embeddings and Bias probes tabs can use it without a second upload ("use the dataset
  loaded in Datasets");
- a page reload (or a server restart) brings it back with the results shown for it.

Each user (the signed-in name; with no users configured, the local admin) has one workspace:
a folder `<data dir>/workspaces/<sha256 of the name>/` (0700) with the table as Parquet
(JSON Lines when a column's mixed types do not fit Parquet), `meta.json` (file name, format,
chosen columns) and `results.json` (what was shown: summaries, tables with personal information
already masked, figures, and the positions and types of PII findings, never their text).
Loading a new dataset replaces the workspace and clears its results. The live profile object
(needed to anonymise or save evidence) is also kept in memory for the running server; after a
restart the results are shown but the dataset has to be profiled again for those two actions.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from explorer.datasets.loading import LoadedTable
from glasshouse.errors import BadInput

MAX_RESULTS_BYTES = 20 * 1024 * 1024
LIVE_USERS = 16  # profiles kept in memory (most recently used users)
SECTIONS = ("profile", "associations", "errors", "embeddings")


@dataclass(frozen=True)
class Workspace:
    table: LoadedTable
    text_column: str | None
    label_column: str | None
    results: dict[str, Any]  # section -> JSON payload (see encode/decode)
    saved_at: str
    stored_as: str  # parquet | jsonl
    profile: Any = None  # the live Profile, when this server process computed it
    notes: tuple[str, ...] = field(default_factory=tuple)


def user_key(username: str) -> str:
    """Folder name for a user: a hash, so no user name can reach outside the workspaces."""
    return hashlib.sha256(username.encode("utf-8")).hexdigest()[:32]


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def encode(value: Any) -> Any:
    """JSON form of what the UI shows: DataFrames and plotly figures are tagged."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    mod = type(value).__module__
    if mod.startswith("pandas") and hasattr(value, "to_json"):
        return {"__frame__": json.loads(value.to_json(orient="split", index=False,
                                                      force_ascii=False))}
    if mod.startswith("plotly") and hasattr(value, "to_json"):
        return {"__figure__": value.to_json()}
    raise TypeError(f"cannot keep a {type(value).__name__} in a workspace")


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__frame__"}:
            import pandas as pd

            split = value["__frame__"]
            return pd.DataFrame(split.get("data", []), columns=split.get("columns", []))
        if set(value) == {"__figure__"}:
            import plotly.io as pio

            return pio.from_json(value["__figure__"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def _has_nested(frame: Any) -> bool:
    """Whether an object column holds lists, dicts or arrays (JSON keeps them as they are)."""
    for col in frame.columns:
        if frame[col].dtype == object:
            for v in frame[col].head(1000):
                if isinstance(v, list | dict | tuple | set) or hasattr(v, "shape"):
                    return True
    return False


class WorkspaceStore:
    """Per-user workspaces under `root` (see the module docstring)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock = threading.RLock()
        self._live: OrderedDict[str, tuple[str, Any]] = OrderedDict()  # user -> (saved_at, prof)

    def _dir(self, username: str, create: bool = False) -> Path:
        folder = self.root / user_key(username)
        if create:
            self.root.mkdir(parents=True, exist_ok=True)
            os.chmod(self.root, 0o700)
            folder.mkdir(exist_ok=True)
            os.chmod(folder, 0o700)
        return folder

    # ------------------------------------------------------------------ writing
    def save_table(self, username: str, table: LoadedTable, *, text_column: str | None = None,
                   label_column: str | None = None) -> None:
        """Keep the loaded table (replacing the user's previous one and its results)."""
        with self._lock:
            folder = self._dir(username, create=True)
            for old in ("table.parquet", "table.jsonl", "results.json"):
                (folder / old).unlink(missing_ok=True)
            stored_as = "parquet"
            try:
                import io

                if _has_nested(table.frame):  # Parquet would give lists back as arrays
                    raise TypeError("nested cells")
                buf = io.BytesIO()
                table.frame.to_parquet(buf, index=False)
                _write_atomic(folder / "table.parquet", buf.getvalue())
            except Exception:  # noqa: BLE001 - nested or mixed types: keep as JSON
                stored_as = "jsonl"
                data = table.frame.to_json(orient="records", lines=True, force_ascii=False)
                _write_atomic(folder / "table.jsonl", data.encode("utf-8"))
            meta = {"file": table.file, "format": table.format, "encoding": table.encoding,
                    "truncated": table.truncated, "columns": [str(c) for c in table.frame.columns],
                    "object_columns": [str(c) for c in table.frame.columns
                                       if table.frame[c].dtype == object],
                    "text_column": text_column, "label_column": label_column,
                    "stored_as": stored_as, "saved_at": datetime.now(UTC).isoformat()}
            _write_atomic(folder / "meta.json", json.dumps(meta, ensure_ascii=False).encode())
            self._live.pop(username, None)

    def set_columns(self, username: str, *, text_column: str | None,
                    label_column: str | None) -> None:
        with self._lock:
            meta = self._meta(username)
            if meta is None:
                return
            meta.update(text_column=text_column, label_column=label_column)
            _write_atomic(self._dir(username) / "meta.json",
                          json.dumps(meta, ensure_ascii=False).encode())

    def save_results(self, username: str, section: str, payload: dict[str, Any],
                     profile: Any = None) -> None:
        """Keep what a section showed (replacing that section's previous results). A profile
        given here is kept in memory for this process (anonymising, evidence)."""
        if section not in SECTIONS:
            raise BadInput(f"unknown section '{section}'", field="section")
        with self._lock:
            meta = self._meta(username)
            if meta is None:
                raise BadInput("load a dataset first", field="dataset")
            path = self._dir(username) / "results.json"
            results = self._results(path)
            results[section] = encode(payload)
            if section == "profile":  # a new profile makes older association/error views stale
                results.pop("associations", None)
                results.pop("errors", None)
            data = json.dumps(results, ensure_ascii=False).encode("utf-8")
            if len(data) > MAX_RESULTS_BYTES:
                raise BadInput("these results are too large to keep for the next visit "
                               f"(over {MAX_RESULTS_BYTES // 1024**2} MB)", field=section)
            _write_atomic(path, data)
            if profile is not None:
                self._live[username] = (meta["saved_at"], profile)
                self._live.move_to_end(username)
                while len(self._live) > LIVE_USERS:
                    self._live.popitem(last=False)

    def forget(self, username: str) -> None:
        with self._lock:
            shutil.rmtree(self._dir(username), ignore_errors=True)
            self._live.pop(username, None)

    # ------------------------------------------------------------------ reading
    def _meta(self, username: str) -> dict[str, Any] | None:
        path = self._dir(username) / "meta.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    @staticmethod
    def _results(path: Path) -> dict[str, Any]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def saved_at(self, username: str) -> str | None:
        """When the user's current table was kept (changes with every new load)."""
        meta = self._meta(username)
        return None if meta is None else str(meta.get("saved_at", ""))

    def load(self, username: str) -> Workspace | None:
        """The user's workspace, or None when they have none (or it cannot be read)."""
        import pandas as pd

        with self._lock:
            meta = self._meta(username)
            if meta is None:
                return None
            folder = self._dir(username)
            try:
                if meta.get("stored_as") == "jsonl":
                    with open(folder / "table.jsonl", encoding="utf-8") as fh:  # no inference
                        records = [json.loads(line) for line in fh if line.strip()]
                    frame = pd.DataFrame(records, columns=meta.get("columns") or None)
                else:
                    frame = pd.read_parquet(folder / "table.parquet")
                    for col in meta.get("object_columns", []):  # as loaded: object, not string
                        if col in frame.columns and frame[col].dtype != object:
                            frame[col] = frame[col].astype(object).where(frame[col].notna(),
                                                                          None)
            except (OSError, ValueError):
                return None
            table = LoadedTable(frame, str(meta.get("file", "dataset")),
                                str(meta.get("format", "csv")), meta.get("encoding"),
                                bool(meta.get("truncated", False)))
            results = decode(self._results(folder / "results.json"))
            live = self._live.get(username)
            profile = live[1] if live and live[0] == meta.get("saved_at") else None
            notes = ()
            if "profile" in results and profile is None:
                notes = ("The profile shown is from your last visit; profile the dataset again "
                         "to anonymise it or save it as evidence.",)
            return Workspace(table, meta.get("text_column"), meta.get("label_column"), results,
                             str(meta.get("saved_at", "")), str(meta.get("stored_as")), profile,
                             notes)


_stores: dict[Path, WorkspaceStore] = {}
_stores_lock = threading.Lock()


def store() -> WorkspaceStore:
    """The store under the configured data dir (GLASSHOUSE_DATA_DIR), one per folder."""
    from glasshouse.config import settings

    root = settings().data_dir / "workspaces"
    with _stores_lock:
        if root not in _stores:
            _stores[root] = WorkspaceStore(root)
        return _stores[root]


def loaded_or_error(username: str) -> Workspace:
    ws = store().load(username)
    if ws is None:
        raise BadInput("no dataset is loaded in the Datasets tab yet: load one there first",
                       field="dataset")
    return ws


MAX_PROBE_TEXTS = 500


def probe_input(ws: Workspace, probe: str) -> dict[str, Any]:
    """Parameters a probe takes from the loaded dataset: stereotype pairs (columns
    `stereotypical`, `anti_stereotypical`[, `bias_type`]) for `pairs`; the texts of the chosen
    text column (first MAX_PROBE_TEXTS non-empty) for `counterfactual`."""
    frame = ws.table.frame
    if probe == "pairs":
        from explorer.probes.formats import pairs_from_records

        # any pair layout the probe reads (ours, CrowS-Pairs' sent_more/sent_less...), taken
        # from the rows as they are (no CSV round trip)
        records = [{str(k): ("" if v is None or (isinstance(v, float) and v != v) else v)
                    for k, v in rec.items()} for rec in frame.to_dict("records")]
        return {"pairs": pairs_from_records(records, file=ws.table.file)}
    if probe == "counterfactual":
        col = ws.text_column
        if not col or col not in frame.columns:
            raise BadInput("choose the text column in the Datasets tab first",
                           file=ws.table.file, field="text column")
        texts = [str(v) for v in frame[col].tolist()
                 if v is not None and not (isinstance(v, float) and v != v) and str(v).strip()]
        if not texts:
            raise BadInput("the text column is empty", file=ws.table.file, field=col)
        return {"texts": texts[:MAX_PROBE_TEXTS], "pairs": []}
    raise BadInput(f"the '{probe}' probe does not take a dataset (it uses word lists or "
                   "prompts); use pairs or counterfactual", field="probe")


# ---------------------------------------------------------------- per-area state of a user
# What other tabs showed last (e.g. the Bias probes tab's last runs), kept beside the dataset in
# the same per-user folder, as `state/<area>.json`. It does not depend on the loaded dataset:
# loading a new dataset leaves it alone; `forget` removes it with everything else.

_AREA_NAME = re.compile(r"[a-z][a-z0-9_-]{0,39}")


def _state_path(ws: WorkspaceStore, username: str, area: str, create: bool = False) -> Path:
    if not _AREA_NAME.fullmatch(area or ""):
        raise BadInput(f"unknown area '{area}'", field="area")
    folder = ws._dir(username, create=create) / "state"
    if create:
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o700)
    return folder / f"{area}.json"


def save_state(username: str, area: str, state: dict[str, Any], *,
               at: WorkspaceStore | None = None) -> None:
    """Keep `state` (JSON: dicts, lists, text, numbers; frames and figures are tagged as in
    results) as what `area` shows this user next time, replacing what was kept before."""
    ws = at or store()
    data = json.dumps(encode(state), ensure_ascii=False).encode("utf-8")
    if len(data) > MAX_RESULTS_BYTES:
        raise BadInput("these results are too large to keep for the next visit "
                       f"(over {MAX_RESULTS_BYTES // 1024**2} MB)", field=area)
    with ws._lock:
        _write_atomic(_state_path(ws, username, area, create=True), data)


def load_state(username: str, area: str, *, at: WorkspaceStore | None = None) -> dict[str, Any]:
    """What was kept for `area` and this user ({} when nothing, or when it cannot be read)."""
    ws = at or store()
    with ws._lock:
        data = ws._results(_state_path(ws, username, area))
    return decode(data)
