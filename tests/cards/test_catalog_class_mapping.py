"""The catalog's licence classes are listed once (catalog.licenses.LicenseClass); the mappings
that other modules keep over them must cover exactly those classes, so a class added or renamed
in the catalog cannot be silently unknown to cards or to the catalog's own ordering."""

from __future__ import annotations

from typing import get_args

from cards.licenses import CATALOG_CLASSES, LicenseKind
from catalog.licenses import CLASS_ORDER, LICENSE_CLASSES


def test_cards_map_every_catalog_class_and_nothing_else():
    assert set(CATALOG_CLASSES) == set(LICENSE_CLASSES)
    assert set(CATALOG_CLASSES.values()) <= set(get_args(LicenseKind))


def test_catalog_order_ranks_every_class_once():
    assert sorted(CLASS_ORDER) == sorted(LICENSE_CLASSES)
