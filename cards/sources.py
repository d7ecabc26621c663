"""Training data sources for a card: catalog entries through the catalog's service API
(`catalog.service.get_entry`, `catalog.lineage.lineage`, the cross-area contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards.licenses import CATALOG_CLASSES, LicenseKind, license_kind
from glasshouse.db import Database
from glasshouse.errors import NotFound


@dataclass(frozen=True)
class DataSource:
    id: str
    name: str
    languages: tuple[str, ...]
    licenses: tuple[str, ...]
    license_class: LicenseKind
    effective_license_class: LicenseKind
    conflicts: tuple[str, ...] = ()
    ancestors: tuple[str, ...] = ()
    hub_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def _class(value: Any, licenses: tuple[str, ...]) -> LicenseKind:
    if isinstance(value, str) and value in CATALOG_CLASSES:
        if value == "commercial" and any(license_kind(x) == "copyleft" for x in licenses):
            return "copyleft"  # commercial use allowed, but share-alike
        return CATALOG_CLASSES[value]
    if isinstance(value, str) and value in ("permissive", "copyleft", "non-commercial",
                                            "restricted", "unknown"):
        return value  # type: ignore[return-value]
    classes = {license_kind(lic) for lic in licenses}
    for worst in ("non-commercial", "restricted", "unknown", "copyleft"):
        if worst in classes:
            return worst  # type: ignore[return-value]
    return "permissive" if classes else "unknown"


def _describe(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return str(item.get("message") or item.get("reason") or item)
    return str(item)


def from_catalog(db: Database, entry_id: str) -> DataSource:
    """A catalog entry with its lineage. NotFound when the entry (or the catalog) is missing."""
    try:
        from catalog import lineage as lineage_mod
        from catalog import service
    except ImportError as exc:
        raise NotFound("the catalog is not available in this installation, so catalog entry "
                       f"'{entry_id}' cannot be read") from exc
    entry = service.get_entry(db, entry_id)
    licenses = tuple(
        str(getattr(lic, "spdx", None) or getattr(lic, "url", None) or lic)
        for lic in (getattr(entry, "licenses", None) or []))
    lin = lineage_mod.lineage(db, entry_id)
    own = _class(getattr(entry, "license_class", None), licenses)
    eff = _class(lin.get("effective_license_class"), licenses) if isinstance(lin, dict) else own
    ancestors = tuple(
        str(a.get("name") or a.get("id")) if isinstance(a, dict) else str(a)
        for a in (lin.get("ancestors") or []))
    return DataSource(
        id=str(entry.id), name=str(entry.name),
        languages=tuple(getattr(entry, "languages", None) or ()),
        licenses=licenses, license_class=own, effective_license_class=eff,
        conflicts=tuple(_describe(c) for c in (lin.get("conflicts") or [])),
        ancestors=ancestors,
        hub_id=getattr(entry, "hf_id", None) or getattr(entry, "hub_id", None))
