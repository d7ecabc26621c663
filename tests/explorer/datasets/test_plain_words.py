"""The Datasets tab speaks plain words to people who are not engineers (issues 17.6 and 19.7):
a technical term is shown only where the glossary gives it a tooltip, never in a label, a
column name or an info line (those have no tooltips)."""

from __future__ import annotations

import html
import re

import pytest

from glasshouse.glossary import GLOSSARY, add_tooltips

JARGON = ("MinHash", "Jaccard", "Cramér", "MetricFrame", "Fairlearn", "nPMI", "PMI", "Fisher",
          "Holm", "Newcombe", "spaCy", "Presidio", "3-gram", "accuracy_ci")


def _visible(rendered: str) -> str:
    """Text a person reads: outside tags and outside tooltip titles."""
    return "".join(p for p in re.split(r"(<[^>]*>)", rendered) if not p.startswith("<"))


def _bare_jargon(rendered: str) -> list[str]:
    """Jargon in the visible text that has no tooltip around it."""
    shown = add_tooltips(rendered)
    bare = re.sub(r"<abbr[^>]*>.*?</abbr>", "", shown, flags=re.S)
    return [t for t in JARGON if re.search(rf"(?<![\w-]){re.escape(t)}", _visible(bare))]


def test_the_profile_caveat_says_it_in_plain_words_with_the_terms_in_tooltips():
    from explorer.datasets.profile import CAVEAT

    text = CAVEAT.format(t=0.5)
    plain = text.split("(MinHash")[0]
    assert "50% of their three-word sequences" in plain
    assert not [t for t in JARGON if t in plain]
    assert _bare_jargon(html.escape(text)) == []
    assert '">MinHash</abbr>' in add_tooltips(html.escape(text))
    assert '">Jaccard similarity</abbr>' in add_tooltips(html.escape(text))


@pytest.fixture(scope="module")
def tab():
    import gradio as gr

    from tests.support.tab_callbacks import CuratorContext

    with gr.Blocks() as app:
        import explorer.datasets.ui as ui

        gr.Markdown(ui.INTRO)
        ui.build(CuratorContext())
    return app


def test_no_label_or_info_line_of_the_tab_uses_jargon(tab):
    texts = []
    for block in tab.blocks.values():
        for attr in ("label", "info", "placeholder"):
            value = getattr(block, attr, None)
            if isinstance(value, str):
                texts.append(value)
        if type(block).__name__ == "Dataframe":
            texts += [str(h) for h in (block.value or {}).get("headers", [])]
    assert texts, "the tab has labels"
    found = {t: x for x in texts for t in JARGON if re.search(rf"(?<![\w-]){re.escape(t)}", x)}
    assert found == {}


def test_every_markdown_text_of_the_tab_has_its_jargon_in_tooltips(tab):
    markdowns = [b.value for b in tab.blocks.values()
                 if type(b).__name__ == "Markdown" and isinstance(b.value, str) and b.value]
    assert len(markdowns) >= 5
    assert {m[:40]: _bare_jargon(m) for m in markdowns if _bare_jargon(m)} == {}


@pytest.mark.parametrize("measure", ["rows", "dmt"])
def test_association_tables_name_their_columns_in_plain_words(measure):
    from explorer.datasets import views
    from explorer.datasets.associations import word_associations

    texts = ["she is a nurse", "she is kind", "he is an engineer", "he is kind",
             "she nurse kind", "he engineer kind"] * 3
    rep = word_associations(texts, {"female": ["she"], "male": ["he"]}, min_count=1,
                            min_per_group=1, measure=measure)
    skews, per_group = views.associations_tables(rep)
    columns = [str(c) for c in list(skews.columns) + list(per_group.columns)]
    assert any(c.startswith("association score") for c in columns)
    assert [c for c in columns if any(t in c for t in JARGON)] == []


def test_the_glossary_explains_every_term_the_tab_may_show():
    for term in ("MinHash", "Jaccard similarity", "nPMI", "Cramér's V", "MetricFrame"):
        assert len(GLOSSARY[term]) > 30
