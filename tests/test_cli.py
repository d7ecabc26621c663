"""The CLI contract: help lists every command, errors are one line with exit 2, JSON is one object."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_COMMANDS = ["serve", "catalog", "scan", "map", "probe", "card", "users"]
HEAVY = ("torch", "transformers", "gradio", "pandas", "spacy", "umap", "presidio_analyzer",
         "sentence_transformers", "numpy", "sqlalchemy")


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None,
        tmp: Path | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, **(env or {}))
    if tmp is not None:
        full_env["GLASSHOUSE_DATA_DIR"] = str(tmp)
    return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=full_env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_help_lists_every_contract_command() -> None:
    out = run("--help")
    assert out.returncode == 0
    for name in CONTRACT_COMMANDS:
        assert f"\n    {name} " in out.stdout


@pytest.mark.parametrize("sub", [["catalog", "--help"], ["card", "--help"], ["users", "--help"]])
def test_group_help_lists_actions(sub: list[str]) -> None:
    out = run(*sub)
    assert out.returncode == 0 and "ACTION" in out.stdout


def test_help_imports_no_heavy_library() -> None:
    code = ("import sys; sys.argv=['app.py','--help']\n"
            "from glasshouse.cli import build_parser; build_parser()\n"
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


@pytest.mark.parametrize("args,needle", [
    (["bogus"], "invalid choice: 'bogus'"),
    (["catalog"], "'catalog' needs an action"),
    (["serve", "--port", "notaport"], "invalid int value"),
    (["users", "add", "x y", "--role", "admin"], "field 'username'"),
])
def test_bad_input_is_one_line_on_stderr_with_exit_2(args, needle, tmp_path) -> None:
    out = run(*args, env={"GLASSHOUSE_PASSWORD": "longenough"}, tmp=tmp_path)
    assert out.returncode == 2
    assert needle in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_non_loopback_bind_without_users_refuses_to_start(tmp_path) -> None:
    out = run("serve", "--host", "0.0.0.0", "--port", "1", tmp=tmp_path)
    assert out.returncode == 2
    assert "refusing to bind 0.0.0.0: no users are configured" in out.stderr


def test_users_add_then_list_json(tmp_path) -> None:
    assert run("users", "add", "ada", "--role", "admin", "--password-stdin",
               stdin="correct horse\n", tmp=tmp_path).returncode == 0
    second = run("users", "add", "cora", "--role", "curator", "--as", "ada",
                 env={"GLASSHOUSE_ADMIN_PASSWORD": "correct horse",
                      "GLASSHOUSE_PASSWORD": "password1"}, tmp=tmp_path)
    assert second.returncode == 0, second.stderr
    wrong = run("users", "add", "eve", "--as", "ada",
                env={"GLASSHOUSE_ADMIN_PASSWORD": "nope", "GLASSHOUSE_PASSWORD": "password1"},
                tmp=tmp_path)
    assert wrong.returncode == 2 and "wrong username or password" in wrong.stderr
    listed = json.loads(run("users", "list", "--json", tmp=tmp_path).stdout)
    assert listed == {"total": 2, "users": [{"username": "ada", "role": "admin"},
                                            {"username": "cora", "role": "curator"}]}


def test_db_check_and_models_print_one_json_object(tmp_path) -> None:
    check = run("db", "check", "--json", tmp=tmp_path)
    report = json.loads(check.stdout)
    assert report["dialect"] == "sqlite" and report["integrity_ok"] is True
    assert "core_0001" in report["revisions"]
    models = json.loads(run("models", "--json", tmp=tmp_path).stdout)
    names = {m["name"] for m in models["models"]}
    assert {"minilm-en", "use-multilingual", "e5-small-multilingual", "smollm2-135m",
            "spacy-en", "spacy-es", "spacy-fr", "profanity-en", "vader-sentiment-en",
            "lingua"} <= names
