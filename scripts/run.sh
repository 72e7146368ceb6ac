#!/usr/bin/env bash
# Set up a virtual environment with the project, then extract the seed articles into the
# store and serve the dashboard at http://127.0.0.1:8050/ (Ctrl-C stops it).
# The first run installs the dependencies (about a minute and a half); it says what it is doing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
start=$SECONDS
if [ ! -x .venv/bin/python ]; then
    echo "[1/3] creating .venv ..." >&2
    "$PY" -m venv .venv
else
    echo "[1/3] using the existing .venv" >&2
fi
echo "[2/3] installing civic-metrics and its dependencies into .venv (full log: .venv/pip.log)" >&2
# pip's own lines, shortened to one per package, so that a slow install is visibly moving.
set +e
.venv/bin/python -m pip install --progress-bar off -e . 2>&1 | tee .venv/pip.log \
    | grep --line-buffered -E '^(Collecting|Installing collected|Successfully installed)' \
    | sed -u -e 's/^Collecting /  fetching /' -e 's/^Installing collected packages: .*/  installing the packages .../' \
             -e 's/^Successfully installed .*/  installed/' >&2
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
    cat .venv/pip.log >&2
    echo "run.sh: the installation failed (see above)" >&2
    exit 1
fi
echo "[3/3] installed in $((SECONDS - start)) s; starting the app (it ingests seeds/ into an empty store first)" >&2
exec .venv/bin/civic-metrics serve "$@"
