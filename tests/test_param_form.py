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


# ------------------------------------------------------------------ tables, mappings, labels


class Group(BaseModel):
    name: str = Field(min_length=1)
    terms: list[str] = Field(min_length=1)
    gender: Literal["m", "f"] | None = None


class Study(BaseModel):
    language: str = "en"
    groups: list[Group] = Field(min_length=1)
    lexicon: dict[str, list[str]] = Field(default_factory=dict)
    score_label: str | None = None
    extra: dict[str, int] = Field(default_factory=dict)


LABELS = {"name": ("Group name", ""), "terms": ("Words for this group", "several: ;"),
          "lexicon": ("Hurtful words", "by category")}


def test_lists_of_items_are_tables_and_word_mappings_are_two_column_tables() -> None:
    fields = {f.name: f for f in form_fields(Study, labels=LABELS,
                                             choices={"language": ("en", "es")})}
    assert fields["language"].kind == "choice" and fields["language"].choices == ("en", "es")
    groups = fields["groups"]
    assert groups.kind == "table" and groups.columns == ("name", "terms", "gender")
    assert groups.column_labels == ("Group name", "Words for this group", "Gender")
    assert [c.kind for c in groups.cells] == ["text", "lines", "choice"]
    assert groups.cells[2].optional and not groups.cells[0].optional
    assert fields["lexicon"].kind == "mapping" and fields["lexicon"].label == "Hurtful words"
    assert fields["lexicon"].help == "by category"
    assert fields["score_label"].kind == "text" and fields["score_label"].optional
    assert fields["extra"].kind == "json"


def test_tables_and_mappings_round_trip_through_their_cells() -> None:
    import pandas as pd

    from glasshouse.param_form import raw_values, to_widgets

    fields = form_fields(Study)
    study = Study(groups=[Group(name="women", terms=["she", "her"], gender="f"),
                          Group(name="men", terms=["he"])],
                  lexicon={"insult": ["rude", "mean"]}, extra={"k": 2})
    shown = dict(zip([f.name for f in fields], to_widgets(fields, study)))
    assert shown["groups"] == [["women", "she; her", "f"], ["men", "he", ""]]
    assert shown["lexicon"] == [["insult", "rude; mean"]] and shown["score_label"] == ""
    shown["groups"] = pd.DataFrame(shown["groups"] + [["", "", ""]])  # as the widget gives it
    assert Study.model_validate(raw_values(fields, shown)) == study


@pytest.mark.parametrize("rows, row", [([["women", "she", "f", "extra"]], 1),
                                       ([["men", "he"], ["only a name"]], 2)])
def test_a_table_row_with_the_wrong_number_of_cells_names_its_row(rows, row) -> None:
    from glasshouse.param_form import raw_values

    with pytest.raises(BadInput, match=r"expected 2 to 3 columns \(Name, Terms, Gender\)") \
            as err:
        raw_values(form_fields(Study), {"groups": rows}, where="params")
    assert (err.value.row, err.value.field) == (row, "params.groups")


def test_the_ui_renders_every_kind_with_the_settings_tucked_away() -> None:
    import gradio as gr

    from glasshouse.param_form import to_widgets
    from glasshouse.ui import form_widgets

    fields = form_fields(Sample) + form_fields(Study)[1:3]
    values = to_widgets(fields, {"words": ["a", "b"], "groups": [], "lexicon": {}})
    with gr.Blocks():
        widgets = form_widgets(fields, values, tucked=("temperature",), tucked_label="More")
    kinds = {f.name: type(w).__name__ for f, w in zip(fields, widgets)}
    assert kinds == {"max_new_tokens": "Number", "words": "Textbox", "temperature": "Number",
                     "greedy": "Checkbox", "style": "Dropdown", "note": "Textbox",
                     "groups": "Dataframe", "lexicon": "Dataframe"}
    by_name = dict(zip([f.name for f in fields], widgets))
    assert by_name["words"].label == "Candidate words (one per line)"
    assert (by_name["max_new_tokens"].minimum, by_name["max_new_tokens"].maximum) == (1, 60)
    assert by_name["lexicon"].headers == ["Category", "Words (separated by ;)"]


def test_an_empty_optional_text_is_none_not_an_empty_string() -> None:
    params = from_widgets(Sample, {"words": "a\nb", "note": "   "})
    assert params["note"] is None
