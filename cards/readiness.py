"""Whether a card may be called ready for the Hub, and what is left to do, in words a card
author reads, each with the wizard step where it is done. Pure: no gradio here."""

from __future__ import annotations

from dataclasses import dataclass

from cards.check import CheckResult
from cards.sections import sections_for

STEP_NAMES = ("1. Basics", "2. Evidence", "3. Sections", "4. Impact and openness", "5. Review")

# metadata key -> (what to do, in words; wizard step index)
METADATA_TODO: dict[str, tuple[str, int]] = {
    "license": ("choose the licence", 0),
    "language": ("list the languages (BCP-47 tags such as en, es, ar-EG)", 0),
    "tags": ("add a few tags people search for", 0),
    "datasets": ("name the Hub datasets the model was trained on", 0),
    "metrics": ("name the metrics the model was evaluated with", 0),
    "pipeline_tag": ("say which task the model does (the Hub's task list)", 0),
    "library_name": ("say which library loads the model", 0),
    "co2_eq_emissions": ("estimate or enter the CO2 of training", 3),
    "pretty_name": ("give the dataset a readable name", 0),
    "size_categories": ("say how many rows the dataset has (a Hub size category)", 0),
    "task_categories": ("say which tasks the dataset is for (the Hub's task list)", 0),
}


@dataclass(frozen=True)
class Todo:
    text: str
    step: int
    blocking: bool  # an error or an open licence problem: not ready until it is done

    @property
    def step_name(self) -> str:
        return STEP_NAMES[self.step]


@dataclass(frozen=True)
class Readiness:
    ready: bool
    headline: str
    todo: tuple[Todo, ...]


def _section_step(kind: str, heading: str) -> int:
    return 2 if any(s.heading == heading for s in sections_for(kind)) else 0  # type: ignore[arg-type]


def todo_items(check: CheckResult, warnings: list[str], *, other_model: tuple[str, ...] = (),
               suggestions: int = 0) -> list[Todo]:
    """Errors, open licence warnings, evidence about another model (not confirmed), pending
    suggestions and missing parts of a checked card, as plain tasks."""
    out: list[Todo] = []
    for words in other_model:
        out.append(Todo(f"confirm or remove the {words}", 1, True))
    if suggestions:
        out.append(Todo(f"accept or dismiss {suggestions} suggestion(s) from the evidence", 1,
                        False))
    seen: set[str] = set()
    for err in check.errors:
        if err.startswith("section '"):
            heading = err.split("'")[1]
            out.append(Todo(f"write the section “{heading}” (it is "
                            f"{'missing' if err.endswith('missing') else 'still empty'})",
                            _section_step(check.kind, heading), True))
            seen.add(heading)
        elif err.startswith("metadata."):
            key = err.split(":", 1)[0].removeprefix("metadata.")
            out.append(Todo(f"fix “{key}”: {err.split(':', 1)[1].strip()}", 0, True))
        else:
            out.append(Todo(err, 4, True))
    for warn in warnings:
        if warn.lower().startswith("licence") or "licen" in warn.lower().split(":", 1)[0]:
            out.append(Todo(f"resolve the licence problem: {warn.split(':', 1)[-1].strip()}",
                            1, True))
    for item in check.missing:
        if item.startswith("metadata."):
            key = item.removeprefix("metadata.")
            words, step = METADATA_TODO.get(key, (f"fill in “{key}”", 0))
            required = key in ("license", "pipeline_tag") if check.kind == "model" else key in (
                "license", "task_categories", "size_categories")
            out.append(Todo(f"{words} (metadata key `{key}`)", step, required))
        elif item not in seen:
            out.append(Todo(f"write the section “{item}” (optional)", 2, False))
    return out


def readiness(check: CheckResult, warnings: list[str], *, other_model: tuple[str, ...] = (),
              suggestions: int = 0) -> Readiness:
    """Ready for the Hub only when nothing blocking is left: no error, no open licence
    problem, no unconfirmed evidence about another model, no missing required metadata
    (licence; the task for a model; task and size for a data card)."""
    todo = tuple(todo_items(check, warnings, other_model=other_model, suggestions=suggestions))
    blocking = [t for t in todo if t.blocking]
    if not blocking:
        return Readiness(True, f"Ready for the Hub: completeness {check.completeness:.0%}", todo)
    return Readiness(False, f"Not ready for the Hub yet: {len(blocking)} thing(s) to fix, "
                            f"completeness {check.completeness:.0%}", todo)


def todo_markdown(r: Readiness) -> str:
    lines = [f"### {r.headline}"]
    for t in r.todo:
        mark = "To fix" if t.blocking else "Could add"
        lines.append(f"- **{mark}** (step {t.step_name}): {t.text}")
    return "\n".join(lines)
