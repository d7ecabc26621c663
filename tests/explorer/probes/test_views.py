"""What the probes tab shows, drawn without a browser (explorer/probes/views.py and the tab's
actions): details tables, saved-run pickers, probe-set labels, the JSON view, the forms of
several probes side by side, and the saved runs brought back on a page load."""

from __future__ import annotations

import pytest

from glasshouse.errors import BadInput
from explorer.probes import actions, forms, service, views
from explorer.probes.base import ProbeResult
from explorer.probes.registry import get


def _payload(probe: str = "template", effect: float = 0.3) -> dict:
    r = ProbeResult(probe=probe, model="smollm2-135m", n=4, effect=effect,
                    effect_label="distance", ci=(effect - 0.1, effect + 0.1), p_value=0.5,
                    details=[{"template": "{group} is [BLANK].", "candidate": "kind",
                              "group": "women", "probability": 0.4, "shift": 0.1},
                             {"template": "{group} is [BLANK].", "candidate": "rude",
                              "group": "men", "probability": 0.2, "shift": -0.1,
                              "hurtful_category": "insult"}],
                    caveat="small", groups=[{"group": "women", "n": 2, "hurtful_share": 0.5,
                                             "ci": [0.1, 0.9]}])
    return r.to_json(parameters={"groups": [{"name": "women"}, {"name": "men"}]},
                     probe_set_version="gender@v1")


def test_details_table_has_every_key_in_first_seen_order() -> None:
    cols, rows = views.detail_table(_payload())
    assert cols == ["template", "candidate", "group", "probability", "shift",
                    "hurtful_category"]
    assert rows[0][-1] is None and rows[1][-1] == "insult" and rows[1][1] == "rude"


@pytest.mark.parametrize("probe, has_shift_chart", [("template", True), ("weat", False)])
def test_run_view_draws_summary_charts_and_table(probe, has_shift_chart) -> None:
    view = views.run_view(_payload(probe))
    assert "Based on **n = 4**" in view.summary and "small" in view.summary
    assert [list(view.group_chart.data[0].x)] == [["women (n=2)"]]
    assert (view.shift_chart is not None) == has_shift_chart
    assert len(view.rows) == 2 and view.payload["probe"] == probe


@pytest.mark.parametrize("label, expected", [("gender-en@v3", ("gender-en", 3)),
                                             ("a@b@v12", ("a@b", 12))])
def test_probe_set_labels_parse(label, expected) -> None:
    assert views.parse_set_label(label) == expected


@pytest.mark.parametrize("label", ["gender-en", "@v3", "x@vthree", ""])
def test_a_malformed_probe_set_label_is_a_clear_error(label) -> None:
    with pytest.raises(BadInput, match="expected NAME@vN"):
        views.parse_set_label(label)


@pytest.mark.parametrize("text, message", [("{", "not valid JSON"),
                                           ("[1, 2]", "must be a JSON object")])
def test_the_json_view_names_its_mistake(text, message) -> None:
    with pytest.raises(BadInput, match=message) as err:
        views.json_object(text)
    assert err.value.field == "parameters"


def test_json_view_round_trips_a_probe_form() -> None:
    row = forms.FormRow(actions.other_probes())
    values = [v for p in row.probes for v in forms.to_form(p, p.default_params())]
    text = actions.form_as_json(row, "weat", values)
    filled = actions.json_form(row, "weat", text.replace('"he"', '"nephew"'), keep="KEEP")
    weat = row.values("weat", filled)
    assert "nephew" in "\n".join(str(v) for v in weat)
    others = [v for p in row.probes if p.name != "weat" for v in row.values(p.name, filled)]
    assert set(others) == {"KEEP"}  # the other probes' widgets are left as they are


def test_form_row_rejects_an_unknown_probe() -> None:
    row = forms.FormRow([get("weat"), get("pairs")])
    with pytest.raises(BadInput, match="unknown probe 'nope'"):
        row.values("nope", [])


@pytest.mark.parametrize("run", [
    lambda values: actions.run_template(None, None, "smollm2-135m", None, values),
    lambda values: actions.run_other(None, forms.FormRow([get("weat")]), "weat", "minilm", None,
                                     forms.to_form(get("weat"), get("weat").default_params())),
])
def test_running_a_probe_needs_a_signed_in_user(run) -> None:
    from glasshouse.errors import PermissionDenied

    with pytest.raises(PermissionDenied, match="running probes"):
        run(actions.template_defaults("en"))


# ------------------------------------------------------------------ saved runs


def test_saved_run_pickers_keep_their_picks_or_show_the_newest(sqlite_db, curator) -> None:
    a = service.save_run(sqlite_db, _payload(effect=0.3), actor=curator)
    b = service.save_run(sqlite_db, _payload(effect=0.5), actor=curator)
    c = service.save_run(sqlite_db, _payload(effect=0.7), actor=curator)
    newest = [r.id for r in service.list_runs(sqlite_db)]
    shown = actions.saved_runs(sqlite_db)
    assert (shown.first, shown.second) == (newest[0], newest[1])
    assert [row[0] for row in shown.table] == newest and {a, b, c} == set(newest)
    assert all(label.startswith("Fill-in-the-blank templates (women vs men)")
               for label, _ in shown.choices)
    kept = actions.saved_runs(sqlite_db, a, "gone")
    assert (kept.first, kept.second) == (a, newest[1])  # a run that no longer exists


def test_a_reload_brings_back_the_picked_runs_and_their_comparison(sqlite_db, curator,
                                                                  tmp_path,
                                                                  monkeypatch) -> None:
    monkeypatch.setenv("GLASSHOUSE_DATA_DIR", str(tmp_path))
    a = service.save_run(sqlite_db, _payload(effect=0.3), actor=curator)
    b = service.save_run(sqlite_db, _payload(effect=0.5), actor=curator)
    row = forms.FormRow(actions.other_probes())
    restored = actions.restore(sqlite_db, "cora", row, keep=None)
    assert restored.template is None and restored.other is None and restored.comparison is None
    compared = actions.compare(sqlite_db, "cora", b, a)  # the older one second
    back = actions.restore(sqlite_db, "cora", row, keep=None)
    assert (back.saved.first, back.saved.second) == (b, a)
    assert back.comparison == compared and back.comparison["effect_change"] == \
        pytest.approx(-0.2)
    assert actions.restore(sqlite_db, "vic", row, keep=None).comparison is None
