"""Personal data never leaves the scan in word lists (issue 14, item 9): the UI's "Most
frequent words", the scan API/CLI `top_terms` and saved profiles all read Profile.vocabulary."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from explorer.datasets.loading import LoadedTable
from explorer.datasets.pii_mask import blank_findings, safe_vocabulary

NAMES = ["Maria Lopez", "John Smith", "Sarah Connor"]
PHONES = ["212-555-0147", "+44 20 7946 0018", "(415) 555-0132"]
TEMPLATES = ["Please call {n} at {p} about the delivery order.",
             "Yesterday {n} phoned from {p} to confirm the delivery order.",
             "Our driver met {n}; number on file {p}, the delivery order is late."]


def _rows() -> list[str]:
    return [t.format(n=NAMES[i % 3], p=PHONES[(i // 3) % 3]) for i, t in
            enumerate(TEMPLATES * 4)]


@pytest.mark.slow
def test_top_terms_of_a_profile_hold_no_names_or_phone_numbers() -> None:
    from explorer.datasets.profile import profile_table

    table = LoadedTable(pd.DataFrame({"text": _rows()}), "people.csv", "csv", "utf-8")
    prof = profile_table(table, text_column="text", languages="en,es")
    words = {w for w, _ in prof.vocabulary.top_terms}
    assert {"delivery", "order"} <= words  # ordinary words are still listed
    leaked = {p.lower() for n in NAMES for p in n.split()} | {"212", "555", "0147", "7946",
                                                               "415", "0132", "44", "20"}
    assert not words & leaked
    dumped = json.dumps(prof.to_json()["columns"]["text"]["vocabulary"])
    for name in NAMES:
        for part in name.lower().split():
            assert part not in dumped


def test_blanking_keeps_offsets_and_hides_the_spans() -> None:
    from explorer.datasets.pii import Finding

    texts = ["call Maria at 212-555-0147", None, "nothing here"]
    found = [Finding(0, 5, 10, "PERSON", 0.85, "en", "text"),
             Finding(0, 14, 26, "PHONE_NUMBER", 0.75, "en", "text"),
             Finding(2, 0, 7, "PERSON", 0.85, "en", "other")]  # another column: untouched
    out = blank_findings(texts, found, "text")
    assert out[0] == "call " + " " * 5 + " at " + " " * 12 and out[1] is None
    assert out[2] == "nothing here"


def test_without_a_scan_identifier_shaped_and_one_row_words_are_not_listed() -> None:
    texts = ["ring 0490 75 40 81 or @nicole_88 at nicole.b@example.org"] * 1 + [
        "the weather is nice today"] * 3 + ["zorblax zorblax zorblax zorblax"]
    words = {w for w, _ in safe_vocabulary(texts).top_terms}
    assert words == {"weather", "nice", "today"}
