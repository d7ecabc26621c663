"""Fill-in-the-blank template probe: which completions rise or fall by group."""

from __future__ import annotations

import itertools
import math
from typing import Any

from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from explorer.probes import builtin
from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from explorer.probes.registry import register
from explorer.probes.grammar import display, form, forms, has_forms, insert
from explorer.probes.scoring import BLANK, scorer_for, softmax, stage_progress
from explorer.probes.stats import bootstrap_ci


class TemplateItem(BaseModel):
    text: str = Field(description="sentence with {group} and [BLANK]")
    candidates: list[str] = Field(min_length=2)

    @field_validator("text")
    @classmethod
    def _placeholders(cls, v: str) -> str:
        if "{group}" not in v or BLANK not in v:
            raise ValueError(f"template '{v}' needs both {{group}} and {BLANK}")
        return v


class Group(BaseModel):
    name: str = Field(min_length=1)
    terms: list[str] = Field(min_length=1)
    gender: Literal["m", "f"] | None = Field(
        None, title="Grammatical gender", description="grammatical gender of the terms (Spanish, French): picks the form "
        "of candidates written 'masculine|feminine'")


class TemplateParams(BaseModel):
    language: str = "en"
    templates: list[TemplateItem] = Field(min_length=1)
    groups: list[Group] = Field(min_length=2)
    lexicon: dict[str, list[str]] = Field(default_factory=dict,
                                          description="hurtful words by category")
    n_boot: int = Field(1000, ge=100, le=20000)
    seed: int = 0

    @model_validator(mode="after")
    def _unique_groups(self) -> "TemplateParams":
        names = [g.name for g in self.groups]
        if len(set(names)) != len(names):
            raise ValueError("group names must be unique")
        two = next((c for t in self.templates for c in t.candidates if has_forms(c)), None)
        if two is not None:
            missing = [g.name for g in self.groups if g.gender is None]
            if missing:
                raise ValueError(f"candidate '{two}' has two forms (masculine|feminine), so "
                                 f"every group needs a gender ('m' or 'f'); missing for "
                                 f"{', '.join(missing)}")
        return self


def hurtful_category(word: str, lexicon: dict[str, list[str]]) -> str | None:
    """The lexicon category of a candidate (either form of a 'masculine|feminine' one)."""
    forms_ = {f.strip().lower() for f in forms(word)}
    for category, words in lexicon.items():
        if forms_ & {x.strip().lower() for x in words}:
            return category
    return None


def _tvd(p: list[float], q: list[float]) -> float:
    return 0.5 * sum(abs(a - b) for a, b in zip(p, q))


@register
class TemplateProbe(Probe):
    name = "template"
    title = "Fill-in-the-blank templates"
    description = ("Fills sentences such as '{group} works as a [BLANK].' with candidate words "
                   "and compares how likely the model finds each word for each group.")
    languages = ("en", "es", "fr")
    model_kinds = ("causal-lm", "masked-lm")
    Params = TemplateParams
    caveat = ("Shows which of YOUR candidate words the model finds more likely after each group's "
              "words, in these few templates. It cannot show how the model behaves elsewhere, "
              "and results depend on wording, so change the templates and compare. The packaged "
              "SmolLM2 is an English model: Spanish and French results are weak. Probabilities "
              "are shares among the listed candidates only. The hurtful share counts candidates "
              "that are in the lexicon; a word outside it is never counted as hurtful.")

    def default_params(self, language: str = "en") -> TemplateParams:
        lang = language if language in builtin.TEMPLATES else "en"
        return TemplateParams(language=lang, templates=builtin.TEMPLATES[lang],
                              groups=builtin.GROUPS[lang], lexicon=builtin.LEXICON[lang])

    def run(self, params: TemplateParams, model: str,  # type: ignore[override]
            progress: Progress = no_progress) -> ProbeResult:
        progress(0.05, f"loading {model}")
        scorer = scorer_for(model)
        prompts, cands, keys = [], [], []
        for ti, t in enumerate(params.templates):
            for gi, g in enumerate(params.groups):
                for term in g.terms:
                    prompts.append(insert(t.text, "{group}", term, language=params.language))
                    cands.append([form(c, g.gender) for c in t.candidates])
                    keys.append((ti, gi, term))
        progress(0.2, f"scoring {sum(len(c) for c in cands)} sentences")
        logps = scorer.blanks(prompts, cands, language=params.language,
                              progress=stage_progress(progress, 0.2, 0.8, "scoring sentences"))
        probs = {k: softmax(lp) for k, lp in zip(keys, logps)}
        progress(0.8, "statistics")
        return self._summarise(params, model, probs)

    def _summarise(self, params: TemplateParams, model: str,
                   probs: dict[tuple[int, int, str], list[float]]) -> ProbeResult:
        import numpy as np

        T, G = len(params.templates), len(params.groups)
        # mean distribution per (template, group) over the group's terms
        mean = [[np.mean([probs[(ti, gi, term)] for term in g.terms], axis=0).tolist()
                 for gi, g in enumerate(params.groups)] for ti in range(T)]
        details: list[dict[str, Any]] = []
        for ti, t in enumerate(params.templates):
            for ci, cand in enumerate(t.candidates):
                avg = sum(mean[ti][gi][ci] for gi in range(G)) / G
                for gi, g in enumerate(params.groups):
                    details.append({
                        "template": t.text, "candidate": display(cand), "group": g.name,
                        "probability": round(mean[ti][gi][ci], 6),
                        "shift": round(mean[ti][gi][ci] - avg, 6),
                        "hurtful_category": hurtful_category(cand, params.lexicon),
                    })
        # hurtful share per group: one value per (template, term) unit
        hurt_idx = [[ci for ci, c in enumerate(t.candidates)
                     if hurtful_category(c, params.lexicon)] for t in params.templates]
        groups = []
        for gi, g in enumerate(params.groups):
            units = [sum(probs[(ti, gi, term)][ci] for ci in hurt_idx[ti])
                     for ti in range(T) for term in g.terms]
            lo, hi = bootstrap_ci(units, n_boot=params.n_boot, seed=params.seed)
            rises = sorted(((d["shift"], d["candidate"]) for d in details
                            if d["group"] == g.name), reverse=True)
            groups.append({"group": g.name, "n": len(units),
                           "hurtful_share": float(np.mean(units)), "ci": [lo, hi],
                           "most_raised": [c for s, c in rises[:3] if s > 0]})
        # headline: mean total-variation distance between the first two groups' completions
        per_template = [_tvd(mean[ti][0], mean[ti][1]) for ti in range(T)]
        effect = float(np.mean(per_template))
        ci = self._bootstrap_effect(params, probs)
        p_value = self._term_permutation(params, probs)
        n = sum(len(g.terms) for g in params.groups) * T
        return ProbeResult(
            probe=self.name, model=model, n=n, effect=effect,
            effect_label=(f"how different the completions are for '{params.groups[0].name}' "
                          f"and '{params.groups[1].name}' (0 = identical, 1 = no overlap)"),
            ci=ci, p_value=p_value, details=details, caveat=self.caveat, groups=groups)

    @staticmethod
    def _bootstrap_effect(params: TemplateParams,
                          probs: dict[tuple[int, int, str], list[float]]) -> tuple[float, float]:
        """Percentile CI of the distance: resample templates, and each group's terms, with
        replacement, and recompute."""
        import numpy as np

        rng = np.random.default_rng(params.seed)
        T = len(params.templates)
        terms = [params.groups[0].terms, params.groups[1].terms]
        arr = [[np.asarray([probs[(ti, gi, t)] for t in terms[gi]]) for gi in (0, 1)]
               for ti in range(T)]
        stats = []
        for _ in range(params.n_boot):
            ts = rng.integers(0, T, T)
            ia = rng.integers(0, len(terms[0]), len(terms[0]))
            ib = rng.integers(0, len(terms[1]), len(terms[1]))
            stats.append(np.mean([_tvd(arr[ti][0][ia].mean(axis=0), arr[ti][1][ib].mean(axis=0))
                                  for ti in ts]))
        lo, hi = np.quantile(stats, [0.025, 0.975])
        return (float(lo), float(hi))

    @staticmethod
    def _term_permutation(params: TemplateParams,
                          probs: dict[tuple[int, int, str], list[float]],
                          limit: int = 5000) -> float | None:
        """Permutation p-value: relabel the terms of the first two groups and recompute the
        distance; how often is it at least as large as observed?"""
        import numpy as np

        a, b = params.groups[0].terms, params.groups[1].terms
        units = [("a", t) for t in a] + [("b", t) for t in b]
        T = len(params.templates)
        vec = [[np.asarray(probs[(ti, 0 if lab == "a" else 1, term)]) for ti in range(T)]
               for lab, term in units]

        def stat(idx_a: tuple[int, ...]) -> float:
            idx_b = [i for i in range(len(units)) if i not in idx_a]
            return float(np.mean([_tvd(np.mean([vec[i][ti] for i in idx_a], axis=0),
                                       np.mean([vec[i][ti] for i in idx_b], axis=0))
                                  for ti in range(T)]))

        combos = list(itertools.islice(itertools.combinations(range(len(units)), len(a)),
                                       limit))
        if len(combos) < 2 or math.comb(len(units), len(a)) > limit:
            return None
        observed = stat(tuple(range(len(a))))
        hits = sum(stat(c) >= observed - 1e-12 for c in combos)
        return hits / len(combos)
