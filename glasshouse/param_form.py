"""Forms from parameter models: what a plug-in's pydantic parameter model needs to become a form
that a person fills in (labels, help, kind of widget, bounds, defaults), and the way back from
what the widgets hold to the model's values. The one form builder of the project: demo tasks and
bias probes both declare their parameters once and every UI renders all of them.

No gradio here: `glasshouse.ui.form_widgets` turns `FormField`s into components.

Kinds of field (from the annotation; `X | None` is X, marked optional):
- int, float, bool, text, choice (a `Literal`, or choices given by the caller, e.g. languages);
- lines: a list of words or sentences, one per line;
- table: a list of small models, one row per item and one column per item field; a list-valued
  cell is written "a; b; c";
- mapping: `dict[str, list[str]]`, a table of (key, "value; value");
- json: anything else, edited as a small JSON value.

Labels come from `Field(title=...)`, help from `Field(description=...)`; then from the caller's
`labels` (a probe's declared plain-language labels); else the field name is turned into words
("max_new_tokens" -> "Max new tokens").
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticUndefined

from glasshouse.errors import BadInput
from glasshouse.validation import bad_input

Kind = Literal["int", "float", "bool", "text", "lines", "choice", "json", "table", "mapping"]
CELL_SEPARATOR = "; "
Labels = Callable[[str], tuple[str, str]] | Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class FormField:
    """One widget for one parameter. A table's or mapping's columns are `cells` (one FormField
    per column; a `lines` cell holds several words separated by ';')."""

    name: str
    label: str
    help: str
    kind: Kind
    default: Any
    required: bool
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    optional: bool = False  # None is a valid value (an empty widget means None)
    cells: tuple[FormField, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.cells)

    @property
    def column_labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.cells)


def _words(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], len(rest) < len(args)
    return annotation, False


def _item_model(annotation: Any) -> type[BaseModel] | None:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is list and args and isinstance(args[0], type) \
            and issubclass(args[0], BaseModel):
        return args[0]
    return None


def _kind(annotation: Any) -> tuple[Kind, tuple[str, ...], bool]:
    """(kind, choices, optional) of an annotation."""
    ann, optional = _unwrap_optional(annotation)
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if ann is bool:
        return "bool", (), optional
    if ann is int:
        return "int", (), optional
    if ann is float:
        return "float", (), optional
    if ann is str:
        return "text", (), optional
    if origin is Literal:
        return "choice", tuple(str(a) for a in args), optional
    if origin in (list, tuple, set, frozenset) and args and all(a in (str, Ellipsis)
                                                                for a in args):
        return "lines", (), optional
    if _item_model(ann) is not None:
        return "table", (), optional
    if origin is dict and args == (str, list[str]):
        return "mapping", (), optional
    return "json", (), optional


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


def _label(name: str, labels: Labels | None) -> tuple[str, str]:
    if labels is None:
        return _words(name), ""
    if callable(labels):
        return labels(name)
    return labels.get(name) or (_words(name), "")


MAPPING_CELLS = ("Category", "Words (separated by ;)")


def form_fields(model: type[BaseModel], *, labels: Labels | None = None,
                choices: Mapping[str, Sequence[str]] | None = None) -> list[FormField]:
    """One FormField per field of `model`, in declaration order. `labels` gives (label, help)
    for fields without a title/description (also for the columns of tables); `choices` makes
    the named fields choices among the given values."""
    out = []
    for name, info in model.model_fields.items():
        kind, options, optional = _kind(info.annotation)
        if choices and name in choices:
            kind, options = "choice", tuple(str(c) for c in choices[name])
        if info.default is not PydanticUndefined:
            default = info.default
        elif info.default_factory is not None:
            default = info.default_factory()  # type: ignore[call-arg]
        else:
            default = None
        label, help_ = _label(name, labels)
        cells: tuple[FormField, ...] = ()
        if kind == "table":
            item = _item_model(_unwrap_optional(info.annotation)[0])
            assert item is not None
            cells = tuple(form_fields(item, labels=labels))
        elif kind == "mapping":
            cells = (FormField("key", MAPPING_CELLS[0], "", "text", "", True),
                     FormField("values", MAPPING_CELLS[1], "", "lines", [], True))
        lo, hi = _bounds(info)
        out.append(FormField(name=name, label=info.title or label,
                             help=info.description or help_, kind=kind, default=default,
                             required=info.is_required(), minimum=lo, maximum=hi,
                             choices=options, optional=optional, cells=cells))
    return out


# ------------------------------------------------------------------ model values -> widgets


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return CELL_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else str(value)


def _plain(value: Any) -> Any:
    return value.model_dump() if isinstance(value, BaseModel) else value


def to_widget(field: FormField, value: Any) -> Any:
    """The value a widget shows for a parameter value (None: the field's default). Lines are
    one item per line; tables and mappings are lists of rows of text cells."""
    if value is None:
        value = field.default
    value = _plain(value)
    if field.kind == "lines":
        return "\n".join(str(v) for v in (value or []))
    if field.kind == "json":
        return json.dumps(value, ensure_ascii=False, indent=1) if value is not None else ""
    if field.kind == "table":
        return [[_cell(_plain(row).get(c)) for c in field.columns] for row in value or []]
    if field.kind == "mapping":
        return [[str(k), _cell(v)] for k, v in (value or {}).items()]
    if field.kind == "text" and value is None:
        return ""
    return value


def to_widgets(fields: Sequence[FormField], params: BaseModel | Mapping[str, Any]) -> list[Any]:
    """Widget values (in `fields` order) showing `params`."""
    data = params.model_dump() if isinstance(params, BaseModel) else dict(params)
    return [to_widget(f, data.get(f.name)) for f in fields]


# ------------------------------------------------------------------ widgets -> model values


def _table_rows(value: Any) -> list[list[Any]]:
    """Non-empty rows of a table widget's value (a list of lists or a pandas DataFrame)."""
    if value is None:
        return []
    if hasattr(value, "values") and hasattr(value, "columns"):  # a pandas DataFrame
        value = value.values.tolist()
    if isinstance(value, Mapping) and "data" in value:  # the widget's {"headers", "data"}
        value = value["data"]
    return [list(r) for r in value
            if r is not None and any(str(c).strip() for c in r if c is not None)]


def _split(text: Any) -> list[str]:
    return [t.strip() for t in str(text or "").split(CELL_SEPARATOR.strip()) if t.strip()]


def _table(field: FormField, value: Any, name: str) -> list[dict[str, Any]]:
    required = sum(c.required for c in field.cells)
    rows = []
    for i, row in enumerate(_table_rows(value), start=1):
        if len(row) > len(field.cells) or len(row) < max(required, 1):
            raise BadInput(f"expected {required} to {len(field.cells)} columns "
                           f"({', '.join(field.column_labels)})", row=i, field=name)
        row = list(row) + [""] * (len(field.cells) - len(row))  # optional ones at the end
        entry: dict[str, Any] = {}
        for cell, text in zip(field.cells, row):
            text = "" if text is None else str(text).strip()
            if cell.kind == "lines":
                entry[cell.name] = _split(text)
            elif text or (cell.kind == "text" and not cell.optional):
                entry[cell.name] = text  # empty optional cells take the item's default
        rows.append(entry)
    return rows


def raw_values(fields: Sequence[FormField], values: Mapping[str, Any], *,
               where: str | None = None) -> dict[str, Any]:
    """Raw (not yet validated) parameters from widget values by field name. Empty number
    widgets and empty JSON fall back to the model's default; an empty optional text is None.
    Problems name the parameter (prefixed with `where.`) and the table row."""
    raw: dict[str, Any] = {}
    for field in fields:
        if field.name not in values:
            continue
        name = f"{where}.{field.name}" if where else field.name
        value = values[field.name]
        if field.kind == "lines":
            value = [ln.strip() for ln in str(value or "").splitlines() if ln.strip()]
        elif field.kind == "table":
            value = _table(field, value, name)
        elif field.kind == "mapping":
            value = {str(r[0]).strip(): _split(r[1] if len(r) > 1 else "")
                     for r in _table_rows(value) if str(r[0] or "").strip()}
        elif field.kind == "json":
            text = str(value or "").strip()
            if not text:
                continue
            try:
                value = json.loads(text)
            except ValueError as exc:
                raise BadInput(f"not valid JSON ({exc})", field=name) from None
        elif field.kind in ("int", "float") and (value is None or str(value).strip() == ""):
            continue
        elif field.kind == "int" and isinstance(value, float) and value.is_integer():
            value = int(value)
        elif field.kind == "text" and field.optional and not str(value or "").strip():
            value = None
        raw[field.name] = value
    return raw


def from_widgets(model: type[BaseModel], values: dict[str, Any], *,
                 where: str = "params") -> dict[str, Any]:
    """Widget values -> validated parameter dict (BadInput naming the field on a bad value).
    Empty optional widgets fall back to the field's default."""
    fields = form_fields(model)
    raw = raw_values(fields, values, where=where)
    try:
        return model.model_validate(raw).model_dump(mode="json")
    except ValidationError as exc:
        loc = exc.errors()[0].get("loc") or ("",)
        label = next((f.label for f in fields if f.name == str(loc[0])), where)
        raise bad_input(exc, prefix=where, lead=f"{label}: ") from None
