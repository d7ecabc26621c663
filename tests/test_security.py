"""Security defaults, each a regression test against the real app served on loopback."""

from __future__ import annotations

import ast
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from glasshouse.context import AppContext
from glasshouse.users import add_user
from glasshouse.app_process import free_port

ROOT = Path(__file__).resolve().parent.parent
MIN_GRADIO = (6, 25)


def _start(ctx: AppContext):
    from glasshouse.ui import BackgroundServer, create_server_app

    return BackgroundServer(create_server_app(ctx), "127.0.0.1", free_port())


@pytest.fixture
def open_app(sqlite_db, monkeypatch) -> Iterator[str]:
    monkeypatch.setenv("GLASSHOUSE_MAX_UPLOAD", "2kb")
    server = _start(AppContext(db=sqlite_db, auth_enabled=False))
    yield server.url
    server.stop()


@pytest.fixture
def locked_app(sqlite_db) -> Iterator[str]:
    add_user(sqlite_db, "ada", "correct horse", "admin")
    server = _start(AppContext(db=sqlite_db, auth_enabled=True))
    yield server.url
    server.stop()


def test_gradio_is_pinned_exactly_to_a_patched_6x() -> None:
    import gradio

    pins = dict(re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)$",
                           (ROOT / "requirements.txt").read_text(), re.M))
    version = tuple(int(x) for x in pins["gradio"].split(".")[:2])
    assert version[0] == 6 and version >= MIN_GRADIO
    assert gradio.__version__ == pins["gradio"]


def test_config_has_analytics_ssr_and_mcp_off(open_app: str) -> None:
    config = httpx.get(open_app + "/config").json()
    assert config["analytics_enabled"] is False
    assert config.get("mcp_server") in (False, None)
    assert httpx.get(open_app + "/gradio_api/mcp/sse").status_code == 404
    assert httpx.get(open_app + "/monitoring").status_code in (403, 404)
    assert os.environ["GRADIO_SSR_MODE"] == "False"


def test_flagging_is_off_for_any_interface(open_app: str) -> None:
    import gradio as gr

    assert os.environ["GRADIO_FLAGGING_MODE"] == "never"
    assert gr.Interface(lambda x: x, "text", "text").flagging_mode == "never"


@pytest.mark.parametrize("path", [
    "/etc/passwd",
    str(ROOT / "app.py"),
    str(ROOT / "requirements.txt"),
    "../../../../etc/passwd",
    "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
])
def test_no_path_outside_the_upload_dir_is_readable(open_app: str, path: str) -> None:
    r = httpx.get(f"{open_app}/gradio_api/file={path}")
    assert r.status_code in (403, 404)
    assert "root:" not in r.text


def test_database_file_is_not_readable(open_app: str, sqlite_db) -> None:
    db_file = sqlite_db.url.removeprefix("sqlite:///")
    r = httpx.get(f"{open_app}/gradio_api/file={db_file}")
    assert r.status_code in (403, 404)


def test_uploads_over_the_limit_are_refused(open_app: str) -> None:
    big = httpx.post(open_app + "/gradio_api/upload",
                     files={"files": ("big.csv", b"x" * 5000, "text/csv")})
    assert big.status_code == 413


def test_small_uploads_land_in_a_private_dir(open_app: str) -> None:
    from glasshouse.ui import private_upload_dir

    r = httpx.post(open_app + "/gradio_api/upload",
                   files={"files": ("small.csv", b"a,b\n1,2\n", "text/csv")})
    assert r.status_code == 200
    saved = Path(r.json()[0]).resolve()
    assert saved.is_relative_to(private_upload_dir().resolve())
    assert stat.S_IMODE(private_upload_dir().stat().st_mode) == 0o700
    served = httpx.get(f"{open_app}/gradio_api/file={saved}")
    assert served.status_code == 200 and served.content == b"a,b\n1,2\n"


def test_private_upload_dir_is_removed_at_exit() -> None:
    code = "from glasshouse.ui import private_upload_dir; print(private_upload_dir())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    folder = Path(out.stdout.strip())
    assert folder.name.startswith("glasshouse-uploads-") and not folder.exists()


def test_with_users_every_route_needs_a_login(locked_app: str) -> None:
    assert httpx.get(locked_app + "/config").status_code in (401, 403)
    assert httpx.get(locked_app + "/gradio_api/info").status_code in (401, 403)
    upload = httpx.post(locked_app + "/gradio_api/upload",
                        files={"files": ("a.csv", b"a\n", "text/csv")})
    assert upload.status_code in (401, 403)
    with httpx.Client(base_url=locked_app) as client:
        bad = client.post("/login", data={"username": "ada", "password": "wrong"})
        assert bad.status_code in (400, 401)
        good = client.post("/login", data={"username": "ada", "password": "correct horse"})
        assert good.status_code == 200
        assert client.get("/config").status_code == 200


def test_only_ui_modules_and_app_import_gradio() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "tests", "bench", ".cache") or path.name in ("ui.py",
                                                                                 "app.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "gradio" or n.startswith("gradio.") for n in names):
                offenders.append(str(rel))
    assert offenders == []


def test_downloads_are_written_only_inside_the_private_upload_dir() -> None:
    """One download helper for every export callback: a hostile name cannot leave the folder."""
    import os

    from glasshouse.uploads import private_upload_dir, write_download

    for name in ("../../etc/passwd", "/tmp/x.csv", "a b/..\\c.csv", "", "ü.json"):
        path = write_download(name, "x,y\r\n")
        real = os.path.realpath(path)
        assert real.startswith(str(private_upload_dir()) + os.sep), (name, real)
        assert open(real, newline="").read() == "x,y\r\n"  # CSV line ends kept
