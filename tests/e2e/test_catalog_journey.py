"""Journey: load the starter set, add an entry built from XNLI with inline validation, find it
by search, open it and see its lineage (graph, effective licence class, conflict)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _open_catalog_with_starter_set(page, live_app: str) -> None:
    page.goto(live_app)
    page.get_by_role("tab", name="Catalog").click()
    page.get_by_role("tab", name="Import / export").click()
    page.get_by_role("button", name="Load the starter set (48 real resources)").click()
    # the server is shared by the session: an earlier journey may have loaded the set already
    page.get_by_text(re.compile(r"Starter set: \d+ added, \d+ updated")).wait_for()


def test_add_search_and_see_lineage(live_app, page, shot) -> None:
    _open_catalog_with_starter_set(page, live_app)

    page.get_by_role("tab", name="Add or edit").click()
    page.locator("#cat-f-name textarea, #cat-f-name input").first.fill("Kiswahili tweets demo")
    langs = page.locator("#cat-f-langs textarea, #cat-f-langs input").first
    langs.fill("Blorbish")
    page.locator("#cat-check").get_by_text("is not a BCP-47 tag").wait_for()
    langs.fill("Swahili, Egyptian Arabic")
    page.locator("#cat-f-lics textarea, #cat-f-lics input").first.fill("CC BY 4.0")
    page.locator("#cat-f-parents textarea, #cat-f-parents input").first.fill("XNLI")
    page.locator("#cat-check").get_by_text("sw, arz").wait_for()
    page.locator("#cat-check").get_by_text("but this entry is marked commercial").wait_for()
    # the lineage conflict is also shown next to the fields it concerns, before saving
    page.locator("#cat-f-lics-msg").get_by_text("built from 'xnli'").wait_for()
    page.locator("#cat-f-parents-msg").get_by_text("built from 'xnli'").wait_for()
    shot(page, "catalog-form-valid")
    page.locator("#cat-save").click()
    page.locator("#cat-form-status").get_by_text("Saved kiswahili-tweets-demo").wait_for()

    page.get_by_role("tab", name="Search").click()
    page.locator("#cat-q textarea, #cat-q input").first.fill("kiswahili tweets")
    page.locator("#cat-search-btn").click()
    page.get_by_text("1 match(es).").wait_for()
    page.get_by_role("gridcell", name="Kiswahili tweets demo").click()

    md = page.locator("#cat-entry-md")
    md.get_by_text("Kiswahili tweets demo").first.wait_for()
    text = md.inner_text()
    assert "non-commercial" in text and "built from 'xnli'" in text
    page.locator(".js-plotly-plot").first.wait_for()
    path = shot(page, "catalog-entry-lineage")
    assert path.stat().st_size > 20_000

    page.get_by_role("tab", name="Coverage").click()
    page.get_by_text("distinct language tags").wait_for()
    page.locator(".js-plotly-plot").last.wait_for()
    shot(page, "catalog-coverage")


def test_propose_then_review_and_approve(live_app, page, shot) -> None:
    page.goto(live_app)
    page.get_by_role("tab", name="Catalog").click()
    page.get_by_role("tab", name="Add or edit").click()
    page.locator("#cat-f-name textarea, #cat-f-name input").first.fill("Yoruba proverbs demo")
    page.locator("#cat-f-langs textarea, #cat-f-langs input").first.fill("Yoruba")
    page.locator("#cat-check").get_by_text("yo").first.wait_for()
    page.get_by_role("button", name="Propose for review").click()
    status = page.locator("#cat-form-status")
    status.get_by_text("is in the review queue").wait_for()
    number = status.inner_text().split("Proposal ")[1].split(" ")[0]

    page.get_by_role("tab", name="Review queue").click()
    # clicking the proposal in the queue opens it
    page.get_by_role("gridcell", name="Yoruba proverbs demo").click()
    page.get_by_text("A new entry").wait_for()
    assert page.get_by_label("Proposal number").input_value() == number
    assert "['" not in page.get_by_text("A new entry").locator("..").inner_text()
    page.get_by_role("button", name="Approve").click()
    page.get_by_text(f"Proposal {number} approved.").wait_for()
    shot(page, "catalog-review-approved")

    page.get_by_role("tab", name="Search").click()
    page.locator("#cat-q textarea, #cat-q input").first.fill("proverbs")
    page.locator("#cat-search-btn").click()
    page.get_by_role("gridcell", name="Yoruba proverbs demo").wait_for()


def test_world_map_and_family_facet_work_offline(live_app, page, shot) -> None:
    """The map's country shapes come with the figure: the page asks no other host for anything
    (plotly's geo traces would otherwise fetch their base map from a CDN)."""
    from urllib.parse import urlparse

    app_host = urlparse(live_app).hostname
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if urlparse(r.url).hostname not in (
        app_host, None, "") and not r.url.startswith(("data:", "blob:")) else None)
    _open_catalog_with_starter_set(page, live_app)

    page.get_by_role("tab", name="Search").click()
    page.locator("#cat-search-btn").click()
    page.locator("#cat-facets").get_by_text("Language family:").wait_for()
    assert "Niger-Congo > Bantu (" in page.locator("#cat-facets").inner_text()

    page.get_by_role("tab", name="Coverage").click()
    world = page.locator("#cat-world-map .js-plotly-plot")
    world.wait_for()
    page.get_by_text("Where a language is spoken comes from Unicode CLDR").wait_for()
    page.wait_for_timeout(1500)
    fills = page.evaluate("() => Array.from(document.querySelectorAll("
                          "'#cat-world-map g.trace.scattergeo path.js-line'))"
                          ".map(e => e.style.fill).filter(f => f && f !== 'none')")
    assert len(set(fills)) >= 3  # "no entries" + at least two count bins, as filled shapes
    world.scroll_into_view_if_needed()
    path = shot(page, "catalog-world-map")
    assert path.stat().st_size > 30_000
    assert not elsewhere, elsewhere


@pytest.fixture
def empty_app():
    """An app of its own with an empty catalog (the session's app is shared by journeys)."""
    from tests.e2e.conftest import fresh_app

    with fresh_app("glasshouse-e2e-empty-") as url:
        yield url


def test_empty_catalog_offers_the_starter_set_and_import_previews_columns(empty_app, page, shot,
                                                                          tmp_path) -> None:
    page.goto(empty_app)
    page.get_by_role("tab", name="Catalog").click()
    banner = page.locator("#cat-empty")
    banner.get_by_text("The catalog is empty.").wait_for()
    shot(page, "catalog-empty-offers-starter-set")
    page.locator("#cat-seed-empty").click()
    page.locator("#cat-facets").get_by_text(re.compile(r"^\d+ match\(es\)")).wait_for()
    banner.wait_for(state="hidden")
    everything = page.locator("#cat-facets").inner_text().split(" match")[0]
    # a dialect finds the entries of its country and back. Wait for the answer to the region
    # search itself: the count shown before it (every entry) already matches "N match(es)".
    page.locator("#cat-region textarea, #cat-region input").first.fill("Egypt")
    page.locator("#cat-search-btn").click()
    page.wait_for_function(
        """n => { const t = (document.querySelector('#cat-facets') || {}).innerText || '';
                 const m = t.match(/^(\\d+) match\\(es\\)/);
                 return m && m[1] !== n && Number(m[1]) > 0; }""", arg=everything,
        timeout=60_000)
    by_region = page.locator("#cat-facets").inner_text().split(" match")[0]
    page.locator("#cat-region textarea, #cat-region input").first.fill("")
    page.get_by_label("Language (tag or name)").fill("arz")
    page.locator("#cat-search-btn").click()
    page.locator("#cat-facets").get_by_text(f"{by_region} match(es)").wait_for()

    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Dataset title,Language(s) (or family),License (default is UNKNOWN),"
                     "Remarks\nTiny Yoruba sheet,\"yo, en\",CC BY 4.0,nice\n", encoding="utf-8")
    page.get_by_role("tab", name="Import / export").click()
    page.locator("#cat-upload input[type=file]").set_input_files(str(sheet))
    mapping = page.locator("#cat-map")
    mapping.get_by_text("Language(s) (or family)").wait_for()
    page.locator("#cat-map-md").get_by_text("would be kept as extra fields: Remarks").wait_for()
    shot(page, "catalog-import-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator("#cat-imp-md").get_by_text("Imported 1 new").wait_for()
