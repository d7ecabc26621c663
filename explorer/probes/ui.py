"""UI tab. Only ui.py files import gradio; callbacks stay thin and call service functions."""

from __future__ import annotations

from glasshouse.context import AppContext

INTRO = """## Bias probes
Ask a model the same question about different groups of people and compare the answers, for
example which jobs it expects after "This man works as a ..." and "This woman works as a ...".
Every result shows how many examples it rests on, how sure we can be, and what it cannot show."""


def build(ctx: AppContext) -> None:
    import gradio as gr

    gr.Markdown("*Not built yet: this part of Glasshouse is tracked in issue #6.*")
