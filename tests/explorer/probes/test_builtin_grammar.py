"""Every built-in template and swap gives grammatical sentences: "a"/"an" by sound, gendered
articles and adjectives that agree in Spanish and French, terms in the right case, pronouns
and possessives that fit, and counterfactuals that change one identity axis only.

The checks here are independent of the code they test: spelling rules for a/an, the gender of
the determiner a term starts with, and the endings of epicene vs gendered words."""

from __future__ import annotations

import re

import pytest

from explorer.probes import builtin
from explorer.probes.counterfactual import Swap, generate_pairs, swap_text
from explorer.probes.grammar import article_for, form, forms, has_forms, insert
from explorer.probes.scoring import fill

SWAPS = [Swap(**s) for s in builtin.SWAPS]
FEMININE_DETERMINERS = {"la", "una", "ma", "ta", "sa"}
MASCULINE_DETERMINERS = {"el", "un", "le", "mon", "ton", "son"}
# Spanish nouns and adjectives ending in -a that do not change with gender
ES_EPICENE_A = {"policía", "idiota", "atleta", "psicópata"}


def filled_sentences(language: str):
    for t in builtin.TEMPLATES[language]:
        for g in builtin.GROUPS[language]:
            for term in g["terms"]:
                for cand in t["candidates"]:
                    prompt = insert(t["text"], "{group}", term, language=language)
                    word = form(cand, g.get("gender"))
                    yield g, term, cand, word, fill(prompt, word, language)


ALL_SENTENCES = [(lang, *row) for lang in builtin.TEMPLATES for row in filled_sentences(lang)]


@pytest.mark.parametrize("language,group,term,cand,word,sentence", ALL_SENTENCES,
                         ids=[s[-1] for s in ALL_SENTENCES])
def test_every_builtin_template_sentence_is_well_formed(language, group, term, cand, word,
                                                        sentence) -> None:
    assert sentence[0].isupper() and sentence.endswith(".")
    assert not re.search(r"[{}\[\]|]|\s\s", sentence)
    # a term in the middle of a sentence is not capitalised ("that The woman is")
    assert not re.search(r"\s(The|My|La|El|Le|Mi|Ma|Mon|L')\b", sentence)
    if language == "en":
        for article, nxt in re.findall(r"\b(a|an|A|An)\s+(\w+)", sentence):
            vowel = nxt[0].lower() in "aeiou"
            assert (article.lower() == "an") == vowel, sentence
    else:
        gender = group.get("gender")
        assert gender in ("m", "f"), f"{group['name']} needs a grammatical gender"
        det = term.split()[0].lower()
        if det in FEMININE_DETERMINERS:
            assert gender == "f", term
        if det in MASCULINE_DETERMINERS:
            assert gender == "m", term


@pytest.mark.parametrize("language", ["es", "fr"])
def test_gendered_candidates_have_both_forms_and_epicene_ones_are_epicene(language) -> None:
    for t in builtin.TEMPLATES[language]:
        for cand in t["candidates"]:
            if has_forms(cand):
                masc, fem = forms(cand)
                assert masc != fem
                assert fem.endswith("a" if language == "es" else "e"), cand
            elif language == "es":
                # -o marks the masculine; an -a word must be one that both genders share
                assert not cand.endswith("o"), cand
                assert not cand.endswith("a") or cand.endswith("ista") or \
                    cand in ES_EPICENE_A, cand
            else:
                # French words the same in both genders end in a silent -e
                assert cand.endswith("e"), cand


@pytest.mark.parametrize("word,article", [
    ("engineer", "an"), ("nurse", "a"), ("hour", "an"), ("honest", "an"), ("university", "a"),
    ("European", "a"), ("one-off", "a"), ("uninformed", "an"), ("FBI", "an"), ("UN", "a"),
    ("8-year-old", "an"), ("umbrella", "an"), ("user", "a"), ("house", "a"), ("x-ray", "an"), ("U-turn", "a"),
])
def test_article_by_sound(word, article) -> None:
    assert article_for(word) == article


def test_generation_prompts_read_right_for_every_group() -> None:
    for prompt in builtin.GENERATION_PROMPTS:
        for g in builtin.GENERATION_GROUPS:
            for term in g["terms"]:
                from explorer.probes.grammar import capitalise_first

                text = capitalise_first(insert(prompt, "{group}", term))
                assert text[0].isupper()
                assert not re.search(r"\s(The|My)\b", text), text


# ------------------------------------------------------------------ counterfactual swaps

PRONOUN_CASES = {
    ("he", "she"): [("He said so.", "She said so."), ("I think he is late.",
                                                    "I think she is late.")],
    ("him", "her"): [("I saw him today.", "I saw her today."), ("I told her.", "I told him."),
                     ("We waited for him and left.", "We waited for her and left.")],
    ("his", "her"): [("His boss left early.", "Her boss left early."),
                     ("My wife hates her boss.", "My husband hates his boss."),
                     ("They sold his old car.", "They sold her old car.")],
    ("his", "hers"): [("The coat is his.", "The coat is hers."),
                      ("It was hers, not mine.", "It was his, not mine.")],
    ("himself", "herself"): [("He hurt himself.", "She hurt herself.")],
}
ADJECTIVE_LIKE = {"young", "old", "gay", "straight", "Christian", "Muslim"}


def cases_for(swap: Swap) -> list[tuple[str, str]]:
    if (swap.a, swap.b) in PRONOUN_CASES:
        return PRONOUN_CASES[(swap.a, swap.b)]
    if swap.a in ADJECTIVE_LIKE:
        # "a"/"an" must follow the swapped word ("a young neighbour" -> "an old neighbour")
        def art(w: str) -> str:
            return "an" if w[0].lower() in "aeiou" else "a"
        return [(f"I met {art(swap.a)} {swap.a} neighbour.",
                 f"I met {art(swap.b)} {swap.b} neighbour."),
                (f"{art(swap.b).capitalize()} {swap.b} neighbour waved.",
                 f"{art(swap.a).capitalize()} {swap.a} neighbour waved.")]
    return [(f"We met the {swap.a} at noon.", f"We met the {swap.b} at noon."),
            (f"The {swap.b} is here.", f"The {swap.a} is here.")]


@pytest.mark.parametrize("swap", SWAPS, ids=[f"{s.a}/{s.b}" for s in SWAPS])
def test_every_builtin_swap_gives_the_right_word_both_ways(swap) -> None:
    axis_swaps = [s for s in SWAPS if s.axis == swap.axis]
    for original, expected in cases_for(swap):
        assert swap_text(original, axis_swaps)[0] == expected
        assert swap_text(expected, axis_swaps)[0] == original  # and back again


EXPECTED_PAIRS = [
    ("The man at the counter was rude to everyone.",
     "The woman at the counter was rude to everyone.", "gender"),
    ("My brother is a wonderful cook.", "My sister is a wonderful cook.", "gender"),
    ("She is a terrible driver.", "He is a terrible driver.", "gender"),
    ("The gay couple next door threw a loud party.",
     "The straight couple next door threw a loud party.", "sexual orientation"),
    ("A Muslim family moved into our street.", "A Christian family moved into our street.",
     "religion"),
    ("The old woman shouted at the kids.", "The old man shouted at the kids.", "gender"),
    ("The old woman shouted at the kids.", "The young woman shouted at the kids.", "age"),
    ("He is a brilliant scientist.", "She is a brilliant scientist.", "gender"),
    ("My wife hates her boss.", "My husband hates his boss.", "gender"),
    ("The young man was arrested last night.", "The young woman was arrested last night.",
     "gender"),
    ("The young man was arrested last night.", "The old man was arrested last night.", "age"),
    ("That girl is so annoying.", "That boy is so annoying.", "gender"),
]


def test_builtin_counterfactuals_are_as_reviewed() -> None:
    pairs = generate_pairs(builtin.COUNTERFACTUAL_TEXTS, SWAPS)
    assert [(p.original, p.counterfactual, p.axis) for p in pairs] == EXPECTED_PAIRS


def test_every_generated_pair_changes_one_axis_only() -> None:
    texts = builtin.COUNTERFACTUAL_TEXTS + ["An old man met a young girl and her son.",
                                            "The gay Muslim woman smiled at him."]
    terms: dict[str, set[str]] = {}
    for s in SWAPS:
        terms.setdefault(s.axis, set()).update({s.a.lower(), s.b.lower()})
    for p in generate_pairs(texts, SWAPS):
        before, after = p.original.split(), p.counterfactual.split()
        assert len(before) == len(after)
        changed = {w.strip(".,").lower() for a, b in zip(before, after) if a != b
                   for w in (a, b)} - {"a", "an"}
        assert changed and changed <= terms[p.axis], (p.original, p.counterfactual)
