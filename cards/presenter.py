"""What the card wizard shows. Each callback in cards/ui.py parses its inputs, calls one function
here and puts the result on the page; everything here is testable without a browser (no gradio).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

from cards import service, wizard
from cards.readiness import Readiness, readiness
from cards.render import BuiltCard
from cards.spec import CardSpec
from glasshouse.db import Database
from glasshouse.users import Actor


@dataclass(frozen=True)
class EvidencePanel:
    """Step 2's suggestions (accept or dismiss) and evidence about another model (confirm)."""

    suggestions: list[tuple[str, str]] = field(default_factory=list)  # (label, key)
    flagged: list[tuple[str, str]] = field(default_factory=list)  # (label, evidence id)
    confirmed: list[str] = field(default_factory=list)
    note: str = ""  # markdown: what the panel means, with the warnings

    @classmethod
    def of(cls, built: BuiltCard | None, problem: str | None = None) -> "EvidencePanel":
        if built is None:
            return cls(note=f"**Cannot read the evidence:** {problem}" if problem else "")
        sugg = [(s.label, s.key) for s in built.suggestions]
        flagged = [(f"Use “{o.title}” anyway (it is about {', '.join(o.about)})", o.evidence_id)
                   for o in built.other_model]
        lines = []
        for o in built.other_model:
            lines.append(f"⚠️ **Another model:** {o.warning()}.")
        if sugg:
            lines.append(f"{len(sugg)} suggestion(s) from the evidence below: tick them and "
                         "choose *Add to the card* or *Dismiss*. Nothing is added without you.")
        return cls(sugg, flagged, [o.evidence_id for o in built.other_model if o.confirmed],
                   "\n\n".join(lines))


@dataclass(frozen=True)
class Saved:
    draft_id: str
    version: int
    status: str  # HTML
    panel: EvidencePanel


@dataclass(frozen=True)
class Loaded:
    draft_id: str
    version: int
    form: wizard.Form
    status: str


@dataclass(frozen=True)
class Review:
    saved: Saved
    check_markdown: str
    files: tuple[str, str, str]  # README.md, card.html, card.json
    body: str  # the card without its YAML block, for the preview
    readme: str
    ready: bool


def _readiness(built: BuiltCard) -> tuple[Readiness, list[str]]:
    chk = built.check
    shown = list(built.warnings) + [w for w in chk.warnings
                                    if w.removeprefix("licence: ") not in built.warnings]
    other = tuple(f"evidence “{o.title}”: it is about {', '.join(o.about)}, not this card's "
                  f"model ({', '.join(o.card)})" for o in built.other_model if not o.confirmed)
    return readiness(chk, shown, other_model=other, suggestions=len(built.suggestions)), shown


def status_html(completeness: float, note: str = "", ready: Readiness | None = None) -> str:
    """The status line: completeness, whether the card is ready, the to-do list in words with
    the step where each item is done (never code keys alone)."""
    pct = round(completeness * 100)
    parts = [f"<div class='gh-progress'><b>Completeness {pct}%</b> "
             f"<progress value='{pct}' max='100' style='width:40%'></progress>"]
    if ready is not None:
        parts.append(f"<br><b>{html.escape(ready.headline)}</b>")
        blocking = sorted((t for t in ready.todo if t.blocking), key=lambda t: t.step)
        items = blocking[:6]
        if items:
            more = len(blocking) - len(items)
            parts.append("<ul>" + "".join(
                f"<li>{html.escape(t.text)} <small>(step {html.escape(t.step_name)})</small></li>"
                for t in items) + (f"<li>and {more} more (see step 5)</li>" if more else "")
                + "</ul>")
    if note:
        parts.append(f"<small>{html.escape(note)}</small>")
    return "".join(parts) + "</div>"


def _loaded(draft: service.Draft, note: str) -> Loaded:
    return Loaded(draft.id, draft.version, wizard.spec_to_form(draft.spec),
                  status_html(draft.completeness, note))


def new_draft(db: Database, kind: str, *, actor: Actor) -> Loaded:
    draft = service.save_draft(db, CardSpec(kind="dataset" if kind == "dataset" else "model"),
                               actor=actor)
    return _loaded(draft, "New draft saved.")


def open_draft(db: Database, draft_id: str | None, *, actor: Actor) -> Loaded:
    from glasshouse.errors import BadInput

    if not draft_id:
        raise BadInput("choose a draft first", field="draft")
    draft = service.get_draft(db, draft_id, actor=actor)
    return _loaded(draft, f"Opened '{draft.title or 'Untitled'}'.")


def import_card(db: Database, text: str, *, actor: Actor, file: str | None = None) -> Loaded:
    draft = service.import_draft(db, text, actor=actor, file=file)
    return _loaded(draft, "Imported as a new draft.")


def draft_choices(db: Database, *, actor: Actor) -> list[tuple[str, str]]:
    return [(f"{d.title or 'Untitled'} ({d.kind}, {d.completeness:.0%}, "
             f"{d.updated_at:%Y-%m-%d %H:%M})", d.id)
            for d in service.list_drafts(db, actor=actor)]


# the CO2 fields as step 4 names them, for a status that says which one cannot be used
_CO2_LABELS = {"measured_kg": "Measured kg CO2eq", "hours": "Training hours", "count": "How many",
               "pue": "Data-centre overhead (PUE)"}


def save(db: Database, form: wizard.Form, *, actor: Actor, draft_id: str | None,
         version: int | None) -> Saved:
    """Autosave: the draft, its status and step 2's panel. A CO2 entry that cannot be used yet
    (hardware picked, hours not yet typed; a negative measured value) does not stop the rest of
    the draft from being saved: it is left out of this save and the status says why (next to
    the CO2 fields, the estimate says the same)."""
    from dataclasses import replace

    from glasshouse.errors import BadInput

    unsaved_co2 = ""
    try:
        spec = wizard.form_to_spec(form)
    except BadInput as exc:
        field = exc.field or ""
        if field != "co2" and not field.startswith("co2."):
            raise
        spec = wizard.form_to_spec(replace(form, co2_mode="none"))
        label = _CO2_LABELS.get(field.removeprefix("co2."))
        unsaved_co2 = (" The CO2 entry is not saved yet: "
                       + (f"{label}: " if label else "") + f"{exc.reason}.")
    draft, built, problem = service.autosave(db, spec, actor=actor, draft_id=draft_id,
                                             expected_version=version if draft_id else None)
    note = (f"Saved {draft.updated_at:%H:%M:%S} (version {draft.version})." + unsaved_co2
            + (f" Cannot draft yet: {problem}" if problem else ""))
    ready = _readiness(built)[0] if built else None
    return Saved(draft.id, draft.version, status_html(draft.completeness, note, ready),
                 EvidencePanel.of(built, problem))


def _built(db: Database, form: wizard.Form, actor: Actor) -> BuiltCard:
    return service.build_card(db, wizard.form_to_spec(form), actor=actor)


def accept_suggestions(db: Database, form: wizard.Form, keys: list[str], *,
                       actor: Actor) -> wizard.Form:
    """The form with the ticked suggestions added to its languages, datasets or models."""
    from cards.suggestions import accept

    built = _built(db, form, actor)
    return wizard.spec_to_form(accept(built.spec, list(keys or []), list(built.suggestions)))


def dismiss_suggestions(form: wizard.Form, keys: list[str]) -> wizard.Form:
    from dataclasses import replace

    return replace(form, dismissed=list(dict.fromkeys([*form.dismissed, *(keys or [])])))


def review(db: Database, form: wizard.Form, *, actor: Actor, draft_id: str | None,
           version: int | None) -> Review:
    """Draft the card, check it, say whether it is ready, write the three downloads."""
    from cards.render import to_html, to_json
    from glasshouse.errors import BadInput
    from glasshouse.uploads import write_download

    spec = wizard.form_to_spec(form)
    draft, built, problem = service.autosave(db, spec, actor=actor, draft_id=draft_id,
                                             expected_version=version if draft_id else None)
    if built is None:
        raise BadInput(problem or "the card could not be drafted", field="evidence")
    ready, shown = _readiness(built)
    lines = [review_markdown(ready, shown)]
    if built.scorecard is not None:
        lines.append(f"\n**Openness:** {built.scorecard.sentence()}")
    lines.append(f"\n{len(built.drafted)} sentence(s) drafted from "
                 f"{len(spec.evidence) + len(spec.catalog_entries)} piece(s) of evidence.")
    files = (write_download("README.md", built.readme, prefix="card-"),
             write_download("card.html", to_html(built), prefix="card-"),
             write_download("card.json", json.dumps(to_json(built), ensure_ascii=False,
                                                    indent=2, default=str), prefix="card-"))
    _, body = built.readme.split("\n---\n", 1)
    note = f"Saved {draft.updated_at:%H:%M:%S} (version {draft.version})."
    saved = Saved(draft.id, draft.version, status_html(built.check.completeness, note, ready),
                  EvidencePanel.of(built))
    return Review(saved, "\n".join(lines), files, body, built.readme, ready.ready)


def review_markdown(ready: Readiness, warnings: list[str]) -> str:
    from cards.readiness import todo_markdown

    lines = [todo_markdown(ready)]
    lines += [f"- **Warning:** {w}" for w in warnings
              if not any(w.split(":", 1)[-1].strip() in t.text for t in ready.todo)]
    return "\n".join(lines)


def co2_text(mode: str, hardware: Any, count: Any, hours: Any, region: Any, pue: Any,
             measured_kg: Any, measured_source: Any) -> str:
    """The CO2 figure next to where it is entered (what the card will say)."""
    from pydantic import ValidationError

    from cards.co2 import Co2Input, estimate
    from glasshouse.errors import BadInput

    if mode == "measured":
        if measured_kg is None:
            return "Enter the measured kilograms of CO2eq."
        data = {"measured_kg": measured_kg, "measured_source": measured_source or None}
    elif mode == "estimate":
        data = {"hardware": hardware, "count": int(count or 1), "hours": hours or None,
                "region": region, "pue": pue or 1.0}
    else:
        return ""
    try:
        est = estimate(Co2Input(**data))
    except ValidationError as exc:
        return ("Not enough to estimate yet: "
                + exc.errors()[0]["msg"].removeprefix("Value error, ") + ".")
    except BadInput as exc:
        return f"Cannot estimate: {exc}"
    return f"**The card will say:** {est.sentence}"


def openness_text(license_id: str | None, ratings: list[str | None]) -> str:
    """The class reached on the Model Openness Framework, shown next to the ratings, as HTML:
    our own SVG badge (a Markdown component would strip it), then the words, escaped."""
    from cards.openness import COMPONENTS, FROM_LICENCE, rate
    from glasshouse.errors import BadInput

    given = {k: v for k, v in zip(wizard.OPENNESS_KEYS, ratings) if v}
    try:
        result = rate(given, license_id=license_id or None)
    except BadInput as exc:
        return f"<p>Cannot rate: {html.escape(str(exc))}</p>"
    from_licence = [COMPONENTS[k][0] for k in FROM_LICENCE if k not in given]
    note = (f"<br><small>Rated from the card's licence ({html.escape(license_id or 'none')}): "
            f"{html.escape(', '.join(from_licence))}. Tick them to rate them yourself."
            "</small>" if from_licence else "")
    label = result.label[:1].upper() + result.label[1:]
    return (f"<div class='gh-openness'>{result.badge_svg()}<p><b>{html.escape(label)}."
            f"</b> {html.escape(result.missing_words())}{note}</p></div>")
