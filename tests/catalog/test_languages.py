"""Language identity: strict tags, names with regions, dialects and countries that find each
other in search and facets (issue 16 item 2)."""

from __future__ import annotations

import json

import pytest

from catalog import service
from catalog.importers import import_file
from catalog.languages import (dialect_tag, normalise_language, region_countries, tags_match,
                               territory_code)
from glasshouse.errors import BadInput


@pytest.mark.parametrize("bad", ["ar-CLS", "ar-xyz", "fr-AA", "Klingonese-XX", "qaa", "ar-XX",
                                 "en-Qaaa", "xx-YY", "und", "abcd1234"])
def test_unregistered_or_private_subtags_are_refused(bad):
    with pytest.raises(BadInput) as err:
        normalise_language(bad)
    assert err.value.field == "languages"


@pytest.mark.parametrize(("written", "tag"), [
    ("Spanish (Argentina)", "es-AR"), ("Arabic (Egypt)", "ar-EG"), ("Portuguese (Brazil)",
                                                                     "pt-BR"),
    ("Spanish-AR", "es-AR"), ("ar-arz", "arz"), ("Classical Arabic", "ar-x-classic"),
    ("Modern Standard Arabic", "arb"), ("stan1289", "ca"), ("stan1290", "fr"),
    ("ar-015", "ar-015"), ("es-419", "es-419"),
])
def test_names_regions_and_glottocodes_become_valid_tags(written, tag):
    assert normalise_language(written) == tag


def test_a_country_is_not_a_language():
    with pytest.raises(BadInput, match="is a country or region.*ar-SO"):
        normalise_language("Somalia")


@pytest.mark.parametrize(("label", "tag"), [
    ("Somalia", "ar-SO"), ("Egypt", "ar-EG"), ("mixed", "ar"), ("Classical Arabic",
                                                                 "ar-x-classic"),
    ("Modern Standard Arabic", "arb"), ("Levant", "apc"), ("Gulf", "afb"),
    ("North Africa", "ar-015"), ("United Arab Emirates", "ar-AE"),
])
def test_masader_dialect_labels(label, tag):
    assert dialect_tag(label, "ar") == tag


def test_classical_standard_and_mixed_arabic_stay_apart():
    tags = {dialect_tag(x, "ar") for x in ("Classical Arabic", "Modern Standard Arabic",
                                           "mixed")}
    assert len(tags) == 3
    assert not tags_match("arb", "ar-x-classic") and not tags_match("ar-x-classic", "arb")


@pytest.mark.parametrize(("query", "tag", "found"), [
    ("ar", "arz", True), ("ar", "ar-EG", True), ("ar", "apc", True), ("ar", "arb", True),
    ("ar-EG", "arz", True), ("arz", "ar-EG", True), ("apc", "ar-LB", True),
    ("ar-LB", "apc", True), ("ar-015", "ar-EG", True), ("ar-015", "ary", True),
    ("ar-EG", "ar-MA", False), ("arz", "apc", False), ("arb", "ar-EG", False),
    ("ar-EG", "arb", False), ("ar-EG", "ar", False), ("es-AR", "es-419", True),
    ("es-AR", "es-MX", False), ("fr-CA", "ar-CA", False), ("ar-EG", "ar-001", False),
])
def test_which_tags_find_which(query, tag, found):
    assert tags_match(query, tag) is found


def test_regions_hold_their_countries():
    assert {"EG", "MA", "DZ", "TN", "LY", "SD"} <= region_countries("015")
    assert "FR" not in region_countries("015")
    assert territory_code("Niger-Congo") is None  # not Niger
    assert (territory_code("Northern Africa"), territory_code("usa")) == ("015", "US")


# Masader dialect labels -> the labels a search for each query must find (all of them) and may
# find (a region containing the country, e.g. "North Africa" for Egypt).
LEVANT = {"Levant", "Lebanon", "Syria", "Jordan", "Palestine"}
GULF = {"Gulf", "Saudi Arabia", "Kuwait", "Bahrain", "Qatar", "United Arab Emirates", "Oman",
        "Iraq"}
NORTH_AFRICA = {"North Africa", "Egypt", "Morocco", "Algeria", "Tunisia", "Libya", "Sudan"}
CASES = [
    ("ar-EG", {"Egypt"}, {"Egypt", "North Africa"}),
    ("arz", {"Egypt"}, {"Egypt", "North Africa"}),
    ("Egyptian Arabic", {"Egypt"}, {"Egypt", "North Africa"}),
    ("apc", LEVANT, LEVANT),
    ("ar-LB", {"Lebanon", "Levant"}, {"Lebanon", "Levant"}),
    ("ar-SY", {"Syria", "Levant"}, {"Syria", "Levant"}),
    ("ar-MA", {"Morocco"}, {"Morocco", "North Africa"}),
    ("ary", {"Morocco"}, {"Morocco", "North Africa"}),
    ("arq", {"Algeria"}, {"Algeria", "North Africa"}),
    ("ar-TN", {"Tunisia"}, {"Tunisia", "North Africa"}),
    ("ar-IQ", {"Iraq", "Gulf"}, {"Iraq", "Gulf"}),
    ("ar-SA", {"Saudi Arabia", "Gulf"}, {"Saudi Arabia", "Gulf"}),
    ("afb", GULF, GULF),
    ("ar-015", NORTH_AFRICA, NORTH_AFRICA),
    ("arb", {"Modern Standard Arabic"}, {"Modern Standard Arabic"}),
    ("Classical Arabic", {"Classical Arabic"}, {"Classical Arabic"}),
]


def _labels(item):
    return {item["Dialect"]} | {s["Dialect"] for s in item["Dialect Subsets"]}


def _name(item):
    return item["Name"].strip()


@pytest.fixture
def masader(db, curator, shared_data):
    report = import_file(db, shared_data / "masader_sample.json", actor=curator)
    assert report.rejected == []
    return json.loads((shared_data / "masader_sample.json").read_text())


def test_dialect_search_finds_every_entry_of_the_dialect_or_its_country(db, masader,
                                                                        search_path):
    names = {_name(r): _labels(r) for r in masader}
    for query, must, may in CASES:
        got = service.search(db, language=query, limit=1000, facets=False)
        found = {r["name"] for r in got.results}
        required = {n for n, labels in names.items() if labels & must}
        allowed = {n for n, labels in names.items() if labels & may}
        assert required <= found, (query, sorted(required - found))
        assert found <= allowed, (query, sorted(found - allowed))
        assert got.total == len(found)
    assert service.search(db, language="ar", facets=False).total == len(masader)


def test_region_search_finds_its_countries_and_their_dialects(db, masader, search_path):
    names = {_name(r): _labels(r) for r in masader}
    got = service.search(db, region="Northern Africa", limit=1000, facets=False)
    assert {r["name"] for r in got.results} == {
        n for n, labels in names.items() if labels & NORTH_AFRICA}
    # the region facet counts a dialect in its country: every Egyptian entry counts for EG
    facets = service.search(db, language="arz").facets
    assert facets["region"]["EG"] == got_egypt(names)


def got_egypt(names):
    return sum(1 for labels in names.values() if "Egypt" in labels)


def test_dialect_subsets_keep_their_volumes(db, masader):
    item = next(r for r in masader if len(r["Dialect Subsets"]) >= 4)
    hit = service.search(db, item["Name"], facets=False).results[0]
    entry = service.get_entry(db, hit["id"])
    assert [(s.label, s.size.value, s.size.unit) for s in entry.subsets] == [
        (s["Dialect"], s["Volume"], s["Unit"]) for s in item["Dialect Subsets"]]
    assert {s.language for s in entry.subsets} <= set(entry.languages)


def test_migration_recomputes_language_rows_and_facet_tokens(tmp_path, curator, shared_data):
    """A catalog indexed before the language identity change (bases from the old short table,
    no dialect-country tokens) is brought up to date by migration catalog_0004."""
    from alembic import command
    from sqlalchemy import text

    from glasshouse.db import Database, _alembic_config

    db = Database(f"sqlite:///{tmp_path}/old.db")
    db.migrate()
    import_file(db, shared_data / "masader_sample.json", actor=curator)
    egypt = service.search(db, region="EG", facets=False).total
    with db.engine.begin() as conn:  # the state the old code left
        conn.execute(text("UPDATE catalog_entry_languages SET base = tag"))
        conn.execute(text("UPDATE catalog_entries_fts SET tags = ''"))
    assert service.search(db, language="ar", facets=False).total < len(masader_names(shared_data))
    with db.engine.connect() as conn:
        cfg = _alembic_config(conn)
        command.downgrade(cfg, "catalog_0003")
        conn.commit()
    db.migrate()
    assert service.search(db, language="ar", facets=False).total == len(
        masader_names(shared_data))
    assert service.search(db, region="EG", facets=False).total == egypt > 0
    db.dispose()


def masader_names(shared_data):
    return json.loads((shared_data / "masader_sample.json").read_text())


def test_every_tag_in_our_tables_is_registered():
    """The glottocode and dialect tables only produce tags whose subtags are all registered."""
    from catalog.languages import (_EXTRA_DIALECT_COUNTRIES, ARABIC_VARIETIES, GLOTTOCODES,
                                   invalid_subtag, region_countries)

    tags = set(GLOTTOCODES.values()) | set(ARABIC_VARIETIES.values()) | set(
        _EXTRA_DIALECT_COUNTRIES)
    assert [t for t in sorted(tags) if invalid_subtag(t) is not None] == []
    countries = {c for cs in _EXTRA_DIALECT_COUNTRIES.values() for c in cs}
    assert all(region_countries(c) == frozenset({c}) for c in countries)
    assert all(invalid_subtag(f"ar-{c}") is None for c in countries)
