"""Sections drafted from evidence stored in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest

from cards.drafting import draft_sources
from cards.service import build_card
from cards.sources import DataSource
from cards.spec import CardSpec
from glasshouse import evidence
from glasshouse.errors import BadInput


def _store(db, actor, probe_payload, profile_payload, feedback_payload) -> dict[str, str]:
    return {
        "probe": evidence.record(db, actor=actor, kind="probe_run",
                                 title="Template probe (gender) on smollm2-135m",
                                 payload=probe_payload),
        "profile": evidence.record(db, actor=actor, kind="dataset_profile",
                                   title="Scan of support_tickets.csv", payload=profile_payload),
        "feedback": evidence.record(db, actor=actor, kind="demo_feedback",
                                    title="Feedback on Library helper", payload=feedback_payload),
    }


def _section(readme: str, heading: str) -> str:
    return readme.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_bias_section_is_drafted_with_numbers_n_ci_and_caveats(
        db, curator, viewer, probe_payload, profile_payload, feedback_payload):
    ids = _store(db, curator, probe_payload, profile_payload, feedback_payload)
    spec = CardSpec(kind="model", title="Library helper", metadata={"license": "apache-2.0"},
                    evidence=list(ids.values()))
    built = build_card(db, spec, actor=viewer)
    bias = _section(built.readme, "Bias, Risks, and Limitations")
    assert "effect of 0.31 (95% CI 0.12 to 0.5; n = 120; p = 0.004)" in bias
    assert "interval excludes zero" in bias
    assert "Caveat: English templates only; 12 occupations." in bias
    # PII: 37 of 400 rows; Wilson 95% CI 6.8% to 12.5%
    assert "personal information in 37 rows (9.2%; 95% CI 6.8% to 12.5%)" in bias
    assert "email address 12" in bias and "person 30" in bias and "phone number" not in bias
    # feedback: 3 of 4 flagged
    assert "rated 4 outputs: 1 wrong, 1 harmful, 1 biased, 1 fine; 75% were flagged" in bias
    assert "women (1)" in bias and "older people (1)" in bias
    assert "Assumed the nurse is a woman" in bias


def test_every_drafted_sentence_links_to_the_evidence_it_came_from(
        db, curator, probe_payload, profile_payload, feedback_payload):
    ids = _store(db, curator, probe_payload, profile_payload, feedback_payload)
    built = build_card(db, CardSpec(kind="model", evidence=list(ids.values())), actor=curator)
    drafted_lines = re.findall(r"^- (.+)$", _section(built.readme,
                                                     "Bias, Risks, and Limitations"), re.M)
    assert len(drafted_lines) == len([d for d in built.drafted if d.section == "bias"]) >= 8
    for line in drafted_lines:
        link = re.search(r"\(#evidence-([0-9a-f-]{36})\)$", line)
        assert link and link.group(1) in ids.values(), line
    assert built.card.data.glasshouse["evidence"] == list(ids.values())
    for eid in ids.values():
        assert f'<a id="evidence-{eid}"></a>' in built.readme


def test_dataset_card_puts_pii_and_languages_in_their_sections(db, curator, profile_payload):
    eid = evidence.record(db, actor=curator, kind="dataset_profile", title="Scan",
                          payload=profile_payload)
    built = build_card(db, CardSpec(kind="dataset", evidence=[eid]), actor=curator)
    assert "37 rows" in _section(built.readme, "Personal and Sensitive Information")
    assert "en 80%, es 20%" in _section(built.readme, "Languages and Dialects")


def test_probe_whose_interval_includes_zero_is_not_called_a_difference(db, curator,
                                                                      probe_payload):
    probe_payload.update(effect=0.02, ci=[-0.1, 0.14], p_value=None)
    eid = evidence.record(db, actor=curator, kind="probe_run", title="Null run",
                          payload=probe_payload)
    bias = _section(build_card(db, CardSpec(evidence=[eid]), actor=curator).readme,
                    "Bias, Risks, and Limitations")
    assert "includes zero" in bias and "excludes zero" not in bias and "p =" not in bias


@pytest.mark.parametrize("kind,payload_change,field", [
    ("probe_run", {"ci": [0.1]}, "payload.ci"),
    ("probe_run", {"n": "many"}, "payload.n"),
    ("dataset_profile", {"rows": None}, "payload.rows"),
    ("demo_feedback", {"demo": None}, "payload.demo"),
])
def test_malformed_evidence_is_refused_naming_the_id_and_field(
        db, curator, probe_payload, profile_payload, feedback_payload, kind, payload_change,
        field):
    payload = {"probe_run": probe_payload, "dataset_profile": profile_payload,
               "demo_feedback": feedback_payload}[kind]
    payload.update(payload_change)
    eid = evidence.record(db, actor=curator, kind=kind, title="broken", payload=payload)
    with pytest.raises(BadInput) as err:
        build_card(db, CardSpec(evidence=[eid]), actor=curator)
    assert err.value.field.startswith(field) and eid in str(err.value)


def test_unknown_evidence_kind_and_id_are_refused(db, curator):
    eid = evidence.record(db, actor=curator, kind="embedding_map", title="map", payload={})
    with pytest.raises(BadInput, match="cards can use probe_run"):
        build_card(db, CardSpec(evidence=[eid]), actor=curator)
    with pytest.raises(BadInput, match="no stored evidence with id 'nope'"):
        build_card(db, CardSpec(evidence=["nope"]), actor=curator)


@pytest.mark.parametrize("model_licence,data_class,warned", [
    ("apache-2.0", "non-commercial", "allows commercial use"),
    ("mit", "copyleft", "share-alike"),
    ("apache-2.0", "unknown", "licence of some training data is unknown"),
    ("cc-by-nc-4.0", "non-commercial", None),
    ("apache-2.0", "permissive", None),
])
def test_training_data_licence_conflicts_are_warned(model_licence, data_class, warned):
    src = DataSource("e1", "Corpus A", ("ar", "ar-EG"), ("X",), data_class, data_class,
                     conflicts=("parent 'B' is CC-BY-NC-4.0 but 'A' says CC-BY-4.0",),
                     ancestors=("Corpus B",))
    drafted, warnings = draft_sources([src], "model", model_licence)
    text = " ".join(d.text for d in drafted)
    assert f"effective licence class after lineage: {data_class}" in text
    assert "derives from: Corpus B" in text
    assert any("lineage" in w for w in warnings)  # the catalog's own conflict is passed on
    if warned:
        assert any(warned in w for w in warnings)
    else:
        assert len(warnings) == 1
    assert all(d.source == "catalog:e1" for d in drafted)


def test_catalog_entries_need_the_catalog(db, curator, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "catalog.service", None)  # as if the catalog were absent
    with pytest.raises(BadInput, match="catalog"):
        build_card(db, CardSpec(catalog_entries=["x"]), actor=curator)


def test_catalog_entries_become_the_training_data_section_with_lineage(db, curator):
    from catalog import service as catalog

    parent = catalog.create_entry(db, {"name": "Parent corpus", "languages": ["ar"],
                                       "licenses": [{"spdx": "CC-BY-NC-4.0"}]}, actor=curator)
    child = catalog.create_entry(db, {"name": "Child set", "languages": ["ar-EG"],
                                      "licenses": [{"spdx": "CC-BY-4.0"}],
                                      "derived_from": [parent.entry.id]}, actor=curator)
    spec = CardSpec(kind="model", title="Dialect model",
                    metadata={"license": "apache-2.0", "language": ["ar"]},
                    catalog_entries=[child.entry.id])
    built = build_card(db, spec, actor=curator)
    data = _section(built.readme, "Training Data")
    assert "Child set: languages ar-EG; licence CC-BY-4.0" in data
    assert "effective licence class after lineage: non-commercial" in data
    assert "derives from: Parent corpus" in data
    assert "allows commercial use" in data
    assert f"(#evidence-catalog-{child.entry.id})" in data
    assert any("Child set" in w and "non-commercial" in w for w in built.warnings)
    meta = built.card.data
    assert meta.language == ["ar", "ar-EG"]
    assert meta.glasshouse["catalog_entries"] == [child.entry.id]
    assert meta.glasshouse["training_data"][0]["effective_license_class"] == "non-commercial"
    assert any("Child set" in w for w in built.check.warnings)  # card check sees it too


def test_unknown_catalog_entry_is_refused(db, curator):
    with pytest.raises(BadInput, match="no catalog entry 'ghost'"):
        build_card(db, CardSpec(catalog_entries=["ghost"]), actor=curator)
