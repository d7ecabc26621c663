#!/usr/bin/env bash
# Creates .venv (if missing or out of date) with the exact pins, in the order that works offline.
set -euo pipefail
export PIP_DISABLE_PIP_VERSION_CHECK=1
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
stamp=.venv/.glasshouse-requirements
want=$(cat requirements.txt requirements-nodeps.txt | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
# 1) the CPU build of torch first, so nothing pulls a multi-GB CUDA build
python -m pip install -q torch==2.13.0
# 2) everything else, exact pins
python -m pip install -q -r requirements.txt
# 3) wheels whose declared dependencies would break the pins above
python -m pip install -q --no-deps -r requirements-nodeps.txt
echo "$want" > "$stamp"
