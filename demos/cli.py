"""`python app.py demos ...` commands (none yet: demos are built in the browser)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    return None
