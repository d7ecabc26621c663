"""Dataset endpoints of the JSON API (/api/v1/datasets/...): scan a small CSV/TSV/JSON/JSONL
file sent as the request body; the answer is the `scan --json` object.

The body is capped by GLASSHOUSE_MAX_UPLOAD while it is read (a Content-Length over the cap is
refused before reading). Scans are CPU work: at most `SCAN_SLOTS` run at once, so that a burst of
scans queues here instead of slowing every other request of the server.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Query, Request

from glasshouse.api import actor_dependency
from glasshouse.context import AppContext
from glasshouse.errors import BadInput
from glasshouse.users import Actor

SCAN_SLOTS = max(1, min(4, (os.cpu_count() or 2)))
TextFormat = Literal["csv", "tsv", "json", "jsonl"]
CONTENT_TYPES = {"text/csv": "csv", "application/csv": "csv", "text/tab-separated-values": "tsv",
                 "application/json": "json", "application/jsonl": "jsonl",
                 "application/x-ndjson": "jsonl", "application/jsonlines": "jsonl",
                 "application/x-jsonlines": "jsonl"}
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def body_format(fmt: str | None, content_type: str | None, filename: str | None) -> str:
    """The table format: the `format` parameter, else the file name's extension, else the
    Content-Type; BadInput naming the field when none of them says."""
    if fmt:
        return fmt
    if filename:
        suffix = Path(filename).suffix.lower()
        found = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".jsonl": "jsonl",
                 ".ndjson": "jsonl"}.get(suffix)
        if found:
            return found
    media = (content_type or "").split(";")[0].strip().lower()
    if media in CONTENT_TYPES:
        return CONTENT_TYPES[media]
    raise BadInput("say what the body is: format=csv|tsv|json|jsonl, a filename ending in one "
                   "of those, or a Content-Type such as text/csv", field="format")


async def read_capped(request: Request, limit: int, name: str) -> bytes:
    """The request body, refusing more than `limit` bytes (checked while reading)."""
    declared = request.headers.get("content-length")
    too_big = (f"the upload is over the {limit / 1024**2:.1f} MB limit (GLASSHOUSE_MAX_UPLOAD); "
               "send a sample of it")
    if declared and declared.isdigit() and int(declared) > limit:
        raise BadInput(too_big, file=name)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadInput(too_big, file=name)
        chunks.append(chunk)
    return b"".join(chunks)


def router(ctx: AppContext) -> APIRouter:
    r = APIRouter(prefix="/datasets", tags=["datasets"])
    signed_in = actor_dependency(ctx)
    slots = threading.BoundedSemaphore(SCAN_SLOTS)

    def run_scan(raw: bytes, fmt: str, name: str, text_column: str | None,
                 languages: str | None, max_rows: int | None, pii: bool, save: bool,
                 subject: str | None, actor: Actor) -> dict[str, Any]:
        from explorer.datasets.loading import load_table
        from explorer.datasets.profile import profile_table, save_profile

        if save:  # fail before the work, not after it
            from glasshouse.users import require

            require(actor, "curator", "saving evidence")
        with tempfile.TemporaryDirectory(prefix="glasshouse-api-scan-") as tmp:
            path = Path(tmp) / f"upload.{fmt}"
            path.write_bytes(raw)
            with slots:
                table = load_table(path, fmt=fmt, max_rows=max_rows, display_name=name)
                prof = profile_table(table, text_column=text_column, languages=languages,
                                     pii=pii)
        out = prof.to_json()
        out["file"] = name
        out["caveat"] = prof.caveat
        if save:
            out["evidence_id"] = save_profile(ctx.db, actor, prof, subject=subject)
        return out

    @r.post("/scan")
    async def scan(
        request: Request,
        format: TextFormat | None = None,  # noqa: A002 - the query parameter's name
        filename: str | None = Query(None, max_length=200),
        text_column: str | None = Query(None, max_length=200),
        languages: str | None = Query(None, max_length=200,
                                      description="comma-separated BCP-47 tags, e.g. en,es"),
        max_rows: int | None = Query(None, ge=1, le=1_000_000),
        pii: bool = True,
        save: bool = False,
        subject: str | None = Query(None, max_length=120,
                                    description="catalog entry id the saved profile is about"),
        actor: Actor = signed_in,
    ) -> dict[str, Any]:
        """Profile the table in the body: statistics, languages, duplicates, PII."""
        from starlette.concurrency import run_in_threadpool

        from explorer.datasets.loading import max_bytes_from_settings

        from glasshouse.users import require_runner

        require_runner(actor, "scanning datasets")  # before reading the body
        name = _NAME.sub("_", filename or "upload")[:120] or "upload"
        fmt = body_format(format, request.headers.get("content-type"), filename)
        raw = await read_capped(request, max_bytes_from_settings(), name)
        return await run_in_threadpool(run_scan, raw, fmt, name, text_column, languages,
                                       max_rows, pii, save, subject, actor)

    return r
