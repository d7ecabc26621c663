"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions."""

from __future__ import annotations

from glasshouse.context import AppContext

INTRO = """## Look at a dataset
Upload a table of texts (CSV, JSON, Excel, Parquet) to see what is in it: how long the texts are,
which languages they are in, repeated rows, personal information such as emails or phone numbers,
and which words appear together with words about groups of people."""


def build(ctx: AppContext) -> None:
    import gradio as gr

    gr.Markdown("*Not built yet: this part of Glasshouse is tracked in issue #4.*")
