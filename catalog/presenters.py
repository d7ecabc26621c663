"""What each catalog sub-tab shows, computed without gradio: one function per user action, each
calling the catalog service and shaping the answer into the rows and markdown the tab displays.
catalog/ui.py only parses the widgets' values, calls one of these and hands the result to the
components, so everything here is testable without a browser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog import service, views
from glasshouse.db import Database
from glasshouse.errors import BadInput, NotFound
from glasshouse.users import Actor

# the add/edit form's fields, in the order of the form's widgets
FORM_KEYS: tuple[str, ...] = (
    "name", "id", "description", "homepage", "languages", "licenses", "access", "modality",
    "derived_from", "custodians", "citation", "collection_method", "contains_pii",
    "quality_notes", "verified_sections")
HISTORY_HEADERS = ["version", "action", "who", "when", "changed", "comment"]
EXPORT_EXTENSIONS = {"csv": "csv", "json": "json", "croissant": "jsonld"}
FORM_HAS_PROBLEMS = "The form has problems: see the check under the form."


def any_value(value: str | None) -> str | None:
    """A dropdown's 'any' (or nothing) as no filter."""
    return None if value in (None, "", "any") else value


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchPage:
    facets: str  # markdown: match count and facet counts
    rows: list[list[Any]]  # one row per result, in RESULT_HEADERS order
    catalog_empty: bool = False  # nothing matched because nothing is catalogued yet


def search_page(db: Database, query: str | None = "", language: str | None = None,
                license_class: str | None = "any", modality: str | None = "any",
                access: str | None = "any", family: str | None = "any",
                region: str | None = None, limit: int = 100) -> SearchPage:
    res = service.search(db, query or "", language=(language or "").strip() or None,
                         region=(region or "").strip() or None,
                         license_class=any_value(license_class), modality=any_value(modality),
                         access=any_value(access), family=any_value(family), limit=limit)
    rows = [[r["id"], r["name"], ", ".join(r["languages"]), ", ".join(r["licenses"]),
             r["license_class"], r["modality"], r["access"]] for r in res.results]
    shown = f" (first {len(rows)} shown)" if res.total > len(rows) else ""
    return SearchPage(views.facet_markdown(res.facets, res.total) + shown, rows,
                      catalog_empty=res.total == 0 and service.count_entries(db) == 0)


# ---------------------------------------------------------------- entry page


@dataclass(frozen=True)
class EntryPage:
    markdown: str
    figure: Any  # the provenance graph (plotly)
    citation: str
    history: list[list[Any]]  # HISTORY_HEADERS rows, oldest first
    version: int

    def outputs(self) -> tuple[Any, ...]:
        return self.markdown, self.figure, self.citation, self.history, self.version


def history_rows(db: Database, entry_id: str) -> list[list[Any]]:
    return [[h.version, h.action, h.actor, h.at.strftime("%Y-%m-%d %H:%M"),
             "(new entry)" if h.action == "create" else ", ".join(h.changed_fields()),
             h.comment] for h in service.history(db, entry_id)]


def entry_page(db: Database, entry_id: str | None) -> EntryPage:
    from catalog.lineage import lineage

    eid = (entry_id or "").strip()
    stored = service.get_stored(db, eid)
    lin = lineage(db, eid)
    return EntryPage(views.entry_markdown(stored.entry, stored.version, stored.updated_by, lin),
                     views.lineage_figure(lin), stored.entry.citation or "(no citation yet)",
                     history_rows(db, eid), stored.version)


def revert_entry(db: Database, entry_id: str, to_version: float | None,
                 current_version: int | None, actor: Actor) -> EntryPage:
    if not to_version:
        raise BadInput("Type the version number to go back to (see the history table).")
    service.revert(db, entry_id, int(to_version), expected_version=int(current_version or 0),
                   actor=actor)
    return entry_page(db, entry_id)


# ---------------------------------------------------------------- add / edit form


def form_data(values: dict[str, Any], state: tuple | None = None,
              checker: str | None = None) -> dict[str, Any]:
    """The form's values (FORM_KEYS) as entry data; `state` is (id, version, validation)
    while editing an entry."""
    previous = state[2] if state else None
    return views.form_to_data(values, previous_validation=previous, checker=checker)


@dataclass(frozen=True)
class FormCheck:
    report: str  # under the form: what is wrong, or what will be saved
    languages: str  # next to the languages field
    licenses: str  # next to the licences field
    derived_from: str  # next to the built-from field


def check_form(db: Database, values: dict[str, Any]) -> FormCheck:
    """The live check of the form, with the lineage conflicts of what it is built from."""
    if not (values.get("name") or "").strip() and not (values.get("languages")
                                                        or values.get("licenses")):
        return FormCheck("", "", "", "")
    data = form_data(values)
    ok, text = views.validation_report(data)
    conflicts: list[dict[str, Any]] = []
    if ok and data["derived_from"]:
        from catalog.lineage import preview
        from catalog.schema import Entry

        got = preview(db, Entry.model_validate(data))
        conflicts = got["conflicts"]
        text += (f"\n\nCounting what it is built from, its effective licence class would "
                 f"be **{got['effective_license_class']}**.")
        text += "".join(f"\n- ⚠️ {w}" for w in _distinct_warnings(
            got["warnings"], [c["message"] for c in conflicts]))
    near = views.field_messages(data, conflicts)
    return FormCheck(text, near["languages"], near["licenses"], near["derived_from"])


def _quoted(text: str) -> set[str]:
    return set(re.findall(r"'([^']+)'", text))


def _distinct_warnings(warnings: list[str], conflicts: list[str]) -> list[str]:
    """Each lineage problem once: the conflicts, and the warnings that say something else (a
    source 'not in the catalog' is both a warning and a conflict, in different words)."""
    covered = set().union(*(_quoted(c) for c in conflicts if "not in the catalog" in c)) \
        if conflicts else set()
    kept = [w for w in warnings
            if not ("not in the catalog" in w and _quoted(w) and _quoted(w) <= covered)]
    return list(dict.fromkeys(kept + conflicts))


@dataclass(frozen=True)
class EditForm:
    values: dict[str, Any]  # FORM_KEYS -> widget value
    state: tuple  # (id, version, validation)
    message: str


def edit_form(db: Database, entry_id: str | None) -> EditForm:
    stored = service.get_stored(db, (entry_id or "").strip())
    msg = (f"Editing **{stored.entry.id}** (version {stored.version}). If someone else saves "
           "first, your save is refused and nothing is overwritten.")
    return EditForm(views.entry_to_form(stored.entry),
                    (stored.entry.id, stored.version, dict(stored.entry.validation)), msg)


def _checked_data(db: Database, values: dict[str, Any], state: tuple | None,
                  actor: Actor) -> dict[str, Any]:
    ok, _ = views.validation_report(form_data(values))
    if not ok:
        raise BadInput(FORM_HAS_PROBLEMS)
    data = form_data(values, state, actor.username)
    if state:
        data["id"] = state[0]
        data = _keep_unshown_fields(db, state[0], data)
    return data


def _keep_unshown_fields(db: Database, entry_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """An edit changes what the form shows and keeps every other field as saved (size, tasks,
    year, host, subsets, the source's extra fields, notes on personal data...): saving a
    licence fix must not wipe what an import brought in."""
    stored = service.get_entry(db, entry_id).model_dump(mode="json")
    merged = {**stored, **data}
    merged["risks"] = {**(stored.get("risks") or {}), **(data.get("risks") or {})}
    return merged


@dataclass(frozen=True)
class Saved:
    state: tuple  # (id, version, validation): editing continues on the saved version
    message: str
    entry_id: str


def save_form(db: Database, values: dict[str, Any], state: tuple | None, comment: str | None,
              actor: Actor) -> Saved:
    data = _checked_data(db, values, state, actor)
    if state:
        stored = service.update_entry(db, state[0], data, expected_version=state[1],
                                      actor=actor, comment=comment or "")
    else:
        stored = service.create_entry(db, data, actor=actor, comment=comment or "")
    return Saved((stored.entry.id, stored.version, dict(stored.entry.validation)),
                 f"Saved **{stored.entry.id}** as version {stored.version}. "
                 "Open it on the Entry tab to see its lineage.", stored.entry.id)


def propose_form(db: Database, values: dict[str, Any], state: tuple | None,
                 comment: str | None, actor: Actor) -> str:
    data = _checked_data(db, values, state, actor)
    eid, version = (state[0], state[1]) if state else (None, None)
    p = service.propose(db, data, actor=actor, entry_id=eid, base_version=version,
                        comment=comment or "")
    return f"Proposal **{p.id}** is in the review queue."


# ---------------------------------------------------------------- review queue


def queue_rows(db: Database) -> list[list[Any]]:
    return [[p.id, p.entry_id or "(new)", p.data.get("name"), p.proposed_by,
             p.proposed_at.strftime("%Y-%m-%d %H:%M"),
             " | ".join(f"{c['by']}: {c['text']}" for c in p.comments)]
            for p in service.proposals(db)]


def _number(number: float | None) -> int:
    if not number:
        raise BadInput("Type the proposal number first.")
    return int(number)


def proposal_view(db: Database, number: float | None) -> str:
    n = _number(number)
    p = next((p for p in service.proposals(db, status=None) if p.id == n), None)
    if p is None:
        raise NotFound(f"There is no proposal {n}.")
    current = (service.get_entry(db, p.entry_id).model_dump(mode="json")
               if p.entry_id else None)
    return views.proposal_markdown(p.id, p.data, current, p.comments, p.proposed_by)


def decide(db: Database, approve: bool, number: float | None, note: str | None,
           actor: Actor) -> tuple[str, list[list[Any]]]:
    """Approve or reject a proposal: (message, the queue afterwards)."""
    fn = service.approve if approve else service.reject
    p = fn(db, _number(number), actor=actor, note=note or "")
    return f"Proposal {p.id} {'approved' if approve else 'rejected'}.", queue_rows(db)


def comment_on(db: Database, number: float | None, text: str | None,
               actor: Actor) -> tuple[str, list[list[Any]]]:
    service.comment(db, _number(number), text or "", actor=actor)
    return "Comment added.", queue_rows(db)


# ---------------------------------------------------------------- coverage


@dataclass(frozen=True)
class Coverage:
    chart: Any  # entries per language (plotly), None when the catalog is empty
    summary: str
    world_map: Any
    map_caveat: str

    def outputs(self) -> tuple[Any, ...]:
        return self.chart, self.summary, self.world_map, self.map_caveat


def coverage(db: Database) -> Coverage:
    rows = service.language_coverage(db)
    total = service.count_entries(db)
    if not total:
        return Coverage(None, "The catalog is empty: import a file or load the starter set.",
                        None, "")
    res = service.search(db, limit=1, facet_limit=10_000)
    classes = ", ".join(f"{k}: {v}" for k, v in res.facets.get("license_class", {}).items())
    return Coverage(
        views.coverage_figure(res.facets.get("language", {}), total),
        f"n = {total} entries, {len(rows)} distinct language tags. Licence classes: "
        f"{classes}. *Counts entries, not amounts of data: one large corpus counts "
        "once, and 'mul' marks resources that list many languages without naming them.*",
        views.world_map_figure(service.language_map(db), total), "*" + views.MAP_CAVEAT + "*")


# ---------------------------------------------------------------- import / export


@dataclass(frozen=True)
class ImportPreview:
    message: str
    columns: list[list[str]] | None  # the column -> field table to check, None to hide it


def import_preview(path: str | None, fmt: str | None) -> ImportPreview:
    from catalog.importers import preview_columns

    if not path:
        return ImportPreview("", None)
    got = preview_columns(path, fmt=any_value_format(fmt))
    if not got["columns"]:
        return ImportPreview(
            f"Recognised as **{got['format']}**: its fields are mapped automatically "
            "and the ones without a field of their own are kept as extra fields.", None)
    kept = [c["column"] for c in got["columns"] if c["field"] == "extra"]
    text = (f"Recognised as **CSV** with {got['rows']} rows. Check which field each column "
            "fills and change it where needed" + (
                f"; {len(kept)} column(s) fill no field yet and would be kept as extra "
                f"fields: {', '.join(kept)}." if kept else "."))
    return ImportPreview(text, views.column_rows(got["columns"]))


def any_value_format(fmt: str | None) -> str | None:
    """The format dropdown's 'guess' as no format (recognised from the content)."""
    return None if fmt in (None, "", "guess") else fmt


def import_summary(db: Database, path: str | Path, fmt: str | None, keep_good_rows: bool,
                   column_table: Any, actor: Actor) -> tuple[str, list[list[Any]]]:
    """Import a file: (message, rejected rows and values kept out of their field)."""
    from catalog.importers import import_file, mapping_from_table

    fmt = any_value_format(fmt)
    has_table = column_table is not None and len(column_table) > 0
    mapping = mapping_from_table(column_table) if (fmt or "csv") == "csv" and has_table else {}
    if mapping and fmt is None and not str(path).lower().endswith((".csv", ".tsv")):
        mapping = {}
    rep = import_file(db, path, actor=actor, fmt=fmt, partial=bool(keep_good_rows),
                      mapping=mapping or None)
    rows = [[r.row, r.field, r.error] for r in rep.rejected] + \
        [[w.row, w.field, f"(kept) {w.error}"] for w in rep.warnings]
    if not rep.committed:
        msg = (f"**Nothing imported:** {len(rep.rejected)} problem(s) in {rep.rows} rows. "
               "Fix them, or tick the box to keep the good rows.")
    else:
        msg = (f"Imported {rep.imported} new and updated {rep.updated} entries "
               f"from {rep.rows} rows; {len(rep.rejected)} problem(s) left out.")
    return msg, rows


def load_starter_set(db: Database, actor: Actor) -> str:
    from catalog.seed import load_seed

    rep = load_seed(db, actor=actor)
    return f"Starter set: {rep.imported} added, {rep.updated} updated."


def export_file(db: Database, fmt: str) -> str:
    """The whole catalog in `fmt`, written as a download in the private upload folder."""
    from catalog.exporters import export
    from glasshouse.uploads import write_download

    if fmt not in EXPORT_EXTENSIONS:
        raise BadInput(f"unknown export format {fmt!r}; choose one of "
                       f"{', '.join(EXPORT_EXTENSIONS)}", field="format")
    text = export(service.list_entries(db), fmt)
    return write_download(f"glasshouse-catalog.{EXPORT_EXTENSIONS[fmt]}", text)
