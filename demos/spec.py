"""Typed boundaries of the demos area: what an owner writes (DemoSpec), what a visitor sends
(FeedbackIn), and what the service returns (frozen dataclasses)."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# the one list of feedback categories (order = display order); PROBLEMS: those that flag a problem
Category = Literal["fine", "wrong", "harmful", "biased"]
CATEGORIES: tuple[str, ...] = typing.get_args(Category)
PROBLEMS: tuple[str, ...] = tuple(c for c in CATEGORIES if c != "fine")
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MAX_TEXT = 2000


def slugify(title: str) -> str:
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    return slug or "demo"


def _clean_lines(values: list[str], what: str) -> list[str]:
    out = []
    for i, v in enumerate(values):
        v = (v or "").strip()
        if not v:
            continue
        if len(v) > MAX_TEXT:
            raise ValueError(f"{what} {i + 1} is longer than {MAX_TEXT} characters")
        out.append(v)
    return out


class DemoSpec(BaseModel):
    """Everything an owner writes when building a demo (stored as JSON, versioned)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=3, max_length=120)
    description: str = Field(min_length=1, max_length=4000)
    intended_use: str = Field(default="", max_length=4000)
    limitations: str = Field(default="", max_length=4000)
    task: str
    model: str = Field(min_length=1, max_length=200)
    # what visitors read instead of the model's internal name (empty: see public_model_name)
    model_label: str = Field(default="", max_length=120)
    language: str = Field(default="en", max_length=35)
    examples: list[str] = Field(default_factory=list, max_length=20)
    variants: list[str] = Field(default_factory=list, max_length=12)
    params: dict[str, Any] = Field(default_factory=dict)
    public: bool = False

    @field_validator("examples")
    @classmethod
    def _examples(cls, v: list[str]) -> list[str]:
        return _clean_lines(v, "example")

    @field_validator("variants")
    @classmethod
    def _variants(cls, v: list[str]) -> list[str]:
        v = _clean_lines(v, "variant")
        if len(v) == 1:
            raise ValueError("a comparison needs at least two variants (or none)")
        return v


GROUP_SEPARATOR = "; "


def split_groups(text: str) -> list[str]:
    """Several affected groups typed in one field ("older women, Nigerian people" or one per
    line) as a list: split on commas, semicolons and line breaks, blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for part in re.split(r"[,;\n]", text or ""):
        part = " ".join(part.split())
        if part and part.casefold() not in {k.casefold() for k in seen}:
            seen[part] = None
    return list(seen)


def public_model_name(spec: DemoSpec) -> str:
    """How the public page names the model: the owner's label; else a packaged model's
    description (not its internal name); else a Hugging Face id, which is public anyway."""
    if spec.model_label:
        return spec.model_label
    from glasshouse import models

    if spec.model in models.MODELS:
        return models.spec(spec.model).description
    return spec.model


class FeedbackIn(BaseModel):
    """What a visitor sends about one output. `group` may name several groups (see
    split_groups); they are stored as one canonical list joined by '; '."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    run_id: str = Field(min_length=1, max_length=36)
    category: Category
    group: str = Field(default="", max_length=120)
    groups: list[str] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _one_group_list(self) -> "FeedbackIn":
        merged = split_groups("\n".join([self.group, *self.groups]))
        joined = GROUP_SEPARATOR.join(merged)
        if len(joined) > 120:
            raise ValueError("the affected groups are longer than 120 characters together")
        self.group, self.groups = joined, merged
        return self
    language: str = Field(default="", max_length=35)
    comment: str = Field(default="", max_length=MAX_TEXT)


@dataclass(frozen=True)
class Demo:
    id: int
    slug: str
    owner: str
    version: int
    spec: DemoSpec
    created_at: datetime
    updated_at: datetime

    @property
    def public(self) -> bool:
        return self.spec.public


@dataclass(frozen=True)
class Run:
    """One output shown to a visitor; feedback points at it by id."""

    id: str
    demo_slug: str
    demo_version: int
    model: str
    input: str
    output: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Feedback:
    id: int
    run_id: str
    demo_slug: str
    demo_version: int
    model: str
    category: str
    group: str
    language: str
    comment: str
    input: str
    output: str
    tags: tuple[str, ...]
    created_at: datetime

    @property
    def groups(self) -> list[str]:
        return split_groups(self.group)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "run_id": self.run_id, "demo": self.demo_slug,
                "demo_version": self.demo_version, "model": self.model,
                "category": self.category, "group": self.group, "language": self.language,
                "comment": self.comment, "input": self.input, "output": self.output,
                "tags": list(self.tags), "created_at": self.created_at.isoformat()}


@dataclass(frozen=True)
class Submitted:
    feedback_id: int
    created: bool  # False: this output already had feedback; nothing was stored twice


class FeedbackFilter(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    categories: list[Category] = Field(default_factory=list)
    group: str = ""
    language: str = ""
    tag: str = ""
    text: str = ""
