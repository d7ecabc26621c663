"""The probe registry (the core `Registry`): one module per probe registers one instance here.
Adding a probe takes its module (listed in PROBE_MODULES or imported by the caller) and its test."""

from __future__ import annotations

from glasshouse.registry import Registry

from explorer.probes.base import Probe

PROBE_MODULES = (
    "explorer.probes.template", "explorer.probes.pairs", "explorer.probes.weat",
    "explorer.probes.counterfactual", "explorer.probes.generation",
)
PROBES: Registry[Probe] = Registry("probe", modules=PROBE_MODULES)


def register(probe_cls: type[Probe]) -> type[Probe]:
    """Class decorator: register one instance of the probe (a second one of the same name is
    refused by the registry)."""
    PROBES.register(probe_cls())
    return probe_cls


def all_probes() -> list[Probe]:
    return PROBES.all()


def get(name: str) -> Probe:
    return PROBES.get(name)


def names() -> list[str]:
    return PROBES.names()
