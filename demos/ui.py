"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions."""

from __future__ import annotations

from glasshouse.context import AppContext

INTRO = """## Demos
Build a small page where people who are not engineers can try a model with their own words and
tell you when its answers are wrong, hurtful or biased. Their feedback is collected for review."""


def build(ctx: AppContext) -> None:
    import gradio as gr

    gr.Markdown("*Not built yet: this part of Glasshouse is tracked in issue #7.*")


def pages(ctx: AppContext) -> list:
    """Stand-alone pages (glasshouse.context.Page) served beside the main app."""
    return []
