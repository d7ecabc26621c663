"""Run a call again when one of its lazy imports raced another thread's import.

Heavy libraries are imported inside the functions that need them, so two threads (a person's
request and a start-up warm-up, or two requests) can import the same package at once. Where that
package's modules import each other in a circle, each thread can end up holding one module's
import lock and waiting for the other's; Python then breaks the tie by raising `_DeadlockError`
in one of them (a loaded run: opening a catalog entry answered "Something went wrong
(_DeadlockError)"; which other thread was importing is not known). The import succeeds once the
other thread has finished, so the call is simply made again.

The UI callbacks import their libraries at their start, before they change anything, so a
second try does not repeat a change (a callback that writes before a lazy import would write
twice). A call that still meets a deadlock after `ATTEMPTS` raises it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
ATTEMPTS = 3
log = logging.getLogger("glasshouse.import_race")


def is_import_deadlock(exc: BaseException) -> bool:
    """True for the error Python raises to break an import deadlock between threads."""
    from importlib import _bootstrap

    deadlock = getattr(_bootstrap, "_DeadlockError", None)
    return isinstance(exc, deadlock) if deadlock else type(exc).__name__ == "_DeadlockError"


def retry_import_deadlocks(fn: Callable[..., T], *args: Any, attempts: int = ATTEMPTS,
                           **kwargs: Any) -> T:
    for attempt in range(1, attempts):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if not is_import_deadlock(exc):
                raise
            log.warning("%s met an import deadlock (%s); trying again (%d of %d)",
                        getattr(fn, "__name__", fn), exc, attempt + 1, attempts)
            time.sleep(0.1 * attempt)
    return fn(*args, **kwargs)
