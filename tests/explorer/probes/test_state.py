"""A person's last probe results survive a page reload (issue 19.7): the state service keeps the
last run of each sub-tab and the picked saved runs per user, in their workspace; the tab's
page-load callback shows them again (summary, chart, form, pickers)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from glasshouse.errors import BadInput
from explorer.probes import state
from explorer.probes.base import ProbeResult


def _payload(probe: str = "weat", effect: float = 0.4, model: str = "minilm") -> dict:
    r = ProbeResult(probe=probe, model=model, n=16, effect=effect, effect_label="effect size",
                    ci=(effect - 0.2, effect + 0.2), p_value=0.03,
                    details=[{"word": "nurse", "association": 0.12}], caveat="Small lists.",
                    groups=[{"group": "gender", "n": 16, "ci": [0.1, 0.6]}])
    return r.to_json(parameters={"language": "en"}, probe_set_version="edited in the UI")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSHOUSE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_nothing_kept_gives_an_empty_state(data_dir) -> None:
    kept = state.last_state("ada")
    assert kept.empty and kept.last("template") is None and kept.last("other") is None


def test_each_tab_keeps_its_last_run_per_user(data_dir) -> None:
    state.remember_run("ada", "template", _payload("template", 0.1, "smollm2-135m"))
    state.remember_run("ada", "other", _payload("weat", 0.4))
    state.remember_run("ada", "other", _payload("pairs", 0.7))  # replaces the weat run
    state.remember_run("vic", "other", _payload("weat", -0.3))
    ada, vic = state.last_state("ada"), state.last_state("vic")
    assert ada.template["probe"] == "template" and ada.template["effect"] == 0.1
    assert (ada.other["probe"], ada.other["effect"]) == ("pairs", 0.7)
    assert vic.template is None and vic.other["effect"] == -0.3
    assert ada.other == json.loads(json.dumps(_payload("pairs", 0.7)))  # the whole payload


def test_picked_saved_runs_are_kept_beside_the_runs(data_dir) -> None:
    state.remember_run("ada", "other", _payload())
    state.remember_picks("ada", "run-1", "")
    kept = state.last_state("ada")
    assert (kept.first_run, kept.second_run) == ("run-1", None)
    assert kept.other["probe"] == "weat"  # picking runs leaves the last run alone


def test_loading_a_dataset_leaves_probe_results_and_forget_removes_them(data_dir) -> None:
    import pandas as pd

    from explorer.datasets.loading import LoadedTable
    from explorer.datasets.workspace import store

    state.remember_run("ada", "other", _payload())
    table = LoadedTable(pd.DataFrame({"text": ["a", "b"]}), "t.csv", "csv", "utf-8", False)
    store().save_table("ada", table, text_column="text")
    assert state.last_state("ada").other["probe"] == "weat"
    store().forget("ada")
    assert state.last_state("ada").empty


@pytest.mark.parametrize("tab, payload, field", [
    ("sideways", _payload(), "tab"),
    ("other", {"probe": "weat", "effect": 1.0}, "payload"),
])
def test_what_is_not_a_run_is_refused(data_dir, tab, payload, field) -> None:
    with pytest.raises(BadInput) as err:
        state.remember_run("ada", tab, payload)
    assert err.value.field == field


def test_a_damaged_state_file_is_ignored_rather_than_breaking_the_page(data_dir) -> None:
    from explorer.datasets.workspace import user_key

    state.remember_run("ada", "other", _payload())
    path = data_dir / "workspaces" / user_key("ada") / "state" / "probes.json"
    assert path.exists()
    path.write_text('{"other": {"probe": "weat"}, "picks": 7, "template": ', encoding="utf-8")
    assert state.last_state("ada").empty
    path.write_text('{"other": {"probe": "weat"}, "picks": ["a"]}', encoding="utf-8")
    assert state.last_state("ada").empty  # not a run, not two picks


def test_results_too_large_to_keep_are_refused_with_a_reason(data_dir, monkeypatch) -> None:
    from explorer.datasets import workspace

    monkeypatch.setattr(workspace, "MAX_RESULTS_BYTES", 200)
    with pytest.raises(BadInput, match="too large to keep"):
        state.remember_run("ada", "other", _payload())


@pytest.mark.parametrize("area", ["", "../x", "Probes", "a/b"])
def test_area_names_cannot_leave_the_users_folder(data_dir, area) -> None:
    from explorer.datasets.workspace import save_state

    with pytest.raises(BadInput):
        save_state("ada", area, {})


# ------------------------------------------------------------------ through the tab's callbacks


@pytest.fixture
def throwaway():
    from explorer.probes.registry import PROBES
    from tests.explorer.probes.test_throwaway_probe import ShiftProbe

    probe = PROBES.register(ShiftProbe())
    yield probe
    PROBES.unregister(probe.name)


def _no_progress(*_args, **_kwargs) -> None:
    return None


def test_a_reload_shows_the_last_run_with_its_form_for_that_user_only(data_dir,
                                                                      throwaway) -> None:
    from explorer.probes import actions, forms
    from tests.support.tab_callbacks import callbacks, skipped

    cb = callbacks("explorer.probes.ui")
    ada, vic = SimpleNamespace(username="ada"), SimpleNamespace(username="vic")
    nothing = cb["on_restore"](ada)  # nothing kept yet: the page stays as built, and says
    assert skipped(nothing[:-1]) and "data-restored" in nothing[-1]  # that it is done

    row = forms.FormRow(actions.other_probes())
    values = [v for p in row.probes for v in forms.to_form(p, p.default_params())]
    names = [f.name for f in forms.form_fields(throwaway)]
    pos = sum(row.sizes[p.name] for p in row.probes[:row.probes.index(throwaway)]) + \
        names.index("changes")
    assert json.loads(values[pos]) == [0.1, -0.2, 0.05]  # the defaults, as JSON
    values[pos] = "[0.5, 0.7, 0.6, 0.4, 0.8, 0.9, 0.55, 0.65]"
    summary, chart, table, payload, note = cb["run_other"](
        "throwaway-shift", "no-model", None, ada, _no_progress, *values)
    assert "beyond what chance explains" in summary and note == ""

    back = cb["on_restore"](ada)  # a page reload
    assert summary in back  # the verdict sentence, as shown after the run
    assert payload in back  # the run to save as evidence
    assert "throwaway-shift" in back  # the probe picked again
    figures = [v for v in back if type(v).__name__ == "Figure"]
    assert any(list(f.data[0].y) == [pytest.approx(payload["effect"])] for f in figures)
    restored_changes = [v for v in back if isinstance(v, str) and v.startswith("[")
                        and "0.65" in v]
    assert json.loads(restored_changes[0]) == [0.5, 0.7, 0.6, 0.4, 0.8, 0.9, 0.55, 0.65]
    assert skipped(cb["on_restore"](vic)[:-1])  # another user sees nothing of it


def test_a_reload_shows_the_last_template_run_with_its_edited_form(data_dir) -> None:
    """The fill-in-the-blank sub-tab: its last run (kept as a run leaves it) comes back with
    the templates it used, not the built-in ones."""
    from explorer.probes import forms
    from explorer.probes.registry import get
    from explorer.probes.views import summary_markdown
    from tests.support.tab_callbacks import callbacks

    probe = get("template")
    params = {**probe.default_params("en").model_dump(), "templates": [
        {"text": "{group} works as a [BLANK].", "candidates": ["nurse", "pilot"]}]}
    payload = _payload("template", 0.2, "smollm2-135m")
    payload["parameters"] = probe.parse_params(params).model_dump()
    payload["details"] = [{"template": "{group} works as a [BLANK].", "candidate": c,
                           "group": "women", "probability": 0.4, "shift": 0.1}
                          for c in ("nurse", "pilot")]
    state.remember_run("ada", "template", payload)
    back = callbacks("explorer.probes.ui")["on_restore"](SimpleNamespace(username="ada"))
    fields = [f.name for f in forms.form_fields(probe)]
    # the model, then the form in field order
    assert back[0] == "smollm2-135m"
    templates = back[1 + fields.index("templates")]
    assert templates == [["{group} works as a [BLANK].", "nurse; pilot"]]
    assert back[1 + len(fields)] == summary_markdown(payload)
    assert back[1 + len(fields) + 4] == payload
