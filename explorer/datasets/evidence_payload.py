"""The `dataset_profile` evidence payload: what `profile.save_profile` stores and what a card
reads back. It lives with its producer (the dataset profile) so that the cards area imports it
instead of re-declaring it. Unknown fields are ignored, so profiles stored by older versions
still load."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PiiPart(BaseModel):
    """The `pii` object of a profile: counts found by the checks that ran."""

    model_config = ConfigDict(extra="ignore")
    entities: dict[str, int] = Field(default_factory=dict)
    rows_with_pii: int = Field(0, ge=0)
    # detected language -> rows checked with patterns only (no model for names and places)
    pattern_only: dict[str, int] = Field(default_factory=dict)
    # NER language -> rows checked with a model for names and places
    ner_rows: dict[str, int] = Field(default_factory=dict)
    warning: str | None = None

    @property
    def pattern_only_rows(self) -> int:
        return sum(self.pattern_only.values())


class ProfilePayload(BaseModel):
    model_config = ConfigDict(extra="ignore")
    rows: int = Field(ge=0)
    file: str | None = None
    pii: PiiPart | None = None  # None when the profile ran without the PII scan
    languages: dict[str, float] = Field(default_factory=dict)
    caveat: str = ""
