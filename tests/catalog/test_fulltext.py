"""The full-text index with facet tokens (catalog.fulltext): tokens, rebuild by migration."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from catalog import service
from catalog.fulltext import parse_token, sqlite_rowid, tags_text, token


@pytest.mark.parametrize(("facet", "value"), [
    ("license_class", "non-commercial"), ("tag", "zh-Hant-TW"), ("branch", "Niger-Congo > Bantu"),
    ("family", "Many languages (unnamed)"), ("region", "EG"), ("language", "ar"),
])
def test_facet_tokens_are_alphanumeric_and_reversible(facet, value):
    tok = token(facet, value)
    assert tok.isalnum() and tok.islower()
    assert parse_token(tok) == (facet, value)


@pytest.mark.parametrize("word", ["tweets", "hello", "lcxyz", "mo7", "lbff", "x1"])
def test_words_that_are_not_facet_tokens_parse_to_none(word):
    assert parse_token(word) is None


def test_tags_text_lists_each_facet_value_once():
    langs = [{"tag": "ar-EG", "base": "ar", "region": "EG", "family": "Afro-Asiatic",
              "branch": "Afro-Asiatic > Semitic"},
             {"tag": "arz", "base": "ar", "region": None, "family": "Afro-Asiatic",
              "branch": "Afro-Asiatic > Semitic"}]
    toks = tags_text({"license_class": "commercial", "modality": "text", "access": "open"},
                     langs).split()
    parsed = sorted(parse_token(t) for t in toks)
    assert len(toks) == len(set(toks)) == 9  # 3 entry facets, 2 tags, 1 base, 1 region, 1 family, 1 branch
    assert ("language", "ar") in parsed and ("region", "EG") in parsed
    assert ("tag", "arz") in parsed and ("access", "open") in parsed


def test_sqlite_rowids_are_stable_and_distinct():
    ids = [f"gen-{i:06d}" for i in range(20000)]
    rowids = {sqlite_rowid(i) for i in ids}
    assert len(rowids) == len(ids)
    assert sqlite_rowid("gen-000001") == sqlite_rowid("gen-000001")


def test_typed_words_never_match_facet_tokens(db, curator, search_path):
    service.create_entry(db, {"name": "Radio archive", "languages": ["sw"],
                              "licenses": ["MIT"]}, actor=curator)
    lc_token = token("license_class", "commercial")
    assert service.search(db, lc_token).total == 0
    assert service.search(db, lc_token[:4]).total == 0
    assert service.search(db, "radio", license_class="commercial").total == 1


def test_upgrade_from_the_index_made_before_catalog_0003_rebuilds_it(sqlite_db, curator):
    """Databases made before catalog_0003 had an (entry_id, body) index and no facet tokens:
    going down to catalog_0002 and up again must rebuild the index from the entry tables."""
    from alembic import command

    from glasshouse.db import _alembic_config

    db = sqlite_db
    for name, lic in (("Swahili news", "MIT"), ("Egyptian tweets", "CC-BY-NC-4.0")):
        service.create_entry(db, {"name": name, "languages": ["sw" if "Swahili" in name
                                                              else "arz"],
                                  "licenses": [lic]}, actor=curator)
    with db.engine.connect() as conn:
        command.downgrade(_alembic_config(conn), "catalog_0002")
        conn.commit()
        # the old shape, as the search module used to make it on first use
        conn.exec_driver_sql("CREATE VIRTUAL TABLE catalog_entries_fts USING fts5(entry_id "
                             "UNINDEXED, body)")
        conn.exec_driver_sql("INSERT INTO catalog_entries_fts SELECT id, search_text "
                             "FROM catalog_entries")
        conn.commit()
    db.migrate()
    got = service.search(db, "tweets", license_class="non-commercial")
    assert [r["id"] for r in got.results] == ["egyptian-tweets"]
    assert got.facets["language"] == {"ar": 1}
    everything = service.search(db, "", modality="text")
    assert everything.total == 2 and everything.facets["license_class"] == {
        "commercial": 1, "non-commercial": 1}
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM catalog_entries_fts")).scalar() == 2


def test_facet_counts_follow_writes_made_through_another_connection(db, curator, admin):
    """The in-memory facet index is per process: a write by another process (here: another
    Database object on the same URL) must show in the next search's counts and pages."""
    from glasshouse.db import Database

    service.create_entry(db, {"name": "Swahili news", "languages": ["sw"]}, actor=curator)
    assert service.search(db, modality="text").facets["language"] == {"sw": 1}
    other = Database(db.url)
    try:
        service.create_entry(other, {"name": "Amharic news", "languages": ["am"],
                                     "modality": "audio"}, actor=curator)
        got = service.search(db, "news")
        assert got.total == 2 and got.facets["modality"] == {"audio": 1, "text": 1}
        assert [r["id"] for r in service.search(db).results] == ["amharic-news", "swahili-news"]
        stored = service.get_stored(other, "amharic-news")
        service.delete_entry(other, "amharic-news", expected_version=stored.version, actor=admin)
    finally:
        other.dispose()
    after = service.search(db)
    assert after.total == 1 and after.facets["language"] == {"sw": 1}


@pytest.mark.parametrize(("query", "filters"), [
    ("tweets", {}), ("tweets", {"language": "ar"}), ("news", {"modality": "audio"}),
    ("", {"license_class": "non-commercial", "language": "sw-KE"}), ("radio news", {}),
])
def test_benchmark_baseline_finds_what_search_finds(db, curator, query, filters, search_path):
    """bench_catalog compares search with like_search: both must answer the same question."""
    from catalog.search import like_search

    for name, langs, lic, mod in (("Egyptian tweets", ["arz"], "MIT", "text"),
                                  ("Cairo radio news", ["ar-EG"], "CC-BY-NC-4.0", "audio"),
                                  ("Nairobi news tweets", ["sw-KE"], "CC-BY-NC-4.0", "text"),
                                  ("Swahili radio news", ["sw"], "MIT", "audio")):
        service.create_entry(db, {"name": name, "languages": langs, "licenses": [lic],
                                  "modality": mod}, actor=curator)
    total, ids = like_search(db, query, **filters)
    got = service.search(db, query, facets=False, **filters)
    assert total == got.total > 0
    assert sorted(ids) == sorted(r["id"] for r in got.results)


@pytest.mark.parametrize(("query", "filters"), [
    ("news", {}), ("", {"modality": "audio"}), ("news radio", {"modality": "text"}), ("tweets", {"language": "ha"}),
    ("tweets", {"license_class": "unspecified"}), ("news", {"license_class": "non-commercial"}), ("", {}),
])
def test_both_search_paths_give_the_same_answer(db, curator, monkeypatch, query, filters):
    from catalog import search as search_module

    for i in range(9):
        service.create_entry(db, {
            "name": f"{['Swahili', 'Egyptian', 'Hausa'][i % 3]} "
                    f"{['news', 'radio news', 'tweets'][i % 3]} {i}",
            "languages": [["sw", "sw-KE"], ["arz"], ["ha", "en"]][i % 3],
            "licenses": [["MIT"], ["CC-BY-NC-4.0"], []][i % 3],
            "modality": ["text", "audio"][i % 2]}, actor=curator)
    answers = []
    for direct, words_alone in ((False, 10**9), (False, -1), (True, 0)):
        monkeypatch.setattr(search_module, "DIRECT_MAX", 10**9 if direct else -1)
        monkeypatch.setattr(search_module, "WORDS_ALONE_MAX", words_alone)
        if direct:
            monkeypatch.setattr(search_module, "current", lambda *_a: None)
        answers.append([service.search(db, query, limit=3, offset=o, **filters)
                        for o in (0, 2, 7)])
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0].total > 0


def test_a_wiped_and_reloaded_database_is_not_answered_from_the_old_copy(db, curator,
                                                                        monkeypatch):
    """Same URL, same entry ids and count, history ids restarted (PostgreSQL TRUNCATE ...
    RESTART IDENTITY): the in-memory index must still be rebuilt."""
    from catalog import search as search_module
    from tests.conftest import wipe

    monkeypatch.setattr(search_module, "DIRECT_MAX", -1)  # always through the index
    service.create_entry(db, {"name": "Corpus", "languages": ["sw"]}, actor=curator)
    assert service.search(db, "corpus").facets["language"] == {"sw": 1}
    wipe(db)
    service.create_entry(db, {"name": "Corpus", "languages": ["yo"]}, actor=curator)
    assert service.search(db, "corpus").facets["language"] == {"yo": 1}
    assert service.search(db).facets["language"] == {"yo": 1}


def _index_content(index):
    """What an index says, independent of column numbering: per key, its entry id, name and
    facet values, plus the name order."""
    rows = {}
    for p, key in enumerate(index.keys):
        cols = index.matrix[p].indices
        rows[key] = (index.entry_ids[p], index.names[p],
                     sorted(index.columns[c] for c in cols))
    return rows, [index.entry_ids[p] for p in index.by_name], list(index.keys)


def test_patched_facet_index_equals_one_built_from_scratch(db, curator, admin):
    """Edits, creations and deletions after the index was built are patched in; the result
    must be exactly what a full build gives (rows, facet values, name and key order)."""
    import random

    from catalog import facet_index as fi

    rng = random.Random(5)
    langs = ["sw", "ar-EG", "yo", "zh-Hant", "es-AR", "fr"]
    for i in range(30):
        service.create_entry(db, {"name": f"Corpus {rng.randrange(100):02d} {i}",
                                  "languages": rng.sample(langs, 2), "licenses": ["MIT"]},
                             actor=curator)
    with db.read() as s:
        built = fi.rebuild(s, db.url, db.is_sqlite)
    for step in range(12):
        ids = [r["id"] for r in service.search(db, limit=100, facets=False).results]
        victim = rng.choice(ids)
        stored = service.get_stored(db, victim)
        if step % 3 == 0:
            service.delete_entry(db, victim, expected_version=stored.version, actor=admin)
        elif step % 3 == 1:
            service.update_entry(db, victim, stored.entry.model_copy(update={
                "name": f"Aaa renamed {step}", "languages": ["qu", "gn"],
                "modality": "audio"}), expected_version=stored.version, actor=curator)
        else:
            service.create_entry(db, {"name": f"New {step}", "languages": ["tlh"]},
                                 actor=curator)
    with db.read() as s:
        patched = fi._patch(s, built, fi._signature(s, db.is_sqlite), db.is_sqlite)
        fresh = fi._build(s, fi._signature(s, db.is_sqlite), db.is_sqlite)
    assert patched is not None
    assert _index_content(patched) == _index_content(fresh)
    assert patched.counts(None) == fresh.counts(None)
    assert list(patched.rows_with([token("modality", "audio")])) == \
        list(fresh.rows_with([token("modality", "audio")]))


def test_patching_is_refused_when_the_history_does_not_go_on_from_the_index(db, curator):
    from catalog import facet_index as fi
    from tests.conftest import wipe

    service.create_entry(db, {"name": "Corpus", "languages": ["sw"]}, actor=curator)
    with db.read() as s:
        built = fi.rebuild(s, db.url, db.is_sqlite)
    wipe(db)
    service.create_entry(db, {"name": "Corpus", "languages": ["yo"]}, actor=curator)
    with db.read() as s:
        assert fi._patch(s, built, fi._signature(s, db.is_sqlite), db.is_sqlite) is None
