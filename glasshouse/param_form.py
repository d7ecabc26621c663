"""Forms from parameter models: what a plug-in's pydantic parameter model needs to become a form
that a person fills in (labels, help, kind of widget, bounds, defaults), and the way back from
what the widgets hold to the model's values. No gradio here: ui.py files turn `FormField`s into
components, so a plug-in declares its parameters once and every UI renders all of them.

Labels come from `Field(title=...)`, help from `Field(description=...)`; without them the field
name is turned into words ("max_new_tokens" -> "Max new tokens").
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticUndefined

from glasshouse.errors import BadInput
from glasshouse.validation import bad_input

Kind = Literal["int", "float", "bool", "text", "lines", "choice", "json"]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    help: str
    kind: Kind
    default: Any
    required: bool
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


def _words(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _unwrap_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _kind(annotation: Any) -> tuple[Kind, tuple[str, ...]]:
    ann = _unwrap_optional(annotation)
    origin = typing.get_origin(ann)
    if ann is bool:
        return "bool", ()
    if ann is int:
        return "int", ()
    if ann is float:
        return "float", ()
    if ann is str:
        return "text", ()
    if origin is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(ann))
    if origin in (list, tuple, set, frozenset) and all(
            a in (str, Ellipsis) for a in typing.get_args(ann)):
        return "lines", ()
    return "json", ()


def _bounds(info: Any) -> tuple[float | None, float | None]:
    lo = hi = None
    for meta in getattr(info, "metadata", ()):
        for attr, setter in (("ge", "lo"), ("gt", "lo"), ("le", "hi"), ("lt", "hi")):
            value = getattr(meta, attr, None)
            if value is not None:
                if setter == "lo":
                    lo = float(value)
                else:
                    hi = float(value)
    return lo, hi


def form_fields(model: type[BaseModel]) -> list[FormField]:
    """One FormField per field of `model`, in declaration order."""
    out = []
    for name, info in model.model_fields.items():
        kind, choices = _kind(info.annotation)
        if info.default is not PydanticUndefined:
            default = info.default
        elif info.default_factory is not None:
            default = info.default_factory()  # type: ignore[call-arg]
        else:
            default = None
        lo, hi = _bounds(info)
        out.append(FormField(name=name, label=info.title or _words(name),
                             help=info.description or "", kind=kind, default=default,
                             required=info.is_required(), minimum=lo, maximum=hi,
                             choices=choices))
    return out


def to_widget(field: FormField, value: Any) -> Any:
    """The value a widget shows for a parameter value (lists as one item per line)."""
    if value is None:
        value = field.default
    if field.kind == "lines":
        return "\n".join(str(v) for v in (value or []))
    if field.kind == "json":
        import json

        return json.dumps(value, ensure_ascii=False, indent=1) if value is not None else ""
    return value


def from_widgets(model: type[BaseModel], values: dict[str, Any], *,
                 where: str = "params") -> dict[str, Any]:
    """Widget values -> validated parameter dict (BadInput naming the field on a bad value).
    Empty optional widgets fall back to the field's default."""
    raw: dict[str, Any] = {}
    for field in form_fields(model):
        if field.name not in values:
            continue
        value = values[field.name]
        if field.kind == "lines":
            value = [ln.strip() for ln in str(value or "").splitlines() if ln.strip()]
        elif field.kind == "json":
            import json

            text = str(value or "").strip()
            if not text:
                continue
            try:
                value = json.loads(text)
            except ValueError as exc:
                raise BadInput(f"not valid JSON ({exc})", field=f"{where}.{field.name}") from None
        elif field.kind in ("int", "float") and (value is None or value == ""):
            continue
        elif field.kind == "int" and isinstance(value, float) and value.is_integer():
            value = int(value)
        raw[field.name] = value
    try:
        return model.model_validate(raw).model_dump(mode="json")
    except ValidationError as exc:
        loc = exc.errors()[0].get("loc") or ("",)
        label = next((f.label for f in form_fields(model) if f.name == str(loc[0])), where)
        raise bad_input(exc, prefix=where, lead=f"{label}: ") from None
