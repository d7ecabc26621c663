"""The demo page's message catalogue: every message in every language, English as the
fallback, stored values kept in English."""

from __future__ import annotations

import re
import string

import pytest

from demos import strings


def test_every_message_id_has_a_text_in_every_language() -> None:
    missing = [(key, lang) for key, texts in strings.MESSAGES.items()
               for lang in strings.LANGUAGES if not (texts.get(lang) or "").strip()]
    assert missing == []
    extra = [(key, lang) for key, texts in strings.MESSAGES.items()
             for lang in texts if lang not in strings.LANGUAGES]
    assert extra == []


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(strings.MESSAGES))
def test_every_translation_keeps_the_placeholders_of_the_english_text(key) -> None:
    texts = strings.MESSAGES[key]
    for lang, text in texts.items():
        assert _fields(text) == _fields(texts["en"]), (key, lang)


def test_every_feedback_category_has_a_label() -> None:
    for lang in strings.LANGUAGES:
        labels = strings.category_choices(lang)
        assert [v for _, v in labels] == list(strings.CATEGORIES)  # stored values: English
        assert all(label.strip() for label, _ in labels)
    assert strings.category_choices("es")[2] == ("Dañina", "harmful")


@pytest.mark.parametrize(("value", "lang"), [("es", "es"), ("es-MX", "es"), ("ES", "es"),
                                             ("fr", "en"), ("", "en"), (None, "en")])
def test_page_language_from_a_query_parameter(value, lang) -> None:
    assert strings.lang_of(value) == lang


def test_unknown_language_falls_back_to_english_and_numbers_use_its_decimal_mark() -> None:
    assert strings.t("es", "send") == "Enviar opinión"
    assert strings.t("fr", "send") == "Send feedback"
    assert strings.number("es", 0.256) == "0,26" and strings.number("en", 0.256) == "0.26"
    assert strings.answer_label("es", "profane") == "grosero"
    assert strings.answer_label("es", "LABEL_3") == "LABEL_3"  # a Hub model's own label


def test_spanish_texts_are_not_english_copies() -> None:
    same = [k for k, v in strings.MESSAGES.items()
            if v["es"] == v["en"] and re.search(r"[a-z]{4,}", re.sub(r"\{\w+\}", "", v["en"]))]
    assert same == ["label_neutral"]  # the one word that is the same in both
