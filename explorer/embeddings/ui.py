"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions."""

from __future__ import annotations

from glasshouse.context import AppContext

INTRO = """## Map of meanings
A language model turns each text into a point; texts it considers similar land close together.
This map shows those points so you can see what the model groups together, and where it
separates texts that should be alike (for example, the same sentence in two languages)."""


def build(ctx: AppContext) -> None:
    import gradio as gr

    gr.Markdown("*Not built yet: this part of Glasshouse is tracked in issue #5.*")
