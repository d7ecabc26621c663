"""Cards built here load back identically through huggingface_hub, and re-import losslessly."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from huggingface_hub import DatasetCard, ModelCard

from cards.render import build, import_readme, to_html, to_json
from cards.sources import DataSource
from cards.spec import CardSpec
from glasshouse.evidence import Evidence

MODEL_INDEX = [{"name": "library-helper", "results": [{
    "task": {"type": "question-answering", "name": "Question answering"},
    "dataset": {"type": "library-faq", "name": "Library FAQ", "split": "test"},
    "metrics": [{"type": "exact_match", "value": 0.61, "name": "Exact match"}]}]}]


def model_spec(**kw) -> CardSpec:
    base = dict(
        kind="model", title="Library helper", summary="A small helper for library questions.",
        metadata={"license": "apache-2.0", "language": ["en", "es"], "tags": ["chat", "library"],
                  "datasets": ["olt/library-faq"], "metrics": ["exact_match"],
                  "pipeline_tag": "text-generation", "base_model": "HuggingFaceTB/SmolLM2-135M",
                  "model-index": MODEL_INDEX},
        sections={"model_details": "A 135M model.", "uses": "Answering patrons.",
                  "out_of_scope": "Medical advice.", "evaluation": "Exact match 0.61 on 500."},
        co2={"hardware": "a100-sxm", "hours": 4, "region": "fr"},
        openness={"weights": "open", "training_code": "restricted"})
    base.update(kw)
    return CardSpec.model_validate(base)


def dataset_spec() -> CardSpec:
    return CardSpec.model_validate(dict(
        kind="dataset", title="Support tickets", metadata={
            "license": "cc-by-nc-4.0", "language": ["en", "ar-EG"], "pretty_name": "Tickets",
            "size_categories": ["n<1K"], "task_categories": ["text-classification"]},
        sections={"motivation": "To study support quality.", "composition": "400 tickets."}))


def ev(kind: str, payload: dict, n: int) -> Evidence:
    return Evidence(f"0000000{n}-1111-2222-3333-444444444444", kind, f"{kind} {n}", None, payload,
                    "cora", datetime(2026, 11, 23, tzinfo=timezone.utc))


@pytest.mark.parametrize("make,card_cls", [(model_spec, ModelCard), (dataset_spec, DatasetCard)],
                         ids=["model", "dataset"])
def test_metadata_loads_back_identically_through_huggingface_hub(make, card_cls, tmp_path):
    built = build(make(), [], [])
    path = tmp_path / "README.md"
    built.card.save(path)
    loaded = card_cls.load(path)
    assert loaded.data.to_dict() == built.card.data.to_dict()
    assert loaded.text == built.card.text
    assert str(loaded) == built.readme


def test_hub_fields_survive_with_their_values(tmp_path):
    built = build(model_spec(), [], [])
    path = tmp_path / "README.md"
    built.card.save(path)
    data = ModelCard.load(path).data
    assert data.license == "apache-2.0"
    assert data.language == ["en", "es"]
    assert data.eval_results[0].metric_value == 0.61
    assert data.eval_results[0].dataset_type == "library-faq"
    # 4 h x 400 W = 1.6 kWh at France's intensity in codecarbon's energy mix
    from cards import co2_data

    france = co2_data.regions()["FRA"].g_per_kwh
    assert 20 < france < 120
    assert data.co2_eq_emissions["emissions"] == pytest.approx(round(1.6 * france, 2))
    assert data.co2_eq_emissions["geographical_location"] == "France"


def test_evidence_ids_are_recorded_in_the_metadata(probe_payload):
    e = ev("probe_run", probe_payload, 1)
    built = build(model_spec(evidence=[e.id]), [e], [])
    meta = ModelCard(built.readme).data.to_dict()
    assert meta["glasshouse"]["evidence"] == [e.id]
    assert f"(#evidence-{e.id})" in built.readme
    assert f'<a id="evidence-{e.id}"></a>' in built.readme


@pytest.mark.parametrize("make", [model_spec, dataset_spec], ids=["model", "dataset"])
def test_import_gives_back_the_spec_and_rebuilds_the_same_readme(make, probe_payload,
                                                                 feedback_payload):
    evidence = [ev("probe_run", probe_payload, 1), ev("demo_feedback", feedback_payload, 2)]
    spec = make().model_copy(update={"evidence": [e.id for e in evidence]})
    src = [DataSource("e1", "Library FAQ", ("en",), ("CC-BY-4.0",), "permissive", "permissive")]
    spec = spec.model_copy(update={"catalog_entries": ["e1"]})
    first = build(spec, evidence, src)
    again = import_readme(first.readme)
    assert again.sections == spec.sections
    assert again.evidence == spec.evidence and again.catalog_entries == ["e1"]
    assert again.co2 == spec.co2 and again.openness == spec.openness
    assert build(again, evidence, src).readme == first.readme


def test_import_of_a_foreign_card_keeps_unknown_sections_and_nested_headings():
    text = ("---\nlicense: mit\nlanguage: fr\n---\n# Modèle\n\nUn résumé.\n\n## Model Details\n\n"
            "Details here.\n\n### Developed by\n\nA lab.\n\n## Uses\n\n### Direct Use\n\nChat.\n\n"
            "### Out-of-Scope Use\n\nNothing medical.\n\n## Acknowledgements\n\nThanks.\n")
    spec = import_readme(text)
    assert spec.kind == "model" and spec.title == "Modèle" and spec.summary == "Un résumé."
    assert "### Developed by" in spec.sections["model_details"]
    assert spec.sections["out_of_scope"] == "Nothing medical."
    assert "Chat." in spec.sections["uses"] and "Nothing medical" not in spec.sections["uses"]
    assert [(e.heading, e.text) for e in spec.extra_sections] == [("Acknowledgements", "Thanks.")]
    assert spec.metadata == {"license": "mit", "language": "fr"}


def test_import_of_broken_yaml_names_the_line():
    from glasshouse.errors import BadInput

    with pytest.raises(BadInput) as err:
        import_readme("---\nlicense: mit\nlanguage: [en\n---\n# x\n", file="README.md")
    assert err.value.file == "README.md" and err.value.field == "metadata"
    assert err.value.row is not None


def test_html_and_json_exports_carry_the_card(probe_payload):
    e = ev("probe_run", probe_payload, 1)
    built = build(model_spec(evidence=[e.id]), [e], [])
    html = to_html(built)
    assert "<h2>Bias, Risks, and Limitations</h2>" in html
    assert f'href="#evidence-{e.id}"' in html and f'id="evidence-{e.id}"' in html
    assert "<table" in html and "apache-2.0" in html
    data = to_json(built)
    assert data["metadata"]["license"] == "apache-2.0"
    assert {d["source"] for d in data["drafted"]} >= {e.id}
    assert data["openness"]["ratings"]["model_parameters"] == "open"
    assert data["openness"]["mof_class"] is None and "model_architecture" in \
        data["openness"]["missing_for_next"]
    # the openness badge is drawn inline, never fetched from a badge service
    assert "<svg" in html and "img.shields.io" not in html and "&lt;svg" not in html
    assert "<svg" in built.readme and "img.shields.io" not in built.readme
