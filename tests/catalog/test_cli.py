"""`python app.py catalog ...` per the interface contract (real subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GLASSHOUSE_DATA_DIR=str(tmp))
    env.pop("GLASSHOUSE_DB", None)
    return subprocess.run([sys.executable, "app.py", "catalog", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_seed_search_lineage_export_journey(tmp_path):
    seeded = run(tmp_path, "seed", "--json")
    assert seeded.returncode == 0, seeded.stderr
    assert json.loads(seeded.stdout)["imported"] >= 40

    found = run(tmp_path, "search", "inference", "--language", "sw",
                "--license-class", "non-commercial", "--json")
    body = json.loads(found.stdout)
    assert found.returncode == 0 and body["total"] == 1
    hit = body["results"][0]
    assert (hit["id"], hit["licenses"], hit["license_class"]) == (
        "xnli", ["CC-BY-NC-4.0"], "non-commercial")
    assert "sw" in hit["languages"]

    bantu = json.loads(run(tmp_path, "search", "--family", "Niger-Congo > Bantu", "--limit",
                           "100", "--json").stdout)
    assert bantu["total"] == bantu["facets"]["branch"]["Niger-Congo > Bantu"] >= 3
    assert {"xnli", "afrisenti", "masakhaner-2"} <= {r["id"] for r in bantu["results"]}
    elvish = run(tmp_path, "search", "--family", "Elvish", "--json")
    assert elvish.returncode == 2 and "unknown language family 'Elvish'" in elvish.stderr

    lin = json.loads(run(tmp_path, "lineage", "americasnli", "--json").stdout)
    assert set(lin) >= {"id", "effective_license_class", "conflicts", "ancestors"}
    assert lin["effective_license_class"] == "non-commercial"
    assert [a["id"] for a in lin["ancestors"]] == ["xnli", "multinli"]
    assert any(c["ancestor"] == "xnli" for c in lin["conflicts"])

    out = tmp_path / "cat.jsonld"
    exported = run(tmp_path, "export", "--format", "croissant", "--out", str(out))
    assert exported.returncode == 0
    assert len(json.loads(out.read_text())["dataset"]) == json.loads(seeded.stdout)["imported"]


def test_bad_import_prints_report_and_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,languages\nGood,fr\nBad,Blorbish\n", encoding="utf-8")
    got = run(tmp_path, "import", str(bad), "--json")
    assert got.returncode == 2
    report = json.loads(got.stdout)
    assert report["imported"] == 0
    assert report["rejected"] == [{"row": 3, "field": "languages", "error": report["rejected"][0]
                                   ["error"]}]
    assert len(got.stderr.strip().splitlines()) == 1 and "row 3" in got.stderr
    partial = run(tmp_path, "import", str(bad), "--partial", "--json")
    # --partial keeps the row and leaves only the bad optional field empty (reported)
    body = json.loads(partial.stdout)
    assert partial.returncode == 0 and body["imported"] == 2 and body["rejected"] == []
    assert [(w["row"], w["field"]) for w in body["warnings"]] == [(3, "languages")]


def test_unknown_entry_is_a_one_line_error(tmp_path):
    got = run(tmp_path, "lineage", "no-such-thing", "--json")
    assert got.returncode == 2 and "no-such-thing" in got.stderr and "Traceback" not in got.stderr
