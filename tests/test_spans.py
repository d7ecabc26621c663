"""The one home of span masking (glasshouse/spans.py)."""

from __future__ import annotations

import pytest

from glasshouse.spans import blank_spans, mask_spans


@pytest.mark.parametrize("text, spans, expected", [
    ("Call Ana at 555-1234 now", [(5, 8), (12, 20)], "Call     at          now"),
    ("abc", [(1, 10)], "a  "),            # a span past the end is cut, length kept
    ("abc", [(2, 1), (-3, 1)], " bc"),    # empty spans change nothing; negative start clipped
    ("", [(0, 3)], ""),
])
def test_blank_spans_keeps_every_offset(text, spans, expected):
    out = blank_spans(text, spans)
    assert out == expected and len(out) == len(text)


def test_mask_spans_names_the_type_and_keeps_the_first_of_overlapping_spans():
    assert mask_spans("Ana Lopez, ana@x.org", [(0, 9, "PERSON"), (4, 9, "PERSON"),
                                               (11, 20, "EMAIL")]) == "<PERSON>, <EMAIL>"
