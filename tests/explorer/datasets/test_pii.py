"""PII: quality on the team's labelled multilingual set, routing, the pre-pass, anonymising.
The spaCy pipelines load once per test session (engine cache)."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from explorer.datasets import pii, pii_recognizers
from explorer.datasets.pii_eval import Span, gold_spans, micro_recall, score

pytestmark = pytest.mark.slow
LANGS = ("en", "es", "fr", "de")


@pytest.fixture(scope="module")
def labelled_scan(labelled_rows):
    texts = [r["text"] for r in labelled_rows]
    from explorer.datasets.languages import detect

    tags = detect(texts, LANGS, check_mixed=False).tags
    return tags, pii.scan_texts(texts, tags, pii_languages=LANGS)


def test_labelled_set_is_big_enough_and_multilingual(labelled_rows) -> None:
    assert len(labelled_rows) >= 150
    assert {r["language"] for r in labelled_rows} == set(LANGS)
    for r in labelled_rows:
        for s in r["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(r["text"])


def test_language_routing_matches_the_labels(labelled_rows, labelled_scan) -> None:
    tags, _ = labelled_scan
    assert list(tags) == [r["language"] for r in labelled_rows]


def test_structured_identifier_recall_is_at_least_95_percent(labelled_rows, labelled_scan) -> None:
    _, report = labelled_scan
    predicted = [Span(f.row, f.start, f.end, f.entity_type) for f in report.findings]
    scores = score(gold_spans(labelled_rows), predicted)
    for entity in pii_recognizers.STRUCTURED_ENTITIES:
        assert scores[entity].recall >= 0.95, (entity, scores[entity])
    assert micro_recall(scores, pii_recognizers.STRUCTURED_ENTITIES) >= 0.95
    # and no finding on the rows we wrote without personal data
    clean = {i for i, r in enumerate(labelled_rows) if not r["spans"]}
    assert not [f for f in report.findings if f.row in clean]


def test_regex_prepass_loses_no_finding(labelled_rows, labelled_scan) -> None:
    tags, with_prepass = labelled_scan
    texts = [r["text"] for r in labelled_rows]
    without = pii.scan_texts(texts, tags, pii_languages=LANGS, prepass=False)
    key = lambda f: (f.row, f.start, f.end, f.entity_type)  # noqa: E731
    assert sorted(map(key, with_prepass.findings)) == sorted(map(key, without.findings))


@pytest.mark.parametrize("text,language,entity", [
    ("Mi DNI es 12345678Z y vivo en Sevilla.", "es", "ES_NIF"),
    ("Meine Steuer-ID lautet 65929970489.", "de", "DE_TAX_ID"),
    ("Mon numéro de sécurité sociale est 1 85 05 78 006 084 91.", "fr", "FR_NIR"),
    ("My social security number is 536-22-8726.", "en", "US_SSN"),
    ("Schreiben Sie an lena.koch@example.de bitte.", "de", "EMAIL_ADDRESS"),
    ("Il mio IBAN è IT60 X054 2811 1010 0000 0123 456.", "it", "IBAN_CODE"),
])
def test_each_row_gets_its_languages_recognizers(text, language, entity) -> None:
    rep = pii.scan_texts([text], [language], pii_languages=LANGS)
    assert entity in rep.entities


def test_national_ids_of_one_country_are_not_checked_in_another_language() -> None:
    text = "Mi DNI es 12345678Z."
    assert "ES_NIF" in pii.scan_texts([text], ["es"], pii_languages=LANGS).entities
    assert "ES_NIF" not in pii.scan_texts([text], ["en"], pii_languages=LANGS).entities


@pytest.mark.parametrize("rs", pii_recognizers.registered(), ids=lambda rs: rs.name)
def test_every_recognizer_set_finds_its_example(rs) -> None:
    for lang, example in rs.examples.items():
        lang = "de" if lang == pii_recognizers.ALL else lang
        assert rs.may_match(example), "the pre-pass gate must let the example through"
        rep = pii.scan_texts([example], [lang], pii_languages=LANGS)
        assert set(rep.entities) & set(rs.entities), (rs.name, lang, rep.entities)


def test_findings_are_never_logged(caplog) -> None:
    secret = "zoe.secret@example.org"
    with caplog.at_level(logging.DEBUG):
        rep = pii.scan_texts([f"write to {secret}"], ["en"], pii_languages=LANGS)
    assert rep.entities == {"EMAIL_ADDRESS": 1}
    assert secret not in caplog.text


def test_mask_text_hides_the_values() -> None:
    text = "Call Ana on 612 345 678"
    assert pii.mask_text(text, [(12, 23, "PHONE_NUMBER"), (5, 8, "PERSON")]) == \
        "Call <PERSON> on <PHONE_NUMBER>"


@pytest.mark.parametrize("op,check", [
    ("replace", lambda v: v == "mail <EMAIL_ADDRESS> now"),
    ("mask", lambda v: v == "mail " + "*" * len("ana@example.org") + " now"),
    ("redact", lambda v: v == "mail  now"),
    ("hash", lambda v: v.startswith("mail ") and "ana@" not in v and len(v) > 40),
])
def test_anonymised_copy_per_operator(op, check) -> None:
    from explorer.datasets.anonymize import anonymize_frame, parse_operators

    frame = pd.DataFrame({"text": ["mail ana@example.org now", "nothing here"]})
    rep = pii.scan_texts(frame["text"].tolist(), ["en", "en"], pii_languages=LANGS)
    out = anonymize_frame(frame, rep.findings, parse_operators(op), "text")
    assert check(out.at[0, "text"]), out.at[0, "text"]
    assert out.at[1, "text"] == "nothing here"
    assert frame.at[0, "text"] == "mail ana@example.org now"  # the original is untouched


def test_operator_spec_per_entity() -> None:
    from explorer.datasets.anonymize import parse_operators
    from glasshouse.errors import BadInput

    assert parse_operators("EMAIL_ADDRESS=hash,*=mask") == {"EMAIL_ADDRESS": "hash", "*": "mask"}
    with pytest.raises(BadInput, match="unknown anonymisation 'shred'"):
        parse_operators("shred")


def test_recognizer_sets_live_on_the_project_registry() -> None:
    from glasshouse.registry import KINDS, DuplicatePlugin

    reg = KINDS["pii recognizer set"]
    assert reg is pii_recognizers.RECOGNIZER_SETS
    assert {"email", "phone", "handles", "names-and-places"} <= set(reg.names())
    with pytest.raises(DuplicatePlugin):
        pii_recognizers.register(reg.get("email").__class__(**{**reg.get("email").__dict__}))
