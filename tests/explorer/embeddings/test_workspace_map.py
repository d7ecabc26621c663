"""A map drawn from the dataset loaded in Datasets comes back after a page reload (issue 17.5);
a map of another upload is not kept with that dataset."""

from __future__ import annotations

import json
from types import SimpleNamespace


CSV = "text,language\n" + "".join(
    f'"{t}",{lang}\n' for t, lang in [("cat sleeps on sofa", "english"),
                                      ("cat chases mouse", "english"),
                                      ("bank raised interest rates", "english"),
                                      ("rates rise at bank", "english"),
                                      ("القطة تنام", "arabic")])


from tests.support.tab_callbacks import callbacks as _callbacks  # noqa: E402
from tests.support.tab_callbacks import skipped as _skipped  # noqa: E402


def _draw(emb, frame, col, from_ws, who):
    return emb["on_draw"](frame, "", col, "minilm-en", "PCA: instant overview", 2, 15, 0.1,
                          "cosine", "k-means (you choose how many)", 2, "PyTorch (reference)",
                          from_ws, who)


def test_a_map_of_the_loaded_dataset_survives_a_reload(fake_model, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GLASSHOUSE_UMAP_WARMUP", "0")
    import tempfile
    from pathlib import Path

    from glasshouse.ui import private_upload_dir

    # where Gradio stores an upload (callbacks accept files from the private upload dir only)
    src = Path(tempfile.mkdtemp(dir=private_upload_dir())) / "pets.csv"
    src.write_text(CSV, encoding="utf-8")
    ds, emb = _callbacks("explorer.datasets.ui"), _callbacks("explorer.embeddings.ui")
    ada, vic = SimpleNamespace(username="ada"), SimpleNamespace(username="vic")
    assert _skipped(emb["on_restore_map"](ada))  # nothing kept yet
    ds["on_upload"](str(src), 25, ada)

    upload_frame, _, _ = emb["on_upload"](str(src), ada)
    _draw(emb, upload_frame, "text", False, ada)  # a map of a separate upload: not kept
    assert _skipped(emb["on_restore_map"](ada))

    frame, column, _, from_ws = emb["on_use_loaded"](ada)
    m, fig, summary, *_ = _draw(emb, frame, column["value"], from_ws, ada)
    back = emb["on_restore_map"](ada)
    assert back[1]["value"] == "text" and back[4] is True
    assert json.loads(back[2].to_json()) == json.loads(fig.to_json())  # the same figure
    assert back[3].startswith(summary) and "last visit" in back[3]
    assert back[0]["language"].tolist()[-1] == "arabic"
    assert _skipped(emb["on_restore_map"](vic))
    ds["on_upload"](str(src), 25, ada)  # loading a dataset again starts afresh
    assert _skipped(emb["on_restore_map"](ada))
