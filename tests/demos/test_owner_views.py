"""The Demos tab's builder form and review queue without a browser: what the owner's buttons do
(demos.builder_form, demos.review_view), on a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from demos import builder_form, review_view, service
from glasshouse.errors import BadInput, Conflict

FORM = {"task": "pii-redaction", "model": "glasshouse-patterns", "model_label": "",
        "title": "Redact my message", "description": "Shows what the redactor hides.",
        "intended_use": "Trying it.", "limitations": "Patterns only.",
        "examples": "Write to ana@example.org\n\n  Call +44 20 7946 0958  ",
        "variants": "", "public": True}


def _params(slots) -> tuple:
    return tuple(None for _ in slots)  # every parameter widget left empty


def test_create_reads_the_form_and_gives_the_full_share_address(db, curator,
                                                                 monkeypatch) -> None:
    monkeypatch.delenv("GLASSHOUSE_PUBLIC_URL", raising=False)
    slots = builder_form.param_slots()
    got = builder_form.create(db, FORM | {"slug": "redact-it"}, slots, _params(slots),
                              actor=curator, base_url="http://127.0.0.1:7860/")
    assert got.slug == "redact-it" and got.my_demos == ["redact-it"]
    assert got.share_url == "http://127.0.0.1:7860/demo/?slug=redact-it"
    assert "open to anyone with the link" in got.message
    demo = service.owner_demo(db, "redact-it", actor=curator)
    assert demo.spec.examples == ["Write to ana@example.org", "Call +44 20 7946 0958"]


def test_edit_fills_the_form_and_save_publishes_the_next_version(db, curator) -> None:
    slots = builder_form.param_slots()
    builder_form.create(db, FORM, slots, _params(slots), actor=curator, base_url="")
    e = builder_form.edit(db, "redact-my-message", slots, actor=curator)
    assert e.values["title"] == FORM["title"] and e.state == {"slug": "redact-my-message",
                                                              "version": 1}
    assert e.values["examples"] == "Write to ana@example.org\nCall +44 20 7946 0958"
    assert len(e.param_values) == len(slots)
    msg, state = builder_form.save(db, e.state, e.values | {"limitations": "Now clearer."},
                                   slots, tuple(e.param_values), actor=curator)
    assert "as version 2" in msg and state == {"slug": "redact-my-message", "version": 2}
    with pytest.raises(Conflict):  # a second tab still editing version 1
        builder_form.save(db, e.state, e.values, slots, tuple(e.param_values), actor=curator)


@pytest.mark.parametrize("call", [
    lambda db, who: builder_form.edit(db, "", [], actor=who),
    lambda db, who: builder_form.save(db, None, FORM, [], (), actor=who),
    lambda db, who: review_view.show(db, None, review_view.filters(None, "", "", "", ""),
                                     actor=who),
    lambda db, who: review_view.export(db, "", "csv", {}, actor=who),
])
def test_owner_buttons_without_a_demo_name_the_field(db, curator, call) -> None:
    with pytest.raises(BadInput) as err:
        call(db, curator)
    assert err.value.field == "demo"


def test_review_shows_tags_sends_and_exports_the_queue(db, curator, public_demo) -> None:
    runs = service.run_demo(db, public_demo.slug, ["Write to ana@example.org", "hola"],
                            actor=None, client="c")
    for run, cat in zip(runs, ["wrong", "fine"], strict=True):
        service.submit_feedback(db, {"run_id": run.id, "category": cat,
                                     "group": "older women, Nigerian people"},
                                actor=None, client="c")
    flt = review_view.filters(["wrong"], "", "", "", "")
    shown = review_view.show(db, public_demo.slug, flt, actor=curator)
    assert shown.summary.startswith("n = 1 feedback items")
    assert list(shown.table.columns) == review_view.COLUMNS
    assert shown.table["input"].tolist() == ["Write to ana@example.org"]
    assert shown.table["group"].tolist() == ["older women; Nigerian people"]
    ((label, fid),) = shown.options
    assert label.startswith(f"#{fid} wrong")
    assert review_view.tag(db, public_demo.slug, [fid], "names", actor=curator).startswith(
        "Tag 'names' added to 1 item(s)")
    assert "kind demo_feedback" in review_view.send_to_card(db, public_demo.slug, [fid],
                                                            actor=curator)
    path = Path(review_view.export(db, public_demo.slug, "json", flt, actor=curator))
    assert path.name == f"{public_demo.slug}-feedback.json"
    body = json.loads(path.read_text())
    assert body["total"] == 1 and [i["id"] for i in body["feedback"]] == [fid]
