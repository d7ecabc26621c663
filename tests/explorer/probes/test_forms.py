"""Probe forms generated from their parameter models (glasshouse.param_form with the probe's
labels) round-trip, and the run summary judges results against the declared null."""

from __future__ import annotations

import pytest

from explorer.probes import forms, views
from explorer.probes.registry import get


def _pairs_payload(p_value, p_adjusted, significant, groups):
    return {"probe": "pairs", "model": "m", "n": 12, "effect": 0.75, "ci": [0.47, 0.91],
            "null": 0.5, "p_value": p_value, "p_adjusted": p_adjusted, "significant": significant,
            "min_n": 20, "effect_label": "share of pairs", "caveat": "Small set.",
            "probe_set_version": "builtin-1", "groups": groups}


def test_summary_shows_n_interval_null_verdict_and_caveat() -> None:
    text = views.summary_markdown(_pairs_payload(0.146, 0.29, False, [
        {"group": "gender", "n": 5, "share": 0.8, "ci": [0.38, 0.96], "p_value": 0.375,
         "p_adjusted": 0.375, "significant": False, "finding": False,
         "note": "too few pairs (n = 5 < 20) to call a finding"}]))
    for part in ("n = 12", "0.750", "0.470 to 0.910", "consistent with no difference from the "
                 "no-effect value 0.5", "p = 0.15, 0.29 after Holm", "Small set.",
                 "**gender** (n = 5)", "too few pairs (n = 5 < 20) to call a finding"):
        assert part in text, part
    assert "beyond what chance" not in text


def test_summary_separates_findings_from_small_groups() -> None:
    text = views.summary_markdown(_pairs_payload(0.001, 0.003, True, [
        {"group": "gender", "n": 40, "share": 0.8, "ci": [0.65, 0.9], "p_value": 0.0002,
         "p_adjusted": 0.0006, "significant": True, "finding": True},
        {"group": "age", "n": 6, "share": 1.0, "ci": [0.61, 1.0], "p_value": 0.03,
         "p_adjusted": 0.03, "significant": True, "finding": False,
         "note": "too few pairs (n = 6 < 20) to call a finding"},
        {"group": "race", "n": 1, "share": 1.0, "ci": [None, None], "p_value": 1.0,
         "p_adjusted": 1.0, "significant": False, "finding": False}]))
    assert "beyond what chance explains" in text
    assert "**gender** (n = 40): share preferring the stereotype 0.800 (95% interval 0.650 to " \
           "0.900); adjusted p < 0.001: **finding**" in text
    assert "age** (n = 6)" in text and "too few examples to call a finding" in text
    assert "no interval: too few examples" in text


# ------------------------------------------------------------------ generated forms


from explorer.probes.registry import all_probes  # noqa: E402

DEFAULTS = [(p, lang) for p in all_probes() for lang in p.languages]


@pytest.mark.parametrize("probe,language", DEFAULTS, ids=lambda x: getattr(x, "name", x))
def test_every_probe_form_round_trips_its_default_parameters(probe, language) -> None:
    params = probe.default_params(language)
    values = forms.to_form(probe, params)
    assert probe.parse_params(forms.from_form(probe, values)) == params
    fields = forms.form_fields(probe)
    assert all(f.label and f.kind != "json" for f in fields)  # no JSON needed for built-ins
    assert not any(f.label == f.name for f in fields if "_" in f.name)


def test_weat_word_lists_are_one_word_per_line() -> None:
    probe = get("weat")
    kinds = {f.name: f.kind for f in forms.form_fields(probe)}
    assert kinds["target_x"] == "lines" and kinds["target_x_name"] == "text"
    values = forms.to_form(probe, probe.default_params("en"))
    i = [f.name for f in forms.form_fields(probe)].index("target_x")
    values[i] = "man\n  boy \n\nhe"
    assert probe.parse_params(forms.from_form(probe, values)).target_x == ["man", "boy", "he"]


def test_tables_accept_a_dataframe_and_split_list_cells() -> None:
    import pandas as pd

    probe = get("generation")
    fields = forms.form_fields(probe)
    groups = next(f for f in fields if f.name == "groups")
    assert groups.kind == "table" and groups.columns[:2] == ("name", "terms")
    assert groups.column_labels[:2] == ("Group name", "Words for this group")
    values = forms.to_form(probe, probe.default_params())
    i = fields.index(groups)
    values[i] = pd.DataFrame([["women", "The woman; My mother"], ["men", "The man"],
                              ["", ""]], columns=["name", "terms"])
    parsed = probe.parse_params(forms.from_form(probe, values))
    assert [(g.name, g.terms) for g in parsed.groups] == [
        ("women", ["The woman", "My mother"]), ("men", ["The man"])]


def test_a_bad_table_cell_names_the_parameter() -> None:
    from glasshouse.errors import BadInput

    probe = get("pairs")
    values = forms.to_form(probe, probe.default_params())
    i = [f.name for f in forms.form_fields(probe)].index("pairs")
    values[i] = [["She cried.", "", "gender"]]
    with pytest.raises(BadInput) as err:
        probe.parse_params(forms.from_form(probe, values))
    assert err.value.field.startswith("pairs.0")
    values[i] = [["only one column"]]
    with pytest.raises(BadInput) as err:
        forms.from_form(probe, values)
    assert (err.value.field, err.value.row) == ("pairs", 1)


def test_a_run_without_usable_pairs_draws_no_conclusion() -> None:
    from explorer.probes.pairs import Pair

    pairs = [Pair(stereotypical="a", anti_stereotypical="b")] * 3
    r = get("pairs").summarise(pairs, [(-1.0, -1.0)] * 3, "m")  # every pair a tie
    payload = r.to_json()
    assert payload["n"] == 0 and payload["ties"] == 3 and payload["effect"] is None
    assert payload["p_value"] is None and payload["significant"] is False
    assert "No test could be run" in views.summary_markdown(payload)
