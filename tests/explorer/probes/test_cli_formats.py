"""`python app.py probe pairs --model smollm2-135m --config crows.csv --json` reads CrowS-Pairs'
own CSV and keeps sent_more as the stereotypical sentence in antistereo rows."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CROWS = ROOT / "explorer" / "probes" / "examples" / "crows_pairs_format.csv"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "app.py", "probe", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_cli_scores_a_crows_pairs_csv(smollm) -> None:
    out = _run("pairs", "--model", "smollm2-135m", "--config", str(CROWS), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    with CROWS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert data["n"] == len(rows) == len(data["details"])
    scores = smollm.sentence_logprobs([s for r in rows for s in (r["sent_more"],
                                                                 r["sent_less"])])
    for i, (row, d) in enumerate(zip(rows, data["details"])):
        assert d["stereotypical"] == row["sent_more"]  # antistereo rows too
        assert d["direction"] == row["stereo_antistereo"] and d["id"] == row[""]
        assert d["logprob_stereotypical"] == pytest.approx(scores[2 * i], abs=1e-3)
        assert d["prefers_stereotypical"] == (scores[2 * i] > scores[2 * i + 1])
    assert data["effect"] == pytest.approx(
        sum(d["prefers_stereotypical"] for d in data["details"]) / len(rows))


def test_cli_bad_crows_row_exits_2_naming_row_and_field(tmp_path) -> None:
    bad = tmp_path / "crows.csv"
    bad.write_text(",sent_more,sent_less,stereo_antistereo,bias_type\n"
                   "0,He ran.,She ran.,stereo,gender\n1,He sat.,She sat.,both,gender\n")
    out = _run("pairs", "--model", "smollm2-135m", "--config", str(bad), "--json")
    assert out.returncode == 2 and out.stdout == ""
    assert "row 3" in out.stderr and "stereo_antistereo" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_cli_reads_a_seat_layout_file_for_weat(tmp_path) -> None:
    bad = tmp_path / "seat.jsonl"
    bad.write_text(json.dumps({"targ1": {"category": "A", "examples": ["x", "y"]}}))
    out = _run("weat", "--model", "minilm-en", "--config", str(bad), "--json")
    assert out.returncode == 2 and "field 'targ2'" in out.stderr
