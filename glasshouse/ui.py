"""The Gradio app: one tab per area, assembled from each area's ui.py, with security defaults.

Security defaults (each has a regression test in tests/test_security.py): analytics, share links,
SSR, flagging, the MCP server and monitoring are off; uploads are capped (GLASSHOUSE_MAX_UPLOAD) and
land in a private temp dir that is removed at exit; nothing outside that dir is served; binding a
non-loopback address needs configured users, and then every page and API call needs a login.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from glasshouse.config import is_loopback, settings
from glasshouse.context import AppContext
from glasshouse.errors import GlasshouseError

# name, module: each module has INTRO (markdown) and build(ctx) called inside its tab
TABS: tuple[tuple[str, str], ...] = (
    ("Catalog", "catalog.ui"),
    ("Datasets", "explorer.datasets.ui"),
    ("Embeddings", "explorer.embeddings.ui"),
    ("Bias probes", "explorer.probes.ui"),
    ("Demos", "demos.ui"),
    ("Cards", "cards.ui"),
)

log = logging.getLogger("glasshouse.ui")
_upload_dir: Path | None = None


def private_upload_dir() -> Path:
    """A 0700 temp dir for this process's uploads and Gradio cache, removed at exit."""
    global _upload_dir
    if _upload_dir is None:
        _upload_dir = Path(tempfile.mkdtemp(prefix="glasshouse-uploads-"))
        os.chmod(_upload_dir, 0o700)
        atexit.register(shutil.rmtree, _upload_dir, True)
    return _upload_dir


def _prepare_environment() -> None:
    """Must run before gradio is imported (gradio reads some of these at import)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["GRADIO_TEMP_DIR"] = str(private_upload_dir())
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")


F = TypeVar("F", bound=Callable[..., Any])


def safe(fn: F) -> F:
    """Wrap a UI callback: GlasshouseError becomes a plain gr.Error message; anything else
    becomes a short message (details go to the server log), never a traceback."""
    import gradio as gr

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except GlasshouseError as exc:
            raise gr.Error(str(exc), print_exception=False) from None
        except Exception as exc:  # noqa: BLE001
            log.exception("callback %s failed", fn.__name__)
            raise gr.Error(f"Something went wrong ({type(exc).__name__}). The details are in "
                           "the server log.", print_exception=False) from None

    return wrapper  # type: ignore[return-value]


def build_app(ctx: AppContext) -> Any:
    _prepare_environment()
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
        with gr.Tabs():
            for title, module in TABS:
                area = importlib.import_module(module)
                with gr.Tab(title, id=title.lower().replace(" ", "-")):
                    gr.Markdown(area.INTRO)
                    area.build(ctx)
    return app


def check_bind(host: str, users: int) -> None:
    if not is_loopback(host) and users == 0:
        raise GlasshouseError(
            f"refusing to bind {host}: no users are configured, so anyone who can reach this "
            "address would act as admin. Add one with `python app.py users add NAME --role "
            "admin`, or bind 127.0.0.1.")


def launch_kwargs(ctx: AppContext, host: str, port: int) -> dict[str, Any]:
    kwargs: dict[str, Any] = dict(
        server_name=host, server_port=port, share=False, ssr_mode=False, mcp_server=False,
        enable_monitoring=False, pwa=False, show_error=False, max_file_size=settings().max_upload,
        allowed_paths=[], blocked_paths=[str(settings().data_dir)], quiet=True,
    )
    if ctx.auth_enabled:
        from glasshouse.users import authenticate

        kwargs["auth"] = lambda u, p: authenticate(ctx.db, u, p) is not None
        kwargs["auth_message"] = "Sign in to Glasshouse"
    return kwargs


def serve(host: str = "127.0.0.1", port: int = 7860, *, block: bool = True) -> Any:
    from glasshouse.db import get_database
    from glasshouse.users import count_users

    db = get_database()
    users = count_users(db)
    check_bind(host, users)
    ctx = AppContext(db=db, auth_enabled=users > 0)
    app = build_app(ctx)
    app.queue(default_concurrency_limit=4)
    log.warning("Glasshouse on http://%s:%d (%s)", host, port,
                "login required" if users else "single-user mode: no users configured")
    app.launch(prevent_thread_lock=not block, **launch_kwargs(ctx, host, port))
    return app
