"""Issue 14 item 13 (second half): the files of an exported embedding map (every text of the
dataset) are written inside the private upload folder, which is removed at exit and on
SIGTERM (tests/security/test_server_session.py), not in /tmp/glasshouse-map-* for ever."""

from __future__ import annotations

import glob
import tempfile
from pathlib import Path

from glasshouse.context import AppContext

TEXTS = "the cat sat\na dog barked\nmarkets fell\nrates rose\nthe cat slept\nbonds fell"


def _callbacks(ctx: AppContext) -> dict:
    import gradio as gr

    from explorer.embeddings import ui

    with gr.Blocks() as blocks:
        ui.build(ctx)
    return {getattr(f.fn, "__name__", ""): f.fn for f in blocks.fns.values()}


def test_map_exports_stay_inside_the_private_upload_folder(sqlite_db, monkeypatch) -> None:
    import gradio as gr
    from gradio.helpers import special_args

    from explorer.embeddings.ui import BACKENDS, CLUSTERS, METHODS
    from glasshouse.ui import private_upload_dir

    monkeypatch.setenv("GLASSHOUSE_UMAP_WARMUP", "0")
    fns = _callbacks(AppContext(sqlite_db, auth_enabled=False))
    inputs = [None, TEXTS, "", "minilm-en", next(iter(METHODS)), 2, 15, 0.1, "cosine",
              next(iter(CLUSTERS)), 2, next(iter(BACKENDS))]
    args, _, _, _ = special_args(fns["on_draw"], inputs, request=gr.Request(username=None))
    the_map = fns["on_draw"](*args)[0]
    before = set(glob.glob(str(Path(tempfile.gettempdir()) / "glasshouse-map-*")))
    paths = [Path(p) for p in fns["on_export"](the_map, "cluster")]
    after = set(glob.glob(str(Path(tempfile.gettempdir()) / "glasshouse-map-*")))
    assert after == before, "a map folder was written outside the private upload folder"
    private = private_upload_dir().resolve()
    assert paths and all(p.resolve().is_relative_to(private) for p in paths), paths
    assert all(p.is_file() for p in paths)
