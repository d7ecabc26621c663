"""Configuration from environment variables with safe defaults."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_MAX_UPLOAD = "50mb"
DEFAULT_MAX_BODY = "2mb"
DEFAULT_SESSION_IDLE_S = 1800
DEFAULT_LOGIN_MAX_FAILURES = 10          # per account, within the lockout window
DEFAULT_LOGIN_MAX_FAILURES_CLIENT = 30   # per client address, within the lockout window
DEFAULT_LOGIN_LOCKOUT_S = 900
DEFAULT_LOGIN_SLOTS = 2                  # password checks (argon2) running at once
DEFAULT_LOGIN_QUEUE = 16                 # password checks waiting for a slot; more get 429
DEFAULT_MAX_JSON_DEPTH = 64


def parse_size(text: str | int, name: str = "size") -> int:
    """'50mb', '2 MB', '512kb', '1000' -> bytes (1 kb = 1024 bytes)."""
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", str(text).lower())
    if not m:
        raise ValueError(f"cannot read {name} '{text}' (write e.g. 2mb)")
    return int(float(m.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2)])


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not '{raw}'") from None


def _list_env(name: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in os.environ.get(name, "").split(",") if p.strip())


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    max_upload: str
    offline: bool
    max_body: int = parse_size(DEFAULT_MAX_BODY)
    max_json_depth: int = DEFAULT_MAX_JSON_DEPTH
    cors_origins: tuple[str, ...] = ()
    trusted_proxies: tuple[str, ...] = ()
    session_idle_s: int = DEFAULT_SESSION_IDLE_S
    login_max_failures: int = DEFAULT_LOGIN_MAX_FAILURES
    login_max_failures_client: int = DEFAULT_LOGIN_MAX_FAILURES_CLIENT
    login_lockout_s: int = DEFAULT_LOGIN_LOCKOUT_S
    login_slots: int = DEFAULT_LOGIN_SLOTS
    login_queue: int = DEFAULT_LOGIN_QUEUE

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
        max_body=parse_size(os.environ.get("GLASSHOUSE_MAX_BODY") or DEFAULT_MAX_BODY,
                            "GLASSHOUSE_MAX_BODY"),
        max_json_depth=_int_env("GLASSHOUSE_MAX_JSON_DEPTH", DEFAULT_MAX_JSON_DEPTH),
        cors_origins=tuple(o.rstrip("/") for o in _list_env("GLASSHOUSE_CORS_ORIGINS")),
        trusted_proxies=_proxies(_list_env("GLASSHOUSE_TRUSTED_PROXIES")),
        session_idle_s=_int_env("GLASSHOUSE_SESSION_IDLE", DEFAULT_SESSION_IDLE_S),
        login_max_failures=_int_env("GLASSHOUSE_LOGIN_MAX_FAILURES", DEFAULT_LOGIN_MAX_FAILURES),
        login_max_failures_client=_int_env("GLASSHOUSE_LOGIN_MAX_FAILURES_CLIENT",
                                           DEFAULT_LOGIN_MAX_FAILURES_CLIENT),
        login_lockout_s=_int_env("GLASSHOUSE_LOGIN_LOCKOUT", DEFAULT_LOGIN_LOCKOUT_S),
        login_slots=max(1, _int_env("GLASSHOUSE_LOGIN_SLOTS", DEFAULT_LOGIN_SLOTS)),
        login_queue=max(0, _int_env("GLASSHOUSE_LOGIN_QUEUE", DEFAULT_LOGIN_QUEUE)),
    )


def _proxies(items: tuple[str, ...]) -> tuple[str, ...]:
    """Addresses or networks of reverse proxies whose X-Forwarded-For is believed."""
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ValueError(f"GLASSHOUSE_TRUSTED_PROXIES: '{item}' is not an IP address or "
                             "network") from None
    return items


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")
