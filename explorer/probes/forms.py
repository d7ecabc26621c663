"""A probe's form: the project's one form builder (glasshouse.param_form) applied to the probe's
parameter model, with the probe's plain-language labels and its languages as the choices of
`language`; and the forms of several probes laid end to end (the "other probes" sub-tab shows
one form per probe, only the picked one visible). No gradio here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from glasshouse import param_form
from glasshouse.errors import BadInput
from glasshouse.param_form import FormField


def form_fields(probe: Any) -> list[FormField]:
    """The form of a probe, generated from its parameter model and its declared labels."""
    return param_form.form_fields(probe.Params, labels=probe.label,
                                  choices={"language": probe.languages})


def to_form(probe: Any, params: BaseModel | dict[str, Any]) -> list[Any]:
    """Widget values (in form_fields order) showing `params`."""
    return param_form.to_widgets(form_fields(probe), params)


def from_form(probe: Any, values: Sequence[Any]) -> dict[str, Any]:
    """Raw parameters from widget values (validate with probe.parse_params). A table cell whose
    field is a list is split on ';'. Problems name the parameter and the table row."""
    fields = form_fields(probe)
    if len(values) != len(fields):
        raise BadInput(f"expected {len(fields)} form values, got {len(values)}", field="form")
    return param_form.raw_values(fields, {f.name: v for f, v in zip(fields, values)})


class FormRow:
    """The forms of several probes side by side in one list of widget values."""

    def __init__(self, probes: Sequence[Any]) -> None:
        self.probes = list(probes)
        self.sizes = {p.name: len(form_fields(p)) for p in self.probes}

    def _start(self, name: str) -> int:
        start = 0
        for p in self.probes:
            if p.name == name:
                return start
            start += self.sizes[p.name]
        raise BadInput(f"unknown probe '{name}'", field="probe")

    def values(self, name: str, values: Sequence[Any]) -> list[Any]:
        """The widget values of probe `name`'s form."""
        start = self._start(name)
        return list(values[start:start + self.sizes[name]])

    def params(self, name: str, values: Sequence[Any]) -> dict[str, Any]:
        """Raw parameters of probe `name` from all widget values."""
        probe = next(p for p in self.probes if p.name == name)
        return from_form(probe, self.values(name, values))

    def fill(self, name: str, params: BaseModel | dict[str, Any], keep: Any) -> list[Any]:
        """Values for every widget: probe `name`'s form shows `params`, the others `keep`."""
        self._start(name)
        out: list[Any] = []
        for p in self.probes:
            out += to_form(p, params) if p.name == name else [keep] * self.sizes[p.name]
        return out
