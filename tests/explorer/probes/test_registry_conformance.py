"""One conformance test over every registered probe: declared fields, defaults for every declared
language, and a small real run whose result has n, effect, CI, p-value, details and a caveat."""

from __future__ import annotations

import json
import math

import pytest
from pydantic import BaseModel

from explorer.probes.base import Probe, ProbeResult
from explorer.probes.registry import all_probes, get

# The smallest real configuration per probe (a new probe must add its own entry here).
SMALL: dict[str, tuple[str, dict]] = {
    "template": ("smollm2-135m", {
        "templates": [{"text": "{group} works as a [BLANK].",
                       "candidates": ["nurse", "mechanic", "criminal"]}],
        "groups": [{"name": "women", "terms": ["The woman", "My sister"]},
                   {"name": "men", "terms": ["The man", "My brother"]}],
        "lexicon": {"crime": ["criminal"]}, "n_boot": 200}),
    "pairs": ("smollm2-135m", {"pairs": [
        {"stereotypical": "She cried.", "anti_stereotypical": "He cried.", "bias_type": "gender"},
        {"stereotypical": "He fixed the car.", "anti_stereotypical": "She fixed the car.",
         "bias_type": "gender"}], "n_boot": 200}),
    "weat": ("minilm-en", {"target_x": ["man", "boy"], "target_y": ["woman", "girl"],
                           "attribute_a": ["office", "salary"], "attribute_b": ["home", "family"],
                           "n_boot": 200}),
    "counterfactual": ("profanity-en", {"texts": ["He is a damn good cook.", "She sings."],
                                        "swaps": [{"a": "he", "b": "she"}], "n_boot": 200}),
    "generation": ("smollm2-135m", {"prompts": ["{group} is"], "completions_per_prompt": 2,
                                    "max_new_tokens": 4,
                                    "groups": [{"name": "women", "terms": ["The woman"]},
                                               {"name": "men", "terms": ["The man"]}],
                                    "n_boot": 200}),
}
PROBES = all_probes()


def test_every_registered_probe_has_a_conformance_configuration() -> None:
    assert {p.name for p in PROBES} == set(SMALL)


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.name)
def test_probe_declares_name_languages_params_and_caveat(probe: Probe) -> None:
    assert get(probe.name) is probe
    assert probe.title and probe.description and len(probe.caveat) > 40
    assert probe.languages and all(len(lang) == 2 for lang in probe.languages)
    assert issubclass(probe.Params, BaseModel)
    assert probe.statistic and probe.test and len(probe.sides) == 2 and probe.min_n > 0
    assert isinstance(probe.null, float) and probe.default_model
    assert probe.ci_kind in ("test", "descriptive")
    from explorer.probes.base import COMMON_LABELS

    for key, f in probe.Params.model_fields.items():  # every parameter has a plain label
        assert f.title or key in probe.labels or key in COMMON_LABELS, key
    for lang in probe.languages:
        params = probe.default_params(lang)
        assert isinstance(params, probe.Params)
        assert params.language == lang
        again = probe.parse_params(json.loads(params.model_dump_json()))
        assert again == params


@pytest.mark.slow
@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.name)
def test_probe_run_returns_a_complete_typed_result(probe: Probe) -> None:
    model, raw = SMALL[probe.name]
    params = probe.parse_params(raw)
    result = probe.run(params, model)
    assert isinstance(result, ProbeResult)
    assert result.probe == probe.name and result.model == model
    assert result.n > 0 and math.isfinite(result.effect)
    lo, hi = result.ci
    assert lo <= hi or (math.isnan(lo) and math.isnan(hi))  # no interval from too few units
    assert result.p_value is None or 0.0 <= result.p_value <= 1.0
    assert result.details and all(isinstance(d, dict) for d in result.details)
    assert result.groups and all("group" in g and g["n"] > 0 for g in result.groups)
    assert result.caveat and result.effect_label
    out = json.loads(json.dumps(result.to_json(parameters=params.model_dump(),
                                               probe_set_version="test")))
    assert {"probe", "model", "n", "effect", "ci", "null", "p_value", "p_adjusted",
            "significant", "details", "caveat", "probe_set_version", "parameters"} <= set(out)
    assert out["null"] == probe.null and isinstance(out["significant"], bool)
    assert out["p_adjusted"] is None or out["p_adjusted"] >= out["p_value"]
    assert all({"group", "n", "p_adjusted", "significant", "finding"} <= set(g)
               for g in out["groups"])
    key = probe.main_metric[0]
    assert all(key in g for g in out["groups"])  # the chart's bars come from the declaration


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.name)
def test_bad_parameters_name_the_field(probe: Probe) -> None:
    from glasshouse.errors import BadInput

    with pytest.raises(BadInput) as err:
        probe.parse_params({"n_boot": 5}, file="cfg.json")
    assert err.value.file == "cfg.json" and err.value.field
