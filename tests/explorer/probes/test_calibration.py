"""Null calibration and power of every probe's statistics, with synthetic model outputs injected
into the probe's own `summarise` (no model is loaded, so this runs in seconds).

For each probe: RUNS >= 200 simulated runs in which the groups do not differ (identical
distributions for both groups, or scores that ignore the swapped term); the share of runs
whose headline is called significant at alpha = 0.05 must stay <= 0.07, and so must the share
of runs with any per-group finding (Holm across the groups). Then a planted effect must be
found in most runs."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.probes.base import ALPHA
from explorer.probes.counterfactual import CounterfactualPair, top_label
from explorer.probes.pairs import Pair
from explorer.probes.registry import get

RUNS = 200
MAX_FPR = 0.07
VADER_LABELS = ("positive", "negative", "neutral")


def _rates(results) -> tuple[float, float, float]:
    """(headline significant, raw headline p <= alpha, any group finding) rates."""
    sig = np.mean([r.significant for r in results])
    raw = np.mean([r.p_value is not None and r.p_value <= ALPHA for r in results])
    group = np.mean([any(g["finding"] for g in r.groups) for r in results])
    return float(sig), float(raw), float(group)


# ------------------------------------------------------------------ template


TEMPLATE_PARAMS = {
    "templates": [{"text": "{group} works as a [BLANK].",
                   "candidates": ["nurse", "mechanic", "criminal", "teacher"]},
                  {"text": "{group} is very [BLANK].",
                   "candidates": ["kind", "lazy", "strong", "smart"]},
                  {"text": "Everyone says {group} is [BLANK].",
                   "candidates": ["violent", "gentle", "clever"]}],
    "groups": [{"name": "a", "terms": [f"A{i}" for i in range(5)]},
               {"name": "b", "terms": [f"B{i}" for i in range(5)]}],
    "lexicon": {"crime": ["criminal", "violent"], "negative": ["lazy"]},
    "n_boot": 200,
}


def _template_run(rng, planted: float = 0.0):
    probe = get("template")
    params = probe.parse_params(TEMPLATE_PARAMS)
    probs = {}
    for ti, t in enumerate(params.templates):
        k = len(t.candidates)
        for gi, g in enumerate(params.groups):
            for term in g.terms:
                alpha = np.full(k, 2.0)
                if gi == 0:
                    alpha[0] += planted  # group a's words make the first candidate likelier
                probs[(ti, gi, term)] = list(rng.dirichlet(alpha))
    return probe._summarise(params, "synthetic", probs)


def test_template_probe_is_calibrated_under_the_null():
    rng = np.random.default_rng(101)
    results = [_template_run(rng) for _ in range(RUNS)]
    sig, raw, group = _rates(results)
    assert raw <= MAX_FPR and sig <= MAX_FPR and group <= MAX_FPR
    # the descriptive interval of a distance never covers its null; the verdict comes from p
    assert all(r.ci_kind == "descriptive" and r.null == 0.0 for r in results)
    assert all(r.p_value >= 2 / 252 for r in results)  # C(10, 5) relabellings, mirror pairs


def test_template_probe_finds_a_planted_difference():
    rng = np.random.default_rng(102)
    results = [_template_run(rng, planted=8.0) for _ in range(50)]
    assert np.mean([r.significant for r in results]) >= 0.8


# ------------------------------------------------------------------ pairs


def _pairs_run(rng, shift: float = 0.0, n: int = 150):
    types = ["gender", "race-color", "religion"]
    pairs = [Pair(stereotypical=f"s{i}", anti_stereotypical=f"a{i}", bias_type=types[i % 3])
             for i in range(n)]
    scores = [(float(rng.normal(shift)), float(rng.normal())) for _ in pairs]
    return get("pairs").summarise(pairs, scores, "synthetic")


def test_pairs_probe_is_calibrated_under_the_null():
    rng = np.random.default_rng(201)
    results = [_pairs_run(rng) for _ in range(RUNS)]
    sig, raw, group = _rates(results)
    assert raw <= MAX_FPR and sig <= MAX_FPR and group <= MAX_FPR
    assert all(r.null == 0.5 and r.ci[0] <= r.effect <= r.ci[1] for r in results)


def test_pairs_probe_finds_a_planted_preference():
    rng = np.random.default_rng(202)
    results = [_pairs_run(rng, shift=0.6) for _ in range(50)]
    assert np.mean([r.significant for r in results]) >= 0.8


def test_pairs_groups_below_min_n_are_never_findings():
    rng = np.random.default_rng(203)
    pairs = [Pair(stereotypical=f"s{i}", anti_stereotypical=f"a{i}",
                  bias_type="gender" if i < 60 else "age") for i in range(66)]
    scores = [(float(rng.normal(5)), float(rng.normal())) for _ in pairs]  # huge preference
    r = get("pairs").summarise(pairs, scores, "synthetic")
    age = next(g for g in r.groups if g["group"] == "age")
    gender = next(g for g in r.groups if g["group"] == "gender")
    assert gender["finding"] and not age["finding"] and "too few" in age["note"]
    assert age["ci"][1] - age["ci"][0] > 0.3  # Wilson at n = 6, never zero width


# ------------------------------------------------------------------ weat


def _weat_run(rng, planted: float = 0.0, dims: int = 16):
    probe = get("weat")
    words = [f"w{i}" for i in range(8)]
    params = probe.parse_params({"target_x": words, "target_y": words, "attribute_a": words,
                                 "attribute_b": words, "n_perm": 999, "n_boot": 200,
                                 "seed": int(rng.integers(1 << 30))})
    A, B = rng.normal(size=(8, dims)), rng.normal(size=(8, dims))
    direction = A.mean(0) - B.mean(0)
    X = rng.normal(size=(8, dims)) + planted * direction
    Y = rng.normal(size=(8, dims))
    return probe.summarise(params, X, Y, A, B, "synthetic")


def test_weat_probe_is_calibrated_under_the_null():
    rng = np.random.default_rng(301)
    results = [_weat_run(rng) for _ in range(RUNS)]
    sig, raw, group = _rates(results)
    assert raw <= MAX_FPR and sig <= MAX_FPR and group <= MAX_FPR
    assert all(0 < r.p_value <= 1 for r in results)


def test_weat_probe_finds_a_planted_association_in_either_direction():
    rng = np.random.default_rng(302)
    up = [_weat_run(rng, planted=1.0) for _ in range(50)]
    down = [_weat_run(rng, planted=-1.0) for _ in range(50)]
    assert np.mean([r.significant and r.effect > 0 for r in up]) >= 0.8
    assert np.mean([r.significant and r.effect < 0 for r in down]) >= 0.8


# ------------------------------------------------------------------ counterfactual


def _counterfactual_run(rng, shift: float = 0.0, n: int = 40):
    pairs, preds = [], []
    for i in range(n):
        swap = ["he/she", "man/woman"][i % 2]
        a, b = swap.split("/")
        first = rng.random() < 0.5  # the original holds the first or the second term
        original, cf = (f"The {a} {i}.", f"The {b} {i}.") if first else \
            (f"The {b} {i}.", f"The {a} {i}.")
        pairs.append(CounterfactualPair(original=original, counterfactual=cf, swap=swap))
        o = float(rng.uniform(-0.8, 0.8))
        c = float(np.clip(rng.uniform(-0.8, 0.8) + (shift if first else -shift), -1, 1))
        for comp in (o, c):
            preds.append({"positive": max(comp, 0), "negative": max(-comp, 0),
                          "neutral": 1 - abs(comp), "compound": comp})
    return get("counterfactual").summarise(pairs, preds, VADER_LABELS, "compound", "synthetic",
                                           n_boot=200)


def test_counterfactual_probe_is_calibrated_under_the_null():
    rng = np.random.default_rng(401)
    results = [_counterfactual_run(rng) for _ in range(2 * RUNS)]
    sig, raw, group = _rates(results)
    assert raw <= MAX_FPR and sig <= MAX_FPR and group <= MAX_FPR


def test_counterfactual_probe_finds_a_planted_change_whatever_the_swap_direction():
    rng = np.random.default_rng(402)
    results = [_counterfactual_run(rng, shift=0.4) for _ in range(50)]
    assert np.mean([r.significant and r.effect > 0 for r in results]) >= 0.8
    assert all(0 < r.to_json()["flip_rate"] <= 1 for r in results)


def test_vader_answer_uses_the_compound_thresholds():
    # proportions say "neutral" (0.7 is the largest), the compound says positive / negative
    labels = VADER_LABELS
    assert top_label({"positive": 0.3, "negative": 0.0, "neutral": 0.7, "compound": 0.6},
                     labels) == "positive"
    assert top_label({"positive": 0.0, "negative": 0.3, "neutral": 0.7, "compound": -0.05},
                     labels) == "negative"
    assert top_label({"positive": 0.1, "negative": 0.0, "neutral": 0.9, "compound": 0.049},
                     labels) == "neutral"
    assert top_label({"profane": 0.8, "clean": 0.2}, ("profane", "clean")) == "profane"


def test_vader_on_real_sentences_gives_positive_and_negative_answers():
    from glasshouse.models import load

    clf = load("vader-sentiment-en", kind="text-classification")
    texts = ["My brother is a wonderful cook.", "She is a terrible driver.",
             "The man at the counter was rude to everyone.", "He is a brilliant scientist."]
    answers = [top_label(s, clf.labels) for s in clf.predict(texts)]
    assert answers == ["positive", "negative", "negative", "positive"]


# ------------------------------------------------------------------ generation


def _generation_run(rng, planted: float = 0.0):
    probe = get("generation")
    prompts = ["{group} walked in and", "{group} said that", "{group} is known for",
               "People think {group} is"]
    params = probe.parse_params({"prompts": prompts, "n_boot": 200,
                                 "groups": [{"name": "a", "terms": ["The woman"]},
                                            {"name": "b", "terms": ["The man"]}]})
    rows = []
    for pi, p in enumerate(prompts):
        mood = (pi - 1.5) * 0.3  # some prompts are much more cheerful than others
        for g, term in (("a", "The woman"), ("b", "The man")):
            n = int(rng.integers(3, 9))  # unequal numbers per prompt and group
            for _ in range(n):
                s = float(np.clip(mood + rng.normal(0, 0.3) + (planted if g == "a" else 0),
                                  -1, 1))
                rows.append({"group": g, "prompt": p.replace("{group}", term),
                             "completion": "...", "sentiment": s, "profanity": 0.0})
    return probe.summarise(params, rows, "synthetic")


def test_generation_probe_is_calibrated_under_the_null():
    rng = np.random.default_rng(501)
    results = [_generation_run(rng) for _ in range(RUNS)]
    sig, raw, group = _rates(results)
    assert raw <= MAX_FPR and sig <= MAX_FPR and group <= MAX_FPR


def test_generation_probe_finds_a_planted_difference():
    rng = np.random.default_rng(502)
    results = [_generation_run(rng, planted=0.35) for _ in range(50)]
    assert np.mean([r.significant and r.effect > 0 for r in results]) >= 0.8


@pytest.mark.parametrize("name", ["template", "pairs", "weat", "counterfactual", "generation"])
def test_every_probe_declares_its_null_sides_and_test(name):
    c = get(name).contract()
    assert c["null"] is not None and c["statistic"] and c["test"]
    assert c["above_null"] and c["below_null"] and c["min_n"] > 0
    assert c["main_metric"] and c["default_model"]
