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


def swap_text(text: str, swaps: list[Swap]) -> tuple[str, list[str]]:
    """Swap every listed term for its partner (both directions, whole words, keeping case)."""
    table: dict[str, tuple[str, str]] = {}
    for s in swaps:
        table[s.a.lower()] = (s.b, f"{s.a}/{s.b}")
        table[s.b.lower()] = (s.a, f"{s.a}/{s.b}")
    if not table:
        return text, []
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(table, key=len,
                                                                       reverse=True)) + r")\b",
                         re.IGNORECASE)
    used: list[str] = []

    def repl(m: re.Match[str]) -> str:
        word, label = table[m.group(0).lower()]
        if label not in used:
            used.append(label)
        return _match_case(m.group(0), word)

    return pattern.sub(repl, text), used


def generate_pairs(texts: list[str], swaps: list[Swap]) -> list[CounterfactualPair]:
    """Candidate pairs for review: one per text that contains at least one listed term."""
    out = []
    for t in texts:
        t = t.strip()
        if not t:
            continue
        new, used = swap_text(t, swaps)
        if used and new != t:
            out.append(CounterfactualPair(original=t, counterfactual=new, swap=", ".join(used)))
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
