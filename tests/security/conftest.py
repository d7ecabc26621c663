"""Attack fixtures: a real `app.py serve` process over HTTP, with a viewer, a curator and an
admin in its data dir's database (added the way `app.py users add` adds them), and a file in
the data dir that no request may read.

Servers are started once per session and shared; tests that lock an account or an address out
use their own account names or client addresses (X-Forwarded-For on the server that trusts a
proxy), so they cannot disturb each other."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from glasshouse.app_process import AppProcess, start_app

PASSWORD = "correct horse battery"
USERS = {"vera": "viewer", "cora": "curator", "ada": "admin",
         # accounts for tests that lock an account out
         "target": "viewer", "target2": "viewer", "locked": "viewer"}
SECRET = "TOPSECRET-" + secrets.token_hex(4)
TRUSTED_PROXY_ENV = {
    "GLASSHOUSE_TRUSTED_PROXIES": "127.0.0.1",
    "GLASSHOUSE_SESSION_IDLE": "3",
    "GLASSHOUSE_CORS_ORIGINS": "https://tools.example.org",
}


@dataclass
class Served:
    proc: AppProcess
    data_dir: Path
    secret_file: Path

    @property
    def url(self) -> str:
        return self.proc.url

    @contextmanager
    def client(self, user: str | None = None, **kw: Any) -> Iterator[httpx.Client]:
        """A client signed in to the web app (cookie) as `user`, or anonymous."""
        with httpx.Client(base_url=self.url, timeout=60, **kw) as client:
            if user:
                r = client.post("/login", data={"username": user, "password": PASSWORD})
                assert r.status_code == 200, r.text
            yield client

    def basic(self, user: str, **kw: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, auth=(user, PASSWORD), **kw)


def make_data_dir(root: Path, users: dict[str, str] | None = USERS) -> tuple[Path, Path]:
    from glasshouse.db import Database
    from glasshouse.users import add_user

    data_dir = root
    data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(f"sqlite:///{data_dir / 'glasshouse.db'}")
    db.migrate()
    admin = None
    for name, role in sorted((users or {}).items(), key=lambda kv: kv[1] != "admin"):
        actor = add_user(db, name, PASSWORD, role, actor=admin)  # type: ignore[arg-type]
        if role == "admin" and admin is None:
            admin = actor
    db.engine.dispose()
    secret = data_dir / "secret.csv"
    secret.write_text(f"{SECRET}_name,{SECRET}_phone\nAlice {SECRET},555-0100\n", encoding="utf-8")
    return data_dir, secret


def _serve(tmp_path_factory: pytest.TempPathFactory, name: str,
           env: dict[str, str] | None = None,
           users: dict[str, str] | None = USERS) -> Iterator[Served]:
    data_dir, secret = make_data_dir(tmp_path_factory.mktemp(name), users)
    proc = start_app(data_dir, env=env, ready_path="/demo/", ready_status=(200,))
    try:
        yield Served(proc, data_dir, secret)
    finally:
        proc.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app with its default security settings and users configured."""
    yield from _serve(tmp_path_factory, "gh-sec-default")


@pytest.fixture(scope="session")
def proxied_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app behind a (pretend) reverse proxy on 127.0.0.1: X-Forwarded-For is believed,
    sessions end after 3 idle seconds, one extra origin may make cross-origin calls."""
    yield from _serve(tmp_path_factory, "gh-sec-proxied", env=TRUSTED_PROXY_ENV)


@pytest.fixture
def fresh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server of the test's own (it may lock out 127.0.0.1 or be killed)."""
    yield from _serve(tmp_path_factory, "gh-sec-own")


def xff(address: str) -> dict[str, str]:
    """Headers of a request forwarded by a proxy for `address`."""
    return {"X-Forwarded-For": address}


def file_data(path: str | Path) -> dict[str, Any]:
    """What the browser sends for a file input: a FileData naming a path on the server."""
    return {"path": str(path), "meta": {"_type": "gradio.FileData"},
            "orig_name": Path(path).name}


def call_event(client: httpx.Client, api_name: str, data: list[Any],
               prefix: str = "") -> tuple[str, str]:
    """Run a Gradio event through /gradio_api/call/<api_name>: (outcome, the answer text).
    The outcome is the final SSE event ('complete' or 'error'), or 'refused <status>' when the
    request itself was turned down."""
    r = client.post(f"{prefix}/gradio_api/call/{api_name}", json={"data": data})
    if r.status_code != 200:
        return f"refused {r.status_code}", r.text
    event_id = r.json()["event_id"]
    text = client.get(f"{prefix}/gradio_api/call/{api_name}/{event_id}", timeout=120).text
    events = [ln.split(":", 1)[1].strip() for ln in text.splitlines() if ln.startswith("event:")]
    final = next((e for e in reversed(events) if e in ("complete", "error")), "")
    return final, text


def upload(client: httpx.Client, name: str, content: bytes, prefix: str = "") -> str:
    r = client.post(f"{prefix}/gradio_api/upload",
                    files={"files": (name, content, "text/csv")})
    assert r.status_code == 200, r.text
    return json.loads(r.text)[0]
