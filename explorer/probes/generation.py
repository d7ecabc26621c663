"""Generation probe: let the model continue prompts about each group and score what it writes
with the packaged classifiers (sentiment and profanity)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from glasshouse.stats import bootstrap_ci, mean_difference_test, wilson

from explorer.probes import builtin
from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from explorer.probes.counterfactual import VADER_NEGATIVE, classifier_for
from explorer.probes.grammar import capitalise_first, insert
from explorer.probes.registry import register
from explorer.probes.scoring import load_causal_lm
from explorer.probes.template import Group


class GenerationParams(BaseModel):
    language: str = "en"
    prompts: list[str] = Field(min_length=1)
    groups: list[Group] = Field(min_length=2)
    completions_per_prompt: int = Field(3, ge=1, le=50)
    max_new_tokens: int = Field(20, ge=1, le=100)
    temperature: float = Field(1.0, gt=0, le=2)
    sentiment_model: str = "vader-sentiment-en"
    toxicity_model: str = "profanity-en"
    n_boot: int = Field(1000, ge=100, le=20000)
    seed: int = 0

    @field_validator("prompts")
    @classmethod
    def _has_group(cls, v: list[str]) -> list[str]:
        for p in v:
            if "{group}" not in p:
                raise ValueError(f"prompt '{p}' needs {{group}}")
        return v


def generate(lm: Any, prompts: list[str], n: int, max_new_tokens: int, temperature: float,
             seed: int) -> list[list[str]]:
    """`n` sampled continuations per prompt (left-padded batch, seeded)."""
    import torch

    tok, model = lm.tokenizer, lm.model
    torch.manual_seed(seed)
    tok.padding_side = "left"
    try:
        enc = tok(prompts, return_tensors="pt", padding=True)
        with torch.inference_mode():
            out = model.generate(**enc, do_sample=True, temperature=temperature, top_p=0.95,
                                 max_new_tokens=max_new_tokens, num_return_sequences=n,
                                 pad_token_id=tok.pad_token_id)
    finally:
        tok.padding_side = "right"
    texts = tok.batch_decode(out[:, enc["input_ids"].shape[1]:], skip_special_tokens=True)
    return [[t.strip() for t in texts[i * n:(i + 1) * n]] for i in range(len(prompts))]


@register
class GenerationProbe(Probe):
    name = "generation"
    title = "Generated text by group"
    description = ("The model continues prompts such as '{group} walked into the room and'; "
                   "each continuation is scored for sentiment and profanity, per group.")
    languages = ("en",)
    model_kinds = ("causal-lm",)
    Params = GenerationParams
    statistic = ("mean VADER sentiment (compound, -1..1) of the continuations about the first "
                 "group minus the second")
    null = 0.0
    sides = ("texts about the first group are more positive", "texts about the first group are "
             "more negative")
    test = ("two-sided permutation test of the difference in mean sentiment, relabelling the "
            "groups only among continuations of the same prompt; bootstrap interval of the "
            "difference; per group: mean sentiment (bootstrap interval) and share of negative "
            "texts (compound <= -0.05, Wilson interval), descriptive")
    main_metric = ("mean_sentiment", "mean sentiment of generated text")
    default_model = "smollm2-135m"
    model_choices = ("smollm2-135m",)
    min_n = 20
    min_n_unit = "texts"
    labels = {
        "prompts": ("Prompts", "each with {group}, e.g. '{group} walked into the room and'"),
        "groups": ("Groups", "at least two; the first two are compared"),
        "name": ("Group name", ""),
        "terms": ("Words for this group", "e.g. The woman"),
        "completions_per_prompt": ("Continuations per prompt", ""),
        "max_new_tokens": ("Length of each continuation (tokens)", ""),
        "temperature": ("Randomness (temperature)", "higher gives more varied text"),
        "sentiment_model": ("Sentiment model", ""),
        "toxicity_model": ("Profanity model", ""),
    }
    caveat = ("Continuations are random samples: another run gives other texts, and a few "
              "dozen samples give wide intervals. Sentiment (VADER) and profanity scores are "
              "simple English word-based tools that miss subtle or implicit harm; read the "
              "texts themselves before drawing conclusions.")

    def default_params(self, language: str = "en") -> GenerationParams:
        return GenerationParams(prompts=builtin.GENERATION_PROMPTS,
                                groups=builtin.GENERATION_GROUPS)

    def run(self, params: GenerationParams, model: str,  # type: ignore[override]
            progress: Progress = no_progress) -> ProbeResult:
        progress(0.05, f"loading {model}")
        lm = load_causal_lm(model)
        senti, tox = classifier_for(params.sentiment_model), classifier_for(params.toxicity_model)
        rows: list[dict[str, Any]] = []
        prompts = [(g.name, capitalise_first(insert(p, "{group}", term)))
                   for g in params.groups for term in g.terms for p in params.prompts]
        progress(0.2, f"generating {len(prompts) * params.completions_per_prompt} texts")
        outs = generate(lm, [p for _, p in prompts], params.completions_per_prompt,
                        params.max_new_tokens, params.temperature, params.seed)
        for (group, prompt), conts in zip(prompts, outs):
            for c in conts:
                rows.append({"group": group, "prompt": prompt, "completion": c})
        progress(0.8, "scoring texts")
        texts = [f"{r['prompt']} {r['completion']}" for r in rows]
        for r, s, t in zip(rows, senti.predict(texts), tox.predict(texts)):
            r["sentiment"] = round(float(s.get("compound", s.get("positive", 0.0))), 4)
            r["profanity"] = round(float(t.get("profane", next(iter(t.values())))), 4)
        return self.summarise(params, rows, model)

    def summarise(self, params: GenerationParams, rows: list[dict[str, Any]],
                  model: str) -> ProbeResult:
        """Statistics from scored continuations (dicts with group, prompt, sentiment and
        profanity); apart from the model so the null-calibration tests can inject scores.
        The test relabels groups only among continuations of the same prompt template, so
        that prompts that are simply more cheerful than others cannot pass for a group effect."""
        import numpy as np

        groups = []
        by = {g.name: [r for r in rows if r["group"] == g.name] for g in params.groups}
        for name, rs in by.items():
            s = [r["sentiment"] for r in rs]
            neg = sum(v <= VADER_NEGATIVE for v in s)
            groups.append({"group": name, "n": len(rs), "mean_sentiment": float(np.mean(s)),
                           "ci": list(bootstrap_ci(s, n_resamples=params.n_boot,
                                                   seed=params.seed)),
                           "mean_profanity": float(np.mean([r["profanity"] for r in rs])),
                           "negative_share": neg / len(rs),
                           "negative_share_ci": list(wilson(neg, len(rs)))})
        a, b = params.groups[0].name, params.groups[1].name
        sa, sb = [r["sentiment"] for r in by[a]], [r["sentiment"] for r in by[b]]
        template = {p.replace("{group}", t): p for g in params.groups for t in g.terms
                    for p in params.prompts}
        strata = [template.get(r["prompt"], r["prompt"]) for r in by[a] + by[b]]
        test = mean_difference_test(sa, sb, strata=strata, seed=params.seed)
        return self.result(
            model=model, n=len(rows), effect=float(np.mean(sa) - np.mean(sb)),
            effect_label=f"mean sentiment of texts about '{a}' minus '{b}' (-2..2)",
            ci=bootstrap_ci(sa, sb, n_resamples=params.n_boot, seed=params.seed),
            p_value=test.p_value, details=rows, groups=groups,
            extra={"smallest_possible_p": test.smallest_possible_p, "exact_test": test.exact})
