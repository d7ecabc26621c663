"""Several affected groups in one feedback item: stored as a list, counted once per group."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from demos.review import summarise
from demos.spec import DemoSpec, Feedback, FeedbackIn, public_model_name, split_groups
from glasshouse.errors import BadInput
from glasshouse.validation import validate


@pytest.mark.parametrize("typed, groups", [
    ("older women, Nigerian people", ["older women", "Nigerian people"]),
    ("older women;  Nigerian people\nwomen", ["older women", "Nigerian people", "women"]),
    ("women, Women, ", ["women"]),
    ("", []),
])
def test_typed_groups_become_a_list(typed: str, groups: list[str]) -> None:
    assert split_groups(typed) == groups
    fb = FeedbackIn(run_id="r1", category="biased", group=typed)
    assert fb.groups == groups and fb.group == "; ".join(groups)


def test_groups_can_also_come_as_a_list() -> None:
    fb = FeedbackIn(run_id="r1", category="biased", groups=["older women", "Nigerian people"])
    assert fb.group == "older women; Nigerian people"


def test_too_long_groups_are_refused_with_the_field() -> None:
    with pytest.raises(BadInput):
        validate(FeedbackIn, {"run_id": "r", "category": "fine", "groups": ["x" * 70, "y" * 70]})


def _fb(i: int, group: str, category: str = "biased") -> Feedback:
    return Feedback(i, f"r{i}", "d", 1, "m", category, group, "en", "", "in", "out", (),
                    datetime.now(timezone.utc))


def test_each_group_is_counted_once_per_item_that_names_it() -> None:
    s = summarise([_fb(1, "older women; Nigerian people"), _fb(2, "older women"),
                   _fb(3, "", "fine")])
    by = {b.key: b.n for b in s.by_group}
    assert by["older women"] == 2 and by["Nigerian people"] == 1
    assert "older women; Nigerian people" not in by and s.n == 3


def test_public_page_names_the_model_without_its_internal_name() -> None:
    spec = DemoSpec(title="A demo", description="d", task="text-classification",
                    model="profanity-en")
    assert "profanity-en" not in public_model_name(spec)
    assert public_model_name(spec.model_copy(update={"model_label": "Our filter"})) == "Our filter"
    hub = spec.model_copy(update={"model": "org/some-model"})
    assert public_model_name(hub) == "org/some-model"
