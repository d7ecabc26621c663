"""The Gradio app: one tab per area, assembled from each area's ui.py, with security defaults.

Security defaults (each has a regression test in tests/test_security.py): analytics, share links,
SSR, flagging, the MCP server and monitoring are off; uploads are capped (GLASSHOUSE_MAX_UPLOAD) and
land in a private temp dir that is removed at exit and on SIGTERM; nothing outside that dir is
served; binding a non-loopback address needs configured users, and then every page and API call
needs a login. In front of everything sits glasshouse.http_guard (body limits, files named in
events, CORS, framing headers, the public pages' limits, sign-out, idle sessions); its attack
tests are tests/security/test_server_*.py, against a real `app.py serve`.
"""

from __future__ import annotations

import contextlib
import functools
import html
import importlib
import logging
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from glasshouse.areas import page_modules, tabs
from glasshouse.config import is_loopback, settings
from glasshouse.context import AppContext
from glasshouse.errors import GlasshouseError
from glasshouse.gradio_stubs import skip_stub_regeneration
from glasshouse.import_race import retry_import_deadlocks
from glasshouse.restore_gate import RestoreGate, session_of
from glasshouse.uploads import private_upload_dir, uploaded_file  # noqa: F401 (re-exported)

# from the area manifest (glasshouse/areas.py):
# title, module: each module has INTRO (markdown) and build(ctx) called inside its tab
TABS: tuple[tuple[str, str], ...] = tabs()
# modules whose `pages(ctx) -> list[Page]` adds stand-alone pages beside the main app
PAGE_MODULES: tuple[str, ...] = page_modules()

log = logging.getLogger("glasshouse.ui")


def _prepare_environment() -> None:
    """Must run before gradio is imported (gradio reads some of these at import)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["GRADIO_FLAGGING_MODE"] = "never"
    os.environ["GRADIO_SSR_MODE"] = "False"
    os.environ["GRADIO_MCP_SERVER"] = "False"
    os.environ["GRADIO_TEMP_DIR"] = str(private_upload_dir())
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    skip_stub_regeneration()  # an editor aid Gradio redoes at every import (gradio_stubs.py)


F = TypeVar("F", bound=Callable[..., Any])


def safe(fn: F) -> F:
    """Wrap a UI callback: GlasshouseError becomes a plain gr.Error message; anything else
    becomes a short message (details go to the server log), never a traceback.

    Gradio injects `request: gr.Request` by resolving the callback's annotations (functools.wraps
    keeps them). With `from __future__ import annotations` they are strings, resolved against the
    module's globals: if `gr` is imported only inside build(), the request silently becomes None.
    So ui.py files either skip the future import or import gradio at module level
    (tests/test_app_context.py checks every registered callback)."""
    import inspect

    import gradio as gr

    if getattr(fn, "__glasshouse_safe__", False):
        return fn

    def plain(exc: Exception) -> Exception:
        if isinstance(exc, gr.Error):
            return exc
        if isinstance(exc, GlasshouseError):
            # Gradio shows error messages as HTML; ours name files, columns and values from
            # user data, so they are escaped (shown as the text they are).
            return gr.Error(html.escape(str(exc), quote=False), print_exception=False)
        log.exception("callback %s failed", getattr(fn, "__name__", fn))
        return gr.Error(f"Something went wrong ({type(exc).__name__}). The details are in "
                        "the server log.", print_exception=False)

    if inspect.isgeneratorfunction(fn):  # streaming callbacks stay generators
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001
                raise plain(exc) from None
    else:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:  # a lazy import that raced another thread's is tried again (import_race.py)
                return retry_import_deadlocks(fn, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001
                raise plain(exc) from None

    wrapper.__glasshouse_safe__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def restore_on_load(gate: RestoreGate, fn: Callable[..., Any], outputs: list[Any],
                    **kwargs: Any) -> None:
    """On page load, `fn(request)` puts back the last visit's results in `outputs`, ordered
    before the visitor's own actions by `gate` (see glasshouse/restore_gate.py): skipped once
    they acted, and its delivery to the browser reported by a chained step."""
    import gradio as gr

    @functools.wraps(fn)
    def restore(request: Any) -> Any:
        if not gate.restore_begins(session_of(request)):
            return tuple(gr.skip() for _ in outputs)
        return fn(request)

    def restore_delivered(request: Any) -> None:
        gate.restore_delivered(session_of(request))

    # Gradio passes the request to a parameter annotated gr.Request (not a string annotation)
    restore_delivered.__annotations__ = {"request": gr.Request, "return": None}
    gr.on(triggers=None, fn=safe(restore), inputs=None, outputs=outputs, **kwargs).then(
        restore_delivered, None, None, show_progress="hidden")


def wrap_callbacks(blocks: Any) -> Any:
    """Wrap every callback registered on `blocks` in `safe` (those a ui.py already wrapped are
    left as they are), so no event of any tab or page can show a traceback."""
    import inspect

    for block_fn in blocks.fns.values():
        fn = block_fn.fn
        if fn is not None and not inspect.iscoroutinefunction(fn) and not inspect.isasyncgenfunction(fn):
            block_fn.fn = safe(fn)
    return blocks


def sanitise_markdown_components() -> None:
    """Every gr.Markdown value (initial or returned by an event, on every page) is rendered and
    cleaned by glasshouse.sanitize before it reaches a browser: user text in Markdown cannot
    bring forms, inputs, styles, event handlers, iframes or external images."""
    import gradio as gr

    if getattr(gr.Markdown.postprocess, "sanitised", False):
        return
    original = gr.Markdown.postprocess

    def postprocess(self: Any, value: Any) -> Any:
        from glasshouse.glossary import add_tooltips
        from glasshouse.sanitize import markdown_to_html

        out = original(self, value)
        if not (isinstance(value, str) and isinstance(out, str)):
            return out
        # technical terms get their plain explanation as a tooltip (glasshouse/glossary.py)
        return add_tooltips(markdown_to_html(out, breaks=bool(getattr(self, "line_breaks",
                                                                       False))))

    postprocess.sanitised = True  # type: ignore[attr-defined]
    gr.Markdown.postprocess = postprocess  # type: ignore[method-assign]


EMPTY_TABLE_HEADER = "Nothing to show yet"


def _has_no_columns(value: Any) -> bool:
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return True
    columns = getattr(value, "columns", None)
    if columns is not None and len(columns) == 0:
        return True
    return isinstance(value, dict) and not value.get("headers") and not value.get("data")


def plain_empty_tables() -> None:
    """A table with nothing in it (initially, or an event returned no columns) shows one plain
    header instead of Gradio's placeholder columns "1 2 3"."""
    import gradio as gr

    if getattr(gr.Dataframe.postprocess, "plain_empty", False):
        return
    original = gr.Dataframe.postprocess

    placeholder = ["1", "2", "3"]  # what Gradio shows for a table given no headers

    def postprocess(self: Any, value: Any) -> Any:
        headers = list(getattr(self, "headers", None) or [])
        if _has_no_columns(value) and (not headers or headers == placeholder):
            value = {"headers": [EMPTY_TABLE_HEADER], "data": []}
        return original(self, value)

    postprocess.plain_empty = True  # type: ignore[attr-defined]
    gr.Dataframe.postprocess = postprocess  # type: ignore[method-assign]


# ------------------------------------------------------- start-up work Gradio does for nothing
# Closing a Blocks builds a whole server app (about 80 routes) and the page's config for all its
# components; queue() builds another app; mount_gradio_app then computes the config twice (at its
# top, and again in create_app after css, head and theme are set) and builds the app that is
# served. For our ~590 components that was about a second before the first page. Measured by
# `python bench/bench_startup.py`; tests/test_startup.py checks one server app and one config per
# served Blocks, and that the served config is the one Gradio computes.


class _NoServerAppYet:
    """Stands in for gradio.routes.App inside gradio.blocks while our Blocks are built."""

    @staticmethod
    def create_app(blocks: Any, *args: Any, **kwargs: Any) -> None:
        return None


@contextlib.contextmanager
def building_blocks() -> Iterator[None]:
    """Closing or queueing a Blocks inside this block builds no server app and no config (see
    above); mount_gradio_app builds both for the Blocks it serves."""
    import gradio.blocks

    real_app = gradio.blocks.App
    real_exit = gradio.blocks.Blocks.__exit__

    def exit_without_config(self: Any, exc_type: Any = None, *args: Any) -> None:
        self.get_config_file = dict  # an empty config until the mount computes the real one
        try:
            real_exit(self, exc_type, *args)
        finally:
            del self.get_config_file

    gradio.blocks.App = _NoServerAppYet  # type: ignore[misc,assignment]
    gradio.blocks.Blocks.__exit__ = exit_without_config  # type: ignore[method-assign]
    try:
        yield
    finally:
        gradio.blocks.App = real_app  # type: ignore[misc]
        gradio.blocks.Blocks.__exit__ = real_exit  # type: ignore[method-assign]


def mount(server: Any, blocks: Any, **kwargs: Any) -> Any:
    """gr.mount_gradio_app computing the served config once instead of twice (see above).
    Gradio computes it at the top of the mount, sets css, head, theme and the rest, then
    computes it again in create_app's MCP step; the first is used only to count pages for a
    server-side-rendering warning. Here the first is an empty dict and the real one is
    computed at the same point as Gradio's last, so the served config is the same."""
    import gradio as gr
    from gradio.routes import App

    real_setup = App.__dict__["setup_mcp_server"]

    def setup_mcp_server(b: Any, app_kwargs: dict[str, Any], mcp_server: bool | None = None) -> Any:
        b.__dict__.pop("get_config_file", None)  # from here on, the real config
        return real_setup.__func__(b, app_kwargs, mcp_server)

    blocks.get_config_file = dict
    App.setup_mcp_server = staticmethod(setup_mcp_server)  # type: ignore[method-assign]
    try:
        return gr.mount_gradio_app(server, blocks, **kwargs)
    finally:
        blocks.__dict__.pop("get_config_file", None)
        App.setup_mcp_server = real_setup  # type: ignore[method-assign]


def build_app(ctx: AppContext) -> Any:
    _prepare_environment()
    sanitise_markdown_components()
    plain_empty_tables()
    with building_blocks():
        return _build_main(ctx)


def _build_main(ctx: AppContext) -> Any:
    import gradio as gr

    with gr.Blocks(title="Glasshouse", analytics_enabled=False,
                   delete_cache=(1800, 3600)) as app:
        gr.Markdown(
            "# Glasshouse\n"
            "Look into language data and models before they reach people: a catalog of "
            "language resources and their licences, tools to profile datasets and probe models "
            "for bias, demos that people can try and comment on, and model and data cards "
            "drafted from what you found."
        )
        if ctx.auth_enabled:  # sign-out is a POST (a GET could be fired by any other site)
            gr.HTML('<form method="post" action="logout" style="text-align:right">'
                    '<button type="submit" id="gh-sign-out">Sign out</button></form>',
                    elem_id="gh-sign-out-form")
        with gr.Tabs():
            for title, module in TABS:
                area = importlib.import_module(module)
                with gr.Tab(title, id=title.lower().replace(" ", "-")):
                    gr.Markdown(area.INTRO)
                    area.build(ctx)
    return wrap_callbacks(app)


def tab_css() -> str:
    """The `CSS` of every tab's ui.py module, for the main page (Gradio 6 takes css at mount)."""
    return "\n".join(getattr(importlib.import_module(module), "CSS", "") for _, module in TABS)


def check_bind(host: str, users: int) -> None:
    if not is_loopback(host) and users == 0:
        raise GlasshouseError(
            f"refusing to bind {host}: no users are configured, so anyone who can reach this "
            "address would act as admin. Add one with `python app.py users add NAME --role "
            "admin`, or bind 127.0.0.1.")


def mount_kwargs(ctx: AppContext, *, public: bool = False) -> dict[str, Any]:
    """Security settings for gr.mount_gradio_app (see the module docstring)."""
    kwargs: dict[str, Any] = dict(
        ssr_mode=False, mcp_server=False, enable_monitoring=False, pwa=False, show_error=False,
        max_file_size=settings().max_upload, allowed_paths=[],
        blocked_paths=[str(settings().data_dir)], footer_links=[],
    )
    if ctx.auth_enabled and not public:
        kwargs["auth"] = web_login(ctx)
        kwargs["auth_message"] = "Sign in to Glasshouse"
    return kwargs


def web_login(ctx: AppContext) -> Callable[[str, str], Any]:
    """Gradio's login check as a coroutine (Gradio awaits it on the event loop): the password
    check runs in a worker thread through the app's LoginGuard (bounded, rate-limited, with
    lockout; see glasshouse.login); a lockout answers 429 with Retry-After."""
    from starlette.exceptions import HTTPException

    from glasshouse.login import LoginThrottled, guard_for

    guard = guard_for(ctx.db)

    async def check(username: str, password: str) -> bool:
        try:
            return await guard.verify(username, password) is not None
        except LoginThrottled as exc:
            raise HTTPException(429, detail=str(exc),
                                headers={"Retry-After": str(exc.retry_after)}) from None

    return check


class RequestClock:
    """ASGI middleware that tells glasshouse.warmup when requests arrive and when a page has been
    served, so background warm-ups start at a quiet moment after the first page."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from glasshouse import warmup

        warmup.note_request()

        async def noting_send(message: Any) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = dict(message.get("headers") or [])
                if headers.get(b"content-type", b"").startswith(b"text/html"):
                    warmup.note_page_served()
            await send(message)

        await self.app(scope, receive, noting_send)


def create_server_app(ctx: AppContext) -> Any:
    """The FastAPI app: area pages first (more specific paths), then the main app at /."""
    from glasshouse import warmup

    warmup.server_building()  # background warm-ups wait until the first page has been served
    main = build_app(ctx)
    from fastapi import FastAPI

    from starlette.middleware.cors import CORSMiddleware

    from glasshouse.api import mount_api
    from glasshouse.http_guard import HttpGuard, MountRegistry, mounted_gradio_apps

    cfg = settings()
    server = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    server.add_middleware(RequestClock)  # innermost: sees the requests the guard let through
    # same-origin only unless GLASSHOUSE_CORS_ORIGINS lists origins (Gradio's own CORS
    # middleware stands aside when the parent app configures CORSMiddleware)
    server.add_middleware(CORSMiddleware, allow_origins=list(cfg.cors_origins),
                          allow_credentials=True, allow_methods=["GET", "POST", "PUT", "PATCH"],
                          allow_headers=["authorization", "content-type"])
    registry = MountRegistry()
    server.add_middleware(HttpGuard, config=cfg, registry=registry)  # outermost
    mount_api(server, ctx)  # JSON API at /api/v1, before the Gradio mounts (they take the rest)
    with building_blocks():
        page_list = [page for module in PAGE_MODULES for page in
                     getattr(importlib.import_module(module), "pages", lambda _ctx: [])(ctx)]
        main.queue(default_concurrency_limit=4)
    pages: dict[str, bool] = {}
    for page in page_list:
        wrap_callbacks(page.blocks)
        mount(server, page.blocks, path=page.path, css=page.css, head=page.head,
              **mount_kwargs(ctx, public=page.public))
        pages[page.path.rstrip("/")] = True
    mount(server, main, path="", css=tab_css() or None, **mount_kwargs(ctx))
    for prefix, gradio_app in mounted_gradio_apps(server).items():
        gradio_app.get_blocks().app = gradio_app  # the served app (the queue reads blocks.app)
        registry.add(prefix, gradio_app, page=prefix.rstrip("/") in pages)
    warmup.server_started()
    return server


def make_context() -> AppContext:
    from glasshouse.db import get_database
    from glasshouse.users import count_users

    db = get_database()
    return AppContext(db=db, auth_enabled=count_users(db) > 0)


class BackgroundServer:
    """uvicorn in a thread (tests, benchmarks); `stop()` shuts it down."""

    def __init__(self, app: Any, host: str, port: int) -> None:
        import threading
        import time

        import uvicorn

        self.url = f"http://{host}:{port}"
        proxies = settings().trusted_proxies
        self._server = uvicorn.Server(uvicorn.Config(
            app, host=host, port=port, log_level="warning", proxy_headers=bool(proxies),
            forwarded_allow_ips=list(proxies) or None))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"server did not start on {self.url}")
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def serve(host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve until stopped. X-Forwarded-For is believed only from GLASSHOUSE_TRUSTED_PROXIES
    (uvicorn's default trusts it from any loopback peer, which let one client pose as many and
    slip past the rate limits). SIGTERM removes the private upload folder: uvicorn shuts down
    gracefully, then re-raises the signal with the handler installed before it started, so
    atexit alone never ran."""
    import signal

    import uvicorn

    from glasshouse.uploads import remove_private_upload_dir

    ctx = make_context()
    check_bind(host, 1 if ctx.auth_enabled else 0)
    app = create_server_app(ctx)
    proxies = settings().trusted_proxies
    log.warning("Glasshouse on http://%s:%d (%s)", host, port,
                "login required" if ctx.auth_enabled else "single-user mode: no users configured")

    def on_term(signum: int, _frame: Any) -> None:
        remove_private_upload_dir()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning",
                    proxy_headers=bool(proxies), forwarded_allow_ips=list(proxies) or None)
    finally:
        remove_private_upload_dir()


# ---------------------------------------------------------------- forms from parameter models


def form_widgets(fields: list[Any], values: list[Any], *, tucked: tuple[str, ...] = (),
                 tucked_label: str = "More settings") -> list[Any]:
    """Gradio components for the FormFields of glasshouse.param_form (one per field, in order),
    showing `values`; the fields named in `tucked` sit in a closed accordion below the rest.
    Word lists are one item per line; tables and mappings are editable tables."""
    import gradio as gr

    def make(f: Any, v: Any) -> Any:
        info = f.help or None
        if f.kind == "choice":
            return gr.Dropdown(list(f.choices), value=v, label=f.label, info=info)
        if f.kind in ("int", "float"):
            return gr.Number(v, label=f.label, info=info, minimum=f.minimum, maximum=f.maximum,
                             precision=0 if f.kind == "int" else None)
        if f.kind == "bool":
            return gr.Checkbox(v, label=f.label, info=info)
        if f.kind == "lines":
            return gr.Textbox(v, lines=6, max_lines=20, label=f"{f.label} (one per line)",
                              info=info)
        if f.kind in ("table", "mapping"):
            return gr.Dataframe(v, headers=list(f.column_labels), type="array",
                                column_count=(len(f.cells), "fixed"), interactive=True,
                                wrap=True, label=f"{f.label} (add, edit or delete rows; "
                                "separate several words in one cell with ;)", max_height=320)
        if f.kind == "json":
            return gr.Code(v, language="json", label=f.label)
        return gr.Textbox(v, label=f.label, info=info)

    widgets: list[Any] = [None] * len(fields)
    for i, (f, v) in enumerate(zip(fields, values)):
        if f.name not in tucked:
            widgets[i] = make(f, v)
    if any(f.name in tucked for f in fields):
        with gr.Accordion(tucked_label, open=False):
            for i, (f, v) in enumerate(zip(fields, values)):
                if f.name in tucked:
                    widgets[i] = make(f, v)
    return widgets
