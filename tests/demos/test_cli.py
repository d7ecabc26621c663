"""`python app.py demos list|export` against a real database file."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from demos import service
from glasshouse.db import Database
from glasshouse.users import Actor
from tests.demos.conftest import redaction_spec

ROOT = Path(__file__).resolve().parents[2]


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GLASSHOUSE_DB=f"sqlite:///{tmp_path}/g.db",
               GLASSHOUSE_DATA_DIR=str(tmp_path))
    return subprocess.run([sys.executable, "app.py", "demos", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_list_and_export_feedback(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path}/g.db")
    db.migrate()
    demo = service.create_demo(db, redaction_spec(), actor=Actor("cora", "curator"))
    (run,) = service.run_demo(db, demo.slug, ["=cmd at a@b.org"], actor=None, client="c")
    service.submit_feedback(db, {"run_id": run.id, "category": "wrong", "comment": "@x"},
                            actor=None, client="c")
    db.dispose()
    listed = _cli(tmp_path, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert data["demos"][0]["feedback"] == 1 and data["demos"][0]["path"] == (
        "/demo/?slug=redact-my-message")
    out = _cli(tmp_path, "export", demo.slug, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert (rows[0]["input"], rows[0]["output"], rows[0]["comment"]) == (
        "'=cmd at a@b.org", "'=cmd at <EMAIL>", "'@x")


def test_export_of_unknown_demo_is_a_one_line_error(tmp_path) -> None:
    Database(f"sqlite:///{tmp_path}/g.db").migrate()
    got = _cli(tmp_path, "export", "nope")
    assert got.returncode == 2 and got.stderr.strip() == "error: no demo called 'nope'"
