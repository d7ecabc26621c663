"""The area manifest: the one place that says which areas make up Glasshouse and what each
brings (its tab, extra pages, CLI commands, JSON API router, tables and migrations).

The CLI dispatcher, the Gradio app, the JSON API and the database read this list; none of them
keeps its own. The core (users, evidence) is registered like any area, so the database module
does not need to know which modules declare tables. This module imports nothing of the project at
import time: modules are named by string and imported only when a consumer asks for them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Area:
    """One area. Module names are dotted; `migrations` is a folder relative to the repo root."""

    name: str
    tab: str | None = None          # tab title in the main app; its `ui` module has build(ctx)
    ui: str | None = None
    pages: str | None = None        # module with `pages(ctx) -> list[Page]` (stand-alone pages)
    cli: str | None = None          # module with `register(subparsers)`
    api: str | None = None          # module with `router(ctx) -> APIRouter`
    tables: tuple[str, ...] = ()    # modules that declare SQLAlchemy tables
    migrations: str | None = None   # Alembic version folder (one branch per area)


AREAS: tuple[Area, ...] = (
    Area("core", cli="glasshouse.cli_core",
         tables=("glasshouse.users", "glasshouse.evidence"),
         migrations="glasshouse/migrations/versions"),
    Area("catalog", tab="Catalog", ui="catalog.ui", cli="catalog.cli", api="catalog.api",
         tables=("catalog.tables",), migrations="catalog/migrations"),
    Area("datasets", tab="Datasets", ui="explorer.datasets.ui", cli="explorer.datasets.cli",
         api="explorer.datasets.api"),
    Area("embeddings", tab="Embeddings", ui="explorer.embeddings.ui",
         cli="explorer.embeddings.cli"),
    Area("probes", tab="Bias probes", ui="explorer.probes.ui", cli="explorer.probes.cli",
         tables=("explorer.probes.tables",), migrations="explorer/probes/migrations"),
    Area("demos", tab="Demos", ui="demos.ui", pages="demos.ui", cli="demos.cli", api="demos.api",
         tables=("demos.tables",), migrations="demos/migrations"),
    Area("cards", tab="Cards", ui="cards.ui", cli="cards.cli",
         tables=("cards.tables",), migrations="cards/migrations"),
)


def tabs() -> tuple[tuple[str, str], ...]:
    """(title, ui module) for each tab, in order."""
    return tuple((a.tab, a.ui) for a in AREAS if a.tab and a.ui)


def page_modules() -> tuple[str, ...]:
    return tuple(a.pages for a in AREAS if a.pages)


def cli_modules() -> tuple[str, ...]:
    return tuple(a.cli for a in AREAS if a.cli)


def api_modules() -> tuple[str, ...]:
    return tuple(a.api for a in AREAS if a.api)


def table_modules() -> tuple[str, ...]:
    return tuple(m for a in AREAS for m in a.tables)


def migration_locations() -> list[str]:
    """Every area's Alembic version folder (core first)."""
    return [str(ROOT / a.migrations) for a in AREAS if a.migrations]


def load_all_tables() -> Any:
    """Import every module that declares tables; returns the shared SQLAlchemy MetaData (the
    declarative Base's, which every table module imports from glasshouse.db)."""
    metadata = None
    for module in table_modules():
        metadata = importlib.import_module(module).Base.metadata
    return metadata
