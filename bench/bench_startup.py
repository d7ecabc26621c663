"""Start-up: `python app.py --help` against a bare interpreter, and time-to-first-page of the full
app against a minimal Gradio Blocks app with one Markdown (both fresh processes, side by side),
and against the same minimal app importing Gradio as ours does (its import-time stub rewriting
skipped), which shows what our own start-up work costs.
Both run from compiled bytecode, as installed packages do (see PROJECT_SOURCES).

Fair by construction: both are fresh processes on the same machine, served on 127.0.0.1, timed
from the process start to the first 200 answer of GET / (in Gradio 6 that page carries the whole
app config, so it is all a browser needs besides the static assets); runs alternate ours/bare so
a change in machine load hits both, and each side's best (fastest) run counts.
`python bench/bench_startup.py [RUNS]` (default 3 runs of each)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from collections.abc import Callable
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import best_of, free_port, print_table, row  # noqa: E402
PLAIN_GRADIO = """
import sys
if len(sys.argv) > 2:  # the same import as ours: Gradio's stub rewriting skipped
    from glasshouse.gradio_stubs import skip_stub_regeneration
    skip_stub_regeneration()
import gradio as gr
with gr.Blocks() as demo:
    gr.Markdown("hello")
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), prevent_thread_lock=False)
"""


def _first_page(cmd: list[str], port: int, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - start
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"{cmd} exited early")
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


Launch = Callable[[], tuple[list[str], int, dict[str, str]]]  # -> (command, port, env)


def _alternating_best(runs: int, *launches: Launch) -> list[float]:
    """Start each launch `runs` times, alternating between them; the fastest time of each."""
    best = [float("inf")] * len(launches)
    for _ in range(runs):
        for i, make in enumerate(launches):
            cmd, port, env = make()
            best[i] = min(best[i], _first_page(cmd, port, env))
    return best


PROJECT_SOURCES = ("app.py", "glasshouse", "catalog", "explorer", "demos", "cards")


def main(runs: int = 3) -> list[dict[str, Any]]:
    py = sys.executable
    # Gradio runs from the bytecode pip compiled when it was installed; compile ours the same
    # way (PYTHONDONTWRITEBYTECODE, set on some machines, would otherwise make every start of
    # ours compile ~150 modules from source while the baseline compiles none)
    subprocess.run([py, "-m", "compileall", "-q", *PROJECT_SOURCES], cwd=ROOT,
                   capture_output=True, check=True)
    help_ours = best_of(lambda: subprocess.run([py, "app.py", "--help"], cwd=ROOT,
                                               capture_output=True, check=True), repeat=5)
    help_base = best_of(lambda: subprocess.run([py, "-c", "import argparse"], cwd=ROOT,
                                               capture_output=True, check=True), repeat=5)
    env = dict(os.environ, GLASSHOUSE_DATA_DIR=tempfile.mkdtemp(prefix="gh-bench-"),
               GRADIO_ANALYTICS_ENABLED="False")

    def ours() -> tuple[list[str], int, dict[str, str]]:
        port = free_port()
        return [py, "app.py", "serve", "--port", str(port)], port, env

    def bare() -> tuple[list[str], int, dict[str, str]]:
        port = free_port()
        return [py, "-c", PLAIN_GRADIO, str(port)], port, env

    def bare_same_import() -> tuple[list[str], int, dict[str, str]]:
        port = free_port()
        return [py, "-c", PLAIN_GRADIO, str(port), "skip-stubs"], port, env

    page_ours, page_base, page_base_skip = _alternating_best(runs, ours, bare, bare_same_import)
    return [
        row("cold `python app.py --help`", help_ours, help_base, "< 2 s",
            "baseline: bare interpreter + argparse"),
        row("time to first page (serve)", page_ours, page_base, ">= 0.9x",
            f"baseline: minimal gr.Blocks app; best of {runs} alternating runs"),
        row("time to first page, baseline importing Gradio as we do", page_ours, page_base_skip,
            "(for reading)", "baseline: the same minimal app, with Gradio's import-time stub "
            "rewriting skipped as ours does (glasshouse/gradio_stubs.py): what our own "
            "start-up work costs"),
    ]


if __name__ == "__main__":
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print_table(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
