"""Run the real app (`python app.py serve`) as a child process on a free loopback port, for the
browser tests, the load test and the start-up benchmark: start it, wait until it answers, stop
it (terminate, then kill)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_RUNNING: dict[str, "AppProcess"] = {}  # url -> each app started here and not yet stopped


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class AppProcess:
    proc: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def log_tail(self, chars: int = 2000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def stop(self, timeout: float = 20) -> None:
        _RUNNING.pop(self.url, None)
        self.proc.terminate()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def running() -> list[AppProcess]:
    """The apps this process started and has not stopped (a failing browser test prints their
    logs)."""
    return list(_RUNNING.values())


def start_app(data_dir: Path, *, env: dict[str, str] | None = None, keep_db_url: bool = False,
              ready_path: str = "/", ready_status: tuple[int, ...] = (200,),
              timeout: float = 120) -> AppProcess:
    """Start `app.py serve` with GLASSHOUSE_DATA_DIR=data_dir (and `env` on top of this
    process's environment) and wait until GET ready_path answers one of `ready_status`.
    GLASSHOUSE_DB is dropped unless keep_db_url (or given in `env`): the app then uses the SQLite
    file in its data dir. The server's output goes to data_dir/server.log."""
    port = free_port()
    full_env = dict(os.environ, GLASSHOUSE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    if not keep_db_url:
        full_env.pop("GLASSHOUSE_DB", None)
    full_env.update(env or {})
    log_path = data_dir / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "app.py", "serve", "--port", str(port)],
                                cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    app = AppProcess(proc, f"http://127.0.0.1:{port}", log_path)
    _RUNNING[app.url] = app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _RUNNING.pop(app.url, None)
            raise RuntimeError(f"the app exited (code {proc.returncode}): {app.log_tail()}")
        try:
            with urllib.request.urlopen(app.url + ready_path, timeout=2) as r:
                if r.status in ready_status:
                    return app
        except urllib.error.HTTPError as exc:
            if exc.code in ready_status:
                return app
        except OSError:
            pass
        time.sleep(0.3)
    app.stop()
    raise RuntimeError(f"the app did not answer within {timeout:.0f} s: {app.log_tail()}")
