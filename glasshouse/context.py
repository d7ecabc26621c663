"""What the UI needs from the core, without importing gradio: the database and who is acting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from glasshouse.db import Database
from glasshouse.errors import PermissionDenied
from glasshouse.users import LOCAL_ADMIN, Actor, get_actor


@dataclass(frozen=True)
class Page:
    """An extra page an area serves at its own path (e.g. a stand-alone demo page).
    `public` pages are served without login even when users are configured; their callbacks
    must still check permissions themselves. `css`/`head` style the page: gr.mount_gradio_app
    sets them at mount time (Gradio 6 ignores css given to gr.Blocks when mounting)."""

    path: str
    blocks: Any
    public: bool = False
    css: str | None = None
    head: str | None = None


@dataclass(frozen=True)
class AppContext:
    db: Database
    auth_enabled: bool

    def actor(self, request: Any) -> Actor:
        """The acting user of a Gradio request (its login), or the local admin when the app
        runs on loopback with no users configured."""
        username = getattr(request, "username", None) if request is not None else None
        if username:
            return get_actor(self.db, username)
        if self.auth_enabled:
            raise PermissionDenied("sign in first")
        return LOCAL_ADMIN
