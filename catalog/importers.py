"""Importers: one per file format, in one registry. Each reads a file into numbered raw rows
mapped to Entry fields; `import_file` validates every row, reports every rejected row
(row, field, error) and writes all rows in one transaction, or none unless `partial`.

Row numbers: CSV counts the header as row 1 (the first entry is row 2, as a spreadsheet shows
it); JSON/Masader count list items from 1; JSONL counts lines from 1.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog.schema import Entry, slugify, validate_entry
from glasshouse.db import Database
from glasshouse.errors import BadInput
from glasshouse.safe_csv import unprotect
from glasshouse.users import Actor

RawRow = tuple[int, dict[str, Any]]

CSV_COLUMNS = ("id", "name", "description", "homepage", "host", "custodians", "creators",
               "languages", "modality", "domain", "tasks", "size_value", "size_unit",
               "collection_method", "access", "licenses", "license_urls", "license_classes",
               "license_notes", "verified_by",
               "contains_pii", "pii_notes", "sensitive_data", "sensitive_notes",
               "quality_notes", "derived_from", "citation", "year", "validation")


@dataclass(frozen=True)
class Rejected:
    row: int
    field: str
    error: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "error": self.error}


@dataclass(frozen=True)
class ImportReport:
    imported: int
    updated: int
    rejected: list[Rejected] = field(default_factory=list)
    committed: bool = True
    rows: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated,
                "rejected": [r.as_dict() for r in self.rejected], "committed": self.committed,
                "rows": self.rows}


@dataclass(frozen=True)
class Importer:
    name: str
    suffixes: tuple[str, ...]
    description: str
    read: Callable[[Path], list[RawRow]]
    field_names: dict[str, str] = field(default_factory=dict)  # Entry field -> source field


REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    REGISTRY[importer.name] = importer
    return importer


def _read_bytes(path: Path) -> bytes:
    """The file's bytes within the upload limit (GLASSHOUSE_MAX_UPLOAD)."""
    from explorer.datasets.loading import max_bytes_from_settings
    from glasshouse.limits import read_bytes_bounded

    return read_bytes_bounded(path, max_bytes_from_settings(), file=path.name)


def _text(path: Path) -> str:
    """The file as text: UTF-8 (with or without BOM). Anything else is a clear error."""
    data = _read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise BadInput(f"is not UTF-8 (bad byte 0x{data[exc.start]:02x} on line {line}); "
                       "save it as UTF-8 and import again", file=path.name, row=line) from None


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _split_keep(value: str | None, n: int, sep: str = ";") -> list[str]:
    """A joined list that keeps empty positions (one value per licence)."""
    if not value:
        return []
    return [v.strip() for v in value.split(sep)][:max(n, 1)]


# --- CSV ----------------------------------------------------------------------------------

def _csv_to_entry(rec: dict[str, str]) -> dict[str, Any]:
    lic_names = _split(rec.get("licenses"))
    urls = _split(rec.get("license_urls"))
    classes = _split_keep(rec.get("license_classes"), len(lic_names))
    notes = _split_keep(rec.get("license_notes"), len(lic_names), sep="|")
    licenses = []
    for i, n in enumerate(lic_names):
        lic: dict[str, Any] = {"spdx": n}
        for key, values in (("url", urls), ("license_class", classes), ("note", notes)):
            if i < len(values) and values[i]:
                lic[key] = values[i]
        if rec.get("verified_by"):
            lic["verified_by"] = rec["verified_by"]
        licenses.append(lic)
    validation = {}
    for part in _split(rec.get("validation")):
        section, _, status = part.partition("=")
        validation[section.strip()] = status.strip()
    out: dict[str, Any] = {
        "name": rec.get("name", ""), "description": rec.get("description", ""),
        "homepage": rec.get("homepage") or None, "host": rec.get("host") or None,
        "custodians": _split(rec.get("custodians")), "creators": _split(rec.get("creators")),
        "languages": _split(rec.get("languages")), "domain": _split(rec.get("domain")),
        "tasks": _split(rec.get("tasks")), "licenses": licenses,
        "collection_method": rec.get("collection_method", ""),
        "quality_notes": rec.get("quality_notes", ""),
        "derived_from": _split(rec.get("derived_from")), "citation": rec.get("citation", ""),
        "access": rec.get("access") or "unknown", "modality": rec.get("modality") or "text",
        "size": {"value": rec.get("size_value") or None, "unit": rec.get("size_unit") or None},
        "risks": {k: rec.get(k) or d for k, d in (
            ("contains_pii", "unknown"), ("pii_notes", ""), ("sensitive_data", "unknown"),
            ("sensitive_notes", ""))},
        "year": rec.get("year") or None, "validation": validation,
    }
    if rec.get("id"):
        out["id"] = rec["id"]
    return out


def read_csv(path: Path) -> list[RawRow]:
    text = _text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise BadInput("is empty (expected a header row)", file=path.name, row=1)
    reader.fieldnames = header
    if "name" not in header:
        raise BadInput("has no 'name' column (the header row needs at least name)",
                       file=path.name, row=1, field="name")
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise BadInput(f"has unknown column(s) {', '.join(unknown)}; known columns: "
                       f"{', '.join(CSV_COLUMNS)}", file=path.name, row=1, field=unknown[0])
    rows = []
    for i, rec in enumerate(reader, start=2):
        if None in rec:
            rows.append((i, {"__error__": ("row", "has more cells than the header")}))
            continue
        # undo the quote our formula-safe CSV export put before formula-like cells
        rec = {k: unprotect((v or "").strip()) for k, v in rec.items()}
        if not any(rec.values()):
            continue
        rows.append((i, _csv_to_entry(rec)))
    return rows


# --- JSON / JSONL --------------------------------------------------------------------------

def _json_items(path: Path, data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if not isinstance(data, list):
        raise BadInput("must hold a JSON list of entries (or {\"entries\": [...]})",
                       file=path.name)
    return data


def _load_json(path: Path) -> Any:
    try:
        return json.loads(_text(path))
    except json.JSONDecodeError as exc:
        raise BadInput(f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
                       file=path.name, row=exc.lineno) from None


def read_json(path: Path) -> list[RawRow]:
    return [(i, item if isinstance(item, dict) else {"__error__": ("row", "is not an object")})
            for i, item in enumerate(_json_items(path, _load_json(path)), start=1)]


def read_jsonl(path: Path) -> list[RawRow]:
    rows = []
    for i, line in enumerate(_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((i, {"__error__": ("json", f"not valid JSON ({exc.msg})")}))
            continue
        rows.append((i, item if isinstance(item, dict) else
                     {"__error__": ("row", "is not a JSON object")}))
    return rows


# --- Masader ------------------------------------------------------------------------------

MASADER_FIELDS = {"name": "Name", "languages": "Dialect", "licenses": "License",
                  "access": "Access", "modality": "Form", "homepage": "Link", "year": "Year",
                  "size": "Volume", "derived_from": "Derived From", "description": "Description"}


def _bibtex(key: str, title: str, authors: list[str], year: Any, url: str, venue: str) -> str:
    if not title:
        return ""
    fields = [f"  title = {{{title}}}"]
    if authors:
        fields.append("  author = {" + " and ".join(authors) + "}")
    if year:
        fields.append(f"  year = {{{year}}}")
    if venue:
        fields.append(f"  howpublished = {{{venue}}}")
    if url:
        fields.append(f"  url = {{{url}}}")
    return "@misc{" + key + ",\n" + ",\n".join(fields) + "\n}"


def masader_to_entry(item: dict[str, Any]) -> dict[str, Any]:
    missing = [k for k in ("Name", "License", "Dialect") if k not in item]
    if missing:
        return {"__error__": (missing[0], "missing (Masader entries need Name, License, "
                                          "Dialect)")}
    dialect = str(item.get("Dialect") or "mixed")
    languages = [dialect]
    if str(item.get("Language", "ar")).lower() == "multilingual":
        languages.append("mul")
    authors = [re.sub(r"^and\s+", "", a).strip() for a in item.get("Authors") or [] if a]
    name = str(item.get("Name") or "").strip()
    source = "; ".join(item.get("Source") or [])
    annotation = "; ".join(a for a in item.get("Annotation Style") or [] if a != "none")
    volume = item.get("Volume")
    return {
        "name": name, "description": item.get("Description") or "",
        "homepage": item.get("Link") or item.get("HF Link") or None,
        "host": item.get("Host") or None, "custodians": item.get("Provider") or [],
        "creators": authors, "languages": languages, "modality": item.get("Form") or "text",
        "domain": item.get("Domain") or [], "tasks": item.get("Tasks") or [],
        "size": {"value": volume if isinstance(volume, (int, float)) and volume == volume
                 else None, "unit": item.get("Unit") or None},
        "collection_method": "; ".join(p for p in (
            source and f"source: {source}", annotation and f"annotation: {annotation}") if p),
        "access": item.get("Access") or "unknown",
        "licenses": [item.get("License") or "unknown"],
        "derived_from": item.get("Derived From") or [],
        "citation": _bibtex(slugify(name).replace("-", "_"), item.get("Paper Title") or "",
                            authors, item.get("Year"), item.get("Paper Link") or "",
                            item.get("Venue Title") or ""),
        "year": item.get("Year") or None,
    }


def read_masader(path: Path) -> list[RawRow]:
    return [(i, masader_to_entry(item) if isinstance(item, dict) else
             {"__error__": ("row", "is not an object")})
            for i, item in enumerate(_json_items(path, _load_json(path)), start=1)]


# --- Hugging Face dataset card --------------------------------------------------------------

def hf_card_to_entry(card_text: str, *, fallback_name: str) -> dict[str, Any]:
    """A dataset card (README.md with YAML metadata, or bare YAML) -> entry fields, read with
    huggingface_hub's DatasetCard / DatasetCardData."""
    from huggingface_hub import DatasetCard

    text = card_text if card_text.lstrip().startswith("---") else f"---\n{card_text}\n---\n"
    try:
        card = DatasetCard(text)
    except Exception as exc:  # noqa: BLE001 - yaml/validation errors from the library
        raise BadInput(f"its YAML metadata cannot be read ({type(exc).__name__}: {exc})",
                       field="metadata") from None
    data = card.data
    extra = data.to_dict()
    lic = data.license
    lic_list = lic if isinstance(lic, list) else [lic] if lic else []
    licenses = []
    for item in lic_list:
        if str(item).lower() == "other":
            name = extra.get("license_name") or "other"
            licenses.append({"spdx": f"LicenseRef-{name}", "url": extra.get("license_link")})
        else:
            licenses.append({"spdx": str(item)})
    sources = [s for s in (data.source_datasets or []) if s not in ("original", "extended")]
    sources = [re.sub(r"^extended\|", "", s) for s in sources]
    body = card.text or ""
    bib = re.search(r"```(?:bibtex|bib)?\s*(@\w+\{.*?\})\s*```", body, re.S)
    desc = next((p.strip() for p in re.split(r"\n\s*\n", body)
                 if p.strip() and not p.strip().startswith(("#", "```", "@"))), "")
    modality = "text"
    tasks = list(data.task_categories or [])
    if any("speech" in t or "audio" in t for t in tasks):
        modality = "audio"
    elif any("image" in t for t in tasks):
        modality = "image"
    return {"name": data.pretty_name or fallback_name, "description": desc[:2000],
            "languages": data.language or [], "licenses": licenses, "tasks": tasks,
            "derived_from": sources, "modality": modality,
            "homepage": extra.get("homepage") or None,
            "citation": bib.group(1) if bib else "",
            "size": {"value": None, "unit": ", ".join(data.size_categories or []) or None}}


def read_hf_card(path: Path) -> list[RawRow]:
    text = _text(path)
    name = path.parent.name if path.name.lower() == "readme.md" else path.stem
    try:
        return [(1, hf_card_to_entry(text, fallback_name=name))]
    except BadInput as exc:
        raise BadInput(exc.reason, file=path.name, row=1, field=exc.field) from None


register(Importer("csv", (".csv",), "spreadsheet, one entry per row; lists separated by ';'",
                  read_csv))
register(Importer("json", (".json",), "a JSON list of entries (Glasshouse's own export)",
                  read_json))
register(Importer("jsonl", (".jsonl", ".ndjson"), "one JSON entry per line", read_jsonl))
register(Importer("masader", (), "Masader catalogue JSON (Arabic NLP datasets)", read_masader,
                  MASADER_FIELDS))
register(Importer("hf-card", (".md", ".yaml", ".yml"), "Hugging Face dataset card",
                  read_hf_card))


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(_read_bytes(path).decode("utf-8-sig"))
        except (ValueError, OSError, BadInput):
            return "json"
        items = data if isinstance(data, list) else []
        if items and isinstance(items[0], dict) and "Name" in items[0] and "Dialect" in items[0]:
            return "masader"
        return "json"
    for imp in REGISTRY.values():
        if suffix in imp.suffixes:
            return imp.name
    raise BadInput(f"cannot tell the format from '{suffix}'; pass --format "
                   f"({', '.join(REGISTRY)})", file=path.name)


def _too_long(value: Any, limit: int, field: str = "") -> tuple[str, int] | None:
    """The first text inside `value` (lists and objects searched) longer than `limit`."""
    if isinstance(value, str):
        return (field, len(value)) if len(value) > limit else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((field, v) for v in value)
    else:
        return None
    for key, v in items:
        found = _too_long(v, limit, str(key) if isinstance(value, dict) and not field else field)
        if found:
            return found
    return None


def check_limits(rows: list[RawRow], file: str) -> list[RawRow]:
    """The content limits (glasshouse.limits): too many rows is an error; a row with a text over
    the cell limit is rejected with a note naming the field, the length and the limit."""
    from glasshouse.limits import ENV_CELL, ContentLimits

    limits = ContentLimits.from_env()
    if len(rows) > limits.max_rows:
        raise limits.too_many_rows(file, len(rows))
    out: list[RawRow] = []
    for row, raw in rows:
        found = None if "__error__" in raw else _too_long(raw, limits.max_cell_chars)
        if found:
            fld, n = found
            raw = {"__error__": (fld or "row", f"holds {n:,} characters, over the "
                                 f"{limits.max_cell_chars:,}-character limit ({ENV_CELL})")}
        out.append((row, raw))
    return out


def validate_rows(rows: list[RawRow], importer: Importer) -> tuple[list[Entry], list[Rejected]]:
    good: list[Entry] = []
    rejected: list[Rejected] = []
    seen: dict[str, int] = {}
    for row, raw in rows:
        if "__error__" in raw:
            fld, msg = raw["__error__"]
            rejected.append(Rejected(row, fld, msg))
            continue
        entry, errors = validate_entry(raw)
        if entry is None:
            for fld, msg in errors:
                top = fld.split(".")[0]
                rejected.append(Rejected(row, importer.field_names.get(top, fld), msg))
            continue
        if entry.id in seen:
            rejected.append(Rejected(row, "id", f"same id '{entry.id}' as row {seen[entry.id]}"))
            continue
        seen[entry.id] = row
        good.append(entry)
    return good, rejected


def import_file(db: Database, path: str | Path, *, actor: Actor, fmt: str | None = None,
                partial: bool = False) -> ImportReport:
    """Import a file. All or nothing unless `partial`; every rejected row is reported."""
    from catalog.service import upsert_many

    path = Path(path)
    if not path.is_file():
        raise BadInput("not found", file=str(path))
    fmt = fmt or guess_format(path)
    if fmt not in REGISTRY:
        raise BadInput(f"unknown format '{fmt}' (use one of {', '.join(REGISTRY)})",
                       field="format")
    importer = REGISTRY[fmt]
    rows = check_limits(importer.read(path), path.name)
    good, rejected = validate_rows(rows, importer)
    if rejected and not partial:
        return ImportReport(0, 0, rejected, committed=False, rows=len(rows))
    try:
        created, updated = upsert_many(db, good, actor=actor, comment=f"import {path.name}")
    except BadInput as exc:
        raise BadInput(exc.reason, file=path.name, row=exc.row, field=exc.field) from None
    return ImportReport(created, updated, rejected, committed=True, rows=len(rows))
