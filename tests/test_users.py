"""Users and roles: hashed passwords, bootstrap, and role checks inside service functions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from glasshouse import evidence
from glasshouse.errors import BadInput, Conflict, PermissionDenied
from glasshouse.users import (
    Actor, UserRow, add_user, authenticate, count_users, list_users, require, set_role,
)


def test_first_user_needs_no_actor_and_password_is_hashed(db) -> None:
    add_user(db, "ada", "correct horse", "admin")
    with db.read() as s:
        stored = s.scalar(select(UserRow.password_hash).where(UserRow.username == "ada"))
    assert "correct horse" not in stored and stored.startswith("$argon2")
    assert authenticate(db, "ada", "correct horse") == Actor("ada", "admin")


@pytest.mark.parametrize("username,password", [("ada", "wrong pass"), ("nobody", "correct horse")])
def test_wrong_credentials_give_no_actor(db, username: str, password: str) -> None:
    add_user(db, "ada", "correct horse", "admin")
    assert authenticate(db, username, password) is None


def test_after_bootstrap_only_an_admin_adds_users(db) -> None:
    admin = add_user(db, "ada", "correct horse", "admin")
    with pytest.raises(PermissionDenied, match="adding users needs the admin role"):
        add_user(db, "eve", "password1", "admin", actor=Actor("cora", "curator"))
    with pytest.raises(PermissionDenied):
        add_user(db, "eve", "password1", "admin")  # no actor at all
    add_user(db, "cora", "password1", "curator", actor=admin)
    assert [u.username for u in list_users(db, actor=admin)] == ["ada", "cora"]
    assert count_users(db) == 2


def test_duplicate_username_is_a_conflict(db) -> None:
    admin = add_user(db, "ada", "correct horse", "admin")
    with pytest.raises(Conflict, match="already exists"):
        add_user(db, "ada", "another one", "viewer", actor=admin)


@pytest.mark.parametrize("username,password,role,field", [
    ("a", "password1", "viewer", "username"),
    ("bad name", "password1", "viewer", "username"),
    ("ok_name", "short", "viewer", "password"),
    ("ok_name", "password1", "owner", "role"),
])
def test_bad_user_input_names_the_field(db, username, password, role, field) -> None:
    with pytest.raises(BadInput) as err:
        add_user(db, username, password, role)
    assert err.value.field == field and f"field '{field}'" in str(err.value)


def test_viewer_calling_a_write_function_gets_permission_error(db, viewer) -> None:
    with pytest.raises(PermissionDenied, match="saving evidence needs the curator role"):
        evidence.record(db, actor=viewer, kind="probe_run", title="x", payload={})
    assert evidence.find(db) == []


def test_role_change_is_admin_only(db) -> None:
    admin = add_user(db, "ada", "correct horse", "admin")
    add_user(db, "vic", "password1", "viewer", actor=admin)
    with pytest.raises(PermissionDenied):
        set_role(db, "vic", "admin", actor=Actor("vic", "viewer"))
    assert set_role(db, "vic", "curator", actor=admin).role == "curator"
    assert authenticate(db, "vic", "password1") == Actor("vic", "curator")


@pytest.mark.parametrize("role,needed,allowed", [
    ("viewer", "viewer", True), ("viewer", "curator", False), ("curator", "curator", True),
    ("curator", "admin", False), ("admin", "curator", True),
])
def test_role_ranking(role, needed, allowed) -> None:
    actor = Actor("x", role)
    if allowed:
        assert require(actor, needed, "act") is actor
    else:
        with pytest.raises(PermissionDenied):
            require(actor, needed, "act")
