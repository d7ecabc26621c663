"""The Embeddings tab's callbacks get the acting user's request and the progress tracker from
Gradio (Gradio finds them by evaluating the callbacks' annotations)."""

from __future__ import annotations

import pytest

from glasshouse.context import AppContext
from glasshouse.users import add_user

TEXTS = "the cat sat\na dog barked\nmarkets fell\nrates rose\nthe cat slept\nbonds fell"


def _draw_callback(ctx: AppContext):
    import gradio as gr

    from explorer.embeddings import ui

    with gr.Blocks() as blocks:
        ui.build(ctx)
    fns = [f for f in blocks.fns.values() if getattr(f.fn, "__name__", "") == "on_draw"]
    assert len(fns) == 1
    return fns[0].fn


def _call_like_gradio(fn, request):
    """Insert the special arguments exactly as Gradio does before it calls a callback."""
    from gradio.helpers import special_args

    from explorer.embeddings.ui import BACKENDS, CLUSTERS, METHODS

    inputs = [None, TEXTS, "", "minilm-en", next(iter(METHODS)), 2, 15, 0.1, "cosine",
              next(iter(CLUSTERS)), 2, next(iter(BACKENDS)), False]  # False: not the Datasets one
    inputs, progress_index, _, _ = special_args(fn, inputs, request=request)
    assert progress_index is not None, "gr.Progress parameter not recognised"
    return fn(*inputs)


def test_ui_module_keeps_annotations_evaluable() -> None:
    import __future__

    import explorer.embeddings.ui as ui

    # with postponed annotations, gr.Request would be a string that Gradio may fail to resolve
    assert getattr(ui, "annotations", None) is not __future__.annotations


def test_draw_acts_as_the_signed_in_user_of_the_request(sqlite_db, fake_model,
                                                          monkeypatch) -> None:
    import gradio as gr

    monkeypatch.setenv("GLASSHOUSE_UMAP_WARMUP", "0")
    add_user(sqlite_db, "cleo", "password1", "curator")  # drawing a map is curator work
    fn = _draw_callback(AppContext(sqlite_db, auth_enabled=True))
    out = _call_like_gradio(fn, gr.Request(username="cleo"))
    assert out[0].n == 6 and "**6 texts**" in out[2]


def test_draw_without_a_signed_in_user_is_refused_when_users_exist(sqlite_db, fake_model,
                                                                    monkeypatch) -> None:
    import gradio as gr

    monkeypatch.setenv("GLASSHOUSE_UMAP_WARMUP", "0")
    add_user(sqlite_db, "vic", "password1", "viewer")
    fn = _draw_callback(AppContext(sqlite_db, auth_enabled=True))
    with pytest.raises(gr.Error, match="sign in first"):
        _call_like_gradio(fn, gr.Request(username=None))
