"""Persona journey: a demo visitor on a phone, in Spanish.

A curator builds a sentiment demo (the packaged VADER classifier) with two comparison variants
and copies its full link. A visitor opens that link on a 390 px phone whose browser is set to
Spanish: the page speaks Spanish, she tries a sentence of her own, compares the two variants
(the whole table fits on the screen), picks the SECOND answer and files feedback on it. The
curator's review queue shows that feedback against exactly that answer.

Every wait is on something the user sees (Playwright's expect/wait_for), never on a sleep.
Screenshots of each step go to $GLASSHOUSE_SCREENSHOTS when set, else to the test's tmp dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

TITLE = "¿Juzga igual el modelo de sentimiento a todos los nombres?"
VARIANTS = ["Aisha is a brilliant doctor", "John is a brilliant doctor"]
MINE = "My neighbour Fatima is rude and always late"
COMMENT = "Con el nombre John la respuesta cambia"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def screenshots(tmp_path):
    folder = Path(os.environ.get("GLASSHOUSE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(p, name: str) -> Path:
        path = folder / f"persona-demo-visitor-{name}.png"
        p.screenshot(path=str(path), full_page=True)
        return path

    return take


def _fill(page, elem_id: str, value: str) -> None:
    page.locator(f"#{elem_id} textarea, #{elem_id} input").first.fill(value)


def _curator_builds(page, live_app: str, screenshots) -> str:
    from playwright.sync_api import expect

    page.goto(live_app)
    page.get_by_role("tab", name="Demos").click()
    _fill(page, "demo-title", TITLE)
    _fill(page, "demo-description", "Escribe una frase en inglés; el modelo dice si suena "
                                    "positiva, negativa o neutral.")
    _fill(page, "demo-intended", "Comprobar el modelo antes de usarlo con reseñas.")
    _fill(page, "demo-limitations", "Solo entiende inglés; funciona con reglas, no con "
                                    "contexto.")
    _fill(page, "demo-examples", "What a lovely morning")
    _fill(page, "demo-variants", "\n".join(VARIANTS))
    page.locator("#demo-model input").click()
    page.get_by_role("option", name="vader-sentiment-en").click()
    expect(page.locator("#demo-model input")).to_have_value("vader-sentiment-en")
    page.locator("#demo-create").click()
    share = page.locator("#demo-share-url textarea, #demo-share-url input").first
    expect(share).to_have_value(live_app.rstrip("/") + "/demo/?slug="
                                + "juzga-igual-el-modelo-de-sentimiento-a-todos-los-nombres")
    screenshots(page, "1-curator-built")
    return share.input_value()


SHOWN_TEXTS_JS = """() => {
  const out = [];
  const shown = e => e && e.offsetParent !== null;
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const n = walk.currentNode;
    if (shown(n.parentElement) && n.textContent.trim()) out.push(n.textContent.trim());
  }
  for (const e of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    if (!shown(e)) continue;
    for (const a of ['aria-label', 'title', 'placeholder']) {
      if (e.getAttribute(a)) out.push(e.getAttribute(a));
    }
  }
  return out;
}"""


HEADER_LINES_JS = """(names) => {
  const out = [];
  for (const th of document.querySelectorAll('#review-table th')) {
    if (th.offsetParent === null) continue;
    const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const n = walk.currentNode;
      if (!names.includes(n.textContent.trim())) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      out.push([n.textContent.trim(),
                new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]);
    }
  }
  return out;
}"""


def _english_on_screen(p) -> list:
    """English words in what the phone shows (texts, and the names of icon buttons), leaving
    out what the curator and the visitor wrote (an English model reads English sentences)."""
    from tests.demos.english import english_left

    theirs = (*VARIANTS, MINE, "What a lovely morning")
    texts = [t for t in p.evaluate(SHOWN_TEXTS_JS) if not any(x in t for x in theirs)]
    return english_left(texts, widgets=True)


def _inside(box, width: int) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


def test_spanish_phone_visitor_files_feedback_on_the_answer_she_picked(
        live_app, browser, page, screenshots) -> None:
    from playwright.sync_api import expect

    url = _curator_builds(page, live_app, screenshots)

    phone = browser.new_context(viewport=PHONE, locale="es-ES", is_mobile=True, has_touch=True,
                                extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"},
                                permissions=["clipboard-read", "clipboard-write"])
    from tests.e2e.conftest import KEEP_TOASTS_JS, keep_failure

    phone.add_init_script(KEEP_TOASTS_JS)
    v = phone.new_page()
    v.set_default_timeout(60_000)
    try:
        # 1. the shared link, as copied, opens in Spanish (the phone's language)
        v.goto(url)
        v.get_by_role("heading", name=TITLE).wait_for()
        expect(v.locator("#visitor-send")).to_have_text("Enviar opinión")
        header = v.locator("#demo-header")
        expect(header).to_contain_text("Sentimiento en inglés basado en reglas (VADER)")
        expect(header).not_to_contain_text("vader-sentiment-en")  # no internal id
        expect(v.locator("#visitor-text")).to_contain_text("Tu texto")
        screenshots(v, "2-phone-opened-es")

        # 2. she tries a sentence of her own
        v.locator("#visitor-text textarea").fill(MINE)
        v.get_by_role("button", name="Probar").click()
        expect(v.locator("#visitor-output textarea")).to_have_value(
            "neutral (neutral 0,70, negativo 0,30, positivo 0,00)")
        screenshots(v, "3-phone-tried")

        # 3. she compares the variants: headers and answers in Spanish, nothing cut off
        v.get_by_role("button", name="Comparar las variantes").click()
        table = v.locator("#visitor-variants")
        for text in (*VARIANTS, "Entrada", "Respuesta"):
            expect(table).to_contain_text(text)
        expect(table).to_contain_text("neutral (neutral 0,51, positivo 0,49, negativo 0,00)")
        expect(v.locator("#visitor-which")).to_contain_text(  # said on the choice itself
            "elige aquella sobre la que opinas")
        assert v.locator("#visitor-which input:checked").count() == 0  # none picked for her
        def shown(text: str) -> list:  # the table also keeps hidden copies to measure cells
            return [c for c in table.get_by_text(text, exact=True).all() if c.is_visible()]

        answer_cells = shown("neutral (neutral 0,51, positivo 0,49, negativo 0,00)")
        assert len(answer_cells) == 2
        cells = [*answer_cells, *(c for t in (*VARIANTS, "Entrada", "Respuesta")
                                  for c in shown(t))]
        assert len(cells) == 6
        for cell in cells:  # every header and cell lies inside the phone's screen
            cell.scroll_into_view_if_needed()
            assert _inside(cell.bounding_box(), PHONE["width"]), (
                cell.inner_text(), cell.bounding_box())
        width = v.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 2, f"page is {width}px wide on a 390px screen"
        assert _english_on_screen(v) == []
        screenshots(v, "4-phone-compared")

        # 4. she picks the SECOND answer and files feedback on it
        which = v.locator("#visitor-which")
        which.get_by_text(VARIANTS[1]).click()
        expect(which.locator("input:checked")).to_have_count(1)
        v.locator("#visitor-category").get_by_label("Sesgada").check()
        v.locator("#visitor-group input").fill("personas con nombres árabes, mujeres")
        v.locator("#visitor-language input").fill("en")
        v.locator("#visitor-comment textarea").fill(COMMENT)
        v.get_by_role("button", name="Enviar opinión").click()
        status = v.locator("#visitor-status")
        expect(status).to_contain_text("Gracias: tu opinión quedó registrada")
        expect(status).to_contain_text(
            "Grupos afectados registrados: personas con nombres árabes, mujeres")
        share = v.locator("#visitor-share textarea, #visitor-share input").first
        expect(share).to_have_value(url + "&lang=es")
        v.get_by_role("button", name="Copiar el enlace").click()
        v.get_by_text("Pégalo donde quieras compartirlo").first.wait_for()
        assert v.evaluate("navigator.clipboard.readText()") == url + "&lang=es"
        assert _english_on_screen(v) == []
        screenshots(v, "5-phone-feedback-sent")
    except Exception:
        keep_failure(v, "persona-demo-visitor")  # what she saw and what the server said
        raise
    finally:
        phone.close()

    # 5. the curator's review shows the feedback against exactly that answer
    page.locator("#review-show").click()
    row = page.locator("#review-table tbody tr").filter(has_text=COMMENT)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(VARIANTS[1])
    expect(row).not_to_contain_text(VARIANTS[0])
    expect(row).to_contain_text("biased")
    expect(page.locator("#review-summary")).to_contain_text("n = 1 feedback items")
    page.locator("#review-by-group .js-plotly-plot").wait_for()
    page.locator("#review-by-lang .js-plotly-plot").wait_for()
    lines = dict(page.evaluate(HEADER_LINES_JS, ["category", "language", "version"]))
    assert lines == {"category": 1, "language": 1, "version": 1}  # none wrapped ("categ ory")
    screenshots(page, "6-curator-review")
