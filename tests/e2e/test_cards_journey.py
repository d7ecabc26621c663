"""Journey: a person writes a model card from a catalog entry and a stored probe run, sees the
drafted numbers and downloads README.md."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import field_box
from tests.support.card_evidence_app import app_with_evidence

pytestmark = pytest.mark.browser

PROBE = {"probe": "template-gender", "model": "smollm2-135m", "n": 120, "effect": 0.31,
         "ci": [0.12, 0.5], "p_value": 0.004, "details": [], "caveat": "English templates only",
         "probe_set_version": "1", "parameters": {}}


@pytest.fixture(scope="module")
def cards_app() -> Iterator[tuple[str, str, str]]:
    """An app whose database already holds a probe run and a catalog entry."""
    with app_with_evidence("glasshouse-e2e-cards-", "Template probe (gender) on smollm2-135m",
                           PROBE, {"name": "Library FAQ corpus", "languages": ["en"],
                            "licenses": [{"spdx": "CC-BY-NC-4.0"}]}) as app:
        yield app


def _pick(page, elem_id: str, text: str) -> None:
    field_box(page, elem_id).click()
    page.get_by_role("option", name=text).first.click()
    page.keyboard.press("Escape")


def test_model_card_from_catalog_entry_and_probe_run_downloads_readme(cards_app, page, shot,
                                                                     tmp_path):
    url, eid, entry_id = cards_app
    page.goto(url)
    page.get_by_role("tab", name="Cards").click()
    page.get_by_role("button", name="New model card").click()
    page.locator("#card-status").get_by_text("New draft saved").wait_for()

    field_box(page, "card-title").fill("Library helper")
    field_box(page, "card-title").blur()
    page.locator("#card-status").get_by_text("Saved").wait_for()
    field_box(page, "card-license").fill("apache-2.0")
    page.get_by_role("option", name="apache-2.0", exact=True).click()
    field_box(page, "card-language").fill("en")
    page.get_by_role("button", name="Next: evidence").click()

    _pick(page, "card-evidence", "Bias probe: Template probe (gender)")
    _pick(page, "card-catalog", "Library FAQ corpus")
    page.get_by_role("button", name="Next: sections").click()
    field_box(page, "card-section-0").fill("A 135M chat model for library questions.")
    field_box(page, "card-section-1").fill("Answering library patrons.")
    field_box(page, "card-section-1").blur()
    page.get_by_role("button", name="Next: impact and openness").click()
    page.get_by_role("button", name="Next: review").click()
    page.get_by_role("button", name="Draft the card").click()

    preview = page.locator("#card-preview")
    preview.get_by_text("95% CI 0.12 to 0.5; n = 120", exact=False).wait_for()
    page.locator("#card-check").get_by_text("allows commercial use", exact=False).first.wait_for()
    shot(page, "cards-review")

    with page.expect_download() as info:
        page.locator("#card-download-md").click()
    path = tmp_path / "README.md"
    info.value.save_as(path)
    text = path.read_text()
    assert text.startswith("---\n") and "license: apache-2.0" in text
    assert f"- {eid}" in text and f"- {entry_id}" in text  # ids recorded in the metadata
    assert f"(#evidence-{eid})" in text and "n = 120" in text
    assert "Library FAQ corpus: languages en; licence CC-BY-NC-4.0" in text
    assert "Answering library patrons." in text

    # the draft was autosaved: reloading the page lists it
    page.reload()
    page.get_by_role("tab", name="Cards").click()
    page.locator("#card-status").wait_for()
    page.get_by_label("Continue a saved draft").click()
    page.get_by_role("option", name="Library helper (model", exact=False).first.wait_for()
