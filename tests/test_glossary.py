"""Technical terms get a plain-language tooltip wherever the app renders Markdown."""

from __future__ import annotations

from glasshouse.glossary import GLOSSARY, add_tooltips
from glasshouse.sanitize import markdown_to_html


def test_first_mention_of_each_term_gets_its_explanation() -> None:
    out = add_tooltips(markdown_to_html(
        "The share is 0.62 (95% CI 0.55 to 0.69), adjusted p = 0.01. Again 95% CI."))
    assert out.count("<abbr") == 2
    assert '<abbr title="95 % confidence interval' in out and ">95% CI</abbr>" in out
    assert ">adjusted p</abbr>" in out


def test_terms_inside_links_code_and_words_are_left_alone() -> None:
    out = add_tooltips(markdown_to_html("[about UMAP](https://x.org) `PCA` CIRCLE nPMIs UMAP"))
    assert out.count("<abbr") == 1 and ">UMAP</abbr>" in out
    assert 'href="https://x.org"' in out and "<code>PCA</code>" in out


def test_explanations_survive_the_sanitiser() -> None:
    from glasshouse.sanitize import clean_html

    out = clean_html(add_tooltips("<p>Cramér's V is 0.3</p>"))
    assert '<abbr title="Strength of the link' in out
    assert all(len(text) < 200 for text in GLOSSARY.values())


def test_the_app_renders_markdown_with_tooltips() -> None:
    import gradio as gr

    from glasshouse.ui import sanitise_markdown_components

    sanitise_markdown_components()
    rendered = gr.Markdown().postprocess("Holm-adjusted: see the p-value")
    assert '<abbr title="How often a difference' in rendered
