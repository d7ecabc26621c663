"""Openness rated on the Model Openness Framework (MOF).

Source: M. White, I. Haddad, C. Osborne, X.-Y. Liu, A. Abdelmonsef, S. Varghese et al.,
"The Model Openness Framework: Promoting Completeness and Openness for Reproducibility,
Transparency, and Usability in Artificial Intelligence", Linux Foundation AI & Data / Generative
AI Commons, 2024 (arXiv:2403.13784), and the MOF specification 1.0 of 2024-12-15 as applied by
the LF's Model Openness Tool (https://mot.isitopen.ai). The component list and class membership
below are written by us from those public documents (facts, with attribution).

The framework ranks a release in three cumulative classes, each requiring listed components to
be published under an acceptable open licence:
- Class III, Open Model: model architecture, final model parameters, model card, data card,
  technical report, evaluation results;
- Class II, Open Tooling: Class III plus training code, inference code, evaluation code,
  evaluation data, supporting libraries and tools;
- Class I, Open Science: Class II plus data preprocessing code, datasets, intermediate model
  parameters, sample model outputs and a research paper (which also stands in for the technical
  report).
Acceptable licences: code under an OSI-approved open-source licence; data and documentation
under an open data or content licence (e.g. CC-BY, CC-BY-SA, CC0, CDLA, ODC-By); model
parameters under either. Non-commercial, no-derivatives and use-restricted licences (RAIL,
vendor licences) are not open under the framework.

The result is the class reached and what is missing for the next one, never an average score.
Ratings per component: "open" (published under an acceptable open licence), "restricted"
(published, but under a licence the framework does not accept) and "closed" (not published).
A component the author did not rate counts as not published.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

from cards.licenses import license_kind

Rating = Literal["open", "restricted", "closed"]
RATINGS: tuple[Rating, ...] = ("open", "restricted", "closed")
RATING_WORDS = {"open": "published under an open licence",
                "restricted": "published, but under a licence that is not open",
                "closed": "not published"}

# key -> (label, what it is, kind of licence the framework asks for, lowest class needing it)
COMPONENTS: dict[str, tuple[str, str, str, int]] = {
    "model_architecture": ("Model architecture", "The code that defines the model's layers.",
                           "code", 3),
    "model_parameters": ("Model parameters (final)", "The trained weights people download.",
                         "parameters", 3),
    "model_card": ("Model card", "This document: uses, limits, evaluation.", "documentation", 3),
    "data_card": ("Data card", "Documentation of the training data.", "documentation", 3),
    "technical_report": ("Technical report", "A report on how the model was built and tested "
                                             "(a research paper also counts).",
                         "documentation", 3),
    "evaluation_results": ("Evaluation results", "The numbers from testing the model.",
                           "documentation", 3),
    "training_code": ("Training code", "Code that trained, validated and tested the model.",
                      "code", 2),
    "inference_code": ("Inference code", "Code to run the model.", "code", 2),
    "evaluation_code": ("Evaluation code", "Code that produced the evaluation results.", "code", 2),
    "evaluation_data": ("Evaluation data", "The data the model was tested on.", "data", 2),
    "supporting_libraries": ("Supporting libraries and tools", "Tokenizers and other tools "
                                                               "made for the model.", "code", 2),
    "data_preprocessing_code": ("Data preprocessing code", "Code that cleaned and filtered the "
                                                           "training data.", "code", 1),
    "datasets": ("Datasets", "The training data itself.", "data", 1),
    "intermediate_parameters": ("Model parameters (intermediate)", "Checkpoints saved during "
                                                                   "training.", "parameters", 1),
    "sample_outputs": ("Sample model outputs", "Examples of what the model produces.", "data", 1),
    "research_paper": ("Research paper", "A paper describing the research.", "documentation", 1),
}
CLASS_NAMES = {3: "Class III (Open Model)", 2: "Class II (Open Tooling)",
               1: "Class I (Open Science)"}
LICENCE_KINDS = {
    "code": "an OSI-approved open-source licence (Apache-2.0, MIT, GPL...)",
    "data": "an open data licence (CC-BY, CC-BY-SA, CC0, CDLA-Permissive, ODC-By...)",
    "documentation": "an open content licence (CC-BY, CC-BY-SA, CC0...)",
    "parameters": "an open-source or open data licence (Apache-2.0, MIT, CC-BY...)",
}
# components rated from the card's licence id when the author leaves them unrated: the
# parameters and this card are published in the same repository under that licence
FROM_LICENCE = ("model_parameters", "model_card")
# older drafts used a six-component scorecard; their keys map onto the framework's
LEGACY_KEYS = {"weights": "model_parameters", "training_data": "datasets",
               "training_code": "training_code", "inference_code": "inference_code",
               "documentation": None, "license_type": None}
_COLOURS = {3: "#4c8eda", 2: "#2f9e44", 1: "#1b7a33", None: "#9e9e9e"}


def required_for(cls: int) -> tuple[str, ...]:
    """Components the framework requires for a class (3, 2 or 1), cumulative."""
    return tuple(k for k, c in COMPONENTS.items() if c[3] >= cls)


def _satisfied(key: str, ratings: dict[str, Rating]) -> bool:
    if ratings.get(key) == "open":
        return True
    return key == "technical_report" and ratings.get("research_paper") == "open"


@dataclass(frozen=True)
class Openness:
    ratings: dict[str, Rating]
    reached: int | None  # 3, 2 or 1 (1 is the most open); None: no class reached
    missing_for_next: tuple[str, ...]  # component keys still needed for the next class

    @property
    def label(self) -> str:
        return CLASS_NAMES[self.reached] if self.reached else "no MOF class reached"

    @property
    def next_class(self) -> int | None:
        if self.reached == 1:
            return None
        return 3 if self.reached is None else self.reached - 1

    def missing_words(self) -> str:
        if self.next_class is None:
            return "Nothing is missing: this is the framework's highest class."
        groups: dict[tuple[str, str], list[str]] = {}
        for key in self.missing_for_next:
            label, _, kind, _ = COMPONENTS[key]
            groups.setdefault((self.ratings[key], kind), []).append(label)
        parts = [f"{', '.join(labels)} ({RATING_WORDS[state]}; "
                 f"{'needs' if len(labels) == 1 else 'need'} {LICENCE_KINDS[kind]})"
                 for (state, kind), labels in groups.items()]
        return f"Missing for {CLASS_NAMES[self.next_class]}: " + "; ".join(parts) + "."

    def sentence(self) -> str:
        return (f"Model Openness Framework: {self.label}. " + self.missing_words())

    def badge_svg(self) -> str:
        """A small badge drawn as inline SVG (no external image service; works offline)."""
        left, right = "MOF openness", ("Class " + {3: "III", 2: "II", 1: "I"}[self.reached]
                                       if self.reached else "no class")
        lw, rw = 8 + 7 * len(left), 8 + 7 * len(right)
        colour = _COLOURS[self.reached]
        title = html.escape(f"Model Openness Framework: {self.label}", quote=True)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{lw + rw}" height="20" '
                f'role="img" aria-label="{title}"><title>{title}</title>'
                f'<rect width="{lw}" height="20" fill="#555"/>'
                f'<rect x="{lw}" width="{rw}" height="20" fill="{colour}"/>'
                f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
                f'<text x="6" y="14">{left}</text><text x="{lw + 6}" y="14">{right}</text></g>'
                f"</svg>")

    def table_markdown(self) -> str:
        lines = ["| Component | Needed from | Status |", "|---|---|---|"]
        for key, (label, _, _, cls) in COMPONENTS.items():
            lines.append(f"| {label} | {CLASS_NAMES[cls]} | {RATING_WORDS[self.ratings[key]]} |")
        return "\n".join(lines)


def license_rating(license_id: str | None) -> Rating:
    kind = license_kind(license_id)
    if kind in ("permissive", "copyleft"):
        return "open"
    if kind in ("non-commercial", "restricted"):
        return "restricted"
    return "closed"


def normalise(ratings: dict[str, str]) -> dict[str, str]:
    """Ratings with the keys of older drafts mapped onto the framework's components."""
    out: dict[str, str] = {}
    for key, value in ratings.items():
        new = LEGACY_KEYS.get(key, key) if key not in COMPONENTS else key
        if new is not None and new not in out:
            out[new] = value
    return out


def rate(ratings: dict[str, str], *, license_id: str | None = None) -> Openness:
    """The class reached and what the next one needs. Unrated components count as not
    published, except the final parameters and the model card, which take the card's licence."""
    from glasshouse.errors import BadInput

    ratings = normalise(ratings)
    unknown = set(ratings) - set(COMPONENTS)
    if unknown:
        raise BadInput(f"unknown component(s) {sorted(unknown)}; the framework's components "
                       f"are {', '.join(COMPONENTS)}", field="openness")
    full: dict[str, Rating] = {}
    for key in COMPONENTS:
        value = ratings.get(key)
        if value is None and key in FROM_LICENCE:
            value = license_rating(license_id)
        value = value or "closed"
        if value not in RATINGS:
            raise BadInput(f"rating must be one of {', '.join(RATINGS)}",
                           field=f"openness.{key}")
        full[key] = value  # type: ignore[assignment]
    reached = None
    for cls in (3, 2, 1):
        if all(_satisfied(k, full) for k in required_for(cls)):
            reached = cls
        else:
            break
    nxt = None if reached == 1 else 3 if reached is None else reached - 1
    missing = () if nxt is None else tuple(k for k in required_for(nxt)
                                           if not _satisfied(k, full))
    return Openness(full, reached, missing)
