"""Clear words instead of tracebacks, with real files: damaged stores, a full disk (a real file size
limit), a folder the user may not write or read (root without its override capabilities), and
store paths with characters that glob and str.format treat specially."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from metrics.store import Store

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv" / "bin" / "civic-metrics")]
if not os.path.exists(CLI[0]):
    CLI = [sys.executable, "-m", "metrics.cli"]
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
#: Runs a command as root without the capabilities that bypass file permissions.
NO_OVERRIDE = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
               "--bounding-set=-dac_override,-dac_read_search"]


def cli(*args, prefix=(), preexec_fn=None):
    return subprocess.run([*prefix, *CLI, *args], capture_output=True, text=True, timeout=300,
                          preexec_fn=preexec_fn)


def one_line_failure(done) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "Error:" not in done.stderr.split(":", 1)[0]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture
def seeded(tmp_path):
    db = tmp_path / "s.duckdb"
    assert cli("ingest", "--db", str(db), str(SEEDS)).returncode == 0
    return db


@pytest.mark.parametrize("name", ["s[1].duckdb", "s{0}.duckdb", "s?.duckdb", "a'b*.duckdb"])
def test_any_store_path_the_os_accepts_works(tmp_path, name):
    folder = tmp_path / "[x]{y}*"
    folder.mkdir()
    db = folder / name
    done = cli("ingest", "--db", str(db), str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert "5 new" in done.stderr
    staged = cli("ingest", "--staging", str(folder / "st{1}[a]"), "--db", str(db), str(DEV))
    assert staged.returncode == 0, staged.stderr
    assert len(Store(db, read_only=True).documents()) > 5


def test_a_folder_with_a_question_mark_works(tmp_path):
    """DuckDB would put the log of a database in such a folder at the '?' (``a.wal?b[c]{d}/s.duckdb``),
    whatever path leads to it (a symlink, /proc/self/fd/N): the store is written through a working
    copy (see tests/test_store_question_mark.py), and nothing is left beside it. Exports into such
    a folder work."""
    folder = tmp_path / "a?b[c]{d}"
    folder.mkdir()
    (tmp_path / "link").symlink_to(folder)
    for db in (folder / "s.duckdb", tmp_path / "link" / "s.duckdb"):
        done = cli("ingest", "--db", str(db), str(SEEDS))
        assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a?b[c]{d}", "link"]
    assert sorted(p.name for p in folder.iterdir()) == ["s.duckdb", "s.duckdb.lock"]
    db = tmp_path / "s.duckdb"
    assert cli("ingest", "--db", str(db), str(SEEDS)).returncode == 0
    for out in ("x.csv", "x.json", "x.xlsx"):
        done = cli("export", "--db", str(db), "--out", str(folder / out))
        assert done.returncode == 0, done.stderr
    assert (folder / "x.csv").read_text(encoding="utf-8-sig").count("\n") > 5


def test_a_half_truncated_store(seeded):
    size = seeded.stat().st_size
    with open(seeded, "r+b") as fh:
        fh.truncate(size // 2)
    for args in (("ingest", "--db", str(seeded), str(SEEDS)),
                 ("export", "--db", str(seeded), "--out", str(seeded.parent / "x.csv"))):
        line = one_line_failure(cli(*args))
        assert "may be damaged" in line and "restore it" in line


def test_a_store_with_checksum_errors(seeded):
    with open(seeded, "r+b") as fh:
        fh.seek(300_000)
        fh.write(b"\xff" * 5000)
    line = one_line_failure(cli("ingest", "--db", str(seeded), str(SEEDS)))
    assert "checksum" in line and "may be damaged" in line


def test_a_store_with_an_altered_schema(seeded):
    con = duckdb.connect(str(seeded))
    for (index,) in con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = 'figures'").fetchall():
        con.execute(f'DROP INDEX "{index}"')  # someone's own changes: indexes first, then a column
    con.execute("ALTER TABLE figures DROP COLUMN metric")
    con.close()
    line = one_line_failure(cli("export", "--db", str(seeded), "--out", str(seeded.parent / "x.csv")))
    assert "cannot be used as a store" in line
    line = one_line_failure(cli("ingest", "--db", str(seeded), str(DEV)))
    assert "cannot be used as a store" in line


def _file_size_limit(limit: int):
    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so that writes fail with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_no_room_to_write_leaves_the_store_as_it_was(tmp_path):
    db = tmp_path / "s.duckdb"
    done = cli("ingest", "--db", str(db), str(DEV), preexec_fn=_file_size_limit(50_000))
    line = one_line_failure(done)
    assert "no room to write" in line and "the store is unchanged" in line
    assert cli("ingest", "--db", str(db), str(SEEDS)).returncode == 0  # and it works with room again
    assert len(Store(db, read_only=True).documents()) == 5


needs_setpriv = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"),
                                   reason="needs root and setpriv to drop the permission override")


@needs_setpriv
def test_a_read_only_folder_for_the_lock_file(seeded):
    os.chmod(seeded.parent, 0o555)
    try:
        line = one_line_failure(cli("ingest", "--db", str(seeded), str(DEV), prefix=NO_OVERRIDE))
        assert "cannot create a staging folder" in line and "must be writable" in line
        os.chmod(seeded.parent, 0o755)
        os.remove(str(seeded) + ".lock")
        os.chmod(seeded.parent, 0o555)
        line = one_line_failure(cli("ingest", "--db", str(seeded), str(DEV), prefix=NO_OVERRIDE))
        assert "cannot create the lock file" in line and "must be writable" in line
        exported = cli("export", "--db", str(seeded), "--out", str(seeded.parent.parent / "ro-out.csv"),
                       prefix=NO_OVERRIDE)
        assert exported.returncode == 0, exported.stderr  # reading needs no lock
    finally:
        os.chmod(seeded.parent, 0o755)


@needs_setpriv
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_an_unreadable_subfolder_is_counted_and_the_exit_status_is_1(tmp_path, engine):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus / "ok")
    (corpus / "locked").mkdir()
    (corpus / "locked" / "a.txt").write_text("Kim ngạch xuất khẩu tháng 1/2026 đạt 2 tỷ USD.", encoding="utf-8")
    os.chmod(corpus / "locked", 0)
    try:
        for cmd in (("extract", "--out", str(tmp_path / "f.csv")), ("ingest", "--db", str(tmp_path / "s.duckdb"))):
            done = cli(*cmd, "--engine", engine, str(corpus), prefix=NO_OVERRIDE)
            assert done.returncode == 1, done.stderr
            assert f"skipped {corpus / 'locked'}: cannot read the folder: Permission denied" in done.stderr
            assert "1 skipped" in done.stderr
        assert len(Store(tmp_path / "s.duckdb", read_only=True).documents()) == 5  # the seeds all stored
    finally:
        os.chmod(corpus / "locked", 0o755)
