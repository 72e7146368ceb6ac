#!/usr/bin/env bash
# Set up a virtual environment with the project and its test tools, then run the checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
echo "installing civic-metrics and its test tools into .venv (log: .venv/pip.log)" >&2
.venv/bin/python -m pip install -q -e ".[test]" >.venv/pip.log 2>&1 || { cat .venv/pip.log >&2; exit 1; }
# The browser tests drive Debian's Chromium; install it when we may (root, apt available).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 \
        || echo "warning: could not install chromium; browser tests will be skipped" >&2
fi
.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
