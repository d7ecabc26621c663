"""Start-up: `python app.py --help` against a bare interpreter, and time-to-first-page of the full
app against a minimal Gradio Blocks app with one Markdown (both fresh processes, side by side)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import best_of, free_port, print_table, row  # noqa: E402
PLAIN_GRADIO = """
import sys, gradio as gr
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


def main() -> list[dict[str, Any]]:
    py = sys.executable
    help_ours = best_of(lambda: subprocess.run([py, "app.py", "--help"], cwd=ROOT,
                                               capture_output=True, check=True), repeat=5)
    help_base = best_of(lambda: subprocess.run([py, "-c", "import argparse"], cwd=ROOT,
                                               capture_output=True, check=True), repeat=5)
    env = dict(os.environ, GLASSHOUSE_DATA_DIR=tempfile.mkdtemp(prefix="gh-bench-"),
               GRADIO_ANALYTICS_ENABLED="False")
    page_ours = best_of(lambda: _first_page([py, "app.py", "serve", "--port", str(p := free_port())],
                                            p, env), repeat=2)
    page_base = best_of(lambda: _first_page([py, "-c", PLAIN_GRADIO, str(p := free_port())], p,
                                            env), repeat=2)
    return [
        row("cold `python app.py --help`", help_ours, help_base, "< 2 s",
            "baseline: bare interpreter + argparse"),
        row("time to first page (serve)", page_ours, page_base, "near 1x",
            "baseline: minimal gr.Blocks app"),
    ]


if __name__ == "__main__":
    print_table(main())
