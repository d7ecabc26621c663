"""`python app.py probe NAME --model NAME [--config FILE] --json` per the contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "app.py", "probe", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_probe_json_with_config(tmp_path) -> None:
    cfg = tmp_path / "weat.json"
    cfg.write_text(json.dumps({"target_x": ["man", "boy", "he"], "target_y": ["woman", "girl",
                                                                           "she"]}))
    out = _run("weat", "--model", "minilm-en", "--config", str(cfg), "--save", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["probe"] == "weat" and data["model"] == "minilm-en" and data["n"] == 6
    assert len(data["ci"]) == 2 and 0 <= data["p_value"] <= 1 and data["details"]
    assert data["parameters"]["target_x"] == ["man", "boy", "he"]
    assert data["parameters"]["attribute_a"]  # the rest comes from the built-in set
    assert data["probe_set_version"] == f"file:{cfg}"
    from glasshouse import evidence
    from glasshouse.db import get_database

    stored = evidence.get(get_database(), data["run_id"])  # --save: stored as probe_run
    assert stored.kind == "probe_run" and stored.payload["effect"] == data["effect"]


@pytest.mark.parametrize("args,message", [
    (("nope", "--model", "minilm-en", "--json"), "no probe named 'nope'"),
    (("weat", "--model", "minilm-en", "--config", "/no/such.json", "--json"), "file not found"),
    (("template", "--model", "google-bert/bert-base-uncased", "--json"), "offline"),
])
def test_bad_input_exits_2_with_one_line(args, message) -> None:
    out = _run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_bad_config_names_file_and_field(tmp_path) -> None:
    cfg = tmp_path / "c.json"
    cfg.write_text('{"target_x": ["only-one"]}')
    out = _run("weat", "--model", "minilm-en", "--config", str(cfg), "--json")
    assert out.returncode == 2
    assert f"file {cfg}" in out.stderr and "target_x" in out.stderr
