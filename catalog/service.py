"""Catalog store: every write takes an Actor, checks its role, bumps `version` (optimistic
locking: a stale `expected_version` raises Conflict) and writes a history row with before/after.

Roles: viewers read; curators add, edit, revert, propose and comment; admins (the reviewers)
approve or reject proposals and delete entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from catalog.families import family_of
from catalog.ids import legacy_slug, make_id, same_name
from catalog.languages import base_language, language_info
from catalog.schema import Entry, parse_entry
from catalog.fulltext import IndexRow, index_rows, tags_text, unindex
from catalog.search import SearchResult, search
from catalog.tables import (CatalogEntryRow, CatalogHistoryRow, CatalogLanguageRow,
                            CatalogLinkRow, CatalogProposalRow)
from glasshouse.db import Database, utcnow
from glasshouse.errors import BadInput, Conflict, NotFound
from glasshouse.users import Actor, require

__all__ = ["StoredEntry", "HistoryItem", "Proposal", "create_entry", "update_entry",
           "delete_entry", "get_entry", "get_stored", "list_entries", "history", "revert",
           "propose", "comment", "approve", "reject", "proposals", "upsert_many", "search",
           "SearchResult", "count_entries", "language_coverage", "language_map", "resolve_ids"]


@dataclass(frozen=True)
class StoredEntry:
    entry: Entry
    version: int
    updated_by: str
    updated_at: datetime


@dataclass(frozen=True)
class HistoryItem:
    id: int
    entry_id: str
    version: int
    action: str
    actor: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    comment: str

    def changed_fields(self) -> list[str]:
        b, a = self.before or {}, self.after or {}
        return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


@dataclass(frozen=True)
class Proposal:
    id: int
    entry_id: str | None
    base_version: int | None
    data: dict[str, Any]
    status: str
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    comments: list[dict[str, Any]]


def _coerce(data: Entry | dict[str, Any]) -> Entry:
    return data if isinstance(data, Entry) else parse_entry(dict(data))


def _dump(entry: Entry) -> dict[str, Any]:
    return entry.model_dump(mode="json")


def _projection(entry: Entry, dumped: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": entry.name, "data": dumped if dumped is not None else _dump(entry),
            "license_class": entry.license_class,
            "modality": entry.modality, "access": entry.access,
            "search_text": entry.search_text()}


def _language_rows(entry: Entry) -> list[dict[str, Any]]:
    rows = []
    for tag in entry.languages:
        info = language_info(tag)
        base = base_language(tag)
        family, branch = family_of(base)
        rows.append({"entry_id": entry.id, "tag": tag, "base": base[:16],
                     "region": info.territory, "family": family, "branch": branch})
    return rows


def _write_side_tables(s: Session, db: Database, entries: list[Entry], *, replace: bool) -> None:
    ids = [e.id for e in entries]
    if replace and ids:
        s.execute(delete(CatalogLanguageRow).where(CatalogLanguageRow.entry_id.in_(ids)))
        s.execute(delete(CatalogLinkRow).where(CatalogLinkRow.child_id.in_(ids)))
    lang_rows = {e.id: _language_rows(e) for e in entries}
    langs = [r for e in entries for r in lang_rows[e.id]]
    links = [{"child_id": e.id, "parent_id": p} for e in entries for p in e.derived_from]
    # Core executemany (one statement per table): the ORM bulk path would split the rows into
    # many small batches wherever `region` switches between None and a value.
    if langs:
        s.execute(CatalogLanguageRow.__table__.insert(), langs)
    if links:
        s.execute(CatalogLinkRow.__table__.insert(), links)
    index_rows(s, db.is_sqlite, [
        IndexRow(e.id, e.name, e.search_text(),
                 tags_text({"license_class": e.license_class, "modality": e.modality,
                            "access": e.access}, lang_rows[e.id]))
        for e in entries], replace=replace)


def _check_no_cycle(s: Session, entry: Entry) -> None:
    """Raise BadInput if making `entry` derive from its parents would close a cycle."""
    seen: set[str] = set()
    frontier = list(entry.derived_from)
    while frontier:
        if entry.id in frontier:
            raise BadInput(f"'{entry.id}' would become its own ancestor (a derived-from cycle)",
                           field="derived_from")
        seen.update(frontier)
        rows = s.execute(select(CatalogLinkRow.parent_id).where(
            CatalogLinkRow.child_id.in_(frontier))).scalars().all()
        frontier = [p for p in set(rows) if p not in seen]


def _check_no_cycles_bulk(s: Session, entries: list[Entry]) -> None:
    """The same check for many entries at once, on the whole link table in memory."""
    if not entries:
        return
    if len(entries) < 50:
        for e in entries:
            _check_no_cycle(s, e)
        return
    parents: dict[str, list[str]] = {}
    for child, parent in s.execute(select(CatalogLinkRow.child_id, CatalogLinkRow.parent_id)):
        parents.setdefault(child, []).append(parent)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for e in entries:
        if state.get(e.id) == 2:
            continue
        stack = [(e.id, iter(parents.get(e.id, ())))]
        state[e.id] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                raise BadInput(f"'{nxt}' would become its own ancestor (a derived-from cycle)",
                               field="derived_from")
            elif state.get(nxt) is None:
                state[nxt] = 1
                stack.append((nxt, iter(parents.get(nxt, ()))))


@contextmanager
def _writing(db: Database) -> Iterator[Session]:
    """A write transaction on catalog entries. On PostgreSQL it first takes the catalog's write
    lock, so that writes commit one at a time as on SQLite: two imports would otherwise add one
    id twice, and history ids would not follow commit order (the search's facet index reads
    "what changed since history id N")."""
    with db.session() as s:
        if not db.is_sqlite:
            s.execute(select(func.pg_advisory_xact_lock(7141001)))
        yield s


def _history(s: Session, entry_id: str, version: int, action: str, actor: Actor,
             before: dict[str, Any] | None, after: dict[str, Any] | None, comment: str) -> None:
    s.add(CatalogHistoryRow(entry_id=entry_id, version=version, action=action,
                            actor=actor.username, at=utcnow(), before=before, after=after,
                            comment=comment or ""))


def create_entry(db: Database, data: Entry | dict[str, Any], *, actor: Actor,
                 comment: str = "") -> StoredEntry:
    require(actor, "curator", "adding catalog entries")
    entry = _coerce(data)
    good, clashes = resolve_ids(db, [entry])  # stored old ids of itself and its parents
    entry = good[0] if good else clashes[0][0]
    now = utcnow()
    with _writing(db) as s:
        taken = s.get(CatalogEntryRow, entry.id)
        if taken is not None:
            raise Conflict(_taken_message(entry, taken.name))
        _check_no_cycle(s, entry)
        s.add(CatalogEntryRow(id=entry.id, version=1, created_by=actor.username, created_at=now,
                              updated_by=actor.username, updated_at=now, **_projection(entry)))
        s.flush()
        _write_side_tables(s, db, [entry], replace=False)
        _history(s, entry.id, 1, "create", actor, None, _dump(entry), comment)
    return StoredEntry(entry, 1, actor.username, now)


def _apply_update(s: Session, db: Database, entry_id: str, entry: Entry, expected_version: int,
                  actor: Actor, action: str, comment: str) -> StoredEntry:
    if entry.id != entry_id:
        raise BadInput("the id of an entry cannot change", field="id")
    # locked: `before` must be the version this update replaces (PostgreSQL read committed)
    row = s.get(CatalogEntryRow, entry_id, with_for_update=True)
    if row is None:
        raise NotFound(f"no catalog entry '{entry_id}'")
    before = dict(row.data)
    _check_no_cycle(s, entry)
    now = utcnow()
    result = s.execute(
        update(CatalogEntryRow)
        .where(CatalogEntryRow.id == entry_id, CatalogEntryRow.version == expected_version)
        .values(version=CatalogEntryRow.version + 1, updated_by=actor.username, updated_at=now,
                **_projection(entry))
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(
            f"'{entry_id}' was changed by {row.updated_by} (now version {row.version}, you "
            f"edited version {expected_version}); reload it and apply your change again")
    _write_side_tables(s, db, [entry], replace=True)
    _history(s, entry_id, expected_version + 1, action, actor, before, _dump(entry), comment)
    return StoredEntry(entry, expected_version + 1, actor.username, now)


def update_entry(db: Database, entry_id: str, data: Entry | dict[str, Any], *,
                 expected_version: int, actor: Actor, comment: str = "") -> StoredEntry:
    """Save an edit made to version `expected_version`; Conflict if someone saved in between."""
    require(actor, "curator", "editing catalog entries")
    entry = _coerce(data)
    with _writing(db) as s:
        return _apply_update(s, db, entry_id, entry, expected_version, actor, "update", comment)


def delete_entry(db: Database, entry_id: str, *, expected_version: int, actor: Actor,
                 comment: str = "") -> None:
    require(actor, "admin", "deleting catalog entries")
    with _writing(db) as s:
        row = s.get(CatalogEntryRow, entry_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no catalog entry '{entry_id}'")
        if row.version != expected_version:
            raise Conflict(f"'{entry_id}' changed since you opened it (now version {row.version})")
        _history(s, entry_id, row.version + 1, "delete", actor, dict(row.data), None, comment)
        unindex(s, entry_id, db.is_sqlite)
        s.delete(row)


def get_stored(db: Database, entry_id: str) -> StoredEntry:
    with db.read() as s:
        row = s.get(CatalogEntryRow, entry_id)
        if row is None:
            raise NotFound(f"no catalog entry '{entry_id}'")
        return StoredEntry(Entry.model_validate(row.data), row.version, row.updated_by,
                           row.updated_at)


def get_entry(db: Database, entry_id: str) -> Entry:
    """The entry (pydantic) with this id; NotFound otherwise."""
    return get_stored(db, entry_id).entry


def list_entries(db: Database, *, ids: Iterable[str] | None = None, limit: int | None = None,
                 offset: int = 0) -> list[Entry]:
    """Entries ordered by name (all, or the given ids)."""
    q = select(CatalogEntryRow.data).order_by(CatalogEntryRow.name).offset(offset)
    if ids is not None:
        q = q.where(CatalogEntryRow.id.in_(list(ids)))
    if limit is not None:
        q = q.limit(limit)
    with db.read() as s:
        return [Entry.model_validate(d) for d in s.execute(q).scalars()]


def count_entries(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(CatalogEntryRow)) or 0)


def history(db: Database, entry_id: str) -> list[HistoryItem]:
    """Every change to an entry, newest first."""
    with db.read() as s:
        rows = s.scalars(select(CatalogHistoryRow).where(CatalogHistoryRow.entry_id == entry_id)
                         .order_by(CatalogHistoryRow.id.desc())).all()
    return [HistoryItem(r.id, r.entry_id, r.version, r.action, r.actor, r.at, r.before, r.after,
                        r.comment) for r in rows]


def revert(db: Database, entry_id: str, to_version: int, *, expected_version: int,
           actor: Actor, comment: str = "") -> StoredEntry:
    """Restore the entry as it was at `to_version` (recorded as a new version)."""
    require(actor, "curator", "reverting catalog entries")
    with _writing(db) as s:
        target = s.scalar(select(CatalogHistoryRow).where(
            CatalogHistoryRow.entry_id == entry_id, CatalogHistoryRow.version == to_version,
            CatalogHistoryRow.after.is_not(None)).order_by(CatalogHistoryRow.id.desc()).limit(1))
        if target is None or target.after is None:
            raise NotFound(f"'{entry_id}' has no version {to_version} to go back to")
        entry = Entry.model_validate(target.after)
        return _apply_update(s, db, entry_id, entry, expected_version, actor, "revert",
                             comment or f"reverted to version {to_version}")


def _taken_message(entry: Entry, stored_name: str) -> str:
    if same_name(entry.name, stored_name):
        return f"an entry with id '{entry.id}' already exists; edit it instead"
    return (f"id '{entry.id}' already belongs to '{stored_name}', a different name than "
            f"'{entry.name}'; give this entry its own id (nothing was overwritten)")


def resolve_ids(db: Database, entries: list[Entry]) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """Check the ids of entries about to be imported against the stored ones.

    Returns (entries to write, [(entry, conflict message)]). An entry whose id belongs to a
    stored entry with a different name is a conflict (never an overwrite). An entry whose
    derived id is new but whose name is stored under the id the old rule gave it
    (catalog.ids.legacy_slug) keeps that stored id, so a re-import updates the entry instead
    of creating a second one; links to it follow, inside the import and from it (a parent named
    in derived_from that is stored under its old id)."""
    if not entries:
        return [], []
    legacy = {e.id: legacy_slug(e.name) for e in entries
              if e.id == make_id(e.name) and legacy_slug(e.name) != e.id}
    ids = {e.id for e in entries}
    hashed_parents = {p for e in entries for p in e.derived_from if "--" in p} - ids
    wanted = sorted(ids | set(legacy.values()) | hashed_parents)
    stored: dict[str, str] = {}
    renamed: dict[str, str] = {}
    with db.read() as s:
        for i in range(0, len(wanted), 500):
            stored.update(s.execute(select(CatalogEntryRow.id, CatalogEntryRow.name).where(
                CatalogEntryRow.id.in_(wanted[i:i + 500]))).all())
        dangling = hashed_parents - set(stored)
        if dangling:  # parents whose names may be stored under ids from the old rule
            for sid, name in s.execute(select(CatalogEntryRow.id, CatalogEntryRow.name).where(
                    CatalogEntryRow.id.not_like("%--%"))):
                if make_id(name) in dangling:
                    renamed[make_id(name)] = sid
    for e in entries:
        old = legacy.get(e.id)
        if e.id not in stored and old in stored and same_name(stored[old], e.name):
            renamed[e.id] = old
    good: list[Entry] = []
    conflicts: list[tuple[Entry, str]] = []
    for e in entries:
        if e.id in renamed or any(p in renamed for p in e.derived_from):
            e = e.model_copy(update={
                "id": renamed.get(e.id, e.id),
                "derived_from": [renamed.get(p, p) for p in e.derived_from]})
        if e.id in stored and not same_name(stored[e.id], e.name):
            conflicts.append((e, _taken_message(e, stored[e.id])))
        else:
            good.append(e)
    return good, conflicts


def upsert_many(db: Database, entries: list[Entry], *, actor: Actor,
                comment: str = "import") -> tuple[int, int]:
    """Insert new entries and update existing ones in ONE transaction (all or nothing).
    Returns (created, updated). An id already used by an entry with a different name is a
    Conflict (nothing is written); importers report those rows first (`resolve_ids`)."""
    require(actor, "curator", "importing catalog entries")
    if not entries:
        return 0, 0
    now = utcnow()
    by_id: dict[str, Entry] = {}
    for e in entries:
        by_id[e.id] = e  # the last row with an id wins inside one file
    created = updated = 0
    with _writing(db) as s:
        existing: dict[str, CatalogEntryRow] = {}
        # rows locked in id order: a concurrent edit can neither slip in between this read
        # and the write (stale `before`, lost edit) nor deadlock with another import
        keys = sorted(by_id)
        for i in range(0, len(keys), 500):
            for row in s.scalars(select(CatalogEntryRow).where(
                    CatalogEntryRow.id.in_(keys[i:i + 500])).order_by(CatalogEntryRow.id)
                    .with_for_update()):
                existing[row.id] = row
        for k, row in existing.items():
            if not same_name(row.name, by_id[k].name):
                raise Conflict(_taken_message(by_id[k], row.name))
        new = [e for k, e in by_id.items() if k not in existing]
        old = [e for k, e in by_id.items() if k in existing]
        history_rows = []
        if new:
            dumps = [_dump(e) for e in new]  # serialised once, used by the row and its history
            s.execute(CatalogEntryRow.__table__.insert(), [
                dict(id=e.id, version=1, created_by=actor.username, created_at=now,
                     updated_by=actor.username, updated_at=now, **_projection(e, d))
                for e, d in zip(new, dumps)])
            history_rows += [dict(entry_id=e.id, version=1, action="create",
                                  actor=actor.username, at=now, before=None, after=d,
                                  comment=comment) for e, d in zip(new, dumps)]
            created = len(new)
        for e in old:
            row = existing[e.id]
            before = dict(row.data)
            after = _dump(e)
            if before == after:
                continue
            row.version += 1
            for k, v in _projection(e, after).items():
                setattr(row, k, v)
            row.updated_by, row.updated_at = actor.username, now
            history_rows.append(dict(entry_id=e.id, version=row.version, action="update",
                                     actor=actor.username, at=now, before=before, after=after,
                                     comment=comment))
            updated += 1
        s.flush()
        changed = new + [e for e in old if existing[e.id].updated_at == now]
        _write_side_tables(s, db, [e for e in changed if e.id not in existing], replace=False)
        _write_side_tables(s, db, [e for e in changed if e.id in existing], replace=True)
        _check_no_cycles_bulk(s, [e for e in changed if e.derived_from])
        if history_rows:
            s.execute(CatalogHistoryRow.__table__.insert(), history_rows)
    return created, updated


# --- review queue -------------------------------------------------------------------------

def _proposal(r: CatalogProposalRow) -> Proposal:
    return Proposal(r.id, r.entry_id, r.base_version, r.data, r.status, r.proposed_by,
                    r.proposed_at, r.decided_by, list(r.comments or []))


def propose(db: Database, data: Entry | dict[str, Any], *, actor: Actor,
            entry_id: str | None = None, base_version: int | None = None,
            comment: str = "") -> Proposal:
    """A curator proposes a new entry (entry_id None) or an edit of `entry_id` at
    `base_version`. Validated now, applied when a reviewer approves."""
    require(actor, "curator", "proposing catalog changes")
    entry = _coerce(data)
    if entry_id is not None and base_version is None:
        raise BadInput("an edit proposal needs the version it was made from",
                       field="base_version")
    with db.session() as s:
        if entry_id is not None and s.get(CatalogEntryRow, entry_id) is None:
            raise NotFound(f"no catalog entry '{entry_id}'")
        comments = ([{"by": actor.username, "at": utcnow().isoformat(), "text": comment}]
                    if comment else [])
        row = CatalogProposalRow(entry_id=entry_id, base_version=base_version,
                                 data=_dump(entry), status="open", proposed_by=actor.username,
                                 proposed_at=utcnow(), comments=comments)
        s.add(row)
        s.flush()
        return _proposal(row)


def comment(db: Database, proposal_id: int, text: str, *, actor: Actor) -> Proposal:
    require(actor, "curator", "commenting on proposals")
    if not (text or "").strip():
        raise BadInput("write a comment first", field="comment")
    with db.session() as s:
        row = s.get(CatalogProposalRow, proposal_id)
        if row is None:
            raise NotFound(f"no proposal {proposal_id}")
        row.comments = list(row.comments or []) + [
            {"by": actor.username, "at": utcnow().isoformat(), "text": text.strip()}]
        return _proposal(row)


def _decide(db: Database, proposal_id: int, status: str, actor: Actor, note: str) -> Proposal:
    with _writing(db) as s:
        row = s.get(CatalogProposalRow, proposal_id)
        if row is None:
            raise NotFound(f"no proposal {proposal_id}")
        if row.status != "open":
            raise Conflict(f"proposal {proposal_id} is already {row.status}")
        row.status, row.decided_by, row.decided_at = status, actor.username, utcnow()
        if note:
            row.comments = list(row.comments or []) + [
                {"by": actor.username, "at": utcnow().isoformat(), "text": note}]
        if status == "approved":
            entry = Entry.model_validate(row.data)
            text_ = f"approved proposal {proposal_id} by {row.proposed_by}"
            if row.entry_id is None:
                if s.get(CatalogEntryRow, entry.id) is not None:
                    raise Conflict(f"an entry with id '{entry.id}' was added meanwhile")
                _check_no_cycle(s, entry)
                now = utcnow()
                s.add(CatalogEntryRow(id=entry.id, version=1, created_by=row.proposed_by,
                                      created_at=now, updated_by=actor.username, updated_at=now,
                                      **_projection(entry)))
                s.flush()
                _write_side_tables(s, db, [entry], replace=False)
                _history(s, entry.id, 1, "create", actor, None, _dump(entry), text_)
            else:
                _apply_update(s, db, row.entry_id, entry, int(row.base_version or 0), actor,
                              "update", text_)
        return _proposal(row)


def approve(db: Database, proposal_id: int, *, actor: Actor, note: str = "") -> Proposal:
    """A reviewer (admin) applies a proposal. Conflict if the entry changed since it was made."""
    require(actor, "admin", "approving proposals")
    return _decide(db, proposal_id, "approved", actor, note)


def reject(db: Database, proposal_id: int, *, actor: Actor, note: str = "") -> Proposal:
    require(actor, "admin", "rejecting proposals")
    return _decide(db, proposal_id, "rejected", actor, note)


def proposals(db: Database, *, status: str | None = "open") -> list[Proposal]:
    q = select(CatalogProposalRow).order_by(CatalogProposalRow.id)
    if status:
        q = q.where(CatalogProposalRow.status == status)
    with db.read() as s:
        return [_proposal(r) for r in s.scalars(q)]


def language_map(db: Database) -> Any:
    """Entries per country where their languages are spoken (catalog.worldmap.MapCounts)."""
    from catalog.worldmap import count_by_country

    with db.read() as s:
        pairs = s.execute(select(CatalogLanguageRow.entry_id, CatalogLanguageRow.tag)).all()
    return count_by_country((e, t) for e, t in pairs)


def language_coverage(db: Database) -> list[dict[str, Any]]:
    """Entries per language tag: [{"tag", "name", "base", "region", "entries"}]."""
    with db.read() as s:
        rows = s.execute(select(CatalogLanguageRow.tag, CatalogLanguageRow.base,
                                CatalogLanguageRow.region, func.count())
                         .group_by(CatalogLanguageRow.tag, CatalogLanguageRow.base,
                                   CatalogLanguageRow.region)).all()
    out = [{"tag": t, "name": language_info(t).name, "base": b, "region": r, "entries": int(n)}
           for t, b, r, n in rows]
    return sorted(out, key=lambda d: (-d["entries"], d["tag"]))
