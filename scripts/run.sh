#!/usr/bin/env bash
# Set up a virtual environment with the project, then extract the seed articles into the
# store and serve the dashboard at http://127.0.0.1:8050/ (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e .
exec .venv/bin/civic-metrics serve "$@"
