"""The probes tab's callbacks get what Gradio injects: Gradio fills `progress=gr.Progress()` and
`request: gr.Request` only among positional parameters, so a callback that takes the form's
values as *values must list them first (else progress never moves and saving fails)."""

from __future__ import annotations

import inspect

import pytest


@pytest.fixture(scope="module")
def probe_fns():
    import gradio as gr

    from explorer.probes import ui
    from glasshouse.context import AppContext

    with gr.Blocks() as demo:
        ui.build(AppContext(None, False))
    return [b.fn for b in demo.fns.values() if b.fn is not None]


def test_progress_and_request_are_injected_into_every_probe_callback(probe_fns) -> None:
    import gradio as gr
    from gradio.helpers import special_args
    from gradio.utils import get_type_hints

    checked = 0
    for fn in probe_fns:
        params = inspect.signature(fn).parameters.values()
        wants_progress = any(isinstance(p.default, gr.Progress) for p in params)
        wants_request = any(get_type_hints(fn).get(p.name) is gr.Request for p in params)
        if not (wants_progress or wants_request):
            continue
        checked += 1
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY,
                                                      p.POSITIONAL_OR_KEYWORD)]
        _, progress_index, _, _ = special_args(fn, None, request=None)
        if wants_progress:
            assert progress_index is not None, fn.__qualname__
        if wants_request:
            assert any(get_type_hints(fn).get(p.name) is gr.Request for p in positional), \
                fn.__qualname__
    assert checked >= 5  # run and save callbacks of both probe tabs
