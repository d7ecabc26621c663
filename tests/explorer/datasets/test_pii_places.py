"""Places from the gazetteer in context, for rows without a NER model
(explorer.datasets.pii_places): found after each script's locative cues, and ordinary words
that are also towns ("Nice", "Mobile", "Porto" the wine, "Essen" the meal) left alone."""

from __future__ import annotations

import pytest

from explorer.datasets import pii
from explorer.datasets.pii_places import find_places


@pytest.mark.parametrize("text,places", [
    # Latin script: a capitalised known place after a locative cue
    ("Wir ziehen im Herbst nach Hamburg.", ["Hamburg"]),
    ("Vivo a Napoli da due anni.", ["Napoli"]),
    ("Ela mora em Porto desde 2010.", ["Porto"]),
    ("Het pakket komt uit Antwerpen.", ["Antwerpen"]),
    ("Die Messe ist in Frankfurt am Main.", ["Frankfurt am Main"]),  # longest match
    ("Nächste Woche fliegen wir in die Türkei und dann nach Italien.", ["Türkei", "Italien"]),
    # a country name, or a known place of two words, needs no cue
    ("Polen hat gestern gewählt.", ["Polen"]),
    ("Rio de Janeiro war wunderschön.", ["Rio de Janeiro"]),
    # ordinary words that are also towns: no cue, not a place
    ("Nice to meet you, the mobile app works.", []),
    ("Mobile Geräte sind erlaubt.", []),
    ("Nach dem Essen trinken wir ein Glas Porto.", []),
    ("Ich fahre nach Hause.", []),
    ("Vamos jantar juntos no Natal.", []),  # Christmas, not the Brazilian city
    ("schreib an info@leipzig.de", []),
    # Cyrillic: case endings taken off before the look-up
    ("Я живу в Екатеринбурге.", ["Екатеринбурге"]),
    ("Мы приехали из Москвы.", ["Москвы"]),
    ("Орёл сидел на ветке.", []),
    # Arabic: after a cue or with ب attached; not a noun in a construct
    ("أسكن في عمان منذ سنة", ["عمان"]),
    ("التقينا بالقاهرة", ["القاهرة"]),
    ("سافرت إلى الدار البيضاء", ["الدار البيضاء"]),
    ("رأيت الخبر في صور الحفلة", []),
    ("الجو جميل في الحديقة", []),
    # Han: after a cue, the longest known name
    ("我在南京工作。", ["南京"]),
    ("他来自哈尔滨。", ["哈尔滨"]),
    ("南京很美。", []),
    # Devanagari: before a postposition
    ("मैं लखनऊ में रहता हूँ", ["लखनऊ"]),
    ("आज मौसम अच्छा है", []),
])
def test_places_in_context(text, places) -> None:
    assert [text[a:b] for a, b in find_places(text)] == places


@pytest.mark.parametrize("text,language", [
    ("Viele Grüße aus Leipzig, bis bald!", "de"),
    ("Il pacco arriva domani a Firenze.", "it"),
    ("我下个月去西安出差。", "zh"),
])
def test_scanner_finds_places_in_rows_without_ner(text, language) -> None:
    rep = pii.scan_texts([text], [language])
    assert "LOCATION" in rep.entities, rep.findings
    assert language not in rep.ner_rows  # no NER model ran on the row


def test_place_lists_do_not_run_where_ner_runs() -> None:
    from explorer.datasets.pii_recognizers import for_language

    assert "place-lists" not in {rs.name for rs in for_language("en", ner=True)}
    assert "place-lists" in {rs.name for rs in for_language("xx", ner=False)}


def test_english_row_gets_no_gazetteer_hits() -> None:
    """On a row with a NER model the gazetteer does not run: "Nice" the adjective is left to
    the model, which does not tag it."""
    rep = pii.scan_texts(["Nice weather today, my mobile is charging."], ["en"])
    assert "LOCATION" not in rep.entities, rep.findings


@pytest.mark.parametrize("text,places", [
    # "da"/"von" after a listed name is a name particle, after any other word "from"
    ("Das Bild malte Leonardo da Vinci.", []),
    ("Wir sind im Sommer von Leipzig nach Dresden gezogen.", ["Leipzig", "Dresden"]),
    ("Saluti da Palermo!", ["Palermo"]),
])
def test_name_particles(text, places) -> None:
    assert [text[a:b] for a, b in find_places(text)] == places


@pytest.mark.slow
@pytest.mark.parametrize("module", ["make_pii_places_heldout", "make_pii_heldout"])
def test_held_out_location_recall_at_least_plain_and_precise(module) -> None:
    """The hand-written held-out sets (the places set was written before the place rules):
    LOCATION recall and precision at least plain Presidio's (the same English spaCy model run
    on every row)."""
    import importlib
    import sys
    from pathlib import Path

    from explorer.datasets import languages as lid
    from explorer.datasets.pii_baseline import plain_findings
    from explorer.datasets.pii_eval import Span, gold_spans, score

    sys.path.insert(0, str(Path(__file__).resolve().parent / "data"))
    rows = importlib.import_module(module).generate()
    texts = [r["text"] for r in rows]
    tags = list(lid.detect(texts, check_mixed=False).tags)
    ours = score(gold_spans(rows), [Span(f.row, f.start, f.end, f.entity_type)
                                    for f in pii.scan_texts(texts, tags).findings])["LOCATION"]
    plain = score(gold_spans(rows), [Span(*f) for f in plain_findings(texts, tags)])["LOCATION"]
    assert ours.support >= 9
    assert ours.recall >= plain.recall, (ours, plain)
    assert ours.precision >= plain.precision, (ours, plain)


@pytest.mark.parametrize("text,places", [
    # country names that are also ordinary capitalised words need a cue
    ("Man kann nie wissen.", []),
    ("Chili con Carne gibt es heute.", []),
    ("Wir fliegen nach Chile.", ["Chile"]),
])
def test_country_homographs(text, places) -> None:
    assert [text[a:b] for a, b in find_places(text)] == places


def test_given_name_after_a_cue_stays_a_name() -> None:
    """"von Lukas" is "from Lukas" (a listed given name, also a town's alternate name): the
    scan reports a PERSON there, not a LOCATION."""
    text = "die Mail von Lukas ist angekommen"
    assert find_places(text) == []
    rep = pii.scan_texts([text], ["de"])
    assert [(text[f.start:f.end], f.entity_type) for f in rep.findings] == [("Lukas", "PERSON")]
