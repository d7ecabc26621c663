"""The public demo page, driven through its callbacks without a browser: in Spanish nothing
English is left on it (labels, buttons, table headers, answers, messages, errors), and the
feedback is filed against exactly the answer the visitor picked."""

from __future__ import annotations

import copy
import inspect
from types import SimpleNamespace

import pytest

from demos import service, strings
from demos import visitor_page as vp
from demos.spec import DemoSpec
from tests.demos.english import ENGLISH_ONLY, english_left
from glasshouse.context import AppContext

VARIANTS = ["Aisha es enfermera", "Juan es enfermero", "María es enfermera"]


def profanity_spec(**kw) -> DemoSpec:
    base = dict(title="¿Trata igual nuestro filtro a todos los nombres?",
                description="Escribe una frase; el modelo dice si es grosera.",
                intended_use="Revisar el filtro antes de moderar comentarios.",
                limitations="Solo entiende inglés; es una lista de palabras.",
                task="text-classification", model="profanity-en",
                examples=["Qué mañana tan bonita"], variants=VARIANTS, public=True)
    base.update(kw)
    return DemoSpec(**base)


def request(slug: str = "", lang: str = "es") -> SimpleNamespace:
    return SimpleNamespace(query_params={"slug": slug, "lang": lang}, username=None,
                           base_url="http://127.0.0.1:7860/",
                           client=SimpleNamespace(host="203.0.113.9"))


# ---------------------------------------------------------------- the rendered page


class Rendered:
    """The visitor page's config, with each callback's outputs applied to it as the browser
    would: what a visitor sees is the visible components' texts."""

    def __init__(self, db) -> None:
        from demos import ui

        self.blocks = ui._visitor_page(AppContext(db=db, auth_enabled=False), signed_in=False)
        config = self.blocks.get_config_file()
        self.title = config["title"]
        self.layout = config["layout"]
        self.props = {c["id"]: dict(c["props"], type=c["type"]) for c in config["components"]}
        for bid, block in self.blocks.blocks.items():  # gr.State keeps its value server-side
            if self.props.get(bid, {}).get("type") == "state":
                self.props[bid]["value"] = copy.deepcopy(block.value)
        self.fns = {bf.fn.__name__: bf for bf in self.blocks.fns.values() if bf.fn is not None}
        self.inputs: dict[int, object] = {}

    def fire(self, name: str, req) -> object:
        bf = self.fns[name]
        args = [self.props[b._id].get("value") for b in bf.inputs]
        wants_request = "request" in inspect.signature(bf.fn).parameters
        result = bf.fn(*args, request=req) if wants_request else bf.fn(*args)
        values = result if isinstance(result, tuple) else (result,)
        for block, value in zip(bf.outputs, values, strict=True):
            if isinstance(value, dict) and value.get("__type__") == "update":
                self.props[block._id].update({k: v for k, v in value.items()
                                              if k != "__type__"})
            else:
                self.props[block._id]["value"] = value
        return result

    def prop(self, elem_id: str) -> dict:
        (found,) = [p for p in self.props.values() if p.get("elem_id") == elem_id]
        return found

    def set(self, elem_id: str, value: object) -> None:
        self.prop(elem_id)["value"] = value

    def visible_texts(self) -> list[str]:
        out = [self.title]

        def walk(node: dict) -> None:
            p = self.props.get(node["id"], {})
            if p.get("visible") is False or p.get("type") == "state":
                return
            for key in ("label", "info", "placeholder"):
                if isinstance(p.get(key), str):
                    out.append(p[key])
            value = p.get("value")
            if p.get("type") in ("radio", "dropdown", "checkboxgroup"):
                value = None  # a choice's value is not shown; its label is (below)
            if isinstance(value, str) and not value.startswith("http"):
                out.append(value)
            elif isinstance(value, dict):  # a table
                out.extend(map(str, value.get("headers", [])))
                out.extend(str(c) for row in value.get("data", []) for c in row)
            for choice in p.get("choices") or []:
                out.append(str(choice[0] if isinstance(choice, (list, tuple)) else choice))
            for child in node.get("children", []):
                walk(child)

        walk(self.layout)
        return [s for s in out if s]


def test_english_only_words_are_the_ones_a_translation_replaces() -> None:
    assert {"your", "answer", "send", "feedback", "clean", "profane"} <= ENGLISH_ONLY
    assert "demo" not in ENGLISH_ONLY  # the same word in both


def test_spanish_page_shows_no_english_through_a_whole_visit(db, curator) -> None:
    demo = service.create_demo(db, profanity_spec(), actor=curator)
    page = Rendered(db)
    req = request(demo.slug, "es")
    page.fire("on_load", req)
    assert english_left(page.visible_texts()) == []
    assert "profanity-en" not in " ".join(page.visible_texts())  # the internal model id

    page.set("visitor-text", "Qué mañana tan bonita")
    page.fire("on_run", req)
    page.fire("on_variants", req)  # the comparison table: headers and answers
    texts = page.visible_texts()
    assert "Respuesta" in texts and "Entrada" in texts
    assert any(s.startswith("limpio (limpio 0,") for s in texts), texts
    choices = page.prop("visitor-which")["choices"]
    assert [label.split(" → ")[0] for label, _ in choices] == ["Qué mañana tan bonita",
                                                                 *VARIANTS]
    page.set("visitor-which", choices[2][1])  # the second variant
    page.set("visitor-category", "biased")
    page.set("visitor-group", "mujeres mayores, personas nigerianas")
    page.fire("on_send", req)
    texts = page.visible_texts()
    assert any("Grupos afectados registrados: mujeres mayores, personas nigerianas" in s
               for s in texts), texts
    (item,) = service.list_feedback(db, demo.slug, actor=curator)
    assert item.input == VARIANTS[1]  # filed against the answer picked
    assert english_left(texts) == []


def test_the_same_visit_in_english_is_caught_by_the_check(db, curator) -> None:
    demo = service.create_demo(db, profanity_spec(), actor=curator)
    page = Rendered(db)
    req = request(demo.slug, "en")
    page.fire("on_load", req)
    page.fire("on_variants", req)
    left = {w for _, ws in english_left(page.visible_texts()) for w in ws}
    assert {"your", "answer", "clean", "compare"} <= left


def test_switching_to_spanish_after_a_comparison_leaves_no_english(db, curator) -> None:
    demo = service.create_demo(db, profanity_spec(), actor=curator)
    page = Rendered(db)
    page.fire("on_load", request(demo.slug, "en"))
    page.set("visitor-text", "Qué mañana tan bonita")
    page.fire("on_run", request(demo.slug, "en"))
    page.fire("on_variants", request(demo.slug, "en"))
    assert english_left(page.visible_texts())  # English so far
    page.set("ui-lang", "es")
    page.fire("on_lang", request(demo.slug, ""))
    texts = page.visible_texts()
    assert english_left(texts) == []
    assert strings.t("es", "pick_one") in texts  # said on the answer choice itself


@pytest.mark.parametrize("slug", ["", "no-such-demo"])
def test_spanish_empty_states_and_unknown_links(db, slug) -> None:
    page = Rendered(db)
    page.fire("on_load", request(slug, "es"))
    texts = page.visible_texts()
    assert english_left(texts) == []
    assert any(("No se eligió" if not slug else "no hay ninguna demo") in s for s in texts)


@pytest.mark.parametrize(("asked", "header", "lang"), [
    ("es", "en-GB,en;q=0.9", "es"), ("", "es-ES,es;q=0.9,en;q=0.8", "es"),
    ("", "fr-FR,fr;q=0.9,es;q=0.5", "es"), ("", "de-DE", "en"), (None, None, "en"),
    ("en", "es-ES", "en")])
def test_page_language_from_the_link_else_the_browser(asked, header, lang) -> None:
    assert vp.page_language(asked, header) == lang


def test_restricted_demo_is_refused_in_the_visitors_language(db, curator) -> None:
    demo = service.create_demo(db, profanity_spec(public=False), actor=curator)
    o = vp.open_page(db, demo.slug, "es", actor=None)
    assert o.demo is None and "solo está abierta a usuarios registrados" in o.header
    assert f"/demo-members/?slug={demo.slug}" in o.header


# ---------------------------------------------------------------- visitor actions


def test_feedback_goes_to_exactly_the_variant_picked(db, curator) -> None:
    demo = service.create_demo(db, profanity_spec(), actor=curator)
    who = {"actor": None, "client": "198.51.100.7"}
    tried = vp.try_text(db, demo.slug, "Qué mañana tan bonita", "es", [], **who)
    assert tried.picked == tried.runs[0]["id"]
    c = vp.compare(db, demo.slug, "es", tried.runs, **who)
    assert [r["input"] for r in c.shown] == VARIANTS
    assert c.status == strings.t("es", "pick_one")
    with pytest.raises(vp.VisitorError, match="elige arriba"):  # nothing picked after a compare
        vp.send_feedback(db, None, "biased", "", "", "", "es", c.runs, **who)
    second = c.shown[1]["id"]
    assert second in [value for _, value in c.choices]
    msg = vp.send_feedback(db, second, "biased", "hombres", "es", "¿por qué?", "es", c.runs,
                           **who)
    assert msg.startswith("Gracias")
    (item,) = service.list_feedback(db, demo.slug, actor=curator)
    assert (item.run_id, item.input, item.category) == (second, "Juan es enfermero", "biased")


@pytest.mark.parametrize(("run_id", "category", "runs", "message"), [
    (None, "fine", [], "Primero ejecuta el modelo"),
    ("not-shown-here", "fine", [{"id": "x"}], "elige arriba"),
    ("x", None, [{"id": "x"}], "Elige cómo fue"),
])
def test_feedback_needs_a_shown_answer_and_a_category(db, run_id, category, runs,
                                                      message) -> None:
    with pytest.raises(vp.VisitorError, match=message):
        vp.send_feedback(db, run_id, category, "", "", "", "es", runs, actor=None, client="c")


def test_errors_of_the_service_reach_the_visitor_in_spanish(db, curator, monkeypatch) -> None:
    demo = service.create_demo(db, profanity_spec(), actor=curator)
    with pytest.raises(vp.VisitorError, match="Escribe primero"):
        vp.try_text(db, demo.slug, "   ", "es", [], actor=None, client="c")
    with pytest.raises(vp.VisitorError, match="demasiado largo"):
        vp.try_text(db, demo.slug, "x" * 5001, "es", [], actor=None, client="c")
    monkeypatch.setenv("GLASSHOUSE_DEMO_RUN_LIMIT", "1")
    vp.try_text(db, demo.slug, "hola", "es", [], actor=None, client="limited")
    with pytest.raises(vp.VisitorError, match="Demasiadas solicitudes.*Inténtalo de nuevo en"):
        vp.try_text(db, demo.slug, "hola", "es", [], actor=None, client="limited")


@pytest.mark.parametrize(("data", "lang", "shown"), [
    ({"label": "profane", "scores": {"profane": 0.8123, "clean": 0.1877}}, "es",
     "grosero (grosero 0,81, limpio 0,19)"),
    ({"label": "positive", "scores": {"positive": 0.6, "negative": 0.1, "neutral": 0.3,
                                      "compound": 0.7}}, "es",
     "positivo (positivo 0,60, neutral 0,30, negativo 0,10)"),
    ({"label": "LABEL_1", "scores": {"LABEL_1": 0.9, "LABEL_0": 0.1}}, "en",
     "LABEL_1 (LABEL_1 0.90)"),
    ({"closest": "Hola", "cosine": {"Hola": 0.5, "Adiós": 0.1}}, "es",
     "más cercana a «Hola» (coseno 0,50)"),
    ({"findings": []}, "es", "Escribe a [EMAIL]"),
])
def test_answers_are_shown_in_the_page_language(data, lang, shown) -> None:
    assert vp.answer({"output": "Escribe a [EMAIL]", "data": data}, lang) == shown


def test_model_is_named_for_the_public_never_by_its_internal_id(db, curator) -> None:
    plain = service.create_demo(db, profanity_spec(), actor=curator)
    named = service.create_demo(db, profanity_spec(title="Otra", model_label="Filtro X"),
                                actor=curator)
    assert vp.model_name(plain, "es").startswith("Clasificador de groserías")
    assert vp.model_name(named, "es") == "Filtro X"
    assert "profanity-en" not in vp.header(plain, "es")


def test_share_link_is_the_full_address(monkeypatch) -> None:
    monkeypatch.delenv("GLASSHOUSE_PUBLIC_URL", raising=False)
    assert vp.full_url("http://h:1/", vp.demo_link("x", True)) == "http://h:1/demo/?slug=x"
    monkeypatch.setenv("GLASSHOUSE_PUBLIC_URL", "https://demo.example.org/")
    assert vp.full_url("http://h:1/", "/demo/?slug=x") == "https://demo.example.org/demo/?slug=x"


def test_every_callback_of_the_demos_tab_and_pages_is_wrapped_in_safe(db) -> None:
    import gradio as gr

    from demos import ui

    with gr.Blocks() as tab:
        ui.build(AppContext(db=db, auth_enabled=False))
    fns = [bf.fn for blocks in (tab, Rendered(db).blocks) for bf in blocks.fns.values()
           if bf.fn is not None]
    assert len(fns) >= 15
    assert [f.__name__ for f in fns if not getattr(f, "__glasshouse_safe__", False)] == []
