"""Progress that people can trust, and a Cancel that really stops the work.

`Tracker` turns "done of total" counts into a fraction, a sentence with counts and an estimate
of the time left, and checks a cancel flag each time it is told about progress: the long-running
code raises `Cancelled` at its next step instead of running on after the person pressed Cancel
(a Gradio `cancels=` alone only stops waiting for the answer; a thread keeps computing).

Cancel flags are kept per browser session (Gradio's session hash) and per kind of work.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from glasshouse.errors import GlasshouseError


class Cancelled(GlasshouseError):
    """The person pressed Cancel; the work stopped at its next step."""


_flags: dict[str, threading.Event] = {}
_lock = threading.Lock()


def start(key: str) -> threading.Event:
    """A fresh cancel flag for `key` (a session and a kind of work), replacing an old one."""
    with _lock:
        event = threading.Event()
        _flags[key] = event
        return event


def cancel(key: str) -> bool:
    """Ask the work running under `key` to stop; False if none is running."""
    with _lock:
        event = _flags.get(key)
    if event is None:
        return False
    event.set()
    return True


def finish(key: str, event: threading.Event) -> None:
    with _lock:
        if _flags.get(key) is event:
            del _flags[key]


def _fmt_seconds(s: float) -> str:
    if s < 1:
        return "under a second"
    if s < 90:
        return f"about {s:.0f} s"
    return f"about {s / 60:.0f} min"


@dataclass
class Tracker:
    """Reports `what done/total (x %, about N s left)` to `report(fraction, sentence)`."""

    what: str
    report: Callable[[float, str], None]
    cancelled: threading.Event | None = None
    started: float = field(default_factory=time.monotonic)
    _first: tuple[float, int] | None = None
    _last: float = 0.0

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled.is_set():
            raise Cancelled(f"{self.what} was cancelled; nothing was saved from it")

    def say(self, sentence: str, fraction: float | None = None) -> None:
        """A plain sentence about what is happening (e.g. loading a model); the bar stays
        where it was unless `fraction` is given."""
        self.check()
        self._last = self._last if fraction is None else fraction
        self.report(self._last, sentence)

    def __call__(self, done: int, total: int) -> None:
        self.check()
        now = time.monotonic()
        if self._first is None or done <= self._first[1]:
            self._first = (now, done)  # measure speed from the first step that did work
        t0, d0 = self._first
        left = ""
        if done > d0 and done < total:
            rate = (done - d0) / max(now - t0, 1e-6)
            left = f", {_fmt_seconds((total - done) / rate)} left"
        pct = 100.0 * done / total if total else 100.0
        self._last = done / total if total else 1.0
        self.report(self._last,
                    f"{self.what} {done:,}/{total:,} ({pct:.0f} %{left})")
