"""CO2 estimate for training: energy = power x hours x PUE; emissions = energy x grid intensity.

Published figures used (rounded; update them from the sources when you can):
- Grid carbon intensity, gCO2e per kWh of electricity generated, year 2023: Ember,
  "Yearly electricity data" (https://ember-energy.org/data/yearly-electricity-data/),
  values rounded to the nearest unit. Checked on 2026-11-23 against Our World in Data's table of
  Ember's 2023 figures (https://ourworldindata.org/grapher/carbon-intensity-electricity) for
  world (481), Australia, Brazil, Canada, China, Egypt (corrected from 470 to 570), France,
  Germany, India, Norway, Poland and Sweden; the other regions are still unchecked.
- Hardware power: the vendor's thermal design power (TDP / max board power) from the product
  datasheet. Training rarely runs at TDP all the time, so this is an upper-bound style estimate.
The method follows Lacoste et al. (2019), "Quantifying the Carbon Emissions of Machine Learning"
(the ML CO2 Impact calculator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from glasshouse.errors import BadInput

INTENSITY_SOURCE = "Ember, Yearly electricity data (2023), gCO2e/kWh"
TDP_SOURCE = "vendor datasheets (TDP / max board power)"

# region -> (label, gCO2e/kWh)
GRID_INTENSITY: dict[str, tuple[str, float]] = {
    "world": ("World average", 481),
    "eu": ("European Union", 244),
    "fr": ("France", 56),
    "de": ("Germany", 381),
    "se": ("Sweden", 41),
    "no": ("Norway", 30),
    "pl": ("Poland", 662),
    "es": ("Spain", 174),
    "it": ("Italy", 288),
    "nl": ("Netherlands", 268),
    "gb": ("United Kingdom", 238),
    "us": ("United States", 369),
    "ca": ("Canada", 170),
    "br": ("Brazil", 98),
    "cn": ("China", 582),
    "in": ("India", 713),
    "jp": ("Japan", 485),
    "kr": ("South Korea", 436),
    "au": ("Australia", 549),
    "za": ("South Africa", 709),
    "sa": ("Saudi Arabia", 557),
    "ae": ("United Arab Emirates", 402),
    "eg": ("Egypt", 570),
}

# hardware -> (label, watts)
HARDWARE_WATTS: dict[str, tuple[str, float]] = {
    "h100-sxm": ("NVIDIA H100 SXM", 700),
    "h100-pcie": ("NVIDIA H100 PCIe", 350),
    "a100-sxm": ("NVIDIA A100 SXM", 400),
    "a100-pcie": ("NVIDIA A100 PCIe 40GB", 250),
    "v100": ("NVIDIA V100 SXM2", 300),
    "a10": ("NVIDIA A10", 150),
    "l4": ("NVIDIA L4", 72),
    "t4": ("NVIDIA T4", 70),
    "rtx-4090": ("NVIDIA GeForce RTX 4090", 450),
    "rtx-3090": ("NVIDIA GeForce RTX 3090", 350),
    "cpu-server": ("Server CPU, one socket (typical 200 W)", 200),
    "laptop": ("Laptop (typical 45 W)", 45),
}


class Co2Input(BaseModel):
    """Either a measured value, or hardware + hours + region for an estimate."""

    measured_kg: float | None = Field(None, ge=0, description="measured kg CO2eq (e.g. from codecarbon)")
    measured_source: str | None = None
    hardware: str | None = None
    count: int = Field(1, ge=1, le=100_000)
    watts: float | None = Field(None, gt=0, description="override the hardware's power")
    hours: float | None = Field(None, gt=0)
    region: str | None = None
    intensity_g_per_kwh: float | None = Field(None, gt=0, description="override the region's figure")
    pue: float = Field(1.0, ge=1.0, le=3.0, description="data-centre overhead (1.0 = none)")
    training_type: Literal["pre-training", "fine-tuning"] = "fine-tuning"

    @model_validator(mode="after")
    def _enough(self) -> "Co2Input":
        if self.measured_kg is None:
            if self.hours is None:
                raise ValueError("give the training hours, or a measured value")
            if self.hardware is None and self.watts is None:
                raise ValueError("give the hardware (or its watts), or a measured value")
            if self.region is None and self.intensity_g_per_kwh is None:
                raise ValueError("give the region (or its grid intensity), or a measured value")
        return self


@dataclass(frozen=True)
class Co2Estimate:
    emissions_g: float
    energy_kwh: float | None
    hardware_label: str | None
    region_label: str | None
    source: str
    training_type: str
    sentence: str

    def metadata(self) -> dict:
        """The Hub's `co2_eq_emissions` object (emissions in grams)."""
        out: dict = {"emissions": round(self.emissions_g, 2), "source": self.source,
                     "training_type": self.training_type}
        if self.region_label:
            out["geographical_location"] = self.region_label
        if self.hardware_label:
            out["hardware_used"] = self.hardware_label
        return out


def estimate(spec: Co2Input) -> Co2Estimate:
    if spec.measured_kg is not None:
        src = spec.measured_source or "measured"
        return Co2Estimate(spec.measured_kg * 1000, None, None, None, src, spec.training_type,
                           f"Training emitted {spec.measured_kg:.3g} kg CO2eq (measured; "
                           f"source: {src}).")
    hw_label = None
    watts = spec.watts
    if spec.hardware is not None:
        if spec.hardware not in HARDWARE_WATTS:
            raise BadInput(f"unknown hardware '{spec.hardware}'; known: "
                           + ", ".join(HARDWARE_WATTS), field="hardware")
        hw_label, table_watts = HARDWARE_WATTS[spec.hardware]
        watts = watts or table_watts
    region_label = None
    intensity = spec.intensity_g_per_kwh
    if spec.region is not None:
        key = spec.region.lower()
        if key not in GRID_INTENSITY:
            raise BadInput(f"unknown region '{spec.region}'; known: " + ", ".join(GRID_INTENSITY),
                           field="region")
        region_label, table_intensity = GRID_INTENSITY[key]
        intensity = intensity or table_intensity
    assert watts is not None and intensity is not None and spec.hours is not None
    kwh = watts * spec.count * spec.hours * spec.pue / 1000
    grams = kwh * intensity
    hw_text = f"{spec.count} x {hw_label or 'device'} at {watts:g} W"
    sentence = (f"Estimated {grams / 1000:.3g} kg CO2eq: {hw_text} for {spec.hours:g} h"
                f"{f' (PUE {spec.pue:g})' if spec.pue != 1 else ''} = {kwh:.3g} kWh, at "
                f"{intensity:g} gCO2e/kWh ({region_label or 'given intensity'}). Sources: "
                f"{INTENSITY_SOURCE}; {TDP_SOURCE}. Caveat: assumes the hardware drew its full "
                "rated power the whole time and leaves out manufacturing, storage and cooling "
                "beyond the PUE, so treat it as an order of magnitude.")
    return Co2Estimate(grams, kwh, hw_label, region_label,
                       "estimate (Glasshouse; Lacoste et al. 2019 method)", spec.training_type,
                       sentence)
