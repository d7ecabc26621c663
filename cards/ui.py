"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions."""

from __future__ import annotations

from glasshouse.context import AppContext

INTRO = """## Model and data cards
Write the document that travels with a model or dataset, step by step. Glasshouse drafts the
sections from what you found here: licences from the catalog, numbers from bias probes, personal
information found in datasets, and feedback from demos."""


def build(ctx: AppContext) -> None:
    import gradio as gr

    gr.Markdown("*Not built yet: this part of Glasshouse is tracked in issue #8.*")
