"""Core commands: serve, users, db."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from glasshouse.cli_kit import command, emit_json


def register(sub: Any) -> None:
    p = command(sub, "serve", "serve the web app (default command)", _serve)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1; other addresses need users)")
    p.add_argument("--port", type=int, default=7860)

    users = sub.add_parser("users", help="add and list users (roles: viewer, curator, admin)")
    usub = users.add_subparsers(dest="users_command", metavar="ACTION")
    p = command(usub, "add", "add a user; the password comes from GLASSHOUSE_PASSWORD, "
                "--password-stdin, or a prompt", _users_add)
    p.add_argument("username")
    p.add_argument("--role", choices=("viewer", "curator", "admin"), default="viewer")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--as", dest="acting", metavar="ADMIN",
                   help="admin username acting (needed once any user exists; their password "
                        "comes from GLASSHOUSE_ADMIN_PASSWORD or a prompt)")
    p = command(usub, "list", "list users and roles", _users_list)
    p.add_argument("--json", action="store_true")

    db = sub.add_parser("db", help="database maintenance")
    dsub = db.add_subparsers(dest="db_command", metavar="ACTION")
    p = command(dsub, "upgrade", "apply schema migrations", _db_upgrade)
    p.add_argument("--json", action="store_true")
    p = command(dsub, "check", "integrity check and schema revision", _db_check)
    p.add_argument("--json", action="store_true")

    p = command(sub, "models", "list the models available offline", _models)
    p.add_argument("--json", action="store_true")


def _serve(args: argparse.Namespace) -> int:
    from glasshouse.ui import serve

    serve(host=args.host, port=args.port)
    return 0


def _read_password(prompt: str, env: str, from_stdin: bool) -> str:
    if os.environ.get(env):
        return os.environ[env]
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def _users_add(args: argparse.Namespace) -> int:
    from glasshouse.db import get_database
    from glasshouse.errors import PermissionDenied
    from glasshouse.users import authenticate, add_user, count_users

    db = get_database()
    actor = None
    if count_users(db):
        if not args.acting:
            raise PermissionDenied("users exist already: pass --as ADMIN to add another")
        actor = authenticate(db, args.acting, _read_password(
            f"password for {args.acting}: ", "GLASSHOUSE_ADMIN_PASSWORD", False))
        if actor is None:
            raise PermissionDenied(f"wrong username or password for '{args.acting}'")
    password = _read_password(f"password for new user {args.username}: ", "GLASSHOUSE_PASSWORD",
                              args.password_stdin)
    user = add_user(db, args.username, password, args.role, actor=actor)
    sys.stderr.write(f"added user '{user.username}' with role {user.role}\n")
    return 0


def _users_list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from glasshouse.db import get_database
    from glasshouse.users import UserRow

    with get_database().read() as s:
        rows = [{"username": r.username, "role": r.role} for r in s.scalars(
            select(UserRow).order_by(UserRow.username))]
    if args.json:
        emit_json({"total": len(rows), "users": rows})
    else:
        for r in rows:
            print(f"{r['username']}\t{r['role']}")
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from glasshouse.db import Database
    from glasshouse.config import settings

    db = Database(settings().database_url)
    db.migrate()
    revisions = sorted(db.current_revisions())
    if args.json:
        emit_json({"revisions": revisions})
    else:
        print("schema at " + ", ".join(revisions))
    return 0


def _db_check(args: argparse.Namespace) -> int:
    from glasshouse.db import get_database

    db = get_database()
    report = {"dialect": db.dialect, "integrity_ok": db.integrity_ok(),
              "revisions": sorted(db.current_revisions())}
    if args.json:
        emit_json(report)
    else:
        print(report)
    return 0 if report["integrity_ok"] else 1


def _models(args: argparse.Namespace) -> int:
    from glasshouse.models import available

    rows = [{"name": s.name, "kind": s.kind, "languages": list(s.languages),
             "license": s.license, "source": s.source, "description": s.description}
            for s in available()]
    if args.json:
        emit_json({"models": rows})
    else:
        for r in rows:
            print(f"{r['name']:<24}{r['kind']:<21}{r['license']:<11}{r['description']}")
    return 0
