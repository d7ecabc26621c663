"""Demo tasks: one registry, each task with a name, languages, a parameter model (its form),
the kind of model it uses, and `run(model, texts, params)` returning typed outputs.

Models come from glasshouse.models (packaged offline models, or Hugging Face ids online)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from glasshouse.errors import BadInput, ModelUnavailable
from glasshouse.registry import Registry
from glasshouse.validation import validate

PATTERN_REDACTOR = "glasshouse-patterns"


@dataclass(frozen=True)
class TaskOutput:
    text: str  # what a person reads
    data: dict[str, Any] = field(default_factory=dict)  # structured scores behind it


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CompletionParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_new_tokens: int = Field(default=20, ge=1, le=60, title="Longest continuation (tokens)",
                                description="How many word pieces the model may add at most")


class FillBlankParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    candidates: list[str] = Field(min_length=2, max_length=20, title="Candidate words for the blank",
                                  description="One per line; the model says how likely each "
                                              "is in the blank, relative to the others")

    @field_validator("candidates")
    @classmethod
    def _cands(cls, v: list[str]) -> list[str]:
        v = list(dict.fromkeys(c.strip() for c in v if c and c.strip()))
        if len(v) < 2:
            raise ValueError("write at least two different candidate words for the blank")
        return v


BLANK = "[MASK]"


class SimilarityParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    references: list[str] = Field(min_length=1, max_length=10, title="Reference sentences",
                                  description="One per line; each answer says which one the "
                                              "visitor's sentence is closest to")

    @field_validator("references")
    @classmethod
    def _refs(cls, v: list[str]) -> list[str]:
        v = [r.strip() for r in v if r and r.strip()]
        if not v:
            raise ValueError("write at least one reference sentence to compare with")
        return v


class RedactionParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entities: list[str] = Field(default_factory=list, title="Kinds of personal information",
                                description="One per line (for example EMAIL_ADDRESS); empty "
                                            "means every kind the redactor knows")

    @field_validator("entities")
    @classmethod
    def _known(cls, v: list[str]) -> list[str]:
        from demos.redact import ENTITY_TYPES

        unknown = [e for e in v if e not in ENTITY_TYPES]
        if unknown:
            raise ValueError(f"unknown entity types {unknown}; known: {', '.join(ENTITY_TYPES)}")
        return v


@dataclass(frozen=True)
class Task:
    name: str
    label: str
    help: str
    languages: tuple[str, ...]
    model_kind: str | None  # glasshouse.models kind; None: no model (built-in)
    params_model: type[BaseModel]
    runner: Callable[[str, list[str], Any], list[TaskOutput]] = field(repr=False)

    def models(self) -> list[str]:
        if self.model_kind is None:
            return [PATTERN_REDACTOR]
        from glasshouse import models

        return [s.name for s in models.available(self.model_kind)]

    def check_model(self, model: str) -> None:
        """A registered model of the right kind, or something shaped like a Hub id."""
        model = model.strip()
        if model in self.models():
            return
        if self.model_kind is not None and "/" in model.strip("/") and " " not in model:
            return
        raise BadInput(f"'{model}' cannot run the task '{self.label}'; choose one of "
                       f"{', '.join(self.models())}" + (" or a Hugging Face id (org/name)"
                                                       if self.model_kind else ""),
                       field="model")

    def parse_params(self, params: dict[str, Any]) -> BaseModel:
        return validate(self.params_model, params or {}, prefix="params")

    def run(self, model: str, texts: list[str], params: dict[str, Any]) -> list[TaskOutput]:
        return self.runner(model, list(texts), self.parse_params(params))


def _load(model: str, kind: str) -> Any:
    from glasshouse import models

    return models.load(model, kind=kind)


def _classify(model: str, texts: list[str], _p: NoParams) -> list[TaskOutput]:
    clf = _load(model, "text-classification")
    out = []
    for scores in clf.predict(texts):
        labelled = {k: v for k, v in scores.items() if k in clf.labels} or scores
        top = max(labelled, key=labelled.get)
        shown = ", ".join(f"{k} {v:.2f}" for k, v in
                          sorted(labelled.items(), key=lambda kv: -kv[1]))
        out.append(TaskOutput(f"{top} ({shown})", {"label": top,
                                                    "scores": {k: round(float(v), 4)
                                                               for k, v in scores.items()}}))
    return out


def _complete(model: str, texts: list[str], p: CompletionParams) -> list[TaskOutput]:
    import torch

    lm = _load(model, "causal-lm")
    out = []
    for text in texts:
        enc = lm.tokenizer(text, return_tensors="pt")
        with torch.inference_mode():
            ids = lm.model.generate(**enc, max_new_tokens=p.max_new_tokens, do_sample=False,
                                    pad_token_id=lm.tokenizer.pad_token_id)
        new = lm.tokenizer.decode(ids[0, enc["input_ids"].shape[1]:], skip_special_tokens=True)
        out.append(TaskOutput(text + new, {"completion": new,
                                           "max_new_tokens": p.max_new_tokens}))
    return out


def _fill_blank(model: str, texts: list[str], p: FillBlankParams) -> list[TaskOutput]:
    """Score each candidate in the blank with the causal LM's sentence log-probability and
    normalise over the candidates (no masked LM ships offline; see DESIGN.md)."""
    import math

    for i, text in enumerate(texts):
        if text.count(BLANK) != 1:
            raise BadInput(f"text {i + 1} needs exactly one {BLANK} where the word goes "
                           f"(for example: 'The nurse said {BLANK} would be late.')",
                           field="text")
    lm = _load(model, "causal-lm")
    out = []
    for text in texts:
        filled = [text.replace(BLANK, c) for c in p.candidates]
        lps = lm.sentence_logprobs(filled)
        top = max(lps)
        weights = [math.exp(lp - top) for lp in lps]
        total = sum(weights)
        probs = {c: round(w / total, 4) for c, w in zip(p.candidates, weights, strict=True)}
        ranked = sorted(probs.items(), key=lambda kv: -kv[1])
        shown = ", ".join(f"{c} {pr:.2f}" for c, pr in ranked)
        out.append(TaskOutput(f"{ranked[0][0]} ({shown})", {
            "best": ranked[0][0], "probabilities": probs,
            "logprobs": {c: round(lp, 4) for c, lp in zip(p.candidates, lps, strict=True)}}))
    return out


def _similarity(model: str, texts: list[str], p: SimilarityParams) -> list[TaskOutput]:
    emb = _load(model, "sentence-embedding")
    refs = emb.encode(p.references)
    vecs = emb.encode(texts)
    sims = vecs @ refs.T
    out = []
    for row in sims:
        scores = {ref: round(float(s), 4) for ref, s in zip(p.references, row, strict=True)}
        best = max(scores, key=scores.get)
        out.append(TaskOutput(f"closest to “{best}” (cosine {scores[best]:.2f})",
                              {"closest": best, "cosine": scores}))
    return out


def _redact(model: str, texts: list[str], p: RedactionParams) -> list[TaskOutput]:
    from demos.redact import ENTITY_TYPES, redact

    out = []
    for text in texts:
        red, findings = redact(text, p.entities or ENTITY_TYPES)
        out.append(TaskOutput(red, {"findings": [
            {"entity_type": f.entity_type, "start": f.start, "end": f.end} for f in findings]}))
    return out


TASKS: Registry[Task] = Registry("demo task")
register = TASKS.register


def get(name: str) -> Task:
    """A task named in a demo's spec (an unknown one is bad input in the field `task`)."""
    return TASKS.get(name, field="task")


register(Task("text-classification", "Text classification",
              "The model gives each label a score (for example sentiment or profanity).",
              ("en",), "text-classification", NoParams, _classify))
register(Task("completion", "Fill in / complete the sentence",
              "The model continues the text you start (a small language model, greedy).",
              ("en",), "causal-lm", CompletionParams, _complete))
register(Task("fill-blank", "Fill in the blank",
              f"Write a sentence with {BLANK} where a word is missing; the model says how "
              "likely each candidate word is there (relative to the other candidates).",
              ("en",), "causal-lm", FillBlankParams, _fill_blank))
register(Task("similarity", "Sentence similarity",
              "The model says how close your sentence is to each reference sentence.",
              ("en",), "sentence-embedding", SimilarityParams, _similarity))
register(Task("pii-redaction", "Personal information redaction",
              "Emails, phone numbers, card numbers and similar are replaced by placeholders.",
              ("mul",), None, RedactionParams, _redact))

__all__ = ["TASKS", "Task", "TaskOutput", "get", "register", "ModelUnavailable"]
