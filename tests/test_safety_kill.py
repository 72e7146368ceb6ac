"""Killed ingests, with real processes: their workers die with them, the store is never locked by
a dead run, and their staging folders are cleaned up by the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from metrics.store import STAGE_PREFIX, Store

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv" / "bin" / "civic-metrics")]
if not os.path.exists(CLI[0]):
    CLI = [sys.executable, "-m", "metrics.cli"]
SEEDS = ROOT / "seeds"


def children(pid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_paused(db: str, stage: str) -> subprocess.Popen:
    env = {**os.environ, "CIVIC_METRICS_PAUSE": f"{stage}:120"}
    proc = subprocess.Popen([*CLI, "ingest", "--workers", "2", "--no-progress", "--db", db, str(SEEDS)],
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    line = proc.stderr.readline()
    assert f"paused at {stage}" in line, line
    return proc


def test_workers_of_a_killed_ingest_die_and_the_next_ingest_runs(tmp_path):
    db = str(tmp_path / "s.duckdb")
    proc = start_paused(db, "extract")
    try:
        workers = []
        for _ in range(100):  # the pool starts its workers as it needs them
            workers = children(proc.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.05)
        assert workers
        assert [d for d in os.listdir(tmp_path) if d.startswith(STAGE_PREFIX)]
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, as the OOM killer would
        proc.wait(10)
        for _ in range(200):
            if not any(alive(w) for w in workers):
                break
            time.sleep(0.05)
        assert not any(alive(w) for w in workers), "the pool's workers outlived their parent"
        done = subprocess.run([*CLI, "ingest", "--wait", "30", "--db", db, str(SEEDS)], capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "5 new" in done.stderr
        assert not [d for d in os.listdir(tmp_path) if d.startswith(STAGE_PREFIX)]
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_a_killed_process_group_leaves_no_lock_and_no_staging(tmp_path):
    db = str(tmp_path / "s.duckdb")
    proc = start_paused(db, "stage")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert [d for d in os.listdir(tmp_path) if d.startswith(STAGE_PREFIX)]
    summary = Store(db).ingest([SEEDS], workers=1)
    assert summary.new == 5
    assert not [d for d in os.listdir(tmp_path) if d.startswith(STAGE_PREFIX)]


def test_an_ingest_commits_while_the_app_reads_without_pause(tmp_path):
    """Four threads read through a kept-alive store without a gap; an ingest still gets the file
    for its final transaction (readers let go of it), and they then see its documents."""
    import threading

    from dashboard.data import Data

    db = str(tmp_path / "s.duckdb")
    assert subprocess.run([*CLI, "ingest", "--db", db, str(SEEDS)], capture_output=True).returncode == 0
    data, stop, seen, errors = Data(db), threading.Event(), [], []

    def read():
        while not stop.is_set():
            try:
                seen.append(len(data.figures_page(None, None, 0, 10)[0]) and data.document("0" * 16))
            except Exception as e:  # noqa: BLE001 - collected and reported below
                errors.append(e)
    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        dev = ROOT.parent / "shared" / "corpus" / "dev"
        done = subprocess.run([*CLI, "ingest", "--db", db, str(dev)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        n_dev = len([f for f in os.listdir(dev) if f.endswith((".txt", ".md"))])
        assert data._read(lambda s: len(s.documents())) == 5 + n_dev
    finally:
        stop.set()
        for t in threads:
            t.join(60)
        data.close()
    assert not errors, errors[:3]
    assert seen
