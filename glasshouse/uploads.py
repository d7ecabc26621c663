"""The private upload folder and the one check every file-receiving callback runs.

Every Gradio event is an HTTP endpoint, and a file input arrives as JSON naming a path
(`{"path": ..., "meta": {"_type": "gradio.FileData"}}`). Gradio checks that path against its
upload folder only for apps started with `launch()`, not for apps mounted on FastAPI as ours
are, so a signed-in viewer could name any file the server can read (`/etc/passwd`, the database,
the repository) and get its rows back. `uploaded_file()` accepts only a regular file whose real
path (symbolic links resolved) lies inside this process's private upload folder, where Gradio
stores what the browser uploads; anything else is a clear BadInput. Gradio copies the named
file into that folder before a callback runs, so glasshouse.http_guard runs the same check
(`foreign_file_paths`) on every event request first: that is what actually stops the attack;
the callback check covers callers that do not come through HTTP.

No gradio import here (only ui.py files and app.py import gradio).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from glasshouse.errors import BadInput

_upload_dir: Path | None = None
FILEDATA_KEYS = frozenset({"path", "url", "size", "orig_name", "mime_type", "is_stream", "meta"})
NOT_UPLOADED = ("this file was not uploaded through this page; upload it again with the file "
                "picker")


def private_upload_dir() -> Path:
    """A 0700 temp dir for this process's uploads, exports and Gradio cache. Removed at exit,
    and by `remove_private_upload_dir()` on server shutdown (SIGTERM skips atexit)."""
    global _upload_dir
    if _upload_dir is None:
        _upload_dir = Path(tempfile.mkdtemp(prefix="glasshouse-uploads-")).resolve()
        os.chmod(_upload_dir, 0o700)
        atexit.register(shutil.rmtree, _upload_dir, True)
    return _upload_dir


def remove_private_upload_dir() -> None:
    """Remove the private folder now (server shutdown); a later call makes a fresh one."""
    global _upload_dir
    if _upload_dir is not None:
        shutil.rmtree(_upload_dir, ignore_errors=True)
        _upload_dir = None


def private_temp_dir(prefix: str) -> Path:
    """A fresh folder inside the private upload folder (exports, maps), removed with it."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=private_upload_dir()))


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def write_download(name: str, content: str | bytes, *, prefix: str = "download-") -> str:
    """The one way a callback offers a file to download: written into a fresh folder inside the
    private upload folder (served by Gradio, removed with it), under a file name reduced to
    letters, digits, '.', '_' and '-' (no path can be smuggled in). Returns its path."""
    base = _SAFE_NAME.sub("-", os.path.basename(name or "")).strip(".-") or "download"
    path = private_temp_dir(prefix) / base[:120]
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with open(path, "w", encoding="utf-8", newline="") as fh:  # keep CRLF of CSV exports
            fh.write(content)
    return str(path)


def is_private_upload(path: str | os.PathLike[str]) -> bool:
    """True when `path`, with every symbolic link and `..` resolved, names a regular file
    inside the private upload folder."""
    try:
        real = Path(os.path.realpath(os.fspath(path)))
        return real.is_relative_to(private_upload_dir()) and real.is_file()
    except (OSError, ValueError, TypeError):
        return False


def foreign_file_paths(payload: Any) -> list[str]:
    """The paths of every FileData object in a decoded JSON payload (a dict with a string
    "path" and either Gradio's FileData marker or only FileData's keys, as Gradio's
    preprocessing recognises them) that do not name a private upload.

    Gradio copies every FileData path of an event's inputs into its cache *before* the
    callback runs, so the check must run on the request (glasshouse.http_guard) as well as in
    the callback (`uploaded_file`)."""
    found: list[str] = []
    stack = [payload]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            path = item.get("path")
            meta = item.get("meta")
            looks_like_file = (isinstance(meta, dict) and meta.get("_type") == "gradio.FileData"
                               ) or set(item) <= FILEDATA_KEYS
            if isinstance(path, str) and looks_like_file and not is_private_upload(path):
                found.append(path)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def uploaded_file(value: Any, *, field: str = "file") -> Path:
    """The real path of a file the browser uploaded to this app, or BadInput.

    `value` is what a gr.File(type="filepath") callback receives (a str path, a NamedString,
    or an object with `.name`/`.path`). The path must name a regular file inside the private
    upload folder once every symbolic link and `..` is resolved."""
    raw = getattr(value, "path", None) or getattr(value, "name", None) or value
    if not isinstance(raw, (str, os.PathLike)) or not str(raw).strip():
        raise BadInput("no file was uploaded", field=field)
    if not is_private_upload(raw):
        raise BadInput(NOT_UPLOADED, field=field)
    return Path(os.path.realpath(os.fspath(raw)))
