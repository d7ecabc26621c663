"""Issue 14 item 1: arbitrary file read through upload events. A signed-in user posts a
FileData naming a server path to an event that receives a file; the answer must carry none
of the file's content, and the event must fail with a clear error. Real uploads still work."""

from __future__ import annotations

from pathlib import Path

import pytest

from glasshouse.app_process import ROOT
from tests.security.conftest import SECRET, Served, call_event, file_data, upload

# (api_name, the event's inputs with the file first, the least role that may call it)
UPLOAD_EVENTS = [
    ("on_upload", lambda f: [f, 25], "vera"),              # Datasets: load a table
    ("on_upload_1", lambda f: [f], "vera"),                # Embeddings: table to map
    ("on_cl_upload", lambda f: [f], "vera"),               # Embeddings: parallel sentences
    ("on_import", lambda f: [f], "cora"),                  # Cards: import a README
    ("do_import", lambda f: [f, "csv", True], "cora"),     # Catalog: import entries
]


def _targets(server: Served) -> list[Path]:
    return [server.secret_file, server.data_dir / "glasshouse.db", Path("/etc/passwd"),
            ROOT / "requirements.txt"]


@pytest.mark.parametrize("api_name,inputs,user", UPLOAD_EVENTS,
                         ids=[e[0] for e in UPLOAD_EVENTS])
def test_upload_events_refuse_server_paths(server: Served, api_name, inputs, user) -> None:
    with server.client(user) as client:
        for target in _targets(server):
            final, stream = call_event(client, api_name, inputs(file_data(target)))
            assert final in ("error", "refused 400"), (api_name, target, stream[:500])
            for marker in (SECRET, "root:x:", "gradio==", "SQLite format"):
                assert marker not in stream, (api_name, target)


def test_a_symlink_in_the_upload_dir_to_a_secret_is_refused(server: Served) -> None:
    """A path that starts inside the upload dir but resolves outside it (`..`)."""
    with server.client("vera") as client:
        real = Path(upload(client, "ok.csv", b"text\nhello\n"))
        sneaky = str(real.parent) + "/../../../../../../.." + str(server.secret_file)
        final, stream = call_event(client, "on_upload", [file_data(sneaky), 25])
        assert final in ("error", "refused 400") and SECRET not in stream


def test_the_refusal_is_a_clear_json_error(server: Served) -> None:
    with server.client("vera") as client:
        r = client.post("/gradio_api/call/on_upload",
                        json={"data": [file_data(server.secret_file), 25]})
        assert r.status_code == 400
        assert "not uploaded" in r.json()["error"] and SECRET not in r.text


def test_a_real_upload_still_loads(server: Served) -> None:
    with server.client("vera") as client:
        path = upload(client, "mine.csv", b"text,label\nhello world,1\nsecond row,0\n")
        final, stream = call_event(client, "on_upload", [file_data(path), 25])
        assert final == "complete", stream[:500]
        assert "hello world" in stream
