"""Scoring sentences and blanks with language models.

- Packaged causal LM ("smollm2-135m") and causal Hub ids: each filled-in sentence is scored by its
  log-probability, every token counted, the first included (`CausalLM.sentence_logprobs`
  prepends the model's start token and batches sentences of similar length).
- Masked-LM Hub ids (online): true fill-mask for blanks, pseudo-log-likelihood for sentences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from glasshouse.errors import ModelUnavailable

BLANK = "[BLANK]"
BATCH_SIZE = 32

# progress(done, total) after each batch of sentences
BatchProgress = Callable[[int, int], None]


def load_causal_lm(name: str) -> Any:
    """A causal LM from the model registry (SmolLM2 is dequantised once and cached there)."""
    from glasshouse import models

    return models.load(name, kind="causal-lm")


def _hub_is_masked(hub_id: str) -> bool:
    """Whether a Hub id is a masked LM (reads its config; raises ModelUnavailable offline)."""
    try:
        from transformers import AutoConfig

        config = AutoConfig.from_pretrained(hub_id)
    except (OSError, ValueError, ImportError) as exc:
        from glasshouse.config import settings

        why = ("the app is offline (HF_HUB_OFFLINE is set), so Hugging Face ids cannot be "
               "downloaded" if settings().offline else str(exc).splitlines()[0][:200])
        raise ModelUnavailable(f"model '{hub_id}' could not be loaded: {why}. Offline, use "
                               "the packaged 'smollm2-135m'.") from exc
    archs = getattr(config, "architectures", None) or []
    return any(a.endswith("ForMaskedLM") for a in archs)


class CausalScorer:
    kind = "causal-lm"

    def __init__(self, lm: Any) -> None:
        self.lm = lm
        self.name = lm.name

    def sentences(self, texts: Sequence[str], batch_size: int = BATCH_SIZE,
                  progress: BatchProgress | None = None) -> list[float]:
        """log p(text) per text (all tokens, the first included), batched by length."""
        return self.lm.sentence_logprobs(list(texts), batch_size=batch_size, progress=progress)

    def blanks(self, prompts: Sequence[str], candidates: Sequence[Sequence[str]],
               batch_size: int = BATCH_SIZE, progress: BatchProgress | None = None,
               language: str = "en") -> list[list[float]]:
        """Log-probability of each prompt with each candidate filled in (one batched pass)."""
        flat = [fill(p, c, language) for p, cands in zip(prompts, candidates) for c in cands]
        scores = self.sentences(flat, batch_size=batch_size, progress=progress)
        out, i = [], 0
        for cands in candidates:
            out.append(scores[i:i + len(cands)])
            i += len(cands)
        return out


class MaskedScorer:
    """True fill-mask (and pseudo-log-likelihood) with a Hugging Face masked LM."""

    kind = "masked-lm"

    def __init__(self, hub_id: str) -> None:
        from transformers import AutoModelForMaskedLM, AutoTokenizer

        self.name = hub_id
        self.tokenizer = AutoTokenizer.from_pretrained(hub_id)
        self.model = AutoModelForMaskedLM.from_pretrained(hub_id)
        self.model.eval()

    def blanks(self, prompts: Sequence[str], candidates: Sequence[Sequence[str]],
               batch_size: int = BATCH_SIZE, progress: BatchProgress | None = None,
               language: str = "en") -> list[list[float]]:
        """Log-probability of each candidate's first word piece at the mask position."""
        import torch

        mask = self.tokenizer.mask_token
        texts = [p.replace(BLANK, mask) for p in prompts]
        out: list[list[float]] = []
        for i in range(0, len(texts), batch_size):
            enc = self.tokenizer(texts[i:i + batch_size], return_tensors="pt", padding=True)
            with torch.inference_mode():
                logits = self.model(**enc).logits
            for row, cands in enumerate(candidates[i:i + batch_size]):
                pos = (enc["input_ids"][row] == self.tokenizer.mask_token_id).nonzero()[0, 0]
                logp = torch.log_softmax(logits[row, pos].float(), dim=-1)
                ids = [self.tokenizer(" " + c if self._spaced else c, add_special_tokens=False)
                       ["input_ids"][0] for c in cands]
                out.append([float(logp[j]) for j in ids])
            if progress is not None:
                progress(min(i + batch_size, len(texts)), len(texts))
        return out

    @property
    def _spaced(self) -> bool:  # BPE tokenizers (RoBERTa) mark a leading space in the piece
        return "Ġ" in "".join(self.tokenizer.convert_ids_to_tokens(
            self.tokenizer(" a", add_special_tokens=False)["input_ids"]))

    def sentences(self, texts: Sequence[str], batch_size: int = BATCH_SIZE,
                  progress: BatchProgress | None = None) -> list[float]:
        """Pseudo-log-likelihood: mask each token in turn and sum log p(token)."""
        import torch

        scores = []
        for n, text in enumerate(texts, start=1):
            ids = self.tokenizer(text, return_tensors="pt")["input_ids"][0]
            positions = list(range(1, len(ids) - 1))
            batch = ids.repeat(len(positions), 1)
            for row, pos in enumerate(positions):
                batch[row, pos] = self.tokenizer.mask_token_id
            with torch.inference_mode():
                logits = self.model(input_ids=batch).logits.float()
            total = 0.0
            for row, pos in enumerate(positions):
                total += float(torch.log_softmax(logits[row, pos], -1)[ids[pos]])
            scores.append(total)
            if progress is not None:
                progress(n, len(texts))
        return scores


def scorer_for(model: str) -> CausalScorer | MaskedScorer:
    """The scorer for a registered causal LM name or a Hugging Face id."""
    from glasshouse import models

    if model in {s.name for s in models.available()}:
        kind = models.spec(model).kind
        if kind != "causal-lm":
            raise ModelUnavailable(f"model '{model}' is a {kind} model; this probe needs a "
                                   "language model such as 'smollm2-135m' or a Hub id")
        return CausalScorer(load_causal_lm(model))
    if "/" not in model.strip("/"):
        raise ModelUnavailable(f"model '{model}' is neither a packaged language model "
                               "(smollm2-135m) nor a Hugging Face id like 'bert-base-uncased'"
                               " written as owner/name")
    if _hub_is_masked(model):
        try:
            return MaskedScorer(model)
        except (OSError, ValueError, ImportError) as exc:
            raise ModelUnavailable(f"model '{model}' could not be loaded: {exc}") from exc
    return CausalScorer(load_causal_lm(model))


def fill(template: str, candidate: str, language: str = "en") -> str:
    """The template with the candidate in the blank ("a"/"an" agreed in English) and its
    first letter upper-case."""
    from explorer.probes.grammar import capitalise_first, insert

    return capitalise_first(insert(template, BLANK, candidate, language=language))


def stage_progress(progress: Callable[[float, str], None], start: float, end: float,
                   what: str) -> BatchProgress:
    """A per-batch callback that moves a probe's progress from `start` to `end`."""
    def report(done: int, total: int) -> None:
        progress(start + (end - start) * done / max(total, 1), f"{what}: {done} of {total}")

    return report


def softmax(values: Sequence[float]) -> list[float]:
    m = max(values)
    exps = [math.exp(v - m) for v in values]
    total = sum(exps)
    return [e / total for e in exps]
