#!/usr/bin/env bash
# Sets up .venv with exact pins (first run: a few minutes) and serves the app on
# http://127.0.0.1:7860. Extra args go to `python app.py serve` (e.g. --port 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python app.py serve "$@"
