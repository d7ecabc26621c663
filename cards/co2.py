"""CO2 estimate for training: energy = power x hours x PUE; emissions = energy x grid intensity.

Figures come from codecarbon's data files, read at run time (cards.co2_data): country and
cloud-region carbon intensity, CPU thermal design power; GPU power from vendor datasheets
(codecarbon measures GPUs instead of tabulating them). The card's sentence names the codecarbon
version. The method follows Lacoste et al. (2019), "Quantifying the Carbon Emissions of Machine
Learning" (the ML CO2 Impact calculator).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from cards import co2_data


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
    hw_label, watts, hw_source = None, spec.watts, "power given by the author"
    if spec.hardware is not None:
        hw = co2_data.hardware(spec.hardware)
        hw_label = hw.label
        if watts is None:
            watts, hw_source = hw.watts, hw.source
    region_label, intensity = None, spec.intensity_g_per_kwh
    grid_source = "grid intensity given by the author"
    if spec.region is not None:
        reg = co2_data.region(spec.region)
        region_label = reg.label
        if intensity is None:
            intensity = reg.g_per_kwh
            grid_source = f"{co2_data.source_text()} ({reg.detail})"
    assert watts is not None and intensity is not None and spec.hours is not None
    kwh = watts * spec.count * spec.hours * spec.pue / 1000
    grams = kwh * intensity
    hw_text = f"{spec.count} x {hw_label or 'device'} at {watts:g} W"
    sources = "; ".join(dict.fromkeys((grid_source, hw_source)))
    sentence = (f"Estimated {grams / 1000:.3g} kg CO2eq: {hw_text} for {spec.hours:g} h"
                f"{f' (PUE {spec.pue:g})' if spec.pue != 1 else ''} = {kwh:.3g} kWh, at "
                f"{intensity:.4g} gCO2e/kWh ({region_label or 'given intensity'}). Sources: "
                f"{sources}. Caveat: assumes the hardware drew its full rated power the whole "
                "time and leaves out manufacturing, storage and cooling beyond the PUE, so treat "
                "it as an order of magnitude.")
    return Co2Estimate(grams, kwh, hw_label, region_label,
                       f"estimate (Glasshouse with {co2_data.source_text()}; Lacoste et al. 2019 "
                       "method)", spec.training_type, sentence)
