"""Counterfactual classifier probe: swap identity terms and see whether the classifier's
answer changes. Generated pairs are shown for review first, since naive swaps break grammar."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from glasshouse.errors import BadInput, ModelUnavailable
from glasshouse.stats import bootstrap_ci, sign_flip_test, wilson

from explorer.probes import builtin
from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from explorer.probes.registry import register


class Swap(BaseModel):
    a: str = Field(min_length=1)
    b: str = Field(min_length=1)
    axis: str = "unspecified"


class CounterfactualPair(BaseModel):
    original: str = Field(min_length=1)
    counterfactual: str = Field(min_length=1)
    swap: str = ""
    axis: str = Field("", title="Axis", description="the one identity axis the pair changes")


class CounterfactualParams(BaseModel):
    language: str = "en"
    texts: list[str] = Field(default_factory=list)
    swaps: list[Swap] = Field(default_factory=list)
    pairs: list[CounterfactualPair] = Field(
        default_factory=list, description="reviewed pairs; when given, texts/swaps are not used")
    score_label: str | None = Field(None, description="label whose score change is reported")
    n_boot: int = Field(1000, ge=100, le=20000)
    seed: int = 0


def _match_case(src: str, word: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# "her" is an object ("I saw her") or a possessive determiner ("her boss"), and "his" a
# determiner ("his boss") or standalone ("it is his"): their partner depends on which. A
# word from this list (or an -ly adverb, punctuation, the end) after the pronoun means it
# is not followed by the noun it would determine.
_DETERMINER_FORMS = {"his", "her"}
_NOT_A_NOUN_NEXT = frozenset("""a an the to and or but nor so yet that this these those in on at
with for from of by up down out off about again too very back away is was are were be been
am if when while because as than then now today tonight yesterday tomorrow there here all
both already not never always into onto over under after before around through home anything
something nothing everything it him her me you us them well more less much alone who whom
which what why how where ever just still even also please soon later once""".split())


def _possessive_context(after: str) -> bool:
    """Whether the pronoun is followed by a word it determines ("her boss", "his old car")."""
    m = re.match(r"\s+([A-Za-z][\w'-]*)", after)
    if not m:
        return False
    nxt = m.group(1).lower()
    return nxt not in _NOT_A_NOUN_NEXT and not nxt.endswith("ly")


def _pick(word: str, targets: list[str], after: str) -> str:
    if len(targets) == 1:
        return targets[0]
    det = [t for t in targets if t.lower() in _DETERMINER_FORMS]
    other = [t for t in targets if t.lower() not in _DETERMINER_FORMS]
    if det and other:
        return det[0] if _possessive_context(after) else other[0]
    return targets[0]


def swap_text(text: str, swaps: list[Swap], *, language: str = "en") -> tuple[str, list[str]]:
    """Swap every listed term for its partner (both directions, whole words, keeping case).
    A term with two partners (her -> him / his, his -> her / hers) takes the one its place
    in the sentence needs; an English "a"/"an" before a swapped word is agreed again."""
    from explorer.probes.grammar import fix_article_before

    table: dict[str, list[tuple[str, str]]] = {}
    for s in swaps:
        label = f"{s.a}/{s.b}"
        for src, dst in ((s.a, s.b), (s.b, s.a)):
            entry = table.setdefault(src.lower(), [])
            if dst.lower() not in {d.lower() for d, _ in entry}:
                entry.append((dst, label))
    if not table:
        return text, []
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(table, key=len,
                                                                       reverse=True)) + r")\b",
                         re.IGNORECASE)
    used: list[str] = []
    out, last = "", 0
    for m in pattern.finditer(text):
        entry = table[m.group(0).lower()]
        target = _pick(m.group(0), [d for d, _ in entry], text[m.end():])
        label = next(lab for d, lab in entry if d == target)
        if label not in used:
            used.append(label)
        out += text[last:m.start()]
        start = len(out)
        out += _match_case(m.group(0), target)
        if language == "en":
            out = fix_article_before(out, start)
        last = m.end()
    return out + text[last:], used


def axes_in(text: str, swaps: list[Swap]) -> list[str]:
    """The axes (gender, age, ...) whose terms occur in the text, in the order of `swaps`."""
    found: list[str] = []
    for s in swaps:
        if s.axis not in found and re.search(r"\b(" + re.escape(s.a) + "|" + re.escape(s.b)
                                             + r")\b", text, re.IGNORECASE):
            found.append(s.axis)
    return found


def generate_pairs(texts: list[str], swaps: list[Swap]) -> list[CounterfactualPair]:
    """Candidate pairs for review: for each text, one pair per axis whose terms it contains,
    each changing that axis only ("The old woman" -> "The old man" and "The young woman",
    never "The young man")."""
    out = []
    for t in texts:
        t = t.strip()
        if not t:
            continue
        for axis in axes_in(t, swaps):
            new, used = swap_text(t, [s for s in swaps if s.axis == axis])
            if used and new != t:
                out.append(CounterfactualPair(original=t, counterfactual=new,
                                              swap=", ".join(used), axis=axis))
    return out


def classifier_for(model: str) -> Any:
    from glasshouse import models

    if model in {s.name for s in models.available()}:
        kind = models.spec(model).kind
        if kind != "text-classification":
            raise ModelUnavailable(f"model '{model}' is a {kind} model; this probe needs a "
                                   "classifier such as 'profanity-en' or 'vader-sentiment-en'")
    return models.load(model, kind="text-classification")


def default_label(clf: Any) -> str:
    return {"profanity-en": "profane", "vader-sentiment-en": "compound"}.get(
        clf.name, clf.labels[0])


VADER_POSITIVE, VADER_NEGATIVE = 0.05, -0.05  # VADER's documented compound thresholds


def top_label(scores: dict[str, float], labels: tuple[str, ...]) -> str:
    """The classifier's answer. VADER's answer comes from its compound score (>= 0.05
    positive, <= -0.05 negative, else neutral), as its authors recommend; the largest of its
    pos/neg/neu proportions is almost always "neutral" for a single sentence."""
    if "compound" in scores and {"positive", "negative", "neutral"} <= set(labels):
        c = scores["compound"]
        return "positive" if c >= VADER_POSITIVE else "negative" if c <= VADER_NEGATIVE \
            else "neutral"
    return max(labels, key=lambda lab: scores.get(lab, float("-inf")))


def orientation(pair: CounterfactualPair) -> int:
    """+1 when the original holds the first term of the pair's (first) swap 'a/b', so that
    counterfactual minus original is the change from a to b; -1 when it holds b; +1 if unknown."""
    label = pair.swap.split(",")[0].strip()
    if "/" not in label:
        return 1
    a, b = (x.strip() for x in label.split("/", 1))
    if a and re.search(r"\b" + re.escape(a) + r"\b", pair.original, re.IGNORECASE):
        return 1
    if b and re.search(r"\b" + re.escape(b) + r"\b", pair.original, re.IGNORECASE):
        return -1
    return 1


@register
class CounterfactualProbe(Probe):
    name = "counterfactual"
    title = "Counterfactual classifier test"
    description = ("Swaps identity terms (he/she, Christian/Muslim, ...) in sentences and "
                   "checks whether a classifier's answer changes.")
    languages = ("en",)
    model_kinds = ("text-classification",)
    Params = CounterfactualParams
    statistic = ("mean change in the classifier's score when the first term of each swap (e.g. "
                 "'he' in he/she) is replaced by the second; also the share of pairs whose "
                 "answer flips (Wilson interval)")
    null = 0.0
    sides = ("the score rises when the first term is replaced by the second",
             "the score falls when the first term is replaced by the second")
    test = ("two-sided sign-flip permutation test of the mean change (each pair's change is as "
            "likely positive as negative under no effect; every sign pattern when there are at "
            "most 20,000), overall and per swap, Holm correction across them; bootstrap interval "
            "of the mean change, Wilson interval of the flip rate")
    main_metric = ("mean_score_change", "mean score change after the swap")
    default_model = "profanity-en"
    model_choices = ("profanity-en", "vader-sentiment-en")
    min_n = 10
    min_n_unit = "pairs"
    labels = {
        "texts": ("Sentences", "sentences that mention people; listed terms are swapped"),
        "swaps": ("Terms to swap", "pairs of terms, e.g. he / she"),
        "a": ("First term", "e.g. he"),
        "b": ("Second term", "e.g. she"),
        "axis": ("Axis", "e.g. gender, religion"),
        "pairs": ("Reviewed pairs", "when given, the sentences and swaps are not used"),
        "original": ("Original sentence", ""),
        "counterfactual": ("Sentence with the term swapped", ""),
        "swap": ("Swap", "the swap that produced it, e.g. he/she"),
        "score_label": ("Score to compare", "the classifier score whose change is reported"),
    }
    caveat = ("A flip means the classifier's top answer changed when only the identity term "
              "changed. Automatic swaps can produce odd sentences (his/her, grammar), which is "
              "why the pairs are reviewed first. Only the listed terms and these sentences are "
              "tested; no flips here does not mean the classifier is fair elsewhere.")

    def default_params(self, language: str = "en") -> CounterfactualParams:
        return CounterfactualParams(texts=builtin.COUNTERFACTUAL_TEXTS, swaps=builtin.SWAPS)

    def run(self, params: CounterfactualParams, model: str,  # type: ignore[override]
            progress: Progress = no_progress) -> ProbeResult:
        pairs = params.pairs or generate_pairs(params.texts, params.swaps)
        if not pairs:
            raise BadInput("no sentence contains any of the swap terms", field="texts")
        progress(0.05, f"loading {model}")
        clf = classifier_for(model)
        label = params.score_label or default_label(clf)
        progress(0.3, f"classifying {2 * len(pairs)} sentences")
        preds = clf.predict([t for p in pairs for t in (p.original, p.counterfactual)])
        if label not in preds[0]:
            raise BadInput(f"label '{label}' is not produced by {model} (it gives "
                           f"{', '.join(preds[0])})", field="score_label")
        return self.summarise(pairs, preds, clf.labels, label, model, seed=params.seed,
                              n_boot=params.n_boot)

    def summarise(self, pairs: list[CounterfactualPair], preds: list[dict[str, float]],
                  labels: tuple[str, ...], label: str, model: str, *, seed: int = 0,
                  n_boot: int = 1000) -> ProbeResult:
        """Statistics from the classifier's outputs (original, counterfactual, ... in order);
        apart from the model so the null-calibration tests can inject outputs."""
        import numpy as np

        flips, changes, details = [], [], []
        for i, p in enumerate(pairs):
            o, c = preds[2 * i], preds[2 * i + 1]
            lo, lc = top_label(o, labels), top_label(c, labels)
            sign = orientation(p)
            flips.append(lo != lc)
            changes.append(sign * (c[label] - o[label]))
            details.append({"original": p.original, "counterfactual": p.counterfactual,
                            "swap": p.swap, "label_original": lo, "label_counterfactual": lc,
                            "flipped": lo != lc, f"{label}_original": round(o[label], 4),
                            f"{label}_counterfactual": round(c[label], 4),
                            "score_change": round(c[label] - o[label], 4),
                            "change_first_to_second_term": round(changes[-1], 4)})

        def summary(idx: list[int]) -> dict[str, Any]:
            ch = [changes[i] for i in idx]
            k = int(sum(flips[i] for i in idx))
            test = sign_flip_test(ch, seed=seed)
            return {"n": len(idx), "mean_score_change": float(np.mean(ch)),
                    "ci": list(bootstrap_ci(ch, n_resamples=n_boot, seed=seed)),
                    "p_value": test.p_value, "flips": k, "flip_rate": k / len(idx),
                    "flip_rate_ci": list(wilson(k, len(idx)))}

        groups = [{"group": sw, **summary([i for i, p in enumerate(pairs) if p.swap == sw])}
                  for sw in sorted({p.swap for p in pairs})]
        overall = summary(list(range(len(pairs))))
        return self.result(
            model=model, n=len(pairs), effect=overall["mean_score_change"],
            effect_label=(f"mean change in the '{label}' score when the first term of each swap "
                          "is replaced by the second (0 = no change)"),
            ci=tuple(overall["ci"]), p_value=overall["p_value"], details=details, groups=groups,
            caveat=self.caveat + f" The score is the classifier's '{label}'.",
            extra={"flips": overall["flips"], "flip_rate": overall["flip_rate"],
                   "flip_rate_ci": overall["flip_rate_ci"], "score_label": label})
