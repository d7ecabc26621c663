"""Persona journey: a card author (an ML engineer) writes a model card at 1400 px. They fill the
required basics including the Hub task, pick a probe run and a catalog entry, accept the
language the catalog suggests, see the CO2 estimate and the openness class where they enter
them, are told the card is not ready while a required section is empty, fill it, reach "Ready
for the Hub", download README.md, and `card check` finds no error in it.

Waits are on what the user sees. Screenshots of each step go to $GLASSHOUSE_SCREENSHOTS (else
the test's tmp dir), never into git."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import field_box, messages_shown
from tests.support.card_evidence_app import app_with_evidence

pytestmark = pytest.mark.browser

PROBE = {"probe": "pairs", "model": "smollm2-135m", "n": 120, "effect": 0.58,
         "effect_label": "share of pairs where the stereotypical sentence is more likely "
                         "(0.5 = no preference)",
         "ci": [0.49, 0.67], "ci_kind": "test", "null": 0.5, "p_value": 0.08,
         "p_adjusted": 0.08, "significant": False, "min_n": 20, "groups": [],
         "caveat": "English sentence pairs only"}


@pytest.fixture(scope="module")
def author_app() -> Iterator[tuple[str, str, str]]:
    with app_with_evidence("glasshouse-e2e-author-", "Pairs probe on smollm2-135m", PROBE,
                           {"name": "Library FAQ corpus", "languages": ["en", "es"],
                            "licenses": [{"spdx": "CC-BY-4.0"}]}) as app:
        yield app


@pytest.fixture
def wide_page(browser) -> Iterator[object]:
    from tests.e2e.conftest import KEEP_TOASTS_JS

    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    context.add_init_script(KEEP_TOASTS_JS)
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


# what the author sees can take long on a loaded machine: Playwright's expect waits 5 s unless told
WAIT = 120_000


def _pick(page, elem_id: str, typed: str, option: str) -> None:
    field_box(page, elem_id).click()
    field_box(page, elem_id).fill("")
    field_box(page, elem_id).press_sequentially(typed)  # typed keys filter the list, as a person's do
    page.get_by_role("option", name=option, exact=True).first.click()
    page.keyboard.press("Escape")


def _saved(page) -> None:
    """Wait until the status line shows an autosave of the edits ('Saved hh:mm:ss (version
    N).'; a case-insensitive text match would also take the 'New draft saved.' before it)."""
    from playwright.sync_api import expect

    expect(page.locator("#card-status")).to_contain_text(
        re.compile(r"Saved \d\d:\d\d:\d\d \(version \d+\)"), timeout=WAIT)


def test_card_author_reaches_ready_for_the_hub_and_the_card_checks_clean(author_app, wide_page,
                                                                        tmp_path):
    url, eid, entry_id = author_app
    shots = Path(os.environ.get("GLASSHOUSE_SCREENSHOTS") or tmp_path / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    page = wide_page

    def shot(name: str) -> None:
        page.screenshot(path=str(shots / f"card-author-{name}.png"), full_page=True)

    try:
        _journey(page, shot, tmp_path, eid, entry_id, url)
    except Exception:
        shot("failure")
        from tests.e2e.conftest import keep_failure

        keep_failure(page, "persona-card-author")  # the messages shown and the server's log
        raise


def _journey(page, shot, tmp_path, eid, entry_id, url) -> None:
    from playwright.sync_api import expect

    from cards.check import check_text

    page.goto(url)
    page.get_by_role("tab", name="Cards").click()
    page.get_by_role("button", name="New model card").click()
    page.locator("#card-status").get_by_text("New draft saved").wait_for()

    # 1. Basics: the required fields, the model the card describes and the Hub task
    field_box(page, "card-title").fill("Library helper 135M")
    field_box(page, "card-models").fill("smollm2-135m")
    _pick(page, "card-license", "apache-2.0", "apache-2.0")
    field_box(page, "card-language").fill("en")
    field_box(page, "card-language").blur()
    _pick(page, "card-task", "text-generation", "text-generation")
    _pick(page, "card-library", "transformers", "transformers")
    _saved(page)
    shot("1-basics")
    page.get_by_role("button", name="Next: evidence").click()

    # 2. Evidence: a probe run and a catalog entry; the catalog's Spanish is only suggested
    field_box(page, "card-evidence").click()
    page.get_by_role("option", name="Bias probe: Pairs probe on smollm2-135m",
                     exact=False).first.click()
    page.keyboard.press("Escape")
    field_box(page, "card-catalog").click()
    page.get_by_role("option", name="Library FAQ corpus", exact=False).first.click()
    page.keyboard.press("Escape")
    suggestion = page.locator("#card-suggestions").get_by_text("Add the language “es”",
                                                               exact=False)
    suggestion.wait_for()
    expect(field_box(page, "card-language")).to_have_value("en")  # not appended on its own
    expect(page.locator("#card-flagged")).to_be_hidden(timeout=WAIT)  # about this model
    shot("2-evidence-suggestion")
    suggestion.click()
    page.locator("#card-accept").click()
    expect(field_box(page, "card-language")).to_have_value("en, es", timeout=WAIT)
    expect(suggestion).to_have_count(0, timeout=WAIT)
    shot("2-evidence-accepted")
    page.get_by_role("button", name="Next: sections").click()

    # 3. Sections: the required ones that evidence does not draft, Evaluation left for later
    for i, text in ((0, "A 135M English chat model that answers questions about public "
                        "libraries."),
                    (1, "Drafting replies to library patrons, reviewed by staff."),
                    (2, "Medical, legal or financial advice; decisions about people.")):
        field_box(page, f"card-section-{i}").fill(text)
    field_box(page, "card-section-2").blur()
    shot("3-sections")
    page.get_by_role("button", name="Next: impact and openness").click()

    # 4. CO2 and openness, each shown next to where it is entered
    page.locator("#card-co2-mode").get_by_text("Estimate", exact=True).click()
    _pick(page, "card-hardware", "T4", "NVIDIA T4 (70 W)")
    field_box(page, "card-hours").fill("10")
    field_box(page, "card-hours").press("Tab")
    _pick(page, "card-region", "France", "France (56.04 g/kWh)")
    co2 = page.locator("#card-co2-estimate")
    co2.get_by_text("The card will say:", exact=False).wait_for()
    co2.get_by_text("codecarbon", exact=False).first.wait_for()
    for key in ("model_architecture", "data_card", "technical_report", "evaluation_results"):
        page.locator(f"#card-mof-{key}").get_by_text("open licence", exact=True).click()
    openness = page.locator("#card-openness")
    openness.get_by_text("Class III (Open Model).", exact=False).wait_for()
    openness.get_by_text("Rated from the card's licence (apache-2.0)", exact=False).wait_for()
    openness.get_by_text("Missing for Class II (Open Tooling)", exact=False).wait_for()
    assert openness.locator("svg").count() == 1
    shot("4-impact-openness")
    page.get_by_role("button", name="Next: review").click()

    # 5. Review: not ready while the Evaluation section is empty
    page.locator("#card-build").click()
    check = page.locator("#card-check")
    check.get_by_text("Not ready for the Hub yet", exact=False).wait_for()
    check.get_by_text("write the section “Evaluation”", exact=False).wait_for()
    shot("5-review-not-ready")
    page.locator(".step-button", has_text="3. Sections").click()  # back, by the step header
    field_box(page, "card-section-5").fill("Exact match 0.61 on 500 held-out library questions.")
    field_box(page, "card-section-5").blur()
    # later steps lock again after going back: on through the Next buttons
    page.get_by_role("button", name="Next: impact and openness").click()
    page.get_by_role("button", name="Next: review").click()
    page.locator("#card-build").click()
    # "Not ready for the Hub yet" also contains "ready for the Hub": wait for it to go first
    expect(check.get_by_text("Not ready", exact=False)).to_have_count(0, timeout=WAIT)
    expect(check).to_contain_text("Ready for the Hub", timeout=WAIT)
    page.locator("#card-preview").get_by_text("n = 120", exact=False).first.wait_for()
    shot("5-review-ready")

    with page.expect_download() as info:
        page.locator("#card-download-md").click()
    path = tmp_path / "README.md"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    result = check_text(text)
    assert result.valid and result.errors == [], result.errors
    assert "pipeline_tag: text-generation" in text and "- es" in text
    assert "codecarbon" in text and "Class III (Open Model)" in text and "<svg" in text
    assert "img.shields.io" not in text
    assert f"(#evidence-{eid})" in text and entry_id in text
    # no error on the way: a CO2 estimate still being entered once raised one per field
    toasts = messages_shown(page)
    assert not [t for t in toasts if " Error" in t], toasts
