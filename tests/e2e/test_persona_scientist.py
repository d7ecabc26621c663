"""Persona journey (issue 19): a social scientist with no Python, at 1400 px. She uploads a small
multilingual survey export in Datasets, reads its language shares and the warning about personal
information, opens Embeddings on the same dataset (no second upload), draws the map, colours it
by language, drags a box over part of it and reads the rows under the box.

Every wait is on something she sees. Screenshots of each step go to $GLASSHOUSE_SCREENSHOTS when
set (else the test's tmp dir), never into the repository."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from tests.e2e.test_embeddings_journey import POINTS_JS, wait_for_stable_plot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Open answers to "What should the city change?", in four languages, with some personal data.
ANSWERS = [
    ("The buses never come on time in the evening.", "en", "transport"),
    ("We need more cycle lanes near the schools.", "en", "transport"),
    ("Rents have doubled and young families are leaving.", "en", "housing"),
    ("Please call me at 020 7946 0958 about the survey results.", "en", "other"),
    ("Write to john.smith@example.org if you need more details.", "en", "other"),
    ("Los autobuses nunca llegan a tiempo por la noche.", "es", "transport"),
    ("Necesitamos más carriles bici cerca de los colegios.", "es", "transport"),
    ("Los alquileres se han duplicado y las familias jóvenes se van.", "es", "housing"),
    ("Les bus n'arrivent jamais à l'heure le soir.", "fr", "transport"),
    ("Il faut plus de pistes cyclables près des écoles.", "fr", "transport"),
    ("Les loyers ont doublé et les jeunes familles partent.", "fr", "housing"),
    ("Die Busse kommen abends nie pünktlich.", "de", "transport"),
    ("Wir brauchen mehr Radwege in der Nähe der Schulen.", "de", "transport"),
    ("Die Mieten haben sich verdoppelt und junge Familien ziehen weg.", "de", "housing"),
    ("Meine Nachbarin Anna Schmidt wohnt seit dreißig Jahren in der Gartenstraße.", "de",
     "housing"),
    ("The park by the river should stay open at night.", "en", "parks"),
]


# what the map shows of them: the personal information the profile found, masked
# (the German name comes from the name lists: no NER model runs on German rows)
SHOWN = {4: "Please call me at <PHONE_NUMBER> about the survey results.",
         5: "Write to <EMAIL_ADDRESS> if you need more details.",
         15: "Meine Nachbarin <PERSON> wohnt seit dreißig Jahren in der Gartenstraße."}


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("GLASSHOUSE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.timeout(1500)  # embedding and language detection are slow on a loaded machine
def test_social_scientist_profiles_then_maps_a_multilingual_survey(live_app, browser,
                                                                   tmp_path) -> None:
    shots = _shots(tmp_path)
    src = tmp_path / "city_survey.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["answer", "language_asked", "theme"])
        w.writerows(ANSWERS)
    n = len(ANSWERS)

    from playwright.sync_api import expect

    from tests.e2e.conftest import KEEP_TOASTS_JS, keep_failure

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(KEEP_TOASTS_JS)
    page = context.new_page()
    page.set_default_timeout(420_000)
    try:
        page.goto(live_app)
        # 1. Datasets: upload and profile
        page.get_by_role("tab", name="Datasets").click()
        page.locator("#datasets-upload input[type=file]").set_input_files(str(src))
        page.get_by_text(f"city_survey.csv: {n} rows, 3 columns").first.wait_for()
        page.screenshot(path=str(shots / "scientist-1-uploaded.png"), full_page=True)
        page.locator("#datasets-profile").click()
        summary = page.locator("#datasets-summary")
        # this file's profile (the user's workspace may hold another file's from an earlier visit)
        expect(summary).to_contain_text(f"city_survey.csv: {n} rows", timeout=420_000)
        summary.get_by_text("Personal information:").wait_for()
        text = summary.inner_text()
        # language shares: 6 of 16 English, 4 German, 3 Spanish, 3 French
        shares = dict(re.findall(r"\b(en|de|es|fr) (\d+)%", text))
        assert shares == {"en": "38", "de": "25", "es": "19", "fr": "19"}, text
        assert "EMAIL_ADDRESS 1" in text, text
        # the warning: names are not looked for in German rows
        assert re.search(r"not detected in [^.]*\bde\b", text), text
        assert "john.smith@example.org" not in page.locator("body").inner_text()
        page.screenshot(path=str(shots / "scientist-2-profile.png"), full_page=True)

        # 2. Embeddings on the same dataset, no second upload
        page.get_by_role("tab", name="Embeddings").click()
        page.locator("#emb-use-loaded").click()
        page.get_by_text(f"Using city_survey.csv from the Datasets tab ({n} rows)").wait_for()
        assert page.locator("#emb-column input").input_value() == "answer"
        # she is told that personal information stays masked and which model suits her data
        note = page.get_by_text("Using city_survey.csv from the Datasets tab").first.inner_text()
        assert "masked" in note and "use-multilingual" in note, note
        model = page.locator("#emb-model input")
        model.fill("use-multilingual")  # the data is multilingual
        model.press("Enter")
        page.get_by_role("button", name="Draw map").click()
        page.locator("#emb-map .js-plotly-plot").wait_for()
        page.get_by_text(f"{n} texts").first.wait_for()
        page.locator("#emb-map").scroll_into_view_if_needed()
        wait_for_stable_plot(page)
        hovers = page.evaluate("""() => document.querySelector('#emb-map .js-plotly-plot')
            .data.map(t => (t.hovertext || []).join(' ')).join(' ')""")
        assert "EMAIL_ADDRESS" in hovers and "PHONE_NUMBER" in hovers, hovers
        assert "john.smith" not in hovers and "7946" not in hovers
        page.screenshot(path=str(shots / "scientist-3-map.png"), full_page=True)

        # 3. colour by language: the legend names each language with its count
        page.get_by_label("Colour points by").click()
        page.get_by_role("option", name="detected_language").click()
        page.wait_for_function(
            """() => { const gd = document.querySelector('#emb-map .js-plotly-plot');
                       return !!gd && gd.data.some(t => /^de · /.test(t.name || '')); }""")
        legend = sorted(page.evaluate("""() => document.querySelector(
            '#emb-map .js-plotly-plot').data.map(t => t.name)"""))
        assert legend == ["de · German (4)", "en · English (6)", "es · Spanish (3)",
                          "fr · French (3)"], legend
        wait_for_stable_plot(page)
        page.screenshot(path=str(shots / "scientist-4-languages.png"), full_page=True)

        # 4. box selection over the left half of the map: the rows under it are listed
        area = page.locator("#emb-map .nsewdrag").first.bounding_box()
        drawn = page.evaluate(POINTS_JS)
        page.evaluate("""() => { const gd = document.querySelector('#emb-map .js-plotly-plot');
            gd.on('plotly_selected', ev => { window.__box = ev && ev.range; }); }""")
        page.locator("#emb-map").hover()
        page.locator("#emb-map .modebar-btn[data-title='Box Select']").click()
        x0, y0 = area["x"] + 3, area["y"] + 3
        x1, y1 = area["x"] + area["width"] / 2, area["y"] + area["height"] - 3
        page.mouse.move(x0, y0)
        page.mouse.down()
        page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=5)
        page.mouse.move(x1, y1, steps=5)
        page.mouse.up()
        note = page.locator(f"text=of {n} texts selected").first
        note.wait_for()
        box = page.evaluate("() => window.__box")
        (bx0, bx1), (by0, by1) = sorted(box["x"]), sorted(box["y"])
        expected = sorted(r for x, y, r in drawn["points"] if bx0 <= x <= bx1 and by0 <= y <= by1)
        assert 0 < len(expected) < n, expected
        assert note.inner_text().startswith(f"{len(expected)} of {n}"), note.inner_text()
        table = page.locator("#emb-selected")
        page.wait_for_function(
            """k => document.querySelectorAll("#emb-selected [role=gridcell][data-col='0']")
                       .length >= Math.min(k, 8)""", arg=len(expected))
        shown = [int(c.strip()) for c in
                 table.locator("[role=gridcell][data-col='0']").all_inner_texts()]
        texts = [t.strip() for t in
                 table.locator("[role=gridcell][data-col='1']").all_inner_texts()]
        assert shown == expected[:len(shown)], (shown, expected)
        assert texts == [SHOWN.get(r, ANSWERS[r - 1][0]) for r in shown]
        body = page.locator("body").inner_text()
        assert "john.smith@example.org" not in body and "020 7946 0958" not in body
        assert "Anna Schmidt" not in body
        page.screenshot(path=str(shots / "scientist-5-selection.png"), full_page=True)
    except Exception:
        keep_failure(page, "persona-scientist")  # what she saw and what the server said
        raise
    finally:
        context.close()
