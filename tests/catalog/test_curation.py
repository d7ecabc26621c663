"""Curation (issue 16 item 6), the logic behind the catalog tab: lineage conflicts shown next to
the form's fields before saving, a readable review diff, the import preview's column mapping."""

from __future__ import annotations

import re

from catalog import service, views
from catalog.importers import import_file, mapping_from_table, preview_columns
from catalog.lineage import preview
from catalog.schema import Entry


def _add(db, actor, name, **fields):
    return service.create_entry(db, {"name": name, **fields}, actor=actor)


def test_form_check_shows_non_commercial_and_share_alike_ancestors_next_to_fields(db, curator):
    _add(db, curator, "Base NC", licenses=["CC BY-NC 4.0"])
    _add(db, curator, "Mid", licenses=["MIT"], derived_from=["base-nc"])
    _add(db, curator, "Wiki SA", licenses=["CC BY-SA 4.0"])
    data = {"name": "New", "licenses": ["MIT"], "derived_from": ["mid", "wiki-sa", "elsewhere"]}
    got = preview(db, Entry.model_validate(data))
    kinds = {(c["kind"], c["ancestor"], c["field"]) for c in got["conflicts"]}
    assert kinds == {("licence-class", "base-nc", "licenses"),
                     ("share-alike", "wiki-sa", "licenses"),
                     ("missing-ancestor", "elsewhere", "derived_from")}
    near = views.field_messages(data, got["conflicts"])
    assert "base-nc" in near["licenses"] and "share-alike" in near["licenses"]
    assert "elsewhere" in near["derived_from"] and "base-nc" in near["derived_from"]
    assert near["languages"] == ""
    # a share-alike licence and a non-commercial class clear both conflicts
    fixed = {**data, "licenses": ["CC BY-NC-SA 4.0"], "derived_from": ["mid", "wiki-sa"]}
    assert preview(db, Entry.model_validate(fixed))["conflicts"] == []


def test_field_messages_name_bad_values_next_to_their_field():
    near = views.field_messages({"name": "X", "languages": ["Blorbish"], "licenses": ["MIT"]})
    assert "Blorbish" in near["languages"] and near["licenses"] == ""


def test_review_diff_has_no_python_reprs(db, curator):
    current = _add(db, curator, "Masri tweets", languages=["arz"], licenses=["MIT"],
                   size={"value": 3018, "unit": "sentences"}).entry.model_dump(mode="json")
    proposed = {**current, "languages": ["arz", "ar-EG"], "licenses": [
        {"spdx": "CC-BY-NC-4.0", "license_class": "non-commercial"}],
        "size": {"value": 4000.0, "unit": "sentences"}, "homepage": None,
        "risks": {"contains_pii": "yes", "pii_notes": "names", "sensitive_data": "unknown",
                  "sensitive_notes": ""}}
    md = views.proposal_markdown(7, proposed, current, [], "cora")
    assert not re.search(r"[\[{]'|'[\]}]|\bNone\b|\bTrue\b|\bFalse\b", md), md
    assert "arz, ar-EG" in md and "CC-BY-NC-4.0 (non-commercial)" in md
    assert "4,000 sentences" in md and "contains pii: yes" in md


def test_import_preview_lets_a_curator_map_the_remaining_columns(db, curator, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Dataset title,Speech variety,Remarks\nTiny,sw,nice\n", encoding="utf-8")
    got = preview_columns(path)
    assert got["format"] == "csv" and got["rows"] == 1
    table = views.column_rows(got["columns"])
    assert table == [["Dataset title", "name", "Tiny"], ["Speech variety", "extra", "sw"],
                     ["Remarks", "extra", "nice"]]
    table[1][1] = "languages"  # the curator maps the column in the preview table
    report = import_file(db, path, actor=curator, mapping=mapping_from_table(table))
    assert report.imported == 1
    entry = service.get_entry(db, "tiny")
    assert entry.languages == ["sw"] and entry.extra == {"csv:Remarks": "nice"}
