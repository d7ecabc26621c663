"""Journey: the Datasets tab's Hugging Face field. The test machines are offline (HF_HUB_OFFLINE),
so the user must get one plain message naming the dataset, not a traceback, and the tab must
stay usable (a file upload still works afterwards)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _load_hub(page, dataset: str) -> None:
    page.locator("#datasets-hub-id textarea, #datasets-hub-id input").first.fill(dataset)
    page.locator("#datasets-hub-load").click()


def test_hub_id_offline_shows_one_clear_message_and_the_tab_still_works(
        live_app, page, shot, tmp_path) -> None:
    page.goto(live_app)
    page.get_by_role("tab", name="Datasets").click()

    page.locator("#datasets-hub-load").click()  # nothing typed yet
    page.get_by_text("Type a dataset id first").first.wait_for(timeout=30_000)

    _load_hub(page, "someone/reviews-2024")
    message = page.get_by_text("cannot load Hugging Face dataset 'someone/reviews-2024'").first
    message.wait_for(timeout=60_000)
    assert "offline" in message.inner_text()
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "HTTPError" not in body
    shot(page, "datasets-hub-offline")

    src = tmp_path / "after.csv"
    src.write_text("text\nhello there\nbonjour à tous\n", encoding="utf-8")
    page.locator("#datasets-upload input[type=file]").set_input_files(str(src))
    page.get_by_text("after.csv: 2 rows, 1 columns").wait_for(timeout=60_000)
