"""Start-up: the first page is not slowed down by work that can wait (throw-away server apps
that Gradio builds, background model warm-ups)."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from glasshouse import warmup
from glasshouse.app_process import free_port
from glasshouse.context import AppContext


@pytest.fixture
def fresh_warmup_state(monkeypatch) -> None:
    for name in ("_server_building", "_server_started", "_page_served"):
        monkeypatch.setattr(warmup, name, threading.Event())
    monkeypatch.setattr(warmup, "_last_request", [0.0])


def test_gradio_builds_only_the_server_apps_that_are_served(sqlite_db, monkeypatch) -> None:
    import gradio.routes

    from glasshouse.http_guard import mounted_gradio_apps
    from glasshouse.ui import create_server_app

    real = gradio.routes.App.create_app
    built: list[object] = []

    def counting(*args, **kwargs):
        app = real(*args, **kwargs)
        built.append(app)
        return app

    monkeypatch.setattr(gradio.routes.App, "create_app", staticmethod(counting))
    server = create_server_app(AppContext(db=sqlite_db, auth_enabled=False))
    mounted = mounted_gradio_apps(server)
    assert len(mounted) >= 2  # the main app and the demos' stand-alone pages
    assert sorted(map(id, built)) == sorted(map(id, mounted.values()))
    for gradio_app in mounted.values():  # the queue answers through the app that is served
        assert gradio_app.get_blocks().app is gradio_app


def test_a_warm_up_waits_for_the_server_its_first_page_and_a_quiet_moment(
        fresh_warmup_state) -> None:
    finished: list[float] = []
    warmup.server_building()
    waiter = threading.Thread(target=lambda: (warmup.wait_for_a_quiet_moment(
        30, quiet_s=0.4, max_wait_s=30), finished.append(time.monotonic())))
    waiter.start()
    time.sleep(0.5)
    assert not finished  # the server is still being built
    warmup.server_started()
    time.sleep(0.5)
    assert not finished  # up, but nobody has had the first page yet
    notes: list[float] = []

    def request() -> None:
        warmup.note_request()
        notes.append(time.monotonic())

    request()
    warmup.note_page_served()
    while time.monotonic() - notes[0] < 0.8:  # the browser keeps asking for the page's parts
        request()
        time.sleep(0.1)
    waiter.join(5)
    assert finished
    # it finished only after a quiet moment: 0.4 s after the last request before it. (A pause of
    # this thread, a garbage collection of an earlier test's apps say, is a quiet moment too, so
    # the check is against the requests actually made, not against a timetable.)
    before = [t for t in notes if t <= finished[0]]
    assert finished[0] - before[-1] >= 0.4 - 0.05, (finished[0], notes)


def test_a_busy_server_still_warms_up_after_max_wait(fresh_warmup_state) -> None:
    warmup.server_building()
    warmup.server_started()
    warmup.note_page_served()
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            warmup.note_request()
            time.sleep(0.05)

    threading.Thread(target=busy, daemon=True).start()
    start = time.monotonic()
    warmup.wait_for_a_quiet_moment(0, quiet_s=0.5, max_wait_s=1.0)
    stop.set()
    assert 0.9 <= time.monotonic() - start < 3


def test_without_a_server_a_warm_up_waits_only_its_delay(fresh_warmup_state) -> None:
    start = time.monotonic()
    warmup.wait_for_a_quiet_moment(0.3)
    assert 0.25 <= time.monotonic() - start < 2


def test_the_served_app_reports_its_start_and_first_page(sqlite_db, fresh_warmup_state) -> None:
    from glasshouse.ui import BackgroundServer, create_server_app

    server = BackgroundServer(create_server_app(AppContext(db=sqlite_db, auth_enabled=False)),
                              "127.0.0.1", free_port())
    try:
        assert warmup._server_building.is_set() and warmup._server_started.is_set()
        before = time.monotonic()
        assert httpx.get(server.url + "/config").status_code == 200  # JSON, not a page
        assert warmup._last_request[0] >= before
        assert not warmup._page_served.is_set()
        assert httpx.get(server.url + "/").status_code == 200
        assert warmup._page_served.is_set()
    finally:
        server.stop()


_IMPORT_GRADIO = """
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and str(
    args[0]).endswith(".pyi") else None)
if sys.argv[1] == "skip":
    from glasshouse.ui import _prepare_environment
    _prepare_environment()
import gradio as gr
with gr.Blocks() as demo:
    gr.Textbox("x")
print(len(opened))
"""


@pytest.mark.parametrize("mode, stubs_read", [("skip", False), ("plain", True)])
def test_importing_gradio_for_the_app_reads_no_type_stubs(mode, stubs_read, tmp_path) -> None:
    """Gradio re-reads and rewrites the .pyi stub of each component class at every import (an
    editor aid); the app's import skips it ("plain" shows that this test sees the difference)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, GLASSHOUSE_DATA_DIR=str(tmp_path), PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, "-c", _IMPORT_GRADIO, mode], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    assert (int(out.stdout.split()[-1]) > 0) is stubs_read


def test_each_served_page_computes_its_config_once_and_serves_the_full_one(
        sqlite_db, monkeypatch) -> None:
    import gradio.blocks

    from glasshouse.http_guard import mounted_gradio_apps
    from glasshouse.ui import create_server_app, tab_css

    real = gradio.blocks.Blocks.get_config_file
    computed: list[int] = []

    def counting(self):
        computed.append(id(self))
        return real(self)

    monkeypatch.setattr(gradio.blocks.Blocks, "get_config_file", counting)
    server = create_server_app(AppContext(db=sqlite_db, auth_enabled=False))
    mounted = {prefix.rstrip("/"): app.get_blocks()
               for prefix, app in mounted_gradio_apps(server).items()}
    assert sorted(computed) == sorted(map(id, mounted.values()))  # once per served Blocks
    for blocks in mounted.values():
        assert blocks.config == real(blocks)  # what is served is the config Gradio would serve
    main = mounted[""]
    assert main.config["css"] == tab_css() and len(main.config["components"]) > 100
