"""What each part of the Datasets tab shows, computed without a browser
(explorer/datasets/presenters.py)."""

from __future__ import annotations

import json

import pytest

from explorer.datasets import presenters
from glasshouse.errors import BadInput

CSV = ("text,label,pred,group\n"
       '"She said the nurse was kind, mail ana@example.org",pos,pos,a\n'
       '"He said the engineer was late",neg,pos,b\n'
       '"She thinks he is right",pos,neg,a\n'
       '"He is a doctor and she is a nurse",neg,neg,b\n')


@pytest.fixture
def table(tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSHOUSE_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def profiled(tmp_path_factory):
    """One profile of the table (PII, languages) shared by the tests that need it."""
    import os

    folder = tmp_path_factory.mktemp("profiled")
    old = os.environ.get("GLASSHOUSE_DATA_DIR")
    os.environ["GLASSHOUSE_DATA_DIR"] = str(folder / "data")
    try:
        path = folder / "people.csv"
        path.write_text(CSV, encoding="utf-8")
        got = presenters.load_upload(path, 25, "ada")
        yield presenters.profile(got.state, "text", "label", [], 1, 25, "ada")
    finally:
        if old is None:
            os.environ.pop("GLASSHOUSE_DATA_DIR", None)
        else:
            os.environ["GLASSHOUSE_DATA_DIR"] = old


def test_a_loaded_table_picks_its_text_column_and_is_kept_for_its_user(table):
    got = presenters.load_upload(table, 2, "ada")
    assert got.text_column == "text" and got.columns == ["text", "label", "pred", "group"]
    assert got.message.startswith("**people.csv**: 4 rows, 4 columns (csv")
    assert got.pages == "of 2" and len(got.page) == 2
    assert got.state["profile"] is None
    back = presenters.restore("ada")
    assert back is not None and "kept from your last visit" in back.loaded.message
    assert back.loaded.state["table"].n_rows == 4
    assert presenters.restore("vic") is None
    assert presenters.forget("ada").startswith("The dataset and its results were removed")
    assert presenters.restore("ada") is None


def test_paging_without_a_dataset_shows_nothing_and_with_one_the_asked_page(table):
    assert presenters.preview(None, 1, 25) == (None, "")
    st = presenters.load_upload(table, 25, "ada").state
    frame, pages = presenters.preview(st, 2, 3)
    assert pages == "of 2" and frame["text"].tolist() == ["He is a doctor and she is a nurse"]


@pytest.mark.parametrize(("asked", "rows"), [(None, 2000), (0, 2000), (-5, 1), (10, 10),
                                             (10**9, 50_000)])
def test_hub_row_count_is_kept_between_one_and_the_most(asked, rows):
    assert presenters.hub_rows(asked, 2000, 50_000) == rows


@pytest.mark.parametrize("action", [
    lambda: presenters.load_hub("  ", None, None, 10, 25, "ada"),
    lambda: presenters.profile(None, "text", None, [], 1, 25, "ada"),
    lambda: presenters.associations(None, "text", "a: x\nb: y", 1, 1, "en", "rows", "ada"),
    lambda: presenters.error_review(None, "label", None, None, None, 0.5, "ada"),
])
def test_actions_before_a_dataset_is_loaded_say_what_to_do_first(action):
    with pytest.raises(BadInput, match="first"):
        action()


def test_anonymising_or_saving_before_profiling_asks_for_a_profile(table, tmp_path):
    st = presenters.load_upload(table, 25, "ada").state
    with pytest.raises(BadInput, match="Profile the dataset first"):
        presenters.anonymised_copy(st, "replace", tmp_path)
    with pytest.raises(BadInput, match="Profile the dataset first"):
        presenters.save_evidence(None, None, st, "")


def test_a_profile_masks_personal_information_in_what_it_shows(profiled):
    assert set(presenters.PROFILE_RESULTS) <= set(profiled.shown)
    assert "EMAIL_ADDRESS" in profiled.shown["pii_counts"]["type"].tolist()
    shown_text = " ".join(str(v) for v in profiled.page["text"].tolist())
    assert "ana@example.org" not in shown_text and "<EMAIL_ADDRESS>" in shown_text
    assert "4" in profiled.shown["summary"]
    assert profiled.state["profile"] is not None and profiled.state["spans"]


def test_an_anonymised_copy_replaces_the_email_and_has_a_report(profiled, tmp_path):
    files, markdown = presenters.anonymised_copy(profiled.state, "replace", tmp_path)
    copy, report = files
    assert copy.endswith("people-anonymised.csv") and copy.startswith(str(tmp_path))
    text = open(copy, encoding="utf-8").read()
    assert "ana@example.org" not in text and "<EMAIL_ADDRESS>" in text
    assert json.loads(open(report, encoding="utf-8").read())
    assert "EMAIL_ADDRESS" in markdown


def test_group_lists_fall_back_to_the_kinds_a_language_has():
    text, kinds, kind = presenters.group_lists("pt", "religion")
    assert kinds == ["gender"] and kind == "gender" and text.startswith("female: ela")
    _, kinds, kind = presenters.group_lists("en", "religion")
    assert kind == "religion" and "gender" in kinds


def test_associations_report_counts_and_are_kept_for_the_user(table):
    st = presenters.load_upload(table, 25, "ada").state
    shown = presenters.associations(st, "text", "female: she\nmale: he", 1, 1, "en", "rows",
                                    "ada")
    assert shown["message"].startswith("n = 4 rows; rows mentioning each group: female 3, "
                                       "male 3")
    assert "function words of the list's language only" in shown["message"]  # not profiled
    back = presenters.restore("ada")
    assert back.results["associations"]["message"] == shown["message"]


def test_error_review_counts_right_answers_per_group(table):
    st = presenters.load_upload(table, 25, "ada").state
    shown = presenters.error_review(st, "label", "pred", None, "group", 0.5, "ada")
    groups = shown["groups"]
    assert sorted(groups["group"].tolist()) == ["a", "b"]
    assert groups["rows"].tolist() == [2, 2]
    assert len(shown["rows"]) == 2  # the two wrong predictions
    assert presenters.restore("ada").results["errors"]["message"] == shown["message"]
