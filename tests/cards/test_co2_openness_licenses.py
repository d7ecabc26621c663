"""CO2 estimates, the openness scorecard and licence classes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cards.co2 import GRID_INTENSITY, HARDWARE_WATTS, Co2Input, estimate
from cards.licenses import HUB_LICENSES, hub_id_for, is_spdx, license_kind
from cards.openness import score
from glasshouse.errors import BadInput


@pytest.mark.parametrize("spec,grams,kwh", [
    ({"hardware": "a100-sxm", "hours": 4, "region": "fr"}, 400 * 4 / 1000 * 56, 1.6),
    ({"hardware": "h100-sxm", "count": 8, "hours": 10, "region": "us", "pue": 1.2},
     700 * 8 * 10 * 1.2 / 1000 * 369, 67.2),
    ({"watts": 100, "hours": 1, "intensity_g_per_kwh": 500}, 50.0, 0.1),
    ({"measured_kg": 2.5, "measured_source": "codecarbon"}, 2500.0, None),
])
def test_co2_estimate_from_power_hours_and_grid(spec, grams, kwh):
    est = estimate(Co2Input.model_validate(spec))
    assert est.emissions_g == pytest.approx(grams)
    assert est.energy_kwh == (pytest.approx(kwh) if kwh is not None else None)
    meta = est.metadata()
    assert meta["emissions"] == pytest.approx(round(grams, 2))
    assert meta["source"]


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
def test_unknown_table_keys_name_the_field(spec, field):
    with pytest.raises(BadInput) as err:
        estimate(Co2Input.model_validate(spec))
    assert err.value.field == field


def test_tables_hold_plausible_published_figures():
    assert all(10 <= g <= 1000 for _, g in GRID_INTENSITY.values())
    assert all(40 <= w <= 1000 for _, w in HARDWARE_WATTS.values())


@pytest.mark.parametrize("ratings,licence,level,points", [
    ({k: "open" for k in ("weights", "training_code", "training_data", "inference_code",
                          "documentation")}, "apache-2.0", "open", 1.0),
    ({}, None, "closed", 0.0),
    ({"weights": "open", "inference_code": "open"}, "llama3", "partly open", 2.5 / 6),
    ({"weights": "restricted"}, "cc-by-nc-4.0", "partly open", 1 / 6),
])
def test_openness_scorecard(ratings, licence, level, points):
    card = score(ratings, license_id=licence)
    assert card.level == level and card.score == pytest.approx(points, abs=1e-3)
    assert card.table_markdown().count("\n") == 7
    assert card.badge_markdown().startswith("![Openness: ")


def test_openness_rejects_unknown_ratings():
    with pytest.raises(BadInput, match="rating must be one of"):
        score({"weights": "sort of"})


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
