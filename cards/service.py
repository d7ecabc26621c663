"""Card services: build a card from a spec and stored evidence, and keep wizard drafts.

Every write takes an Actor and checks its role; reading evidence and building a card needs no
role beyond being signed in (viewers may read), saving drafts needs a curator."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from cards.render import BuiltCard, build, import_readme
from cards.sources import DataSource, from_catalog
from cards.spec import CardSpec
from glasshouse import evidence as evidence_store
from glasshouse.db import Database
from glasshouse.errors import BadInput, Conflict, NotFound
from glasshouse.users import Actor, require

CATALOG_PREFIX = "catalog:"


def split_ids(ids: list[str]) -> tuple[list[str], list[str]]:
    """Evidence ids and catalog entry ids ("catalog:<id>") from one list."""
    evidence, catalog = [], []
    for raw in ids:
        item = raw.strip()
        if not item:
            continue
        if item.startswith(CATALOG_PREFIX):
            catalog.append(item[len(CATALOG_PREFIX):])
        else:
            evidence.append(item)
    return evidence, catalog


def build_card(db: Database, spec: CardSpec, *, actor: Actor) -> BuiltCard:
    """Draft the card: fetch the cited evidence and catalog entries, render, check."""
    require(actor, "viewer", "building a card")
    rows = []
    for eid in spec.evidence:
        try:
            rows.append(evidence_store.get(db, eid))
        except NotFound:
            raise BadInput(f"no stored evidence with id '{eid}'", field="evidence") from None
    sources: list[DataSource] = []
    for entry_id in spec.catalog_entries:
        try:
            sources.append(from_catalog(db, entry_id))
        except NotFound as exc:
            raise BadInput(str(exc), field="catalog_entries") from None
    return build(spec, rows, sources)


def with_evidence(spec: CardSpec, ids: list[str]) -> CardSpec:
    ev, cat = split_ids(ids)
    return spec.model_copy(update={
        "evidence": list(dict.fromkeys(spec.evidence + ev)),
        "catalog_entries": list(dict.fromkeys(spec.catalog_entries + cat))})


@dataclass(frozen=True)
class Draft:
    id: str
    kind: str
    title: str
    spec: CardSpec
    completeness: float
    version: int
    updated_by: str
    updated_at: datetime


def _to(row) -> Draft:
    return Draft(row.id, row.kind, row.title, CardSpec.model_validate(row.spec), row.completeness,
                 row.version, row.updated_by, row.updated_at)


def save_draft(db: Database, spec: CardSpec, *, actor: Actor, draft_id: str | None = None,
               expected_version: int | None = None, completeness: float = 0.0) -> Draft:
    """Create or update a draft. With `expected_version`, refuse to overwrite a newer save."""
    from cards.tables import CardDraftRow

    require(actor, "curator", "saving a card draft")
    data = spec.model_dump(mode="json")
    with db.session() as s:
        if draft_id is None:
            row = CardDraftRow(id=str(uuid.uuid4()), kind=spec.kind, title=spec.title, spec=data,
                               completeness=completeness, version=1, created_by=actor.username,
                               updated_by=actor.username)
            s.add(row)
        else:
            row = s.get(CardDraftRow, draft_id, with_for_update=not db.is_sqlite)
            if row is None:
                raise NotFound(f"no card draft with id '{draft_id}'")
            if expected_version is not None and row.version != expected_version:
                raise Conflict(f"the draft '{row.title}' was saved by {row.updated_by} since you "
                               "opened it; reload it to see their changes")
            if row.spec == data and row.kind == spec.kind and row.title == spec.title:
                return _to(row)  # nothing changed: no new version
            row.kind, row.title, row.spec = spec.kind, spec.title, data
            row.completeness, row.version = completeness, row.version + 1
            row.updated_by = actor.username
        s.flush()
        return _to(row)


def get_draft(db: Database, draft_id: str, *, actor: Actor) -> Draft:
    from cards.tables import CardDraftRow

    require(actor, "viewer", "reading card drafts")
    with db.read() as s:
        row = s.get(CardDraftRow, draft_id)
        if row is None:
            raise NotFound(f"no card draft with id '{draft_id}'")
        return _to(row)


def list_drafts(db: Database, *, actor: Actor, limit: int = 200) -> list[Draft]:
    from cards.tables import CardDraftRow

    require(actor, "viewer", "listing card drafts")
    with db.read() as s:
        rows = s.scalars(select(CardDraftRow).order_by(CardDraftRow.updated_at.desc())
                         .limit(limit)).all()
        return [_to(r) for r in rows]


def delete_draft(db: Database, draft_id: str, *, actor: Actor) -> None:
    from cards.tables import CardDraftRow

    require(actor, "curator", "deleting a card draft")
    with db.session() as s:
        row = s.get(CardDraftRow, draft_id)
        if row is None:
            raise NotFound(f"no card draft with id '{draft_id}'")
        s.delete(row)


def import_draft(db: Database, text: str, *, actor: Actor, file: str | None = None) -> Draft:
    """Import an existing README.md card as a new draft to continue editing."""
    from cards.check import check_text

    spec = import_readme(text, file=file)
    return save_draft(db, spec, actor=actor,
                      completeness=check_text(text, kind=spec.kind).completeness)


def autosave(db: Database, spec: CardSpec, *, actor: Actor, draft_id: str | None,
             expected_version: int | None) -> tuple[Draft, BuiltCard | None, str | None]:
    """Save the wizard's state. The card is drafted to score completeness; if the evidence it
    cites cannot be used, the draft is still saved and the reason returned."""
    built, problem = None, None
    try:
        built = build_card(db, spec, actor=actor)
    except BadInput as exc:
        problem = str(exc)
    draft = save_draft(db, spec, actor=actor, draft_id=draft_id,
                       expected_version=expected_version,
                       completeness=built.check.completeness if built else 0.0)
    return draft, built, problem
