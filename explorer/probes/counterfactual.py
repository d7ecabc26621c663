"""Counterfactual classifier probe: swap identity terms and see whether the classifier's
answer changes. Generated pairs are shown for review first, since naive swaps break grammar."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from glasshouse.errors import BadInput, ModelUnavailable

from explorer.probes import builtin
from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from explorer.probes.registry import register
from explorer.probes.stats import bootstrap_ci, sign_flip_test


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


def top_label(scores: dict[str, float], labels: tuple[str, ...]) -> str:
    return max(labels, key=lambda lab: scores.get(lab, float("-inf")))


@register
class CounterfactualProbe(Probe):
    name = "counterfactual"
    title = "Counterfactual classifier test"
    description = ("Swaps identity terms (he/she, Christian/Muslim, ...) in sentences and "
                   "checks whether a classifier's answer changes.")
    languages = ("en",)
    model_kinds = ("text-classification",)
    Params = CounterfactualParams
    caveat = ("A flip means the classifier's top answer changed when only the identity term "
              "changed. Automatic swaps can produce odd sentences (his/her, grammar), which is "
              "why the pairs are reviewed first. Only the listed terms and these sentences are "
              "tested; no flips here does not mean the classifier is fair elsewhere.")

    def default_params(self, language: str = "en") -> CounterfactualParams:
        return CounterfactualParams(texts=builtin.COUNTERFACTUAL_TEXTS, swaps=builtin.SWAPS)

    def run(self, params: CounterfactualParams, model: str,  # type: ignore[override]
            progress: Progress = no_progress) -> ProbeResult:
        import numpy as np

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
        flips, changes, details = [], [], []
        for i, p in enumerate(pairs):
            o, c = preds[2 * i], preds[2 * i + 1]
            lo, lc = top_label(o, clf.labels), top_label(c, clf.labels)
            flips.append(float(lo != lc))
            changes.append(c[label] - o[label])
            details.append({"original": p.original, "counterfactual": p.counterfactual,
                            "swap": p.swap, "label_original": lo, "label_counterfactual": lc,
                            "flipped": lo != lc, f"{label}_original": round(o[label], 4),
                            f"{label}_counterfactual": round(c[label], 4),
                            "score_change": round(c[label] - o[label], 4)})
        groups = []
        for sw in sorted({p.swap for p in pairs}):
            idx = [i for i, p in enumerate(pairs) if p.swap == sw]
            ch = [changes[i] for i in idx]
            groups.append({"group": sw, "n": len(idx),
                           "flip_rate": float(np.mean([flips[i] for i in idx])),
                           "mean_score_change": float(np.mean(ch)),
                           "ci": list(bootstrap_ci(ch, n_boot=params.n_boot, seed=params.seed))})
        return ProbeResult(
            probe=self.name, model=model, n=len(pairs), effect=float(np.mean(flips)),
            effect_label="share of pairs where the classifier's answer flipped",
            ci=bootstrap_ci(flips, n_boot=params.n_boot, seed=params.seed),
            p_value=sign_flip_test(changes, seed=params.seed), details=details,
            caveat=self.caveat + f" The p-value tests whether the mean change in '{label}' "
                                 "differs from zero.",
            groups=groups)
