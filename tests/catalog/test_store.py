"""Store: versions and conflicts, history and revert, roles, review queue, lineage, search."""

from __future__ import annotations

import pytest

from catalog import service
from catalog.lineage import lineage
from glasshouse.errors import BadInput, Conflict, NotFound, PermissionDenied


def _add(db, actor, name, **kw):
    return service.create_entry(db, {"name": name, **kw}, actor=actor)


def test_second_save_of_the_same_version_is_a_conflict_and_loses_nothing(db, curator, admin):
    first = _add(db, curator, "Masakhane NER", languages=["yo"], licenses=["CC BY 4.0"])
    mine = first.entry.model_copy(update={"description": "mine"})
    theirs = first.entry.model_copy(update={"description": "theirs"})
    service.update_entry(db, first.entry.id, mine, expected_version=1, actor=curator)
    with pytest.raises(Conflict, match="version 2"):
        service.update_entry(db, first.entry.id, theirs, expected_version=1, actor=admin)
    stored = service.get_stored(db, "masakhane-ner")
    assert (stored.version, stored.entry.description) == (2, "mine")


def test_history_records_who_when_before_after_and_revert_restores(db, curator):
    e = _add(db, curator, "OSCAR", licenses=["CC0"], languages=["fr"]).entry
    service.update_entry(db, e.id, e.model_copy(update={"languages": ["fr", "de"]}),
                         expected_version=1, actor=curator, comment="add German")
    items = service.history(db, e.id)
    assert [(h.version, h.action, h.actor) for h in items] == [
        (2, "update", "cora"), (1, "create", "cora")]
    assert items[0].changed_fields() == ["languages"]
    assert (items[0].before["languages"], items[0].after["languages"]) == (["fr"], ["fr", "de"])
    assert items[0].comment == "add German" and items[0].at is not None
    back = service.revert(db, e.id, 1, expected_version=2, actor=curator)
    assert (back.version, service.get_entry(db, e.id).languages) == (3, ["fr"])
    assert service.history(db, e.id)[0].action == "revert"
    assert service.search(db, language="de").total == 0


@pytest.mark.parametrize(("role_fixture", "action"), [
    ("viewer", lambda db, a: service.create_entry(db, {"name": "X"}, actor=a)),
    ("viewer", lambda db, a: service.propose(db, {"name": "X"}, actor=a)),
    ("curator", lambda db, a: service.delete_entry(db, "x", expected_version=1, actor=a)),
    ("curator", lambda db, a: service.approve(db, 1, actor=a)),
])
def test_roles_are_checked_in_the_service(db, request, role_fixture, action):
    with pytest.raises(PermissionDenied):
        action(db, request.getfixturevalue(role_fixture))


def test_review_queue_proposal_comment_approve_applies_the_change(db, curator, admin):
    p = service.propose(db, {"name": "KinyaSMS", "languages": ["Kinyarwanda"],
                             "licenses": ["CC BY-SA 4.0"]}, actor=curator, comment="new")
    with pytest.raises(NotFound):
        service.get_entry(db, "kinyasms")
    service.comment(db, p.id, "licence checked on the homepage", actor=admin)
    done = service.approve(db, p.id, actor=admin, note="thanks")
    assert done.status == "approved" and [c["by"] for c in done.comments] == ["cora", "ada", "ada"]
    assert service.get_entry(db, "kinyasms").languages == ["rw"]
    assert service.proposals(db) == []
    with pytest.raises(Conflict, match="already approved"):
        service.reject(db, p.id, actor=admin)


def test_edit_proposal_made_on_an_old_version_conflicts_on_approval(db, curator, admin):
    e = _add(db, curator, "AfriSpeech").entry
    p = service.propose(db, e.model_copy(update={"description": "proposed"}), actor=curator,
                        entry_id=e.id, base_version=1)
    service.update_entry(db, e.id, e.model_copy(update={"description": "direct"}),
                         expected_version=1, actor=admin)
    with pytest.raises(Conflict):
        service.approve(db, p.id, actor=admin)
    assert service.get_entry(db, e.id).description == "direct"
    assert service.proposals(db)[0].status == "open"  # the failed approval changed nothing


def test_lineage_takes_the_most_restrictive_ancestor_and_lists_conflicts(db, curator):
    _add(db, curator, "Base NC", licenses=["CC BY-NC 4.0"])
    _add(db, curator, "Middle", licenses=["CC BY 4.0"], derived_from=["base-nc"])
    _add(db, curator, "Top", licenses=["MIT"], derived_from=["middle", "not catalogued"])
    got = lineage(db, "top")
    assert (got["license_class"], got["effective_license_class"]) == ("commercial",
                                                                      "non-commercial")
    assert [(a["id"], a["depth"]) for a in got["ancestors"]] == [
        ("middle", 1), ("not-catalogued", 1), ("base-nc", 2)]
    kinds = sorted((c["kind"], c["ancestor"]) for c in got["conflicts"])
    assert kinds == [("licence-class", "base-nc"), ("missing-ancestor", "not-catalogued")]


def test_lineage_of_a_clean_chain_has_no_conflicts(db, curator):
    _add(db, curator, "Wiki", licenses=["CC BY-SA 4.0"])
    _add(db, curator, "Wiki clean", licenses=["CC BY-SA 4.0"], derived_from=["wiki"])
    got = lineage(db, "wiki-clean")
    assert got["effective_license_class"] == "commercial" and got["conflicts"] == []


@pytest.mark.parametrize("chain", [2, 4])
def test_cycles_are_rejected(db, curator, chain):
    for i in range(chain):
        _add(db, curator, f"n{i}", derived_from=[f"n{i - 1}"] if i else [])
    first = service.get_entry(db, "n0")
    with pytest.raises(BadInput, match="cycle"):
        service.update_entry(db, "n0", first.model_copy(update={"derived_from": [f"n{chain-1}"]}),
                             expected_version=1, actor=curator)
    assert service.get_entry(db, "n0").derived_from == []


def test_search_full_text_with_facets(db, curator, search_path):
    _add(db, curator, "Egyptian tweets", languages=["arz"], licenses=["CC BY-NC 4.0"],
         description="Dialectal sentiment corpus")
    _add(db, curator, "Gulf speech", languages=["ar-SA"], modality="audio", licenses=["MIT"])
    _add(db, curator, "Swahili news", languages=["sw"], licenses=["CC BY 4.0"],
         description="news articles")
    assert [r["id"] for r in service.search(db, "sentim").results] == ["egyptian-tweets"]
    ar = service.search(db, language="ar")
    assert ar.total == 2 and ar.facets["language"] == {"ar": 2}
    assert service.search(db, language="ar-SA").total == 1
    both = service.search(db, "", license_class="commercial")
    assert sorted(r["id"] for r in both.results) == ["gulf-speech", "swahili-news"]
    assert both.facets["modality"] == {"audio": 1, "text": 1}
    assert service.search(db, region="SA").results[0]["id"] == "gulf-speech"
    assert service.search(db, "news", modality="audio").total == 0


def test_search_index_follows_edits_and_deletes(db, admin):
    e = _add(db, admin, "Old title", id="entry-1").entry
    service.update_entry(db, e.id, e.model_copy(update={"name": "Brand new"}),
                         expected_version=1, actor=admin)
    assert service.search(db, "old").total == 0 and service.search(db, "brand").total == 1
    service.delete_entry(db, e.id, expected_version=2, actor=admin)
    assert service.search(db, "brand").total == 0
    assert service.history(db, e.id)[0].action == "delete"


def test_simultaneous_saves_one_wins_one_conflicts(db, curator, admin):
    import threading

    e = _add(db, curator, "Shared entry").entry
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def save(actor, text):
        barrier.wait()
        try:
            service.update_entry(db, e.id, e.model_copy(update={"description": text}),
                                 expected_version=1, actor=actor)
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(a, t)) for a, t in
               ((curator, "one"), (admin, "two"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    stored = service.get_stored(db, e.id)
    assert stored.version == 2 and len(service.history(db, e.id)) == 2


def test_preview_warns_before_saving_an_entry_built_from_restricted_sources(db, curator):
    from catalog.lineage import preview
    from catalog.schema import Entry

    _add(db, curator, "Base NC", licenses=["CC BY-NC 4.0"])
    _add(db, curator, "Mid", licenses=["MIT"], derived_from=["base-nc"])
    got = preview(db, Entry(name="New", licenses=["MIT"], derived_from=["mid", "elsewhere"]))
    assert got["effective_license_class"] == "non-commercial"
    assert len(got["warnings"]) == 2 and "'mid' is non-commercial" in got["warnings"][0]


def test_search_words_and_facet_filters(db, curator, search_path):
    _add(db, curator, "Egyptian tweets", languages=["arz", "ar-EG"], licenses=["CC BY-NC 4.0"])
    _add(db, curator, "Egyptian radio", languages=["ar-EG"], modality="audio", licenses=["MIT"])
    _add(db, curator, "Kenyan tweets", languages=["sw-KE"], licenses=["MIT"])
    got = service.search(db, "tweets", language="ar")
    assert [r["id"] for r in got.results] == ["egyptian-tweets"]
    assert got.facets["language"] == {"ar": 1} and got.facets["region"] == {"EG": 1}
    both = service.search(db, "egyptian", region="EG", limit=1)
    assert both.total == 2 and len(both.results) == 1
    assert both.facets["modality"] == {"audio": 1, "text": 1}
    assert service.search(db, "tweets", license_class="commercial").results[0]["id"] == \
        "kenyan-tweets"
    assert service.search(db, "tweets", language="sw-KE", access="open").total == 0
    # filters alone (no words) go through the same index, ordered by name
    assert [r["id"] for r in service.search(db, region="EG").results] == [
        "egyptian-radio", "egyptian-tweets"]


@pytest.mark.parametrize(("query", "filters"), [
    ("tweets", {}), ("egyptian", {"region": "EG"}), ("", {"license_class": "commercial"}),
    ("twe", {"language": "ar"}), ("", {}), ("radio tweets", {}), ("", {"family": "Niger-Congo"}),
])
def test_page_and_total_are_the_same_with_and_without_facet_counts(db, curator, query, filters,
                                                                   search_path):
    for i in range(7):
        _add(db, curator, f"Egyptian tweets {i}", languages=["arz", "ar-EG"][: 1 + i % 2],
             licenses=["CC BY-NC 4.0" if i % 3 else "MIT"])
        _add(db, curator, f"Kenyan radio tweets {i}", languages=["sw-KE"], modality="audio",
             licenses=["MIT"])
    for offset in (0, 3, 12):
        a = service.search(db, query, limit=4, offset=offset, facets=True, **filters)
        b = service.search(db, query, limit=4, offset=offset, facets=False, **filters)
        assert (a.total, a.results) == (b.total, b.results) and b.facets == {}
        assert a.total > 0 and sum(a.facets["modality"].values()) == a.total


@pytest.mark.parametrize(("family", "expected"), [
    ("Afro-Asiatic", ["egyptian-and-hausa-tweets", "hausa-radio"]),
    ("Afro-Asiatic > Semitic", ["egyptian-and-hausa-tweets"]),
    ("afro-asiatic>chadic", ["egyptian-and-hausa-tweets", "hausa-radio"]),
    ("Niger-Congo > Bantu", ["swahili-tweets"]),
    ("Many languages (unnamed)", ["web-tweets"]),
])
def test_family_facet_filters_and_counts_each_entry_once(db, curator, family, expected,
                                                         search_path):
    _add(db, curator, "Egyptian and Hausa tweets", languages=["arz", "ar-EG", "ha"])
    _add(db, curator, "Hausa radio tweets", languages=["ha"], modality="audio", id="hausa-radio")
    _add(db, curator, "Swahili tweets", languages=["sw-KE", "sw"])
    _add(db, curator, "Web tweets", languages=["mul"])
    got = service.search(db, "tweets", family=family)
    assert sorted(r["id"] for r in got.results) == expected
    everything = service.search(db, "tweets")
    assert everything.facets["family"] == {"Afro-Asiatic": 2, "Niger-Congo": 1,
                                           "Many languages (unnamed)": 1}
    assert everything.facets["branch"]["Afro-Asiatic > Chadic"] == 2
    assert everything.facets["branch"]["Afro-Asiatic > Semitic"] == 1


def test_unknown_family_is_a_clear_error_and_unlisted_languages_say_unknown(db, curator):
    _add(db, curator, "Klingon corpus", languages=["tlh"])
    assert service.search(db, "klingon").facets["family"] == {"Unknown family": 1}
    with pytest.raises(BadInput, match="unknown language family 'Elvish'"):
        service.search(db, "klingon", family="Elvish")
