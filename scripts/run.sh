#!/usr/bin/env bash
# Set up a virtual environment with the project, then extract the seed articles into the
# store and serve the dashboard at http://127.0.0.1:8050/ (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
echo "installing civic-metrics into .venv (log: .venv/pip.log)" >&2
.venv/bin/python -m pip install -q -e . >.venv/pip.log 2>&1 || { cat .venv/pip.log >&2; exit 1; }
exec .venv/bin/civic-metrics serve "$@"
