"""Fill-in-the-blank template probe: which completions rise or fall by group."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from glasshouse.stats import bootstrap_ci, permutation_test

from explorer.probes import builtin
from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from explorer.probes.registry import register
from explorer.probes.grammar import display, form, forms, has_forms, insert
from explorer.probes.scoring import BLANK, scorer_for, softmax, stage_progress


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


PERMUTATIONS = 9999  # random relabellings when there are too many to enumerate


def hurtful_category(word: str, lexicon: dict[str, list[str]]) -> str | None:
    """The lexicon category of a candidate (either form of a 'masculine|feminine' one)."""
    forms_ = {f.strip().lower() for f in forms(word)}
    for category, words in lexicon.items():
        if forms_ & {x.strip().lower() for x in words}:
            return category
    return None


@register
class TemplateProbe(Probe):
    name = "template"
    title = "Fill-in-the-blank templates"
    description = ("Fills sentences such as '{group} works as a [BLANK].' with candidate words "
                   "and compares how likely the model finds each word for each group.")
    languages = ("en", "es", "fr")
    model_kinds = ("causal-lm", "masked-lm")
    Params = TemplateParams
    statistic = ("how different the model's completions are for the first two groups: the "
                 "total-variation distance between their average probability distributions "
                 "over the candidate words, averaged over templates")
    null = 0.0
    sides = ("the model completes the templates differently for the two groups (the distance "
             "has no direction: see which words rise for whom)",
             "(the distance is never below 0)")
    test = ("permutation test: the group words are relabelled between the two groups (every "
            "relabelling when there are at most 20,000) and the distance recomputed; p is the "
            "share of relabellings at least as distant as observed (observed included). Per "
            "group, the hurtful share is compared with the other groups' words the same way. "
            "Holm correction across the headline and group tests. The interval resamples the "
            "group words and is descriptive: a distance is never below 0, so it cannot cover 0")
    ci_kind = "descriptive"
    main_metric = ("hurtful_share", "hurtful-completion share")
    default_model = "smollm2-135m"
    model_choices = ("smollm2-135m",)
    min_n = 5
    min_n_unit = "group words"
    labels = {
        "templates": ("Templates", "sentences with {group} and [BLANK], each with candidate words"),
        "text": ("Sentence", "a sentence with {group} and [BLANK]"),
        "candidates": ("Words for the blank", ""),
        "groups": ("Groups", "at least two; the first two are compared"),
        "name": ("Group name", ""),
        "terms": ("Words for this group", "e.g. The woman; My mother"),
        "lexicon": ("Hurtful-word list", "hurtful words by category"),
    }
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
        """Statistics of a run from the candidates' probabilities, keyed (template, group, term);
        kept apart from the model so the null-calibration tests can inject probabilities."""
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
        # Units are the group terms (each term is used in every template, so a term's
        # sentences are not independent of each other): every interval resamples terms and
        # every test relabels terms between groups.
        hurt_idx = [[ci for ci, c in enumerate(t.candidates)
                     if hurtful_category(c, params.lexicon)] for t in params.templates]
        unit_group = [gi for gi, g in enumerate(params.groups) for _ in g.terms]
        unit_term = [term for g in params.groups for term in g.terms]
        hurt = np.asarray([np.mean([sum(probs[(ti, gi, term)][ci] for ci in hurt_idx[ti])
                                    for ti in range(T)])
                           for gi, term in zip(unit_group, unit_term)])
        groups = []
        for gi, g in enumerate(params.groups):
            mine = np.asarray(unit_group) == gi
            rises = sorted(((d["shift"], d["candidate"]) for d in details
                            if d["group"] == g.name), reverse=True)
            lo, hi = bootstrap_ci(hurt[mine], n_resamples=params.n_boot, seed=params.seed)
            test = permutation_test(mine, _mean_gap(hurt), seed=params.seed,
                                    n_resamples=PERMUTATIONS)
            groups.append({"group": g.name, "n": int(mine.sum()), "n_sentences":
                           int(mine.sum()) * sum(len(t.candidates) for t in params.templates),
                           "hurtful_share": float(hurt[mine].mean()), "ci": [lo, hi],
                           "difference_from_others": test.statistic,
                           "p_value": test.p_value,
                           "smallest_possible_p": test.smallest_possible_p,
                           "most_raised": [c for s, c in rises[:3] if s > 0]})
        # headline: mean total-variation distance between the first two groups' completions
        cmax = max(len(t.candidates) for t in params.templates)
        first_two = [i for i, gi in enumerate(unit_group) if gi in (0, 1)]
        U = np.zeros((len(first_two), T, cmax))
        for row, i in enumerate(first_two):
            for ti in range(T):
                p = probs[(ti, unit_group[i], unit_term[i])]
                U[row, ti, :len(p)] = p
        labels = np.asarray([unit_group[i] == 0 for i in first_two])
        test = permutation_test(labels, _tv_statistic(U), alternative="greater",
                                seed=params.seed, n_resamples=PERMUTATIONS)
        ci = bootstrap_ci(U[labels], U[~labels], stat=_tv_of_means, n_resamples=params.n_boot,
                          seed=params.seed)
        a, b = params.groups[0].name, params.groups[1].name
        return self.result(
            model=model, n=len(first_two), effect=test.statistic,
            effect_label=(f"how different the completions are for '{a}' and '{b}' "
                          "(0 = identical, 1 = no overlap)"),
            ci=ci, p_value=test.p_value, details=details, groups=groups,
            caveat=self.caveat + (f" With {int(labels.sum())} and {int((~labels).sum())} group "
                                  f"words, the smallest p-value this design can give is "
                                  f"{test.smallest_possible_p:.2g}; add words to each group "
                                  "for a sharper test."),
            extra={"n_sentences": len(first_two) * sum(len(t.candidates)
                                                       for t in params.templates),
                   "smallest_possible_p": test.smallest_possible_p, "exact_test": test.exact})


def _tv_of_means(a: Any, b: Any) -> Any:
    """Mean over templates of the total-variation distance between the two groups' average
    distributions; a and b have shape (batch, terms, templates, candidates)."""
    return 0.5 * abs(a.mean(axis=1) - b.mean(axis=1)).sum(axis=-1).mean(axis=-1)


def _tv_statistic(U: Any) -> Callable[[Any], Any]:
    """Vectorised distance for a batch of labellings (True = first group) of the term units."""
    flat = U.reshape(len(U), -1)

    def stat(mat: Any) -> Any:
        m = mat.astype(float)
        na = m.sum(axis=1, keepdims=True)
        ma = (m @ flat) / na
        mb = ((1 - m) @ flat) / (len(U) - na)
        diff = abs(ma - mb).reshape(len(m), U.shape[1], U.shape[2])
        return 0.5 * diff.sum(axis=-1).mean(axis=-1)

    return stat


def _mean_gap(values: Any) -> Callable[[Any], Any]:
    """Vectorised mean(first group) - mean(the rest) for a batch of labellings."""

    def stat(mat: Any) -> Any:
        m = mat.astype(float)
        na = m.sum(axis=1)
        sa = m @ values
        return sa / na - (values.sum() - sa) / (len(values) - na)

    return stat
