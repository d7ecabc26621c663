"""The visitor pages served beside the main app when users are configured: /demo/ is open
without a login and exposes only visitor actions; /demo-members/ needs a login."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from glasshouse.context import AppContext
from glasshouse.users import add_user
from glasshouse.app_process import free_port


@pytest.fixture
def locked_app(sqlite_db) -> Iterator[str]:
    from glasshouse.ui import BackgroundServer, create_server_app

    add_user(sqlite_db, "ada", "correct horse", "admin")
    server = BackgroundServer(create_server_app(AppContext(db=sqlite_db, auth_enabled=True)),
                              "127.0.0.1", free_port())
    yield server.url
    server.stop()


def test_public_page_opens_without_login_and_members_page_needs_one(locked_app) -> None:
    assert httpx.get(locked_app + "/config").status_code in (401, 403)
    assert httpx.get(locked_app + "/demo/config").status_code == 200
    assert httpx.get(locked_app + "/demo-members/config").status_code in (401, 403)
    with httpx.Client(base_url=locked_app) as client:
        ok = client.post("/demo-members/login", data={"username": "ada",
                                                      "password": "correct horse"})
        assert ok.status_code == 200
        assert client.get("/demo-members/config").status_code == 200


def test_public_page_exposes_only_visitor_actions(locked_app) -> None:
    info = httpx.get(locked_app + "/demo/gradio_api/info").json()
    names = {n.strip("/") for n in info.get("named_endpoints", {})}
    assert names, info
    visitor = {"on_load", "on_lang", "on_run", "on_variants", "on_send", "on_copied",
               "on_example"}
    assert all(any(n == v or n.startswith(v + "_") for v in visitor) for n in names), names
    assert {"on_run", "on_send"} <= names
    for owner_action in ("on_show", "on_tag", "on_export", "on_create", "on_save", "on_edit"):
        assert not any(n.startswith(owner_action) for n in names)
