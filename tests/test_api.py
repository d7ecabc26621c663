"""The JSON HTTP API (/api/v1): each endpoint's answer and error codes, auth with and without
users, roles enforced by the services, optimistic locking under concurrent edits."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from glasshouse.api import CredentialCache, create_api
from glasshouse.context import AppContext
from glasshouse.users import LOCAL_ADMIN, add_user

LOOPBACK = ("127.0.0.1", 50000)
PASSWORDS = {"ada": "ada-secret-1", "cora": "cora-secret-1", "vic": "vic-secret-1"}


def entry(name: str, **kw: Any) -> dict[str, Any]:
    return {"name": name, "languages": ["ar"], "licenses": ["CC-BY-4.0"],
            "description": f"{name} for testing", **kw}


def seed(db, names=("Arabic news corpus", "Swahili speech set", "French web text")) -> None:
    from catalog.service import create_entry

    langs = {"Arabic news corpus": ["ar"], "Swahili speech set": ["sw"],
             "French web text": ["fr"]}
    lics = {"Arabic news corpus": ["CC-BY-4.0"], "Swahili speech set": ["CC-BY-NC-4.0"],
            "French web text": ["CC-BY-4.0"]}
    for n in names:
        create_entry(db, entry(n, languages=langs.get(n, ["ar"]),
                               licenses=lics.get(n, ["CC-BY-4.0"])), actor=LOCAL_ADMIN)


def basic(user: str, password: str | None = None) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password or PASSWORDS[user]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def local(db) -> TestClient:
    """No users configured, request from loopback: the local admin."""
    return TestClient(create_api(AppContext(db=db, auth_enabled=False)), client=LOOPBACK)


@pytest.fixture
def locked(db) -> TestClient:
    """Users configured: HTTP Basic needed."""
    add_user(db, "ada", PASSWORDS["ada"], "admin")
    admin = LOCAL_ADMIN.__class__("ada", "admin")
    add_user(db, "cora", PASSWORDS["cora"], "curator", actor=admin)
    add_user(db, "vic", PASSWORDS["vic"], "viewer", actor=admin)
    return TestClient(create_api(AppContext(db=db, auth_enabled=True)), client=LOOPBACK)


# ---------------------------------------------------------------- catalog


@pytest.mark.parametrize("params, expected", [
    ({}, {"arabic-news-corpus", "swahili-speech-set", "french-web-text"}),
    ({"q": "swahili"}, {"swahili-speech-set"}),
    ({"language": "ar"}, {"arabic-news-corpus"}),
    ({"license_class": "non-commercial"}, {"swahili-speech-set"}),
    ({"q": "corpus", "license_class": "non-commercial"}, set()),
])
def test_search_filters_by_words_and_facets(db, local, params, expected) -> None:
    seed(db)
    got = local.get("/catalog/entries", params=params)
    assert got.status_code == 200
    body = got.json()
    assert {r["id"] for r in body["results"]} == expected
    assert body["total"] == len(expected)
    if expected:
        assert sum(body["facets"]["license_class"].values()) == len(expected)


def test_search_pages_through_all_results(db, local) -> None:
    seed(db)
    seen, offset, pages = [], 0, 0
    while offset is not None:
        body = local.get("/catalog/entries", params={"limit": 2, "offset": offset}).json()
        seen += [r["id"] for r in body["results"]]
        offset, pages = body["next_offset"], pages + 1
    assert pages == 2 and len(seen) == 3 and len(set(seen)) == 3


@pytest.mark.parametrize("params, field", [
    ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"offset": -1}, "offset"),
    ({"license_class": "free-for-all"}, "license_class"), ({"language": "zz-bogus-123"}, None),
])
def test_search_rejects_bad_parameters_with_the_field(db, local, params, field) -> None:
    got = local.get("/catalog/entries", params=params)
    assert got.status_code in (400, 422)
    assert got.json()["error"]
    if field:
        assert got.json()["field"] == field


def test_get_entry_returns_entry_version_and_etag(db, local) -> None:
    seed(db)
    got = local.get("/catalog/entries/swahili-speech-set")
    assert got.status_code == 200
    assert got.json()["entry"]["languages"] == ["sw"]
    assert got.json()["version"] == 1 and got.headers["etag"] == '"1"'
    assert got.json()["license_class"] == "non-commercial"
    missing = local.get("/catalog/entries/no-such-entry")
    assert missing.status_code == 404 and "no-such-entry" in missing.json()["error"]


def test_create_entry_then_duplicate_is_a_conflict(db, local) -> None:
    made = local.post("/catalog/entries", json={"entry": entry("Yoruba tales"), "comment": "new"})
    assert made.status_code == 201
    assert made.json()["version"] == 1 and made.json()["entry"]["id"] == "yoruba-tales"
    from catalog.service import history

    assert history(db, "yoruba-tales")[0].actor == "local"
    again = local.post("/catalog/entries", json={"entry": entry("Yoruba tales")})
    assert again.status_code == 409


@pytest.mark.parametrize("bad, field", [
    ({"name": ""}, "name"),
    ({"name": "X", "languages": ["zz-bogus-123"]}, "languages"),
    ({"name": "X", "homepage": "ftp://example.org"}, "homepage"),
    ({"name": "X", "year": 1200}, "year"),
])
def test_create_entry_rejects_bad_fields_by_name(db, local, bad, field) -> None:
    got = local.post("/catalog/entries", json={"entry": bad})
    assert got.status_code == 400
    assert got.json()["field"] == field
    from catalog.service import count_entries

    assert count_entries(db) == 0


def test_update_with_current_version_then_stale_version(db, local) -> None:
    seed(db)
    cur = local.get("/catalog/entries/french-web-text").json()
    changed = {**cur["entry"], "description": "crawled in 2021"}
    ok = local.put("/catalog/entries/french-web-text",
                   json={"entry": changed, "version": cur["version"]})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    assert local.get("/catalog/entries/french-web-text").json()["entry"]["description"] == \
        "crawled in 2021"
    stale = local.put("/catalog/entries/french-web-text",
                      json={"entry": {**cur["entry"], "description": "lost edit"},
                            "version": cur["version"]})
    assert stale.status_code == 409 and "version 2" in stale.json()["error"]
    assert local.get("/catalog/entries/french-web-text").json()["entry"]["description"] == \
        "crawled in 2021"


def test_patch_changes_only_the_given_fields(db, local) -> None:
    seed(db)
    got = local.patch("/catalog/entries/arabic-news-corpus",
                      json={"entry": {"year": 2019}, "version": 1})
    assert got.status_code == 200
    assert got.json()["entry"]["year"] == 2019 and got.json()["entry"]["languages"] == ["ar"]
    assert local.patch("/catalog/entries/arabic-news-corpus",
                       json={"entry": {"year": 2020}, "version": 1}).status_code == 409
    assert local.patch("/catalog/entries/nothing-here",
                       json={"entry": {"year": 2020}, "version": 1}).status_code == 404


@pytest.mark.parametrize("body, code", [
    ({"entry": {"name": "x"}}, 422),                   # no version
    ({"entry": {"name": "x"}, "version": 0}, 422),     # versions start at 1
    ({"entry": {"name": "x"}, "version": 1, "extra": 1}, 422),
    ({"entry": {"name": "Renamed", "id": "other-id"}, "version": 1}, 400),  # ids are stable
])
def test_update_rejects_malformed_requests(db, local, body, code) -> None:
    seed(db)
    got = local.put("/catalog/entries/arabic-news-corpus", json=body)
    assert got.status_code == code, got.json()
    assert got.json()["error"]


def test_concurrent_edits_of_one_version_one_wins_the_other_gets_409(db, local) -> None:
    seed(db)
    cur = local.get("/catalog/entries/arabic-news-corpus").json()
    barrier = threading.Barrier(6)
    codes: list[int] = []

    def edit(i: int) -> None:
        barrier.wait()
        r = local.put("/catalog/entries/arabic-news-corpus",
                      json={"entry": {**cur["entry"], "description": f"edit {i}"},
                            "version": cur["version"]})
        codes.append(r.status_code)

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200] + [409] * 5
    from catalog.service import history

    final = local.get("/catalog/entries/arabic-news-corpus").json()
    assert final["version"] == 2
    assert len(history(db, "arabic-news-corpus")) == 2  # create + the one winning edit


# ---------------------------------------------------------------- auth


def test_without_users_only_loopback_callers_act_as_local_admin(db) -> None:
    api = create_api(AppContext(db=db, auth_enabled=False))
    assert TestClient(api, client=LOOPBACK).get("/whoami").json() == {
        "username": "local", "role": "admin"}
    remote = TestClient(api, client=("203.0.113.9", 50000)).get("/whoami")
    assert remote.status_code == 403 and "this machine" in remote.json()["error"]


@pytest.mark.parametrize("headers, code", [
    ({}, 401),
    (basic("ada", "wrong password"), 401),
    (basic("nobody", "some password"), 401),
    ({"Authorization": "Bearer abc"}, 401),
    ({"Authorization": "Basic !!!notbase64"}, 401),
    (basic("vic"), 200),
])
def test_with_users_every_catalog_call_needs_valid_basic_credentials(db, locked, headers,
                                                                       code) -> None:
    got = locked.get("/catalog/entries", headers=headers)
    assert got.status_code == code
    if code == 401:
        assert got.headers["www-authenticate"].startswith("Basic")
        assert "traceback" not in got.text.lower()


@pytest.mark.parametrize("user, code", [("vic", 403), ("cora", 201), ("ada", 201)])
def test_viewer_cannot_create_curator_and_admin_can(db, locked, user, code) -> None:
    got = locked.post("/catalog/entries", json={"entry": entry(f"Corpus by {user}")},
                      headers=basic(user))
    assert got.status_code == code
    if code == 403:
        assert "curator" in got.json()["error"]


@pytest.mark.parametrize("method", ["put", "patch"])
def test_viewer_cannot_edit(db, locked, method) -> None:
    seed(db)
    cur = locked.get("/catalog/entries/arabic-news-corpus", headers=basic("vic")).json()
    got = getattr(locked, method)("/catalog/entries/arabic-news-corpus", headers=basic("vic"),
                                  json={"entry": {**cur["entry"], "year": 2001},
                                        "version": cur["version"]})
    assert got.status_code == 403
    assert locked.get("/catalog/entries/arabic-news-corpus",
                      headers=basic("vic")).json()["version"] == 1


def test_role_change_and_password_check_apply_despite_the_cache(db, locked) -> None:
    from glasshouse.users import Actor, set_role

    assert locked.get("/whoami", headers=basic("vic")).json()["role"] == "viewer"
    set_role(db, "vic", "curator", actor=Actor("ada", "admin"))
    assert locked.get("/whoami", headers=basic("vic")).json()["role"] == "curator"
    assert locked.get("/whoami", headers=basic("vic", "vic-secret-2")).status_code == 401


def test_credential_cache_remembers_only_the_same_password_and_hash() -> None:
    cache = CredentialCache(ttl_s=60)
    cache.remember("ada", "pw-one-123", "$argon2id$h1")
    assert cache.hit("ada", "pw-one-123", "$argon2id$h1")
    assert not cache.hit("ada", "pw-two-123", "$argon2id$h1")
    assert not cache.hit("bob", "pw-one-123", "$argon2id$h1")
    assert not cache.hit("ada", "pw-one-123", "$argon2id$h2")  # password changed since
    expired = CredentialCache(ttl_s=-1)
    expired.remember("ada", "pw-one-123", "$argon2id$h1")
    assert not expired.hit("ada", "pw-one-123", "$argon2id$h1")


# ---------------------------------------------------------------- demos


@pytest.fixture
def demos(db, curator) -> dict[str, str]:
    from demos import service
    from tests.demos.conftest import redaction_spec

    pub = service.create_demo(db, redaction_spec(), actor=curator)
    staff = service.create_demo(db, redaction_spec(title="Staff only redactor", public=False),
                                actor=curator)
    return {"public": pub.slug, "restricted": staff.slug}


def test_anonymous_visitor_runs_a_public_demo_and_sends_feedback_once(db, locked,
                                                                        demos) -> None:
    slug = demos["public"]
    assert locked.get(f"/demos/{slug}").json()["public"] is True
    ran = locked.post(f"/demos/{slug}/run", json={"texts": ["Write to ana@example.org"]})
    assert ran.status_code == 200
    run = ran.json()["runs"][0]
    assert "ana@example.org" not in run["output"]
    fb = {"run_id": run["id"], "category": "wrong", "group": "women", "comment": "missed one"}
    first = locked.post("/demos/feedback", json=fb)
    assert first.status_code == 201 and first.json()["created"] is True
    again = locked.post("/demos/feedback", json=fb)
    assert again.status_code == 200 and again.json() == {
        "feedback_id": first.json()["feedback_id"], "created": False}
    from demos.service import list_feedback
    from glasshouse.users import Actor

    (stored,) = list_feedback(db, slug, actor=Actor("ada", "admin"))
    assert (stored.category, stored.group, stored.input) == (
        "wrong", "women", "Write to ana@example.org")


def test_restricted_demo_needs_a_signed_in_user(db, locked, demos) -> None:
    slug = demos["restricted"]
    assert locked.get(f"/demos/{slug}").status_code == 403
    assert locked.post(f"/demos/{slug}/run", json={"texts": ["hi there"]}).status_code == 403
    assert locked.post(f"/demos/{slug}/run", json={"texts": ["hi"]},
                       headers=basic("vic", "bad password")).status_code == 401
    assert locked.post(f"/demos/{slug}/run", json={"texts": ["hi there"]},
                       headers=basic("vic")).status_code == 200


@pytest.mark.parametrize("body, code, field", [
    ({"run_id": "no-such-run", "category": "wrong"}, 404, None),
    ({"run_id": "x", "category": "rude"}, 400, "category"),
    ({"run_id": "x", "category": "wrong", "comment": "c" * 2001}, 400, "comment"),
    ({"category": "wrong"}, 422, "run_id"),
])
def test_feedback_is_validated_like_the_demo_page(db, local, demos, body, code, field) -> None:
    got = local.post("/demos/feedback", json=body)
    assert got.status_code == code, got.json()
    assert got.json()["field"] == field


def test_demo_run_errors(db, local, demos) -> None:
    assert local.post("/demos/no-such-demo/run", json={"texts": ["x"]}).status_code == 404
    empty = local.post(f"/demos/{demos['public']}/run", json={"texts": ["  "]})
    assert empty.status_code == 400 and empty.json()["field"] == "text"
    assert local.post(f"/demos/{demos['public']}/run", json={"texts": []}).status_code == 422


def test_feedback_rate_limit_answers_429_with_retry_after(db, local, demos,
                                                          monkeypatch) -> None:
    monkeypatch.setenv("GLASSHOUSE_DEMO_FEEDBACK_LIMIT", "2")
    slug = demos["public"]
    runs = local.post(f"/demos/{slug}/run", json={"texts": ["a@b.org", "c@d.org", "e@f.org"]}
                      ).json()["runs"]
    codes = [local.post("/demos/feedback", json={"run_id": r["id"], "category": "fine"}
                        ).status_code for r in runs]
    assert codes == [201, 201, 429]
    last = local.post("/demos/feedback", json={"run_id": runs[2]["id"], "category": "fine"})
    assert int(last.headers["retry-after"]) > 0 and "try again" in last.json()["error"]


# ---------------------------------------------------------------- scans

CSV = ("id,text,label\n1,The weather is nice today,pos\n2,I do not like this film,neg\n"
       "3,The weather is nice today,pos\n4,What a lovely little town,pos\n")
JSONL = "\n".join('{"text": "%s", "n": %d}' % (t, i) for i, t in enumerate(
    ["Hola, ¿cómo estás?", "Buenos días a todos", "Hola, ¿cómo estás?"]))


@pytest.mark.parametrize("body, params, headers, rows, dup_rows", [
    (CSV, {"format": "csv", "text_column": "text"}, {}, 4, 1),
    (CSV, {"filename": "reviews.csv"}, {}, 4, 1),
    (JSONL, {}, {"Content-Type": "application/x-ndjson"}, 3, 1),
])
def test_scan_returns_the_scan_json(db, local, body, params, headers, rows, dup_rows) -> None:
    got = local.post("/datasets/scan", content=body.encode(),
                     params={**params, "pii": "false"}, headers=headers)
    assert got.status_code == 200, got.json()
    out = got.json()
    assert out["rows"] == rows and out["text_column"] == "text"
    assert out["duplicates"]["exact"] == dup_rows
    assert out["caveat"] and set(out["languages"])


@pytest.mark.slow
def test_scan_answer_equals_the_cli_scan_of_the_same_file(db, local, tmp_path) -> None:
    from explorer.datasets.profile import scan_file

    path = tmp_path / "reviews.csv"
    path.write_text(CSV, encoding="utf-8")
    expected = scan_file(path, text_column="text").to_json()
    got = local.post("/datasets/scan", content=CSV.encode(),
                     params={"filename": "reviews.csv", "text_column": "text"}).json()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("body, params, field_or_file", [
    (CSV, {}, "format"),                                       # no way to tell the format
    ("", {"format": "csv"}, "upload"),                         # empty body
    ('{"text": "a"}\n{"text": ', {"format": "jsonl"}, "upload"),  # broken JSON line
    (CSV, {"format": "csv", "text_column": "nope"}, "upload"),
])
def test_scan_bad_input_names_the_problem(db, local, body, params, field_or_file) -> None:
    got = local.post("/datasets/scan", content=body.encode(), params={**params, "pii": "false"})
    assert got.status_code == 400, got.json()
    assert field_or_file in (got.json()["field"], got.json()["file"])


def test_scan_refuses_bodies_over_the_upload_cap(db, local, monkeypatch) -> None:
    monkeypatch.setenv("GLASSHOUSE_MAX_UPLOAD", "1kb")
    big = ("id,text\n" + "".join(f"{i},some words here\n" for i in range(200))).encode()
    got = local.post("/datasets/scan", content=big, params={"format": "csv"})
    assert got.status_code == 400 and "limit" in got.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap holds while reading
        yield big[:600]
        yield big[600:]

    streamed = local.post("/datasets/scan", content=chunks(), params={"format": "csv"})
    assert streamed.status_code == 400 and "limit" in streamed.json()["error"]


def test_scan_needs_sign_in_and_saving_needs_a_curator(db, locked) -> None:
    params = {"format": "csv", "pii": "false", "save": "true"}
    assert locked.post("/datasets/scan", content=CSV.encode(), params=params).status_code == 401
    assert locked.post("/datasets/scan", content=CSV.encode(), params=params,
                       headers=basic("vic")).status_code == 403
    saved = locked.post("/datasets/scan", content=CSV.encode(), params=params,
                        headers=basic("cora"))
    assert saved.status_code == 200
    from glasshouse.evidence import get

    assert get(db, saved.json()["evidence_id"]).kind == "dataset_profile"


# ---------------------------------------------------------------- errors and mounting


def test_unexpected_failure_is_a_json_500_without_traceback(db, local, monkeypatch) -> None:
    import catalog.service

    def boom(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(catalog.service, "get_stored", boom)
    got = local.get("/catalog/entries/anything")
    assert got.status_code == 500
    assert got.json()["error"].startswith("something went wrong")
    assert "secret internal detail" not in got.text and "Traceback" not in got.text


@pytest.fixture
def served(sqlite_db) -> Iterator[str]:
    from glasshouse.ui import BackgroundServer, create_server_app
    from glasshouse.app_process import free_port

    add_user(sqlite_db, "ada", PASSWORDS["ada"], "admin")
    server = BackgroundServer(create_server_app(AppContext(db=sqlite_db, auth_enabled=True)),
                              "127.0.0.1", free_port())
    yield server.url
    server.stop()


def test_real_server_serves_the_api_beside_the_gradio_app(sqlite_db, served) -> None:
    seed(sqlite_db, names=("Arabic news corpus",))
    assert httpx.get(served + "/api/v1/catalog/entries").status_code == 401
    got = httpx.get(served + "/api/v1/catalog/entries", headers=basic("ada"))
    assert got.status_code == 200 and got.json()["total"] == 1
    assert httpx.get(served + "/api/v1/nothing-here").json()["error"] == "Not Found"
    assert httpx.get(served + "/config").status_code in (401, 403)  # Gradio still locked
