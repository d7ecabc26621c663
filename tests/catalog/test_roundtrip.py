"""Lossless round trips on real data (the Masader sample, imported with the masader importer):
JSON and CSV export -> import give identical entries; the Hub card is valid Hub metadata and
imports back with the same licence class (also without our own metadata block); Croissant
gives one valid document per entry."""

from __future__ import annotations

import json

import pytest
import yaml

from catalog import service
from catalog.exporters import (CROISSANT_CONTEXT, croissant_documents, croissant_problems,
                               export)
from catalog.hub_metadata import metadata_problems
from catalog.importers import hf_card_to_entry, import_file
from catalog.schema import Entry
from tests.conftest import wipe


@pytest.fixture
def masader(db, curator, shared_data):
    report = import_file(db, shared_data / "masader_sample.json", actor=curator, fmt="masader")
    assert report.rejected == []
    return service.list_entries(db)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_catalog_gives_identical_entries(db, curator, tmp_path,
                                                                         masader, fmt):
    path = tmp_path / f"out.{fmt}"
    path.write_text(export(masader, fmt), encoding="utf-8")
    wipe(db)
    report = import_file(db, path, actor=curator)
    assert (report.imported, report.rejected) == (len(masader), [])
    assert service.list_entries(db) == masader
    again = import_file(db, path, actor=curator)  # and into the same catalog: no change
    assert (again.imported, again.updated, again.rejected) == (0, 0, [])


def test_csv_keeps_sizes_exactly(masader):
    sized = [e for e in masader if e.size.value is not None]
    # the sample has sizes that 6 significant digits would change (the old export did)
    assert sum(f"{e.size.value:g}" != repr(e.size.value) and
               float(f"{e.size.value:g}") != e.size.value for e in sized) > 0
    import csv
    import io

    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export(masader, "csv")))}
    assert all(float(rows[e.id]["size_value"]) == e.size.value for e in sized)


def _meta(card: str) -> dict:
    return yaml.safe_load(card.split("---\n")[1])


def test_hub_cards_are_valid_hub_metadata_and_import_back_unchanged(masader):
    from cards.check import check_text

    others = 0
    for e in masader:
        card = export([e], "hf-card")
        meta = _meta(card)
        assert metadata_problems(meta) == [], (e.id, metadata_problems(meta))
        assert [x for x in check_text(card, kind="dataset").errors
                if x.startswith("metadata")] == [], e.id
        if meta["license"] == "other" or "other" in meta["license"]:
            others += 1
            assert meta["license_name"] and meta["license_link"]
        assert meta.get("language_details", []) == e.languages
        assert Entry.model_validate(hf_card_to_entry(card, fallback_name="x")) == e
    assert others > 0


def test_a_hub_card_without_our_block_keeps_every_licence_class(masader):
    """What another tool (or the Hub) keeps: the standard fields only."""
    ldc = [e for e in masader if e.license_class == "academic-only"]
    assert ldc
    for e in masader:
        meta = _meta(export([e], "hf-card"))
        meta.pop("glasshouse")
        card = "---\n" + yaml.safe_dump(meta) + "---\n\n# x\n\ntext\n"
        back = Entry.model_validate(hf_card_to_entry(card, fallback_name="x"))
        assert [lic.license_class for lic in back.licenses] == [
            lic.license_class for lic in e.licenses], (e.id, meta.get("license_name"))
        assert back.languages == e.languages


def test_hub_card_of_an_ldc_entry_names_the_agreement():
    e = Entry(name="Arabic Gigaword", licenses=["LDC User Agreement"], languages=["arb"],
              tasks=["language modeling", "dialect identification", "misspelling detection"])
    meta = _meta(export([e], "hf-card"))
    assert (meta["license"], meta["license_name"], meta["license_link"]) == (
        "other", "ldc-user-agreement",
        "https://catalog.ldc.upenn.edu/license/ldc-non-members-agreement.pdf")
    assert (meta["task_categories"], meta["task_ids"], meta["tags"]) == (
        ["text-generation", "text-classification"], ["language-modeling",
                                                     "language-identification"],
        ["misspelling detection"])


def _lacks(e: Entry) -> set[str]:
    """Facts Croissant requires that this entry does not have (we never invent them)."""
    lacking = {"url": not e.homepage, "creator": not (e.creators or e.custodians),
               "datePublished": e.year is None,
               "license": all(lic.spdx == "LicenseRef-Unknown" for lic in e.licenses)}
    return {f"missing required property '{k}'" for k, missing in lacking.items() if missing}


def test_one_valid_croissant_document_per_entry(masader):
    docs = croissant_documents(masader)
    assert len(docs) == len(masader)
    valid = 0
    for e, doc in zip(masader, docs):
        assert doc["@context"] == CROISSANT_CONTEXT
        problems = croissant_problems(doc)
        assert set(problems) == _lacks(e), (e.id, problems)
        valid += not problems
    assert valid > len(masader) // 2


def test_the_catalog_level_croissant_export_is_a_catalog_of_croissant_datasets(masader):
    doc = json.loads(export(masader, "croissant"))
    assert doc["@type"] == "sc:DataCatalog" and "not itself" not in doc["description"]
    assert "Croissant" in doc["description"] and len(doc["dataset"]) == len(masader)
    single = json.loads(export(masader[:1], "croissant"))
    assert single == {"@context": CROISSANT_CONTEXT, **doc["dataset"][0]}


@pytest.mark.parametrize("broken, problem", [
    ({"@type": "sc:DataCatalog"}, "@type must be sc:Dataset"),
    ({"conformsTo": "http://mlcommons.org/croissant/0.8"}, "conformsTo"),
    ({"license": ["CC-BY-4.0"]}, "must be a URL or an sc:CreativeWork"),
    ({"url": None}, "'url'"), ({"datePublished": "sometime"}, "must be a date"),
    ({"creator": [{"name": "x"}]}, "sc:Person or sc:Organization"),
])
def test_the_croissant_check_catches_what_the_specification_forbids(broken, problem):
    e = Entry(name="Full", description="d", homepage="https://example.org", year=2020,
              creators=["A"], licenses=["CC BY 4.0"])
    doc = {**croissant_documents([e])[0], **broken}
    assert croissant_problems(croissant_documents([e])[0]) == []
    assert any(problem in p for p in croissant_problems(doc))


def test_every_starter_entry_exports_a_valid_hub_card_that_imports_back(db, curator):
    from catalog.seed import load_seed

    load_seed(db, actor=curator)
    for e in service.list_entries(db):
        card = export([e], "hf-card")
        assert metadata_problems(_meta(card)) == [], e.id
        assert Entry.model_validate(hf_card_to_entry(card, fallback_name="x")) == e


def test_a_card_block_cannot_smuggle_in_an_internal_marker(db, curator, tmp_path):
    path = tmp_path / "README.md"
    path.write_text("---\nglasshouse:\n  entry:\n    name: Sneaky\n    __error__: 5\n---\n\n# x\n",
                    encoding="utf-8")
    report = import_file(db, path, actor=curator, fmt="hf-card")
    assert (report.imported, report.rejected) == (1, [])
