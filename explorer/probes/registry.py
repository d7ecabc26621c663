"""The probe registry: one module per probe registers one instance here."""

from __future__ import annotations

import importlib

from glasshouse.errors import NotFound

from explorer.probes.base import Probe

PROBE_MODULES = (
    "explorer.probes.template", "explorer.probes.pairs", "explorer.probes.weat",
    "explorer.probes.counterfactual", "explorer.probes.generation",
)
_PROBES: dict[str, Probe] = {}


def register(probe_cls: type[Probe]) -> type[Probe]:
    _PROBES[probe_cls.name] = probe_cls()
    return probe_cls


def _load() -> None:
    for module in PROBE_MODULES:
        importlib.import_module(module)


def all_probes() -> list[Probe]:
    _load()
    return list(_PROBES.values())


def get(name: str) -> Probe:
    _load()
    try:
        return _PROBES[name]
    except KeyError:
        raise NotFound(f"no probe named '{name}'; probes are: "
                       f"{', '.join(sorted(_PROBES))}") from None
