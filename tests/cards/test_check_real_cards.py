"""`card check` on cards laid out like real public cards and on the Hub's own templates: no
error that a reviewer would call false, every error that a reviewer would expect."""

from __future__ import annotations

import pytest

from cards.check import check_text
from cards.sections import sections_for
from tests.cards.real_cards import CARDS, RealCard


def _section_errors(result, kind: str) -> set[str]:
    by_heading = {s.heading: s.key for s in sections_for(kind)}
    out = set()
    for err in result.errors:
        if err.startswith("section '"):
            out.add(by_heading[err.split("'")[1]])
    return out


@pytest.mark.parametrize("card", CARDS, ids=lambda c: c.name)
def test_real_card_layouts_get_exactly_the_true_errors(card: RealCard) -> None:
    result = check_text(f"---\n{card.yaml}\n---\n\n{card.body}", kind=card.kind)
    expected = set(card.expected_errors - card.known_misses)
    assert _section_errors(result, card.kind) == expected, result.errors
    assert [e for e in result.errors if not e.startswith("section '")] == []
    assert result.valid == (not card.expected_errors)


def test_the_unfilled_official_model_template_fails_on_every_required_section() -> None:
    from huggingface_hub import ModelCard, ModelCardData

    result = check_text(str(ModelCard.from_template(ModelCardData())), kind="model")
    required = {s.key for s in sections_for("model") if s.required}
    assert _section_errors(result, "model") == required
    assert result.completeness == 0.0


def test_the_official_model_template_filled_in_passes() -> None:
    from huggingface_hub import ModelCard, ModelCardData

    fields = {k: "Written for this test." for k in (
        "model_summary", "model_description", "developers", "model_type", "direct_use",
        "out_of_scope_use", "bias_risks_limitations", "bias_recommendations",
        "training_data", "testing_data", "testing_metrics", "results", "model_specs",
        "citation_bibtex", "hardware_requirements")}
    card = ModelCard.from_template(
        ModelCardData(license="mit", language="en", pipeline_tag="text-classification"),
        **fields)
    result = check_text(str(card), kind="model")
    assert result.errors == [] and result.valid


@pytest.mark.parametrize("key, value, ok", [
    ("pipeline_tag", "text-classification", True),
    ("pipeline_tag", "sentiment-analysis", False),  # a transformers pipeline alias, not a tag
    ("task_categories", "[text-generation]", True),
    ("task_categories", "[chat]", False),
    ("task_ids", "[sentiment-classification]", True),
    ("task_ids", "[sentiment]", False),
    ("size_categories", "[1K<n<10K]", True),
    ("size_categories", "[1K-10K]", False),
])
def test_hub_identifiers_are_checked_against_the_hub_lists(key: str, value: str,
                                                           ok: bool) -> None:
    result = check_text(f"---\nlicense: mit\n{key}: {value}\n---\n# T\n", kind="dataset"
                        if key != "pipeline_tag" else "model")
    assert any(e.startswith(f"metadata.{key}") for e in result.errors) is (not ok)
