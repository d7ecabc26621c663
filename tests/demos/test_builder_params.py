"""The demo builder renders every parameter of every registered task: a new task with its own
parameter model needs no edit of demos/ui.py."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from demos import tasks
from demos.builder_form import param_slots, params_from_slots, slot_values
from glasshouse.errors import BadInput


class ShoutParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    times: int = Field(default=1, ge=1, le=5, title="How many times")
    suffixes: list[str] = Field(default_factory=list, title="Endings")
    case: Literal["upper", "lower"] = "upper"


def _shout(_model: str, texts: list[str], p: ShoutParams) -> list[tasks.TaskOutput]:
    out = []
    for t in texts:
        t = t.upper() if p.case == "upper" else t.lower()
        out.append(tasks.TaskOutput(" ".join([t] * p.times) + "".join(p.suffixes)))
    return out


@pytest.fixture
def shout_task():
    task = tasks.Task("shout-test", "Shout", "Repeats the text loudly.", ("mul",), None,
                      ShoutParams, _shout)
    tasks.register(task)
    yield task
    tasks.TASKS.unregister(task.name)


def test_existing_list_parameters_still_have_their_widgets() -> None:
    names = {(t, f.name) for t, f in param_slots()}
    assert ("similarity", "references") in names and ("fill-blank", "candidates") in names
    assert ("completion", "max_new_tokens") in names  # was not exposed before


def test_a_throwaway_task_gets_every_parameter_rendered_and_parsed(shout_task) -> None:
    slots = param_slots()
    mine = [f.name for t, f in slots if t == "shout-test"]
    assert mine == ["times", "suffixes", "case"]
    values = tuple({"times": 3, "suffixes": "!\n?", "case": "lower"}.get(f.name)
                   if t == "shout-test" else None for t, f in slots)
    params = params_from_slots("shout-test", slots, values)
    assert params == {"times": 3, "suffixes": ["!", "?"], "case": "lower"}
    assert tasks.get("shout-test").run("glasshouse-patterns", ["Hi"], params)[0].text == "hi hi hi!?"
    shown = slot_values("shout-test", params, slots)
    assert params_from_slots("shout-test", slots, tuple(shown)) == params


def test_a_bad_parameter_names_the_field(shout_task) -> None:
    slots = param_slots()
    values = tuple(9 if (t, f.name) == ("shout-test", "times") else None for t, f in slots)
    with pytest.raises(BadInput) as err:
        params_from_slots("shout-test", slots, values)
    assert err.value.field == "params.times"


def test_the_built_tab_has_a_widget_for_the_throwaway_task(shout_task, tmp_path) -> None:
    import gradio as gr

    from demos import ui
    from glasshouse.context import AppContext
    from glasshouse.db import Database

    db = Database(f"sqlite:///{tmp_path}/t.db")
    db.migrate()
    with gr.Blocks() as blocks:
        ui.build(AppContext(db=db, auth_enabled=False))
    ids = {getattr(b, "elem_id", None) for b in blocks.blocks.values()}
    assert {"demo-param-shout-test-times", "demo-param-shout-test-suffixes",
            "demo-param-shout-test-case"} <= ids


def test_unknown_task_lists_the_tasks() -> None:
    with pytest.raises(BadInput, match="completion") as err:
        tasks.get("translate")
    assert err.value.field == "task"
