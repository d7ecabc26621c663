"""The JSON HTTP API under /api/v1, beside the Gradio app (for scripts, curators' tools and the
load test; people use the Gradio UI).

The core is small: an app factory that mounts every area's router, the acting-user dependencies,
and one error mapping. Each module in `API_MODULES` exposes `router(ctx) -> APIRouter`; its
routes call the area's service functions, which do the work and the permission checks.

Who is acting (same rule as the UI):
- no users configured: a request from a loopback address is the local admin; anything else 403;
- users configured: HTTP Basic on every request (401 without valid credentials), except the
  public demo endpoints, where a request without credentials is an anonymous visitor.

argon2 verification costs tens of milliseconds of CPU on purpose, too much for every call of a
script. Successful verifications are cached in memory for `CACHE_TTL_S`, keyed by an HMAC of
(username, password) under a per-process random key (no password is kept) and tied to the
stored hash: the user's row is still read on every request, so a changed password or role or a
removed user takes effect on the next call. Failed attempts are never cached. (Tokens would
need a table, expiry and revocation; Basic plus this cache keeps scripts as simple as curl -u.)
The checks run off the event loop, bounded, with a per-account and per-address lockout
(glasshouse.login.LoginGuard, shared with the web login).

Errors are JSON {"error", "file", "row", "field"}: BadInput 400 (422 when the request itself
does not fit the endpoint: a missing field, a wrong type), PermissionDenied 403, NotFound 404,
Conflict 409, a rate limit 429 with Retry-After, ModelUnavailable 503, any other failure 500
without a traceback (the traceback goes to the server log).
"""

from __future__ import annotations

import base64
import binascii
import importlib
import logging
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from glasshouse.areas import api_modules
from glasshouse.config import is_loopback
from glasshouse.context import AppContext
from glasshouse.errors import (BadInput, Conflict, GlasshouseError, ModelUnavailable, NotFound,
                               PermissionDenied)
from glasshouse.login import CACHE_TTL_S, CredentialCache, guard_for  # noqa: F401
from glasshouse.per_object import PerObject, per_object
from glasshouse.users import LOCAL_ADMIN, Actor

PREFIX = "/api/v1"
# area modules, each with `router(ctx) -> APIRouter` (mounted under PREFIX)
API_MODULES: tuple[str, ...] = api_modules()  # from the area manifest (glasshouse/areas.py)
REALM = 'Basic realm="Glasshouse API", charset="UTF-8"'

log = logging.getLogger("glasshouse.api")


class Unauthorized(GlasshouseError):
    """No or wrong credentials (HTTP 401)."""


# ---------------------------------------------------------------- who is acting


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        raise Unauthorized("use HTTP Basic authentication (username and password)")
    try:
        username, sep, password = base64.b64decode(value.strip(), validate=True).decode(
            "utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized("the Authorization header is not valid Basic credentials") from None
    if not sep or not username:
        raise Unauthorized("the Authorization header is not valid Basic credentials")
    return username, password


class Auth:
    """Resolves the acting user of an API request. Password checks go through the app's
    LoginGuard (glasshouse.login): off the event loop, bounded, rate-limited per account and
    per client address, successes remembered briefly."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.guard = guard_for(ctx.db)

    async def _verify(self, username: str, password: str, client: str) -> Actor:
        actor = await self.guard.verify(username, password, client)
        if actor is None:
            raise Unauthorized("wrong username or password")
        return actor

    async def optional(self, request: Request) -> Actor | None:
        """The signed-in user, the local admin (no users, loopback), or None (anonymous)."""
        if not self.ctx.auth_enabled:
            host = request.client.host if request.client else ""
            if not is_loopback(host):
                raise PermissionDenied("no users are configured: the API answers only "
                                       "requests from this machine")
            return LOCAL_ADMIN
        creds = _basic_credentials(request)
        return await self._verify(*creds, client_address(request)) if creds else None

    async def required(self, request: Request) -> Actor:
        actor = await self.optional(request)
        if actor is None:
            raise Unauthorized("sign in: send your Glasshouse username and password with "
                               "HTTP Basic authentication")
        return actor


def actor_dependency(ctx: AppContext, *, optional: bool = False) -> Any:
    """A FastAPI dependency giving the acting Actor (or None for optional=True)."""
    auth: Auth = _auth_for(ctx)
    return Depends(auth.optional if optional else auth.required)


# one Auth (and so one login guard and credential cache) per app context
_auth_for: PerObject[AppContext, Auth] = per_object(Auth)


def client_address(request: Request) -> str:
    """The caller's address (the rate-limit key, as on the demo pages)."""
    return request.client.host if request.client else "unknown"


# ---------------------------------------------------------------- errors


def error_body(message: str, *, file: str | None = None, row: int | None = None,
               field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"error": message, "file": file, "row": row, "field": field, **extra}


def status_for(exc: GlasshouseError) -> int:
    if getattr(exc, "retry_after", None) is not None:
        return 429
    for cls, code in ((Unauthorized, 401), (BadInput, 400), (PermissionDenied, 403),
                      (NotFound, 404), (Conflict, 409), (ModelUnavailable, 503)):
        if isinstance(exc, cls):
            return code
    return 400


def error_response(exc: GlasshouseError) -> JSONResponse:
    code = status_for(exc)
    headers: dict[str, str] = {}
    if code == 401:
        headers["WWW-Authenticate"] = REALM
    if code == 429:
        headers["Retry-After"] = str(int(exc.retry_after))  # type: ignore[attr-defined]
    if isinstance(exc, BadInput):
        body = error_body(exc.reason, file=exc.file, row=exc.row, field=exc.field)
        body["message"] = str(exc)
    else:
        body = error_body(str(exc))
    return JSONResponse(body, status_code=code, headers=headers)


async def _glasshouse_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, GlasshouseError)
    return error_response(exc)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    field = ".".join(loc) or None
    msg = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
    return JSONResponse(error_body(msg, field=field, problems=len(errors)), status_code=422)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(error_body(str(exc.detail)), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


class _CatchAll:
    """ASGI middleware: an unexpected exception becomes a 500 JSON answer without traceback
    (logged on the server), instead of propagating into uvicorn's plain-text error."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_wrapper(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:  # noqa: BLE001
            log.exception("API %s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            resp = JSONResponse(error_body(
                f"something went wrong on the server ({type(exc).__name__}); the details are "
                "in the server log"), status_code=500)
            await resp(scope, receive, send)


# ---------------------------------------------------------------- the app


def create_api(ctx: AppContext, modules: tuple[str, ...] = API_MODULES) -> FastAPI:
    """The API as a FastAPI app (mount it at PREFIX). Each area router is included as is."""
    api = FastAPI(title="Glasshouse API", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json")
    api.add_exception_handler(GlasshouseError, _glasshouse_error)
    api.add_exception_handler(RequestValidationError, _validation_error)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    api.add_middleware(_CatchAll)

    @api.get("/whoami")
    def whoami(actor: Actor = actor_dependency(ctx)) -> dict[str, Any]:
        return {"username": actor.username, "role": actor.role}

    for name in modules:
        module = importlib.import_module(name)
        router: Callable[[AppContext], APIRouter] = module.router
        api.include_router(router(ctx))
    return api


def mount_api(server: FastAPI, ctx: AppContext) -> None:
    """Mount the API at /api/v1 on the server app (call before the Gradio mounts)."""
    server.mount(PREFIX, create_api(ctx))
