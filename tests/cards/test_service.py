"""Wizard drafts in the database: autosave, versions, roles, import."""

from __future__ import annotations

import pytest

from cards import service
from cards.spec import CardSpec
from glasshouse.errors import Conflict, NotFound, PermissionDenied


def test_draft_is_saved_updated_and_listed(db, curator, viewer):
    spec = CardSpec(kind="model", title="First", sections={"uses": "Chat."})
    d = service.save_draft(db, spec, actor=curator, completeness=0.2)
    assert d.version == 1
    spec2 = spec.model_copy(update={"title": "Second", "sections": {"uses": "Chat and search."}})
    d2 = service.save_draft(db, spec2, actor=curator, draft_id=d.id, expected_version=1,
                            completeness=0.3)
    assert d2.version == 2
    back = service.get_draft(db, d.id, actor=viewer)
    assert back.spec == spec2 and back.title == "Second" and back.completeness == 0.3
    assert [x.id for x in service.list_drafts(db, actor=viewer)] == [d.id]


def test_stale_save_is_refused_and_loses_nothing(db, curator, admin):
    d = service.save_draft(db, CardSpec(title="A"), actor=curator)
    service.save_draft(db, CardSpec(title="B"), actor=admin, draft_id=d.id, expected_version=1)
    with pytest.raises(Conflict, match="saved by ada"):
        service.save_draft(db, CardSpec(title="C"), actor=curator, draft_id=d.id,
                           expected_version=1)
    assert service.get_draft(db, d.id, actor=curator).title == "B"


@pytest.mark.parametrize("action", ["save", "delete"])
def test_viewers_cannot_write_drafts(db, curator, viewer, action):
    d = service.save_draft(db, CardSpec(title="A"), actor=curator)
    with pytest.raises(PermissionDenied, match="curator"):
        if action == "save":
            service.save_draft(db, CardSpec(title="X"), actor=viewer, draft_id=d.id)
        else:
            service.delete_draft(db, d.id, actor=viewer)
    assert service.get_draft(db, d.id, actor=viewer).title == "A"


def test_missing_draft_is_not_found(db, curator):
    with pytest.raises(NotFound):
        service.get_draft(db, "nope", actor=curator)
    d = service.save_draft(db, CardSpec(title="A"), actor=curator)
    service.delete_draft(db, d.id, actor=curator)
    with pytest.raises(NotFound):
        service.delete_draft(db, d.id, actor=curator)


def test_an_existing_readme_is_imported_as_a_draft(db, curator):
    text = ("---\nlicense: cc-by-4.0\nlanguage: [ar]\npretty_name: Tweets\n---\n# Tweets\n\n"
            "## Motivation\n\nDialect study.\n")
    d = service.import_draft(db, text, actor=curator)
    assert d.kind == "dataset" and d.title == "Tweets"
    assert d.spec.sections == {"motivation": "Dialect study."}
    assert d.spec.metadata["license"] == "cc-by-4.0"


@pytest.mark.parametrize("ids,evidence,catalog", [
    (["a", "catalog:e1", " b ", ""], ["a", "b"], ["e1"]),
    ([], [], []),
])
def test_evidence_and_catalog_ids_are_told_apart(ids, evidence, catalog):
    assert service.split_ids(ids) == (evidence, catalog)
