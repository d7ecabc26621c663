"""The Hugging Face Hub's own lists of identifiers (pipeline tags, dataset task ids, library
names, size categories), kept as data with their source in glasshouse/data/hub_lists.json, so
cards and catalog exports can be checked offline against what the Hub accepts."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parent / "data" / "hub_lists.json"


@lru_cache(maxsize=1)
def _lists() -> dict[str, list[str]]:
    return json.loads(PATH.read_text(encoding="utf-8"))


def source() -> str:
    return str(_lists()["_source"])


def pipeline_tags() -> frozenset[str]:
    """Valid `pipeline_tag` values (also the Hub's dataset `task_categories`)."""
    return frozenset(_lists()["pipeline_tags"])


def task_ids() -> frozenset[str]:
    return frozenset(_lists()["task_ids"])


def library_names() -> frozenset[str]:
    return frozenset(_lists()["library_names"])


def size_categories() -> tuple[str, ...]:
    return tuple(_lists()["size_categories"])
