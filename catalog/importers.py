"""Importers: one per file format, in one registry (glasshouse.registry). Each declares the
suffixes it reads, an example of its format, and a `sniff` that recognises its content; it
reads a file (or a folder) into numbered raw rows mapped to Entry fields. `import_file`
validates every row, reports every rejected row (row, field, error) and writes all rows in one
transaction, or none unless `partial`.

Nothing is dropped silently: source fields with no Entry field of their own go to the entry's
`extra` ("<source>:<field>"), and with `partial` a bad value of an optional field is left
empty, its text kept in `extra` under "rejected:<field>" and reported as a warning.

Row numbers: CSV counts the header as row 1 (the first entry is row 2, as a spreadsheet shows
it); JSON/Masader/BigScience count list items from 1 (a folder: its files in name order);
JSONL counts lines from 1.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalog.families import all_families
from catalog.csv_mapping import (CSV_COLUMNS, TARGETS, ColumnPlan, apply_plan, plan_columns,
                                 read_table)
from catalog.languages import CLASSICAL_ARABIC, dialect_tag
from catalog.schema import Entry, License, slugify, validate_entry
from glasshouse.db import Database
from glasshouse.errors import BadInput
from glasshouse.registry import Registry
from glasshouse.safe_csv import unprotect
from glasshouse.users import Actor

__all__ = ["CSV_COLUMNS", "TARGETS", "ColumnPlan", "IMPORTERS", "ImportOptions", "ImportReport",
           "Importer", "Rejected", "import_file", "guess_format", "plan_columns",
           "validate_rows"]

RawRow = tuple[int, dict[str, Any]]
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_FOLDER_FILES = 10_000
SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Rejected:
    row: int
    field: str
    error: str
    file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "field": self.field, "error": self.error}
        if self.file:
            out["file"] = self.file
        return out


@dataclass(frozen=True)
class ImportReport:
    imported: int
    updated: int
    rejected: list[Rejected] = field(default_factory=list)
    committed: bool = True
    rows: int = 0
    # values kept out of their field (left empty with `partial`, or kept as text in `extra`)
    warnings: list[Rejected] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated,
                "rejected": [r.as_dict() for r in self.rejected], "committed": self.committed,
                "rows": self.rows, "warnings": [w.as_dict() for w in self.warnings]}


@dataclass(frozen=True)
class ImportOptions:
    """`mapping`: source column -> Entry field (CSV), beside the automatic synonyms."""

    mapping: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Importer:
    name: str
    suffixes: tuple[str, ...]
    description: str
    example: str  # a small, valid example of the format
    read: Callable[[Path, ImportOptions], list[RawRow]]
    sniff: Callable[[Path, str], bool]  # (path, its first 64 KiB as text) -> is it ours?
    field_names: dict[str, str] = field(default_factory=dict)  # Entry field -> source field
    folders: bool = False  # also reads a folder of files


IMPORTERS: Registry[Importer] = Registry("importer")
REGISTRY = IMPORTERS  # the old name


def register(importer: Importer) -> Importer:
    return IMPORTERS.register(importer)


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


def _head(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            return fh.read(SNIFF_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


# --- CSV ----------------------------------------------------------------------------------

def read_csv(path: Path, options: ImportOptions | None = None) -> list[RawRow]:
    header, records = read_table(_text(path), file=path.name)
    plan = plan_columns(header, (options or ImportOptions()).mapping, file=path.name)
    rows: list[RawRow] = []
    for i, rec in records:
        if rec is None:
            rows.append((i, {"__error__": ("row", "has more cells than the header")}))
            continue
        # undo the quote our formula-safe CSV export put before formula-like cells
        rec = {k: unprotect(v) if isinstance(v, str) else v for k, v in rec.items()}
        rows.append((i, apply_plan(plan, rec)))
    return rows


def _sniff_csv(path: Path, head: str) -> bool:
    if path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return False
    first = head.splitlines()[0] if head.strip() else ""
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return False
    return bool(plan_columns(header, {}, file=path.name, check=False).mapped)


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


def read_json(path: Path, options: ImportOptions | None = None) -> list[RawRow]:
    return [(i, item if isinstance(item, dict) else {"__error__": ("row", "is not an object")})
            for i, item in enumerate(_json_items(path, _load_json(path)), start=1)]


def read_jsonl(path: Path, options: ImportOptions | None = None) -> list[RawRow]:
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


def _sniff_json(path: Path, head: str) -> bool:
    return path.suffix.lower() == ".json" or head.lstrip()[:1] in ("[", "{")


def _sniff_jsonl(path: Path, head: str) -> bool:
    lines = [ln for ln in head.splitlines()[:3] if ln.strip()]
    return path.suffix.lower() in (".jsonl", ".ndjson") or (
        len(lines) > 1 and all(ln.lstrip().startswith("{") and ln.rstrip().endswith("}")
                               for ln in lines[:-1]))


# --- Masader ------------------------------------------------------------------------------

# Masader fields mapped onto an Entry field without loss; every other field is kept in
# `extra` as "masader:<field>" (mapped ones too where the mapping changes the text).
MASADER_FIELDS = {"name": "Name", "languages": "Dialect", "licenses": "License",
                  "access": "Access", "modality": "Form", "homepage": "Link", "year": "Year",
                  "size": "Volume", "derived_from": "Derived From", "description": "Description",
                  "custodians": "Provider", "host": "Host", "domain": "Domain",
                  "tasks": "Tasks", "subsets": "Dialect Subsets", "creators": "Authors",
                  "citation": "Paper Title"}
_MASADER_LOSSLESS = {"Name", "Description", "Link", "Host", "Provider", "Domain", "Tasks",
                     "Volume", "Unit", "Year", "Dialect Subsets", "Form"}


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


def _volume(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) \
        and value == value else None


def _masader_dialect(label: Any) -> str:
    """A Masader dialect label -> tag; an unknown label stays as written, so that validation
    reports it in the languages field."""
    try:
        return dialect_tag(str(label or "mixed"), "ar")
    except BadInput:
        return str(label)


def _json_value(value: Any) -> Any:
    """A value as JSON keeps it (NaN and other non-JSON floats -> their text)."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def masader_to_entry(item: dict[str, Any]) -> dict[str, Any]:
    missing = [k for k in ("Name", "Dialect") if k not in item]
    if missing:
        return {"__error__": (missing[0], "missing (Masader entries need Name and Dialect)")}
    languages = [_masader_dialect(item.get("Dialect"))]
    if str(item.get("Language", "ar")).strip().lower() == "multilingual":
        languages.append("mul")
    subsets = []
    raw_subsets = item.get("Dialect Subsets") or []
    for sub in raw_subsets if isinstance(raw_subsets, list) else []:
        if not isinstance(sub, dict):
            continue
        tag = _masader_dialect(sub.get("Dialect"))
        subsets.append({"name": str(sub.get("Name") or ""), "language": tag,
                        "label": str(sub.get("Dialect") or ""),
                        "size": {"value": _volume(sub.get("Volume")),
                                 "unit": sub.get("Unit") or None}})
        if tag not in languages:
            languages.append(tag)
    authors = [re.sub(r"^and\s+", "", str(a)).strip() for a in item.get("Authors") or [] if a]
    name = str(item.get("Name") or "").strip()
    source = "; ".join(str(s) for s in item.get("Source") or [])
    annotation = "; ".join(str(a) for a in item.get("Annotation Style") or [] if a != "none")
    extra = {f"masader:{k}": _json_value(v) for k, v in item.items()
             if k not in _MASADER_LOSSLESS and v not in (None, "", [])}
    return {
        "name": name, "description": item.get("Description") or "",
        "homepage": item.get("Link") or item.get("HF Link") or None,
        "host": item.get("Host") or None, "custodians": item.get("Provider") or [],
        "creators": authors, "languages": languages, "modality": item.get("Form") or "text",
        "domain": item.get("Domain") or [], "tasks": item.get("Tasks") or [],
        "size": {"value": _volume(item.get("Volume")), "unit": item.get("Unit") or None},
        "collection_method": "; ".join(p for p in (
            source and f"source: {source}", annotation and f"annotation: {annotation}") if p),
        "access": item.get("Access") or "unknown",
        "licenses": [item.get("License") or "unknown"],
        "derived_from": item.get("Derived From") or [],
        "citation": _bibtex(slugify(name).replace("-", "_"), item.get("Paper Title") or "",
                            authors, item.get("Year"), item.get("Paper Link") or "",
                            item.get("Venue Title") or ""),
        "year": item.get("Year") or None, "subsets": subsets, "extra": extra,
    }


def read_masader(path: Path, options: ImportOptions | None = None) -> list[RawRow]:
    return [(i, masader_to_entry(item) if isinstance(item, dict) else
             {"__error__": ("row", "is not an object")})
            for i, item in enumerate(_json_items(path, _load_json(path)), start=1)]


def _sniff_masader(path: Path, head: str) -> bool:
    start = head.lstrip()[:4000]
    return start.startswith("[") and '"Name"' in start and '"Dialect"' in start


# --- BigScience catalogue ------------------------------------------------------------------

# where each mapped BigScience field goes; every other leaf is kept as "bigscience:<path>"
BIGSCIENCE_FIELDS = {
    "id": "uid", "name": "description.name", "description": "description.description",
    "homepage": "description.homepage", "languages": "languages.language_names",
    "custodians": "custodian.name", "licenses": "availability.licensing.license_list",
    "access": "availability.procurement.for_download", "risks": "availability.pii",
    "modality": "media.category"}
_BIGSCIENCE_MAPPED = {"uid", "description.name", "description.description",
                      "description.homepage", "custodian.name",
                      "availability.pii.has_pii"}
# BigScience's own private tags (its catalogue app's language list)
_BIGSCIENCE_TAGS = {"ar-cls": CLASSICAL_ARABIC}
# section "validated" flags -> our review sections
_BIGSCIENCE_SECTIONS = {"description": ("basics",), "languages": ("languages",),
                        "availability": ("licences", "risks"),
                        "source_category": ("provenance",),
                        "processed_from_primary": ("provenance",)}
_MEDIA = {"text": "text", "audiovisual": "video", "image": "image", "audio": "audio"}


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: _json_value(value)}


def _bigscience_licence(item: str) -> str:
    """'cc-by-nc-2.0: Creative Commons Attribution Non Commercial 2.0 Generic' -> its id."""
    key = str(item).split(":", 1)[0].strip()
    return key or str(item)


def _pii_notes(pii: dict[str, Any]) -> tuple[str, str, str]:
    """(pii notes, sensitive data yes/no/unknown, sensitive notes) in plain words."""
    parts = []
    for kind in ("generic", "numeric"):
        likely, items = pii.get(f"{kind}_pii_likely") or "", pii.get(f"{kind}_pii_list") or []
        if likely or items:
            parts.append(f"{kind} personal information {likely or 'likelihood not given'}"
                         + (f": {', '.join(map(str, items))}" if items else ""))
    if pii.get("no_pii_justification_text") or pii.get("no_pii_justification_class"):
        parts.append("no personal information because: " + " - ".join(
            str(pii.get(k)) for k in ("no_pii_justification_class", "no_pii_justification_text")
            if pii.get(k)))
    s_likely, s_items = pii.get("sensitive_pii_likely") or "", pii.get("sensitive_pii_list") or []
    sensitive = "yes" if s_items else "unknown"
    s_notes = (f"sensitive personal information {s_likely or 'likelihood not given'}"
               + (f": {', '.join(map(str, s_items))}" if s_items else "")) \
        if s_likely or s_items else ""
    return "; ".join(parts), sensitive, s_notes


def bigscience_to_entry(item: dict[str, Any]) -> dict[str, Any]:
    desc = item.get("description") if isinstance(item.get("description"), dict) else {}
    if not desc.get("name"):
        return {"__error__": ("description.name", "missing (BigScience entries need "
                                                  "description.name)")}
    langs = item.get("languages") if isinstance(item.get("languages"), dict) else {}
    avail = item.get("availability") if isinstance(item.get("availability"), dict) else {}
    licensing = avail.get("licensing") if isinstance(avail.get("licensing"), dict) else {}
    pii = avail.get("pii") if isinstance(avail.get("pii"), dict) else {}
    procurement = avail.get("procurement") if isinstance(avail.get("procurement"), dict) else {}
    media = item.get("media") if isinstance(item.get("media"), dict) else {}
    custodian = item.get("custodian") if isinstance(item.get("custodian"), dict) else {}
    mapped = set(_BIGSCIENCE_MAPPED)
    extra: dict[str, Any] = {}

    languages: list[str] = []
    warnings: list[tuple[str, str]] = []
    families = {f.lower() for f in all_families()}
    for name in langs.get("language_names") or []:
        if str(name).strip().lower() in families:  # the app offered families as choices
            warnings.append(("languages", f"'{name}' is a language family, not a language; "
                             "kept in extra 'bigscience:languages.language_names'"))
            continue
        languages.append(_BIGSCIENCE_TAGS.get(str(name).strip().lower(), str(name)))
    licenses = [_bigscience_licence(x) for x in licensing.get("license_list") or []]
    download = str(procurement.get("for_download") or "").lower()
    access = "open" if download.startswith("yes") else "gated" if download.startswith("no") \
        else "unknown"
    has_pii = str(pii.get("has_pii") or "").strip().lower()
    pii_notes, sensitive, s_notes = _pii_notes(pii)
    categories = [str(c).strip().lower() for c in media.get("category") or []]
    modality = _MEDIA.get(categories[0], "other") if len(categories) == 1 else \
        "multimodal" if categories else "text"
    validation = {}
    for section, ours in _BIGSCIENCE_SECTIONS.items():
        sec = item.get(section)
        if isinstance(sec, dict) and "validated" in sec:
            for s in ours:
                if validation.get(s) != "unverified":
                    validation[s] = "verified" if sec["validated"] is True else "unverified"
    uid = str(item.get("uid") or "").strip().lower().replace("_", "-")
    # every leaf of the record that is not an Entry field of its own is kept
    for path, value in _flatten(item).items():
        if path not in mapped and value not in (None, "", [], {}):
            extra[f"bigscience:{path}"] = value
    out: dict[str, Any] = {
        "name": desc.get("name"), "description": desc.get("description") or "",
        "homepage": desc.get("homepage") or None,
        "custodians": [custodian["name"]] if custodian.get("name") else [],
        "languages": languages, "licenses": licenses, "access": access,
        "modality": modality, "validation": validation,
        "risks": {"contains_pii": {"yes": "yes", "no": "no"}.get(has_pii, "unknown"),
                  "pii_notes": pii_notes, "sensitive_data": sensitive,
                  "sensitive_notes": s_notes},
        "extra": extra, "__warnings__": warnings,
    }
    if uid:
        out["id"] = uid
    return out


def _bigscience_files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file()
                   and not p.is_symlink())
    if len(files) > MAX_FOLDER_FILES:
        raise BadInput(f"holds more than {MAX_FOLDER_FILES} JSON files", file=path.name)
    if not files:
        raise BadInput("holds no .json files", file=path.name)
    return files


def read_bigscience(path: Path, options: ImportOptions | None = None) -> list[RawRow]:
    """One entry (a JSON object), a JSON list of entries, or a folder of entry files."""
    items: list[Any] = []
    for file in _bigscience_files(path):
        data = _load_json(file)
        items.extend(data if isinstance(data, list) else [data])
    return [(i, bigscience_to_entry(item) if isinstance(item, dict) else
             {"__error__": ("row", "is not an object")}) for i, item in enumerate(items, start=1)]


def _is_bigscience(text: str) -> bool:
    start = text.lstrip()[:4000]
    return start[:1] in ("{", "[") and '"uid"' in start and '"description"' in start


def _sniff_bigscience(path: Path, head: str) -> bool:
    if path.is_dir():
        files = sorted(path.glob("*.json"))[:3]
        return bool(files) and all(_is_bigscience(_head(f)) for f in files)
    return _is_bigscience(head)


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
    block = extra.get("glasshouse")
    if isinstance(block, dict) and isinstance(block.get("entry"), dict):
        # our own export: the entry as it was, nothing lost (validated like any row; our
        # internal "__error__" marker cannot be smuggled in)
        return {k: v for k, v in block["entry"].items() if not str(k).startswith("__")}
    licenses = _hub_card_licenses(data.license, extra)
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
    details = extra.get("language_details")
    languages = (details if isinstance(details, list) else [details]) if details else (
        data.language or [])
    return {"name": data.pretty_name or fallback_name, "description": desc[:2000],
            "languages": languages, "licenses": licenses, "tasks": tasks,
            "derived_from": sources, "modality": modality,
            "homepage": extra.get("homepage") or None,
            "citation": bib.group(1) if bib else "",
            "size": {"value": None, "unit": ", ".join(data.size_categories or []) or None}}


def _hub_card_licenses(lic: Any, extra: dict[str, Any]) -> list[dict[str, Any]]:
    """The card's `license` (Hub ids, or `other` with license_name/license_link) -> licences.
    A license_name is read as a licence name first ("ldc-user-agreement" is the LDC agreement,
    class academic-only), else kept as LicenseRef-<name>; names joined by '--' are several."""
    from catalog.licenses import hub_licenses, read_license

    lic_list = lic if isinstance(lic, list) else [lic] if lic else []
    out: list[dict[str, Any]] = []
    for item in lic_list:
        item = str(item)
        if item.lower() != "other":
            out.append({"spdx": hub_licenses().get(item.lower(), item)})
            continue
        link = extra.get("license_link")
        url = link if isinstance(link, str) and link.startswith(("http://", "https://")) else None
        for name in str(extra.get("license_name") or "custom").split("--"):
            reading = read_license(name.replace("-", " "))
            ref = reading.spdx if reading.recognised and reading.spdx not in (
                "LicenseRef-Custom", "LicenseRef-Unknown") else f"LicenseRef-{name}"
            out.append({"spdx": ref, "url": url})
    return out


def read_hf_card(path: Path, options: ImportOptions | None = None) -> list[RawRow]:
    text = _text(path)
    name = path.parent.name if path.name.lower() == "readme.md" else path.stem
    try:
        return [(1, hf_card_to_entry(text, fallback_name=name))]
    except BadInput as exc:
        raise BadInput(exc.reason, file=path.name, row=1, field=exc.field) from None


def _sniff_hf_card(path: Path, head: str) -> bool:
    return path.suffix.lower() in (".md", ".yaml", ".yml") or (
        head.lstrip().startswith("---") and "\n---" in head)


# --- the registry ------------------------------------------------------------------------------

register(Importer(
    "bigscience", (), "BigScience catalogue entries (one file, a JSON list, or a folder)",
    '{"uid": "le_monde_newspaper", "type": "primary", "description": {"name": "Le Monde '
    'Newspaper", "homepage": "https://www.lemonde.fr/", "validated": true}, "languages": '
    '{"language_names": ["French"], "language_locations": ["France"], "validated": false}, '
    '"availability": {"licensing": {"license_list": ["other: Other license"], "license_text": '
    '"All rights reserved."}, "pii": {"has_pii": "Yes", "generic_pii_likely": "very likely", '
    '"generic_pii_list": ["names"]}, "validated": false}}',
    read_bigscience, _sniff_bigscience, BIGSCIENCE_FIELDS, folders=True))
register(Importer(
    "masader", (), "Masader catalogue JSON (Arabic NLP datasets)",
    '[{"Name": "Tiny dialect corpus", "Dialect": "mixed", "Dialect Subsets": [{"Name": '
    '"Egyptian", "Dialect": "Egypt", "Volume": 3018.0, "Unit": "sentences"}], "License": '
    '"CC BY 4.0", "Language": "ar", "Volume": 3018.0, "Unit": "sentences", "Script": "Arab"}]',
    read_masader, _sniff_masader, MASADER_FIELDS))
register(Importer(
    "jsonl", (".jsonl", ".ndjson"), "one JSON entry per line",
    '{"name": "Kiswahili news", "languages": ["sw"], "licenses": ["CC-BY-4.0"]}',
    read_jsonl, _sniff_jsonl))
register(Importer(
    "json", (".json",), "a JSON list of entries (Glasshouse's own export)",
    '[{"name": "Kiswahili news", "languages": ["sw"], "licenses": ["CC-BY-4.0"]}]',
    read_json, _sniff_json))
register(Importer(
    "csv", (".csv",), "spreadsheet, one entry per row; columns matched to fields by name or "
    "synonym (license/licence, language(s), 'Dataset title'...) or --map 'COLUMN=field'",
    "Dataset title,Language(s),License\nKiswahili news,\"sw, en\",CC BY 4.0\n",
    read_csv, _sniff_csv))
register(Importer(
    "hf-card", (".md", ".yaml", ".yml"), "Hugging Face dataset card",
    "---\npretty_name: Tiny Yoruba news\nlanguage:\n- yo\nlicense: cc-by-4.0\n---\n",
    read_hf_card, _sniff_hf_card))


def guess_format(path: Path) -> str:
    """The first importer whose sniff recognises the content (most specific first)."""
    head = "" if path.is_dir() else _head(path)
    for imp in IMPORTERS.all():
        if (path.is_dir() and not imp.folders) or not imp.sniff(path, head):
            continue
        return imp.name
    for imp in IMPORTERS.all():
        if path.suffix.lower() in imp.suffixes:
            return imp.name
    raise BadInput(f"cannot tell the format of '{path.name}'; pass --format "
                   f"({', '.join(IMPORTERS.names())})", file=path.name)


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



# --- validation ------------------------------------------------------------------------------

_REQUIRED = {"name"}


def _fold_bad_items(raw: dict[str, Any], fld: str) -> list[str] | None:
    """For a list field (languages, licenses), drop only the items that do not validate; the
    dropped ones' text, or None when the field is not such a list."""
    from catalog.languages import normalise_language

    value = raw.get(fld)
    if fld not in ("languages", "licenses") or not isinstance(value, list):
        return None
    keep, bad = [], []
    for v in value:
        try:
            if fld == "languages":
                normalise_language(str(v))
            else:
                License.model_validate(v)
            keep.append(v)
        except (BadInput, ValueError):
            text = v.get("spdx") if isinstance(v, dict) and isinstance(v.get("spdx"), str) \
                else v
            bad.append(text if isinstance(text, str) else json.dumps(_json_value(text)))
    raw[fld] = keep
    return bad


def _leave_empty(raw: dict[str, Any], loc: str) -> Any:
    """Remove the value at `loc` ("size.value", "year", "languages.2") from raw; its value."""
    parts = loc.split(".")
    top = parts[0]
    if top not in raw:
        return None
    if len(parts) > 1 and isinstance(raw[top], dict) and parts[1] in raw[top]:
        inner = dict(raw[top])
        value = inner.pop(parts[1])
        raw[top] = inner
        return value
    return raw.pop(top)


def _partial_fix(raw: dict[str, Any], errors: list[tuple[str, str]]
                 ) -> tuple[Entry | None, list[tuple[str, str]], list[tuple[str, str]]]:
    """Leave the bad optional fields empty (their text kept in extra["rejected:<field>"]).
    (entry or None, errors left, what was left empty as (field, message))."""
    fixed = dict(raw)
    fixed["extra"] = dict(raw.get("extra") or {}) if isinstance(raw.get("extra"), dict) else {}
    emptied: list[tuple[str, str]] = []
    for _ in range(3):
        if any(f.split(".")[0] in _REQUIRED for f, _m in errors):
            return None, errors, emptied
        for loc, msg in errors:
            top = loc.split(".")[0]
            bad = _fold_bad_items(fixed, top)
            value = bad if bad is not None else _leave_empty(fixed, loc)
            key = f"rejected:{top if bad is not None else loc}"
            if value not in (None, [], ""):
                fixed["extra"][key] = _json_value(value)
            emptied.append((loc, f"{msg}; left empty, the value is kept in extra '{key}'"))
        entry, errors = validate_entry(fixed)
        if entry is not None:
            return entry, [], emptied
    return None, errors, emptied


def validate_rows(rows: list[RawRow], importer: Importer, *, partial: bool = False
                  ) -> tuple[list[Entry], list[Rejected], list[Rejected]]:
    """(valid entries, rejected rows, warnings). With `partial`, a bad optional field is left
    empty and reported as a warning instead of rejecting its row."""
    good: list[Entry] = []
    rejected: list[Rejected] = []
    warnings: list[Rejected] = []
    seen: dict[str, tuple[int, Entry]] = {}
    for row, raw in rows:
        if "__error__" in raw:
            fld, msg = raw["__error__"]
            rejected.append(Rejected(row, fld, msg))
            continue
        raw = dict(raw)
        names = {**importer.field_names, **raw.pop("__fields__", {})}
        for fld, msg in raw.pop("__warnings__", []):
            warnings.append(Rejected(row, names.get(fld, fld), msg))
        entry, errors = validate_entry(raw)
        if entry is None and partial:
            entry, errors, emptied = _partial_fix(raw, errors)
            if entry is not None:
                warnings.extend(Rejected(row, names.get(f.split(".")[0], f), m)
                                for f, m in emptied)
        if entry is None:
            for fld, msg in errors:
                top = fld.split(".")[0]
                rejected.append(Rejected(row, names.get(top, fld), msg))
            continue
        if entry.id in seen:
            first_row, first = seen[entry.id]
            other = _distinct_id(entry, first, seen)
            if other is None:
                rejected.append(Rejected(row, "id", f"same id '{entry.id}' as row {first_row}"))
                continue
            warnings.append(Rejected(row, "id", f"same name as row {first_row} but another "
                                     f"homepage: given the id '{other.id}'"))
            entry = other
        seen[entry.id] = (row, entry)
        good.append(entry)
    return good, rejected, warnings


def _distinct_id(entry: Entry, first: Entry, seen: dict[str, Any]) -> Entry | None:
    """Two rows of one file with the same name but different homepages are two resources
    ('Personal blog' of two sites): the later one's id takes its homepage's host."""
    if not entry.homepage or entry.homepage == first.homepage:
        return None
    host = re.sub(r"^https?://(www\.)?", "", entry.homepage).split("/")[0]
    new_id = slugify(f"{entry.name} {host}")[:120].strip("-")
    if new_id in seen or new_id == entry.id:
        return None
    return entry.model_copy(update={"id": new_id})


def _entry_of(raw: dict[str, Any]) -> Entry | None:
    """The entry a raw row gives (None when it is invalid), without the importer's markers."""
    if "__error__" in raw:
        return None
    return validate_entry({k: v for k, v in raw.items() if not k.startswith("__")})[0]


def _clash_rows(rows: list[RawRow], clashes: list[tuple[Entry, str]]) -> list[Rejected]:
    """The row number of each id conflict (rows validated again: conflicts are rare)."""
    message = {e.id: msg for e, msg in clashes}
    out = []
    for row, raw in rows:
        entry = _entry_of(raw)
        if entry is not None and entry.id in message:
            out.append(Rejected(row, "id", message.pop(entry.id)))
    out += [Rejected(0, "id", msg) for msg in message.values()]
    return out


def _licence_warnings(rows: list[RawRow], unread: dict[str, list[str]]) -> list[Rejected]:
    """The row of each entry whose licence text could not be read (kept as text)."""
    out = []
    left = dict(unread)
    for row, raw in rows:
        entry = _entry_of(raw)
        if entry is not None and entry.id in left:
            out += [Rejected(row, "licenses", note) for note in left.pop(entry.id)]
    out += [Rejected(0, "licenses", note) for notes in left.values() for note in notes]
    return out


def import_file(db: Database, path: str | Path, *, actor: Actor, fmt: str | None = None,
                partial: bool = False, mapping: dict[str, str] | None = None) -> ImportReport:
    """Import a file (or, for formats that read folders, a folder). All or nothing unless
    `partial`; every rejected row and every value kept out of its field is reported. An id
    taken by an entry with another name is a reported conflict, never an overwrite."""
    from catalog.service import resolve_ids, upsert_many

    path = Path(path)
    if not path.exists():
        raise BadInput("not found", file=str(path))
    fmt = fmt or guess_format(path)
    if fmt not in IMPORTERS:
        raise BadInput(f"unknown format '{fmt}' (use one of {', '.join(IMPORTERS.names())})",
                       field="format")
    importer = IMPORTERS.get(fmt)
    if path.is_dir() and not importer.folders:
        raise BadInput(f"is a folder; the {fmt} format reads one file", file=str(path))
    if mapping and fmt != "csv":
        raise BadInput("--map applies to CSV files only", field="map")
    rows = check_limits(importer.read(path, ImportOptions(mapping=dict(mapping or {}))),
                        path.name)
    good, rejected, warnings = validate_rows(rows, importer, partial=partial)
    good, clashes = resolve_ids(db, good)
    if clashes:  # ids taken by entries with other names: reported, never overwritten
        rejected = sorted(rejected + _clash_rows(rows, clashes), key=lambda r: r.row)
    unread = {e.id: [lic.note for lic in e.licenses
                     if lic.note and lic.note.startswith("licence not recognised")]
              for e in good}
    unread = {k: v for k, v in unread.items() if v}
    if unread:  # kept as text with class unspecified: worth a look
        warnings = sorted(warnings + _licence_warnings(rows, unread), key=lambda r: r.row)
    if rejected and not partial:
        return ImportReport(0, 0, rejected, committed=False, rows=len(rows), warnings=warnings)
    try:
        created, updated = upsert_many(db, good, actor=actor, comment=f"import {path.name}")
    except BadInput as exc:
        raise BadInput(exc.reason, file=path.name, row=exc.row, field=exc.field) from None
    return ImportReport(created, updated, rejected, committed=True, rows=len(rows),
                        warnings=warnings)



def preview_columns(path: str | Path, *, fmt: str | None = None,
                    mapping: dict[str, str] | None = None, examples: int = 50
                    ) -> dict[str, Any]:
    """Before importing: the format, and for CSV which column fills which field (synonyms and
    `mapping`), with an example value per column, so that a curator can map the rest.
    {"format", "rows", "columns": [{"column", "field", "example"}], "fields": [...]}"""
    path = Path(path)
    if not path.exists():
        raise BadInput("not found", file=str(path))
    fmt = fmt or guess_format(path)
    if fmt != "csv":
        return {"format": fmt, "rows": None, "columns": [], "fields": list(TARGETS)}
    header, records = read_table(_text(path), file=path.name)
    plan = plan_columns(header, dict(mapping or {}), file=path.name, check=False)
    columns = []
    for col in plan.header:
        example = next((rec[col] for _i, rec in records[:examples]
                        if rec is not None and rec.get(col)), "")
        field_ = plan.mapped.get(col) or ("ignore" if col in plan.ignored else "extra")
        columns.append({"column": col, "field": field_, "example": example[:120]})
    return {"format": fmt, "rows": len(records), "columns": columns, "fields": list(TARGETS)}


def mapping_from_table(rows: list[list[Any]] | None) -> dict[str, str]:
    """The import preview table as edited by a curator ([column, field, example] rows) -> the
    mapping for `import_file`; blank fields are left to the automatic synonyms."""
    out: dict[str, str] = {}
    for row in rows or []:
        if len(row) >= 2 and str(row[0] or "").strip() and str(row[1] or "").strip():
            out[str(row[0]).strip()] = str(row[1]).strip()
    return out
