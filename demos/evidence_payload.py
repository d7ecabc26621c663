"""The `demo_feedback` evidence payload: what `demos.service.send_to_evidence` stores and what a
card reads back. It lives with its producer so that the cards area imports it instead of
re-declaring it. Unknown fields are ignored, so payloads stored by older versions still load."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FeedbackItem(BaseModel):
    model_config = ConfigDict(extra="ignore")
    category: str
    group: str | None = None
    language: str | None = None
    comment: str | None = None


class FeedbackPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")
    demo: str
    demo_title: str | None = None
    model: str | None = None
    items: list[FeedbackItem] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    caveat: str = ""
