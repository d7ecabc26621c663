"""Entry ids: any script, distinct names never share an id, stable across runs, and an id
taken by another name is a reported conflict, never an overwrite."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import service
from catalog.ids import legacy_slug, make_id, name_key
from catalog.importers import import_file
from catalog.schema import ID_RE, Entry
from glasshouse.errors import Conflict

# characters that transliteration or slugging folds together: case, accents, symbols,
# separators, other scripts, compatibility forms (full-width, ligatures)
TRICKY = "aAbB1+-_. ()&#éeÉ\u0301ñnمرحبا中文ΕλŁłßｓﬁ\u200b😀"
names = st.one_of(st.text(alphabet=TRICKY, min_size=1, max_size=12),
                  st.text(min_size=1, max_size=40))


def _distinct_ids_for_distinct_names(batch: list[str]) -> None:
    by_id: dict[str, str] = {}
    for name in batch:
        i = make_id(name)
        assert ID_RE.match(i), (name, i)
        if i in by_id:
            assert name_key(by_id[i]) == name_key(name), (by_id[i], name, i)
        by_id[i] = name


@settings(max_examples=400, deadline=None)
@given(st.lists(names, min_size=2, max_size=30))
def test_no_two_distinct_names_share_an_id(batch):
    _distinct_ids_for_distinct_names(batch)


@settings(max_examples=200, deadline=None)
@given(names)
def test_an_entry_gets_the_id_of_its_name_and_the_id_is_deterministic(name):
    if not name.strip():
        return
    e = Entry(name=name[:300])
    assert e.id == make_id(name[:300].strip()) == make_id(name[:300].strip())


@pytest.mark.parametrize(("a", "b"), [
    ("WMT24++", "WMT24"), ("HumanEval+", "HumanEval"), ("C++ code", "C code"),
    ("Café corpus", "Cafe corpus"), ("SQuAD 1.1", "SQuAD 11"), ("SQuAD 1.1", "SQuAD 1 1"),
    ("مسار", "مصادر"), ("中文语料", "中文"), ("OSCAR (2023)", "OSCAR 2023"), ("😀", "😃"),
    ("x" * 101, "x" * 102),
])
def test_names_that_slugging_used_to_merge_get_different_ids(a, b):
    assert make_id(a) != make_id(b)


@pytest.mark.parametrize(("a", "b"), [("Masri tweets", "masri-tweets"),
                                      ("Masri  tweets", "MASRI_TWEETS"),
                                      ("ＷＭＴ２４", "wmt24"), ("Café Corpus", "café corpus")])
def test_the_same_name_written_differently_keeps_one_id(a, b):
    assert make_id(a) == make_id(b)


# Literal values on purpose: these ids are stored in catalogues and must never change
# between runs, machines or versions (SHA-256 of the name key; no Python hash()).
@pytest.mark.parametrize(("name", "expected"), [
    ("Masri tweets", "masri-tweets"), ("XNLI", "xnli"), ("FLORES-200", "flores-200"),
    ("WMT24++", "wmt24-plus-plus--ahwilyft"), ("中文语料", "zhongwenyuliao--tyme742v"),
    ("مسار", "msr--uapadztw"), ("Café corpus", "cafe-corpus--hzhmjpfb"),
])
def test_ids_are_stable(name, expected):
    assert make_id(name) == expected


def test_ids_are_the_same_in_another_process():
    import subprocess
    import sys

    code = "from catalog.ids import make_id; print(make_id('中文语料 v2+'))"
    out = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={"PYTHONHASHSEED": seed}).stdout.strip()
           for seed in ("1", "2")}
    assert out == {make_id("中文语料 v2+")}


def _csv(tmp_path, text, name="a.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_non_latin_names_imported_separately_stay_separate(db, curator, tmp_path):
    for i, name in enumerate(["مدونة المصري", "مدونة الشامي", "中文新闻语料"]):
        report = import_file(db, _csv(tmp_path, f"name,languages\n{name},ar\n", f"{i}.csv"),
                             actor=curator)
        assert (report.imported, report.rejected) == (1, [])
    assert sorted(e.name for e in service.list_entries(db)) == sorted(
        ["مدونة المصري", "مدونة الشامي", "中文新闻语料"])


def test_a_plus_variant_may_derive_from_its_base(db, curator, tmp_path):
    report = import_file(db, _csv(tmp_path, "name,derived_from\nWMT24,\nWMT24++,WMT24\n"),
                         actor=curator)
    assert (report.imported, report.rejected) == (2, [])
    plus = service.get_entry(db, make_id("WMT24++"))
    assert (plus.name, plus.derived_from) == ("WMT24++", ["wmt24"])


def test_an_import_whose_id_belongs_to_another_name_is_a_reported_conflict(db, curator,
                                                                           tmp_path):
    service.create_entry(db, {"id": "wmt24", "name": "Workshop corpus", "description": "keep"},
                         actor=curator)
    text = "name,description\nWMT24,new\nHumanEval,fine\n"
    report = import_file(db, _csv(tmp_path, text), actor=curator)
    assert not report.committed
    assert [(r.row, r.field) for r in report.rejected] == [(2, "id")]
    assert "Workshop corpus" in report.rejected[0].error
    partial = import_file(db, _csv(tmp_path, text), actor=curator, partial=True)
    assert (partial.imported, [r.row for r in partial.rejected]) == (1, [2])
    kept = service.get_entry(db, "wmt24")
    assert (kept.name, kept.description) == ("Workshop corpus", "keep")


def test_an_explicit_id_of_another_entry_is_a_conflict_everywhere(db, curator, tmp_path):
    service.create_entry(db, {"id": "corpus-a", "name": "Corpus A"}, actor=curator)
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"id": "corpus-a", "name": "Corpus B"}]))
    report = import_file(db, path, actor=curator)
    assert [(r.row, r.field) for r in report.rejected] == [(1, "id")]
    with pytest.raises(Conflict, match="already belongs to 'Corpus A'"):
        service.create_entry(db, {"id": "corpus-a", "name": "Corpus B"}, actor=curator)
    with pytest.raises(Conflict, match="already belongs to 'Corpus A'"):
        service.upsert_many(db, [Entry(id="corpus-a", name="Corpus B")], actor=curator)
    assert service.get_entry(db, "corpus-a").name == "Corpus A"
    # the same name (written differently) is an update, not a conflict
    assert service.upsert_many(db, [Entry(id="corpus-a", name="corpus  a", year=2020)],
                               actor=curator) == (0, 1)


def test_entries_stored_under_their_old_id_keep_it_on_reimport(db, curator, tmp_path):
    old = legacy_slug("Café corpus")
    assert old == "cafe-corpus" != make_id("Café corpus")
    service.create_entry(db, {"id": old, "name": "Café corpus"}, actor=curator)
    text = "name,description,derived_from\nCafé corpus,updated,\nCafé QA,,Café corpus\n"
    report = import_file(db, _csv(tmp_path, text), actor=curator)
    assert (report.imported, report.updated, report.rejected) == (1, 1, [])
    assert service.count_entries(db) == 2
    assert service.get_entry(db, old).description == "updated"
    assert service.get_entry(db, make_id("Café QA")).derived_from == [old]


def test_a_new_child_links_to_a_parent_stored_under_its_old_id(db, curator, tmp_path):
    service.create_entry(db, {"id": "cafe-corpus", "name": "Café corpus"}, actor=curator)
    report = import_file(db, _csv(tmp_path, "name,derived_from\nCafé QA,Café corpus\n"),
                         actor=curator)
    assert (report.imported, report.rejected) == (1, [])
    assert service.get_entry(db, make_id("Café QA")).derived_from == ["cafe-corpus"]


def test_creating_an_entry_stored_under_its_old_id_is_a_conflict_not_a_twin(db, curator):
    service.create_entry(db, {"id": "cafe-corpus", "name": "Café corpus"}, actor=curator)
    with pytest.raises(Conflict, match="already exists; edit it instead"):
        service.create_entry(db, {"name": "Café corpus"}, actor=curator)
    child = service.create_entry(db, {"name": "Café QA", "derived_from": ["Café corpus"]},
                                 actor=curator)
    assert child.entry.derived_from == ["cafe-corpus"] and service.count_entries(db) == 2
