"""Stereotype pairs (CrowS-Pairs style): does the model prefer the stereotypical sentence?"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from pydantic import BaseModel, Field

from glasshouse.errors import BadInput, ModelUnavailable
from glasshouse.stats import binomial_test, wilson

from explorer.probes import builtin
from explorer.probes.base import Probe, ProbeResult, Progress, no_progress
from explorer.probes.registry import register
from explorer.probes.scoring import scorer_for

CSV_COLUMNS = ("stereotypical", "anti_stereotypical")


class Pair(BaseModel):
    stereotypical: str = Field(min_length=1)
    anti_stereotypical: str = Field(min_length=1)
    bias_type: str = "unspecified"


class PairsParams(BaseModel):
    language: str = "en"
    pairs: list[Pair] = Field(default_factory=list)
    hub_dataset: str | None = Field(None, description="Hugging Face dataset id (online)")
    hub_split: str = "test"
    n_boot: int = Field(1000, ge=100, le=20000)
    seed: int = 0


def parse_pairs_csv(text: str, *, file: str = "upload") -> list[Pair]:
    """Pairs from CSV text with columns stereotypical, anti_stereotypical[, bias_type]."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    for col in CSV_COLUMNS:
        if col not in header:
            raise BadInput(f"missing column '{col}' (columns needed: "
                           f"{', '.join(CSV_COLUMNS)}; optional: bias_type)", file=file,
                           field=col)
    pairs = []
    for i, row in enumerate(reader, start=2):  # row 1 is the header
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        for col in CSV_COLUMNS:
            if not row.get(col):
                raise BadInput("empty sentence", file=file, row=i, field=col)
        if row["stereotypical"] == row["anti_stereotypical"]:
            raise BadInput("the two sentences are identical", file=file, row=i,
                           field="anti_stereotypical")
        pairs.append(Pair(stereotypical=row["stereotypical"],
                          anti_stereotypical=row["anti_stereotypical"],
                          bias_type=row.get("bias_type") or "unspecified"))
    if not pairs:
        raise BadInput("no pairs found", file=file)
    return pairs


def load_hub_pairs(dataset_id: str, split: str) -> list[Pair]:
    """Pairs from a Hub dataset with CrowS-Pairs-like columns (sent_more/sent_less or ours)."""
    try:
        from datasets import load_dataset

        ds = load_dataset(dataset_id, split=split)
    except ImportError as exc:
        raise ModelUnavailable("loading Hub datasets needs the 'datasets' package") from exc
    except (OSError, ValueError, ConnectionError) as exc:
        raise ModelUnavailable(f"dataset '{dataset_id}' could not be loaded "
                               f"({str(exc).splitlines()[0][:200]})") from exc
    cols = set(ds.column_names)
    if {"sent_more", "sent_less"} <= cols:  # CrowS-Pairs layout
        return [Pair(stereotypical=r["sent_more"] if r.get("stereo_antistereo") != "antistereo"
                     else r["sent_less"],
                     anti_stereotypical=r["sent_less"] if r.get("stereo_antistereo")
                     != "antistereo" else r["sent_more"],
                     bias_type=str(r.get("bias_type", "unspecified"))) for r in ds]
    if set(CSV_COLUMNS) <= cols:
        return [Pair(**{k: r[k] for k in (*CSV_COLUMNS, "bias_type") if k in r}) for r in ds]
    raise BadInput(f"dataset '{dataset_id}' has neither sent_more/sent_less nor "
                   "stereotypical/anti_stereotypical columns", field="hub_dataset")


def score_pairs(scorer: Any, pairs: list[Pair]) -> list[tuple[float, float]]:
    """(log-likelihood of stereotypical, of anti-stereotypical) per pair, in one batched call."""
    flat = [s for p in pairs for s in (p.stereotypical, p.anti_stereotypical)]
    scores = scorer.sentences(flat)
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
            pairs += load_hub_pairs(params.hub_dataset, params.hub_split)
        if not pairs:
            raise BadInput("no pairs: add pairs, upload a CSV or name a Hub dataset",
                           field="pairs")
        progress(0.05, f"loading {model}")
        scorer = scorer_for(model)
        progress(0.2, f"scoring {len(pairs)} pairs")
        scores = score_pairs(scorer, pairs)
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
                    "prefers_stereotypical": pr}
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
