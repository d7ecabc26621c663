"""Issue 14 item 6 and the /demo part of 14: the public demo page takes no uploads, serves
only its own outputs (not files exported in the login-protected app), discloses no private
path, and answers an unknown (main-app) api_name with 404 JSON."""

from __future__ import annotations

import httpx

from tests.security.conftest import Served, call_event


def test_the_public_page_has_no_upload_route(server: Served) -> None:
    for prefix in ("/demo", "/demo/"):
        r = httpx.post(server.url + prefix.rstrip("/") + "/gradio_api/upload",
                       files={"files": ("a.csv", b"a,b\n1,2\n", "text/csv")}, timeout=60)
        assert r.status_code == 404, (r.status_code, r.text[:200])
        assert "glasshouse-uploads-" not in r.text and "/tmp" not in r.text


def test_the_public_page_does_not_serve_files_of_the_main_app(server: Served) -> None:
    with server.client("cora") as curator:
        final, stream = call_event(curator, "do_export", ["csv"])
        assert final == "complete", stream[:300]
        path = stream.split('"path": "', 1)[1].split('"', 1)[0]
        exported = curator.get(f"/gradio_api/file={path}")
        assert exported.status_code == 200 and exported.text
    anonymous = httpx.get(f"{server.url}/demo/gradio_api/file={path}", timeout=60)
    assert anonymous.status_code == 404
    assert exported.text[:40] not in anonymous.text
    assert "glasshouse-uploads-" not in anonymous.text


def test_a_main_app_endpoint_on_the_public_page_is_a_404_json(server: Served) -> None:
    r = httpx.post(server.url + "/demo/gradio_api/call/do_export", json={"data": ["csv"]},
                   timeout=60)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "do_export" in r.json()["error"]
