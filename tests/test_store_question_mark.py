"""A store in a folder whose path contains '?' (issue 8, item 12), with real DuckDB files and real
processes. DuckDB (2.0) would put such a store's write-ahead log at the '?' (``a.wal?b/s.duckdb``, a
folder that does not exist), so the store is written through a working copy in a private temporary
folder and put back in one rename; readers open it in place. Nothing is left anywhere after a run,
a kill at any point leaves the old store or the new one, and the next run cleans what a killed one
left. A '?' in the store's own file name needs none of this (its log goes beside it)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from metrics.store import STAGE_PREFIX, WORK_PREFIX, Store
from tests.test_store import CLI, DEV, SEEDS
from tests.test_store_scale import article

N_DEV = len([f for f in os.listdir(DEV) if f.endswith((".txt", ".md"))]) if DEV.is_dir() else 0


SHM = Path("/dev/shm")
OTHER_FS = SHM.is_dir() and os.access(SHM, os.W_OK) and SHM.stat().st_dev != Path(tempfile.gettempdir()).stat().st_dev


@pytest.fixture(params=["same filesystem", "other filesystem"])
def place(tmp_path, request):
    """(store path in a folder with '?', the temporary folder the CLI uses, environment): the
    temporary folder on the store's filesystem (the copy is renamed into place) or on another one
    (it is copied beside the store first)."""
    folder = tmp_path / "a?b[c]{d}"
    folder.mkdir()
    if request.param == "same filesystem":
        tmp = tmp_path / "tmp"
        tmp.mkdir()
    else:
        if not OTHER_FS:
            pytest.skip("no writable /dev/shm on another filesystem")
        tmp = Path(tempfile.mkdtemp(prefix="civic-metrics-test-", dir=SHM))
        request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    return folder / "s.duckdb", tmp, {**os.environ, "TMPDIR": str(tmp)}


def cli(*args, env):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=300, env=env)


def snapshot(db):
    store = Store(db, read_only=True)
    return store.documents(), store.figures(), store.observations()


def same(a, b):
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y)


def nothing_left(db: Path, tmp: Path, *also: str) -> None:
    """Only the store, its lock file and ``also`` in its folder; nothing in the temporary folder; no
    folder where DuckDB would have put its log."""
    assert sorted(os.listdir(db.parent)) == sorted([db.name, db.name + ".lock", *also])
    assert os.listdir(tmp) == []
    assert sorted(os.listdir(db.parent.parent)) == sorted([db.parent.name] + ([tmp.name] if tmp.parent ==
                                                                                db.parent.parent else []))


@pytest.mark.skipif(not N_DEV, reason="the shared dev corpus is not here")
def test_ingest_query_ingest_export_in_a_folder_with_a_question_mark(place):
    db, tmp, env = place
    done = cli("ingest", "--db", str(db), str(SEEDS), env=env)
    assert done.returncode == 0, done.stderr
    assert "5 new, 0 unchanged" in done.stderr
    nothing_left(db, tmp)
    store = Store(db, read_only=True)
    first = store.figures()
    assert len(store.documents()) == 5 and len(first) > 5
    assert store.figures(ids=first.figure_id[:7].tolist()).title.tolist() == first.title[:7].tolist()
    assert len(store.observations()) > 0
    done = cli("ingest", "--db", str(db), str(SEEDS), str(DEV), env=env)
    assert done.returncode == 0, done.stderr
    assert f"{N_DEV} new, 5 unchanged, 0 replaced" in done.stderr
    nothing_left(db, tmp)
    store = Store(db, read_only=True, keep_alive=True)
    assert len(store.documents()) == 5 + N_DEV
    pd.testing.assert_frame_equal(store.figures().iloc[: len(first)], first)  # ids and rows kept
    store.close()
    done = cli("export", "--db", str(db), "--out", str(db.parent / "x.csv"), env=env)
    assert done.returncode == 0, done.stderr
    rows = (db.parent / "x.csv").read_text(encoding="utf-8-sig").count("\n")
    assert rows > len(first)
    nothing_left(db, tmp, "x.csv")
    con = duckdb.connect(str(db), read_only=True)  # a plain DuckDB file, fully checkpointed
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(5 + N_DEV,)]
    con.close()


def test_through_a_link_and_from_python(tmp_path):
    """A link to the folder (DuckDB would resolve it) and the app's uploads (``ingest_documents``)."""
    folder = tmp_path / "x?y"
    folder.mkdir()
    (tmp_path / "link").symlink_to(folder)
    db = tmp_path / "link" / "s.duckdb"
    store = Store(db)
    assert store.ingest_documents([article(i) for i in range(6)], upload=False).new == 6
    reader = Store(db, read_only=True, keep_alive=True)  # the app's: it lets go while a write commits
    assert len(reader.figures()) == 6 * 4
    assert store.ingest_documents([article(i) for i in range(4, 9)], upload=False).new == 3
    assert len(reader.figures()) == 9 * 4  # the new file, not the one it had open
    reader.close()
    assert (tmp_path / "link").is_symlink() and (folder / "s.duckdb").is_file()
    assert sorted(os.listdir(folder)) == ["s.duckdb", "s.duckdb.lock"]
    assert sorted(os.listdir(tmp_path)) == ["link", "x?y"]
    assert len(Store(folder / "s.duckdb", read_only=True).figures()) == 9 * 4


@pytest.mark.parametrize("stage", ["transaction", "put_back"])
def test_a_kill_at_any_point_leaves_the_old_store_and_the_next_run_cleans_up(place, stage):
    db, tmp, env = place
    assert cli("ingest", "--db", str(db), str(SEEDS), env=env).returncode == 0
    before = snapshot(db)
    proc = subprocess.Popen([*CLI, "ingest", "--no-progress", "--db", str(db), str(SEEDS), str(DEV)],
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**env, "CIVIC_METRICS_PAUSE": f"{stage}:120"})
    line = proc.stderr.readline()
    assert f"paused at {stage}" in line, line + proc.stderr.read()
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    proc.stderr.close()
    same(snapshot(db), before)  # the old store, whole
    work = [n for n in os.listdir(tmp) if n.startswith(WORK_PREFIX)]
    assert len(work) == 1  # the killed run's working copy
    put_back = [n for n in os.listdir(db.parent) if n.startswith(STAGE_PREFIX + db.name + ".new-")]
    if stage == "put_back" and tmp.stat().st_dev != db.parent.stat().st_dev:
        # its new store, copied beside the old one but not yet put in its place
        assert len(put_back) == 1 and os.listdir(db.parent / put_back[0]) == [db.name]
    else:
        assert put_back == []
    done = cli("ingest", "--db", str(db), str(SEEDS), str(DEV), env=env)
    assert done.returncode == 0, done.stderr
    assert f"{N_DEV} new, 5 unchanged, 0 replaced" in done.stderr
    nothing_left(db, tmp)
    assert len(Store(db, read_only=True).documents()) == 5 + N_DEV


def test_a_question_mark_in_the_file_name_keeps_its_log_beside_it(tmp_path):
    """DuckDB names that log ``s.wal?.duckdb`` (beside the store): it works in place, and the log is
    gone once the run ends."""
    db = tmp_path / "s?.duckdb"
    for batch in (range(0, 5), range(3, 8)):
        Store(db).ingest_documents([article(i) for i in batch], upload=False)
        assert sorted(os.listdir(tmp_path)) == ["s?.duckdb", "s?.duckdb.lock"]
    assert len(Store(db, read_only=True).documents()) == 8


def test_a_link_to_the_store_file_from_another_folder_writes_one_copy_at_a_time(tmp_path):
    """Through a link to the file from another folder, a writer's lock file is another one: the
    store's own is held too, so that a second writer cannot write a second copy meanwhile (whose
    rename would drop the first's articles)."""
    folder = tmp_path / "a?b"
    folder.mkdir()
    (tmp_path / "other").mkdir()
    db = folder / "s.duckdb"
    Store(db).ingest_documents([article(i) for i in range(3)], upload=False)
    link = tmp_path / "other" / "s.duckdb"
    link.symlink_to(db)
    proc = subprocess.Popen([*CLI, "ingest", "--no-progress", "--db", str(link), str(SEEDS)], stderr=subprocess.PIPE,
                            text=True, start_new_session=True,
                            env={**os.environ, "CIVIC_METRICS_PAUSE": "transaction:120"})
    try:
        line = proc.stderr.readline()
        assert "paused at transaction" in line, line + proc.stderr.read()
        busy = subprocess.run([*CLI, "ingest", "--no-progress", "--db", str(db), str(SEEDS)], capture_output=True,
                              text=True, timeout=120)
        assert busy.returncode == 1 and "store is busy" in busy.stderr, busy.stderr
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        proc.stderr.close()
    assert len(Store(db, read_only=True).documents()) == 3
    done = subprocess.run([*CLI, "ingest", "--no-progress", "--db", str(db), str(SEEDS)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "5 new" in done.stderr, done.stderr
    assert link.is_symlink() and len(Store(link, read_only=True).documents()) == 8
