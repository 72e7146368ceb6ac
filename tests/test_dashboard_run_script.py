"""scripts/run.sh says what it is doing while it installs, and shows pip's log when that fails.

The script runs in a copy of the project layout whose ``.venv`` holds stand-ins for python and
civic-metrics, so nothing is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FAKE_PYTHON = """#!/bin/sh
# stands in for .venv/bin/python -m pip install ...
echo "Obtaining file:///project"
echo "Collecting duckdb>=1.0"
echo "Collecting dash>=2.17"
echo "Installing collected packages: duckdb, dash, civic-metrics"
if [ -n "$FAIL" ]; then echo "ERROR: no matching distribution for dash"; exit 1; fi
echo "Successfully installed civic-metrics-0.1 dash-4 duckdb-1"
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").write_text(FAKE_PYTHON)
    (bin_ / "civic-metrics").write_text('#!/bin/sh\necho "serve called with: $*"\n')
    for f in bin_.iterdir():
        f.chmod(0o755)
    return tmp_path


def test_run_script_prints_progress_then_serves(tmp_path):
    root = _project(tmp_path)
    out = subprocess.run(["bash", "scripts/run.sh", "--port", "9999"], cwd=root, capture_output=True, text=True,
                         env={**os.environ, "FAIL": ""})
    assert out.returncode == 0, out.stderr
    assert "[2/3] installing civic-metrics" in out.stderr
    assert "  fetching duckdb>=1.0" in out.stderr and "  installed" in out.stderr
    assert "[3/3] installed in" in out.stderr
    assert out.stdout.strip() == "serve called with: serve --port 9999"
    assert "Successfully installed" in (root / ".venv" / "pip.log").read_text()


def test_run_script_shows_the_log_when_the_install_fails(tmp_path):
    root = _project(tmp_path)
    out = subprocess.run(["bash", "scripts/run.sh"], cwd=root, capture_output=True, text=True,
                         env={**os.environ, "FAIL": "1"})
    assert out.returncode == 1
    assert "ERROR: no matching distribution for dash" in out.stderr and "installation failed" in out.stderr
    assert "serve called" not in out.stdout
