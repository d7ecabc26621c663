"""`python app.py scan FILE --json` per the interface contract, and saved profiles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from glasshouse.cli import main

ROOT = Path(__file__).resolve().parents[3]
ROWS = [
    {"text": "Please write to maria.garcia@example.es about the refund.", "label": "neg"},
    {"text": "El producto llegó roto y nadie contesta al teléfono.", "label": "neg"},
    {"text": "Le service client était très aimable et rapide.", "label": "pos"},
    {"text": "Le service client était très aimable et rapide.", "label": "pos"},
    {"text": "Great value, I paid with card 4111 1111 1111 1111 and it arrived fast.",
     "label": "pos"},
    {"text": None, "label": "pos"},
]


@pytest.fixture
def csv_file(tmp_path) -> Path:
    path = tmp_path / "reviews.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_scan_json_follows_the_contract(csv_file, tmp_path, capsys) -> None:
    out = tmp_path / "anon.csv"
    code = main(["scan", str(csv_file), "--text-column", "text", "--languages", "en,es,fr",
                 "--anonymize", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0
    result = json.loads(captured.out)  # exactly one JSON object on stdout
    assert {"rows", "columns", "languages", "duplicates", "pii"} <= set(result)
    assert result["rows"] == 6
    assert result["columns"]["text"]["missing"] == 1
    assert result["columns"]["text"]["unique"] == 4
    assert result["columns"]["label"]["labels"] == {"pos": 4, "neg": 2}
    assert set(result["languages"]) == {"en", "es", "fr", "und"}
    assert result["languages"]["fr"] == pytest.approx(2 / 6, abs=1e-3)
    assert result["duplicates"]["exact"] == 1
    pii = result["pii"]
    assert pii["entities"]["EMAIL_ADDRESS"] == 1 and pii["entities"]["CREDIT_CARD"] == 1
    assert pii["rows_with_pii"] >= 2
    for f in pii["findings"]:
        assert {"row", "start", "end", "entity_type", "score"} <= set(f)
    email = next(f for f in pii["findings"] if f["entity_type"] == "EMAIL_ADDRESS")
    assert ROWS[email["row"]]["text"][email["start"]:email["end"]] == "maria.garcia@example.es"
    # the findings' text is in neither the JSON nor the logs; the copy is anonymised
    assert "maria.garcia" not in captured.out + captured.err
    anon = out.read_text()
    assert "maria.garcia@example.es" not in anon and "<EMAIL_ADDRESS>" in anon
    assert "4111 1111 1111 1111" not in anon
    assert pd.read_csv(out).shape == (6, 2)


@pytest.mark.parametrize("content,name,phrase", [
    ("a,b\n1,2\n3,4,5\n", "bad.csv", "file bad.csv, row 2"),
    ("x", "notes.docx", "cannot tell the format"),
])
def test_scan_bad_input_exits_2_with_one_line(tmp_path, content, name, phrase) -> None:
    path = tmp_path / name
    path.write_text(content)
    proc = subprocess.run([sys.executable, "app.py", "scan", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0] and "Traceback" not in proc.stderr


def test_scan_unknown_text_column_names_the_field(csv_file, capsys) -> None:
    assert main(["scan", str(csv_file), "--text-column", "body", "--json"]) == 2
    assert "field 'body'" in capsys.readouterr().err


@pytest.mark.slow
def test_profile_saved_as_evidence(db, curator, viewer, csv_file) -> None:
    from explorer.datasets.profile import save_profile, scan_file
    from glasshouse import evidence
    from glasshouse.errors import PermissionDenied

    prof = scan_file(csv_file, text_column="text", languages="en,es,fr")
    with pytest.raises(PermissionDenied):
        save_profile(db, viewer, prof)
    eid = save_profile(db, curator, prof)
    ev = evidence.get(db, eid)
    assert ev.kind == "dataset_profile" and ev.subject is None
    assert ev.payload["file"] == "reviews.csv" and ev.payload["rows"] == 6
    assert ev.payload["pii"]["entities"]["EMAIL_ADDRESS"] == 1
    assert "caveat" in ev.payload
    assert [e.id for e in evidence.find(db, kind="dataset_profile")] == [eid]
