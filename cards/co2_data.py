"""Grid carbon intensity and hardware power from codecarbon's data files, read lazily at run
time from the installed `codecarbon` package (its files, not its tracker: nothing is measured
and nothing goes online).

- countries: data/private_infra/global_energy_mix.json, `carbon_intensity` in gCO2e/kWh with
  its `year` (codecarbon compiles it from Our World in Data / Ember);
- world average: data/private_infra/carbon_intensity_per_source.json, `world_average`;
- cloud regions: data/cloud/impact.csv, `impact` in gCO2e/kWh per provider region;
- CPUs: data/hardware/cpu_power.csv, thermal design power (TDP) in watts.
codecarbon measures GPUs through NVML instead of a table, so GPU power figures are the vendors'
datasheet values (TDP / max board power), kept in GPU_WATTS with that attribution.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from glasshouse.errors import BadInput

# GPU -> (label, watts): vendor datasheets (TDP / max board power); codecarbon ships no table
GPU_WATTS: dict[str, tuple[str, float]] = {
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
}
GPU_SOURCE = "vendor datasheets (GPU TDP / max board power)"
# a few common CPUs offered in the wizard; any name in codecarbon's CPU table is accepted
COMMON_CPUS = ("AMD EPYC 7763", "Intel Xeon Platinum 8380", "Intel Xeon Gold 6248", "Apple M2")
# region keys of drafts saved before this data source (ISO 3166 alpha-2) -> alpha-3
LEGACY_REGIONS = {
    "fr": "FRA", "de": "DEU", "se": "SWE", "no": "NOR", "pl": "POL", "es": "ESP", "it": "ITA",
    "nl": "NLD", "gb": "GBR", "us": "USA", "ca": "CAN", "br": "BRA", "cn": "CHN", "in": "IND",
    "jp": "JPN", "kr": "KOR", "au": "AUS", "za": "ZAF", "sa": "SAU", "ae": "ARE", "eg": "EGY"}


@dataclass(frozen=True)
class Region:
    key: str  # "world", an ISO 3166 alpha-3 code, or "cloud:<provider>:<region>"
    label: str
    g_per_kwh: float
    detail: str  # where the figure comes from inside codecarbon's data


@dataclass(frozen=True)
class Hardware:
    key: str
    label: str
    watts: float
    source: str


@lru_cache(maxsize=1)
def data_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("codecarbon")
    if spec is None or not spec.submodule_search_locations:
        raise BadInput("the codecarbon package is not installed, so CO2 cannot be estimated "
                       "from its data (pip install -r requirements.txt)", field="co2")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@lru_cache(maxsize=1)
def version() -> str:
    from importlib.metadata import version as v

    return v("codecarbon")


def source_text() -> str:
    return f"codecarbon {version()} data files"


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    base = data_dir()
    per_source = json.loads((base / "private_infra" / "carbon_intensity_per_source.json")
                            .read_text(encoding="utf-8"))
    out = {"world": Region("world", "World average", float(per_source["world_average"]),
                           "world average")}
    mix = json.loads((base / "private_infra" / "global_energy_mix.json")
                     .read_text(encoding="utf-8"))
    for iso, row in sorted(mix.items(), key=lambda kv: kv[1].get("country_name", kv[0])):
        if isinstance(row.get("carbon_intensity"), (int, float)):
            out[iso] = Region(iso, str(row.get("country_name") or iso),
                              float(row["carbon_intensity"]),
                              f"country energy mix, {row.get('year', 'year not stated')}")
    with (base / "cloud" / "impact.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            key = f"cloud:{row['provider']}:{row['region']}"
            place = ", ".join(x for x in (row.get("city"), row.get("country_name")) if x)
            out[key] = Region(key, f"{row['providerName']} {row['region']} ({place})",
                              float(row["impact"]), "cloud provider region")
    return out


@lru_cache(maxsize=1)
def cpu_watts() -> dict[str, tuple[str, float]]:
    """lower-case CPU name -> (name as codecarbon spells it, TDP in watts). Rows whose TDP is
    not a number (the table has a few, e.g. '27.29.5') are left out."""
    out: dict[str, tuple[str, float]] = {}
    with (data_dir() / "hardware" / "cpu_power.csv").open(encoding="utf-8-sig",
                                                           newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("Name") or "").strip()
            try:
                watts = float(row.get("TDP") or "")
            except ValueError:
                continue
            if name and watts > 0:
                out.setdefault(name.lower(), (name, watts))
    return out


def region(key: str) -> Region:
    table = regions()
    k = key.strip()
    k = LEGACY_REGIONS.get(k.lower(), k)
    found = table.get(k) or table.get(k.upper())
    if found is None:
        raise BadInput(f"unknown region '{key}': give a country code such as FRA or USA, "
                       "'world', or a cloud region such as cloud:gcp:europe-west1", field="region")
    return found


def hardware(key: str) -> Hardware:
    k = key.strip()
    if k in GPU_WATTS:
        label, watts = GPU_WATTS[k]
        return Hardware(k, label, watts, GPU_SOURCE)
    found = cpu_watts().get(k.removeprefix("cpu:").strip().lower())
    if found is None:
        raise BadInput(f"unknown hardware '{key}': choose a GPU from the list ("
                       + ", ".join(GPU_WATTS) + ") or a CPU name from codecarbon's table, "
                       "e.g. 'AMD EPYC 7763'", field="hardware")
    name, watts = found
    return Hardware(f"cpu:{name}", name, watts, f"{source_text()} (CPU TDP)")
