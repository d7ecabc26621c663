"""Lineage: the ancestors of an entry (derived_from, transitively), its effective licence class
(the most restrictive of itself and every ancestor; an ancestor that is not catalogued
counts as "unspecified") and the conflicts found on the way
(a resource that claims a looser class than something it was built from; share-alike sources
under a licence that is not share-alike; ancestors not in the catalog)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from catalog.licenses import most_restrictive, rank
from catalog.schema import Entry
from catalog.tables import CatalogEntryRow, CatalogLinkRow
from glasshouse.db import Database
from glasshouse.errors import NotFound


def _graph(db: Database, entry_id: str) -> tuple[dict[str, Entry], dict[str, list[str]]]:
    """Entries (catalogued ones) and parent lists reachable upwards from entry_id."""
    entries: dict[str, Entry] = {}
    parents: dict[str, list[str]] = {}
    with db.read() as s:
        root = s.get(CatalogEntryRow, entry_id)
        if root is None:
            raise NotFound(f"no catalog entry '{entry_id}'")
        frontier = [entry_id]
        while frontier:
            rows = s.execute(select(CatalogEntryRow.id, CatalogEntryRow.data).where(
                CatalogEntryRow.id.in_(frontier))).all()
            for rid, data in rows:
                entries[rid] = Entry.model_validate(data)
            links = s.execute(select(CatalogLinkRow.child_id, CatalogLinkRow.parent_id).where(
                CatalogLinkRow.child_id.in_(frontier))).all()
            nxt = []
            for child, parent in links:
                parents.setdefault(child, []).append(parent)
                if parent not in parents and parent not in entries and parent not in nxt:
                    nxt.append(parent)
            for f in frontier:
                parents.setdefault(f, [])
            frontier = [p for p in nxt if p not in entries]
    for v in parents.values():
        v.sort()
    return entries, parents


def lineage(db: Database, entry_id: str) -> dict[str, Any]:
    """{"id", "license_class", "effective_license_class", "conflicts", "ancestors", "edges"}
    (the `catalog lineage --json` shape)."""
    entries, parents = _graph(db, entry_id)
    return _analyse(entries[entry_id], entries, parents)


def _analyse(root: Entry, entries: dict[str, Entry], parents: dict[str, list[str]]
             ) -> dict[str, Any]:
    """Ancestors, effective class and conflicts of `root` over a graph of catalogued entries
    and parent lists (root's own parents under root.id)."""
    entry_id = root.id
    depth: dict[str, int] = {entry_id: 0}
    order = [entry_id]
    for node in order:  # breadth first
        for p in parents.get(node, []):
            if p not in depth:
                depth[p] = depth[node] + 1
                order.append(p)
    ancestors = []
    conflicts = []
    for node in order[1:]:
        e = entries.get(node)
        ancestors.append({
            "id": node, "name": e.name if e else None, "catalogued": e is not None,
            "depth": depth[node], "license_class": e.license_class if e else "unspecified",
            "licenses": [lic.spdx for lic in e.licenses] if e else [],
            "parents": parents.get(node, [])})
        if e is None:
            conflicts.append({"kind": "missing-ancestor", "ancestor": node,
                              "message": f"'{node}' is named as a source but is not in the "
                                         "catalog, so its licence is unknown"})
    # a source that is not catalogued has an unknown licence: it counts as unspecified
    classes = [root.license_class] + [a["license_class"] for a in ancestors]
    effective = most_restrictive(classes)
    for a in ancestors:
        if a["catalogued"] and rank(a["license_class"]) > rank(root.license_class):
            conflicts.append({
                "kind": "licence-class", "ancestor": a["id"],
                "message": f"'{root.id}' is marked {root.license_class} but is built from "
                           f"'{a['id']}' which is {a['license_class']} "
                           f"({', '.join(a['licenses']) or 'no licence'})"})
        anc = entries.get(a["id"])
        if anc is not None and any(lic.share_alike for lic in anc.licenses) and root.licenses \
                and not any(lic.share_alike for lic in root.licenses):
            conflicts.append({
                "kind": "share-alike", "ancestor": a["id"],
                "message": f"'{a['id']}' is share-alike ({', '.join(a['licenses'])}); "
                           f"'{root.id}' should carry a compatible share-alike licence"})
    edges = [[child, p] for child in order for p in parents.get(child, [])]
    return {"id": entry_id, "name": root.name, "license_class": root.license_class,
            "effective_license_class": effective, "conflicts": conflicts,
            "ancestors": ancestors, "edges": edges}


def preview(db: Database, entry: Entry) -> dict[str, Any]:
    """Lineage of an entry that is not saved yet (for the form): its effective licence class
    and the warnings it would get, computed from its named sources as they are catalogued."""
    from catalog.licenses import most_restrictive as _most

    classes = [entry.license_class]
    warnings = []
    for parent in entry.derived_from:
        try:
            got = lineage(db, parent)
        except NotFound:
            classes.append("unspecified")
            warnings.append(f"'{parent}' is not in the catalog, so its licence is unknown")
            continue
        classes.append(got["effective_license_class"])
        if rank(got["effective_license_class"]) > rank(entry.license_class):
            warnings.append(f"'{parent}' is {got['effective_license_class']} (counting its own "
                            f"sources), but this entry is marked {entry.license_class}")
    return {"effective_license_class": _most(classes), "warnings": warnings,
            "conflicts": preview_conflicts(db, entry)}


def preview_conflicts(db: Database, entry: Entry) -> list[dict[str, Any]]:
    """The conflicts `lineage` would report once the unsaved `entry` is saved: an ancestor
    (at any depth) more restrictive than its licence class (e.g. non-commercial), a
    share-alike ancestor under a licence that is not share-alike, sources not catalogued. Each
    names the form field it concerns ("licenses" or "derived_from")."""
    entries: dict[str, Entry] = {}
    parents: dict[str, list[str]] = {}
    for parent in entry.derived_from:
        if parent == entry.id or parent in entries:
            continue
        try:
            got_entries, got_parents = _graph(db, parent)
        except NotFound:
            continue
        entries.update(got_entries)
        for k, v in got_parents.items():
            parents.setdefault(k, v)
    entries = {k: v for k, v in entries.items() if k != entry.id}
    parents[entry.id] = list(entry.derived_from)
    entries[entry.id] = entry
    got = _analyse(entry, entries, parents)
    fields = {"missing-ancestor": "derived_from", "licence-class": "licenses",
              "share-alike": "licenses"}
    return [{**c, "field": fields.get(c["kind"], "licenses")} for c in got["conflicts"]]
