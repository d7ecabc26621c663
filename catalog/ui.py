"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions."""

from __future__ import annotations

from glasshouse.context import AppContext

INTRO = """## Catalog of language resources
Find datasets and other language resources, see which languages and dialects they cover, and read
their licences before you use them. If a resource was built from others, Glasshouse follows the
chain and tells you the most restrictive licence that applies. Curators add and review entries here."""


def build(ctx: AppContext) -> None:
    import gradio as gr

    gr.Markdown("*Not built yet: this part of Glasshouse is tracked in issue #3.*")
