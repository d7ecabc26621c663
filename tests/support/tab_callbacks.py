"""Drive a tab's callbacks without a browser: build one area's ui.py in a gr.Blocks and get its
callbacks by name, with a context whose request.username is the acting curator."""

from __future__ import annotations

from dataclasses import dataclass

from glasshouse.users import Actor


@dataclass(frozen=True)
class CuratorContext:
    """An app context whose request.username is the user (no database needed)."""

    db: object = None
    auth_enabled: bool = True

    def actor(self, request) -> Actor:
        return Actor(request.username, "curator")


def skipped(outputs) -> bool:
    """Every output left as it is (gr.skip()): nothing restored, nothing overwritten."""
    return all(o == {"__type__": "update"} for o in outputs)


def callbacks(module: str) -> dict:
    import importlib

    import gradio as gr

    with gr.Blocks() as app:
        importlib.import_module(module).build(CuratorContext())
    return {bf.fn.__name__: bf.fn for bf in app.fns.values() if bf.fn is not None}
