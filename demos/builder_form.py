"""The demo builder's form (owner side): the parameter widgets of every registered task, the
spec read from the form, and the messages after create / edit / save. demos/ui.py lays the
widgets out and forwards events here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from demos import service, tasks
from demos.visitor_page import demo_link, full_url
from glasshouse.errors import BadInput

FIELDS = ("task", "model", "model_label", "title", "description", "intended_use", "limitations",
          "examples", "variants", "public")


def param_slots() -> list[tuple[str, Any]]:
    """(task name, FormField) for every parameter of every registered task, in a fixed order:
    the builder renders one widget per slot, shown while its task is picked."""
    from glasshouse.param_form import form_fields

    return [(t.name, f) for t in tasks.TASKS.all() for f in form_fields(t.params_model)]


def params_from_slots(task_name: str, slots: list[tuple[str, Any]],
                      values: tuple[Any, ...]) -> dict[str, Any]:
    """The picked task's parameters from the builder's widget values (validated)."""
    from glasshouse.param_form import from_widgets

    mine = {f.name: v for (name, f), v in zip(slots, values, strict=True) if name == task_name}
    return from_widgets(tasks.get(task_name).params_model, mine)


def slot_values(task_name: str, params: dict[str, Any],
                slots: list[tuple[str, Any]]) -> list[Any]:
    from glasshouse.param_form import to_widget

    return [to_widget(f, params.get(f.name)) if name == task_name else to_widget(f, None)
            for name, f in slots]


def lines(text: str | None) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def spec_from_form(values: dict[str, Any], slots: list[tuple[str, Any]],
                   param_values: tuple[Any, ...]) -> dict[str, Any]:
    """The spec (unvalidated: the service checks it) from the builder's field values."""
    v = {k: values.get(k) for k in FIELDS}
    return {"title": v["title"] or "", "description": v["description"] or "",
            "intended_use": v["intended_use"] or "", "limitations": v["limitations"] or "",
            "task": v["task"], "model": v["model"] or "", "model_label": v["model_label"] or "",
            "examples": lines(v["examples"]), "variants": lines(v["variants"]),
            "params": params_from_slots(v["task"], slots, param_values),
            "public": bool(v["public"])}


@dataclass(frozen=True)
class TaskView:
    help: str
    models: list[str]


def task_view(name: str) -> TaskView:
    t = tasks.get(name)
    return TaskView(t.help, t.models())


@dataclass(frozen=True)
class Created:
    message: str
    slug: str
    my_demos: list[str]
    share_url: str


def create(db: Any, values: dict[str, Any], slots: list[tuple[str, Any]],
           param_values: tuple[Any, ...], *, actor: Any, base_url: str) -> Created:
    demo = service.create_demo(db, spec_from_form(values, slots, param_values), actor=actor,
                               slug=(values.get("slug") or "").strip() or None)
    link = demo_link(demo.slug, demo.public)
    who = "anyone with the link" if demo.public else "signed-in users"
    msg = (f"Demo **{demo.spec.title}** created (version {demo.version}), open to {who}. "
           f"Its page: [{link}]({link})")
    return Created(msg, demo.slug, my_demos(db, actor=actor), full_url(base_url, link))


def my_demos(db: Any, *, actor: Any) -> list[str]:
    return [d.slug for d in service.list_demos(db, actor=actor)]


@dataclass(frozen=True)
class Editing:
    values: dict[str, Any]  # FIELDS -> widget value
    models: list[str]
    task_help: str
    state: dict[str, Any]  # {"slug", "version"}
    message: str
    param_values: list[Any]


def edit(db: Any, slug: str | None, slots: list[tuple[str, Any]], *, actor: Any) -> Editing:
    if not slug:
        raise BadInput("choose a demo first", field="demo")
    d = service.owner_demo(db, slug, actor=actor)
    sp = d.spec
    t = tasks.get(sp.task)
    values = {"task": sp.task, "model": sp.model, "model_label": sp.model_label,
              "title": sp.title, "description": sp.description,
              "intended_use": sp.intended_use, "limitations": sp.limitations,
              "examples": "\n".join(sp.examples), "variants": "\n".join(sp.variants),
              "public": sp.public}
    return Editing(values, sorted(set(t.models()) | {sp.model}), t.help,
                   {"slug": d.slug, "version": d.version},
                   f"Editing **{d.slug}** (version {d.version}). Saving publishes version "
                   f"{d.version + 1}; feedback keeps the version it was given on.",
                   slot_values(sp.task, sp.params, slots))


def save(db: Any, editing: dict[str, Any] | None, values: dict[str, Any],
         slots: list[tuple[str, Any]], param_values: tuple[Any, ...], *,
         actor: Any) -> tuple[str, dict[str, Any]]:
    """Publish the form as a new version of the demo being edited: (message, editing state)."""
    if not editing:
        raise BadInput("press 'Edit this demo' in the review section first", field="demo")
    d = service.update_demo(db, editing["slug"], spec_from_form(values, slots, param_values),
                            actor=actor, expected_version=editing["version"])
    link = demo_link(d.slug, d.public)
    return (f"Saved **{d.spec.title}** as version {d.version}. Its page: [{link}]({link})",
            {"slug": d.slug, "version": d.version})
