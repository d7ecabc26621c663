"""Additions that evidence suggests for a card's metadata: languages and Hub datasets from
catalog entries, languages found by a dataset profile, the model a probe run or demo measured.
Nothing is added on its own: the author accepts or dismisses each suggestion. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cards.evidence_subjects import card_models, evidence_models
from cards.sources import DataSource
from cards.spec import CardSpec
from glasshouse.evidence import Evidence

Field = Literal["language", "datasets", "models"]
FIELD_WORDS = {"language": "language", "datasets": "Hub dataset", "models": "model"}
MIN_SHARE = 0.05  # a profile's language below this share of rows is not suggested


@dataclass(frozen=True)
class Suggestion:
    field: Field
    value: str
    source: str  # evidence id or "catalog:<id>"
    reason: str

    @property
    def key(self) -> str:
        return f"{self.field}:{self.value}"

    @property
    def label(self) -> str:
        return f"Add the {FIELD_WORDS[self.field]} “{self.value}” ({self.reason})"


def _listed(spec: CardSpec, field: Field) -> set[str]:
    if field == "models":
        return {m.lower() for m in card_models(spec)}
    value = spec.metadata.get(field)
    value = [value] if isinstance(value, str) else list(value or [])
    return {str(v).lower() for v in value}


def suggest(spec: CardSpec, evidence: list[Evidence],
            sources: list[DataSource]) -> list[Suggestion]:
    """What the evidence would add that the card does not list yet and the author has not
    dismissed, one suggestion per value (the first source that suggests it)."""
    from explorer.datasets.evidence_payload import ProfilePayload
    from pydantic import ValidationError

    found: list[Suggestion] = []
    for src in sources:
        for tag in src.languages:
            found.append(Suggestion("language", tag, f"catalog:{src.id}",
                                    f"catalog entry {src.name} lists it"))
        if spec.kind == "model" and src.hub_id:
            found.append(Suggestion("datasets", src.hub_id, f"catalog:{src.id}",
                                    f"the Hub id of catalog entry {src.name}"))
    for ev in evidence:
        if ev.kind == "dataset_profile":
            try:
                prof = ProfilePayload.model_validate(ev.payload)
            except ValidationError:
                continue  # drafting reports the broken payload with its field
            for tag, share in sorted(prof.languages.items(), key=lambda kv: -kv[1]):
                if share >= MIN_SHARE and tag not in ("und", "unknown"):
                    found.append(Suggestion("language", tag, ev.id,
                                            f"{share:.0%} of the rows of {prof.file or ev.title}"))
        elif spec.kind == "model" and not card_models(spec):
            for model in evidence_models(ev):
                found.append(Suggestion("models", model, ev.id, f"measured by “{ev.title}”"))
    out: dict[str, Suggestion] = {}
    for s in found:
        if s.key in out or s.key in spec.dismissed_suggestions:
            continue
        if s.value.lower() in _listed(spec, s.field):
            continue
        out[s.key] = s
    return list(out.values())


def accept(spec: CardSpec, keys: list[str], offered: list[Suggestion]) -> CardSpec:
    """The spec with the chosen suggestions added to its metadata (or its models)."""
    chosen = [s for s in offered if s.key in set(keys)]
    meta = dict(spec.metadata)
    models = list(spec.models)
    for s in chosen:
        if s.field == "models":
            models.append(s.value)
            continue
        current = meta.get(s.field)
        current = [current] if isinstance(current, str) else list(current or [])
        if s.value not in current:
            current.append(s.value)
        meta[s.field] = current
    return spec.model_copy(update={"metadata": meta, "models": list(dict.fromkeys(models))})


def dismiss(spec: CardSpec, keys: list[str]) -> CardSpec:
    return spec.model_copy(update={"dismissed_suggestions": list(dict.fromkeys(
        [*spec.dismissed_suggestions, *keys]))})
