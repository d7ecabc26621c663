"""Issue 14 items 5, 7, 12 and the headers of 14: request bodies are capped before they are
read, deeply nested JSON is a 400, browsers may not read answers across origins unless the
origin is listed, and no page may be framed."""

from __future__ import annotations

import httpx

from tests.security.conftest import PASSWORD, Served

BIG = 3 * 1024 * 1024  # over the 2 MB default of GLASSHOUSE_MAX_BODY


def _assert_json_error(r: httpx.Response, status: int, words: str) -> None:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    assert words in r.json()["error"]


# ---------------------------------------------------------------- item 5: body size


def test_an_oversized_api_body_is_refused_before_it_is_read(server: Served) -> None:
    r = httpx.post(server.url + "/api/v1/demos/anything/run", content=b"x" * BIG,
                   headers={"content-type": "application/json"}, timeout=60)
    _assert_json_error(r, 413, "GLASSHOUSE_MAX_BODY")


def test_an_oversized_body_to_the_public_queue_is_refused(server: Served) -> None:
    r = httpx.post(server.url + "/demo/gradio_api/queue/join", content=b"{" + b" " * BIG + b"}",
                   headers={"content-type": "application/json"}, timeout=60)
    _assert_json_error(r, 413, "GLASSHOUSE_MAX_BODY")


def test_a_chunked_body_without_length_is_cut_off_at_the_limit(server: Served) -> None:
    def chunks():
        for _ in range(BIG // 65536 + 1):
            yield b"x" * 65536

    r = httpx.post(server.url + "/demo/gradio_api/queue/join", content=chunks(),
                   headers={"content-type": "application/json"}, timeout=60)
    _assert_json_error(r, 413, "GLASSHOUSE_MAX_BODY")


def test_bodies_under_the_limit_still_work(server: Served) -> None:
    with httpx.Client(base_url=server.url, auth=("cora", PASSWORD), timeout=60) as c:
        r = c.post("/api/v1/catalog/entries", json={"name": "Body limit check corpus",
                                                     "languages": ["en"],
                                                     "description": "x" * 100_000})
        assert r.status_code in (201, 422), r.text[:300]  # accepted, or judged on its fields
        assert r.status_code != 413


# ---------------------------------------------------------------- item 12: nesting


def test_deeply_nested_json_is_a_400_on_the_api(server: Served) -> None:
    body = "[" * 100_000 + "]" * 100_000
    r = httpx.post(server.url + "/api/v1/catalog/entries", content=body,
                   headers={"content-type": "application/json"},
                   auth=("cora", PASSWORD), timeout=60)
    _assert_json_error(r, 400, "nested")


def test_deeply_nested_json_is_a_400_on_the_public_queue(server: Served) -> None:
    data = "[" * 50_000 + "]" * 50_000
    body = '{"data": ' + data + ', "fn_index": 0, "session_hash": "abc"}'
    r = httpx.post(server.url + "/demo/gradio_api/queue/join", content=body,
                   headers={"content-type": "application/json"}, timeout=60)
    _assert_json_error(r, 400, "nested")


# ---------------------------------------------------------------- item 7: CORS


def test_cors_does_not_reflect_a_foreign_origin(server: Served) -> None:
    """Host is not localhost (as behind a real domain), Origin is another site."""
    headers = {"Host": "glasshouse.example.org", "Origin": "https://evil.example"}
    for path in ("/demo/config", "/demo/gradio_api/info", "/api/v1/demos/x"):
        r = httpx.get(server.url + path, headers=headers, timeout=60)
        assert "access-control-allow-origin" not in r.headers, (path, r.headers)
        assert r.headers.get("access-control-allow-credentials") != "true", path
    pre = httpx.options(server.url + "/api/v1/catalog/entries",
                        headers={**headers, "Access-Control-Request-Method": "POST"}, timeout=60)
    assert pre.headers.get("access-control-allow-origin") != "https://evil.example"


def test_a_cross_origin_post_is_refused(server: Served) -> None:
    r = httpx.post(server.url + "/login", data={"username": "vera", "password": PASSWORD},
                   headers={"Origin": "https://evil.example"}, timeout=60)
    _assert_json_error(r, 403, "cross-origin")
    same = httpx.post(server.url + "/login", data={"username": "vera", "password": PASSWORD},
                      headers={"Origin": server.url}, timeout=60)
    assert same.status_code == 200


def test_a_listed_origin_may_call_across_origins(proxied_server: Served) -> None:
    ok = {"Host": "glasshouse.example.org", "Origin": "https://tools.example.org"}
    r = httpx.get(proxied_server.url + "/demo/config", headers=ok, timeout=60)
    assert r.headers.get("access-control-allow-origin") == "https://tools.example.org"
    evil = {"Host": "glasshouse.example.org", "Origin": "https://evil.example"}
    r = httpx.get(proxied_server.url + "/demo/config", headers=evil, timeout=60)
    assert "access-control-allow-origin" not in r.headers


# ---------------------------------------------------------------- item 14: headers


def test_every_answer_forbids_framing_and_sniffing(server: Served) -> None:
    for path in ("/", "/demo/", "/demo/config", "/api/v1/whoami", "/no-such-page"):
        r = httpx.get(server.url + path, timeout=60)
        assert r.headers.get("x-frame-options") == "DENY", path
        assert "frame-ancestors 'none'" in r.headers.get("content-security-policy", ""), path
        assert r.headers.get("x-content-type-options") == "nosniff", path
