"""Owner review queue: filters, tags, aggregates, exports (formula-safe CSV) and evidence."""

from __future__ import annotations

import csv
import io
import json

import pytest

from demos import review, service
from glasshouse import evidence
from glasshouse.safe_csv import is_dangerous

FEEDBACK = [  # text, category, group, language, comment
    ("=1+1 or mail x@example.org", "wrong", "women", "en", "=HYPERLINK(\"http://evil\",\"x\")"),
    ("call +34 612 345 678", "biased", "Spanish speakers", "es", "+SUM(A1:A9)"),
    ("ip 10.0.0.1", "fine", "", "en", "-2+3"),
    ("card 4111 1111 1111 1111", "harmful", "women", "en", "@cmd|' /C calc'!A0"),
    ("nothing here", "fine", "=older people", "", "  =IMPORTXML(A1)"),
]


@pytest.fixture
def filled(db, public_demo):
    runs = service.run_demo(db, public_demo.slug, [f[0] for f in FEEDBACK], actor=None,
                            client="r")
    for run, (_, cat, group, lang, comment) in zip(runs, FEEDBACK, strict=True):
        service.submit_feedback(db, {"run_id": run.id, "category": cat, "group": group,
                                     "language": lang, "comment": comment}, actor=None,
                                client="r")
    return public_demo


@pytest.mark.parametrize("filters, expected_comments", [
    ({"categories": ["fine"]}, ["-2+3", "=IMPORTXML(A1)"]),
    ({"group": "WOMEN"}, [FEEDBACK[0][4], FEEDBACK[3][4]]),
    ({"language": "es"}, ["+SUM(A1:A9)"]),
    ({"text": "4111"}, [FEEDBACK[3][4]]),
    ({"categories": ["harmful", "biased"], "group": "women"}, [FEEDBACK[3][4]]),
])
def test_review_queue_filters(db, curator, filled, filters, expected_comments) -> None:
    items = service.list_feedback(db, filled.slug, actor=curator, filters=filters)
    assert [i.comment for i in items] == expected_comments


def test_tags_are_added_removed_and_filterable(db, curator, filled) -> None:
    ids = [i.id for i in service.list_feedback(db, filled.slug, actor=curator)]
    assert service.tag_feedback(db, filled.slug, ids[:2], [" Needs Fix ", "names"],
                                actor=curator) == 2
    assert service.tag_feedback(db, filled.slug, ids[:2], ["needs fix"], actor=curator) == 0
    tagged = service.list_feedback(db, filled.slug, actor=curator, filters={"tag": "needs fix"})
    assert [i.id for i in tagged] == ids[:2] and tagged[0].tags == ("needs fix", "names")
    service.tag_feedback(db, filled.slug, ids[:1], ["names"], actor=curator, remove=True)
    assert service.list_feedback(db, filled.slug, actor=curator)[0].tags == ("needs fix",)


def test_summary_counts_by_category_group_language_with_ci(db, curator, filled) -> None:
    s = review.summarise(service.list_feedback(db, filled.slug, actor=curator))
    assert (s.n, s.flagged, s.by_category) == (
        5, 3, {"fine": 2, "wrong": 1, "harmful": 1, "biased": 1})
    lo, hi = s.flagged_ci
    assert lo < 0.6 < hi and 0 < lo and hi < 1
    assert [(b.key, b.counts) for b in s.by_group][0] == ("women", {"wrong": 1, "harmful": 1})
    assert {b.key for b in s.by_group} == {"women", "Spanish speakers", "=older people",
                                           "(not given)"}
    assert {b.key: b.n for b in s.by_language} == {"en": 3, "es": 1, "(not given)": 1}
    assert "n = 5" in s.text() and "95% CI" in s.text()


def test_csv_export_has_no_cell_a_spreadsheet_would_execute(db, curator, filled) -> None:
    text = service.export_feedback(db, filled.slug, "csv", actor=curator)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5
    for row in rows:
        for value in row.values():
            assert not is_dangerous(value), value
    assert rows[0]["comment"] == "'" + FEEDBACK[0][4]
    assert rows[0]["input"] == "'=1+1 or mail x@example.org"
    assert rows[0]["output"] == "'=1+1 or mail <EMAIL>"  # exact output, only prefixed


def test_json_export_round_trips_every_item(db, curator, filled) -> None:
    data = json.loads(service.export_feedback(db, filled.slug, "json", actor=curator,
                                              filters={"categories": ["fine"]}))
    assert data["total"] == 2 and {f["category"] for f in data["feedback"]} == {"fine"}
    assert data["feedback"][1]["comment"] == "=IMPORTXML(A1)"  # JSON keeps the exact text


def test_selected_items_become_demo_feedback_evidence(db, curator, filled) -> None:
    items = service.list_feedback(db, filled.slug, actor=curator)
    chosen = [items[0].id, items[3].id]
    eid = service.send_to_evidence(db, filled.slug, chosen, actor=curator)
    ev = evidence.get(db, eid)
    assert ev.kind == "demo_feedback" and ev.subject == "glasshouse-patterns"
    p = ev.payload
    assert (p["demo"], p["demo_title"], p["model"]) == (filled.slug, "Redact my message",
                                                        "glasshouse-patterns")
    assert p["counts"] == {"wrong": 1, "harmful": 1}
    assert [i["id"] for i in p["items"]] == chosen
    assert set(p["items"][0]) >= {"id", "category", "group", "language", "comment", "input",
                                  "output"}
    sent = service.list_feedback(db, filled.slug, actor=curator, filters={"tag": "sent to card"})
    assert [i.id for i in sent] == chosen


def test_evidence_is_accepted_by_the_cards_drafter(db, curator, filled) -> None:
    from cards.drafting import draft_evidence

    ids = [i.id for i in service.list_feedback(db, filled.slug, actor=curator)]
    ev = evidence.get(db, service.send_to_evidence(db, filled.slug, ids, actor=curator))
    text = " ".join(d.text for d in draft_evidence(ev, "model"))
    assert "rated 5 outputs" in text and "Redact my message" in text


def test_sending_items_of_another_demo_is_refused(db, curator, filled) -> None:
    from glasshouse.errors import NotFound
    from tests.demos.conftest import redaction_spec

    other = service.create_demo(db, redaction_spec(title="Other one"), actor=curator)
    ids = [i.id for i in service.list_feedback(db, filled.slug, actor=curator)]
    with pytest.raises(NotFound):
        service.send_to_evidence(db, other.slug, ids[:1], actor=curator)
