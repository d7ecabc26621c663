"""Users and roles (viewer < curator < admin), argon2-hashed passwords, and the role check that
every service function runs itself (every Gradio event is an HTTP endpoint, so the UI alone
cannot be trusted to hide an action)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from glasshouse.db import Base, Database, utcnow
from glasshouse.errors import BadInput, Conflict, NotFound, PermissionDenied

Role = Literal["viewer", "curator", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "curator", "admin")
_RANK = {r: i for i, r in enumerate(ROLES)}
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
MIN_PASSWORD = 8


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Actor:
    """Who is acting. Passed to every service function that reads or writes shared state."""

    username: str
    role: Role

    def can(self, role: Role) -> bool:
        return _RANK[self.role] >= _RANK[role]


# The person at the keyboard when the app runs on loopback with no users configured.
LOCAL_ADMIN = Actor("local", "admin")

# The role model (README, "Users and roles"): a viewer reads (the catalog, saved runs and
# profiles, card drafts, demo feedback) and may open and preview a file; running work that costs
# CPU or memory (probe runs, dataset scans and profiles, anonymised copies, embedding maps) needs
# a curator, as do all edits; an admin also manages users. The public demo pages stay open to
# anonymous visitors (rate-limited per client).
RUN_ROLE: Role = "curator"


def require(actor: Actor | None, role: Role, action: str) -> Actor:
    """Raise PermissionDenied unless `actor` holds at least `role`."""
    if actor is None:
        raise PermissionDenied(f"{action} needs a signed-in {role}")
    if not actor.can(role):
        raise PermissionDenied(
            f"{action} needs the {role} role; user '{actor.username}' is a {actor.role}")
    return actor


def require_runner(actor: Actor | None, action: str) -> Actor:
    """The check of every action that runs a model, a scan or a map (RUN_ROLE)."""
    return require(actor, RUN_ROLE, action)


def _hasher():  # argon2's PasswordHasher; imported lazily
    from argon2 import PasswordHasher

    return PasswordHasher()


def add_user(db: Database, username: str, password: str, role: Role = "viewer",
             *, actor: Actor | None = None) -> Actor:
    """Create a user. The first user may be created without an actor (bootstrap from the CLI);
    after that only an admin may add users."""
    if not USERNAME_RE.match(username or ""):
        raise BadInput("use 2-64 letters, digits or . _ @ -", field="username")
    if role not in ROLES:
        raise BadInput(f"role must be one of {', '.join(ROLES)}", field="role")
    if len(password or "") < MIN_PASSWORD:
        raise BadInput(f"password must have at least {MIN_PASSWORD} characters", field="password")
    with db.session() as s:
        if actor is not None or s.scalar(select(func.count(UserRow.id))):
            require(actor, "admin", "adding users")
        if s.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
            raise Conflict(f"user '{username}' already exists")
        s.add(UserRow(username=username, password_hash=_hasher().hash(password), role=role))
    return Actor(username, role)


def set_role(db: Database, username: str, role: Role, *, actor: Actor) -> Actor:
    require(actor, "admin", "changing roles")
    if role not in ROLES:
        raise BadInput(f"role must be one of {', '.join(ROLES)}", field="role")
    with db.session() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise NotFound(f"no user '{username}'")
        row.role = role
    return Actor(username, role)


def authenticate(db: Database, username: str, password: str) -> Actor | None:
    """The Actor for valid credentials, else None (never says which part was wrong)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    with db.read() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        _hasher().hash(password or "x")  # same cost either way: no username probing by timing
        return None
    try:
        _hasher().verify(row.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    return Actor(row.username, row.role)  # type: ignore[arg-type]


def get_actor(db: Database, username: str) -> Actor:
    with db.read() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise NotFound(f"no user '{username}'")
    return Actor(row.username, row.role)  # type: ignore[arg-type]


def list_users(db: Database, *, actor: Actor) -> list[Actor]:
    require(actor, "admin", "listing users")
    with db.read() as s:
        rows = s.scalars(select(UserRow).order_by(UserRow.username)).all()
    return [Actor(r.username, r.role) for r in rows]  # type: ignore[arg-type]


def count_users(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(UserRow.id))) or 0)
