"""Load at start-up, in the background, what the first use of a tab would otherwise wait for:
the language detector (colour by language, dataset scans) and the default embedder (the first
map). Runs in one daemon thread at low CPU priority after a short delay, so the first page is
not delayed; set GLASSHOUSE_WARMUP=0 to switch it off."""

from __future__ import annotations

import logging
import os
import threading
import time

log = logging.getLogger("glasshouse.warmup")
# (what, model name, model kind) in the order the first visits need them
MODELS = (("language detector", "lingua", "language-id"),
          ("default embedder", "minilm-en", "sentence-embedding"))
_started = threading.Event()
done: dict[str, float] = {}  # what -> seconds it took (for tests and the log)


def enabled() -> bool:
    return os.environ.get("GLASSHOUSE_WARMUP", "1").lower() not in ("0", "false", "no")


def warm_models(delay_s: float = 8.0) -> threading.Thread | None:
    """Start the warm-up once per process; returns its thread (None when off or started)."""
    if not enabled() or _started.is_set():
        return None
    _started.set()

    def work() -> None:
        try:  # lower this thread's priority only (Linux: threads are tasks)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
        except (AttributeError, OSError):
            pass
        time.sleep(delay_s)
        from glasshouse import models

        for what, name, kind in MODELS:
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
