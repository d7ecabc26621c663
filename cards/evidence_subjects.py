"""Which model a piece of evidence is about, and whether that is the card's model.

A probe run and demo feedback name the model they measured; a card names the model(s) it
describes (`CardSpec.models`, plus `base_model` in its metadata). Evidence about another model
is flagged and left out of the drafted text until the author confirms it
(`CardSpec.confirmed_evidence`). Pure: no database, no gradio."""

from __future__ import annotations

from dataclasses import dataclass

from cards.spec import CardSpec
from glasshouse.evidence import Evidence


def _norm(name: str) -> str:
    return name.strip().lower().rstrip("/").rsplit("/", 1)[-1]


def evidence_models(ev: Evidence) -> tuple[str, ...]:
    """The model(s) a probe run or demo feedback is about ("" parts dropped); () for kinds
    that are not about a model (dataset profiles)."""
    if ev.kind not in ("probe_run", "demo_feedback"):
        return ()
    raw = ev.payload.get("model") if isinstance(ev.payload, dict) else None
    if not isinstance(raw, str) or not raw.strip():
        raw = ev.subject or ""
    return tuple(dict.fromkeys(m.strip() for m in raw.split(",") if m.strip()))


def card_models(spec: CardSpec) -> tuple[str, ...]:
    base = spec.metadata.get("base_model")
    base = [base] if isinstance(base, str) else [str(b) for b in base or []]
    return tuple(dict.fromkeys([*spec.models, *base]))


@dataclass(frozen=True)
class OtherModel:
    evidence_id: str
    title: str
    about: tuple[str, ...]  # the evidence's model(s) that the card does not describe
    card: tuple[str, ...]  # the card's model(s)
    confirmed: bool

    def warning(self) -> str:
        what = ", ".join(self.about)
        state = ("used because you confirmed it" if self.confirmed else
                 "left out of the card until you confirm it in step 2 (Evidence)")
        return (f"evidence “{self.title}” is about {what}, not this card's model "
                f"({', '.join(self.card)}): {state}")


def other_model_evidence(spec: CardSpec, evidence: list[Evidence]) -> list[OtherModel]:
    """Evidence about a model the card does not describe. A card that names no model yet has
    nothing to compare with (its model is offered as a suggestion instead)."""
    mine = card_models(spec)
    if spec.kind != "model" or not mine:
        return []
    names = {_norm(m) for m in mine}
    out = []
    for ev in evidence:
        about = tuple(m for m in evidence_models(ev) if _norm(m) not in names)
        if about:
            out.append(OtherModel(ev.id, ev.title, about, mine, ev.id in spec.confirmed_evidence))
    return out
