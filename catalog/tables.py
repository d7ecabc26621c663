"""Catalog tables. The entry itself is stored as validated JSON (`data`); the columns beside it
are the indexed projections that search, facets and lineage need. `version` implements
optimistic locking; `catalog_history` keeps every change with before/after.

Full-text search lives in `catalog_entries_fts`, created by raw SQL in the migration
(SQLite FTS5 virtual table; PostgreSQL table with a tsvector column and a GIN index)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from glasshouse.db import Base, utcnow


class CatalogEntryRow(Base):
    __tablename__ = "catalog_entries"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    data: Mapped[dict[str, Any]] = mapped_column()
    license_class: Mapped[str] = mapped_column(String(20), index=True)
    modality: Mapped[str] = mapped_column(String(20), index=True)
    access: Mapped[str] = mapped_column(String(16), index=True)
    search_text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CatalogLanguageRow(Base):
    __tablename__ = "catalog_entry_languages"

    entry_id: Mapped[str] = mapped_column(
        String(120), ForeignKey("catalog_entries.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)
    base: Mapped[str] = mapped_column(String(16), index=True)
    region: Mapped[str | None] = mapped_column(String(8), index=True)
    # language family and "family > branch" (catalog.families), for the family facet
    family: Mapped[str] = mapped_column(String(60), index=True, default="Unknown family")
    branch: Mapped[str] = mapped_column(String(120), index=True, default="Unknown family")


class CatalogLinkRow(Base):
    """child derived_from parent. The parent may not be catalogued (yet): no foreign key."""

    __tablename__ = "catalog_links"

    child_id: Mapped[str] = mapped_column(
        String(120), ForeignKey("catalog_entries.id", ondelete="CASCADE"), primary_key=True)
    parent_id: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)


class CatalogHistoryRow(Base):
    __tablename__ = "catalog_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(120), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    before: Mapped[dict[str, Any] | None] = mapped_column()
    after: Mapped[dict[str, Any] | None] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")


class CatalogProposalRow(Base):
    __tablename__ = "catalog_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str | None] = mapped_column(String(120), index=True)
    base_version: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), index=True)
    proposed_by: Mapped[str] = mapped_column(String(64))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column()
    comments: Mapped[list[Any]] = mapped_column()
