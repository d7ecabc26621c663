"""`card check` on good and broken cards, offline."""

from __future__ import annotations

import pytest

from cards.check import check_text
from cards.render import build
from tests.cards.test_roundtrip import dataset_spec, model_spec

FULL_MODEL_SECTIONS = {
    "model_details": "A 135M model.", "uses": "Answering patrons.",
    "out_of_scope": "Medical advice.", "bias": "Probe results show a gender gap.",
    "training_data": "Library FAQ (CC-BY-4.0).", "evaluation": "Exact match 0.61 on 500.",
    "environmental": "About 0.1 kg.", "technical": "Decoder, 135M.", "citation": "@misc{x}"}


def good_model_card() -> str:
    return build(model_spec(sections=FULL_MODEL_SECTIONS), [], []).readme


def test_a_complete_card_is_valid_and_complete():
    result = check_text(good_model_card())
    assert result.valid, result.errors
    assert result.completeness == 1.0
    assert result.missing == [] and result.warnings == []
    assert set(result.sections.values()) == {"filled"}


def _replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


BROKEN = [
    ("bad_yaml", lambda t: _replace(t, "license: apache-2.0", "license: [apache-2.0"),
     "YAML does not parse at line"),
    ("unknown_licence", lambda t: _replace(t, "license: apache-2.0", "license: free-for-all"),
     "unknown licence 'free-for-all'"),
    ("other_without_name", lambda t: _replace(t, "license: apache-2.0", "license: other"),
     "'other' needs license_name and license_link"),
    ("bad_language_tag", lambda t: _replace(t, "- es\n", "- xx-zzzzzzzzz\n"),
     "'xx-zzzzzzzzz' is not a valid BCP-47"),
    ("missing_section", lambda t: _replace(t, "## Evaluation\n\nExact match 0.61 on 500.\n", ""),
     "section 'Evaluation': missing"),
    ("empty_section", lambda t: _replace(t, "Medical advice.", ""),
     "section 'Out-of-Scope Use': empty"),
    ("placeholder_only", lambda t: _replace(t, "Medical advice.", "[More Information Needed]"),
     "section 'Out-of-Scope Use': empty"),
    ("no_yaml", lambda t: t.split("---\n", 2)[2], "no YAML block"),
    ("yaml_not_mapping", lambda t: _replace(t, t.split("---\n")[1], "- a\n- b\n"),
     "must be a mapping"),
    ("bad_model_index", lambda t: _replace(t, "model-index:", "model-index: 3\nx_old_index:"),
     "huggingface_hub cannot load it"),
]


@pytest.mark.parametrize("name,breaker,needle", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_cards_are_invalid_with_a_precise_error(name, breaker, needle):
    result = check_text(breaker(good_model_card()))
    assert not result.valid
    assert any(needle in e for e in result.errors), result.errors
    assert result.completeness < 1.0 or name in ("unknown_licence", "other_without_name",
                                                  "bad_language_tag", "bad_model_index")


WARNED = [
    ("placeholder_left_in", lambda t: _replace(t, "Medical advice.", "Medical advice. TODO: more"),
     "placeholder text left in (TODO)"),
    ("spdx_not_hub", lambda t: _replace(t, "license: apache-2.0", "license: Apache-2.0"),
     "write 'apache-2.0'"),
    ("text_names_other_licence", lambda t: _replace(
        t, "A small helper for library questions.",
        "A small helper. It is released under the MIT License."),
     "the text names mit but the metadata says apache-2.0"),
]


@pytest.mark.parametrize("name,breaker,needle", WARNED, ids=[w[0] for w in WARNED])
def test_softer_problems_are_warnings(name, breaker, needle):
    result = check_text(breaker(good_model_card()))
    assert result.valid, result.errors
    assert any(needle in w for w in result.warnings), result.warnings


def test_placeholder_halves_a_section_in_completeness():
    clean = check_text(good_model_card())
    with_todo = check_text(good_model_card().replace("Decoder, 135M.", "Decoder. TBD"))
    assert with_todo.sections["technical"] == "placeholder"
    assert with_todo.completeness < clean.completeness


def test_the_hub_template_is_recognised_as_unfilled():
    from huggingface_hub import ModelCard, ModelCardData

    text = str(ModelCard.from_template(ModelCardData(license="mit", language="en")))
    result = check_text(text)
    assert result.kind == "model"
    assert not result.valid
    assert "Training Data" in result.missing or result.sections["training_data"] != "filled"
    assert result.completeness < 0.5


def test_dataset_cards_are_detected_and_checked_against_dataset_sections():
    result = check_text(build(dataset_spec(), [], []).readme)
    assert result.kind == "dataset"
    assert "section 'Collection Process': empty" in result.errors
    assert result.sections["motivation"] == "filled"


def test_training_data_licence_conflict_is_a_warning():
    from cards.sources import DataSource

    src = [DataSource("e1", "Paid corpus", ("en",), ("CC-BY-NC-4.0",), "non-commercial",
                      "non-commercial")]
    built = build(model_spec(sections=FULL_MODEL_SECTIONS, catalog_entries=["e1"]), [], src)
    result = check_text(built.readme)
    assert any("Paid corpus" in w and "non-commercial" in w for w in result.warnings)
