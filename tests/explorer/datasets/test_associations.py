"""nPMI word associations with identity-term lists."""

from __future__ import annotations

import math

import pytest

from explorer.datasets import associations, identity_terms
from glasshouse.errors import BadInput


@pytest.mark.parametrize("joint,a,b,n,expected", [
    (10, 10, 10, 100, 1.0),  # always together
    (1, 10, 10, 100, 0.0),  # independent: p(a,b) = p(a) p(b)
    (0, 10, 10, 100, -1.0),  # never together
])
def test_npmi_bounds(joint, a, b, n, expected) -> None:
    assert associations.npmi(joint, a, b, n) == pytest.approx(expected, abs=1e-9)


def test_npmi_formula() -> None:
    got = associations.npmi(5, 20, 10, 100)
    assert got == pytest.approx(math.log(0.05 / (0.2 * 0.1)) / -math.log(0.05))


def test_words_skew_toward_the_group_they_co_occur_with() -> None:
    texts = (["she works as a nurse in the hospital"] * 6 + ["he works as an engineer on site"] * 6
             + ["the engineer fixed the bridge"] * 2 + ["a nurse helped the patient"] * 2)
    groups = identity_terms.terms_for("en")["gender"]
    rep = associations.word_associations(texts, groups, min_count=3)
    assert rep.group_rows == {"female": 6, "male": 6}
    top_female = [a.word for a in rep.associations["female"]]
    top_male = [a.word for a in rep.associations["male"]]
    assert "nurse" in top_female and "nurse" not in top_male
    assert "engineer" in top_male and "engineer" not in top_female
    skew = {s.word: s for s in rep.skews}
    assert skew["nurse"].toward == "female" and skew["engineer"].toward == "male"
    assert skew["nurse"].counts == {"female": 6, "male": 0}
    assert "works" not in skew  # appears with both groups equally


def test_min_count_hides_rare_words() -> None:
    texts = ["she likes opera", "he likes football", "she likes football"]
    groups = {"female": ["she"], "male": ["he"]}
    words = {a.word for a in associations.word_associations(
        texts, groups, min_count=2).associations["female"]}
    assert words == {"likes", "football"}


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_identity_lists_exist_for_core_languages(lang) -> None:
    terms = identity_terms.TERMS[lang]
    assert {"gender", "religion", "nationality"} <= set(terms)
    assert all(len(g) >= 2 for g in terms.values())


def test_editable_groups_round_trip_and_errors() -> None:
    groups = {"a": ["x", "y"], "b": ["z"]}
    assert identity_terms.parse_groups(identity_terms.format_groups(groups)) == groups
    with pytest.raises(BadInput, match="at least two groups"):
        identity_terms.parse_groups("a: x")
    with pytest.raises(BadInput) as err:
        identity_terms.parse_groups("a: x\nnonsense")
    assert err.value.row == 2
