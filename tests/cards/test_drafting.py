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
    assert ("(0.5 = no preference): 0.65 (95% CI 0.56 to 0.73; n = 120)") in bias
    assert ("a difference of 0.15 from the no-effect value 0.5 (95% interval 0.06 to 0.23), "
            "beyond what chance explains at this sample size (two-sided p = 0.0012, 0.0036 "
            "after Holm correction)") in bias
    assert "after the correction: gender (n = 100, adjusted p = 0.0036)." in bias
    assert "Too few examples to call a finding (below the probe's minimum of 20): age (n = 8)" \
        in bias
    assert "zero" not in bias and "religion" not in bias
    assert "Caveat: English templates only; 12 occupations." in bias
    # PII: 37 of 400 rows; Wilson 95% CI 6.8% to 12.5%
    assert "flagged 37 rows (9.2%; 95% CI 6.8% to 12.5%)" in bias
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


def test_probe_run_with_null_other_than_zero_is_judged_by_its_adjusted_p(db, curator,
                                                                        probe_payload):
    # the interval excludes 0 (shares are never below 0) but the no-effect value is 0.5 and the
    # adjusted p is large: the card must not call it a difference (it used to say "the interval
    # excludes zero, so this difference is unlikely to be chance")
    probe_payload.update(effect=0.55, ci=[0.46, 0.64], p_value=0.3, p_adjusted=0.9,
                         significant=False, groups=[])
    eid = evidence.record(db, actor=curator, kind="probe_run", title="Null run",
                          payload=probe_payload)
    bias = _section(build_card(db, CardSpec(evidence=[eid]), actor=curator).readme,
                    "Bias, Risks, and Limitations")
    assert "consistent with no difference from the no-effect value 0.5" in bias
    assert "beyond what chance" not in bias and "excludes zero" not in bias


def test_a_stored_run_without_a_declared_null_draws_no_conclusion(db, curator, probe_payload):
    for key in ("null", "p_adjusted", "significant", "groups"):
        probe_payload.pop(key)
    probe_payload.update(ci=[0.12, 0.5], p_value=0.004)
    eid = evidence.record(db, actor=curator, kind="probe_run", title="Old run",
                          payload=probe_payload)
    bias = _section(build_card(db, CardSpec(evidence=[eid]), actor=curator).readme,
                    "Bias, Risks, and Limitations")
    assert "does not state its no-effect value" in bias and "beyond what chance" not in bias


@pytest.mark.parametrize("name", ["pairs", "weat", "counterfactual", "generation", "template"])
def test_cards_drafted_from_null_runs_never_claim_a_difference(name):
    """Real probe statistics on simulated no-effect data (the calibration simulations), drafted
    into card sentences: a claim appears only when the run's adjusted p supports it."""
    from datetime import datetime, timezone

    import numpy as np

    from cards.drafting import draft_probe
    from glasshouse.evidence import Evidence
    from tests.explorer.probes import test_calibration as sim

    run = {"pairs": sim._pairs_run, "weat": sim._weat_run,
           "counterfactual": sim._counterfactual_run, "generation": sim._generation_run,
           "template": sim._template_run}[name]
    rng = np.random.default_rng(77)
    claims = 0
    for i in range(60):
        payload = run(rng).to_json(parameters={}, probe_set_version="sim")
        ev = Evidence(f"ev-{i}", "probe_run", "Null run", "synthetic", payload, "sim",
                      datetime.now(timezone.utc))
        text = " ".join(d.text for d in draft_probe(ev, "model"))
        claimed = "beyond what chance explains" in text
        assert claimed == (payload["p_adjusted"] <= 0.05 and payload["significant"])
        assert "excludes zero" not in text and "unlikely to be chance" not in text
        if not claimed:
            assert "consistent with no difference" in text
        claims += claimed
    assert claims <= 6  # about 5% of null runs at most (alpha = 0.05; 60 runs)


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
    # a kind no area records any more (written straight to the table: record() refuses it)
    with db.session() as s:
        s.add(evidence.EvidenceRow(id="old-1", kind="embedding_map", title="map", payload={},
                                   created_by=curator.username))
    eid = "old-1"
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
    # the entry's language is offered, not appended behind the author's back
    assert meta.language == ["ar"]
    assert [(x.key, x.source) for x in built.suggestions] == [
        ("language:ar-EG", f"catalog:{child.entry.id}")]
    assert meta.glasshouse["catalog_entries"] == [child.entry.id]
    assert meta.glasshouse["training_data"][0]["effective_license_class"] == "non-commercial"
    assert any("Child set" in w for w in built.check.warnings)  # card check sees it too


def test_unknown_catalog_entry_is_refused(db, curator):
    with pytest.raises(BadInput, match="no catalog entry 'ghost'"):
        build_card(db, CardSpec(catalog_entries=["ghost"]), actor=curator)


@pytest.mark.parametrize("pii,expected,absent", [
    ({"entities": {"EMAIL_ADDRESS": 4}, "rows_with_pii": 4, "pattern_only": {"de": 30, "und": 2},
      "ner_rows": {"en": 68}},
     ["flagged 4 rows (4.0%", "32 of the rows (in de) were checked with patterns only",
      "not a verified count: some findings may be harmless text and some personal information "
      "is not recognised"], ["lower bound", "at least"]),
    ({"entities": {}, "rows_with_pii": 0, "ner_rows": {"en": 100}},
     ["flagged 0 rows (0.0%", "not a verified count"], ["patterns only", "lower bound"]),
    (None, ["ran without the personal-information checks"], ["flagged", "lower bound"]),
])
def test_pii_sentence_says_what_the_count_is_without_claiming_a_bound(db, curator, pii, expected,
                                                                      absent):
    payload = {"rows": 100, "file": "tickets.csv", "pii": pii, "languages": {"en": 0.7}}
    eid = evidence.record(db, actor=curator, kind="dataset_profile", title="Scan", payload=payload)
    built = build_card(db, CardSpec(kind="dataset", evidence=[eid]), actor=curator)
    text = _section(built.readme, "Personal and Sensitive Information")
    for needle in expected:
        assert needle in text
    for needle in absent:
        assert needle not in text


def test_payload_models_are_the_producers_own():
    import cards.drafting as drafting
    from demos.evidence_payload import FeedbackPayload
    from explorer.datasets.evidence_payload import ProfilePayload

    assert drafting.ProfilePayload is ProfilePayload
    assert drafting.FeedbackPayload is FeedbackPayload
    assert ProfilePayload.__module__ == "explorer.datasets.evidence_payload"


@pytest.mark.parametrize("title,starts", [
    ("Pairs probe on smollm2-135m", "The pairs probe on smollm2-135m measured"),
    ("Gender run, March", "Gender run, March: the pairs probe on smollm2-135m measured"),
])
def test_the_probe_sentence_does_not_repeat_the_run_title(db, curator, probe_payload, title,
                                                          starts):
    eid = evidence.record(db, actor=curator, kind="probe_run", title=title,
                          payload=probe_payload)
    built = build_card(db, CardSpec(kind="model", evidence=[eid]), actor=curator)
    first = [d.text for d in built.drafted if d.source == eid][0]
    assert first.startswith(starts)
