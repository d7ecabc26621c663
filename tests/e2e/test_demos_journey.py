"""Journey: an owner builds a demo in the Demos tab, a logged-out stakeholder opens its link on a
phone-width screen, tries it, compares variants and sends feedback (partly by keyboard), and the
owner sees it in the review queue. A restricted demo refuses the anonymous visitor."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

COMMENT = "It calls a neutral sentence about Aisha profane"


def _fill(page, elem_id: str, value: str) -> None:
    page.locator(f"#{elem_id} textarea, #{elem_id} input").first.fill(value)


def _build(page, live_app: str, title: str, public: bool = True) -> str:
    page.goto(live_app)
    page.get_by_role("tab", name="Demos").click()
    _fill(page, "demo-title", title)
    _fill(page, "demo-description", "Type a sentence; the model says whether it is profane.")
    _fill(page, "demo-intended", "Checking the filter before it moderates comments.")
    _fill(page, "demo-limitations", "English only; a word list model, not context aware.")
    _fill(page, "demo-examples", "What a lovely morning\nThis is damn annoying")
    _fill(page, "demo-variants", "Aisha is a nurse\nJohn is a nurse\nMaría is a nurse")
    if not public:
        page.get_by_label("Public: anyone with the link").uncheck()
    page.locator("#demo-create").click()
    link = page.locator("#demo-created a")
    link.wait_for()
    href = link.get_attribute("href")
    page.wait_for_function(  # the full address with a copy button, for sharing
        "h => (document.querySelector('#demo-share-url textarea, #demo-share-url input')"
        " || {}).value === location.origin + h", arg=href)
    assert page.locator("#demo-share-url button[aria-label*='opy'], #demo-share-url "
                        "button[title*='opy']").count() >= 1
    return href


def test_build_share_feedback_and_review(live_app, browser, page, shot) -> None:
    href = _build(page, live_app, "Is our profanity filter fair to names?")
    assert href == "/demo/?slug=is-our-profanity-filter-fair-to-names"
    shot(page, "demos-1-built")

    phone = browser.new_context(viewport={"width": 390, "height": 844})  # fresh: logged out
    visitor = phone.new_page()
    visitor.set_default_timeout(30_000)
    visitor.goto(live_app + href)
    visitor.get_by_role("heading", name="Is our profanity filter fair to names?").wait_for()
    assert visitor.get_by_text("English only; a word list model").is_visible()
    header = visitor.locator("#demo-header").inner_text()
    assert "profanity-en" not in header  # the internal model name is not shown to the public
    assert "Profanity" in header or "profan" in header.lower()
    visitor.get_by_label("What a lovely morning").check()  # an example fills the text box
    text_box = visitor.locator("#visitor-text textarea")
    visitor.wait_for_function("() => document.querySelector('#visitor-text textarea').value"
                              " === 'What a lovely morning'")
    assert text_box.input_value() == "What a lovely morning"
    visitor.locator("#visitor-run").click()
    answer = visitor.locator("#visitor-output textarea")
    visitor.wait_for_function(
        "() => document.querySelector('#visitor-output textarea').value.startsWith('clean')")
    visitor.locator("#visitor-compare").click()
    visitor.locator("#visitor-variants").get_by_text("María is a nurse").wait_for()
    # after the comparison no answer is silently chosen: sending now is refused
    visitor.locator("#visitor-which").get_by_text("choose the one your feedback").wait_for()
    assert visitor.locator("#visitor-which input:checked").count() == 0
    visitor.locator("#visitor-category").get_by_label("Biased").check()
    visitor.locator("#visitor-send").click()
    visitor.get_by_text("choose above which one").first.wait_for()
    visitor.locator("#visitor-which").get_by_text("Aisha is a nurse").click()
    visitor.locator("#visitor-category").get_by_label("Biased").check()
    visitor.locator("#visitor-group input").fill("people named Aisha, women")
    visitor.locator("#visitor-language input").fill("en")
    comment = visitor.locator("#visitor-comment textarea")
    comment.fill(COMMENT)
    comment.press("Tab")  # keyboard: the next stop is the send button
    assert visitor.evaluate("document.activeElement.id") == "visitor-send"
    visitor.keyboard.press("Enter")
    visitor.get_by_text("your feedback was recorded").wait_for()
    visitor.get_by_text("Affected groups recorded: people named Aisha, women").wait_for()
    assert answer.input_value().startswith("clean")
    unlabelled = visitor.evaluate("""() => [...document.querySelectorAll(
        'input:not([type=hidden]), textarea, button')].filter(e => e.offsetParent !== null
        && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
        && !(e.textContent || '').trim()).map(e => e.outerHTML.slice(0, 120))""")
    assert unlabelled == []
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"page is {width}px wide on a 390px screen"
    shot(visitor, "demos-2-visitor-phone")

    visitor.goto(live_app + href + "&lang=es")
    visitor.get_by_role("button", name="Enviar opinión").wait_for()
    assert visitor.locator("#visitor-text").get_by_text("Tu texto").is_visible()
    shot(visitor, "demos-3-visitor-spanish")
    phone.close()

    page.locator("#review-show").click()
    page.wait_for_function(
        "t => document.querySelector('#review-table').innerText.includes(t)", arg=COMMENT)
    page.locator("#review-summary").get_by_text("n = 1 feedback items").wait_for()
    table_text = page.locator("#review-table").inner_text()
    assert "Aisha is a nurse" in table_text and "people named Aisha; women" in table_text
    assert "María is a nurse" not in table_text  # filed against the answer that was picked
    page.locator("#review-by-group .js-plotly-plot").wait_for()
    page.locator("#review-by-lang .js-plotly-plot").wait_for()
    # ids count across demos of this server (other journeys may have filed feedback first)
    page.locator("#review-chosen").get_by_text(re.compile(r"^#\d+ biased")).click()
    page.locator("#review-send").click()
    page.locator("#review-msg").get_by_text("kind demo_feedback").wait_for()
    shot(page, "demos-4-review-queue")

    page.locator("#review-edit").click()  # the owner edits: a new version, same link
    page.locator("#demo-created").get_by_text("Editing").wait_for()
    assert page.locator("#demo-title textarea, #demo-title input").first.input_value() == (
        "Is our profanity filter fair to names?")
    _fill(page, "demo-limitations", "English only. Names from many cultures were tested.")
    page.locator("#demo-save").click()
    page.locator("#demo-created").get_by_text("as version 2").wait_for()
    page.goto(live_app + href)
    page.get_by_text("Names from many cultures were tested").wait_for()
    assert page.get_by_text("demo version 2").is_visible()


def test_restricted_demo_refuses_a_logged_out_visitor(live_app, browser, page, shot) -> None:
    href = _build(page, live_app, "Staff only filter check", public=False)
    assert href.startswith("/demo-members/?slug=")
    anon = browser.new_context(viewport={"width": 1000, "height": 700})
    visitor = anon.new_page()
    visitor.goto(live_app + href.replace("/demo-members", "/demo"))
    visitor.get_by_text("only open to signed-in users").wait_for()
    assert not visitor.locator("#visitor-send").is_visible()
    shot(visitor, "demos-5-restricted-refused")
    anon.close()
