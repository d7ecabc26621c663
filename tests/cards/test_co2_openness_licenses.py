"""CO2 estimates, the openness scorecard and licence classes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cards.co2 import Co2Input, estimate
from cards.licenses import HUB_LICENSES, hub_id_for, is_spdx, license_kind
from cards.openness import rate
from glasshouse.errors import BadInput


@pytest.fixture(scope="module")
def codecarbon_data():
    """codecarbon's own reader of its data files: the independent side of the comparison."""
    from codecarbon.input import DataSource

    src = DataSource()
    return {"mix": src.get_global_energy_mix_data(), "cloud": src.get_cloud_emissions_data(),
            "cpu": src.get_cpu_power_data(),
            "world": src.get_carbon_intensity_per_source_data()["world_average"]}


def _cloud(data, provider: str, region: str) -> float:
    c = data["cloud"]
    return float(c[(c.provider == provider) & (c.region == region)].impact.iloc[0])


def _cpu(data, name: str) -> float:
    p = data["cpu"]
    return float(p[p.Name == name].TDP.iloc[0])


@pytest.mark.parametrize("spec,watts,intensity,kwh", [
    ({"hardware": "a100-sxm", "hours": 4, "region": "FRA"}, 400, ("mix", "FRA"), 1.6),
    ({"hardware": "a100-sxm", "hours": 4, "region": "fr"}, 400, ("mix", "FRA"), 1.6),  # old key
    ({"hardware": "h100-sxm", "count": 8, "hours": 10, "region": "USA", "pue": 1.2}, 700,
     ("mix", "USA"), 67.2),
    ({"hardware": "cpu:AMD EPYC 7763", "hours": 2, "region": "cloud:gcp:europe-west1"},
     ("cpu", "AMD EPYC 7763"), ("cloud", "gcp", "europe-west1"), None),
    ({"hardware": "Intel Xeon Gold 6248", "hours": 1, "region": "world"},
     ("cpu", "Intel Xeon Gold 6248"), ("world",), None),
    ({"watts": 100, "hours": 1, "intensity_g_per_kwh": 500}, 100, 500, 0.1),
])
def test_co2_estimate_uses_codecarbon_figures(codecarbon_data, spec, watts, intensity, kwh):
    if isinstance(watts, tuple):
        watts = _cpu(codecarbon_data, watts[1])
    if isinstance(intensity, tuple):
        intensity = {"mix": lambda: codecarbon_data["mix"][intensity[-1]]["carbon_intensity"],
                     "cloud": lambda: _cloud(codecarbon_data, *intensity[1:]),
                     "world": lambda: codecarbon_data["world"]}[intensity[0]]()
    count, pue = spec.get("count", 1), spec.get("pue", 1.0)
    expected_kwh = watts * count * spec["hours"] * pue / 1000
    est = estimate(Co2Input.model_validate(spec))
    assert est.energy_kwh == pytest.approx(expected_kwh)
    if kwh is not None:
        assert est.energy_kwh == pytest.approx(kwh)
    assert est.emissions_g == pytest.approx(expected_kwh * intensity)
    assert est.metadata()["emissions"] == pytest.approx(round(expected_kwh * intensity, 2))


def test_co2_sentence_cites_the_codecarbon_version_and_the_data_year(codecarbon_data):
    from importlib.metadata import version

    est = estimate(Co2Input(hardware="t4", hours=3, region="DEU"))
    year = codecarbon_data["mix"]["DEU"]["year"]
    assert f"codecarbon {version('codecarbon')} data files (country energy mix, {year})" \
        in est.sentence
    assert "vendor datasheets" in est.sentence  # GPU power is not codecarbon's
    assert f"codecarbon {version('codecarbon')}" in est.metadata()["source"]


def test_co2_measured_value_is_kept_as_given():
    est = estimate(Co2Input(measured_kg=2.5, measured_source="codecarbon"))
    assert est.emissions_g == 2500.0 and est.energy_kwh is None
    assert "measured; source: codecarbon" in est.sentence


def test_every_codecarbon_country_and_cloud_region_is_offered(codecarbon_data):
    from cards import co2_data

    regions = co2_data.regions()
    countries = {k for k, v in codecarbon_data["mix"].items()
                 if isinstance(v.get("carbon_intensity"), (int, float))}
    assert countries <= set(regions)
    for key in countries:
        assert regions[key].g_per_kwh == pytest.approx(codecarbon_data["mix"][key]
                                                       ["carbon_intensity"])
    cloud = {f"cloud:{p}:{r}" for p, r in zip(codecarbon_data["cloud"].provider,
                                                codecarbon_data["cloud"].region)}
    assert cloud <= set(regions)
    assert regions["world"].g_per_kwh == codecarbon_data["world"]


@pytest.mark.parametrize("spec,needle", [
    ({"hardware": "a100-sxm", "region": "fr"}, "training hours"),
    ({"hours": 3, "region": "fr"}, "hardware"),
    ({"hardware": "t4", "hours": 3}, "region"),
    ({"hours": -1, "hardware": "t4", "region": "fr"}, "greater than 0"),
])
def test_incomplete_co2_input_is_refused(spec, needle):
    with pytest.raises(ValidationError, match=needle):
        Co2Input.model_validate(spec)


@pytest.mark.parametrize("spec,field", [
    ({"hardware": "abacus", "hours": 1, "region": "fr"}, "hardware"),
    ({"hardware": "t4", "hours": 1, "region": "atlantis"}, "region"),
])
def test_unknown_hardware_or_region_names_the_field(spec, field):
    with pytest.raises(BadInput) as err:
        estimate(Co2Input.model_validate(spec))
    assert err.value.field == field


CLASS3 = ("model_architecture", "model_parameters", "model_card", "data_card",
          "technical_report", "evaluation_results")
CLASS2 = CLASS3 + ("training_code", "inference_code", "evaluation_code", "evaluation_data",
                   "supporting_libraries")
CLASS1 = CLASS2 + ("data_preprocessing_code", "datasets", "intermediate_parameters",
                   "sample_outputs", "research_paper")


def _open(keys, **extra):
    return {**{k: "open" for k in keys}, **extra}


@pytest.mark.parametrize("ratings,licence,reached,missing", [
    ({}, None, None, CLASS3),
    # parameters and card take the card's licence; the rest of Class III is not published
    ({}, "apache-2.0", None, ("model_architecture", "data_card", "technical_report",
                               "evaluation_results")),
    (_open(CLASS3), None, 3, CLASS2[6:]),
    (_open(CLASS3[:-1]), "apache-2.0", None, ("evaluation_results",)),
    # a non-commercial licence on the weights keeps the release out of every class
    (_open(CLASS3, model_parameters="restricted"), None, None, ("model_parameters",)),
    (_open(CLASS2), None, 2, CLASS1[11:]),
    (_open(CLASS1), None, 1, ()),
    # a research paper stands in for the technical report
    (_open(CLASS1, technical_report="closed"), None, 1, ()),
    # everything of Class II but one piece of Class III: still no class
    (_open(CLASS2, data_card="restricted"), None, None, ("data_card",)),
])
def test_openness_class_reached_and_missing_for_the_next(ratings, licence, reached, missing):
    result = rate(ratings, license_id=licence)
    assert result.reached == reached
    assert set(result.missing_for_next) == set(missing)


def test_openness_badge_is_inline_svg_without_any_url():
    result = rate(_open(CLASS2))
    svg = result.badge_svg()
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "Class II" in svg and "Open Tooling" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert ("Missing for Class I (Open Science): Data preprocessing code (not published; needs "
            "an OSI-approved") in result.sentence()


def test_openness_rejects_unknown_ratings_and_maps_old_keys():
    with pytest.raises(BadInput, match="rating must be one of"):
        rate({"model_architecture": "sort of"})
    with pytest.raises(BadInput, match="unknown component"):
        rate({"vibes": "open"})
    assert rate({"weights": "restricted"}).ratings["model_parameters"] == "restricted"


@pytest.mark.parametrize("lic,cls", [
    ("apache-2.0", "permissive"), ("Apache-2.0", "permissive"), ("GPL-3.0-only", "copyleft"),
    ("cc-by-sa-4.0", "copyleft"), ("CC-BY-NC-SA-4.0", "non-commercial"),
    ("llama3", "restricted"), ("LicenseRef-ELRA-END-USER", "unknown"), (None, "unknown"),
])
def test_licence_classes(lic, cls):
    assert license_kind(lic) == cls


def test_hub_ids_and_spdx_are_recognised():
    assert hub_id_for("MIT") == "mit" and hub_id_for("LGPL-3.0-or-later") == "lgpl-3.0"
    assert hub_id_for("free-for-all") is None
    assert is_spdx("Apache-2.0") and is_spdx("MIT OR GPL-2.0-only") and not is_spdx("foo-1")
    assert len(HUB_LICENSES) > 80
