"""Quick edits on the Cards wizard while the server is slow: what is shown comes from the
latest values, not from whichever answer the server sent last.

A loaded run of the whole suite failed the card author's journey: four quick openness ticks
were each answered by their own listener, the answers came back out of order, and the
openness text of the first three ticks stayed on screen under four ticked boxes. Here the
server (in this process, so its presenter can be slowed) answers every call but the latest
slowly, which makes that order certain instead of a matter of load. tests/test_app_context.py
checks the rule behind it for every tab: one listener per result fed by several fields."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from glasshouse.context import AppContext
from tests.e2e.conftest import field_box

pytestmark = pytest.mark.browser

WAIT = 60_000


class Slow:
    """Wraps a presenter function: once armed, calls for which `slow(args, kwargs)` holds take
    `delay_s` longer. Counts the calls and those still running."""

    def __init__(self, fn, slow, delay_s: float = 5.0) -> None:  # noqa: ANN001
        self.fn, self.slow, self.delay_s = fn, slow, delay_s
        self.calls = self.running = 0
        self.armed = False
        self.lock = threading.Lock()

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        with self.lock:
            self.calls += 1
            self.running += 1
        try:
            if self.armed and self.slow(args, kwargs):
                time.sleep(self.delay_s)
            return self.fn(*args, **kwargs)
        finally:
            with self.lock:
                self.running -= 1

    def wait_idle(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while self.running and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.running == 0


@pytest.fixture
def cards_server(sqlite_db) -> Iterator[str]:
    from glasshouse.app_process import free_port
    from glasshouse.ui import BackgroundServer, create_server_app

    server = BackgroundServer(create_server_app(AppContext(db=sqlite_db, auth_enabled=False)),
                              "127.0.0.1", free_port())
    yield server.url
    server.stop()


def _new_model_card(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("tab", name="Cards").click()
    page.get_by_role("button", name="New model card").click()
    page.locator("#card-status").get_by_text("New draft saved").wait_for()


def test_four_quick_openness_ticks_show_the_class_of_all_four(cards_server, page, monkeypatch):
    from cards import presenter
    from cards.wizard import OPENNESS_KEYS

    # every call that does not yet see the fourth tick answers 5 s late
    slow = Slow(presenter.openness_text, lambda args, kwargs: dict(
        zip(OPENNESS_KEYS, args[1])).get("evaluation_results") != "open")
    monkeypatch.setattr(presenter, "openness_text", slow)
    _new_model_card(page, cards_server)
    field_box(page, "card-license").fill("apache-2.0")
    page.get_by_role("option", name="apache-2.0", exact=True).click()
    page.keyboard.press("Escape")
    for step in ("Next: evidence", "Next: sections", "Next: impact and openness"):
        page.get_by_role("button", name=step).click()
    slow.wait_idle()  # the openness shown for the new draft's empty ratings
    calls_before, slow.armed = slow.calls, True
    for key in ("model_architecture", "data_card", "technical_report", "evaluation_results"):
        page.locator(f"#card-mof-{key}").get_by_text("open licence", exact=True).click()
    openness = page.locator("#card-openness")
    openness.get_by_text("Class III (Open Model).", exact=False).wait_for(timeout=WAIT)
    slow.wait_idle()
    time.sleep(1)  # an answer computed before now has reached the page by now
    text = openness.inner_text()
    assert "Class III (Open Model)." in text and "No MOF class" not in text, text
    assert slow.calls - calls_before < 4  # ticks during a running call share one follow-up
