"""The head revision of every migration branch, read from the revision files without Alembic.

A server start used to run Alembic's upgrade every time, which imports Alembic, loads every
revision script and runs env.py even when the database is already up to date (the usual case):
a noticeable part of the time to the first page. `declared_heads()` reads each revision file's
`revision = "..."` and `down_revision = ...` lines; `Database.migrate()` skips Alembic when the
database's alembic_version rows are exactly these heads. Anything it cannot read for certain
(a file without those lines, a `depends_on`, a merge revision, a value that is not a literal)
makes it return None, and Alembic runs as before. tests/test_db_migrations.py checks that the
result equals Alembic's own ScriptDirectory heads.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

_ASSIGNMENT = re.compile(r"^(revision|down_revision|depends_on)\s*(?::[^=\n]*)?=\s*(.+?)\s*$",
                         re.MULTILINE)


def _revision_of(source: str) -> tuple[str, str | None] | None:
    values: dict[str, object] = {}
    for name, value in _ASSIGNMENT.findall(source):
        if name in values:
            return None  # assigned twice: not a plain revision file
        try:
            values[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return None
    revision, down = values.get("revision"), values.get("down_revision")
    if not isinstance(revision, str) or values.get("depends_on") is not None:
        return None
    if down is not None and not isinstance(down, str):  # a tuple: a merge revision
        return None
    return revision, down


def declared_heads(version_folders: Iterable[str | Path]) -> set[str] | None:
    """Revisions that no other revision names as its down_revision, over every folder; None if
    any revision file cannot be read for certain (then ask Alembic)."""
    revisions: dict[str, str | None] = {}
    for folder in version_folders:
        for path in sorted(Path(folder).glob("*.py")):
            if path.name.startswith("__"):
                continue
            parsed = _revision_of(path.read_text(encoding="utf-8"))
            if parsed is None or parsed[0] in revisions:
                return None
            revisions[parsed[0]] = parsed[1]
    downs = {d for d in revisions.values() if d is not None}
    if not revisions or not downs <= revisions.keys():
        return None
    return set(revisions) - downs
