"""Journey: paste texts, draw a map, lasso a region of it, read the selected rows; ask for the
neighbours of a sentence."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TEXTS = [
    "The cat sleeps on the warm windowsill.", "My kitten chases a ball of yarn.",
    "A puppy chewed my favourite shoes.", "Dogs love to fetch sticks in the park.",
    "The hamster runs on its wheel all night.", "Our parrot repeats every word we say.",
    "Stock markets fell sharply on Monday.", "The central bank raised interest rates.",
    "Investors fear a recession next year.", "Bond yields climbed to a ten-year high.",
    "The company reported record quarterly profits.", "Inflation slowed for the third month.",
]


def test_map_lasso_shows_selected_rows_and_query_finds_neighbours(live_app, page, shot) -> None:
    page.goto(live_app)
    page.get_by_role("tab", name="Embeddings").click()
    page.get_by_label("…or paste texts here, one per line").fill("\n".join(TEXTS))
    page.get_by_role("button", name="Draw map").click()
    status = page.locator("text=12 texts").first
    status.wait_for(timeout=120_000)
    plot = page.locator("#emb-map .js-plotly-plot")
    plot.wait_for()
    page.locator("#emb-map .scatterlayer, #emb-map canvas").first.wait_for(state="attached")
    page.locator("#emb-map").scroll_into_view_if_needed()
    area = page.locator("#emb-map .nsewdrag").first.bounding_box()
    assert area is not None
    # remember what Plotly itself reports as selected, to compare with the table
    page.evaluate("""() => { const gd = document.querySelector('#emb-map .js-plotly-plot');
        gd.on('plotly_selected', ev => { window.__rows = (ev ? ev.points : [])
            .map(p => Number(p.customdata[1])).sort((a, b) => a - b); }); }""")
    # lasso the left half of the map (dragmode is lasso by default)
    x0, y0, w, h = area["x"] + 2, area["y"] + 2, area["width"] / 2, area["height"] - 4
    page.mouse.move(x0, y0)
    page.mouse.down()
    for x, y in ((x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h), (x0, y0 + 1)):
        page.mouse.move(x, y, steps=8)
    page.mouse.up()
    page.locator("text=of 12 texts selected").wait_for(timeout=30_000)
    expected = page.evaluate("() => window.__rows")
    assert 0 < len(expected) < 12, expected
    note = page.locator("text=of 12 texts selected").first.inner_text()
    assert note.startswith(f"{len(expected)} of 12"), note
    table = page.locator("#emb-selected")
    cells = table.locator("[role=gridcell][data-col='0']").all_inner_texts()
    shown = sorted(int(re.match(r"\s*(\d+)", c).group(1)) for c in cells)
    assert shown == expected, cells
    texts = table.locator("[role=gridcell][data-col='1']").all_inner_texts()
    assert sorted(t.strip() for t in texts) == sorted(TEXTS[row - 1] for row in expected)
    path = shot(page, "embeddings-lasso-selection")
    assert path.stat().st_size > 10_000

    box = page.get_by_label("Find the texts closest to a sentence")
    box.fill("Shares dropped as traders worried about the economy")
    box.press("Enter")
    cell = page.locator("#emb-neighbours [role=gridcell][data-col='1']")
    cell.filter(has_text=re.compile(r"\w")).first.wait_for(timeout=60_000)
    nearest = [t.strip() for t in cell.all_inner_texts()]
    assert len(nearest) == 10
    # the finance sentences come first for a finance query
    assert sum(t in TEXTS[6:] for t in nearest[:4]) >= 3, nearest
    shot(page, "embeddings-query")


PARALLEL = [("The cat sleeps.", "Le chat dort.", "El gato duerme."),
            ("I like green tea.", "J'aime le thé vert.", "Me gusta el té verde."),
            ("The train is late.", "Le train est en retard.", "El tren llega tarde."),
            ("Where is the station?", "Où est la gare ?", "¿Dónde está la estación?"),
            ("She reads a book.", "Elle lit un livre.", "Ella lee un libro.")]


def test_compare_models_and_cross_lingual_view(live_app, page, shot, tmp_path) -> None:
    import csv

    page.set_default_timeout(180_000)
    page.goto(live_app)
    page.get_by_role("tab", name="Embeddings").click()
    page.get_by_label("…or paste texts here, one per line").fill("\n".join(TEXTS))
    page.get_by_role("button", name="Draw map").click()
    page.locator("text=12 texts").first.wait_for()
    page.get_by_text("Compare two models on the same texts").click()
    page.get_by_role("button", name="Compare", exact=True).click()
    note = page.locator("text=on average the two models share").first
    note.wait_for()
    assert re.search(r"n = 12 texts", note.inner_text())

    src = tmp_path / "parallel.csv"
    with open(src, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["en", "fr", "es"])
        w.writerows(PARALLEL)
    page.get_by_text("Cross-lingual view: are translations neighbours?").click()
    page.locator("#emb-cl-file input[type=file]").set_input_files(str(src))
    page.locator("#emb-cl-columns").get_by_text("es", exact=True).first.wait_for()
    page.get_by_role("button", name="Show", exact=True).click()
    summary = page.locator("text=its own translation").first
    summary.wait_for()
    share = int(re.search(r"(\d+)%", summary.inner_text()).group(1))
    assert share >= 80  # the multilingual model matches these short translations
    assert "n = 5 sentences" in summary.inner_text()
    shot(page, "embeddings-compare-cross-lingual")
