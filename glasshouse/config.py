"""Configuration from environment variables with safe defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_MAX_UPLOAD = "50mb"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    max_upload: str
    offline: bool

    @property
    def cache_dir(self) -> Path:
        """Derived files (embeddings, dequantised models); GLASSHOUSE_CACHE_DIR overrides."""
        override = os.environ.get("GLASSHOUSE_CACHE_DIR")
        return Path(override).resolve() if override else self.data_dir / "cache"


def settings() -> Settings:
    """Read settings fresh from the environment (cheap; tests change the environment)."""
    data_dir = Path(os.environ.get("GLASSHOUSE_DATA_DIR", "data")).resolve()
    url = os.environ.get("GLASSHOUSE_DB") or f"sqlite:///{data_dir / 'glasshouse.db'}"
    offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false", "False")
    return Settings(
        data_dir=data_dir,
        database_url=url,
        max_upload=os.environ.get("GLASSHOUSE_MAX_UPLOAD", DEFAULT_MAX_UPLOAD),
        offline=offline,
    )


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")
