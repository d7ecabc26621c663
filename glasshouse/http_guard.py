"""One ASGI middleware in front of the whole server (JSON API and every Gradio app), for what
Gradio and FastAPI do not do themselves. Each rule has an attack test in tests/security/.

- Request bodies: a Content-Length over `max_body` (GLASSHOUSE_MAX_BODY) gets 413 before a byte
  is read; a body without one is counted while read and cut off at the limit. Uploads
  (`/gradio_api/upload`, capped per file by Gradio's max_file_size) and the dataset scan
  (capped by GLASSHOUSE_MAX_UPLOAD while read) keep their own limits.
- JSON bodies nested deeper than `max_json_depth` get 400 (Python's json raises RecursionError
  deep down, which became a 500).
- Cross-origin: browsers may read answers only from the same origin, or from the origins listed
  in GLASSHOUSE_CORS_ORIGINS (starlette's CORSMiddleware, added by glasshouse.ui; Gradio's own
  CORS handling then stands aside). A state-changing request (not GET/HEAD/OPTIONS) whose Origin
  is neither this host nor listed is refused with 403, so another site cannot post forms or
  JSON into a signed-in browser session.
- Headers on every answer: X-Frame-Options DENY, CSP frame-ancestors 'none' (no framing, no
  clickjacking), X-Content-Type-Options nosniff, Referrer-Policy same-origin.
- Stand-alone pages (e.g. the public /demo): no upload route; `file=` serves only files this
  page's own Blocks produced; an api_name the page does not have gets 404 JSON.
- Any Gradio app: an unknown api_name gets 404 JSON instead of a plain-text 500.
- Sign-out must be a POST (a GET could be triggered by any image tag on another site); sessions
  of the web login end after `session_idle_s` (GLASSHOUSE_SESSION_IDLE) without a request.
- The client address of each request is put in glasshouse.login.current_client for the login
  rate limit.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import unquote, urlsplit

from glasshouse.config import Settings
from glasshouse.login import current_client

log = logging.getLogger("glasshouse.http_guard")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
# paths (after a mount prefix) that carry files and have their own size limits
OWN_LIMIT_SUFFIXES = ("/gradio_api/upload", "/api/v1/datasets/scan")
_API_NAME = re.compile(r"^/gradio_api/(?:call|run)/(?P<name>[^/]+)(?:/.*)?$")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)


class BodyTooLarge(Exception):
    pass


def json_depth(body: bytes) -> int:
    """The deepest nesting of [ and { in a JSON text (strings skipped), without recursion."""
    import numpy as np

    stripped = _STRING.sub(b"", body)
    arr = np.frombuffer(stripped, dtype=np.uint8)
    steps = (np.isin(arr, (ord("["), ord("{"))).astype(np.int32)
             - np.isin(arr, (ord("]"), ord("}"))).astype(np.int32))
    return int(steps.cumsum().max()) if steps.size else 0


@dataclass
class MountedApp:
    """A Gradio app mounted at `prefix` ("" for the main app)."""

    prefix: str
    app: Any                  # gradio.routes.App (has get_blocks(), tokens, cookie_id)
    page: bool = False        # a stand-alone page: no uploads, serves only its own outputs
    _api_names: set[str] | None = field(default=None, repr=False)

    def api_names(self) -> set[str]:
        if self._api_names is None:
            blocks = self.app.get_blocks()
            self._api_names = {str(fn.api_name) for fn in blocks.fns.values()
                               if getattr(fn, "api_name", None)}
        return self._api_names

    def owns_file(self, path: str) -> bool:
        import os

        real = os.path.realpath(path)
        for files in self.app.get_blocks().temp_file_sets:
            if any(os.path.realpath(str(f)) == real for f in files):
                return True
        return False


class SessionClock:
    """Last request time of every web-login token; tokens idle too long are dropped from the
    Gradio app (its cookie then stops working)."""

    def __init__(self, idle_s: float) -> None:
        self.idle_s = idle_s
        self._seen: dict[str, float] = {}

    def touch(self, mounted: MountedApp, cookie_header: str, now: float) -> None:
        tokens = getattr(mounted.app, "tokens", None)
        cookie_id = getattr(mounted.app, "cookie_id", None)
        if not tokens or cookie_id is None:
            return
        jar = SimpleCookie()
        try:
            jar.load(cookie_header)
        except Exception:  # noqa: BLE001 - an unreadable cookie simply carries no session
            return
        for name in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
            morsel = jar.get(name)
            if morsel is None or morsel.value not in tokens:
                continue
            token = morsel.value
            last = self._seen.get(token)
            if last is not None and now - last > self.idle_s:
                tokens.pop(token, None)
                self._seen.pop(token, None)
                continue
            self._seen[token] = now
        if len(self._seen) > 4 * len(tokens) + 1000:  # forget tokens Gradio dropped (logout)
            for token in [t for t in self._seen if t not in tokens]:
                del self._seen[token]


class MountRegistry:
    """The Gradio apps of the server, filled after mounting (the middleware is built first)."""

    def __init__(self) -> None:
        self.apps: list[MountedApp] = []

    def add(self, prefix: str, gradio_app: Any, *, page: bool) -> None:
        self.apps.append(MountedApp(prefix.rstrip("/"), gradio_app, page))
        self.apps.sort(key=lambda m: len(m.prefix), reverse=True)


def mounted_gradio_apps(server: Any) -> dict[str, Any]:
    """{mount path: gradio App} of a FastAPI server that gr.mount_gradio_app mounted on."""
    from starlette.routing import Mount

    return {route.path: route.app for route in server.routes
            if isinstance(route, Mount) and hasattr(route.app, "get_blocks")}


class HttpGuard:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app: Any, config: Settings, registry: MountRegistry) -> None:
        self.app = app
        self.cfg = config
        self.registry = registry
        self.sessions = SessionClock(config.session_idle_s)

    def _mounted_for(self, path: str) -> tuple[MountedApp | None, str]:
        if path.startswith("/api/v1/") or path == "/api/v1":
            return None, path
        for m in self.registry.apps:
            if not m.prefix or path == m.prefix or path.startswith(m.prefix + "/"):
                return m, path[len(m.prefix):] or "/"
        return None, path

    # ------------------------------------------------------------ answers

    async def _answer(self, send: Any, status: int, message: str,
                      headers: dict[str, str] | None = None) -> None:
        body = json.dumps({"error": message, "file": None, "row": None,
                           "field": None}).encode()
        raw = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]
        raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": body})

    def _same_or_allowed_origin(self, origin: str, host: str) -> bool:
        if origin.rstrip("/") in self.cfg.cors_origins:
            return True
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        return bool(parts.netloc) and parts.netloc.lower() == host.lower()

    # ------------------------------------------------------------ ASGI

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                client = scope.get("client")
                current_client.set(client[0] if client else "unknown")
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        current_client.set(client[0] if client else "unknown")
        method = scope["method"]
        path = scope.get("path", "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}

        origin = headers.get("origin")
        foreign = bool(origin) and not self._same_or_allowed_origin(origin or "",
                                                                    headers.get("host", ""))

        async def send_secure(message: Any) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", [])
                        if not (foreign and k.lower().startswith(b"access-control-"))]
                present = {k.lower() for k, _ in kept}
                message = dict(message)
                message["headers"] = [*kept,
                                      *(h for h in SECURITY_HEADERS if h[0] not in present)]
            await send(message)

        if foreign and method not in SAFE_METHODS:
            await self._answer(send, 403, "cross-origin requests are not allowed; add the "
                                          "origin to GLASSHOUSE_CORS_ORIGINS to allow it")
            return

        mounted, rest = self._mounted_for(path)
        if mounted is not None:
            refusal = self._gradio_refusal(mounted, method, rest, scope)
            if refusal is not None:
                await self._answer(send_secure, *refusal)
                return
            if "cookie" in headers and self.cfg.session_idle_s > 0:
                self.sessions.touch(mounted, headers["cookie"], time.monotonic())
            if rest.rstrip("/") == "/logout" and method == "POST":
                scope = dict(scope, method="GET")  # Gradio's own sign-out, reached by POST only

        if method in SAFE_METHODS or path.endswith(OWN_LIMIT_SUFFIXES):
            await self.app(scope, receive, send_secure)
            return
        await self._with_body_checks(scope, receive, send_secure, headers,
                                     gradio=mounted is not None)

    def _gradio_refusal(self, m: MountedApp, method: str, rest: str,
                        scope: Any) -> tuple[int, str] | tuple[int, str, dict[str, str]] | None:
        if rest.rstrip("/") == "/logout" and method != "POST":
            return 405, "sign out with a POST request", {"Allow": "POST"}
        found = _API_NAME.match(rest)
        if found and unquote(found["name"]) not in m.api_names():
            return 404, f"this page has no endpoint named '{unquote(found['name'])}'"
        if m.page:
            if rest.rstrip("/") in ("/gradio_api/upload", "/upload", "/gradio_api/upload_progress"):
                return 404, "this page takes no uploads"
            if rest.startswith("/gradio_api/file="):
                wanted = unquote(rest[len("/gradio_api/file="):])
                if not m.owns_file(wanted):
                    return 404, "no such file on this page"
        return None

    @staticmethod
    def _foreign_files(body: bytes) -> str | None:
        """Why an event request names files that were not uploaded to this app (item 1 of
        issue 14: Gradio copies any named server file into its cache for mounted apps)."""
        from glasshouse.uploads import NOT_UPLOADED, foreign_file_paths

        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            return None  # not JSON: the route itself answers
        if foreign_file_paths(payload):
            return NOT_UPLOADED
        return None

    async def _with_body_checks(self, scope: Any, receive: Any, send: Any,
                                headers: dict[str, str], gradio: bool) -> None:
        limit = self.cfg.max_body
        declared = headers.get("content-length", "")
        too_big = (f"the request body is over the {limit:,} byte limit "
                   "(GLASSHOUSE_MAX_BODY)")
        if declared.strip().isdigit() and int(declared) > limit:
            await self._answer(send, 413, too_big)
            return
        is_json = "json" in headers.get("content-type", "").lower()
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._answer(send, 413, too_big)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if (is_json or gradio) and body[:64].lstrip()[:1] in (b"{", b"["):
            depth = json_depth(body)
            if depth > self.cfg.max_json_depth:
                await self._answer(send, 400, f"the JSON body is nested {depth} levels deep; "
                                              f"at most {self.cfg.max_json_depth} are accepted")
                return
            if gradio:
                refusal = self._foreign_files(body)
                if refusal:
                    await self._answer(send, 400, refusal)
                    return
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
