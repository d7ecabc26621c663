#!/usr/bin/env bash
# Sets up everything (Debian chromium + PostgreSQL, .venv with exact pins) and runs the whole test
# suite: unit, SQLite + PostgreSQL, slow model tests and browser tests. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
