"""Catalog endpoints of the JSON API (/api/v1/catalog/...). The service functions do the work
and the permission checks (viewers read; curators create and edit)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from catalog.licenses import LicenseClass
from glasshouse.api import actor_dependency
from glasshouse.context import AppContext
from glasshouse.users import Actor

MAX_PAGE = 100


class EntryIn(BaseModel):
    """A new entry: its fields as in `catalog export --format json`."""

    model_config = ConfigDict(extra="forbid")
    entry: dict[str, Any]
    comment: str = Field(default="", max_length=2000)


class EntryUpdate(BaseModel):
    """An edit made to `version` of the entry (optimistic locking: 409 if it is stale)."""

    model_config = ConfigDict(extra="forbid")
    entry: dict[str, Any]
    version: int = Field(ge=1)
    comment: str = Field(default="", max_length=2000)


def _stored(stored: Any) -> dict[str, Any]:
    return {"entry": stored.entry.model_dump(mode="json"), "version": stored.version,
            "license_class": stored.entry.license_class, "updated_by": stored.updated_by,
            "updated_at": stored.updated_at.isoformat() if stored.updated_at else None}


def router(ctx: AppContext) -> APIRouter:
    r = APIRouter(prefix="/catalog", tags=["catalog"])
    reader = actor_dependency(ctx)

    @r.get("/entries")
    def search_entries(
        q: str = Query("", max_length=500, description="words to find (all, prefix match)"),
        language: str | None = Query(None, max_length=35),
        region: str | None = Query(None, max_length=8),
        license_class: LicenseClass | None = None,
        modality: str | None = Query(None, max_length=20),
        access: Literal["open", "gated", "paid", "unknown"] | None = None,
        limit: int = Query(20, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=1_000_000),
        facets: bool = True,
        _actor: Actor = reader,
    ) -> dict[str, Any]:
        """Search with facets, one page at a time (`catalog search --json` plus paging)."""
        from catalog.service import search

        res = search(ctx.db, q, language=language, region=region, license_class=license_class,
                     modality=modality, access=access, limit=limit, offset=offset,
                     facets=facets)
        nxt = offset + len(res.results)
        return {"total": res.total, "results": res.results, "facets": res.facets,
                "limit": limit, "offset": offset,
                "next_offset": nxt if nxt < res.total else None}

    @r.get("/entries/{entry_id}")
    def get_entry(entry_id: str, response: Response, _actor: Actor = reader) -> dict[str, Any]:
        from catalog.service import get_stored

        stored = get_stored(ctx.db, entry_id)
        response.headers["ETag"] = f'"{stored.version}"'
        return _stored(stored)

    @r.post("/entries", status_code=201)
    def create_entry(body: EntryIn, actor: Actor = reader) -> dict[str, Any]:
        from catalog.service import create_entry as create

        return _stored(create(ctx.db, body.entry, actor=actor, comment=body.comment))

    @r.put("/entries/{entry_id}")
    def update_entry(entry_id: str, body: EntryUpdate, actor: Actor = reader) -> dict[str, Any]:
        from catalog.service import update_entry as update

        data = {**body.entry, "id": body.entry.get("id") or entry_id}
        return _stored(update(ctx.db, entry_id, data, expected_version=body.version,
                              actor=actor, comment=body.comment))

    @r.patch("/entries/{entry_id}")
    def patch_entry(entry_id: str, body: EntryUpdate, actor: Actor = reader) -> dict[str, Any]:
        """Change only the fields given in `entry`, on top of `version` (409 if stale)."""
        from catalog.service import get_stored
        from catalog.service import update_entry as update
        from glasshouse.errors import Conflict
        from glasshouse.users import require

        require(actor, "curator", "editing catalog entries")  # before revealing versions
        current = get_stored(ctx.db, entry_id)
        if current.version != body.version:
            raise Conflict(f"'{entry_id}' was changed by {current.updated_by} (now version "
                           f"{current.version}, you edited version {body.version}); reload it "
                           "and apply your change again")
        data = {**current.entry.model_dump(mode="json"), **body.entry}
        return _stored(update(ctx.db, entry_id, data, expected_version=body.version,
                              actor=actor, comment=body.comment))

    return r
