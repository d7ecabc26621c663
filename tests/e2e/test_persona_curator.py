"""Persona journey (issue 19): a catalog curator, at 1400 px, signs in, imports the Masader
sample, finds Egyptian Arabic resources with the dialect filter, fixes one entry's licence, sees
its history and provenance, and exports the catalog.

The journey waits only on what the curator sees (text, a table cell, a chart), never on time.
A screenshot of each step goes to $GLASSHOUSE_SCREENSHOTS when set, else to the test's tmp_path
(never into the repository)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

SHARED_DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"

pytestmark = pytest.mark.browser

PASSWORD = "curator journey password"
MASADER = SHARED_DATA_DIR / "masader_sample.json"
ENTRY = "Negation and Speculation in Arabic Review (NSAR)"
NEW_LICENCE = "CC BY 4.0"


@pytest.fixture(scope="module")
def curator_app():
    """A fresh app with one curator (and the admin who added her) in its own database."""
    from glasshouse.app_process import start_app
    from glasshouse.db import Database
    from glasshouse.users import add_user

    if not MASADER.is_file():
        pytest.skip(f"shared test data not found at {MASADER}")
    data_dir = Path(tempfile.mkdtemp(prefix="glasshouse-curator-"))
    db = Database(f"sqlite:///{data_dir / 'glasshouse.db'}")
    db.migrate()
    admin = add_user(db, "ada", PASSWORD, "admin")
    add_user(db, "cora", PASSWORD, "curator", actor=admin)
    db.engine.dispose()
    app = start_app(data_dir, ready_path="/demo/", ready_status=(200,), timeout=300)
    try:
        yield app.url
    finally:
        app.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("GLASSHOUSE_SCREENSHOTS") or tmp_path) / "persona-curator"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _field(page, elem_id: str):
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def test_curator_imports_finds_fixes_traces_and_exports(curator_app, browser,
                                                       screenshots) -> None:
    from tests.e2e.conftest import KEEP_TOASTS_JS, keep_failure

    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  accept_downloads=True)
    context.add_init_script(KEEP_TOASTS_JS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    step = iter(range(1, 100))

    def shot(name: str) -> None:
        page.screenshot(path=str(screenshots / f"{next(step):02d}-{name}.png"), full_page=True)

    try:
        # 1. sign in
        page.goto(curator_app)
        page.get_by_label("username").fill("cora")
        page.get_by_label("password").fill(PASSWORD)
        shot("sign-in")
        page.get_by_role("button", name="Login").click()
        page.get_by_role("tab", name="Catalog").click()

        # 2. import the Masader sample: the format is recognised before importing
        page.get_by_role("tab", name="Import / export").click()
        page.locator("#cat-upload input[type=file]").set_input_files(str(MASADER))
        page.locator("#cat-map-md").get_by_text("Recognised as masader").wait_for()
        page.get_by_role("button", name="Import", exact=True).click()
        imported = page.locator("#cat-imp-md").get_by_text(re.compile(r"Imported \d+ new"))
        imported.wait_for()
        n_new = int(re.search(r"Imported (\d+) new", imported.inner_text()).group(1))
        assert 100 <= n_new <= 144
        shot("imported")

        # 3. search with a dialect filter: Egyptian Arabic
        page.get_by_role("tab", name="Search").click()
        page.get_by_label("Language (tag or name)").fill("Egyptian Arabic")
        page.locator("#cat-search-btn").click()
        facets = page.locator("#cat-facets")
        facets.get_by_text(re.compile(r"\d+ match\(es\)")).wait_for()
        page.get_by_role("gridcell", name=ENTRY).wait_for()
        # the offer to load the starter set into an empty catalog is gone after the import
        expect(page.locator("#cat-empty")).to_be_hidden()
        # every column fits at 1400 px: the licence class of a result is on screen
        last = page.get_by_role("columnheader", name="access").bounding_box()
        assert last is not None and last["x"] + last["width"] <= 1400
        n_found = int(re.search(r"(\d+) match", facets.inner_text()).group(1))
        assert 3 <= n_found < n_new  # the dialect narrows the catalog
        shot("dialect-search")

        # 4. open the entry from the results; its licence is not known yet
        page.get_by_role("gridcell", name=ENTRY).click()
        entry_md = page.locator("#cat-entry-md")
        entry_md.get_by_text("version 1").wait_for()
        assert "unspecified" in entry_md.inner_text()
        page.locator(".js-plotly-plot").first.wait_for()
        shot("entry-before")

        # 5. edit the licence: the form checks it as it is typed, then saves version 2
        page.get_by_role("button", name="Edit this entry").click()
        status = page.locator("#cat-form-status")
        status.get_by_text("Editing").wait_for()
        _field(page, "cat-f-lics").fill(NEW_LICENCE)
        check = page.locator("#cat-check")
        check.get_by_text("CC-BY-4.0 (commercial)").wait_for()
        # each source missing from the catalog is named once, not twice in other words
        check_text = check.inner_text()
        assert check_text.count("large-scale-arabic-book-review-labr") == 1
        page.get_by_label("Comment for the history / reviewers").fill(
            "licence read on the dataset's page")
        shot("edit-licence")
        page.locator("#cat-save").click()
        status.get_by_text("as version 2").wait_for()
        shot("saved")

        # 6. history and lineage on the entry page
        page.get_by_role("tab", name="Entry").click()
        page.get_by_role("button", name="Open").click()
        entry_md.get_by_text("version 2").wait_for()
        text = entry_md.inner_text()
        assert "CC-BY-4.0" in text and "last saved by cora" in text
        # fixing the licence kept what the import brought in (size, the source's fields)
        assert "3,011 sentences" in text and "Other fields from the source" in text
        history = page.get_by_label("History of every change")
        history.get_by_role("gridcell", name="licence read on the dataset's page").wait_for()
        assert "cora" in history.inner_text()
        history.get_by_role("gridcell", name="licenses", exact=True).wait_for()
        assert "Effective licence class, counting everything it was built from" in text
        shot("history-and-lineage")

        # 7. export the catalog as CSV: the download holds the corrected licence
        page.get_by_role("tab", name="Import / export").click()
        page.get_by_role("button", name="Export the catalog").click()
        link = page.locator("#cat-export-file a").first  # the file's size, a download link
        link.wait_for()
        # Gradio draws the file name's stem and extension in separate elements
        expect(page.locator("#cat-export-file")).to_contain_text("glasshouse-catalog")
        with page.expect_download() as got:
            link.click()
        rows = list(csv.DictReader(io.StringIO(
            Path(got.value.path()).read_text(encoding="utf-8-sig"))))
        assert len(rows) >= n_new
        nsar = [r for r in rows if r.get("name") == ENTRY]
        assert len(nsar) == 1 and "CC-BY-4.0" in nsar[0]["licenses"]
        shot("exported")
    except Exception:
        shot("failed-here")  # what the curator saw when the journey broke
        keep_failure(page, "persona-curator")  # and the messages and the server's log
        raise
    finally:
        context.close()
