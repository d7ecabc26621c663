"""What each catalog sub-tab shows, computed without a browser (catalog/presenters.py)."""

from __future__ import annotations

import csv
import json

import pytest

from catalog import presenters, service, views
from catalog.licenses import LICENSE_CLASSES
from glasshouse.errors import BadInput, NotFound


def _form(**values):
    return {k: values.get(k, "") for k in presenters.FORM_KEYS} | {
        "access": values.get("access", "open"), "modality": values.get("modality", "text"),
        "contains_pii": values.get("contains_pii", "unknown"),
        "verified_sections": values.get("verified_sections", [])}


@pytest.fixture
def two_entries(sqlite_db, curator):
    service.create_entry(sqlite_db, {"name": "Masri Tweets", "languages": ["arz"],
                                     "licenses": ["CC-BY-NC-4.0"]}, actor=curator)
    service.create_entry(sqlite_db, {"name": "Swahili News", "languages": ["sw"],
                                     "licenses": ["CC-BY-4.0"],
                                     "derived_from": ["masri-tweets"]}, actor=curator)
    return sqlite_db


@pytest.mark.parametrize(("language", "lclass", "names"), [
    ("ar", "any", ["Masri Tweets"]),  # 'ar' finds the Egyptian dialect
    ("", "commercial", ["Swahili News"]),  # the filter reads an entry's own licences
    ("", "non-commercial", ["Masri Tweets"]),
    ("sw", "any", ["Swahili News"]),
    ("", "any", ["Masri Tweets", "Swahili News"]),
])
def test_search_page_rows_follow_the_filters(two_entries, language, lclass, names):
    page = presenters.search_page(two_entries, "", language, lclass)
    assert sorted(r[1] for r in page.rows) == names
    assert f"**{len(names)} match(es).**" in page.facets or not names
    for row in page.rows:
        assert len(row) == 7 and row[4] in LICENSE_CLASSES


def test_search_page_says_when_only_the_first_results_are_shown(two_entries):
    page = presenters.search_page(two_entries, limit=1)
    assert len(page.rows) == 1 and page.facets.endswith("(first 1 shown)")


def test_entry_page_shows_effective_licence_history_and_version(two_entries, curator):
    service.update_entry(two_entries, "swahili-news", {"name": "Swahili News",
                         "languages": ["sw"], "licenses": ["MIT"],
                         "derived_from": ["masri-tweets"]},
                         expected_version=1, actor=curator, comment="licence fixed")
    page = presenters.entry_page(two_entries, " swahili-news ")
    assert page.version == 2
    assert "**non-commercial**" in page.markdown  # inherited from the source
    assert [h[:3] for h in page.history] == [[2, "update", "cora"], [1, "create", "cora"]]
    assert page.history[0][4] == "licenses" and page.history[0][5] == "licence fixed"
    assert page.history[1][4] == "(new entry)"
    assert page.citation == "(no citation yet)"
    assert len(page.outputs()) == 5


def test_revert_needs_a_version_number_and_goes_back(two_entries, curator):
    with pytest.raises(BadInput, match="version number"):
        presenters.revert_entry(two_entries, "masri-tweets", None, 1, curator)
    service.update_entry(two_entries, "masri-tweets", {"id": "masri-tweets", "name": "Masri",
                                                       "languages": ["arz"]},
                         expected_version=1, actor=curator)
    page = presenters.revert_entry(two_entries, "masri-tweets", 1, 2, curator)
    assert page.version == 3 and "### Masri Tweets" in page.markdown


def test_check_form_is_quiet_on_an_empty_form_and_names_problems_next_to_fields(two_entries):
    assert presenters.check_form(two_entries, _form()) == presenters.FormCheck("", "", "", "")
    got = presenters.check_form(two_entries, _form(name="X", languages="Blorbish"))
    assert got.report.startswith("**Please fix before saving:**")
    assert "❌" in got.languages and got.licenses == ""


def test_check_form_counts_the_licence_of_what_it_is_built_from(two_entries):
    got = presenters.check_form(two_entries, _form(name="Remix", languages="arz",
                                                   licenses="CC-BY-4.0",
                                                   derived_from="masri-tweets"))
    assert "effective licence class would be **non-commercial**" in got.report
    assert "⚠️" in got.derived_from


def test_check_form_names_a_source_missing_from_the_catalog_once(two_entries):
    got = presenters.check_form(two_entries, _form(name="Remix", languages="arz",
                                                   licenses="CC-BY-4.0",
                                                   derived_from="Nowhere Corpus, masri-tweets"))
    warnings = [line for line in got.report.splitlines() if "nowhere-corpus" in line]
    assert len(warnings) == 1 and "not in the catalog" in warnings[0]
    assert "non-commercial" in got.report  # the catalogued source still counts


def test_search_says_when_the_catalog_itself_is_empty(sqlite_db, two_entries):
    assert presenters.search_page(two_entries, "no such words at all").catalog_empty is False


def test_save_form_creates_then_edits_with_optimistic_locking(two_entries, curator):
    from glasshouse.errors import Conflict

    with pytest.raises(BadInput, match="form has problems"):
        presenters.save_form(two_entries, _form(name=""), None, "", curator)
    saved = presenters.save_form(two_entries, _form(name="New One", languages="sw"), None,
                                 "first", curator)
    assert saved.entry_id == "new-one" and saved.state[:2] == ("new-one", 1)
    edit = presenters.edit_form(two_entries, "new-one")
    assert edit.values["languages"] == "sw" and edit.state[:2] == ("new-one", 1)
    again = presenters.save_form(two_entries, edit.values | {"licenses": "MIT"}, edit.state,
                                 "", curator)
    assert again.state[1] == 2
    with pytest.raises(Conflict):  # the old version is refused, nothing overwritten
        presenters.save_form(two_entries, edit.values, edit.state, "", curator)


def test_proposals_are_listed_shown_commented_and_decided(two_entries, curator, admin):
    msg = presenters.propose_form(two_entries, _form(name="Proposed", languages="sw"), None,
                                  "please add", curator)
    number = int(msg.split("**")[1])
    rows = presenters.queue_rows(two_entries)
    assert [r[:4] for r in rows] == [[number, "(new)", "Proposed", "cora"]]
    assert "A **new entry**" in presenters.proposal_view(two_entries, number)
    with pytest.raises(BadInput, match="proposal number"):
        presenters.proposal_view(two_entries, None)
    with pytest.raises(NotFound):
        presenters.proposal_view(two_entries, number + 99)
    text, rows = presenters.comment_on(two_entries, number, "looks fine", admin)
    assert text == "Comment added." and rows[0][5] == "cora: please add | ada: looks fine"
    text, rows = presenters.decide(two_entries, True, number, "", admin)
    assert text == f"Proposal {number} approved." and rows == []
    assert service.get_entry(two_entries, "proposed").name == "Proposed"


def test_coverage_of_an_empty_catalog_says_so(sqlite_db):
    assert presenters.search_page(sqlite_db).catalog_empty is True
    got = presenters.coverage(sqlite_db)
    assert got.chart is None and "catalog is empty" in got.summary


def test_coverage_states_n_and_licence_classes(two_entries):
    got = presenters.coverage(two_entries)
    assert got.summary.startswith("n = 2 entries, 2 distinct language tags")
    assert "commercial: 1" in got.summary and "non-commercial: 1" in got.summary and got.map_caveat.startswith("*")


def test_import_preview_and_import_of_a_csv_with_a_bad_row(sqlite_db, curator, tmp_path):
    path = tmp_path / "mine.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "languages", "licenses", "shoe size"])
        w.writerow(["Good", "sw", "CC-BY-4.0", "42"])
        w.writerow(["", "sw", "MIT", "40"])
    preview = presenters.import_preview(str(path), "guess")
    assert preview.message.startswith("Recognised as **CSV** with 2 rows")
    assert ["shoe size", "extra", "42"] in preview.columns
    msg, rows = presenters.import_summary(sqlite_db, path, "guess", False, preview.columns,
                                          curator)
    assert msg.startswith("**Nothing imported:** 1 problem(s) in 2 rows") and rows
    msg, _ = presenters.import_summary(sqlite_db, path, "guess", True, preview.columns,
                                       curator)
    assert msg.startswith("Imported 1 new and updated 0 entries from 2 rows")
    assert presenters.import_preview(None, "guess") == presenters.ImportPreview("", None)


@pytest.mark.parametrize("fmt", ["csv", "json", "croissant"])
def test_export_file_writes_the_catalog_in_the_format(two_entries, fmt):
    path = presenters.export_file(two_entries, fmt)
    assert path.endswith(presenters.EXPORT_EXTENSIONS[fmt])
    text = open(path, encoding="utf-8").read()
    assert "Masri Tweets" in text
    if fmt != "csv":
        json.loads(text)


def test_export_file_refuses_an_unknown_format(two_entries):
    with pytest.raises(BadInput, match="unknown export format"):
        presenters.export_file(two_entries, "../x")


def test_every_licence_class_has_one_colour():
    assert set(views.CLASS_COLOURS) == set(LICENSE_CLASSES)
    assert len(set(views.CLASS_COLOURS.values())) == len(LICENSE_CLASSES)


def test_editing_the_licence_keeps_the_fields_the_form_does_not_show(sqlite_db, curator):
    """Seen in the curator journey: fixing an imported entry's licence wiped its size, tasks,
    year, host and the source's extra fields (the form does not show them)."""
    service.create_entry(sqlite_db, {
        "name": "NSAR", "languages": ["ar-EG"], "licenses": ["unknown"],
        "size": {"value": 3011, "unit": "sentences"}, "tasks": ["negation detection"],
        "extra": {"masader:Script": "Arab"},
        "risks": {"contains_pii": "no", "pii_notes": "reviews, no names"}}, actor=curator)
    edit = presenters.edit_form(sqlite_db, "nsar")
    saved = presenters.save_form(sqlite_db, edit.values | {"licenses": "CC BY 4.0"}, edit.state,
                                 "licence fixed", curator)
    entry = service.get_entry(sqlite_db, saved.entry_id)
    assert [lic.spdx for lic in entry.licenses] == ["CC-BY-4.0"]
    assert (entry.size.value, entry.size.unit) == (3011, "sentences")
    assert entry.tasks == ["negation detection"]
    assert entry.extra == {"masader:Script": "Arab"}
    assert entry.risks.pii_notes == "reviews, no names" and entry.risks.contains_pii == "no"
    assert presenters.history_rows(sqlite_db, "nsar")[0][4] == "licenses"
