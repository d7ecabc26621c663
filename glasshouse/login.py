"""Password checks for the web login and HTTP Basic, without stalling the server.

argon2 costs tens of milliseconds of CPU and 64 MiB per check, on purpose. Run on the event
loop, 20 anonymous attempts froze every page for 20 s. So every check here:

- runs off the event loop, in a worker thread, at most `login_slots` at once (an anyio
  CapacityLimiter; waiting costs no thread), with at most `login_queue` more waiting; a burst
  beyond that gets 429 at once instead of queueing;
- is refused with 429 and Retry-After while the account or the client address is locked out:
  `login_max_failures` wrong passwords for one account, or `login_max_failures_client` from one
  address, within `login_lockout_s` lock it for `login_lockout_s` (a lockout also covers
  remembered credentials, so it cannot be used to test guesses cheaply);
- remembers a success for `CACHE_TTL_S` (see CredentialCache), so scripts calling the JSON API
  with curl -u pay argon2 once, not on every request.

The client address is the socket peer, or X-Forwarded-For only when GLASSHOUSE_TRUSTED_PROXIES
names the proxy (uvicorn applies it; see glasshouse.ui.serve).
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from glasshouse.config import Settings, settings
from glasshouse.db import Database
from glasshouse.errors import GlasshouseError
from glasshouse.per_object import PerObject, per_object
from glasshouse.users import Actor

CACHE_TTL_S = 300.0
CACHE_MAX = 1024
TRACKED_MAX = 10_000  # accounts and addresses with recent failures kept in memory

# the client address of the request being served (set by glasshouse.http_guard)
current_client: contextvars.ContextVar[str] = contextvars.ContextVar("glasshouse_client",
                                                                     default="unknown")


class LoginThrottled(GlasshouseError):
    """Too many failed sign-ins, or too many password checks at once (HTTP 429)."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = max(1, math.ceil(retry_after))


class CredentialCache:
    """Successful password checks, remembered briefly, keyed by an HMAC of (username,
    password) under a per-process random key (no password is kept) and tied to the stored
    hash: a changed password invalidates the entry."""

    def __init__(self, ttl_s: float = CACHE_TTL_S, max_entries: int = CACHE_MAX) -> None:
        self._key = secrets.token_bytes(32)
        self._ttl, self._max = ttl_s, max_entries
        self._items: OrderedDict[bytes, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _digest(self, username: str, password: str) -> bytes:
        msg = username.encode() + b"\0" + password.encode()
        return hmac.new(self._key, msg, hashlib.sha256).digest()

    def hit(self, username: str, password: str, stored_hash: str) -> bool:
        key = self._digest(username, password)
        with self._lock:
            got = self._items.get(key)
            if got is None:
                return False
            if got[1] < time.monotonic() or not hmac.compare_digest(got[0], stored_hash):
                del self._items[key]
                return False
            return True

    def remember(self, username: str, password: str, stored_hash: str) -> None:
        key = self._digest(username, password)
        with self._lock:
            self._items[key] = (stored_hash, time.monotonic() + self._ttl)
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)


@dataclass
class _Track:
    failures: deque[float]
    locked_until: float = 0.0


class FailureLog:
    """Recent failures per key (an account or an address) and lockouts."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit, self.window = limit, window_s
        self._tracks: OrderedDict[str, _Track] = OrderedDict()
        self._lock = threading.Lock()

    def locked_for(self, key: str, now: float) -> float:
        with self._lock:
            track = self._tracks.get(key)
            return max(0.0, track.locked_until - now) if track else 0.0

    def fail(self, key: str, now: float) -> None:
        with self._lock:
            track = self._tracks.get(key)
            if track is None:
                track = self._tracks[key] = _Track(deque())
            self._tracks.move_to_end(key)
            track.failures.append(now)
            while track.failures and track.failures[0] < now - self.window:
                track.failures.popleft()
            if len(track.failures) >= self.limit:
                track.locked_until = now + self.window
                track.failures.clear()
            while len(self._tracks) > TRACKED_MAX:
                self._tracks.popitem(last=False)

    def clear(self, key: str) -> None:
        with self._lock:
            self._tracks.pop(key, None)


class LoginGuard:
    """Checks credentials for one app (one database); see the module docstring."""

    def __init__(self, db: Database, config: Settings | None = None,
                 cache: CredentialCache | None = None) -> None:
        cfg = config or settings()
        self.db = db
        self.cache = cache or CredentialCache()
        self.accounts = FailureLog(cfg.login_max_failures, cfg.login_lockout_s)
        self.clients = FailureLog(cfg.login_max_failures_client, cfg.login_lockout_s)
        self.slots, self.queue = cfg.login_slots, cfg.login_queue
        self._limiter: Any = None
        self._pending = 0
        self._pending_lock = threading.Lock()

    def _check_locks(self, username: str, client: str) -> None:
        now = time.monotonic()
        wait = max(self.accounts.locked_for(username.lower(), now),
                   self.clients.locked_for(client, now))
        if wait > 0:
            raise LoginThrottled("too many failed sign-ins; this account or address is locked "
                                 f"for {math.ceil(wait)} s", wait)

    def _row(self, username: str) -> Any:
        from sqlalchemy import select

        from glasshouse.users import UserRow

        with self.db.read() as s:
            return s.execute(select(UserRow.username, UserRow.role, UserRow.password_hash)
                             .where(UserRow.username == username)).first()

    @staticmethod
    def _argon2(stored_hash: str | None, password: str) -> bool:
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = PasswordHasher()
        if stored_hash is None:  # same cost either way: no username probing by timing
            hasher.hash(password or "x")
            return False
        try:
            return bool(hasher.verify(stored_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    async def verify(self, username: str, password: str, client: str | None = None) -> Actor | None:
        """The Actor for valid credentials, None for wrong ones; LoginThrottled (429) while
        locked out or when too many checks are already waiting. Never blocks the event loop."""
        import anyio

        client = client or current_client.get()
        username = (username or "")[:256]
        password = (password or "")[:1024]
        self._check_locks(username, client)
        row = await anyio.to_thread.run_sync(self._row, username)
        if row is not None and self.cache.hit(username, password, row.password_hash):
            return Actor(row.username, row.role)
        with self._pending_lock:
            if self._pending >= self.slots + self.queue:
                raise LoginThrottled("too many sign-ins are being checked right now; try again "
                                     "in a moment", 1)
            self._pending += 1
        try:
            if self._limiter is None:
                self._limiter = anyio.CapacityLimiter(self.slots)
            async with self._limiter:
                # a lockout may have begun while this check waited for its slot
                self._check_locks(username, client)
                ok = await anyio.to_thread.run_sync(
                    self._argon2, None if row is None else row.password_hash, password)
        finally:
            with self._pending_lock:
                self._pending -= 1
        now = time.monotonic()
        if not ok:
            self.accounts.fail(username.lower(), now)
            self.clients.fail(client, now)
            return None
        self.accounts.clear(username.lower())
        self.cache.remember(username, password, row.password_hash)
        return Actor(row.username, row.role)


def _new_guard(db: Database) -> LoginGuard:
    return LoginGuard(db)


# One guard per database object (the web login and the JSON API share it).
guard_for: PerObject[Database, LoginGuard] = per_object(_new_guard)
