"""The probe registry (the core `Registry`): one module per probe registers one instance here.
Adding a probe takes its module (any module of this package that uses `@register` is found
and imported on first use) and its test: two files."""

from __future__ import annotations

from glasshouse.registry import Registry, plugin_modules

from explorer.probes.base import Probe

# the built-in probes keep this order in menus; any other probe module follows
PROBE_MODULES = plugin_modules("explorer.probes", "\n@register\n",
                               first=("template", "pairs", "weat", "counterfactual",
                                      "generation"))
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
