"""Importers (all or nothing, every rejected row reported) and exporters (round trips)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from catalog import service
from catalog.exporters import export
from catalog.importers import CSV_COLUMNS, import_file
from catalog.lineage import lineage
from catalog.seed import SEED_FILE, load_seed
from glasshouse.errors import BadInput

GOOD_CSV = ("name,languages,licenses,access,derived_from\n"
            "Kiswahili news,Swahili,CC BY 4.0,Free,\n"
            "Masri tweets,Egyptian Arabic;ar-EG,CC BY-NC 4.0,Upon-Request,Kiswahili news\n")


def _write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def test_csv_import_normalises_and_links(db, curator, tmp_path):
    report = import_file(db, _write(tmp_path, "a.csv", GOOD_CSV), actor=curator)
    assert (report.imported, report.updated, report.rejected) == (2, 0, [])
    masri = service.get_entry(db, "masri-tweets")
    assert (masri.languages, masri.access, masri.derived_from) == (
        ["arz", "ar-EG"], "gated", ["kiswahili-news"])
    assert lineage(db, "masri-tweets")["effective_license_class"] == "non-commercial"
    again = import_file(db, _write(tmp_path, "b.csv", GOOD_CSV.replace("Free", "paid")),
                        actor=curator)
    assert (again.imported, again.updated) == (0, 1)
    assert service.get_stored(db, "kiswahili-news").version == 2


def test_bad_rows_reject_the_whole_file_and_are_all_reported(db, curator, tmp_path):
    bad = GOOD_CSV + ("Broken one,Blorbish,CC BY 4.0,Free,\n"
                      "Broken two,sw,LicenseRef-,sometimes,\n")
    report = import_file(db, _write(tmp_path, "bad.csv", bad), actor=curator)
    assert not report.committed and report.imported == 0
    assert sorted((r.row, r.field) for r in report.rejected) == [
        (4, "languages"), (5, "access"), (5, "licenses")]
    assert service.count_entries(db) == 0


def test_partial_import_keeps_the_good_rows(db, curator, tmp_path):
    bad = GOOD_CSV + "Broken,Blorbish,CC BY 4.0,Free,\n,sw,MIT,Free,\n"
    report = import_file(db, _write(tmp_path, "bad.csv", bad), actor=curator, partial=True)
    # the row without a name is rejected; the bad language of row 4 is left empty, its text
    # kept in extra and reported, and the row is kept
    assert ([(r.row, r.field) for r in report.rejected]) == [(5, "name")]
    assert report.imported == 3
    assert [(w.row, w.field) for w in report.warnings] == [(4, "languages")]
    broken = service.get_entry(db, "broken")
    assert (broken.languages, broken.extra) == ([], {"rejected:languages": ["Blorbish"]})
    assert [lic.spdx for lic in broken.licenses] == ["CC-BY-4.0"]


@pytest.mark.parametrize(("name", "content", "match", "row", "field"), [
    ("latin1.csv", "name,languages\nCaf\xe9 corpus,fr\n".encode("latin-1"), "not UTF-8", 2, None),
    ("nohead.csv", "label,languages\nX,fr\n", "no column for the entry name", 1, "name"),
    ("twice.csv", "name,licence,license\nX,MIT,MIT\n", "both fill field 'licenses'", 1,
     "license"),
    ("empty.csv", "", "empty", 1, None),
    ("broken.json", '[{"name": "x",}]', "not valid JSON", 1, None),
    ("obj.json", '{"name": "x"}', "JSON list", None, None),
])
def test_malformed_files_give_one_clear_error(db, curator, tmp_path, name, content, match, row,
                                              field):
    with pytest.raises(BadInput, match=match) as err:
        import_file(db, _write(tmp_path, name, content), actor=curator)
    assert (err.value.file, err.value.row, err.value.field) == (name, row, field)
    assert service.count_entries(db) == 0


def test_jsonl_reports_bad_lines_by_number(db, curator, tmp_path):
    lines = '{"name": "A", "languages": ["yo"]}\n{oops\n\n{"name": "", "languages": ["xx"]}\n'
    report = import_file(db, _write(tmp_path, "x.jsonl", lines), actor=curator)
    assert sorted((r.row, r.field) for r in report.rejected) == [
        (2, "json"), (4, "languages"), (4, "name")]


def test_duplicate_ids_in_one_file_are_rejected(db, curator, tmp_path):
    report = import_file(db, _write(tmp_path, "d.csv", "name\nSame\nsame\n"), actor=curator)
    assert [(r.row, r.field) for r in report.rejected] == [(3, "id")]


# small files are checked entry by entry, big ones all at once
@pytest.mark.parametrize("size", [2, 60])
def test_a_cycle_inside_a_file_is_rejected_and_nothing_is_written(db, curator, tmp_path, size):
    rows = "name,derived_from\n" + "".join(f"n{i},n{(i + 1) % size}\n" for i in range(size))
    with pytest.raises(BadInput, match="cycle"):
        import_file(db, _write(tmp_path, "c.csv", rows), actor=curator)
    assert service.count_entries(db) == 0


def test_masader_sample_imports_with_dialects_licences_and_lineage(db, curator, shared_data):
    report = import_file(db, shared_data / "masader_sample.json", actor=curator)
    raw = json.loads((shared_data / "masader_sample.json").read_text())
    assert (report.imported, report.rejected) == (len(raw), [])
    facets = service.search(db).facets
    assert facets["language"]["ar"] == len(raw)
    assert facets["license_class"]["academic-only"] == sum(
        1 for r in raw if r["License"] == "LDC User Agreement")
    assert service.search(db, language="ar-EG").total == sum(
        1 for r in raw if "Egypt" in [r["Dialect"]] + [s["Dialect"] for s in
                                                        r["Dialect Subsets"]])
    child = next(r for r in raw if "ARCD" in (r["Derived From"] or []))
    got = lineage(db, service.search(db, child["Name"]).results[0]["id"])
    assert "arcd" in [a["id"] for a in got["ancestors"] if a["catalogued"]]


def test_hf_dataset_card_import(db, curator, tmp_path):
    card = ("---\npretty_name: Tiny Yoruba news\nlanguage:\n- yo\nlicense: other\n"
            "license_name: my-terms\ntask_categories:\n- text-classification\n"
            "source_datasets:\n- extended|masakhanews\n---\n\n# Tiny Yoruba news\n\n"
            "Headlines from Yoruba news sites.\n\n```bibtex\n@misc{x, title={T}}\n```\n")
    report = import_file(db, _write(tmp_path, "README.md", card), actor=curator, fmt="hf-card")
    assert report.imported == 1
    e = service.get_entry(db, "tiny-yoruba-news")
    assert (e.languages, [lic.spdx for lic in e.licenses], e.derived_from, e.description,
            e.citation) == (["yo"], ["LicenseRef-my-terms"], ["masakhanews"],
                            "Headlines from Yoruba news sites.", "@misc{x, title={T}}")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_round_trips(db, curator, tmp_path, fmt):
    load_seed(db, actor=curator)
    before = service.list_entries(db)
    text = export(before, fmt)
    path = _write(tmp_path, f"out.{fmt}", text)
    # re-importing into the same catalog changes nothing
    report = import_file(db, path, actor=curator)
    assert (report.imported, report.updated, report.rejected) == (0, 0, [])
    assert service.list_entries(db) == before


def test_csv_export_neutralises_formulas_from_entries(db, curator):
    service.create_entry(db, {"name": "=cmd|' /C calc'!A0", "id": "evil"}, actor=curator)
    rows = list(csv.DictReader(io.StringIO(export(service.list_entries(db), "csv"))))
    assert rows[0]["name"].startswith("'=") and list(rows[0]) == list(CSV_COLUMNS)


def test_croissant_and_hf_card_exports(db, curator):
    load_seed(db, actor=curator)
    xnli = service.get_entry(db, "xnli")
    doc = json.loads(export([xnli], "croissant"))
    assert (doc["@type"], doc["conformsTo"], doc["isBasedOn"], "sw" in doc["inLanguage"]) == (
        "sc:Dataset", "http://mlcommons.org/croissant/1.0", [{"@id": "multinli"}], True)
    catalog_doc = json.loads(export(service.list_entries(db), "croissant"))
    assert len(catalog_doc["dataset"]) == service.count_entries(db)
    from huggingface_hub import DatasetCard

    card = DatasetCard(export([xnli], "hf-card"))
    assert (card.data.license, card.data.pretty_name) == (["cc-by-nc-4.0"], "XNLI")
    with pytest.raises(BadInput, match="one entry"):
        export(service.list_entries(db), "hf-card")


def test_seed_has_enough_real_resources_and_languages(db, curator):
    report = load_seed(db, actor=curator)
    entries = service.list_entries(db)
    langs = {t for e in entries for t in e.languages} - {"mul"}
    assert report.imported == len(json.loads(SEED_FILE.read_text())) >= 40
    assert len(langs) >= 15 and all(e.homepage and e.licenses for e in entries)
    assert lineage(db, "belebele")["ancestors"][0]["id"] == "flores-200"
