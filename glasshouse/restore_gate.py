"""Put a page's restored results on screen before the visitor's own results, never after.

A tab that brings back the last visit's results on page load (the dataset and its profile, the
last map, the last probe runs) and a visitor who acts at once (an upload right after the page
opened) send two events. Gradio runs them side by side and sends each one's outputs when it is
done, so the restore, slower to turn its results into page data, could arrive second and put the
old file back over the new one. It did, under load: the upload's file name stayed in the upload
box while the page showed the old dataset as "kept from your last visit".

The gate orders them per browser session (Gradio's session hash; a reload is a new session):
- `restore_begins(session)`: the restore may run; False once the visitor has acted in this
  session (there is then nothing to bring back: the page already shows their own work);
- `restore_delivered(session)`: the browser has the restore's outputs. The UI calls it from a
  step chained after the restore, which the browser starts only once it has them;
- `action_begins(session)`: the visitor acted; waits (at most `wait_s`) until a restore under
  way in this session has been delivered, so the action's outputs come after it.
A request without a session (the CLI, a test calling a callback) is never held.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

WAIT_S = 60.0          # an action never waits longer than this for a restore (a closed page)
MAX_SESSIONS = 10_000  # sessions remembered; the oldest are forgotten first


@dataclass
class _Session:
    acted: bool = False
    delivered: threading.Event = field(default_factory=threading.Event)
    restoring: bool = False


class RestoreGate:
    def __init__(self, wait_s: float = WAIT_S, max_sessions: int = MAX_SESSIONS) -> None:
        self.wait_s = wait_s
        self.max_sessions = max_sessions
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._lock = threading.Lock()

    def _get(self, session: str) -> _Session:
        with self._lock:
            got = self._sessions.get(session)
            if got is None:
                got = self._sessions[session] = _Session()
                while len(self._sessions) > self.max_sessions:
                    self._sessions.popitem(last=False)
            return got

    def restore_begins(self, session: str | None) -> bool:
        """True: restore now (and call `restore_delivered` once the browser has it)."""
        if not session:
            return True
        s = self._get(session)
        with self._lock:
            if s.acted:
                return False
            s.restoring = True
            return True

    def restore_delivered(self, session: str | None) -> None:
        if session:
            self._get(session).delivered.set()

    def action_begins(self, session: str | None) -> bool:
        """Mark that the visitor acted; wait for a restore under way in this session. False if
        the wait gave up after `wait_s` (the action goes ahead all the same)."""
        if not session:
            return True
        s = self._get(session)
        with self._lock:
            s.acted = True
            waiting = s.restoring
        return s.delivered.wait(self.wait_s) if waiting else True


def session_of(request: Any) -> str | None:
    """The browser session of a Gradio request (None for a request without one)."""
    return getattr(request, "session_hash", None) or None
