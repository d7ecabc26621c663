"""Load at start-up, in the background, what the first use of a tab would otherwise wait for:
the language detector (colour by language, dataset scans) and the default embedder (the first
map). Set GLASSHOUSE_WARMUP=0 to switch it off.

The first page comes first: a warm-up runs in a daemon thread and starts only at a quiet moment
(`wait_for_a_quiet_moment`): once the server is up and has answered its first page (or nobody
asked for one within `delay_s`), when no request has arrived for `QUIET_S`. In a process
without a server (tests, the CLI) it waits `delay_s`. The server side calls
`server_building()`, `server_started()`, `note_request()` and `note_page_served()`
(glasshouse/ui.py does). Other background warm-ups (UMAP's compilation) can wait the same way.

Background threads keep the CPU priority of the process. A thread given a lower OS priority
still takes Python's GIL; on a busy machine the kernel then leaves it waiting, holding the GIL,
and every request of the server waits with it (a profile of 40 rows sat at 25 % for minutes
while two busy loops ran)."""

from __future__ import annotations

import logging
import os
import threading
import time

log = logging.getLogger("glasshouse.warmup")
# (what, model name, model kind) in the order the first visits need them
MODELS = (("language detector", "lingua", "language-id"),
          ("default embedder", "minilm-en", "sentence-embedding"))
QUIET_S = 2.0       # no request for this long: the browser has what the page needs
MAX_WAIT_S = 60.0   # a server that is never quiet still warms up after this long
_started = threading.Event()
_server_building = threading.Event()
_server_started = threading.Event()
_page_served = threading.Event()
_last_request = [0.0]  # time.monotonic() of the latest request the server received
done: dict[str, float] = {}  # what -> seconds it took (for tests and the log)


def enabled() -> bool:
    return os.environ.get("GLASSHOUSE_WARMUP", "1").lower() not in ("0", "false", "no")


def server_building() -> None:
    """This process is building a web server: warm-ups wait until it is up and quiet."""
    _server_building.set()


def server_started() -> None:
    """The web server of this process is built and about to answer."""
    _server_started.set()


def note_request() -> None:
    _last_request[0] = time.monotonic()


def note_page_served() -> None:
    """A page (the HTML of the app or of a stand-alone page) has been answered."""
    _page_served.set()


def wait_for_a_quiet_moment(delay_s: float, *, quiet_s: float = QUIET_S,
                            max_wait_s: float = MAX_WAIT_S) -> None:
    """Block until background work may start without slowing the first page down (see the
    module docstring). In a process that builds a server, returns at the latest max_wait_s
    after the call, even if requests never stop."""
    if not _server_building.is_set():  # no web server in this process
        time.sleep(delay_s)
        return
    deadline = time.monotonic() + max_wait_s
    _server_started.wait(timeout=max_wait_s)
    _page_served.wait(timeout=max(0.0, min(delay_s, deadline - time.monotonic())))
    while time.monotonic() < deadline:
        idle = time.monotonic() - _last_request[0]
        if idle >= quiet_s:
            return
        time.sleep(min(quiet_s - idle + 0.05, 0.5))


def warm_models(delay_s: float = 8.0) -> threading.Thread | None:
    """Start the warm-up once per process; returns its thread (None when off or started)."""
    if not enabled() or _started.is_set():
        return None
    _started.set()

    def work() -> None:
        wait_for_a_quiet_moment(delay_s)
        from glasshouse import models

        for what, name, kind in MODELS:
            wait_for_a_quiet_moment(0.0)  # a visitor's requests go first, between models too
            start = time.perf_counter()
            try:
                models.load(name, kind=kind)
            except Exception:  # noqa: BLE001 - best effort: the real use reports the problem
                log.warning("warm-up of the %s failed", what, exc_info=True)
                continue
            done[what] = time.perf_counter() - start
            log.info("warmed up the %s in %.1f s", what, done[what])

    thread = threading.Thread(target=work, name="model-warm-up", daemon=True)
    thread.start()
    return thread
