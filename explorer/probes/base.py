"""The probe contract: what every probe declares (read by the UI, CLI, charts and card drafting,
never restated there) and the typed result and evidence payload every probe returns.

A probe declares, besides its name, languages and parameter model:
- `statistic`: its headline number in words, and `null`: that number's no-effect value;
- `sides`: what a value above and below the null means;
- `test`: how the headline and the per-group results are tested;
- `main_metric` (per-group key and label), `default_model`, `model_choices`, `min_n`.

Every result carries its n, interval, null, a two-sided p-value, the Holm-adjusted p-value over
the family (the headline test plus every per-group test of the run) and whether that adjusted
p is at most `ALPHA`. A group result is only called a finding when it is significant after the
correction AND rests on at least the probe's `min_n` units.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from glasshouse.errors import BadInput
from glasshouse.stats import holm

Progress = Callable[[float, str], None]
ALPHA = 0.05
CORRECTION = "holm"
CiKind = Literal["test", "descriptive"]


def no_progress(_fraction: float, _message: str) -> None:
    return None


def _clean(x: Any) -> Any:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    return x


@dataclass(frozen=True)
class ProbeResult:
    """One probe run. `effect` is the headline number (its meaning is in `effect_label`, its
    no-effect value in `null`); `ci` its 95% interval (`ci_kind` "descriptive" when the interval
    cannot serve as a test, e.g. for a distance that is never below its null); `p_value` the
    two-sided p of the headline test, `p_adjusted` after the correction across the run's tests."""

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
    null: float | None = None
    p_adjusted: float | None = None
    significant: bool = False
    statistic: str = ""
    ci_kind: CiKind = "test"
    alpha: float = ALPHA
    correction: str = CORRECTION
    min_n: int = 0
    test: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self, *, parameters: dict[str, Any] | None = None,
                probe_set_version: str | None = None) -> dict[str, Any]:
        """The contract's `probe --json` object (also the `probe_run` evidence payload)."""
        out = asdict(self)
        extra = out.pop("extra")
        out["ci"] = [float(self.ci[0]), float(self.ci[1])]
        out["effect"] = float(self.effect)
        out = _clean({**out, **extra})
        out["parameters"] = parameters or {}
        out["probe_set_version"] = probe_set_version
        return out


class GroupPayload(BaseModel):
    """One per-group result (its main number sits under the probe's `main_metric` key)."""

    model_config = ConfigDict(extra="allow")
    group: str
    n: int = Field(ge=0)
    ci: tuple[float | None, float | None] | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    significant: bool = False
    finding: bool = False
    note: str = ""


class ProbePayload(BaseModel):
    """The `probe_run` evidence payload as stored and as printed by `probe --json`; the cards
    import this model rather than declaring their own. Fields added by the contract are optional
    so that runs stored before it still load (then `null` is None and no verdict is drawn)."""

    model_config = ConfigDict(extra="ignore")
    probe: str
    model: str
    n: int = Field(ge=0)
    effect: float | None
    effect_label: str = ""
    ci: tuple[float | None, float | None]
    ci_kind: CiKind = "test"
    null: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    significant: bool | None = None
    alpha: float = ALPHA
    correction: str = CORRECTION
    statistic: str = ""
    test: str = ""
    min_n: int = 0
    caveat: str = ""
    groups: list[GroupPayload] = Field(default_factory=list)


def _num(x: float) -> str:
    return f"{x:.3g}"


def fmt_p(x: float) -> str:
    return f"{x:.2g}" if x >= 0.001 else "< 0.001"


def verdict(p: ProbePayload) -> str:
    """One sentence judging a run against its declared no-effect value, from the adjusted
    p-value only (never from whether an interval excludes 0, which is not every probe's null).
    Used by the UI summary, the CLI and card drafting."""
    if p.null is None:
        return ("This run does not state its no-effect value, so no conclusion about a "
                "difference is drawn from it.")
    if p.p_value is None:
        return ("No test could be run on this run's data (too few usable examples), so no "
                "conclusion about a difference is drawn from it.")
    p_adj = p.p_value if p.p_adjusted is None else p.p_adjusted
    tested = (f"two-sided p = {fmt_p(p.p_value)}, {fmt_p(p_adj)} after "
              f"{p.correction.replace('-', ' ').title()} correction"
              if p.p_adjusted is not None else f"two-sided p = {fmt_p(p.p_value)}")
    if p_adj <= p.alpha and p.effect is not None and p.significant is not False:
        lo, hi = p.ci
        interval = ("" if lo is None or hi is None else
                    f" (95% interval {_num(lo - p.null)} to {_num(hi - p.null)})")
        return (f"That is a difference of {_num(p.effect - p.null)} from the no-effect value "
                f"{_num(p.null)}{interval}, beyond what chance explains at this sample size "
                f"({tested}).")
    return (f"This is consistent with no difference from the no-effect value {_num(p.null)} "
            f"({tested}): at this sample size the run cannot tell an effect from chance, "
            "which is not evidence that there is none.")


COMMON_LABELS: dict[str, tuple[str, str]] = {
    "language": ("Language", "language of the built-in probe set"),
    "n_boot": ("Resamples for the intervals",
               "bootstrap resamples behind each 95% interval; more is steadier but slower"),
    "n_perm": ("Relabellings for the p-value",
               "random relabellings for the permutation test (all of them when there are fewer)"),
    "seed": ("Random seed", "the same seed gives the same intervals and p-values again"),
}


class Probe:
    """Base of every probe module. Subclasses set the class attributes and implement run()."""

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    languages: ClassVar[tuple[str, ...]]
    model_kinds: ClassVar[tuple[str, ...]]
    Params: ClassVar[type[BaseModel]]
    caveat: ClassVar[str]
    # -- the contract ---------------------------------------------------------------------
    statistic: ClassVar[str]
    null: ClassVar[float]
    sides: ClassVar[tuple[str, str]]  # (what above the null means, what below means)
    test: ClassVar[str]
    ci_kind: ClassVar[CiKind] = "test"
    main_metric: ClassVar[tuple[str, str]]  # (per-group key, plain label)
    default_model: ClassVar[str]
    model_choices: ClassVar[tuple[str, ...]] = ()
    min_n: ClassVar[int] = 10
    min_n_unit: ClassVar[str] = "items"
    labels: ClassVar[dict[str, tuple[str, str]]] = {}  # field -> (plain label, help)

    def contract(self) -> dict[str, Any]:
        """The declaration in one JSON-able object (shown in the UI and CLI help)."""
        return {"name": self.name, "title": self.title, "statistic": self.statistic,
                "null": self.null, "above_null": self.sides[0], "below_null": self.sides[1],
                "test": self.test, "ci_kind": self.ci_kind, "main_metric": self.main_metric[0],
                "main_metric_label": self.main_metric[1], "default_model": self.default_model,
                "min_n": self.min_n, "min_n_unit": self.min_n_unit, "alpha": ALPHA,
                "correction": CORRECTION, "languages": list(self.languages),
                "parameters": self.parameter_fields()}

    def label(self, key: str) -> tuple[str, str]:
        """(plain-language label, help) of a parameter or of a field of its items."""
        return self.labels.get(key) or COMMON_LABELS.get(key) or (
            key.replace("_", " ").capitalize(), "")

    def parameter_fields(self) -> list[dict[str, Any]]:
        """Each parameter with its plain-language label and help (drives forms and --help)."""
        out = []
        for key, f in self.Params.model_fields.items():
            label, help_ = self.label(key)
            out.append({"name": key, "label": f.title or label,
                        "help": f.description or help_, "required": f.is_required()})
        return out

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

    # -- building the result ----------------------------------------------------------------
    def result(self, *, model: str, n: int, effect: float, effect_label: str,
               ci: tuple[float, float], p_value: float | None, details: list[dict[str, Any]],
               groups: list[dict[str, Any]], caveat: str | None = None,
               extra: dict[str, Any] | None = None) -> ProbeResult:
        """The typed result: adjusts the headline and every group p-value together (Holm),
        marks what is significant, and refuses to call a group with n < min_n a finding."""
        adjusted = holm([p_value] + [g.get("p_value") for g in groups])
        out_groups = []
        for g, p_adj in zip(groups, adjusted[1:]):
            g = dict(g)
            g.setdefault("p_value", None)
            sig = p_adj is not None and p_adj <= ALPHA
            enough = g["n"] >= self.min_n
            g["p_adjusted"] = p_adj
            g["significant"] = sig
            g["finding"] = sig and enough
            if not enough:
                g["note"] = (f"too few {self.min_n_unit} (n = {g['n']} < {self.min_n}) to call "
                             "a finding")
            elif g["p_value"] is None:
                g["note"] = "descriptive only (not tested)"
            out_groups.append(g)
        return ProbeResult(
            probe=self.name, model=model, n=n, effect=effect, effect_label=effect_label,
            ci=ci, p_value=p_value, details=details, caveat=caveat or self.caveat,
            groups=out_groups, null=self.null, p_adjusted=adjusted[0],
            significant=adjusted[0] is not None and adjusted[0] <= ALPHA,
            statistic=self.statistic, ci_kind=self.ci_kind, min_n=self.min_n, test=self.test,
            extra=extra or {})
