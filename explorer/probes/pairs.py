"""Stereotype pairs (CrowS-Pairs style): does the model prefer the stereotypical sentence?"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from glasshouse.errors import BadInput
from glasshouse.stats import binomial_test, wilson

from explorer.probes import builtin, formats
from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from explorer.probes.registry import register
from explorer.probes.scoring import BatchProgress, scorer_for, stage_progress

CSV_COLUMNS = ("stereotypical", "anti_stereotypical")


class Pair(BaseModel):
    stereotypical: str = Field(min_length=1, description="the more stereotypical sentence "
                               "(CrowS-Pairs' sent_more, StereoSet's stereotype option)")
    anti_stereotypical: str = Field(min_length=1, description="the less stereotypical "
                                    "sentence (CrowS-Pairs' sent_less)")
    bias_type: str = "unspecified"
    id: str | None = Field(None, title="Source id", description="the item's id or row index in its source file")
    direction: Literal["stereo", "antistereo"] | None = Field(
        None, title="CrowS-Pairs direction", description="CrowS-Pairs' stereo_antistereo: whether the stereotypical sentence "
        "states a stereotype about a disadvantaged group (stereo) or the less stereotypical "
        "one breaks it with the advantaged group (antistereo); it never swaps the two")
    unrelated: str | None = Field(None, title="Unrelated option", description="StereoSet's unrelated option (not scored)")


class PairsParams(BaseModel):
    language: str = "en"
    pairs: list[Pair] = Field(default_factory=list)
    hub_dataset: str | None = Field(None, description="Hugging Face dataset id (online)")
    hub_config: str | None = Field(None, title="Dataset configuration",
                                   description="its configuration, e.g. "
                                   "'intrasentence' for StereoSet")
    hub_split: str = "test"
    n_boot: int = Field(1000, ge=100, le=20000)
    seed: int = 0


def parse_pairs_csv(text: str, *, file: str = "upload") -> list[Pair]:
    """Pairs from an uploaded file's text: CSV with our columns (stereotypical,
    anti_stereotypical[, bias_type]), CrowS-Pairs' own (sent_more, sent_less,
    stereo_antistereo, bias_type) or StereoSet-style ones (context, stereotype,
    anti_stereotype[, unrelated]); also TSV, JSON lines and JSON (StereoSet's published
    file). See explorer/probes/formats.py."""
    return [Pair(**p) for p in formats.parse_pairs_text(text, file=file)]


def read_pairs_file(path: str | Path) -> list[Pair]:
    """Pairs from an uploaded file in any layout formats.py reads (CSV, TSV, JSON, JSONL)."""
    return [Pair(**p) for p in formats.read_config("pairs", path)["pairs"]]


def load_hub_pairs(dataset_id: str, split: str, config: str | None = None) -> list[Pair]:
    """Pairs from a Hub dataset with CrowS-Pairs, our or StereoSet intrasentence columns."""
    return [Pair(**p) for p in formats.pairs_from_hub(dataset_id, split=split, config=config)]


def score_pairs(scorer: Any, pairs: list[Pair],
                progress: BatchProgress | None = None) -> list[tuple[float, float]]:
    """(log-likelihood of stereotypical, of anti-stereotypical) per pair, in one batched call."""
    flat = [s for p in pairs for s in (p.stereotypical, p.anti_stereotypical)]
    scores = scorer.sentences(flat, progress=progress)
    return [(scores[2 * i], scores[2 * i + 1]) for i in range(len(pairs))]


@register
class PairsProbe(Probe):
    name = "pairs"
    title = "Stereotype pairs"
    description = ("Two sentences that differ only in the group: does the model find the "
                   "stereotypical one more likely?")
    languages = ("en",)
    model_kinds = ("causal-lm", "masked-lm")
    Params = PairsParams
    statistic = ("share of pairs in which the model finds the stereotypical sentence more "
                 "likely than the anti-stereotypical one (pairs scored equal are left out)")
    null = 0.5
    sides = ("the model prefers the stereotypical sentences", "the model prefers the "
             "anti-stereotypical sentences")
    test = ("exact two-sided binomial test of the share against 0.5, overall and per bias type, "
            "with Holm correction across them; 95% Wilson intervals")
    main_metric = ("share", "share preferring the stereotype")
    default_model = "smollm2-135m"
    model_choices = ("smollm2-135m",)
    min_n = 20
    min_n_unit = "pairs"
    labels = {
        "pairs": ("Sentence pairs", "each pair differs only in the group"),
        "stereotypical": ("More stereotypical sentence", ""),
        "anti_stereotypical": ("Less stereotypical sentence", ""),
        "bias_type": ("Bias type", "e.g. gender, race-color, religion"),
        "hub_dataset": ("Hugging Face dataset", "a dataset id, when online"),
        "hub_split": ("Dataset split", ""),
    }
    caveat = ("A share above 0.5 means the model found the stereotypical sentence more likely "
              "more often than not, for THESE pairs. Pair sets like this are known to contain "
              "noisy pairs, the two sentences can differ in length and word frequency as well as "
              "in the group, and a small set gives a wide interval. Causal models are scored by "
              "sentence log-probability, masked models by pseudo-log-likelihood.")

    def default_params(self, language: str = "en") -> PairsParams:
        return PairsParams(language="en", pairs=builtin.PAIRS)

    def run(self, params: PairsParams, model: str,  # type: ignore[override]
            progress: Progress = no_progress) -> ProbeResult:
        pairs = list(params.pairs)
        if params.hub_dataset:
            progress(0.02, f"loading {params.hub_dataset}")
            pairs += load_hub_pairs(params.hub_dataset, params.hub_split, params.hub_config)
        if not pairs:
            raise BadInput("no pairs: add pairs, upload a CSV or name a Hub dataset",
                           field="pairs")
        progress(0.05, f"loading {model}")
        scorer = scorer_for(model)
        progress(0.2, f"scoring {len(pairs)} pairs")
        scores = score_pairs(scorer, pairs, stage_progress(progress, 0.2, 0.9,
                                                           "scoring sentences"))
        progress(0.95, "statistics")
        return self.summarise(pairs, scores, model)

    def summarise(self, pairs: list[Pair], scores: list[tuple[float, float]],
                  model: str) -> ProbeResult:
        """Statistics from the (stereotypical, anti-stereotypical) log-likelihoods; apart from
        the model so the null-calibration tests can inject scores."""
        prefers = [None if s == a else s > a for s, a in scores]  # a tie prefers neither
        details = [{"stereotypical": p.stereotypical, "anti_stereotypical": p.anti_stereotypical,
                    "bias_type": p.bias_type, "logprob_stereotypical": round(s, 4),
                    "logprob_anti_stereotypical": round(a, 4),
                    "prefers_stereotypical": pr,
                    **{k: v for k, v in (("id", p.id), ("direction", p.direction)) if v}}
                   for p, (s, a), pr in zip(pairs, scores, prefers)]

        def share(values: list[bool | None]) -> dict[str, Any]:
            decided = [v for v in values if v is not None]
            k, n = sum(decided), len(decided)
            return {"n": n, "ties": len(values) - n, "stereotypical": k,
                    "share": k / n if n else math.nan, "ci": list(wilson(k, n)),
                    "p_value": binomial_test(k, n, 0.5) if n else None}

        groups = []
        for bt in sorted({p.bias_type for p in pairs}):
            groups.append({"group": bt, **share([pr for p, pr in zip(pairs, prefers)
                                                 if p.bias_type == bt])})
        overall = share(prefers)
        return self.result(
            model=model, n=overall["n"], effect=overall["share"],
            effect_label="share of pairs where the stereotypical sentence is more likely "
                         "(0.5 = no preference)",
            ci=tuple(overall["ci"]), p_value=overall["p_value"], details=details, groups=groups,
            extra={"ties": overall["ties"]})
