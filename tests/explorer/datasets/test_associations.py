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
    texts = (["she works as a nurse in the hospital"] * 30 + ["she saw a nurse today"] * 4
             + ["he works as an engineer on site"] * 30 + ["he saw an engineer today"] * 4
             + ["he met a nurse"] * 4 + ["she met an engineer"] * 4)
    groups = identity_terms.terms_for("en")["gender"]
    rep = associations.word_associations(texts, groups, min_count=3, list_language="en")
    assert rep.group_rows == {"female": 38, "male": 38}
    top_female = [a.word for a in rep.associations["female"]]
    assert "nurse" in top_female
    skew = {s.word: s for s in rep.skews}
    assert skew["nurse"].toward == "female" and skew["engineer"].toward == "male"
    assert skew["nurse"].counts == {"female": 34, "male": 4}
    assert skew["nurse"].n_rows == {"female": 38, "male": 38}
    assert skew["nurse"].significant and skew["nurse"].p_adjusted < 0.05
    lo, hi = skew["nurse"].ci
    assert lo < 30 / 38 < hi and lo > 0  # the difference of shares 34/38 - 4/38
    assert not skew["works"].significant  # 30 and 30: no difference
    assert rep.correction == "Holm" and rep.n_tested == len(rep.skews)
    assert rep.n_significant == sum(s.significant for s in rep.skews) == 2


def test_words_seen_with_only_one_group_are_not_listed() -> None:
    """Issue 17: every listed skew had 0 rows with the other group and 2-4 with this one,
    scored -1 by convention. A word needs min_per_group rows with EACH group to be listed."""
    texts = (["she likes opera"] * 4 + ["he likes football"] * 4 + ["she likes tea"] * 3
             + ["he likes tea"] * 3)
    rep = associations.word_associations(texts, {"female": ["she"], "male": ["he"]},
                                         min_count=2, min_per_group=3)
    listed = {s.word for s in rep.skews}
    assert "opera" not in listed and "football" not in listed
    assert listed == {"likes", "tea"}
    assert rep.one_sided == 2
    assert all(min(s.counts.values()) >= 3 for s in rep.skews)


@pytest.mark.parametrize("text,group", [
    ("he's a great engineer", "male"), ("she's a great engineer", "female"),
    ("she’s a great engineer", "female"), ("he'd call the engineer", "male"),
    ("the woman's engineer", "female"), ("his engineer", "male"), ("her engineer", "female"),
])
def test_contractions_and_possessives_match_identity_terms_en(text, group) -> None:
    rep = associations.word_associations([text], identity_terms.terms_for("en")["gender"],
                                         min_count=1, min_per_group=1, list_language="en")
    assert rep.group_rows[group] == 1
    assert {a.word for a in rep.associations[group]} == {"great", "engineer"} - (
        {"great"} if "great" not in text else set()) - {"call"}


@pytest.mark.parametrize("lang,text,group", [
    ("fr", "l'homme est ingénieur", "male"), ("fr", "je crois qu'elle est ingénieure", "female"),
    ("fr", "s'il est ingénieur", "male"), ("it", "dell'uomo ingegnere", "male"),
    ("pt", "o carro dela", "female"), ("de", "des mannes auto", "male"),
    ("es", "la mujer ingeniera", "female"),
])
def test_elisions_and_inflections_match_identity_terms(lang, text, group) -> None:
    rep = associations.word_associations([text], identity_terms.terms_for(lang)["gender"],
                                         min_count=1, min_per_group=1, list_language=lang,
                                         languages=[lang])
    assert rep.group_rows[group] == 1
    assert not any(a.word in ("homme", "elle", "il", "uomo", "dela", "mannes")
                   for items in rep.associations.values() for a in items)


def test_placeholders_urls_handles_and_stop_words_are_not_words() -> None:
    texts = ["@user she said http://t.co/abc that &amp; e di user <URL> nurse RT"] * 3
    rows_langs = ["it"] * 3
    rep = associations.word_associations(texts, {"f": ["she"], "m": ["he"]}, min_count=1,
                                         min_per_group=1, list_language="en",
                                         languages=rows_langs)
    words = {a.word for a in rep.associations["f"]}
    assert words == {"said", "nurse"}


def test_stop_words_follow_the_row_language() -> None:
    """'e' and 'di' are Italian function words: dropped from Italian rows by the Italian list."""
    texts = ["lei e di infermiera stanca"] * 3
    rep = associations.word_associations(texts, {"f": ["lei"], "m": ["lui"]}, min_count=1,
                                         min_per_group=1, languages=["it"] * 3)
    assert {a.word for a in rep.associations["f"]} == {"stanca", "infermiera"}
    en = associations.word_associations(texts, {"f": ["lei"], "m": ["lui"]}, min_count=1,
                                        min_per_group=1, languages=["en"] * 3)
    assert "di" in {a.word for a in en.associations["f"]}  # not an English function word


def _random_texts(rng, n: int, plant: float | None = None,
                  groups: tuple[str, ...] = ("she", "he", "", "she and he")) -> list[str]:
    vocab = [f"w{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(60)]
    texts = []
    for _ in range(n):
        g = rng.choice(groups)
        words = rng.sample(vocab, 6)
        if plant is not None and g == "she" and rng.random() < plant:
            words.append("nurse")
        if plant is not None and g == "he" and rng.random() < 0.10:
            words.append("nurse")
        texts.append(" ".join([g, *words]))
    return texts


@pytest.mark.parametrize("groups,mentions,n", [
    ({"female": ["she"], "male": ["he"]}, ("she", "he", "", "she and he"), 300),
    ({"c": ["christian"], "m": ["muslim"], "j": ["jewish"]},
     ("christian", "muslim", "jewish", ""), 400),  # 3 pairs of groups per word
])
def test_null_no_word_is_significant_more_often_than_alpha(groups, mentions, n) -> None:
    """Random texts with no real association, 200 runs: the share of runs that list ANY
    word as significant (family-wise, Holm over all words and pairs) stays <= 0.07 at
    alpha 0.05. Measured: 1/200 runs for two groups (56 tests a run), 1/200 for three (173)."""
    import random

    rng = random.Random(17)
    runs, hits, tested = 200, 0, 0
    for _ in range(runs):
        rep = associations.word_associations(_random_texts(rng, n, groups=mentions), groups,
                                             min_count=5, min_per_group=3)
        tested += rep.n_tested
        hits += any(s.significant for s in rep.skews)
    assert tested / runs > 40  # the runs really test many words each
    assert hits / runs <= 0.07


def test_power_a_planted_association_is_found() -> None:
    """'nurse' in 40% of she-rows and 10% of he-rows (500 rows): found in >= 90% of runs."""
    import random

    rng = random.Random(3)
    runs, found = 50, 0
    for _ in range(runs):
        rep = associations.word_associations(_random_texts(rng, 500, plant=0.4),
                                             {"female": ["she"], "male": ["he"]},
                                             min_count=5, min_per_group=3)
        top = rep.skews[0]
        found += top.word == "nurse" and top.significant and top.toward == "female"
    assert found / runs >= 0.9


def test_fisher_matches_scipy_and_holm_is_step_down() -> None:
    import random

    from scipy.stats import fisher_exact

    rng = random.Random(0)
    for _ in range(300):
        na, nb = rng.randint(1, 120), rng.randint(1, 120)
        x, y = rng.randint(0, na), rng.randint(0, nb)
        assert associations.fisher_p(x, na, y, nb) == pytest.approx(
            fisher_exact([[x, na - x], [y, nb - y]])[1], abs=1e-9)
    from glasshouse.stats import holm

    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])


def test_dmt_measure_follows_the_data_measurements_tool_definition() -> None:
    # cooc 4 of 10 group co-occurrences, word 8 of 100 tokens, group 5 of 100 tokens
    got = associations.npmi_dmt(4, 10, 8, 5, 100)
    pmi = math.log((4 / 8) / 0.05)
    assert got == pytest.approx(pmi / -math.log((4 / 10) * 0.08))
    assert associations.npmi_dmt(0, 10, 8, 5, 100) is None  # the tool drops zero counts
    texts = (["she works as a nurse"] * 6 + ["he works as a nurse"] * 3
             + ["he works as an engineer"] * 6 + ["she works as an engineer"] * 3)
    groups = {"female": ["she"], "male": ["he"]}
    rows = associations.word_associations(texts, groups, min_count=1, measure="rows")
    dmt = associations.word_associations(texts, groups, min_count=1, measure="dmt")
    assert dmt.measure == "dmt"
    r, d = ({s.word: s for s in rep.skews}["nurse"] for rep in (rows, dmt))
    assert (r.p_value, r.counts) == (d.p_value, d.counts)  # the test does not change
    assert r.gap != d.gap and d.gap > 0
    with pytest.raises(BadInput):
        associations.word_associations(texts, groups, measure="pmi")


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


def test_the_tab_explains_the_dmt_difference_in_a_tooltip() -> None:
    import gradio as gr

    from explorer.datasets import ui

    with gr.Blocks() as built:
        ui.build(None)
    texts = [str(getattr(b, "value", "") or "") for b in built.blocks.values()
             if type(b).__name__ == "Markdown"]
    tip = next(t for t in texts if "<abbr" in t and "Data Measurements Tool:" in t)
    assert "token shares for the word" in tip and "Holm" in tip and "Fisher" in tip
    assert all("Fisher" not in t.split("title=")[0] for t in texts if "Fisher" in t)


@pytest.mark.timeout(60)  # a hang guard, not a speed target (bench/ measures speed)
@pytest.mark.parametrize("hostile", ["a" * 200_000, "a@" * 100_000, ("a" * 64 + "@") * 3_000,
                                     "<" + "A" * 100_000, "&" * 200_000, "www." * 50_000])
def test_word_filter_patterns_do_not_hang_on_hostile_text(hostile) -> None:
    """200 kB cells built to make the patterns backtrack are cleaned (possessive quantifiers,
    bounded repeats, a start boundary for e-mail addresses)."""
    from explorer.datasets.wordfilter import clean_text

    out = clean_text(hostile)
    assert len(out) <= len(hostile)


def test_emails_and_handles_are_not_words() -> None:
    from explorer.datasets.wordfilter import words

    got = words("write to ana.garcia@example.co.uk or @jörg (x@y.org) &amp; <PERSON> now")
    assert got == ["write", "to", "or", "now"]
