"""Issue 14 items 13 and 14: the private upload folder goes on SIGTERM; sign-out is a POST;
web sessions end after an idle time; the Hub dataset field does not tell whether a folder
exists on the server."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.security.conftest import PASSWORD, Served, call_event, upload, xff


def test_sigterm_removes_the_private_upload_folder(fresh_server: Served) -> None:
    with fresh_server.client("vera") as client:
        saved = Path(upload(client, "leftover.csv", b"text\nprivate words\n"))
    folder = next(p for p in saved.parents if p.name.startswith("glasshouse-uploads-"))
    assert folder.is_dir()
    fresh_server.proc.stop()  # SIGTERM, as a service manager stops it
    assert not folder.exists()


def test_sign_out_needs_a_post(server: Served) -> None:
    with server.client("vera") as client:
        r = client.get("/logout")
        assert r.status_code == 405 and r.headers.get("allow") == "POST"
        assert client.get("/config").status_code == 200  # still signed in
        client.post("/logout")
        assert client.get("/config").status_code in (401, 403)


def test_a_web_session_ends_after_the_idle_time(proxied_server: Served) -> None:
    """GLASSHOUSE_SESSION_IDLE=3 on this server."""
    with httpx.Client(base_url=proxied_server.url, timeout=60,
                      headers=xff("198.51.100.50")) as client:
        assert client.post("/login", data={"username": "vera",
                                           "password": PASSWORD}).status_code == 200
        assert client.get("/config").status_code == 200
        time.sleep(1.5)
        assert client.get("/config").status_code == 200  # activity keeps it alive
        time.sleep(4.5)
        assert client.get("/config").status_code in (401, 403)


def test_the_hub_field_does_not_reveal_server_folders(server: Served) -> None:
    """The same answer for an existing and a missing folder, absolute or relative."""
    with server.client("vera") as client:
        def answer(dataset_id: str) -> str:
            final, stream = call_event(client, "on_hub", [dataset_id, "", "train", 10, 25])
            assert final == "error", stream[:300]
            return stream.replace(dataset_id, "<id>")

        assert answer("/etc") == answer("/no-such-folder-here")
        assert answer(str(server.data_dir)) == answer(str(server.data_dir) + "-missing")
        assert answer("tests") == answer("no-such-dataset-here")
        assert answer("../tests") == answer("../no-such-dataset-here")
