"""Statistics, duplicates and language identification on small real inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from explorer.datasets import duplicates, languages, column_stats as stats
from glasshouse.errors import BadInput


def test_column_stats_count_missing_and_unique() -> None:
    frame = pd.DataFrame({"text": ["a long sentence here", None, "another long sentence",
                                   "x y z w"],
                          "n": [1, 2, 2, None], "tag": ["a", "b", "a", "a"]})
    got = stats.column_stats(frame)
    assert (got["text"].missing, got["text"].unique, got["text"].kind) == (1, 3, "text")
    assert (got["n"].missing, got["n"].unique, got["n"].kind) == (1, 2, "number")
    assert got["n"].numeric == {"min": 1.0, "max": 2.0, "mean": pytest.approx(5 / 3, abs=1e-3)}
    assert (got["tag"].kind, got["tag"].unique) == ("category", 2)


def test_lengths_vocabulary_and_labels() -> None:
    texts = ["the cat sat", "the cat sat on the mat", None, "dogs bark"]
    chars, tokens = stats.text_lengths(texts)
    assert (chars.n, chars.min, chars.max) == (3, 9, 22)
    assert (tokens.min, tokens.max, tokens.median) == (2, 6, 3)
    vocab = stats.vocabulary(texts)
    assert vocab.size == 7 and vocab.n_tokens == 11
    assert vocab.top_terms[:2] == (("cat", 2), ("sat", 2))  # "the" is a stop word
    assert stats.label_distribution(pd.Series(["a", "b", "a", None])) == {"a": 2, "b": 1}


def test_text_column_is_picked_or_named() -> None:
    frame = pd.DataFrame({"id": [1, 2], "label": ["x", "y"],
                          "review": ["a rather long review text", "another long review text"]})
    assert stats.pick_text_column(frame, None) == "review"
    with pytest.raises(BadInput, match="no column 'body'") as err:
        stats.pick_text_column(frame, "body", "f.csv")
    assert err.value.field == "body" and err.value.file == "f.csv"
    assert stats.pick_label_column(frame, "review") == "label"


def test_exact_and_near_duplicates_are_grouped() -> None:
    base = "the quick brown fox jumps over the lazy dog near the river bank today"
    texts = [base, "Something entirely different about databases and tables here",
             base.upper(), base.replace("today", "tonight"), "  " + base + "  ",
             "yet another unrelated sentence about cooking pasta with tomato sauce"]
    rep = duplicates.find_duplicates(texts)
    assert rep.exact_groups == ((0, 2, 4),)
    assert rep.near_groups == ((0, 3),)
    assert (rep.exact_rows, rep.near_rows) == (2, 1)


def test_near_duplicate_threshold_separates_similar_from_different() -> None:
    a = "one two three four five six seven eight nine ten eleven twelve"
    b = "one two three four five six seven eight nine ten eleven thirteen"
    c = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
    assert duplicates.jaccard(duplicates.shingles(a), duplicates.shingles(b)) > 0.7
    assert duplicates.find_duplicates([a, c]).near_groups == ()


@pytest.mark.parametrize("text,expected", [
    ("The committee will publish its report next week.", "en"),
    ("El comité publicará su informe la próxima semana.", "es"),
    ("Le comité publiera son rapport la semaine prochaine.", "fr"),
    ("Der Ausschuss wird seinen Bericht nächste Woche veröffentlichen.", "de"),
    ("ok", "und"),
])
def test_language_per_row(text, expected) -> None:
    assert languages.detect([text]).tags == (expected,)


def test_mixed_language_rows_are_flagged() -> None:
    rep = languages.detect([
        "I went to the market this morning and then "
        "je suis allé à la boulangerie acheter du pain",
        "I went to the market this morning and bought some fresh bread for dinner"])
    assert rep.mixed == (True, False)
    assert rep.tags[0] in ("en", "fr") and rep.tags[1] == "en"
    assert rep.n_mixed == 1


def test_unknown_language_code_is_rejected() -> None:
    with pytest.raises(BadInput, match="unknown language 'zz'"):
        languages.parse_languages("en,zz")
    assert languages.parse_languages("EN, es") == ("en", "es")


def test_top_terms_leave_out_placeholders_and_single_letters() -> None:
    """Issue 17: the top words of 2,000 tweets were `user, http, e, di`."""
    from explorer.datasets.column_stats import vocabulary

    texts = ["@user look http://t.co/x user e nurse"] * 3 + ["RT @user nurse http"] * 2
    top = [w for w, _ in vocabulary(texts).top_terms]
    assert top[0] == "nurse" and "look" in top
    assert not {"user", "http", "rt", "e", "co"} & set(top)


def test_top_terms_drop_function_words_of_each_rows_language() -> None:
    from explorer.datasets.column_stats import vocabulary

    texts = ["il gatto di mia nonna", "il gatto di mio nonno", "the cat of my granny"]
    it_en = vocabulary(texts, languages=["it", "it", "en"])
    words = [w for w, _ in it_en.top_terms]
    assert words[0] == "gatto" and "di" not in words and "mia" not in words
    assert "cat" in words and "of" not in words
    assert "di" in [w for w, _ in vocabulary(texts).top_terms]  # without the row languages
