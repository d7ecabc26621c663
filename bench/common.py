"""Small helpers shared by the benchmarks: offline settings, timing, a free port, printing a
ratio table."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from glasshouse.app_process import free_port  # noqa: F401 - benches import it from here


def use_offline_environment() -> None:
    """No Hub calls and no public-suffix-list download (Presidio's URL recognizer uses
    tldextract); set before presidio or transformers are imported, inherited by child
    processes."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    os.environ.setdefault("TLDEXTRACT_CACHE", tempfile.mkdtemp(prefix="tldextract-"))


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Median wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(benchmark: str, ours_s: float, baseline_s: float, target: str,
        note: str = "") -> dict[str, Any]:
    """ratio = baseline / ours: above 1 means we are faster than the plain-library baseline."""
    return {"benchmark": benchmark, "ours_s": ours_s, "baseline_s": baseline_s,
            "ratio": baseline_s / ours_s if ours_s else float("inf"), "target": target,
            "note": note}


def print_table(rows: list[dict[str, Any]]) -> None:
    head = f"{'benchmark':<44}{'ours (s)':>10}{'baseline (s)':>14}{'ratio':>8}  target"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['benchmark']:<44}{r['ours_s']:>10.3f}{r['baseline_s']:>14.3f}"
              f"{r['ratio']:>8.2f}  {r['target']}" + (f"  ({r['note']})" if r.get("note") else ""))
