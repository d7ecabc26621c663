"""One SQLAlchemy 2 engine per database URL, SQLite pragmas, sessions and versioned migrations.

SQLite (the default, a file under GLASSHOUSE_DATA_DIR) runs with WAL, a busy timeout and foreign
keys on; write transactions start with BEGIN IMMEDIATE so that concurrent writers queue on the busy
timeout instead of failing with "database is locked". PostgreSQL is used when GLASSHOUSE_DB is a
postgresql:// URL (driver: psycopg 3).

Tables are declared on `Base` in glasshouse/users.py, glasshouse/evidence.py and each area's
`tables.py` (`<area>/tables.py` or `explorer/<sub>/tables.py`). Migrations are Alembic revisions
with one branch per area: the core's live in glasshouse/migrations/versions, and each area keeps
its own chain in `<area>/migrations/` (first revision: down_revision=None,
branch_labels=("<area>",)). A test checks that the migrated schema matches the declared tables.
`Database.migrate()` upgrades every branch to its head.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from glasshouse.config import settings

ROOT = Path(__file__).resolve().parent.parent
CORE_MIGRATIONS = Path(__file__).resolve().parent / "migrations"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by every area's tables."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: DateTime(timezone=True)}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _make_engine(url: str) -> Engine:
    if not _is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        write = conn.get_execution_options().get("glasshouse_write", True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")

    return engine


class Database:
    """An engine plus session factories. Services receive one of these explicitly."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(glasshouse_write=False), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return _is_sqlite(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on error."""
        with self._sessions() as s, s.begin():
            yield s

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (no write lock taken on SQLite)."""
        with self._read_sessions() as s:
            yield s

    def migrate(self) -> None:
        """Upgrade every migration branch to its head (nothing to do, and Alembic is not loaded,
        when the database already records exactly the heads: glasshouse/migration_heads.py)."""
        from glasshouse.areas import migration_locations
        from glasshouse.migration_heads import declared_heads

        heads = declared_heads(migration_locations())
        if heads is not None and self.current_revisions() == heads:
            return
        from alembic import command

        with self.engine.connect() as conn:
            cfg = _alembic_config(conn)
            command.upgrade(cfg, "heads")
            conn.commit()

    def current_revisions(self) -> set[str]:
        if "alembic_version" not in inspect(self.engine).get_table_names():
            return set()
        with self.read() as s:
            return {r[0] for r in s.execute(text("SELECT version_num FROM alembic_version"))}

    def integrity_ok(self) -> bool:
        if not self.is_sqlite:
            return True
        with self.read() as s:
            return s.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config(conn: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(CORE_MIGRATIONS))
    from glasshouse.areas import migration_locations

    cfg.set_main_option("version_locations", " ".join(migration_locations()))
    cfg.set_main_option("path_separator", "space")
    cfg.attributes["connection"] = conn
    return cfg


_databases: dict[str, Database] = {}
_lock = threading.Lock()


def get_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """The process-wide Database for a URL (default: GLASSHOUSE_DB), migrated on first use."""
    url = url or settings().database_url
    with _lock:
        db = _databases.get(url)
        if db is None:
            db = Database(url)
            if migrate:
                db.migrate()
            _databases[url] = db
        return db
