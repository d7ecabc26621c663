"""`python app.py card build` / `card check` (interface contract)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GLASSHOUSE_DATA_DIR=str(tmp / "data"))
    env.pop("GLASSHOUSE_DB", None)
    return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _store_probe(tmp: Path, payload: dict) -> str:
    from glasshouse import evidence
    from glasshouse.db import Database
    from glasshouse.users import Actor

    (tmp / "data").mkdir(exist_ok=True)
    db = Database(f"sqlite:///{tmp / 'data' / 'glasshouse.db'}")
    db.migrate()
    try:
        return evidence.record(db, actor=Actor("cora", "curator"), kind="probe_run",
                               title="Template probe (gender) on smollm2-135m", payload=payload)
    finally:
        db.dispose()


def test_build_from_spec_and_evidence_then_check(tmp_path, probe_payload):
    eid = _store_probe(tmp_path, probe_payload)
    spec = tmp_path / "spec.yaml"
    spec.write_text("title: Library helper\nmetadata:\n  license: apache-2.0\n  language: [en]\n"
                    "sections:\n  uses: Answering patrons.\n")
    out = tmp_path / "card" / "README.md"
    res = run(tmp_path, "card", "build", "--kind", "model", "--spec", str(spec), "--evidence",
              eid, "--out", str(out), "--json")
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["evidence"] == [eid] and summary["out"] == str(out)
    text = out.read_text()
    assert "n = 120" in text and f"(#evidence-{eid})" in text

    res = run(tmp_path, "card", "check", str(out), "--json")
    assert res.returncode == 1, res.stderr  # not valid yet: the check fails like a linter
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) >= {"valid", "completeness", "missing", "warnings"}
    assert result["valid"] is False and 0 < result["completeness"] < 1
    assert "Evaluation" in result["missing"]
    assert result["completeness"] == summary["completeness"]


@pytest.mark.parametrize("suffix,needle", [(".html", "<!doctype html>"), (".json", '"metadata"')])
def test_build_exports_html_and_json(tmp_path, suffix, needle):
    out = tmp_path / f"card{suffix}"
    res = run(tmp_path, "card", "build", "--kind", "dataset", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert needle in out.read_text()


@pytest.mark.parametrize("args,needle", [
    (["card", "check", "missing.md"], "file missing.md: no such file"),
    (["card", "build", "--kind", "model", "--evidence", "nope", "--out", "x.md"],
     "field 'evidence': no stored evidence with id 'nope'"),
    (["card", "build", "--kind", "model", "--spec", "SPEC", "--out", "x.md"], "field 'sections'"),
    (["card", "build", "--kind", "dataset", "--spec", "MODELSPEC", "--out", "x.md"],
     "field 'kind'"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, args, needle):
    (tmp_path / "spec.json").write_text('{"sections": {"nonsense": "x"}}')
    (tmp_path / "model.json").write_text('{"kind": "model"}')
    args = [str(tmp_path / "spec.json") if a == "SPEC" else
            str(tmp_path / "model.json") if a == "MODELSPEC" else a for a in args]
    res = run(tmp_path, *args)
    assert res.returncode == 2
    assert needle in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr


def test_build_continues_from_an_existing_readme(tmp_path):
    src = tmp_path / "old.md"
    src.write_text("---\nlicense: mit\n---\n# Old model\n\n## Uses\n\nChat.\n")
    out = tmp_path / "new.md"
    res = run(tmp_path, "card", "build", "--kind", "model", "--spec", str(src), "--out", str(out))
    assert res.returncode == 0, res.stderr
    text = out.read_text()
    assert "# Old model" in text and "Chat." in text and "## Bias, Risks, and Limitations" in text


def test_check_exits_0_for_a_valid_card(tmp_path):
    from tests.cards.test_check import good_model_card

    card = tmp_path / "README.md"
    card.write_text(good_model_card())
    res = run(tmp_path, "card", "check", str(card), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["valid"] is True
