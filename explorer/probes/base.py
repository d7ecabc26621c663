"""What every probe declares, and the typed result every probe returns."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError

from glasshouse.errors import BadInput

Progress = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    return None


@dataclass(frozen=True)
class ProbeResult:
    """One probe run. `effect` is the headline number (its meaning is in `effect_label`);
    `ci` a bootstrap interval of it; `p_value` a permutation-test p-value or None."""

    probe: str
    model: str
    n: int
    effect: float
    effect_label: str
    ci: tuple[float, float]
    p_value: float | None
    details: list[dict[str, Any]]
    caveat: str
    groups: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self, *, parameters: dict[str, Any] | None = None,
                probe_set_version: str | None = None) -> dict[str, Any]:
        """The contract's `probe --json` object (also the `probe_run` evidence payload)."""
        def clean(x: Any) -> Any:
            if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
                return None
            return x

        out = asdict(self)
        out["ci"] = [clean(float(self.ci[0])), clean(float(self.ci[1]))]
        out["effect"] = clean(float(self.effect))
        out["p_value"] = None if self.p_value is None else clean(float(self.p_value))
        out["parameters"] = parameters or {}
        out["probe_set_version"] = probe_set_version
        return out


class Probe:
    """Base of every probe module. Subclasses set the class attributes and implement run()."""

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    languages: ClassVar[tuple[str, ...]]
    model_kinds: ClassVar[tuple[str, ...]]
    Params: ClassVar[type[BaseModel]]
    caveat: ClassVar[str]

    def default_params(self, language: str = "en") -> BaseModel:
        raise NotImplementedError

    def parse_params(self, raw: dict[str, Any] | BaseModel | None, *, file: str | None = None,
                     language: str = "en") -> BaseModel:
        if raw is None:
            return self.default_params(language)
        if isinstance(raw, self.Params):
            return raw
        if isinstance(raw, BaseModel):
            raw = raw.model_dump()
        try:
            return self.Params.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err.get("loc", ()))
            raise BadInput(err.get("msg", "invalid value"), file=file,
                           field=where or None) from None

    def run(self, params: BaseModel, model: str, progress: Progress = no_progress) -> ProbeResult:
        raise NotImplementedError
