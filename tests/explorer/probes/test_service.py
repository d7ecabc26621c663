"""Runs stored as evidence (who, when), compared and exported; versioned probe sets."""

from __future__ import annotations

import csv
import io
import json

import pytest

from glasshouse import evidence
from glasshouse.errors import BadInput, NotFound, PermissionDenied
from explorer.probes import service
from explorer.probes.base import ProbeResult


def _payload(effect: float, share_w: float) -> dict:
    r = ProbeResult(probe="template", model="smollm2-135m", n=4, effect=effect,
                    effect_label="distance", ci=(effect - 0.1, effect + 0.1), p_value=0.5,
                    details=[{"template": "{group} is [BLANK].", "candidate": "kind",
                              "group": "women", "probability": 0.4, "shift": 0.1}],
                    caveat="small", groups=[{"group": "women", "n": 2, "hurtful_share": share_w,
                                             "ci": [0, 1]}])
    return r.to_json(parameters={"groups": [{"name": "women"}, {"name": "men"}]},
                     probe_set_version="gender@v1")


def test_saved_run_is_probe_run_evidence_with_who_and_when(db, curator) -> None:
    run_id = service.save_run(db, _payload(0.3, 0.1), actor=curator)
    ev = evidence.get(db, run_id)
    assert ev.kind == "probe_run" and ev.created_by == "cora" and ev.created_at is not None
    assert ev.title == "Fill-in-the-blank templates (women vs men) on smollm2-135m"
    assert ev.payload["probe_set_version"] == "gender@v1"
    assert [r.id for r in service.list_runs(db)] == [run_id]


def test_viewer_cannot_save_runs(db, viewer) -> None:
    with pytest.raises(PermissionDenied):
        service.save_run(db, _payload(0.3, 0.1), actor=viewer)


def test_compare_two_runs_reports_changes(db, curator) -> None:
    a = service.save_run(db, _payload(0.3, 0.1), actor=curator)
    b = service.save_run(db, _payload(0.5, 0.25), actor=curator)
    cmp = service.compare_runs(db, a, b)
    assert cmp["comparable"] and cmp["effect_change"] == pytest.approx(0.2)
    women = cmp["groups"][0]
    assert women["hurtful_share"] == [0.1, 0.25]
    assert women["hurtful_share_change"] == pytest.approx(0.15)


def test_export_json_and_csv(db, curator) -> None:
    run = service.get_run(db, service.save_run(db, _payload(0.3, 0.1), actor=curator))
    data = json.loads(service.export_run(run, "json"))
    assert data["id"] == run.id and data["effect"] == 0.3 and data["created_by"] == "cora"
    rows = list(csv.DictReader(io.StringIO(service.export_run(run, "csv"))))
    assert rows[0]["candidate"] == "kind" and float(rows[0]["effect"]) == 0.3
    with pytest.raises(BadInput):
        service.export_run(run, "xml")


def test_unknown_run_is_not_found(db) -> None:
    with pytest.raises(NotFound):
        service.get_run(db, "no-such-run")


def test_probe_sets_are_versioned(db, curator, viewer) -> None:
    from explorer.probes.registry import get

    content = get("template").default_params("es").model_dump()
    v1 = service.save_probe_set(db, "género-es", "template", content, actor=curator)
    content["groups"][0]["terms"].append("Mi hermana")
    v2 = service.save_probe_set(db, "género-es", "template", content, actor=curator,
                                note="añadida hermana")
    assert (v1.version, v2.version, v2.label) == (1, 2, "género-es@v2")
    assert service.get_probe_set(db, "género-es").version == 2
    assert "Mi hermana" not in service.get_probe_set(db, "género-es", 1).content["groups"][0][
        "terms"]
    assert [s.version for s in service.list_probe_sets(db, "template")] == [2, 1]
    with pytest.raises(PermissionDenied):
        service.save_probe_set(db, "x", "template", content, actor=viewer)
    with pytest.raises(BadInput):
        service.save_probe_set(db, "género-es", "weat", get("weat").default_params(),
                               actor=curator)
    with pytest.raises(BadInput):
        service.save_probe_set(db, "broken", "template", {"templates": []}, actor=curator)


def test_runs_are_offered_by_readable_labels_not_ids(db, curator) -> None:
    first = service.save_run(db, _payload(0.3, 0.1), actor=curator)
    runs = service.list_runs(db)
    (label, run_id), = service.run_choices(runs)
    assert run_id == first and first not in label
    assert label.startswith("Fill-in-the-blank templates (women vs men) on smollm2-135m — ")
    assert label.endswith(" by cora") and runs[0].created_at[:10] in label
