"""What the tab shows: inline validation text, lineage graph and coverage chart (no browser)."""

from __future__ import annotations

import pytest

from catalog import service, views
from catalog.lineage import lineage


@pytest.mark.parametrize(("form", "ok", "needle"), [
    ({"name": "Masri", "languages": "Egyptian Arabic", "licenses": "CC BY-NC 4.0"}, True,
     "arz"),
    ({"name": "Masri", "languages": "Blorbish"}, False, "**Languages**"),
    ({"name": "", "languages": "sw"}, False, "**Name**"),
    # kept (class unspecified) but flagged next to the field, never silently accepted
    ({"name": "X", "licenses": "Some Licence 9"}, True, "**Licences**: licence not recognised"),
    ({"name": "X", "licenses": "CC BY"}, True, "names no version"),
    ({"name": "X", "homepage": "example.org"}, False, "**Homepage**"),
])
def test_form_validation_messages_name_the_field(form, ok, needle):
    got_ok, text = views.validation_report(views.form_to_data(form))
    assert got_ok is ok and needle in text


def test_form_round_trips_an_entry():
    from catalog.schema import Entry

    e = Entry(name="Tiny", languages=["sw", "ar-EG"], licenses=["CC-BY-4.0", "MIT"],
              derived_from=["base"], custodians=["A", "B"])
    again = Entry.model_validate(views.form_to_data(views.entry_to_form(e)))
    assert again.model_dump(exclude={"validation"}) == e.model_dump(exclude={"validation"})


def test_lineage_figure_has_one_node_per_entry_and_arrows(db, curator):
    service.create_entry(db, {"name": "Src", "licenses": ["CC-BY-NC-4.0"]}, actor=curator)
    service.create_entry(db, {"name": "Kid", "licenses": ["MIT"], "derived_from": ["src", "gone"]},
                         actor=curator)
    fig = views.lineage_figure(lineage(db, "kid"))
    names = sorted(n for trace in fig.data for n in trace.text)
    assert names == ["Kid", "Src", "gone"]
    assert len(fig.layout.annotations) == 2
    assert {t.name for t in fig.data} == {"commercial", "non-commercial", "unspecified"}


def test_coverage_chart_folds_dialects_and_states_n(db, curator):
    service.create_entry(db, {"name": "A", "languages": ["arz", "ar-EG", "sw"]}, actor=curator)
    service.create_entry(db, {"name": "B", "languages": ["ar-EG"]}, actor=curator)
    fig = views.coverage_figure(service.search(db).facets["language"], service.count_entries(db))
    bars = dict(zip(fig.data[0].y, fig.data[0].x))
    assert bars == {"Arabic (ar)": 2, "Swahili (sw)": 1}
    assert "n = 2 entries" in fig.layout.title.text


def test_ticked_sections_become_verified_and_licences_record_the_checker():
    data = views.form_to_data({"name": "X", "licenses": "CC BY 4.0",
                               "verified_sections": ["licences"]},
                              previous_validation={"languages": "needs-review",
                                                   "licences": "needs-review",
                                                   "citation": "verified"}, checker="cora")
    from catalog.schema import Entry

    e = Entry.model_validate(data)
    assert e.validation == {"languages": "needs-review", "licences": "verified"}
    assert e.licenses[0].verified_by == "cora"


def test_proposal_view_lists_only_changed_fields(db, curator):
    e = service.create_entry(db, {"name": "P", "languages": ["sw"]}, actor=curator).entry
    p = service.propose(db, e.model_copy(update={"languages": ["sw", "yo"]}), actor=curator,
                        entry_id=e.id, base_version=1, comment="adds Yoruba")
    text = views.proposal_markdown(p.id, p.data, e.model_dump(mode="json"), p.comments,
                                   p.proposed_by)
    table = [line for line in text.splitlines() if line.startswith("| ") and "field" not in line]
    assert table == ["| Languages | sw | sw, yo |"]
    assert "**cora**: adds Yoruba" in text
