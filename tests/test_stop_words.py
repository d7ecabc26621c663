"""Function words per language (glasshouse/stop_words.py)."""

from __future__ import annotations

import pytest

from glasshouse.stop_words import all_stop_words, guess_languages, stop_words


def test_many_languages_are_available_without_importing_spacy() -> None:


    langs = all_stop_words()
    assert len(langs) >= 60
    assert {"en", "de", "es", "fr", "ar", "hi", "zh", "pt", "it"} <= set(langs)


@pytest.mark.parametrize("text, lang", [
    ("die katze sitzt auf dem tisch und das ist gut", "de"),
    ("the cat is on the table and it is fine", "en"),
    ("o gato está em cima da mesa e isso é bom", "pt"),
])
def test_a_texts_language_is_guessed_from_its_function_words(text: str, lang: str) -> None:
    assert lang in guess_languages(text.split())


def test_placeholders_are_dropped_in_every_language() -> None:
    assert {"user", "http", "rt"} <= stop_words("xx")
    assert "die" in stop_words("de") and "die" not in stop_words("en")
    assert stop_words("pt-BR") == stop_words("pt")
