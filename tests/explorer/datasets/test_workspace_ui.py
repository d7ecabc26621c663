"""One loaded dataset across tabs and page reloads (issue 17.5), through the tabs' own
callbacks (as Gradio calls them, with a request naming the user)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest


CSV = ('text,language\n'
       '"She said the nurse was kind, mail ana@example.org",english\n'
       '"He said the engineer was late",english\n'
       '"هذا نص عربي قصير",arabic\n')


from tests.support.tab_callbacks import callbacks as _callbacks  # noqa: E402
from tests.support.tab_callbacks import skipped as _skipped  # noqa: E402


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GLASSHOUSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GLASSHOUSE_UMAP_WARMUP", "0")
    import tempfile
    from pathlib import Path

    from glasshouse.ui import private_upload_dir

    # where Gradio stores an upload (callbacks accept files from the private upload dir only)
    src = Path(tempfile.mkdtemp(dir=private_upload_dir())) / "tweets.csv"
    src.write_text(CSV, encoding="utf-8")
    return src


def test_a_reload_brings_back_the_dataset_and_results_for_that_user_only(data_dir) -> None:
    ds = _callbacks("explorer.datasets.ui")
    ada, vic = SimpleNamespace(username="ada"), SimpleNamespace(username="vic")
    assert _skipped(ds["on_restore"](ada))  # nothing kept yet
    loaded = ds["on_upload"](str(data_dir), 25, ada)
    assert "tweets.csv" in loaded[1]
    groups = "female: she\nmale: he"
    msg, *_ = ds["on_assoc"](loaded[0], "text", groups, 1, 1, "en", "rows", ada)

    back = ds["on_restore"](ada)  # a page reload: a fresh page asks for the user's workspace
    state, load_msg, preview = back[0], back[1], back[3]
    assert "tweets.csv" in load_msg and "kept from your last visit" in load_msg
    assert preview["language"].tolist() == ["english", "english", "arabic"]  # as written
    assert state["table"].n_rows == 3
    assert back[-7] == msg  # the association message shown again
    assert _skipped(ds["on_restore"](vic))  # another user sees nothing of it

    ds["on_forget"](ada)
    assert _skipped(ds["on_restore"](ada))


def test_embeddings_and_probes_use_the_dataset_loaded_in_datasets(data_dir) -> None:
    ds = _callbacks("explorer.datasets.ui")
    emb = _callbacks("explorer.embeddings.ui")
    probes = _callbacks("explorer.probes.ui")
    ada = SimpleNamespace(username="ada")
    with pytest.raises(Exception, match="no dataset is loaded"):
        emb["on_use_loaded"](ada)
    ds["on_upload"](str(data_dir), 25, ada)

    frame, column, note, from_ws = emb["on_use_loaded"](ada)
    assert from_ws is True
    assert len(frame) == 3 and column["value"] == "text" and "tweets.csv" in note
    assert frame["language"].tolist() == ["english", "english", "arabic"]

    # the probes tab fills the chosen probe's form (every other probe's widgets stay as they are)
    from explorer.probes import forms
    from explorer.probes.registry import all_probes, get

    other = [p for p in all_probes() if p.name != "template"]
    values = [v for p in other for v in forms.to_form(p, p.default_params())]
    updates = probes["use_loaded"]("counterfactual", ada, *values)
    start = sum(len(forms.form_fields(p)) for p in other[:other.index(get("counterfactual"))])
    cf_fields = [f.name for f in forms.form_fields(get("counterfactual"))]
    filled = dict(zip(cf_fields, updates[start:start + len(cf_fields)]))
    texts = [t for t in str(filled["texts"]).splitlines() if t.strip()]
    assert len(texts) == 3 and texts[1] == "He said the engineer was late"
    assert all(u == {"__type__": "update"} for u in updates[:start])
    with pytest.raises(Exception, match="an item needs stereotypical/anti_stereotypical"):
        probes["use_loaded"]("pairs", ada, *values)


def test_choosing_a_list_language_offers_only_its_kinds_of_group(data_dir) -> None:
    ds = _callbacks("explorer.datasets.ui")
    groups, cat = ds["on_groups"]("pt", "religion")  # Portuguese has gender lists only
    assert cat["value"] == "gender" and cat["choices"] == ["gender"]
    assert groups.startswith("female: ela, elas, dela")
    groups, cat = ds["on_groups"]("en", "religion")
    assert cat["value"] == "religion" and "muslim: muslim" in groups


def test_a_restore_that_races_a_new_upload_changes_nothing(data_dir, monkeypatch) -> None:
    """The page-load restore reads the kept dataset; if a new one is loaded meanwhile (an
    upload right after the page opened), the restore must not overwrite it with the old."""
    from explorer.datasets import workspace

    ds = _callbacks("explorer.datasets.ui")
    ada = SimpleNamespace(username="ada")
    ds["on_upload"](str(data_dir), 25, ada)
    real_load = workspace.WorkspaceStore.load

    def load_then_new_upload(self, username):
        ws = real_load(self, username)
        ds["on_upload"](str(data_dir), 25, ada)  # lands while the restore is under way
        return ws

    monkeypatch.setattr(workspace.WorkspaceStore, "load", load_then_new_upload)
    assert _skipped(ds["on_restore"](ada))


def test_a_restore_during_an_upload_still_being_read_changes_nothing(data_dir,
                                                                     monkeypatch) -> None:
    """An upload begun while the page-load restore runs, and not yet kept when the restore
    finishes: the restore answered first with the old file and the page showed it after the new
    one (a loaded run's persona journey waited 7 minutes for its file's name)."""
    import threading
    import time

    from explorer.datasets import loading, workspace

    ds = _callbacks("explorer.datasets.ui")
    ada = SimpleNamespace(username="ada")
    ds["on_upload"](str(data_dir), 25, ada)  # the file kept from the last visit
    reading, release = threading.Event(), threading.Event()
    real_table = loading.load_table

    def slow_table(path, *args, **kwargs):
        reading.set()
        release.wait(30)
        return real_table(path, *args, **kwargs)

    real_load = workspace.WorkspaceStore.load
    uploads: list[tuple] = []

    def load_while_an_upload_begins(self, username):
        ws = real_load(self, username)
        monkeypatch.setattr(loading, "load_table", slow_table)
        threading.Thread(target=lambda: uploads.append(
            ds["on_upload"](str(data_dir), 25, ada)), daemon=True).start()
        assert reading.wait(30)  # the new upload is being read, nothing of it is kept yet
        return ws

    monkeypatch.setattr(workspace.WorkspaceStore, "load", load_while_an_upload_begins)
    try:
        assert _skipped(ds["on_restore"](ada))
    finally:
        release.set()
    deadline = time.monotonic() + 30
    while not uploads and time.monotonic() < deadline:
        release.wait(0.05)
    assert uploads and "tweets.csv" in uploads[0][1]


def test_an_upload_right_after_the_page_opened_comes_after_the_restore(data_dir) -> None:
    """Gradio sends each event's outputs when that event is done; a restore slower to turn its
    results into page data than a small upload put the old file back over the new one (a
    loaded run: the upload box named reviews.csv, the page showed the earlier file "kept from
    your last visit"). The upload now waits until the browser has the restore's outputs."""
    import threading

    ds = _callbacks("explorer.datasets.ui")
    ds["on_upload"](str(data_dir), 25, SimpleNamespace(username="ada"))  # kept from before
    page = SimpleNamespace(username="ada", session_hash="page-1")
    assert "kept from your last visit" in ds["on_restore"](page)[1]  # answered, not yet shown
    uploads: list[tuple] = []
    upload = threading.Thread(target=lambda: uploads.append(
        ds["on_upload"](str(data_dir), 25, page)), daemon=True)
    upload.start()
    upload.join(1.0)
    assert upload.is_alive() and not uploads  # held until the restore is on the page
    ds["restore_delivered"](page)  # the step the browser starts once it has the restore
    upload.join(30)
    assert uploads and "kept from" not in uploads[0][1] and "tweets.csv" in uploads[0][1]

    # a restore that starts after this page's own upload puts nothing back
    assert _skipped(ds["on_restore"](page))
    later = SimpleNamespace(username="ada", session_hash="page-2")
    assert "tweets.csv" in ds["on_upload"](str(data_dir), 25, later)[1]  # no restore: no wait
    assert _skipped(ds["on_restore"](later))


def test_loading_another_dataset_clears_the_results_of_the_one_before(data_dir) -> None:
    """A profile of the file loaded before stayed on screen under a new file's preview until the
    new profile replaced it (a persona journey read the old file's language shares)."""
    ds = _callbacks("explorer.datasets.ui")
    ada = SimpleNamespace(username="ada")
    loaded = ds["on_upload"](str(data_dir), 25, ada)
    msg, *_ = ds["on_assoc"](loaded[0], "text", "female: she\nmale: he", 1, 1, "en", "rows",
                             ada)
    assert msg
    again = ds["on_upload"](str(data_dir), 25, ada)
    restored = ds["on_restore"](ada)  # the same outputs: the loading ones, then every result
    assert "tweets.csv" in again[1] and len(again) == len(restored)
    results = again[12:]  # after the 12 loading outputs (preview, columns, choices...)
    assert len(results) >= 9  # profile (9), associations and error review parts
    assert all(r == {"__type__": "update", "value": None} for r in results), results
