"""Names from name lists in context, for rows without a NER model (explorer.datasets.pii_names):
found in each script's usual contexts, and ordinary words that are also given names left
alone."""

from __future__ import annotations

import pytest

from explorer.datasets import pii
from explorer.datasets.pii_names import find_names


@pytest.mark.parametrize("text,language,names", [
    # Latin script: a listed given name and the listed names after it
    ("Morgen treffe ich Jonas Becker in Bremen.", "de", ["Jonas Becker"]),
    ("Uwe kommt morgen.", "de", ["Uwe"]),
    ("Ieri ho visto Giulia con Marco Bianchi.", "it", ["Giulia", "Marco Bianchi"]),
    # ... not after an article or a number, nor a stop word of the row's language
    ("Die Iris des Auges ist blau.", "de", []),
    ("Das kostet 5 Mark.", "de", []),
    ("Ik heb uwe brief gelezen.", "nl", []),
    ("schreib an mia.klein@example.de", "de", []),
    # Arabic: in context only (many given names are also words)
    ("وصل محمد بن سلمان إلى الرياض", "ar", ["محمد بن سلمان"]),
    ("يرجى الاتصال بـفاطمة الزهراني على الرقم", "ar", ["فاطمة الزهراني"]),
    ("تحدثت مع السيدة نورة أمس", "ar", ["نورة"]),
    ("كريم: سأتصل بك غدا", "ar", ["كريم"]),
    ("عندي أمل كبير في النجاح", "ar", []),  # "great hope": a noun and its adjective
    ("الطقس جميل اليوم", "ar", []),
    # Chinese: a listed surname and one or two characters, in context
    ("王伟先生明天到。", "zh", ["王伟"]),
    ("我叫张敏，住在上海。", "zh", ["张敏"]),
    ("今天天气很好，我们去公园。", "zh", []),
    ("他很紧张敏感。", "zh", []),  # 张敏 across two words
    ("高兴认识你", "zh", []),
    # Devanagari and Cyrillic
    ("श्री राहुल शर्मा कल आएंगे", "hi", ["राहुल शर्मा"]),
    ("आज मौसम अच्छा है", "hi", []),
    ("Вчера Иван Петров позвонил.", "ru", ["Иван Петров"]),
    ("Мы видели ее вчера", "ru", []),
])
def test_names_in_context(text, language, names) -> None:
    assert [text[a:b] for a, b in find_names(text, language)] == names


@pytest.mark.parametrize("text,language", [
    ("Hallo zusammen, ich bin Jonas aus Freiburg.", "de"),
    ("Per favore chiama Chiara Ferrari domani.", "it"),
    ("請聯絡陳美玲小姐，謝謝。", "zh"),
])
def test_scanner_finds_names_in_rows_without_ner(text, language) -> None:
    rep = pii.scan_texts([text], [language])
    assert "PERSON" in rep.entities, rep.findings
    assert language not in rep.ner_rows  # no NER model ran on the row


def test_name_lists_do_not_run_where_ner_runs() -> None:
    from explorer.datasets.pii_recognizers import for_language

    assert "name-lists" not in {rs.name for rs in for_language("en", ner=True)}
    assert "name-lists" in {rs.name for rs in for_language("xx", ner=False)}
