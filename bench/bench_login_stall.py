"""Does a burst of wrong passwords stall other visitors? (issue 14 item 2)

Side by side in one run, each served by its own process on loopback:
- baseline: the plain Gradio pattern, a synchronous `auth=` callable that checks argon2 (the
  way Glasshouse did it before), mounted on FastAPI beside a public Gradio page;
- ours: `app.py serve` (LoginGuard: argon2 off the event loop, bounded, lockout).

For each, the public page's latency (median and worst of requests made while 20 wrong
sign-ins are posted at once) against its own idle median; printed with the ratio
baseline/ours of the extra median delay. Usage: python bench/bench_login_stall.py [--attempts 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glasshouse.app_process import free_port, start_app  # noqa: E402

PASSWORD = "correct horse battery"

BASELINE = r'''
import sys, gradio as gr, uvicorn
from argon2 import PasswordHasher
from fastapi import FastAPI
ph = PasswordHasher(); stored = ph.hash(sys.argv[2])
def auth(u, p):  # argon2 for every attempt (as Glasshouse's check: no user probing by timing)
    try:
        return ph.verify(stored, p) and u == "vera"
    except Exception:
        return False
server = FastAPI()
with gr.Blocks() as public:
    gr.Markdown("public page")
with gr.Blocks() as main:
    gr.Markdown("private page")
gr.mount_gradio_app(server, public, path="/demo", ssr_mode=False)
gr.mount_gradio_app(server, main, path="", auth=auth, ssr_mode=False)
uvicorn.run(server, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
'''


def _latency(client: httpx.Client, path: str) -> float:
    t0 = time.perf_counter()
    assert client.get(path).status_code == 200
    return time.perf_counter() - t0


def measure(url: str, attempts: int) -> tuple[float, float, float]:
    """(idle median, median and max during the burst) of GET /demo/, in seconds."""
    with httpx.Client(base_url=url, timeout=120) as visitor, \
            httpx.Client(base_url=url, timeout=120) as bad:
        idle = [_latency(visitor, "/demo/") for _ in range(7)]
        during: list[float] = []
        done = threading.Event()

        def probe() -> None:
            while not done.is_set() or len(during) < 3:
                during.append(_latency(visitor, "/demo/"))

        with ThreadPoolExecutor(attempts) as pool:
            futures = [pool.submit(bad.post, "/login",
                                   data={"username": f"nobody{i}", "password": "wrong"})
                       for i in range(attempts)]
            watcher = threading.Thread(target=probe)
            watcher.start()
            for f in futures:
                f.result()
        done.set()
        watcher.join()
    return statistics.median(idle), statistics.median(during), max(during)


def start_baseline() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", BASELINE, str(port), PASSWORD],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/demo/", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError("baseline server did not start")


def run(attempts: int = 20) -> dict[str, tuple[float, float, float]]:
    """{"baseline"|"ours": (idle median, median during, worst during)} in seconds."""
    out: dict[str, tuple[float, float, float]] = {}
    proc, url = start_baseline()
    try:
        out["baseline"] = measure(url, attempts)
    finally:
        proc.terminate()
        proc.wait()

    from glasshouse.db import Database
    from glasshouse.users import add_user

    data_dir = Path(tempfile.mkdtemp(prefix="bench-login-"))
    db = Database(f"sqlite:///{data_dir / 'glasshouse.db'}")
    db.migrate()
    add_user(db, "vera", PASSWORD, "admin")
    db.engine.dispose()
    app = start_app(data_dir, env={"GLASSHOUSE_CACHE_DIR": os.environ.get(
        "GLASSHOUSE_CACHE_DIR", str(data_dir / "cache"))}, ready_path="/demo/")
    try:
        out["ours"] = measure(app.url, attempts)
    finally:
        app.stop()
    return out


def main(attempts: int = 20) -> list[dict]:
    """Rows for bench.run: the extra median delay of the public page during the burst."""
    from bench.common import row

    got = run(attempts)
    (b_idle, b_during, b_worst), (o_idle, o_during, o_worst) = got["baseline"], got["ours"]
    return [row(f"public page delay, {attempts} wrong sign-ins", max(o_during - o_idle, 1e-3),
                max(b_during - b_idle, 1e-3), "< 0.5 s extra",
                f"worst {o_worst:.2f} s vs {b_worst:.2f} s; baseline: sync argon2 auth=")]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=20)
    args = parser.parse_args()
    got = run(args.attempts)
    print(f"{args.attempts} wrong sign-ins at once; GET /demo/ latency, seconds")
    print(f"{'':<10}{'idle':>8}{'during':>8}{'extra':>8}{'worst':>8}")
    for name, (idle, during, worst) in got.items():
        print(f"{name:<10}{idle:>8.3f}{during:>8.3f}{during - idle:>8.3f}{worst:>8.3f}")
    extra_base = got["baseline"][1] - got["baseline"][0]
    extra_ours = got["ours"][1] - got["ours"][0]
    print(f"extra delay ratio baseline/ours: {extra_base / max(extra_ours, 1e-3):.1f}x")
