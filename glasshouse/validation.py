"""One translation from pydantic's ValidationError to the errors people read: every problem as
(field, message), or one BadInput naming the file, row and field of the first problem."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from glasshouse.errors import BadInput

M = TypeVar("M", bound=BaseModel)


def _message(err: Mapping[str, Any]) -> str:
    return str(err.get("msg", "invalid value")).removeprefix("Value error, ")


def _where(err: Mapping[str, Any], prefix: str | None) -> str | None:
    loc = ".".join(str(p) for p in err.get("loc", ()))
    if prefix:
        return f"{prefix}.{loc}" if loc else prefix
    return loc or None


def problems(exc: ValidationError, *, prefix: str | None = None,
             default: str = "value") -> list[tuple[str, str]]:
    """Every problem of `exc` as (dotted field, message)."""
    return [(_where(err, prefix) or default, _message(err)) for err in exc.errors()]


def bad_input(exc: ValidationError, *, file: str | None = None, row: int | None = None,
              prefix: str | None = None, default: str | None = None,
              rename: Mapping[str, str] | None = None, lead: str = "") -> BadInput:
    """A BadInput for the first problem of `exc`. `prefix` goes before the field's path
    ("params" -> "params.max_new_tokens"); `rename` maps a field's last name to how the person
    typed it (a CLI flag); `lead` goes before the message."""
    err = exc.errors()[0]
    field = _where(err, prefix) or default
    if rename and err.get("loc"):
        field = rename.get(str(err["loc"][-1]), field)
    return BadInput(lead + _message(err), file=file, row=row, field=field)


def validate(model: type[M], data: Any, **where: Any) -> M:
    """`model.model_validate(data)`, with a bad value as one BadInput (see bad_input)."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise bad_input(exc, **where) from None
