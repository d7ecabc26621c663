"""The start-up table of language names is CLDR's, as langcodes gives it, for every language
lingua detects (explorer/datasets/language_names.py)."""

from __future__ import annotations

import langcodes

from explorer.datasets.language_names import ENGLISH_NAMES, english_name
from explorer.datasets.languages import all_languages


def test_the_table_names_every_lingua_language_as_langcodes_does() -> None:
    tags = all_languages()
    assert len(tags) == 75
    assert set(ENGLISH_NAMES) == set(tags)
    for tag in tags:
        assert ENGLISH_NAMES[tag] == langcodes.Language.get(tag).display_name(), tag


def test_a_tag_outside_the_table_is_named_by_langcodes() -> None:
    assert "haw" not in ENGLISH_NAMES
    assert english_name("haw") == "Hawaiian"
    assert english_name("de") == "German"
