"""'Ready for the Hub' only when nothing blocking is left; to-do items in words with their step;
autosave adds no version when nothing changed; an imported card shows its completeness."""

from __future__ import annotations

from cards import service
from cards.check import check_text
from cards.readiness import readiness
from cards.spec import CardSpec
from cards.wizard import Form, form_to_spec, spec_to_form

FULL = """---
license: mit
language: [en]
tags: [chat]
datasets: [org/data]
metrics: [accuracy]
pipeline_tag: text-generation
co2_eq_emissions: {emissions: 10}
---
# Helper
## Model Details
A model.
## Uses
Answering.
## Out-of-Scope Use
Decisions about people.
## Bias, Risks, and Limitations
Probe found nothing beyond chance.
## Training Data
Data.
## Evaluation
Accuracy 0.6.
"""


def test_a_valid_card_with_an_open_licence_problem_is_not_ready() -> None:
    chk = check_text(FULL, kind="model")
    assert chk.valid
    assert readiness(chk, []).ready
    r = readiness(chk, ["licence: Library FAQ: the card's licence allows commercial use but a "
                        "training source is non-commercial"])
    assert not r.ready and "Not ready" in r.headline
    assert any(t.blocking and t.step_name == "2. Evidence" and "non-commercial" in t.text
               for t in r.todo)


def test_a_missing_pipeline_tag_blocks_readiness_and_is_said_in_words() -> None:
    chk = check_text(FULL.replace("pipeline_tag: text-generation\n", ""), kind="model")
    assert chk.valid  # the old status said "Ready for the Hub" here
    r = readiness(chk, [])
    assert not r.ready
    (todo,) = [t for t in r.todo if "task" in t.text]
    assert todo.blocking and todo.step_name == "1. Basics"
    assert "metadata." not in todo.text and "`pipeline_tag`" in todo.text


def test_errors_become_sections_to_write_on_the_sections_step() -> None:
    chk = check_text(FULL.replace("## Evaluation\nAccuracy 0.6.\n", ""), kind="model")
    r = readiness(chk, [])
    assert not r.ready
    assert any(t.text.startswith("write the section “Evaluation”") and t.step == 2
               for t in r.todo)


def _form(**kw) -> Form:
    base = dict(kind="model", title="Helper", summary="", license="mit", language="en",
                tags="", datasets="", metrics="", evidence=[], catalog=[], sections=[""] * 9,
                co2_mode="none", hardware=None, count=1, hours=None, region=None, pue=1.0,
                measured_kg=None, measured_source="", openness=[None] * 16)
    base.update(kw)
    return Form(**base)


def test_the_wizard_has_fields_for_the_hub_task_library_and_size() -> None:
    spec = form_to_spec(_form(task="text-generation", library_name="transformers"))
    assert spec.metadata["pipeline_tag"] == "text-generation"
    assert spec.metadata["library_name"] == "transformers"
    assert form_to_spec(spec_to_form(spec)) == spec
    data = form_to_spec(_form(kind="dataset", task="text-classification",
                              size_category="1K<n<10K", sections=[""] * 9))
    assert data.metadata["task_categories"] == ["text-classification"]
    assert data.metadata["size_categories"] == ["1K<n<10K"]
    assert form_to_spec(spec_to_form(data)) == data


def test_saving_an_unchanged_draft_adds_no_version(db, curator) -> None:
    spec = CardSpec(kind="model", title="Helper")
    d1 = service.save_draft(db, spec, actor=curator)
    d2 = service.save_draft(db, spec, actor=curator, draft_id=d1.id, expected_version=1)
    assert d2.version == 1
    d3 = service.save_draft(db, spec.model_copy(update={"title": "Helper 2"}), actor=curator,
                            draft_id=d1.id, expected_version=1)
    assert d3.version == 2


def test_an_imported_card_shows_its_completeness(db, curator) -> None:
    draft = service.import_draft(db, FULL, actor=curator, file="README.md")
    assert draft.completeness == check_text(FULL, kind="model").completeness > 0.5
