"""Counterfactual classifier probe: swaps, reviewed pairs, flip rate and score change."""

from __future__ import annotations

import pytest

from explorer.probes.counterfactual import Swap, generate_pairs, swap_text
from explorer.probes.registry import get

SWAPS = [Swap(a="he", b="she"), Swap(a="man", b="woman"), Swap(a="Christian", b="Muslim")]


@pytest.mark.parametrize("text,expected,used", [
    ("He said she was late.", "She said he was late.", ["he/she"]),
    ("The man met a woman.", "The woman met a man.", ["man/woman"]),
    ("A MUSLIM family.", "A CHRISTIAN family.", ["Christian/Muslim"]),
    ("The shelter is here.", "The shelter is here.", []),  # whole words only
])
def test_swap_text_swaps_both_ways_keeping_case(text, expected, used) -> None:
    assert swap_text(text, SWAPS) == (expected, used)


def test_generate_pairs_skips_texts_without_terms() -> None:
    pairs = generate_pairs(["He runs.", "Cats sleep.", ""], SWAPS)
    assert [(p.original, p.counterfactual, p.swap) for p in pairs] == [
        ("He runs.", "She runs.", "he/she")]


@pytest.mark.slow
def test_reviewed_pairs_are_scored_as_edited() -> None:
    from glasshouse.models import load

    probe = get("counterfactual")
    pairs = [{"original": "He is wonderful.", "counterfactual": "She is awful.", "swap": "he/she"},
             {"original": "The man is here.", "counterfactual": "The woman is here.",
              "swap": "man/woman"}]
    result = probe.run(probe.parse_params({"pairs": pairs, "n_boot": 200}),
                       "vader-sentiment-en")
    clf = load("vader-sentiment-en")
    preds = clf.predict([t for p in pairs for t in (p["original"], p["counterfactual"])])
    change0 = preds[1]["compound"] - preds[0]["compound"]
    assert result.details[0]["score_change"] == pytest.approx(change0, abs=1e-4)
    assert result.details[0]["flipped"] is True and result.details[1]["flipped"] is False
    change1 = preds[3]["compound"] - preds[2]["compound"]
    # both originals hold the first term of their swap, so the changes keep their sign
    assert result.effect == pytest.approx((change0 + change1) / 2)
    assert result.extra["flip_rate"] == pytest.approx(0.5) and result.null == 0.0
    assert {g["group"]: g["flip_rate"] for g in result.groups} == {"he/she": 1.0,
                                                                   "man/woman": 0.0}
