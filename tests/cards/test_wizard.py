"""The wizard's form <-> spec mapping and the choices it offers."""

from __future__ import annotations

import pytest

from cards.spec import CardSpec
from cards.wizard import (Form, catalog_choices, evidence_choices, form_to_spec,
                          hardware_choices, region_choices, spec_to_form)
from glasshouse import evidence
from glasshouse.errors import BadInput


def form(**kw) -> Form:
    base = dict(kind="model", title="Helper", summary="Short.", license="apache-2.0",
                language="en, es", tags="chat", datasets="", metrics="exact_match",
                evidence=["e1"], catalog=["c1"], sections=["Details.", "Uses.", "", "", "", "",
                                                            "", "", ""],
                co2_mode="estimate", hardware="t4", count=2, hours=3.0, region="fr", pue=1.1,
                measured_kg=None, measured_source="", openness=["open"] + [None] * 15)
    base.update(kw)
    return Form(**base)


def test_form_becomes_a_spec_and_back():
    spec = form_to_spec(form())
    assert spec.metadata == {"license": "apache-2.0", "language": ["en", "es"], "tags": ["chat"],
                             "metrics": ["exact_match"]}
    assert spec.sections == {"model_details": "Details.", "uses": "Uses."}
    assert spec.co2.hardware == "t4" and spec.co2.count == 2 and spec.co2.pue == 1.1
    assert spec.openness == {"model_architecture": "open"}
    assert form_to_spec(spec_to_form(spec)) == spec


@pytest.mark.parametrize("mode,kg,expected", [
    ("none", None, None), ("measured", 1.5, 1.5), ("measured", None, None)])
def test_co2_mode_decides_what_is_kept(mode, kg, expected):
    spec = form_to_spec(form(co2_mode=mode, measured_kg=kg, measured_source="codecarbon"))
    assert (spec.co2.measured_kg if spec.co2 else None) == expected


def test_data_card_form_drops_model_only_parts():
    spec = form_to_spec(form(kind="dataset", sections=["Why.", "What.", "", "", "", "", "", "",
                                                       ""]))
    assert spec.kind == "dataset" and spec.co2 is None and spec.openness == {}
    assert spec.sections == {"motivation": "Why.", "composition": "What."}


def test_estimate_without_hours_is_refused_naming_the_field():
    with pytest.raises(BadInput) as err:
        form_to_spec(form(hours=None))
    assert err.value.field == "co2" and "hours" in str(err.value)


def test_choices_list_only_card_evidence_kinds(db, curator, probe_payload):
    eid = evidence.record(db, actor=curator, kind="probe_run", title="Probe A",
                          payload=probe_payload)
    with db.session() as s:  # a kind no area records (record() refuses it)
        s.add(evidence.EvidenceRow(id="old-map", kind="embedding_map", title="Map", payload={},
                                   created_by=curator.username))
    choices = evidence_choices(db)
    assert [v for _, v in choices] == [eid]
    assert choices[0][0].startswith("Bias probe: Probe A")
    assert catalog_choices(db) == []
    assert len(hardware_choices()) > 5 and ("France (56.04 g/kWh)", "FRA") in region_choices()


def test_spec_to_form_handles_an_empty_spec():
    f = spec_to_form(CardSpec(kind="dataset"))
    assert f.sections == [""] * 9 and f.co2_mode == "none" and f.license is None
