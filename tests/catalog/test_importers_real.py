"""Importers on the real formats (issue 16 item 4): Masader and BigScience keep every field,
CSV columns are mapped by synonym or --map, --partial leaves only the bad field empty."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import service
from catalog.importers import (IMPORTERS, bigscience_to_entry, guess_format, import_file,
                               masader_to_entry)
from catalog.schema import validate_entry

ROOT = Path(__file__).resolve().parents[2]
LICENCE_COLUMN = "License (default is UNKNOWN)"


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the registry: one conformance test over every importer ------------------------------

@pytest.mark.parametrize("name", IMPORTERS.names())
def test_every_importer_reads_its_own_example_and_recognises_it(tmp_path, name):
    imp = IMPORTERS.get(name)
    suffix = imp.suffixes[0] if imp.suffixes else ".json"
    path = _write(tmp_path, f"example{suffix}", imp.example)
    assert imp.sniff(path, imp.example)
    assert guess_format(path) == name
    rows = imp.read(path)
    entries = [validate_entry({k: v for k, v in raw.items() if not k.startswith("__")})
               for _row, raw in rows]
    assert entries and all(e is not None and not errors for e, errors in entries)


# --- Masader -----------------------------------------------------------------------------

def test_masader_sample_imports_without_rejections_and_keeps_every_field(db, curator,
                                                                         shared_data):
    raw = json.loads((shared_data / "masader_sample.json").read_text())
    report = import_file(db, shared_data / "masader_sample.json", actor=curator)
    assert (report.imported, report.rejected, report.warnings) == (len(raw), [], [])
    kept_as_fields = {"Name", "Description", "Link", "Host", "Provider", "Domain", "Tasks",
                      "Volume", "Unit", "Year", "Dialect Subsets", "Form"}
    by_name = {e.name: e for e in service.list_entries(db)}
    assert len(by_name) == len(raw)
    for item in raw:
        entry = by_name[item["Name"].strip()]
        for key, value in item.items():
            if value in (None, "", []):
                continue
            if key in kept_as_fields:
                continue
            assert entry.extra.get(f"masader:{key}") == value, (item["Name"], key)
        assert entry.size.value == item["Volume"] and entry.size.unit == item["Unit"]
        assert len(entry.subsets) == len(item["Dialect Subsets"])


def test_masader_somalia_is_the_country_not_the_somali_language():
    got = masader_to_entry({"Name": "Somali Arabic tweets", "Dialect": "Somalia",
                            "License": "unknown"})
    entry, errors = validate_entry(got)
    assert errors == [] and entry.languages == ["ar-SO"]


# --- BigScience ----------------------------------------------------------------------------

def _bigscience_items(shared_data):
    files = sorted((shared_data / "bigscience" / "entries").glob("*.json"))
    return files, [json.loads(f.read_text()) for f in files]


def _leaves(value, prefix=""):
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else k)
    else:
        yield prefix, value


@pytest.mark.parametrize("shape", ["folder", "file", "list"])
def test_bigscience_entries_import_from_a_folder_a_file_or_a_list(db, curator, shared_data,
                                                                  tmp_path, shape):
    files, items = _bigscience_items(shared_data)
    if shape == "folder":
        path = files[0].parent
    elif shape == "file":
        path = files[1]
        items = [items[1]]
    else:
        path = _write(tmp_path, "all.json", json.dumps(items))
    report = import_file(db, path, actor=curator, fmt="bigscience" if shape == "list" else None)
    assert (report.imported, report.rejected) == (len(items), [])
    for item in items:
        entry = service.get_entry(db, item["uid"].replace("_", "-"))
        mapped = {"uid": item["uid"], "description.name": entry.name,
                  "description.description": entry.description,
                  "description.homepage": entry.homepage}
        for path_, value in _leaves(item):
            if value in (None, "", [], {}):
                continue
            if path_ in mapped:
                assert mapped[path_] == value
            elif path_ == "custodian.name":
                assert entry.custodians == [value]
            elif path_ == "availability.pii.has_pii":
                assert entry.risks.contains_pii == value.lower()
            else:  # every other leaf is kept as typed JSON
                assert entry.extra[f"bigscience:{path_}"] == value, path_


def test_bigscience_pii_and_licence_fields_are_kept(db, curator, shared_data):
    files, _ = _bigscience_items(shared_data)
    import_file(db, files[0].parent, actor=curator)
    le_monde = service.get_entry(db, "le-monde-newspaper")
    assert le_monde.risks.contains_pii == "yes" and le_monde.risks.sensitive_data == "yes"
    assert "political opinions" in le_monde.risks.sensitive_notes
    assert "telephone numbers" in le_monde.risks.pii_notes
    assert le_monde.extra["bigscience:availability.pii.sensitive_pii_list"] == [
        "political opinions", "racial or ethnic origin", "health-related data",
        "religious or philosophical beliefs"]
    assert le_monde.extra["bigscience:availability.licensing.license_text"].startswith(
        "https://moncompte.lemonde.fr/cgv")
    ksucca = service.get_entry(db, "ksucca-king-saud-university-corpus-of-classical-arabic")
    assert [lic.spdx for lic in ksucca.licenses] == ["CC-BY-NC-2.0"]
    assert "ar-x-classic" in ksucca.languages  # BigScience's private tag ar-CLS
    assert ksucca.risks.contains_pii == "no" and "100 years" in ksucca.risks.pii_notes


def test_bigscience_family_names_are_kept_and_reported_not_rejected(shared_data):
    item = json.loads((shared_data / "bigscience" / "entries" / "masakhane.json").read_text())
    got = bigscience_to_entry(item)
    assert "Niger-Congo" not in got["languages"]
    assert [f for f, _m in got["__warnings__"]] == ["languages"]


# --- the curators' sheet (CSV with spreadsheet headers) -----------------------------------------

def _sheet(shared_data):
    path = shared_data / "bigscience" / "resource_list_sample.csv"
    with path.open(encoding="utf-8") as fh:
        return path, list(csv.DictReader(fh))


def test_sheet_rejections_are_only_licence_texts(db, curator, shared_data):
    """Without --partial the only rejected values are licence texts the licence normaliser does
    not read (catalog.licenses, issue 16 item 3); every other column is mapped or kept."""
    path, rows = _sheet(shared_data)
    report = import_file(db, path, actor=curator)
    assert {r.field for r in report.rejected} <= {LICENCE_COLUMN}


def test_sheet_imports_every_row_with_partial_keeping_licence_and_pii(db, curator, shared_data):
    path, rows = _sheet(shared_data)
    report = import_file(db, path, actor=curator, partial=True)
    assert (report.imported, report.rejected) == (len(rows), [])
    entries = service.list_entries(db)
    by_number = {e.extra["csv:#"]: e for e in entries}
    assert len(by_number) == len(rows)
    for row in rows:
        e = by_number[row["#"]]
        licence = row[LICENCE_COLUMN].strip()
        kept = [lic.spdx for lic in e.licenses] + e.extra.get("rejected:licenses", [])
        assert licence == "" or kept, row["#"]
        pii = row["Contains Personal Information? (-1=unlikely, 0=neutral, 1=likely)"].strip()
        expected = {"1": "yes", "-1": "no"}.get(pii.split(",")[0], "unknown")
        assert e.risks.contains_pii == expected, row["#"]
        if pii and pii != "unknown":
            assert pii in e.risks.pii_notes
    wiki = by_number["1"]
    assert (wiki.name, wiki.languages, wiki.homepage) == ("Wikipedia FR", ["fr"],
                                                          "https://fr.wikipedia.org/")
    argentina = [e for e in entries if e.extra.get("csv:Dialect/accent (if known)") is None
                 and "es-AR" in e.languages]
    assert len(argentina) == sum(1 for r in rows if r["Dialect/accent (if known)"].strip()
                                 .lower() == "argentina")
    gallica = by_number["4"]
    assert gallica.languages == ["fr", "en", "es", "zh"]
    assert gallica.extra["csv:Language(s) (or family)"] == \
        "French, English, Spanish, Chinese, others"


@pytest.mark.parametrize(("header", "cells", "languages"), [
    ("Dataset title,Language(s),Licence", 'Tiny,"yo, en",MIT', ["yo", "en"]),
    ("title,language,license", "Tiny,Spanish (Argentina),MIT", ["es-AR"]),
    ("name,Glottocode,licenses", "Tiny,stan1289,MIT", ["ca"]),
    ("Dataset name,Languages,License,Dialect", "Tiny,ar,MIT,Egypt", ["ar-EG"]),
])
def test_csv_synonyms_are_recognised(db, curator, tmp_path, header, cells, languages):
    report = import_file(db, _write(tmp_path, "s.csv", f"{header}\n{cells}\n"), actor=curator)
    assert (report.imported, report.rejected) == (1, [])
    entry = service.get_entry(db, "tiny")
    assert entry.languages == languages and [lic.spdx for lic in entry.licenses] == ["MIT"]


def test_unmapped_columns_are_kept_and_map_chooses_a_field(db, curator, tmp_path):
    path = _write(tmp_path, "m.csv", "Resource,Speech variety,Notes\nTiny,sw,hello\n")
    report = import_file(db, path, actor=curator, mapping={"Speech variety": "languages"})
    assert report.imported == 1
    entry = service.get_entry(db, "tiny")
    assert entry.languages == ["sw"] and entry.extra == {"csv:Notes": "hello"}


# --- the CLI -----------------------------------------------------------------------------------

def run(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GLASSHOUSE_DATA_DIR=str(tmp))
    env.pop("GLASSHOUSE_DB", None)
    return subprocess.run([sys.executable, "app.py", "catalog", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_import_map_partial_and_export_errors(tmp_path, shared_data):
    sheet = _write(tmp_path, "s.csv", "Resource,Speech variety\nTiny,sw\n")
    mapped = run(tmp_path, "import", str(sheet), "--map", "Speech variety=languages", "--json")
    assert mapped.returncode == 0, mapped.stderr
    assert json.loads(mapped.stdout)["imported"] == 1
    bad_map = run(tmp_path, "import", str(sheet), "--map", "Speech variety=tongue")
    assert bad_map.returncode == 2 and "unknown field 'tongue'" in bad_map.stderr
    nothing = _write(tmp_path, "n.csv", "name,languages\n,sw\n,en\n")
    empty = run(tmp_path, "import", str(nothing), "--partial", "--json")
    assert empty.returncode == 2 and "nothing imported" in empty.stderr
    assert "Traceback" not in empty.stderr
    out = run(tmp_path, "export", "--format", "json", "--out", str(tmp_path / "no" / "x.json"))
    assert out.returncode == 2 and "does not exist" in out.stderr and "internal" not in out.stderr
    big = run(tmp_path, "import", str(shared_data / "bigscience" / "entries"), "--format",
              "bigscience", "--json")
    assert big.returncode == 0, big.stderr
    assert json.loads(big.stdout)["imported"] == 3


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_masader_and_bigscience_entries_round_trip_with_subsets_and_extra(db, curator,
                                                                          shared_data, tmp_path,
                                                                          fmt):
    from catalog.exporters import export

    import_file(db, shared_data / "masader_sample.json", actor=curator)
    import_file(db, shared_data / "bigscience" / "entries", actor=curator)
    before = service.list_entries(db)
    assert sum(1 for e in before if e.subsets) >= 10 and all(e.extra for e in before)
    path = _write(tmp_path, f"out.{fmt}", export(before, fmt))
    report = import_file(db, path, actor=curator)
    assert (report.rejected, report.warnings) == ([], [])
    after = service.list_entries(db)
    assert [(e.id, e.subsets, e.extra) for e in after] == [
        (e.id, e.subsets, e.extra) for e in before]


def test_invalid_tags_are_rejected_or_with_partial_kept_as_text(db, curator, tmp_path):
    path = _write(tmp_path, "t.csv", 'name,languages\nOne,"ar-CLS, ar"\nTwo,Klingonese-XX\n'
                                     "Three,fr-AA\n")
    strict = import_file(db, path, actor=curator)
    assert (strict.imported, sorted((r.row, r.field) for r in strict.rejected)) == (
        0, [(2, "languages"), (3, "languages"), (4, "languages")])
    kept = import_file(db, path, actor=curator, partial=True)
    assert (kept.imported, kept.rejected) == (3, [])
    assert sorted(w.row for w in kept.warnings) == [2, 3, 4]
    one = service.get_entry(db, "one")
    assert one.languages == ["ar"] and one.extra == {"rejected:languages": ["ar-CLS"]}
    assert service.get_entry(db, "two").extra == {"rejected:languages": ["Klingonese-XX"]}
