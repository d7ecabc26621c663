"""Browser harness: the real app (`python app.py serve`) on a free loopback port, driven by
Playwright through Debian's chromium (/usr/bin/chromium; Playwright's own download is not used).

Fixtures:
- `live_app`: base URL of a fresh app process with its own data dir and SQLite database.
- `page`: a Playwright page (1280x900); `page.goto(live_app)`.
- `shot(page, name)`: saves a screenshot under test-artifacts/screenshots/ and returns its path.

When a test that uses `page` fails (or a persona journey calls `keep_failure`), what the user
saw and what the server said are kept for the report: a screenshot and the page's text under
test-artifacts/failures/, and printed with the failure, every message Gradio showed on the page
(`KEEP_TOASTS_JS`) and the log tail of every app this test process started. A loaded run failed
twice with "the uploaded file's message never appeared" and nothing to tell why.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from glasshouse import app_process

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
FAILURES = ROOT / "test-artifacts" / "failures"
CHROMIUM = os.environ.get("GLASSHOUSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]


@contextmanager
def fresh_app(prefix: str = "glasshouse-e2e-") -> Iterator[str]:
    """A real app process with its own data dir and SQLite database; yields its base URL."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    app = app_process.start_app(data_dir)
    try:
        yield app.url
    finally:
        app.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def live_app() -> Iterator[str]:
    with fresh_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/test.sh does)")
    from playwright.sync_api import expect

    # Playwright's expect() gives up after 5 s; on a loaded 2-core CI machine a server round trip
    # can take longer, and every expect here waits on something the user sees, so wait as long
    # as a person would before calling it broken
    expect.set_options(timeout=60_000)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN001 - pytest's hook
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.glasshouse_failed = report.failed


def messages_shown(p) -> list[str]:
    """Every message Gradio showed on page `p` so far, each with its time (KEEP_TOASTS_JS)."""
    return p.evaluate("window.__glasshouseToasts || []")


def field_box(p, elem_id: str):
    """The text box or input inside the component with `elem_id`."""
    return p.locator(f"#{elem_id}").locator("textarea, input").first


def keep_failure(p, name: str) -> None:
    """A screenshot and the text of page `p`, and the tail of each running app's log."""
    FAILURES.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:120]
    try:
        p.screenshot(path=str(FAILURES / f"{safe}.png"), full_page=True)
        (FAILURES / f"{safe}.txt").write_text(p.locator("body").inner_text(timeout=10_000),
                                              encoding="utf-8")
        print(f"failure screenshot and page text: {FAILURES / safe}.png / .txt")
        toasts = messages_shown(p)
        print("messages shown on the page:\n" + "\n".join(toasts) if toasts
              else "no message was shown on the page")
    except Exception as exc:  # noqa: BLE001 - the page may be gone; the log still helps
        print(f"no screenshot of the failure: {type(exc).__name__}: {exc}")
    for app in app_process.running():  # every app of this test process, however started
        print(f"---- log of the app at {app.url} (last 6,000 characters) ----\n"
              f"{app.log_tail(6000)}")


# Gradio's error toasts close after a few seconds; a failure found minutes later would not show
# them. This keeps the text of every toast shown on the page (read back by keep_failure).
KEEP_TOASTS_JS = """
window.__glasshouseToasts = [];
setInterval(() => {
  for (const t of document.querySelectorAll(".toast-body")) {
    const text = t.innerText.trim().replace(/\\s+/g, " ");
    if (text && !window.__glasshouseToasts.some((k) => k.endsWith(" " + text))) {
      window.__glasshouseToasts.push(new Date().toISOString() + " " + text);
    }
  }
}, 250);
"""


@pytest.fixture
def page(browser, request) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(KEEP_TOASTS_JS)
    p = context.new_page()
    p.set_default_timeout(30_000)
    yield p
    if getattr(request.node, "glasshouse_failed", False):
        keep_failure(p, request.node.name)
    context.close()


@pytest.fixture
def shot() -> Callable[[object, str], Path]:
    def take(p, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        p.screenshot(path=str(path), full_page=True)
        return path

    return take
