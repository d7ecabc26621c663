"""Openness scorecard in the spirit of the Model Openness Framework (Linux Foundation, 2024):
each component of a release is rated open, restricted or closed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from cards.licenses import license_kind

Rating = Literal["open", "restricted", "closed"]
RATINGS: tuple[Rating, ...] = ("open", "restricted", "closed")

COMPONENTS: dict[str, tuple[str, str]] = {
    "weights": ("Model weights", "Can anyone download the trained weights?"),
    "training_code": ("Training code", "Is the code that trained the model published?"),
    "training_data": ("Training data", "Can others get the exact data it was trained on?"),
    "inference_code": ("Inference code", "Is the code to run the model published?"),
    "documentation": ("Documentation", "Are there a model card, data cards and a paper or report?"),
    "license_type": ("Licence", "Does the licence allow use, study, change and sharing for any purpose?"),
}
_POINTS = {"open": 1.0, "restricted": 0.5, "closed": 0.0}
_COLOURS = {"open": "brightgreen", "partly open": "yellow", "closed": "red"}


@dataclass(frozen=True)
class Scorecard:
    ratings: dict[str, Rating]
    score: float  # 0..1
    level: str  # open | partly open | closed

    def badge_markdown(self) -> str:
        label = f"{self.level} ({self.score:.0%})"
        url = ("https://img.shields.io/badge/openness-" + quote(label.replace("-", "--"), safe="")
               + "-" + _COLOURS[self.level])
        return f"![Openness: {label}]({url})"

    def table_markdown(self) -> str:
        lines = ["| Component | Rating |", "|---|---|"]
        for key, (label, _) in COMPONENTS.items():
            lines.append(f"| {label} | {self.ratings[key]} |")
        return "\n".join(lines)


def license_rating(license_id: str | None) -> Rating:
    cls = license_kind(license_id)
    if cls in ("permissive", "copyleft"):
        return "open"
    if cls in ("non-commercial", "restricted"):
        return "restricted"
    return "closed"


def score(ratings: dict[str, str], *, license_id: str | None = None) -> Scorecard:
    """Rate every component; `license_type` defaults to what the licence id implies, the rest
    to 'closed' (not stated counts as not open)."""
    full: dict[str, Rating] = {}
    for key in COMPONENTS:
        value = ratings.get(key)
        if value is None and key == "license_type":
            value = license_rating(license_id)
        value = value or "closed"
        if value not in RATINGS:
            from glasshouse.errors import BadInput

            raise BadInput(f"rating must be one of {', '.join(RATINGS)}", field=key)
        full[key] = value  # type: ignore[assignment]
    unknown = set(ratings) - set(COMPONENTS)
    if unknown:
        from glasshouse.errors import BadInput

        raise BadInput(f"unknown component(s) {sorted(unknown)}", field="openness")
    total = sum(_POINTS[v] for v in full.values()) / len(full)
    level = "open" if total == 1 else "closed" if total == 0 else "partly open"
    return Scorecard(full, round(total, 3), level)
