"""Exporters: CSV (safe to open in a spreadsheet), JSON, Croissant JSON-LD, Hugging Face card."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from catalog.importers import CSV_COLUMNS
from catalog.schema import Entry
from glasshouse import safe_csv
from glasshouse.errors import BadInput

CROISSANT_CONTEXT = {
    "@language": "en", "@vocab": "https://schema.org/", "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/", "dct": "http://purl.org/dc/terms/",
    "citeAs": "cr:citeAs", "conformsTo": "dct:conformsTo",
}


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
        "size_value": "" if e.size.value is None else f"{e.size.value:g}",
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
    }
    return row


def to_json(entries: list[Entry]) -> str:
    return json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False,
                      indent=2) + "\n"


def croissant_dataset(e: Entry) -> dict[str, Any]:
    """One entry as Croissant (MLCommons, 1.0) dataset-level metadata."""
    out: dict[str, Any] = {
        "@type": "sc:Dataset", "@id": e.id, "name": e.name,
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "description": e.description or e.name,
        "inLanguage": e.languages,
        "license": [lic.url or lic.spdx for lic in e.licenses] or None,
        "url": e.homepage, "keywords": e.domain + e.tasks,
        "creator": [{"@type": "sc:Organization", "name": c} for c in e.custodians]
        + [{"@type": "sc:Person", "name": c} for c in e.creators],
        "isBasedOn": [{"@id": p} for p in e.derived_from],
        "citeAs": e.citation or None, "datePublished": str(e.year) if e.year else None,
    }
    return {k: v for k, v in out.items() if v not in (None, [], "")}


def to_croissant(entries: list[Entry]) -> str:
    if len(entries) == 1:
        doc = {"@context": CROISSANT_CONTEXT, **croissant_dataset(entries[0])}
    else:
        doc = {"@context": CROISSANT_CONTEXT, "@type": "sc:DataCatalog",
               "name": "Glasshouse catalog export",
               "dataset": [croissant_dataset(e) for e in entries]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def to_hf_card(entries: list[Entry]) -> str:
    """A dataset card (README.md) for ONE entry, built on huggingface_hub's DatasetCard."""
    from huggingface_hub import DatasetCard, DatasetCardData

    if len(entries) != 1:
        raise BadInput(f"an hf-card export is for one entry, not {len(entries)}; choose one "
                       "with --id", field="id")
    e = entries[0]
    spdx = [lic.spdx for lic in e.licenses]
    hub_ids = [s.lower() for s in spdx if not s.startswith("LicenseRef-") and " " not in s]
    extra: dict[str, Any] = {}
    if len(hub_ids) != len(spdx) or not spdx:
        extra = {"license_name": ", ".join(spdx) or "unknown",
                 "license_link": next((lic.url for lic in e.licenses if lic.url), None)}
    data = DatasetCardData(
        pretty_name=e.name, language=[t for t in e.languages] or None,
        license=hub_ids if len(hub_ids) == len(spdx) and spdx else "other",
        task_categories=e.tasks or None,
        source_datasets=[f"extended|{p}" for p in e.derived_from] or ["original"],
        **{k: v for k, v in extra.items() if v})
    cite = f"\n## Citation\n\n```bibtex\n{e.citation}\n```\n" if e.citation else ""
    body = (f"\n# {e.name}\n\n{e.description or 'No description yet.'}\n\n"
            f"- Licence class: {e.license_class}\n- Access: {e.access}\n"
            f"- Homepage: {e.homepage or 'unknown'}\n{cite}")
    card = DatasetCard(f"---\n{data.to_yaml()}\n---\n{body}")
    return str(card)


EXPORTERS: dict[str, Callable[[list[Entry]], str]] = {
    "csv": to_csv, "json": to_json, "croissant": to_croissant, "hf-card": to_hf_card}


def export(entries: list[Entry], fmt: str) -> str:
    if fmt not in EXPORTERS:
        raise BadInput(f"unknown export format '{fmt}' ({', '.join(EXPORTERS)})", field="format")
    return EXPORTERS[fmt](entries)
