"""A throwaway PostgreSQL server on loopback for the test session (Debian's postgresql package).

Used when GLASSHOUSE_TEST_PG_URL is not set. initdb refuses to run as root, so as root the
cluster is created and run as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from glasshouse.app_process import free_port


def _bin(name: str) -> str | None:
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    return shutil.which(name)


class PostgresServer:
    def __init__(self) -> None:
        initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("PostgreSQL server binaries not found: install Debian's "
                               "`postgresql` package (scripts/test.sh does this)")
        self.pg_ctl = pg_ctl
        self.dir = Path(tempfile.mkdtemp(prefix="glasshouse-pg-"))
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data = str(self.dir / "data")
        self._run([initdb, "-D", data, "-A", "trust", "-U", "glasshouse", "-E", "UTF8",
                   "--no-sync"])
        self._run([pg_ctl, "-D", data, "-l", str(self.dir / "log"), "-w", "-t", "60", "-o",
                   f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c max_connections=200", "start"])
        self.data = data
        self.url = f"postgresql+psycopg://glasshouse@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        subprocess.run(self.as_user + cmd, check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        try:
            self._run([self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop"])
        finally:
            time.sleep(0.1)
            shutil.rmtree(self.dir, ignore_errors=True)
