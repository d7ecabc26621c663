"""What a person authors: the card spec (pydantic), stored as a draft and fed to the renderer."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from cards.co2 import Co2Input
from cards.openness import COMPONENTS, Rating, normalise
from cards.sections import sections_for

GLASSHOUSE_KEY = "glasshouse"  # our own block in the card's YAML metadata


class ExtraSection(BaseModel):
    """A section of an imported card that is not one of ours; kept as it was."""

    heading: str
    text: str = ""


class CardSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["model", "dataset"] = "model"
    title: str = ""
    summary: str = ""
    metadata: dict[str, Any] = Field(default_factory=dict)
    sections: dict[str, str] = Field(default_factory=dict)
    extra_sections: list[ExtraSection] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    catalog_entries: list[str] = Field(default_factory=list)
    co2: Co2Input | None = None
    openness: dict[str, Rating] = Field(default_factory=dict)
    # the model(s) a model card describes (registry name or Hub id): evidence about another
    # model is flagged and left out unless its id is in confirmed_evidence
    models: list[str] = Field(default_factory=list)
    confirmed_evidence: list[str] = Field(default_factory=list)
    dismissed_suggestions: list[str] = Field(default_factory=list)  # Suggestion.key values

    @field_validator("evidence", "catalog_entries", "models", "confirmed_evidence",
                     "dismissed_suggestions")
    @classmethod
    def _unique(cls, ids: list[str]) -> list[str]:
        return list(dict.fromkeys(i.strip() for i in ids if i and i.strip()))

    @field_validator("openness", mode="before")
    @classmethod
    def _components(cls, ratings: Any) -> Any:
        if not isinstance(ratings, dict):
            return ratings
        ratings = normalise(ratings)
        unknown = set(ratings) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"unknown openness component(s): {', '.join(sorted(unknown))}")
        return ratings

    @field_validator("sections")
    @classmethod
    def _section_keys(cls, sections: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        kind = info.data.get("kind", "model")
        known = {s.key for s in sections_for(kind)}
        unknown = set(sections) - known
        if unknown:
            raise ValueError(f"unknown section(s) for a {kind} card: "
                             f"{', '.join(sorted(unknown))} (known: {', '.join(sorted(known))})")
        return sections

    @field_validator("metadata")
    @classmethod
    def _no_own_key(cls, metadata: dict[str, Any]) -> dict[str, Any]:
        if GLASSHOUSE_KEY in metadata:
            raise ValueError(f"metadata key '{GLASSHOUSE_KEY}' is written by Glasshouse itself")
        return metadata


def parse_spec(data: Any, *, file: str | None = None) -> CardSpec:
    """Validate a spec from JSON/YAML data; errors name the field."""
    from glasshouse.validation import validate

    return validate(CardSpec, data, file=file)
