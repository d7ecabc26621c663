"""Start-up skips Alembic when the database already records every branch's head
(glasshouse/migration_heads.py); the heads it reads from the revision files are Alembic's own."""

from __future__ import annotations

import sys

import pytest
from glasshouse.areas import migration_locations
from glasshouse.db import Database
from glasshouse.migration_heads import declared_heads


def _alembic_heads(db: Database) -> set[str]:
    from alembic.script import ScriptDirectory

    from glasshouse.db import _alembic_config

    with db.engine.connect() as conn:
        return set(ScriptDirectory.from_config(_alembic_config(conn)).get_heads())


def test_heads_read_from_the_files_are_alembics_heads(sqlite_db: Database) -> None:
    heads = declared_heads(migration_locations())
    assert heads == _alembic_heads(sqlite_db)
    assert sqlite_db.current_revisions() == heads


def _revision(folder, name: str, revision: str, down: str | None, extra: str = "") -> None:
    (folder / f"{name}.py").write_text(
        f'"""x"""\nrevision = "{revision}"\ndown_revision = {down!r}\n'
        f"branch_labels = None\ndepends_on = None\n{extra}")


def test_a_chain_and_a_second_branch(tmp_path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    _revision(a, "1", "a1", None)
    _revision(a, "2", "a2", "a1")
    _revision(a, "3", "a3", "a2")
    _revision(b, "1", "b1", None)
    assert declared_heads([a, b]) == {"a3", "b1"}


@pytest.mark.parametrize("change", [
    'depends_on = ("x",)\n',          # a cross-branch dependency
    'revision = "again"\n',           # assigned twice
])
def test_what_it_cannot_read_for_certain_leaves_the_answer_to_alembic(tmp_path, change) -> None:
    _revision(tmp_path, "1", "a1", None)
    _revision(tmp_path, "2", "a2", "a1", extra=change)
    assert declared_heads([tmp_path]) is None


def test_a_merge_or_a_missing_parent_leaves_the_answer_to_alembic(tmp_path) -> None:
    _revision(tmp_path, "1", "a1", None)
    (tmp_path / "2.py").write_text('revision = "m"\ndown_revision = ("a1", "b1")\n')
    assert declared_heads([tmp_path]) is None
    (tmp_path / "2.py").write_text('revision = "m"\ndown_revision = "nowhere"\n')
    assert declared_heads([tmp_path]) is None


def test_an_up_to_date_database_starts_without_alembic(sqlite_db: Database, monkeypatch) -> None:
    for name in [m for m in sys.modules if m == "alembic" or m.startswith("alembic.")]:
        monkeypatch.delitem(sys.modules, name)
    sqlite_db.migrate()
    assert "alembic.command" not in sys.modules


def test_a_database_behind_the_heads_is_upgraded(tmp_path) -> None:
    from alembic import command

    from glasshouse.db import _alembic_config

    db = Database(f"sqlite:///{tmp_path}/behind.db")
    try:
        with db.engine.connect() as conn:
            command.upgrade(_alembic_config(conn), "catalog_0003")
            conn.commit()
        assert db.current_revisions() == {"catalog_0003"}
        db.migrate()
        assert db.current_revisions() == declared_heads(migration_locations())
        assert "catalog_0004" in db.current_revisions()
    finally:
        db.dispose()
