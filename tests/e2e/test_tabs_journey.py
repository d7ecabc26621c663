"""Journey: a person opens the app and visits every area's tab."""

from __future__ import annotations

import pytest

from glasshouse.ui import TABS

pytestmark = pytest.mark.browser


def test_every_tab_opens_and_shows_its_intro(live_app, page, shot) -> None:
    import importlib

    page.goto(live_app)
    page.get_by_role("heading", name="Glasshouse").wait_for()
    for title, module in TABS:
        page.get_by_role("tab", name=title).click()
        intro_heading = importlib.import_module(module).INTRO.splitlines()[0].lstrip("# ")
        page.get_by_role("heading", name=intro_heading).wait_for(state="visible")
        path = shot(page, "tab-" + title.lower().replace(" ", "-"))
        assert path.stat().st_size > 10_000
