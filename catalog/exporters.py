"""Exporters: CSV (safe to open in a spreadsheet), JSON, Croissant JSON-LD, Hugging Face card.

Round trips: JSON and CSV exports import back as identical entries (sizes written exactly);
an hf-card carries Hub-valid metadata (Hub licence ids or `license: other` with `license_name`
and `license_link`, Hub task ids, plain ISO 639 codes in `language` and the full BCP-47 tags
in `language_details`) plus the whole entry in its `glasshouse` block, so it imports back
unchanged; without that block the licence still comes back with the same class.

Croissant (MLCommons 1.0): one entry exports as one Croissant document. Several entries export
as a schema.org `DataCatalog` whose `dataset` items are each such a document: the catalog
wrapper itself is NOT a Croissant document (Croissant describes one dataset per file); export
with `--id` for one. The documents are dataset-level metadata only: the catalog holds no file
listing, so there is no `distribution`/`recordSet`, and a required fact the entry lacks (url,
creator, datePublished, license) is left out rather than invented (`croissant_problems`
names it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
import re
from collections.abc import Callable
from typing import Any

from catalog.importers import CSV_COLUMNS
from catalog.schema import Entry
from glasshouse import safe_csv
from glasshouse.errors import BadInput
from glasshouse.registry import Registry

# the JSON-LD context recommended by the Croissant 1.0 specification (its Appendix 1)
CROISSANT_CONTEXT = {
    "@language": "en", "@vocab": "https://schema.org/", "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract",
    "field": "cr:field", "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key",
    "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path",
    "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex",
    "repeated": "cr:repeated", "replace": "cr:replace", "separator": "cr:separator",
    "source": "cr:source", "subField": "cr:subField", "transform": "cr:transform",
}
CROISSANT_CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
# Croissant 1.0 "Required" dataset properties (specification, section Dataset-level information)
CROISSANT_REQUIRED = ("@context", "@type", "conformsTo", "description", "license", "name", "url",
                      "creator", "datePublished")
GLASSHOUSE_KEY = "glasshouse"  # our own block in card metadata (as cards/spec.py)


def to_csv(entries: list[Entry]) -> str:
    """Formula-safe CSV (glasshouse.safe_csv); the importer undoes the protection."""
    return safe_csv.dict_rows_to_text(CSV_COLUMNS, (_csv_row(e) for e in entries))


def _csv_row(e: Entry) -> dict[str, str]:
    row = {
        "id": e.id, "name": e.name, "description": e.description,
        "homepage": e.homepage or "", "host": e.host or "",
        "custodians": "; ".join(e.custodians), "creators": "; ".join(e.creators),
        "languages": "; ".join(e.languages), "modality": e.modality,
        "domain": "; ".join(e.domain), "tasks": "; ".join(e.tasks),
        "size_value": _exact(e.size.value),
        "size_unit": e.size.unit or "", "collection_method": e.collection_method,
        "access": e.access, "licenses": "; ".join(lic.spdx for lic in e.licenses),
        "license_urls": "; ".join(lic.url or "" for lic in e.licenses),
        "license_classes": "; ".join(lic.license_class or "" for lic in e.licenses),
        "license_notes": " | ".join((lic.note or "").replace("|", "/") for lic in e.licenses),
        "validation": "; ".join(f"{k}={v}" for k, v in e.validation.items()),
        "verified_by": next((lic.verified_by for lic in e.licenses if lic.verified_by), ""),
        "contains_pii": e.risks.contains_pii, "pii_notes": e.risks.pii_notes,
        "sensitive_data": e.risks.sensitive_data, "sensitive_notes": e.risks.sensitive_notes,
        "quality_notes": e.quality_notes, "derived_from": "; ".join(e.derived_from),
        "citation": e.citation, "year": "" if e.year is None else str(e.year),
        "subsets": json.dumps([s.model_dump(mode="json") for s in e.subsets],
                              ensure_ascii=False) if e.subsets else "",
        "extra_fields": json.dumps(e.extra, ensure_ascii=False) if e.extra else "",
    }
    return row


def _exact(value: float | None) -> str:
    """A size written so that it reads back as the same number (no rounding to 6 digits)."""
    if value is None:
        return ""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def to_json(entries: list[Entry]) -> str:
    return json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False,
                      indent=2) + "\n"


def _croissant_license(lic: Any) -> Any:
    if lic.spdx == "LicenseRef-Unknown":
        return None
    if not lic.spdx.startswith("LicenseRef-") and lic.url:
        return lic.url
    return {"@type": "sc:CreativeWork", "name": lic.spdx, "url": lic.url}


def croissant_dataset(e: Entry) -> dict[str, Any]:
    """One entry as Croissant (MLCommons, 1.0) dataset-level metadata."""
    licences = [x for x in (_croissant_license(lic) for lic in e.licenses) if x]
    licences = [{k: v for k, v in x.items() if v} if isinstance(x, dict) else x
                for x in licences]
    out: dict[str, Any] = {
        "@type": "sc:Dataset", "@id": e.id, "name": e.name,
        "conformsTo": CROISSANT_CONFORMS_TO,
        "description": e.description or e.name,
        "inLanguage": e.languages,
        "license": licences or None,
        "url": e.homepage, "keywords": e.domain + e.tasks,
        "creator": [{"@type": "sc:Organization", "name": c} for c in e.custodians]
        + [{"@type": "sc:Person", "name": c} for c in e.creators],
        "isBasedOn": [{"@id": p} for p in e.derived_from],
        "citeAs": e.citation or None, "datePublished": str(e.year) if e.year else None,
    }
    return {k: v for k, v in out.items() if v not in (None, [], "")}


def croissant_problems(doc: dict[str, Any]) -> list[str]:
    """What a Croissant 1.0 dataset document lacks or gets wrong, checked against the published
    specification (required properties, @type, conformsTo, the recommended context) since
    mlcroissant is not installed here."""
    problems = [f"missing required property '{key}'" for key in CROISSANT_REQUIRED
                if doc.get(key) in (None, "", [])]
    if doc.get("@type") not in ("sc:Dataset", "Dataset", "https://schema.org/Dataset"):
        problems.append(f"@type must be sc:Dataset, not {doc.get('@type')!r}")
    if doc.get("conformsTo") not in (None, CROISSANT_CONFORMS_TO):
        problems.append(f"conformsTo must be {CROISSANT_CONFORMS_TO}")
    ctx = doc.get("@context")
    if isinstance(ctx, dict):
        problems += [f"@context: '{k}' must map to {v!r}" for k, v in CROISSANT_CONTEXT.items()
                     if k in ("@vocab", "sc", "cr", "dct", "citeAs", "conformsTo")
                     and ctx.get(k) != v]
    if isinstance(doc.get("url"), str) and not doc["url"].startswith(("http://", "https://")):
        problems.append("url must be a URL")
    for lic in doc.get("license") or []:
        work = isinstance(lic, dict) and lic.get("@type") == "sc:CreativeWork" and lic.get("name")
        if not (isinstance(lic, str) and lic.startswith("http")) and not work:
            problems.append(f"license {lic!r} must be a URL or an sc:CreativeWork")
    for person in doc.get("creator") or []:
        if not (isinstance(person, dict) and person.get("@type") in ("sc:Person",
                                                                     "sc:Organization")
                and person.get("name")):
            problems.append(f"creator {person!r} must be an sc:Person or sc:Organization")
    date = doc.get("datePublished")
    if date is not None and not re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", str(date)):
        problems.append(f"datePublished {date!r} must be a date")
    return problems


def croissant_documents(entries: list[Entry]) -> list[dict[str, Any]]:
    """One complete Croissant document per entry."""
    return [{"@context": CROISSANT_CONTEXT, **croissant_dataset(e)} for e in entries]


def to_croissant(entries: list[Entry]) -> str:
    """One entry: its Croissant document. Several: a schema.org DataCatalog (not itself a
    Croissant document) whose `dataset` items are the entries' Croissant descriptions."""
    if len(entries) == 1:
        doc = {"@context": CROISSANT_CONTEXT, **croissant_dataset(entries[0])}
    else:
        doc = {"@context": CROISSANT_CONTEXT, "@type": "sc:DataCatalog",
               "name": "Glasshouse catalog export",
               "description": "A schema.org DataCatalog of Croissant 1.0 dataset descriptions, "
                              "one per catalog entry; each item is a Croissant dataset (export "
                              "one entry for a standalone Croissant file).",
               "dataset": [croissant_dataset(e) for e in entries]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


SIZE_CATEGORIES = ((1e3, "n<1K"), (1e4, "1K<n<10K"), (1e5, "10K<n<100K"), (1e6, "100K<n<1M"),
                   (1e7, "1M<n<10M"), (1e8, "10M<n<100M"), (1e9, "100M<n<1B"),
                   (1e10, "1B<n<10B"), (1e11, "10B<n<100B"), (1e12, "100B<n<1T"))


def _size_category(value: float | None) -> str | None:
    if value is None:
        return None
    return next((label for limit, label in SIZE_CATEGORIES if value < limit), "n>1T")


def _license_slug(spdx: str) -> str:
    """A licence as the Hub's `license_name` id: lower case, no LicenseRef- prefix."""
    body = spdx.removeprefix("LicenseRef-")
    return re.sub(r"[^a-z0-9.+]+", "-", body.lower()).strip("-") or "custom"


def hub_license_fields(e: Entry) -> dict[str, Any]:
    """`license` (Hub ids, `other` or `unknown`) and, for `other`, `license_name` and
    `license_link`; licences the Hub has no id for are joined in license_name with '--'."""
    from catalog.licenses import hub_id

    if not e.licenses or all(lic.spdx == "LicenseRef-Unknown" for lic in e.licenses):
        return {"license": "unknown"}
    ids: list[str] = []
    others = []
    for lic in e.licenses:
        got = hub_id(lic.spdx)
        if got:
            ids.append(got)
        elif lic.spdx != "LicenseRef-Unknown":
            others.append(lic)
    if not others:
        return {"license": ids}
    # the licence text's own link, else the resource's page; the card's licence section
    # (README.md itself) when neither is known
    link = next((lic.url for lic in others if lic.url), None) or e.homepage or "README.md"
    return {"license": ids + ["other"] if ids else "other",
            "license_name": "--".join(_license_slug(lic.spdx) for lic in others),
            "license_link": link}


def _licence_section(e: Entry) -> str:
    from catalog.licenses import license_facts

    lines = []
    for lic in e.licenses:
        facts = license_facts(lic.spdx)
        flags = [f for f, on in (("attribution required", lic.attribution),
                                 ("share-alike", lic.share_alike),
                                 ("version not stated", lic.version_unknown)) if on]
        lines.append(f"- `{lic.spdx}`{f' ({facts.name})' if facts.name else ''}: "
                     f"{lic.license_class}{'; ' + ', '.join(flags) if flags else ''}"
                     f"{f'; {lic.url}' if lic.url else ''}{f'. {lic.note}' if lic.note else ''}")
    return "\n".join(lines) or "- no licence recorded (treat as unspecified)"


def to_hf_card(entries: list[Entry]) -> str:
    """A dataset card (README.md) for ONE entry, built on huggingface_hub's DatasetCard, with
    Hub-valid metadata (catalog.hub_metadata) and the entry itself in the `glasshouse` block."""
    from huggingface_hub import DatasetCard, DatasetCardData

    from catalog.hub_metadata import hub_tasks, plain_language

    if len(entries) != 1:
        raise BadInput(f"an hf-card export is for one entry, not {len(entries)}; choose one "
                       "with --id", field="id")
    e = entries[0]
    plain: list[str] = []
    for tag in e.languages:
        code = plain_language(tag)
        if code and code not in plain:
            plain.append(code)
    cats, task_ids, free_tasks = hub_tasks(e.tasks)
    from catalog.languages import base_language

    bases = {base_language(t) for t in e.languages} - {"mul", "und"}
    multi = "multilingual" if len(bases) > 1 or "mul" in e.languages else (
        "monolingual" if bases else None)
    size = _size_category(e.size.value) if e.size.unit else None
    data = DatasetCardData(
        pretty_name=e.name, language=plain or None, language_details=e.languages or None,
        multilinguality=multi, task_categories=cats or None, task_ids=task_ids or None,
        tags=free_tasks or None, size_categories=[size] if size else None,
        source_datasets=[f"extended|{p}" for p in e.derived_from] or ["original"],
        **hub_license_fields(e),
        **{GLASSHOUSE_KEY: {"kind": "dataset", "license_class": e.license_class,
                            "entry": e.model_dump(mode="json")}})
    cite = f"\n## Citation\n\n```bibtex\n{e.citation}\n```\n" if e.citation else ""
    body = (f"\n# {e.name}\n\n{e.description or 'No description yet.'}\n\n"
            f"- Licence class: {e.license_class}\n- Access: {e.access}\n"
            f"- Homepage: {e.homepage or 'unknown'}\n\n## Licence\n\n{_licence_section(e)}\n"
            f"{cite}")
    card = DatasetCard(f"---\n{data.to_yaml()}\n---\n{body}")
    return str(card)


@dataclass(frozen=True)
class Exporter:
    """One export format. `lossless`: importing the export with the importer of the same name
    gives back identical entries (the conformance test checks it)."""

    name: str
    write: Callable[[list[Entry]], str]
    suffix: str
    lossless: bool
    one_entry: bool = False  # describes one entry (a Hub card); more is bad input


EXPORTERS: Registry[Exporter] = Registry("export format")
EXPORTERS.register(Exporter("csv", to_csv, ".csv", True))
EXPORTERS.register(Exporter("json", to_json, ".json", True))
EXPORTERS.register(Exporter("croissant", to_croissant, ".json", False))
EXPORTERS.register(Exporter("hf-card", to_hf_card, ".md", True, one_entry=True))


def export(entries: list[Entry], fmt: str) -> str:
    return EXPORTERS.get(fmt, field="format").write(entries)
