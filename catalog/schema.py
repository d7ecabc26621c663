"""The catalog entry (pydantic): BigScience catalogue + Masader + Data Provenance fields.

Languages are normalised to BCP-47 and licences to SPDX / LicenseRef on validation, so every
entry that exists is already clean. Errors carry the field name (pydantic `loc`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from catalog.ids import make_id
from catalog.languages import normalise_language
from catalog.licenses import LicenseClass, license_facts, most_restrictive, read_license
from glasshouse.errors import BadInput

Access = Literal["open", "gated", "paid", "unknown"]
Modality = Literal["text", "audio", "speech", "image", "video", "multimodal", "other"]
SectionStatus = Literal["unverified", "needs-review", "verified"]
SECTIONS = ("basics", "languages", "licences", "provenance", "risks", "citation")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
ACCESS_ALIASES = {"free": "open", "public": "open", "open": "open", "upon-request": "gated",
                  "upon request": "gated", "gated": "gated", "with-fee": "paid", "paid": "paid",
                  "": "unknown", "unknown": "unknown"}
MODALITY_ALIASES = {"images": "image", "videos": "video", "speech": "audio", "spoken": "audio"}


def _as_list(value: Any) -> list[Any]:
    """A list field's raw value (None -> []); anything but a list is a validation error."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"must be a list (or text separated by ';'), not {type(value).__name__}")
    return list(value)


def slugify(name: str) -> str:
    """The id for a name (catalog.ids.make_id: any script, distinct names get distinct ids)."""
    return make_id(name)


class License(BaseModel):
    """One licence of an entry. `spdx` is an SPDX expression or LicenseRef-*."""

    model_config = ConfigDict(extra="forbid")
    spdx: str
    url: str | None = None
    license_class: LicenseClass | None = None
    attribution: bool | None = None
    share_alike: bool | None = None
    version_unknown: bool | None = None  # a family without its version ("CC BY"): never guessed
    verified_by: str | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _fill(cls, value: Any) -> Any:
        """Normalise the id and fill class/URL/flags from the licence facts, on the input
        dict (cheaper than setting attributes after validation, which matters on import)."""
        if isinstance(value, str):
            return dict(_filled(value))
        if not isinstance(value, dict) or not isinstance(value.get("spdx"), str):
            return value
        out = dict(value)
        for key, default in _filled(value["spdx"]):
            if key == "spdx" or out.get(key) is None or (out[key] == "" and key == "url"):
                out[key] = default
        return out


@lru_cache(maxsize=8192)
def _filled(text: str) -> tuple[tuple[str, Any], ...]:
    """The licence facts for a written licence; text we cannot read is kept as
    `LicenseRef-<text>` (class unspecified) and the warning goes into the note."""
    reading = read_license(text)
    facts = license_facts(reading.spdx)
    return (("spdx", reading.spdx), ("url", facts.url), ("license_class", facts.license_class),
            ("attribution", facts.attribution), ("share_alike", facts.share_alike),
            ("version_unknown", facts.version_unknown), ("note", reading.warning or reading.note))


class Size(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: float | None = Field(default=None, ge=0)
    unit: str | None = None  # tokens, sentences, documents, hours, images, ...


class Risks(BaseModel):
    model_config = ConfigDict(extra="forbid")
    contains_pii: Literal["yes", "no", "unknown"] = "unknown"
    pii_notes: str = ""
    sensitive_data: Literal["yes", "no", "unknown"] = "unknown"
    sensitive_notes: str = ""


class Subset(BaseModel):
    """A part of a resource in one language variety (Masader's per-dialect subsets), with its
    own volume. `label` keeps the source's own dialect label."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = ""
    language: str
    label: str = ""
    size: Size = Field(default_factory=Size)

    @field_validator("language", mode="before")
    @classmethod
    def _lang(cls, value: Any) -> Any:
        try:
            return normalise_language(str(value or ""))
        except BadInput as exc:
            raise ValueError(exc.reason) from None


class Entry(BaseModel):
    """A language resource. `id` is stable (defaults to a slug of the name)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: str = ""
    name: str = Field(min_length=1, max_length=300)
    description: str = ""
    homepage: str | None = None
    host: str | None = None
    custodians: list[str] = Field(default_factory=list)
    creators: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    modality: Modality = "text"
    domain: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list)
    size: Size = Field(default_factory=Size)
    collection_method: str = ""
    access: Access = "unknown"
    licenses: list[License] = Field(default_factory=list)
    risks: Risks = Field(default_factory=Risks)
    quality_notes: str = ""
    derived_from: list[str] = Field(default_factory=list)
    citation: str = ""
    year: int | None = Field(default=None, ge=1900, le=2100)
    validation: dict[str, SectionStatus] = Field(default_factory=dict)
    subsets: list[Subset] = Field(default_factory=list)
    # source fields with no Entry field of their own, kept as JSON values (text, numbers,
    # booleans, lists, objects) under "<source>:<field path>" (e.g. "masader:Venue Type",
    # "bigscience:availability.pii.generic_pii_list"), exactly as the source wrote them
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("extra")
    @classmethod
    def _extra(cls, value: dict[str, Any]) -> dict[str, Any]:
        """JSON values only (checked here rather than typed as JsonValue, whose strings the
        model's whitespace stripping would change)."""
        import json

        if not value:
            return value
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"extra fields must be JSON values ({exc})") from None
        return value

    @field_validator("languages", mode="before")
    @classmethod
    def _langs(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in re.split(r"[;,|]", value)]
        out: list[str] = []
        for v in _as_list(value):
            if isinstance(v, str) and not v.strip():
                continue
            try:
                tag = normalise_language(str(v))
            except BadInput as exc:
                raise ValueError(exc.reason) from None
            if tag not in out:
                out.append(tag)
        return out

    @field_validator("licenses", mode="before")
    @classmethod
    def _lics(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in re.split(r"[;|]", value) if v.strip()]
        out = []
        for v in _as_list(value):
            try:
                out.append(License.model_validate(v))
            except BadInput as exc:
                raise ValueError(exc.reason) from None
        return out

    @field_validator("access", mode="before")
    @classmethod
    def _access(cls, value: Any) -> Any:
        key = str(value or "").strip().lower()
        return ACCESS_ALIASES.get(key, key)

    @field_validator("modality", mode="before")
    @classmethod
    def _modality(cls, value: Any) -> Any:
        key = str(value or "text").strip().lower()
        return MODALITY_ALIASES.get(key, key)

    @field_validator("custodians", "creators", "domain", "tasks", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [v.strip() for v in re.split(r"[;|]", value) if v.strip()]
        return [str(v).strip() for v in _as_list(value) if str(v).strip()]

    @field_validator("derived_from", mode="before")
    @classmethod
    def _parents(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [v for v in re.split(r"[;|]", value)]
        out = []
        for v in _as_list(value):
            v = str(v).strip()
            if v:
                slug = v if ID_RE.match(v) else slugify(v)
                if slug not in out:
                    out.append(slug)
        return out

    @field_validator("validation", mode="before")
    @classmethod
    def _sections(cls, value: Any) -> Any:
        value = value or {}
        if not isinstance(value, dict):
            raise ValueError("must map section names to a status")
        unknown = sorted(set(value) - set(SECTIONS))
        if unknown:
            raise ValueError(f"unknown section(s) {unknown}; sections are {list(SECTIONS)}")
        return value

    @field_validator("homepage")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://\S+$", value):
            raise ValueError("must start with http:// or https://")
        return value or None

    @model_validator(mode="after")
    def _ids(self) -> "Entry":
        if not self.id:
            self.id = slugify(self.name)
        if not ID_RE.match(self.id):
            raise ValueError("id must be lower-case letters, digits and dashes")
        if self.id in self.derived_from:
            raise ValueError("an entry cannot be derived from itself")
        return self

    @property
    def license_class(self) -> LicenseClass:
        """The entry's own class: the most restrictive of its licences (none: unspecified)."""
        return most_restrictive([lic.license_class for lic in self.licenses])  # type: ignore[misc]

    def search_text(self) -> str:
        return " ".join([self.name, self.description, " ".join(self.languages),
                         " ".join(self.domain), " ".join(self.tasks), " ".join(self.creators),
                         " ".join(self.custodians), self.host or "", self.id])

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "languages": self.languages,
                "licenses": [lic.spdx for lic in self.licenses],
                "license_class": self.license_class, "modality": self.modality,
                "access": self.access, "description": self.description[:300]}


def parse_entry(data: dict[str, Any], *, file: str | None = None, row: int | None = None) -> Entry:
    """Validate a dict into an Entry; the first problem becomes a BadInput naming the field."""
    errors = entry_errors(data)
    if errors:
        field, msg = errors[0]
        raise BadInput(msg, file=file, row=row, field=field)
    return Entry.model_validate(data)


def entry_errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Every validation problem as (field, message); empty when the entry is valid."""
    return validate_entry(data)[1]


def validate_entry(data: dict[str, Any]) -> tuple[Entry | None, list[tuple[str, str]]]:
    """(entry, []) when valid, else (None, every problem as (field, message))."""
    try:
        return Entry.model_validate(data), []
    except ValidationError as exc:
        out = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "entry"
            msg = err["msg"].removeprefix("Value error, ")
            out.append((field, msg))
        return None, out
