"""The wizard's presenter (what each UI callback calls): evidence suggestions the author
accepts or dismisses, evidence about another model flagged until confirmed, the status in
words, openness and CO2 next to where they are entered."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cards import presenter, wizard
from cards.service import build_card
from glasshouse import evidence


def _form(**kw) -> wizard.Form:
    base = dict(kind="model", title="Helper", summary="", license="apache-2.0", language="en",
                tags="", datasets="", metrics="", evidence=[], catalog=[], sections=[""] * 9,
                co2_mode="none", hardware=None, count=1, hours=None, region=None, pue=1.0,
                measured_kg=None, measured_source="", openness=[None] * 16)
    base.update(kw)
    return wizard.Form(**base)


@pytest.fixture
def entry(db, curator):
    from catalog import service as catalog

    return catalog.create_entry(db, {"name": "Library FAQ corpus", "languages": ["en", "es"],
                                     "licenses": [{"spdx": "CC-BY-4.0"}]},
                                    actor=curator).entry


def test_catalog_languages_and_hub_id_are_suggested_not_added(db, curator, entry):
    form = _form(catalog=[entry.id])
    saved = presenter.save(db, form, actor=curator, draft_id=None, version=None)
    keys = [k for _, k in saved.panel.suggestions]
    assert "language:es" in keys and "language:en" not in keys  # en is already listed
    built = build_card(db, wizard.form_to_spec(form), actor=curator)
    assert built.card.data.language == ["en"]  # nothing appended silently
    assert "es" not in (built.card.data.language or [])

    accepted = presenter.accept_suggestions(db, form, ["language:es"], actor=curator)
    assert accepted.language == "en, es"
    again = presenter.save(db, accepted, actor=curator, draft_id=saved.draft_id,
                           version=saved.version)
    assert "language:es" not in [k for _, k in again.panel.suggestions]
    assert build_card(db, wizard.form_to_spec(accepted),
                      actor=curator).card.data.language == ["en", "es"]


def test_a_dismissed_suggestion_stays_dismissed_and_is_saved(db, curator, entry):
    form = _form(catalog=[entry.id])
    dismissed = presenter.dismiss_suggestions(form, ["language:es"])
    saved = presenter.save(db, dismissed, actor=curator, draft_id=None, version=None)
    assert "language:es" not in [k for _, k in saved.panel.suggestions]
    reopened = presenter.open_draft(db, saved.draft_id, actor=curator)
    assert reopened.form.dismissed == ["language:es"] and reopened.form.language == "en"


def test_a_co2_estimate_still_being_entered_does_not_stop_the_autosave(db, curator):
    """A loaded run's card author saw four error messages while choosing the hardware and
    before typing the hours, and none of the edits of those moments was saved."""
    saved = presenter.save(db, _form(co2_mode="estimate", hardware="t4", summary="A helper."),
                           actor=curator, draft_id=None, version=None)
    assert "The CO2 entry is not saved yet: give the training hours" in saved.status
    reopened = presenter.open_draft(db, saved.draft_id, actor=curator).form
    assert (reopened.summary, reopened.co2_mode) == ("A helper.", "none")
    done = presenter.save(db, replace(reopened, co2_mode="estimate", hardware="t4", hours=10,
                                      region="FRA"),
                          actor=curator, draft_id=saved.draft_id, version=saved.version)
    assert "The CO2 entry" not in done.status
    form = presenter.open_draft(db, saved.draft_id, actor=curator).form
    assert (form.co2_mode, form.hours, form.summary) == ("estimate", 10, "A helper.")


def test_a_bad_measured_co2_is_named_and_the_rest_is_saved(db, curator):
    saved = presenter.save(db, _form(co2_mode="measured", measured_kg=-1.0, summary="A helper."),
                           actor=curator, draft_id=None, version=None)
    assert ("The CO2 entry is not saved yet: Measured kg CO2eq: Input should be greater than or "
            "equal to 0") in saved.status
    assert presenter.open_draft(db, saved.draft_id, actor=curator).form.summary == "A helper."


def test_a_dataset_profile_suggests_its_languages_above_five_percent(db, curator):
    eid = evidence.record(db, actor=curator, kind="dataset_profile", title="Scan of tickets",
                          payload={"rows": 200, "file": "tickets.csv",
                                   "languages": {"en": 0.6, "de": 0.38, "fr": 0.02}})
    saved = presenter.save(db, _form(kind="dataset", evidence=[eid]), actor=curator,
                           draft_id=None, version=None)
    labels = dict((k, label) for label, k in saved.panel.suggestions)
    assert set(labels) == {"language:de"}  # en listed, fr below 5% of rows
    assert "38% of the rows of tickets.csv" in labels["language:de"]


def test_evidence_about_another_model_is_flagged_and_left_out_until_confirmed(
        db, curator, probe_payload):
    other = dict(probe_payload, model="gpt2")
    eid = evidence.record(db, actor=curator, kind="probe_run", title="Pairs probe on gpt2",
                          payload=other)
    form = _form(models="smollm2-135m", evidence=[eid])
    saved = presenter.save(db, form, actor=curator, draft_id=None, version=None)
    assert [v for _, v in saved.panel.flagged] == [eid] and saved.panel.confirmed == []
    assert "Another model" in saved.panel.note and "gpt2" in saved.panel.note
    assert "not this card's model (smollm2-135m)" in saved.panel.note
    built = build_card(db, wizard.form_to_spec(form), actor=curator)
    assert "gpt2" not in built.readme.split("## Evidence")[0]  # nothing drafted from it
    rev = presenter.review(db, form, actor=curator, draft_id=saved.draft_id,
                           version=saved.version)
    assert not rev.ready and "confirm or remove the evidence “Pairs probe on gpt2”" in \
        rev.check_markdown

    confirmed = replace(form, confirmed=[eid])
    built = build_card(db, wizard.form_to_spec(confirmed), actor=curator)
    assert "The pairs probe on gpt2 measured" in built.readme
    again = presenter.save(db, confirmed, actor=curator, draft_id=saved.draft_id,
                           version=saved.version)
    assert again.panel.confirmed == [eid]
    assert "used because you confirmed it" in again.panel.note


def test_evidence_about_the_cards_own_model_is_not_flagged(db, curator, probe_payload):
    eid = evidence.record(db, actor=curator, kind="probe_run", title="Pairs probe",
                          payload=probe_payload)
    for models in ("smollm2-135m", "SmolLM2-135M", "local/smollm2-135m"):
        saved = presenter.save(db, _form(models=models, evidence=[eid]), actor=curator,
                               draft_id=None, version=None)
        assert saved.panel.flagged == [], models


def test_a_card_without_a_model_is_offered_the_model_the_evidence_measured(
        db, curator, probe_payload):
    eid = evidence.record(db, actor=curator, kind="probe_run", title="Pairs probe",
                          payload=probe_payload)
    form = _form(evidence=[eid])
    saved = presenter.save(db, form, actor=curator, draft_id=None, version=None)
    assert ("models:smollm2-135m" in [k for _, k in saved.panel.suggestions])
    assert saved.panel.flagged == []
    accepted = presenter.accept_suggestions(db, form, ["models:smollm2-135m"], actor=curator)
    assert accepted.models == "smollm2-135m"


def test_status_says_ready_only_without_blocking_items_and_in_words(db, curator):
    saved = presenter.save(db, _form(license=None), actor=curator, draft_id=None, version=None)
    assert "Not ready for the Hub yet" in saved.status and "choose the licence" in saved.status
    assert "Ready for the Hub" not in saved.status.replace("Not ready for the Hub", "")


def test_form_values_round_trip_in_the_ui_order():
    form = _form(models="m1", confirmed=["e"], dismissed=["language:es"], evidence=["e"],
                 openness=["open"] + [None] * 15, task="text-generation")
    values = wizard.form_values(form)
    assert len(values) == wizard.N_FIELDS
    assert wizard.form_from_values(values) == form


def test_openness_and_co2_are_shown_where_they_are_entered():
    text = presenter.openness_text("apache-2.0", ["open"] + [None] * 15)
    assert "<svg" in text and "No MOF class reached." in text
    assert ("Missing for Class III (Open Model): Data card, Technical report, Evaluation "
            "results (not published; need an open content licence") in text
    assert "Rated from the card's licence (apache-2.0): Model parameters (final), Model " \
        "card" in text
    co2 = presenter.co2_text("estimate", "t4", 1, 10, "FRA", 1.0, None, None)
    assert co2.startswith("**The card will say:** Estimated") and "codecarbon" in co2
    assert "training hours" in presenter.co2_text("estimate", "t4", 1, None, "FRA", 1.0, None,
                                                  None)


def test_a_sources_hub_id_is_suggested_for_the_datasets_field():
    from cards.sources import DataSource
    from cards.spec import CardSpec
    from cards.suggestions import accept, suggest

    src = DataSource("c1", "Library FAQ", ("en",), ("CC-BY-4.0",), "permissive", "permissive",
                     hub_id="olt/library-faq")
    spec = CardSpec(kind="model", metadata={"language": ["en"], "datasets": ["org/other"]})
    offered = suggest(spec, [], [src])
    assert [s.key for s in offered] == ["datasets:olt/library-faq"]
    assert accept(spec, ["datasets:olt/library-faq"], offered).metadata["datasets"] == [
        "org/other", "olt/library-faq"]
    assert suggest(spec.model_copy(update={"dismissed_suggestions": [offered[0].key]}), [],
                   [src]) == []
