"""Errors that reach people. Each names what is wrong precisely; none carries a traceback to the UI."""

from __future__ import annotations


class GlasshouseError(Exception):
    """Base class: an error with a message fit for a person (CLI exit code 2, UI warning)."""


class BadInput(GlasshouseError):
    """Input that cannot be used. Names the file, row and field where known."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 field: str | None = None) -> None:
        self.file, self.row, self.field, self.reason = file, row, field, message
        where = ", ".join(
            part for part in (
                file and f"file {file}",
                row is not None and f"row {row}",
                field and f"field '{field}'",
            ) if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class PermissionDenied(GlasshouseError):
    """The acting user's role does not allow this action."""


class NotFound(GlasshouseError):
    """A named thing (entry, run, user, model) does not exist."""


class Conflict(GlasshouseError):
    """Somebody else changed the thing since it was read (optimistic locking)."""


class ModelUnavailable(GlasshouseError):
    """A model id is unknown here or cannot be loaded (offline, missing package)."""
