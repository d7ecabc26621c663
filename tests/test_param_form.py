"""Forms generated from parameter models (glasshouse/param_form.py)."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from glasshouse.errors import BadInput
from glasshouse.param_form import form_fields, from_widgets, to_widget


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_new_tokens: int = Field(default=20, ge=1, le=60)
    words: list[str] = Field(min_length=2, title="Candidate words", description="One per line")
    temperature: float = 0.5
    greedy: bool = True
    style: Literal["short", "long"] = "short"
    note: str | None = None


def test_every_field_becomes_a_described_widget() -> None:
    fields = {f.name: f for f in form_fields(Sample)}
    assert list(fields) == ["max_new_tokens", "words", "temperature", "greedy", "style", "note"]
    assert fields["max_new_tokens"].kind == "int"
    assert (fields["max_new_tokens"].minimum, fields["max_new_tokens"].maximum) == (1, 60)
    assert fields["max_new_tokens"].label == "Max new tokens"
    assert fields["words"].kind == "lines" and fields["words"].label == "Candidate words"
    assert fields["words"].required and fields["words"].help == "One per line"
    assert fields["temperature"].kind == "float" and fields["greedy"].kind == "bool"
    assert fields["style"].kind == "choice" and fields["style"].choices == ("short", "long")
    assert fields["note"].kind == "text" and not fields["note"].required


def test_widget_values_round_trip_to_the_model() -> None:
    values = {"max_new_tokens": 7.0, "words": "  nurse \n\nmechanic\n", "temperature": "",
              "greedy": False, "style": "long", "note": "hi"}
    params = from_widgets(Sample, values)
    assert params == {"max_new_tokens": 7, "words": ["nurse", "mechanic"], "temperature": 0.5,
                      "greedy": False, "style": "long", "note": "hi"}
    shown = {f.name: to_widget(f, params[f.name]) for f in form_fields(Sample)}
    assert shown["words"] == "nurse\nmechanic"
    assert from_widgets(Sample, shown) == params


@pytest.mark.parametrize("values, field", [
    ({"words": "only-one"}, "params.words"),
    ({"words": "a\nb", "max_new_tokens": 99}, "params.max_new_tokens"),
    ({"words": "a\nb", "style": "medium"}, "params.style"),
])
def test_a_bad_value_names_its_field(values: dict, field: str) -> None:
    with pytest.raises(BadInput) as err:
        from_widgets(Sample, values)
    assert err.value.field == field
