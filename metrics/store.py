"""The store: an embedded DuckDB file of documents, figures and observations.

Concurrency: an ingest holds an advisory lock on ``<db>.lock`` for its whole run (a second
writer is told the store is busy, or waits ``wait`` seconds), extracts into staged Parquet
without touching the database, and only then opens the file read-write for one short
transaction. Every other call opens a short-lived connection and, while a writer holds the
file, retries with backoff for up to ``timeout`` seconds, so readers such as the app keep
reading (at most delayed by the final transaction). A killed ingest leaves the store as it
was: its transaction never committed.

Scale: an ingest re-consolidates only the observations whose keys its documents touch; figures
are found by id and by document through indexes; a reader kept open (``keep_alive``) makes each
call's connection cost a fraction of a millisecond (the database stays open) and keeps the
figure ids of the grid's recent filters until an ingest commits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import fcntl
import hashlib
import operator
import os
import shutil
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from . import grid
from . import observations as obs_mod
from .errors import CivicMetricsError, UsageError
from .table import COLUMNS, DATE_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, TEXT_COLUMNS, to_frame, typed

SCHEMA_VERSION = 1
#: Of the rules in :mod:`metrics.observations` (flags included): a store whose observations were made
#: by older rules recomputes them all when it is next opened for writing.
OBSERVATIONS_VERSION = 2
APP = "civic-metrics"
DEFAULT_PATH = os.path.join("data", "civic-metrics.duckdb")
#: Documents per staged Parquet part.
PART_SIZE = 2000
#: Seconds an ingest's final transaction waits for readers to let go of the file.
WRITER_PATIENCE = 600.0
#: How an uploaded document's ``path`` begins: uploads are never matched by path.
UPLOAD_PREFIX = "upload:"
#: Staging folders beside the store are named ``STAGE_PREFIX + store file name + "-" + random``.
STAGE_PREFIX = ".civic-metrics-stage-"
#: Working copies of a store kept in a folder whose path has a '?' (see ``Store._working_copy``) are
#: written in the temporary folder, in a folder named ``WORK_PREFIX + hash of its real path + "-" + random``.
WORK_PREFIX = "civic-metrics-work-"
#: A working copy on another filesystem is copied beside the store before it is renamed into place,
#: in a folder named ``STAGE_PREFIX + store file name + _PUT_BACK + random``.
_PUT_BACK = ".new-"

_SQL_TYPE = {**{c: "VARCHAR" for c in TEXT_COLUMNS}, **{c: "DATE" for c in DATE_COLUMNS},
             **{c: "BIGINT" for c in INT_COLUMNS}, **{c: "DOUBLE" for c in FLOAT_COLUMNS}}
_FIGURE_DDL = ", ".join(f'"{c}" {_SQL_TYPE[c]}' for c in COLUMNS)
_OBS_TYPES = {"period_start": "DATE", "period_end": "DATE", "first_published": "DATE",
              "last_published": "DATE", "value": "DOUBLE", "value_high": "DOUBLE", "n_sources": "BIGINT",
              "n_mentions": "BIGINT", "figure_ids": "BIGINT[]", "conflict": "BOOLEAN",
              "superseded": "BOOLEAN", "suspect": "BOOLEAN"}
SCHEMA = [
    "CREATE TABLE civic_meta (key VARCHAR, value VARCHAR)",
    "CREATE TABLE documents (id VARCHAR, path VARCHAR, url VARCHAR, source VARCHAR, title VARCHAR, "
    "published DATE, text VARCHAR, ingested_at TIMESTAMP)",
    # ``title``: its document's title (or ''), kept with each figure so that a point lookup needs no
    # second query; NULL (stores made before it, rows written by other tools) means "look it up".
    f"CREATE TABLE figures (figure_id BIGINT, {_FIGURE_DDL}, title VARCHAR)",
    "CREATE TABLE observations (" + ", ".join(f"{c} {_OBS_TYPES.get(c, 'VARCHAR')}"
                                               for c in obs_mod.COLUMNS) + ")",
]
#: Indexes for point lookups (a figure or a document's figures by id, a document by id); created
#: in stores made before them when they are next opened for writing. Readers work without them.
INDEXES = {"figures_figure_id": "figures (figure_id)", "figures_doc_id": "figures (doc_id)",
           "documents_id": "documents (id)"}
_STAGE_DOCS = pa.schema([("doc_seq", pa.int64()), ("id", pa.string()), ("path", pa.string()),
                         ("url", pa.string()), ("source", pa.string()), ("title", pa.string()),
                         ("published", pa.date32()), ("text", pa.string())])
_PA_TYPE = {"VARCHAR": pa.string(), "DATE": pa.date32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64()}
_STAGE_FIGS = pa.schema([("doc_seq", pa.int64()), ("row_seq", pa.int64())]
                        + [(c, _PA_TYPE[_SQL_TYPE[c]]) for c in COLUMNS])


#: One lock per lock file within this process: POSIX locks do not exclude threads of one process.
_PROCESS_LOCKS: dict[str, threading.Lock] = {}
#: Bytes of ``<db>.lock``: RUNNING is held by the ingest that runs; COMMITTING also while its final
#: transaction wants the database file (readers that keep the file open let go of it).
RUNNING, COMMITTING = 0, 1
#: Stores (real paths) whose final transaction, in this process, wants the file.
_LOCAL_COMMITS: set[str] = set()
#: Read-only handles on lock files, for F_GETLK; never closed (closing any handle on a file
#: would release this process's own POSIX locks on it).
_PROBES: dict[str, int] = {}
#: Seconds a kept-alive reader connection stays open without use, and at most.
KEEP_ALIVE_IDLE, KEEP_ALIVE_MAX = 30.0, 30.0


def _log_elsewhere(path: str) -> bool:
    """Would DuckDB put the write-ahead log of the database at ``path`` in another folder? It names
    the log by inserting ".wal" before the first '?' of the database's real path (a URL's query):
    a '?' in a folder of that path (a '?' in the file's own name leaves the log beside it)."""
    return "?" in os.path.dirname(os.path.realpath(path))


@contextmanager
def _lock_file(lock: str, wait: float, what: str) -> Iterator[int]:
    """Hold the POSIX record lock of the file ``lock`` (created if need be; its descriptor is yielded, with
    our pid written in it) so that one ingest writes ``what`` at a time; StoreBusy after ``wait`` seconds.

    A record lock (``lockf``) belongs to this process only, so worker processes forked meanwhile never
    hold it, and it goes when the process dies, however it dies.
    """
    with _PROCESS_LOCKS.setdefault(os.path.realpath(lock), threading.Lock()):
        try:
            os.makedirs(os.path.dirname(os.path.abspath(lock)), exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise StoreError(f"cannot create the lock file {lock}: {e.strerror}; the store's folder must "
                             f"be writable (or choose another store with --db)") from None
        deadline = time.monotonic() + wait
        try:
            while True:
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, RUNNING)
                    break
                except OSError as e:
                    if e.errno not in (errno.EACCES, errno.EAGAIN):
                        raise StoreError(f"cannot lock {lock}: {e.strerror}") from None
                    if time.monotonic() >= deadline:
                        raise StoreBusy(f"store is busy (another ingest, pid {_lock_holder(fd)}, is writing "
                                        f"{what}); try again later or pass --wait SECONDS") from None
                    time.sleep(0.1)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            yield fd
        finally:
            os.close(fd)  # closing releases the lock


def _remove_leftovers(parent: str, prefix: str) -> None:
    """Remove the folders in ``parent`` named ``prefix...``: a killed run's (the caller holds the writer lock)."""
    for name in os.listdir(parent):
        path = os.path.join(parent, name)
        if name.startswith(prefix) and os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)


def _fsync(path: str) -> None:
    """Flush the file or folder ``path`` to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _held(fd: int, byte: int) -> int:
    """The pid of another process holding byte ``byte`` of the file of ``fd``, else 0."""
    query = struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, byte, 1, 0)
    l_type, _, _, _, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, query))
    return pid if l_type != fcntl.F_UNLCK else 0


def _lock_holder(fd: int) -> str:
    """The pid of the process holding the lock on ``fd`` (F_GETLK), else the pid written in the file."""
    try:
        pid = _held(fd, RUNNING)
        if pid > 0:
            return str(pid)
    except (OSError, struct.error):
        pass
    return os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"


class StoreError(CivicMetricsError):
    """The file is not a usable store (not DuckDB, not ours, another schema version)."""


class StoreBusy(StoreError):
    """Another process holds the store for writing."""


@dataclass
class IngestSummary:
    """What an ingest did, counted in documents, plus the figures added and removed."""

    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    figures_added: int = 0
    figures_removed: int = 0
    #: Unchanged texts whose metadata (title, URL, outlet, date) was updated from their file.
    updated: int = 0
    #: (path of the new text, id of the stored text it replaced), one per replaced document.
    replacements: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        updated = f", {self.updated} updated" if self.updated else ""
        return (f"documents: {self.new} new, {self.unchanged} unchanged{updated}, {self.replaced} replaced, "
                f"{len(self.skipped)} skipped; figures: {self.figures_added} added, "
                f"{self.figures_removed} removed")


def default_path() -> str:
    return os.environ.get("CIVIC_METRICS_DB") or DEFAULT_PATH


class Store:
    """Open (creating if needed) the store at ``path``.

    ``path`` defaults to $CIVIC_METRICS_DB, else ``data/civic-metrics.duckdb``.
    ``read_only=True`` for readers such as the app, which keep reading while an ingest writes.
    A read-only store on a missing file reads as empty. ``timeout``: seconds a call waits for
    a writer's final transaction before raising :class:`StoreBusy`. A file that is not a
    store, or of another schema version, raises :class:`StoreError` (on first use).
    ``keep_alive`` (readers serving many requests, such as the app): keep the database open
    between calls, so that each call's own connection is cheap; let go of it within moments when
    an ingest wants to commit (it waits for nobody), and after 30 s (idle or not).
    """

    def __init__(self, path=None, *, read_only: bool = False, timeout: float = 60.0, keep_alive: bool = False):
        self.path = os.fspath(path) if path is not None else default_path()
        self.read_only = read_only
        self.timeout = timeout
        self.keep_alive = keep_alive and read_only
        self._checked = False
        self._lock_fd: int | None = None
        self._anchor = None  # a kept-alive read-only connection: later connections are cheap
        self._anchor_since = self._anchor_used = 0.0
        self._anchor_lock = threading.Lock()
        self._generation = 0  # how many times the kept-alive connection was let go
        self._pages: dict[tuple, object] = {}  # figure ids per page filter (see figures_page)
        self._titled = False  # does figures keep each figure's title? (see _has_titles)
        if os.path.exists(self.path) and os.path.getsize(self.path) > 0:
            with open(self.path, "rb") as fh:
                head = fh.read(12)
            if head[8:12] != b"DUCK":
                raise StoreError(f"{self.path} is not a civic-metrics store (not a DuckDB database file)")

    # --- connections ---------------------------------------------------------
    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with _store_errors(self.path), self._connection(write) as con:
            yield con

    @contextmanager
    def _connection(self, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        if not write and not os.path.exists(self.path):
            con = duckdb.connect(":memory:")  # nothing stored yet: an empty store
            for ddl in SCHEMA:
                con.execute(ddl)
        elif write and _log_elsewhere(self.path):
            with self._working_copy() as work:
                con = self._open(True, at=work)
                try:
                    self._check(con, True)
                    yield con
                    con.execute("CHECKPOINT")  # the copy is then one whole file, with no log beside it
                finally:
                    con.close()
            return
        else:
            if write:
                os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            elif self.keep_alive:
                self._keep_open()
            con = self._open(write)
            try:
                self._check(con, write)
            except BaseException:
                con.close()
                raise
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def _working_copy(self) -> Iterator[str]:
        """A copy of the store to write, in a private folder of the temporary folder; put in the
        store's place in one rename when the caller is done, discarded if it fails.

        For a store in a folder whose path contains '?': DuckDB (2.0) resolves the real path of a
        database, whatever path leads to it, and names its write-ahead log by inserting ".wal"
        before the first '?' (``/x/a?b/s.duckdb`` logs to ``/x/a.wal?b/s.duckdb``, another folder),
        and every commit and checkpoint needs that log. Readers need no log: they open the store in
        place. The store file itself is never written: a kill at any point leaves it as it was, or
        (after the rename) the new store whole. The writer lock is held meanwhile; a killed run's
        copies are removed by the next run on the store."""
        real = os.path.realpath(self.path)
        folder, name = os.path.split(real)
        if not os.path.isdir(folder):
            os.makedirs(folder, exist_ok=True)
        tmp_root = tempfile.gettempdir()
        if "?" in os.path.realpath(tmp_root):
            raise StoreError(f"{self.path}: DuckDB cannot write a store in a folder whose path contains '?', and "
                             f"the temporary folder {tmp_root} has one too: set TMPDIR to another folder")
        prefix = WORK_PREFIX + hashlib.sha256(real.encode(errors="surrogateescape")).hexdigest()[:16] + "-"
        back = STAGE_PREFIX + name + _PUT_BACK  # not this run's staging folder (STAGE_PREFIX + name + "-")
        with self._real_lock(real):
            if self._lock_fd is not None:  # we hold the writer lock: what is left is a killed run's
                _remove_leftovers(tmp_root, prefix)
                _remove_leftovers(folder, back)
            yield from self._copy_and_put_back(real, tmp_root, prefix)

    @contextmanager
    def _real_lock(self, real: str) -> Iterator[None]:
        """Also hold the writer lock of the store's real file when this path's lock file is another
        (a link to the store file from another folder): two working copies of one store must never
        be written at once (the second rename would drop the first's articles)."""
        lock = real + ".lock"
        if self._lock_fd is None or os.path.realpath(self.path + ".lock") == os.path.realpath(lock):
            yield
            return
        with _lock_file(lock, 0.0, real):
            yield

    def _copy_and_put_back(self, real: str, tmp_root: str, prefix: str) -> Iterator[str]:
        try:
            work_dir = tempfile.mkdtemp(prefix=prefix, dir=tmp_root)
        except OSError as e:
            raise StoreError(f"cannot create a working copy of {self.path} in {tmp_root}: {e.strerror}; set "
                             f"TMPDIR to a writable folder") from None
        try:
            work = os.path.join(work_dir, "store.duckdb")
            if os.path.exists(real):
                shutil.copyfile(real, work)
            yield work
            if os.path.exists(work + ".wal"):  # DuckDB did not checkpoint: the copy is not whole
                raise StoreError(f"{self.path}: the working copy kept a write-ahead log; the store is unchanged")
            self._put_back(work, real)
        finally:
            shutil.rmtree(work_dir, ignore_errors=True)

    def _put_back(self, work: str, real: str) -> None:
        """Put the file ``work`` in the place of the store ``real`` in one rename (through a staging
        folder beside the store when the temporary folder is on another filesystem), synced first."""
        folder, name = os.path.split(real)
        stage = None
        try:
            if os.stat(os.path.dirname(work)).st_dev != os.stat(folder).st_dev:
                stage = tempfile.mkdtemp(prefix=STAGE_PREFIX + name + _PUT_BACK, dir=folder)
                moved = os.path.join(stage, name)
                shutil.copyfile(work, moved)
                work = moved
            if os.path.exists(real):
                shutil.copymode(real, work)
            _fsync(work)
            _pause("put_back")
            os.replace(work, real)
            _fsync(folder)
        finally:
            if stage is not None:
                shutil.rmtree(stage, ignore_errors=True)

    def _committing(self) -> bool:
        """Does an ingest's final transaction want the file?"""
        real = os.path.realpath(self.path)
        if real in _LOCAL_COMMITS:
            return True
        lock = real + ".lock"
        fd = _PROBES.get(lock)
        if fd is None:
            try:
                fd = _PROBES.setdefault(lock, os.open(lock, os.O_RDONLY | os.O_CLOEXEC))
            except OSError:
                return False
        try:
            return _held(fd, COMMITTING) > 0
        except OSError:
            return False

    def _keep_open(self) -> None:
        """Wait while an ingest commits; then make sure the kept-alive connection is open."""
        deadline = time.monotonic() + self.timeout
        while self._committing():
            self._let_go()
            if time.monotonic() >= deadline:
                raise StoreBusy(f"store is busy: {self.path} is being written (waited {self.timeout:g} s)")
            time.sleep(0.02)
        with self._anchor_lock:
            now = time.monotonic()
            self._anchor_used = now
            if self._anchor is not None:
                return
            con = self._open(False)
            try:
                self._check(con, False)
                self._titled = _has_titles(con)  # an ingest may have added them since
            except BaseException:
                con.close()
                raise
            self._anchor, self._anchor_since = con, now
        threading.Thread(target=self._watch, name="civic-metrics-keep-alive", daemon=True).start()

    def _watch(self) -> None:
        """Close the kept-alive connection when an ingest commits, when idle, or when old."""
        while self._anchor is not None:
            now = time.monotonic()
            if (self._committing() or now - self._anchor_used > KEEP_ALIVE_IDLE
                    or now - self._anchor_since > KEEP_ALIVE_MAX):
                self._let_go()
                return
            time.sleep(0.05)

    def _let_go(self) -> None:
        with self._anchor_lock:
            self._generation += 1  # what was read through the old database may change now
            self._pages.clear()
            if self._anchor is not None:
                self._anchor.close()
                self._anchor = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A fresh read-only connection of the caller's own (an export's snapshot), retried while an
        ingest commits; the caller closes it."""
        return self._open(write=False)

    def _open(self, write: bool, at: str | None = None) -> duckdb.DuckDBPyConnection:
        """A connection to the store (or to the file ``at``: its working copy), retried while another
        process holds it."""
        # A writer has done its extraction already: it waits longer for readers (e.g. an export).
        patience = max(self.timeout, WRITER_PATIENCE) if write else self.timeout
        deadline, delay = time.monotonic() + patience, 0.02
        while True:
            try:
                con = duckdb.connect(at or self.path, read_only=not write)
                con.execute("SET enable_progress_bar = false")
                return con
            except (duckdb.IOException, duckdb.ConnectionException) as e:
                msg = str(e)
                if "lock" not in msg and "different configuration" not in msg:
                    raise StoreError(f"{self.path}: {msg}") from None
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"store is busy: {self.path} is held by another process "
                                    f"(waited {patience:g} s)") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _check(self, con, write: bool) -> None:
        if self._checked and not write:
            return
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not tables and write:
            con.execute("BEGIN TRANSACTION")
            for ddl in SCHEMA:
                con.execute(ddl)
            con.executemany("INSERT INTO civic_meta VALUES (?, ?)",
                            [("app", APP), ("schema_version", str(SCHEMA_VERSION)), ("next_figure_id", "1"),
                             ("observations_version", str(OBSERVATIONS_VERSION))])
            con.execute("COMMIT")
        elif "civic_meta" not in tables:
            raise StoreError(f"{self.path} is a DuckDB database but not a civic-metrics store")
        meta = dict(con.execute("SELECT key, value FROM civic_meta").fetchall())
        if meta.get("app") != APP:
            raise StoreError(f"{self.path} is a DuckDB database but not a civic-metrics store")
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            raise StoreError(f"{self.path} is a civic-metrics store of schema version {meta.get('schema_version')}; "
                             f"this civic-metrics reads version {SCHEMA_VERSION}: use a matching civic-metrics, "
                             f"or ingest the articles into a new store (--db)")
        if write:
            have = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
            for name, on in INDEXES.items():
                if name not in have:
                    con.execute(f"CREATE INDEX {name} ON {on}")
        self._titled = _has_titles(con)
        if write and not self._titled:
            self._add_titles(con)
        if write and meta.get("observations_version") != str(OBSERVATIONS_VERSION):
            self._recompute_observations(con)
        self._checked = True

    @contextmanager
    def _writer_lock(self, wait: float) -> Iterator[None]:
        """Hold ``<db>.lock`` so that one ingest writes at a time; StoreBusy after ``wait`` seconds
        (see :func:`_lock_file`)."""
        if self.read_only:
            raise UsageError("this store was opened read-only")
        with _lock_file(self.path + ".lock", wait, self.path) as fd:
            self._lock_fd = fd
            try:
                yield
            finally:
                self._lock_fd = None

    # --- writing -------------------------------------------------------------
    def ingest(self, paths, *, progress=None, engine="local", scheduler=None, workers=None,
               wait: float = 0.0, staging=None, replace: bool = False) -> IngestSummary:
        """Extract and store; returns a summary (new, unchanged, replaced, skipped, figures added).

        A document is its text (``doc_id``, a hash) from its resolved file path. A stored text is
        replaced only by new text from the same file, or with ``replace=True`` also by new text with
        the same URL from the same outlet. ``engine="dask"`` extracts on a Dask cluster
        (``scheduler`` address, else a local one); ``staging`` is the folder for the Parquet parts
        (on shared storage for a remote cluster).
        """
        from .corpus import Report

        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        paths = [os.path.realpath(os.fspath(p)) for p in paths]  # the same file, wherever we run from
        report = Report()
        with _store_errors(self.path), self._writer_lock(wait), self._stage_dir(staging) as stage:
            with self._commit_intent(), self._connect(write=True):
                pass  # a file that is not a store, or of another version, stops us before extracting
            _pause("stage")
            if engine == "dask":
                from .distributed import stage_paths_dask

                stage_paths_dask(paths, stage, scheduler=scheduler, report=report, progress=progress)
            elif engine == "local":
                from .corpus import run

                items = run(paths, workers=workers, progress=progress, report=report, documents=True)
                write_stage(stage, items)
            else:
                raise UsageError(f"unknown engine {engine!r} (use local or dask)")
            summary = self._load(stage, upload=False, replace=replace)
        summary.skipped = list(report.skipped)
        return summary

    def ingest_documents(self, docs, *, wait: float = 0.0, upload: bool = True,
                         replace: bool = False) -> IngestSummary:
        """Store already-read documents: each a :class:`metrics.document.Document`, extracted here,
        or a (Document, rows) pair already extracted (e.g. in a time-limited child process, so that
        the server never runs the extractor on uploaded input itself).

        ``upload=True`` (the app's uploads): nothing stored is ever deleted or replaced; a stored
        text counts as unchanged, a changed one is stored beside the old one. ``upload=False``:
        the documents' paths identify them as in :meth:`ingest`.
        """
        from .extract import extract_document

        def pairs():
            for d in docs:
                doc, rows = d if isinstance(d, tuple) else (d, extract_document(d))
                if upload and not doc.path.startswith(UPLOAD_PREFIX):
                    doc = dataclasses.replace(doc, path=UPLOAD_PREFIX + doc.path)
                yield doc, rows

        with _store_errors(self.path), self._writer_lock(wait), self._stage_dir(None) as stage:
            write_stage(stage, pairs())
            return self._load(stage, upload=upload, replace=replace)

    @contextmanager
    def _stage_dir(self, staging) -> Iterator[str]:
        """A fresh folder for this run's Parquet parts, in ``staging`` or beside the store; removed
        after. Folders left by killed runs on this store are removed first (we hold the writer lock)."""
        parent = os.fspath(staging) if staging else os.path.dirname(os.path.abspath(self.path))
        os.makedirs(parent, exist_ok=True)
        prefix = STAGE_PREFIX + os.path.basename(self.path) + "-"
        _remove_leftovers(parent, prefix)
        try:
            tmp = tempfile.mkdtemp(prefix=prefix, dir=parent)
        except OSError as e:
            raise StoreError(f"cannot create a staging folder in {parent}: {e.strerror}; that folder must be "
                             f"writable (or pass --staging DIR)") from None
        try:
            yield tmp
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _load(self, stage: str, *, upload: bool, replace: bool) -> IngestSummary:
        """Move the staged documents and figures into the store in one transaction.

        Replaced: a stored document from the same file path (never an upload's), or, with
        ``replace``, with the same URL and outlet, whose text is not in this batch too.
        """
        s = IngestSummary()
        with self._commit_intent(), self._connect(write=True) as con:
            con.register("s_docs", _stage_dataset(stage, "documents", _STAGE_DOCS))
            con.register("s_figs", _stage_dataset(stage, "figures", _STAGE_FIGS))
            docs, figs = "s_docs", "s_figs"
            con.execute("BEGIN TRANSACTION")
            n_batch = con.execute(f"SELECT count(*) FROM {docs}").fetchone()[0]
            con.execute(f"""CREATE TEMP TABLE s_fresh AS SELECT * FROM {docs} s
                WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.id)
                QUALIFY row_number() OVER (PARTITION BY id ORDER BY doc_seq) = 1""")
            by_path = "FALSE" if upload else (f"f.path <> '' AND NOT starts_with(f.path, '{UPLOAD_PREFIX}') "
                                              "AND d.path = f.path")
            by_url = ("f.url <> '' AND d.url = f.url AND coalesce(d.source, '') = coalesce(f.source, '')"
                      if replace and not upload else "FALSE")
            con.execute(f"""CREATE TEMP TABLE s_old AS SELECT * FROM (
                SELECT d.id, f.doc_seq, f.path FROM documents d JOIN s_fresh f ON ({by_path}) OR ({by_url}))
                WHERE id NOT IN (SELECT id FROM {docs})""")
            n_fresh = con.execute("SELECT count(*) FROM s_fresh").fetchone()[0]
            s.replaced = con.execute("SELECT count(DISTINCT doc_seq) FROM s_old").fetchone()[0]
            s.replacements = [(p, i) for i, p in con.execute(
                "SELECT DISTINCT id, path FROM s_old ORDER BY path, id").fetchall()]
            s.new, s.unchanged = n_fresh - s.replaced, n_batch - n_fresh
            # Unchanged text from the same file with other metadata (e.g. a sidecar added since).
            con.execute(f"""CREATE TEMP TABLE s_meta AS SELECT DISTINCT ON (d.id) d.id, s.title, s.url,
                    s.source, s.published FROM documents d JOIN {docs} s ON s.id = d.id
                WHERE NOT ({'TRUE' if upload else 'FALSE'}) AND s.path = d.path
                  AND (d.title IS DISTINCT FROM s.title OR d.url IS DISTINCT FROM s.url
                       OR d.source IS DISTINCT FROM s.source OR d.published IS DISTINCT FROM s.published)
                ORDER BY d.id, s.doc_seq""")
            s.updated = con.execute("SELECT count(*) FROM s_meta").fetchone()[0]
            # The observation keys this batch touches: of the figures it removes, updates and adds.
            con.execute(f"""CREATE TEMP TABLE s_keys AS
                SELECT DISTINCT {_KEY_SQL} FROM figures f
                WHERE (f.doc_id IN (SELECT id FROM s_old) OR f.doc_id IN (SELECT id FROM s_meta)) AND {_DATED}
                UNION SELECT DISTINCT {_KEY_SQL} FROM {figs} f SEMI JOIN s_fresh s ON s.doc_seq = f.doc_seq
                WHERE {_DATED}""")
            if s.updated:
                con.execute("""UPDATE documents d SET title = m.title, url = m.url, source = m.source,
                    published = m.published FROM s_meta m WHERE d.id = m.id""")
                con.execute("""UPDATE figures f SET url = m.url, source = m.source, published = m.published,
                    title = coalesce(m.title, '') FROM s_meta m WHERE f.doc_id = m.id""")
            s.figures_removed = con.execute(
                "DELETE FROM figures WHERE doc_id IN (SELECT id FROM s_old)").fetchone()[0]
            con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM s_old)")
            con.execute("""INSERT INTO documents SELECT id, path, url, source, title, published, text,
                now()::TIMESTAMP FROM s_fresh ORDER BY doc_seq""")
            base = int(con.execute("SELECT value FROM civic_meta WHERE key = 'next_figure_id'").fetchone()[0])
            cols = ", ".join(f'f."{c}"' for c in COLUMNS if c not in ("doc_id", "path"))
            s.figures_added = con.execute(f"""INSERT INTO figures BY NAME
                SELECT {base} - 1 + row_number() OVER (ORDER BY f.doc_seq, f.row_seq) AS figure_id,
                       s.id AS doc_id, s.path AS path, {cols}, coalesce(s.title, '') AS title
                FROM {figs} f JOIN s_fresh s ON s.doc_seq = f.doc_seq""").fetchone()[0]
            con.execute("UPDATE civic_meta SET value = ? WHERE key = 'next_figure_id'",
                        [str(base + s.figures_added)])
            self._refresh_observations(con, "s_keys")
            _pause("transaction")
            con.execute("COMMIT")
        return s

    @contextmanager
    def _commit_intent(self) -> Iterator[None]:
        """Say that this ingest wants the file for its final transaction (readers let go of it)."""
        real = os.path.realpath(self.path)
        fd = self._lock_fd
        _LOCAL_COMMITS.add(real)
        try:
            if fd is not None:
                fcntl.lockf(fd, fcntl.LOCK_EX, 1, COMMITTING)
            yield
        finally:
            _LOCAL_COMMITS.discard(real)
            if fd is not None:
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, COMMITTING)

    def _refresh_observations(self, con, keys: str | None = None) -> None:
        """Re-consolidate the observations of the keys in the temp table ``keys`` (every key when
        None), from their figures only; then re-check the suspect flags of the (metric, geo) series
        they belong to (those checks compare an observation with its neighbours in the series),
        updating the other observations of those series whose flags changed. The result is what a
        full recompute gives."""
        match = " AND ".join(f"o.{c} IS NOT DISTINCT FROM k.{c}" for c in obs_mod.KEY)
        if keys is None:
            con.execute("DELETE FROM observations")
            new = obs_mod.consolidate(_consolidation_figures(con, ""))
            others = None
        else:
            on = " AND ".join(f"{_KEY_EXPR.get(c, 'f.' + c)} IS NOT DISTINCT FROM k.{c}" for c in obs_mod.KEY)
            new = obs_mod.consolidate(_consolidation_figures(con, f"SEMI JOIN {keys} k ON {on}"))
            con.execute(f"DELETE FROM observations o USING {keys} k WHERE {match}")
            # The rest of the touched series, for the suspect checks (no figure ids: not needed).
            cols = ", ".join(obs_mod.KEY + ("value", "value_high", "suspect_reason"))
            others = _frame(con, f"""SELECT {cols} FROM observations o
                WHERE (o.metric, o.geo) IN (SELECT DISTINCT metric, geo FROM {keys})""", [])
        if others is not None and len(others):
            others = obs_mod.typed_keys(others)
            both = pd.concat([new[list(others.columns)].assign(_new=True, _old_reason=""),
                              others.assign(_new=False, _old_reason=others["suspect_reason"])], ignore_index=True)
            both = both.sort_values(list(obs_mod.ORDER) + ["period_type"], kind="stable").reset_index(drop=True)
            both["suspect_reason"] = obs_mod.suspect_reasons(both)
            both["suspect"] = both["suspect_reason"] != ""
            mine = both["_new"].astype(bool)
            # ``both`` and ``new`` are in the order of ORDER: the new rows line up.
            new["suspect_reason"] = both.loc[mine, "suspect_reason"].to_numpy()
            new["suspect"] = new["suspect_reason"] != ""
            changed = both[~mine & (both["suspect_reason"] != both["_old_reason"])]
            if len(changed):
                table = pa.Table.from_pandas(changed[list(obs_mod.KEY) + ["suspect", "suspect_reason"]],
                                             preserve_index=False)
                con.register("s_flags", table)
                con.execute(f"""UPDATE observations o SET suspect = k.suspect, suspect_reason = k.suspect_reason
                    FROM s_flags k WHERE {match}""")
                con.unregister("s_flags")
        if len(new):
            con.register("s_new_obs", pa.Table.from_pandas(new, preserve_index=False))
            con.execute("INSERT INTO observations BY NAME SELECT * FROM s_new_obs")
            con.unregister("s_new_obs")

    def _add_titles(self, con) -> None:
        """Give a store made before ``figures.title`` that column, filled from its documents (one
        transaction: a killed run leaves the store as it was)."""
        con.execute("BEGIN TRANSACTION")
        con.execute("ALTER TABLE figures ADD COLUMN title VARCHAR")
        con.execute("UPDATE figures f SET title = coalesce(d.title, '') FROM documents d WHERE d.id = f.doc_id")
        con.execute("COMMIT")
        self._titled = True

    def _recompute_observations(self, con) -> None:
        """Recompute every observation with the current rules and record their version (one transaction)."""
        con.execute("BEGIN TRANSACTION")
        self._refresh_observations(con)
        con.execute("DELETE FROM civic_meta WHERE key = 'observations_version'")
        con.execute("INSERT INTO civic_meta VALUES ('observations_version', ?)", [str(OBSERVATIONS_VERSION)])
        con.execute("COMMIT")

    # --- reading -------------------------------------------------------------
    def figures(self, *, metric=None, geo=None, start=None, end=None, doc_id=None, ids=None) -> pd.DataFrame:
        """The figures table plus ``figure_id`` (int), ``title``."""
        if ids is not None and not isinstance(ids, (str, int)):
            ids = list(ids)
        where, params = _filters(metric=metric, geo=geo, start=start, end=end, doc_id=doc_id, figure_id=ids)
        with self._connect() as con:
            # A point lookup on the figure_id or doc_id index; the titles come with the figures (stores
            # made before figures.title: looked up by the documents' index).
            few = ids is not None and (isinstance(ids, (str, int)) or len(ids) <= _FEW_ROWS)
            return self._figures_where(con, where, params, few, order=" ORDER BY f.figure_id")

    def _figures_where(self, con, where: str, params: list, few: bool, order: str = "") -> pd.DataFrame:
        """The figures that ``where`` selects, with their titles: as Python rows when they are ``few``."""
        if few:
            return _few_figures(con, where, params, self._titled)
        title = ", f.title" if self._titled else ""
        rows = con.sql(f"SELECT {_FIGURE_COLS}, f.figure_id{title} FROM figures f {where}{order}",
                       params=params).to_arrow_table()
        return _with_titles(con, rows)

    def iter_figures(self, *, batch_size: int = 50_000, **filters) -> Iterator[pd.DataFrame]:
        """:meth:`figures` in frames of at most ``batch_size`` rows, for exports that must not hold
        them all: one snapshot read in windows of figure ids, so no query sorts the whole table."""
        window, params = self._figures_sql(**filters, window=True)
        with self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            lo, hi = con.execute("SELECT min(figure_id), max(figure_id) FROM figures").fetchall()[0]
            empty = True
            for a in range(lo or 0, (hi or -1) + 1, batch_size):
                df = _frame(con, window, params + [a, a + batch_size - 1])
                if len(df):
                    empty = False
                    yield _typed_figures(df)
            if empty:  # still one frame, so that writers know the columns
                yield _typed_figures(_frame(con, window, params + [0, -1]))

    def figures_page(self, *, filter_model=None, sort_model=None, offset: int = 0,
                     limit: int | None = None) -> tuple[pd.DataFrame, int]:
        """A page of :meth:`figures` filtered and sorted in the database, and the number of rows
        that pass the filter. The models are a data grid's (see :mod:`metrics.grid`)."""
        cols = {c: f'f."{c}"' for c in COLUMNS} | {"figure_id": "f.figure_id", "title": "coalesce(d.title, '')"}
        where, params = grid.where(filter_model, cols)
        order = grid.order_by(sort_model, cols, "f.figure_id")
        # Documents are joined before paging only when the title is filtered or sorted on.
        join = "LEFT JOIN documents d ON d.id = f.doc_id" if "coalesce(d.title" in where + order else ""
        if limit is None or limit > _PAGE_BY_IDS:  # a big page: in one query
            count_sql, page_sql, params = page_query(filter_model, sort_model, offset, limit)
            with self._connect() as con:
                total = con.execute(count_sql, params).fetchall()[0][0]
                return _typed_figures(_frame(con, page_sql, params)), int(total)
        offset = max(0, int(offset))
        page = f" LIMIT {int(limit)} OFFSET {offset}"
        cache = self.keep_alive and bool(where or sort_model)
        key = (join, where, order, repr(params))
        with self._connect() as con:
            # The page's figure ids first (only the filtered and sorted columns are read), then the
            # page's rows by id, then their titles. A kept-alive store keeps each filter's ids in their
            # order while its database stays open (no ingest can commit meanwhile): later pages of
            # that filter read no more than their own rows.
            generation = self._generation
            hit = self._pages.get(key) if cache else None
            if cache and hit is None:
                hit = con.sql(f"SELECT f.figure_id FROM figures f {join} {where} {order}",
                              params=params).fetchnumpy()["figure_id"]
                with self._anchor_lock:
                    if generation == self._generation and len(hit) <= _PAGE_CACHE_IDS:
                        while len(self._pages) >= _PAGE_CACHE_SIZE:
                            self._pages.pop(next(iter(self._pages)))
                        self._pages[key] = hit
            if hit is not None:
                ids, total = [int(i) for i in hit[offset:offset + int(limit)]], len(hit)
            else:
                counted = ", count(*) OVER () AS n" if where else ""  # one pass counts too
                head = con.execute(f"SELECT f.figure_id{counted} FROM figures f {join} {where} {order}{page}",
                                   params).fetchall()
                if head and where:
                    total = head[0][1]
                else:
                    total = con.execute(f"SELECT count(*) FROM figures f {join} {where}", params).fetchall()[0][0]
                ids = [r[0] for r in head]
            by_id = f"WHERE f.figure_id IN ({', '.join(map(str, ids)) or 'NULL'})"
            frame = self._figures_where(con, by_id, [], len(ids) <= _FEW_ROWS)
        return frame.set_index("figure_id", drop=False).loc[ids].reset_index(drop=True), int(total)

    def sources_per_metric(self) -> dict[str, int]:
        """How many documents state each metric."""
        with self._connect() as con:
            rows = con.execute("SELECT metric, count(DISTINCT doc_id) FROM figures GROUP BY metric").fetchall()
        return {m: int(n) for m, n in rows}

    def observations(self, *, metric=None, geo=None, start=None, end=None) -> pd.DataFrame:
        """One row per (metric, measure, basis, geo, part, period_type, period_start, period_end,
        status kind, unit): value, value_high, unit, status, qualifier, n_sources, figure_ids (list of int),
        first_published, last_published, conflict (bool), superseded (bool), suspect (bool),
        suspect_reason (str). Also ``status_kind`` ("actual": actuals and estimates; "target")
        and ``n_mentions``. See :mod:`metrics.observations`."""
        sql, params = self._observations_sql(metric=metric, geo=geo, start=start, end=end)
        with self._connect() as con:
            return obs_mod.from_arrow(con.sql(sql, params=params).to_arrow_table())

    def iter_observations(self, *, batch_size: int = 100_000, **filters) -> Iterator[pd.DataFrame]:
        """:meth:`observations` in frames of ``batch_size`` rows."""
        sql, params = self._observations_sql(**filters)
        with self._connect() as con:
            reader = con.sql(sql, params=params).to_arrow_reader(batch_size)
            empty = True
            for batch in reader:
                empty = False
                yield obs_mod.from_arrow(pa.Table.from_batches([batch]))
            if empty:  # no rows: one empty frame, so that writers still know the columns
                yield obs_mod.from_arrow(reader.schema.empty_table())

    def documents(self) -> pd.DataFrame:
        """id, path, url, source, title, published (no text); also n_figures."""
        with self._connect() as con:
            df = con.execute("""SELECT d.id, d.path, d.url, d.source, d.title, d.published,
                (SELECT count(*) FROM figures f WHERE f.doc_id = d.id) AS n_figures
                FROM documents d ORDER BY d.ingested_at, d.path""").df()
        df["published"] = pd.to_datetime(df["published"]).astype("datetime64[ns]")
        df["n_figures"] = df["n_figures"].astype("int64")
        return df

    def document(self, doc_id: str) -> dict | None:
        """id, path, url, source, title, published, text; None for an unknown id."""
        with self._connect() as con:
            cur = con.execute("SELECT id, path, url, source, title, published, text FROM documents WHERE id = ?",
                              [doc_id])
            row = cur.fetchone()
            return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None

    def has_document(self, doc_id: str) -> bool:
        """Is ``doc_id`` stored? (Without reading its text.)"""
        with self._connect() as con:
            return con.execute("SELECT count(*) FROM documents WHERE id = ?", [doc_id]).fetchone()[0] > 0

    def is_empty(self) -> bool:
        with self._connect() as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0

    def close(self) -> None:
        """Close the kept-alive connection, if any (every call has its own short-lived one)."""
        self._let_go()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _iter(self, sql, params, batch_size, convert) -> Iterator[pd.DataFrame]:
        with self._connect() as con:
            reader = con.sql(sql, params=params).to_arrow_reader(batch_size)
            empty = True
            for batch in reader:
                empty = False
                yield convert(batch.to_pandas(date_as_object=False))
            if empty:  # no rows: one empty frame, so that writers still know the columns
                yield convert(reader.schema.empty_table().to_pandas(date_as_object=False))

    def _figures_sql(self, *, metric=None, geo=None, start=None, end=None, doc_id=None, ids=None, window=False):
        """The figures query and its parameters; ``window``: two more, the first and last figure id."""
        where, params = _filters(metric=metric, geo=geo, start=start, end=end, doc_id=doc_id, figure_id=ids)
        if window:
            where = (where + " AND" if where else "WHERE") + " f.figure_id BETWEEN ? AND ?"
        cols = ", ".join(f'f."{c}"' for c in COLUMNS)
        return (f"SELECT {cols}, f.figure_id, coalesce(d.title, '') AS title FROM figures f "
                f"LEFT JOIN documents d ON d.id = f.doc_id {where} ORDER BY f.figure_id", params)

    def _observations_sql(self, *, metric=None, geo=None, start=None, end=None):
        where, params = _filters(metric=metric, geo=geo, start=start, end=end)
        order = ", ".join(obs_mod.ORDER + ("period_type",))
        return f"SELECT * FROM observations {where} ORDER BY {order}", params


def write_stage(stage: str, items: Iterable[tuple], *, prefix: str = "part", first_seq: int = 0) -> int:
    """Write (Document, rows) pairs as Parquet parts ``stage/{documents,figures}/PREFIX-N.parquet``.

    Documents are numbered from ``first_seq`` in their order (the order figure ids follow).
    Writes at least one (possibly empty) part; returns the number of documents written.
    """
    buf: list[tuple] = []
    n = part = 0
    for item in items:
        buf.append(item)
        if len(buf) >= PART_SIZE:
            _write_part(stage, f"{prefix}-{part:06d}.parquet", first_seq + n, buf)
            n, part, buf = n + len(buf), part + 1, []
    if buf or n == 0:
        _write_part(stage, f"{prefix}-{part:06d}.parquet", first_seq + n, buf)
        n += len(buf)
    return n


def _write_part(stage: str, name: str, first_seq: int, items: list[tuple]) -> None:
    docs = {k: [] for k in _STAGE_DOCS.names}
    rows = []
    for seq, (doc, figs) in enumerate(items, start=first_seq):
        for k, v in (("doc_seq", seq), ("id", doc.doc_id), ("path", doc.path), ("url", doc.url),
                     ("source", doc.source), ("title", doc.title), ("published", doc.published),
                     ("text", doc.text)):
            docs[k].append(v)
        rows.extend({**r, "doc_seq": seq, "row_seq": i} for i, r in enumerate(figs))
    figs = to_frame(rows)
    for c in ("doc_seq", "row_seq"):
        figs[c] = figs[c].astype("int64") if len(figs) else pd.Series([], dtype="int64")
    for sub, table in (("documents", pa.Table.from_pydict(docs, schema=_STAGE_DOCS)),
                       ("figures", pa.Table.from_pandas(figs[_STAGE_FIGS.names], schema=_STAGE_FIGS,
                                                        preserve_index=False))):
        os.makedirs(os.path.join(stage, sub), exist_ok=True)
        pq.write_table(table, os.path.join(stage, sub, name))


def _stage_dataset(stage: str, sub: str, schema: pa.Schema) -> pads.Dataset:
    """The staged parts of ``sub`` as one dataset, listed by name (no glob: any folder name works)."""
    folder = os.path.join(stage, sub)
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".parquet")) \
        if os.path.isdir(folder) else []
    return pads.dataset(files, schema=schema, format="parquet")


@contextmanager
def _store_errors(path: str) -> Iterator[None]:
    """DuckDB and OS errors while using the store at ``path`` -> one-line :class:`StoreError`."""
    try:
        yield
    except CivicMetricsError:
        raise
    except duckdb.Error as e:
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        if _disk_full(str(e)):
            raise StoreError(f"no room to write {path} (the disk is full or the file too large): free "
                             f"some space and run again (the store is unchanged)") from None
        raise StoreError(f"{path} cannot be used as a store ({first}); it may be damaged: restore it from "
                         f"a copy, or ingest the articles into a new store (--db)") from None
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or _disk_full(str(e)):
            raise StoreError(f"no room to write beside {path} ({e.strerror}): free some space and run "
                             f"again (the store is unchanged)") from None
        where = f" {e.filename}" if e.filename else ""
        raise StoreError(f"cannot use{where} for the store {path}: {e.strerror or e}") from None


def _disk_full(message: str) -> bool:
    low = message.lower()
    return any(w in low for w in ("no space left", "file too large", "disk quota", "not enough space"))


def page_query(filter_model, sort_model, offset: int = 0, limit: int | None = None) -> tuple[str, str, list]:
    """(count SQL, page SQL, parameters) for a page of figures with their titles."""
    cols = {c: f'f."{c}"' for c in COLUMNS} | {"figure_id": "f.figure_id", "title": "coalesce(d.title, '')"}
    where, params = grid.where(filter_model, cols)
    order = grid.order_by(sort_model, cols, "f.figure_id")
    base = f"FROM figures f LEFT JOIN documents d ON d.id = f.doc_id {where}"
    page = f" LIMIT {int(limit)} OFFSET {max(0, int(offset))}" if limit is not None else ""
    select = ", ".join(f'f."{c}"' for c in COLUMNS)
    return (f"SELECT count(*) {base}",
            f"SELECT {select}, f.figure_id, coalesce(d.title, '') AS title {base} {order}{page}", params)


#: A figure's observation key in SQL (over figures ``f``): its status kind is computed.
_KEY_EXPR = {"status_kind": "(CASE WHEN f.status = 'target' THEN 'target' ELSE 'actual' END)"}
_KEY_SQL = ", ".join(f"{_KEY_EXPR[c]} AS {c}" if c in _KEY_EXPR else f"f.{c}" for c in obs_mod.KEY)
_DATED = "f.period_start IS NOT NULL AND f.period_end IS NOT NULL"
#: The figure columns that consolidation reads.
_CONSOLIDATION_COLUMNS = ("figure_id", "doc_id", "published", "metric", "measure", "basis", "geo", "part",
                          "period_type", "period_start", "period_end", "unit", "value", "value_high",
                          "qualifier", "status")


def _consolidation_figures(con, join: str) -> pd.DataFrame:
    """The dated figures (only the columns consolidation reads) of the keys ``join`` selects."""
    cols = ", ".join(f'f."{c}"' for c in _CONSOLIDATION_COLUMNS)
    df = _frame(con, f"SELECT {cols} FROM figures f {join} WHERE {_DATED}", [])
    for c in ("doc_id", "metric", "measure", "basis", "geo", "part", "period_type", "unit", "qualifier", "status"):
        df[c] = df[c].fillna("").astype(str)
    for c in ("published", "period_start", "period_end"):
        df[c] = pd.to_datetime(df[c], errors="coerce").astype("datetime64[ns]")
    for c in ("value", "value_high"):
        df[c] = df[c].astype("float64")
    df["figure_id"] = df["figure_id"].astype("int64")
    return df


_FIGURE_COLS = ", ".join(f'f."{c}"' for c in COLUMNS)
#: Pages of at most this many rows are read by id (bigger ones in one query).
_PAGE_BY_IDS = 5000
#: Filters whose figure ids a kept-alive store keeps, and the most ids it keeps for one.
_PAGE_CACHE_SIZE, _PAGE_CACHE_IDS = 8, 2_000_000
#: Above this many documents, titles are joined rather than looked up by id.
_TITLE_LOOKUPS = 500


#: Results of at most this many rows (a sources panel, a grid page) are read as Python rows: for a
#: few rows DuckDB's Arrow result and pandas' conversion of it cost more than the query.
_FEW_ROWS = 500
#: The columns of a figures frame read from the store, in order.
_FRAME_COLUMNS = (*COLUMNS, "figure_id", "title")


def _has_titles(con) -> bool:
    """Does this store keep each figure's document title in ``figures.title``? (Stores made before
    that column get it when next opened for writing; readers read both shapes.)"""
    return con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'figures' "
                       "AND column_name = 'title' AND schema_name = 'main'").fetchall()[0][0] > 0


def _titles(con, docs: list) -> dict:
    """Document id -> title, for the documents ``docs`` only."""
    if not docs:
        return {}
    if len(docs) <= _TITLE_LOOKUPS:  # a point lookup each on the documents' id index
        return dict(con.execute(f"SELECT id, title FROM documents WHERE id IN ({', '.join('?' * len(docs))})",
                                docs).fetchall())
    con.register("s_wanted", pa.table({"id": pa.array(docs, pa.string())}))
    try:
        return dict(con.execute("SELECT d.id, d.title FROM documents d SEMI JOIN s_wanted w ON w.id = d.id")
                    .fetchall())
    finally:
        con.unregister("s_wanted")


def _with_titles(con, rows: pa.Table) -> pd.DataFrame:
    """Figures (Arrow, with ``doc_id``, perhaps ``title``) as a frame plus ``title``: the figure's own
    where the store keeps it, else read for their own documents only."""
    if "title" in rows.column_names:
        kept = rows.column("title")
        missing = rows.filter(kept.is_null()).column("doc_id") if kept.null_count else None
        rows = rows.drop_columns(["title"])
        if missing is None:
            return _figures_frame(rows, None, kept.to_numpy(zero_copy_only=False))
        titles = _titles(con, missing.unique().drop_null().to_pylist())
        return _figures_frame(rows, titles, kept.to_numpy(zero_copy_only=False))
    return _figures_frame(rows, _titles(con, rows.column("doc_id").unique().drop_null().to_pylist()))


def _few_figures(con, where: str, params: list, titled: bool) -> pd.DataFrame:
    """The figures of ``where`` (a few: see ``_FEW_ROWS``) as a frame ordered by figure id, in one
    query on a store that keeps the titles, with the same columns, dtypes and values as
    :func:`_figures_frame`."""
    title = "f.title" if titled else "NULL"
    rows = con.execute(f"SELECT {_FIGURE_COLS}, f.figure_id, {title} FROM figures f {where}", params).fetchall()
    rows.sort(key=_ROW_ID)
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(_FRAME_COLUMNS)
    missing = [d for d, t in zip(cols[_DOC], cols[-1], strict=True) if t is None]
    titles = _titles(con, sorted({d for d in missing if d is not None})) if missing else {}
    data = {}
    for name, vals in zip(_FRAME_COLUMNS, cols, strict=True):
        if name == "title":
            data[name] = np.array([(titles.get(d) or "") if t is None else t
                                   for d, t in zip(cols[_DOC], vals, strict=True)], dtype=object)
        elif name in _TEXT:
            data[name] = np.array(["" if v is None else v for v in vals], dtype=object)
        elif name in _INT:
            data[name] = np.array([-1 if v is None else v for v in vals], dtype=np.int64)
        elif name in _FLOAT:
            data[name] = np.array([np.nan if v is None else v for v in vals], dtype=np.float64)
        else:
            data[name] = np.array([np.datetime64("NaT") if v is None else np.datetime64(v, "D") for v in vals],
                                  dtype="datetime64[D]").astype("datetime64[ns]")
    return pd.DataFrame(data, copy=False)


_TEXT, _INT, _FLOAT = frozenset(TEXT_COLUMNS), frozenset((*INT_COLUMNS, "figure_id")), frozenset(FLOAT_COLUMNS)
_DOC = _FRAME_COLUMNS.index("doc_id")
_ROW_ID = operator.itemgetter(_FRAME_COLUMNS.index("figure_id"))


def _frame(con, sql: str, params: list) -> pd.DataFrame:
    """A query's result as a DataFrame, through Arrow (twice as fast as ``.df()`` for text)."""
    return con.sql(sql, params=params).to_arrow_table().to_pandas(date_as_object=False)


def _typed_figures(df: pd.DataFrame) -> pd.DataFrame:
    """A figures frame read from DuckDB with the dtypes of :func:`metrics.table.to_frame`."""
    return typed(df)


def _figures_frame(rows: pa.Table, titles: dict | None, kept=None) -> pd.DataFrame:
    """:func:`_typed_figures` of figures read as Arrow, plus ``title``: ``kept`` (the figures' own,
    None where not kept) or else from ``titles`` (doc id -> title); one conversion of the table, then
    only the columns that need it."""
    df = rows.to_pandas(date_as_object=False, coerce_temporal_nanoseconds=True)
    for c in TEXT_COLUMNS:
        if rows.column(c).null_count:
            df[c] = df[c].fillna("")
    for c in INT_COLUMNS + ("figure_id",):
        if rows.column(c).null_count or df[c].dtype != "int64":
            df[c] = df[c].fillna(-1).astype("int64")
    for c in FLOAT_COLUMNS:
        if df[c].dtype != "float64":
            df[c] = df[c].astype("float64")
    for c in DATE_COLUMNS:
        if df[c].dtype != "datetime64[ns]":
            df[c] = df[c].astype("datetime64[ns]")
    if kept is not None and titles is None:
        df["title"] = kept.astype(object)
    elif kept is not None:
        df["title"] = np.array([(titles.get(d) or "") if t is None else t for d, t in zip(df["doc_id"], kept,
                                                                                        strict=True)], dtype=object)
    elif len(df) <= 10_000:
        df["title"] = np.array([titles.get(d) or "" for d in df["doc_id"]], dtype=object)
    else:
        df["title"] = df["doc_id"].map(titles).fillna("").astype(object)
    return df


def _filters(*, start=None, end=None, **equal) -> tuple[str, list]:
    """A WHERE clause: columns equal to a value or in a list; periods overlapping start..end."""
    clauses, params = [], []
    for col, val in equal.items():
        if val is None:
            continue
        vals = [val] if isinstance(val, (str, int)) else list(val)
        clauses.append(f"{col} IN ({', '.join('?' * len(vals))})" if vals else "FALSE")
        params.extend(vals)
    if start is not None:
        clauses.append("period_end >= ?")
        params.append(parse_month(start))
    if end is not None:
        clauses.append("period_start <= ?")
        params.append(parse_month(end, last_day=True))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def parse_month(value, *, last_day: bool = False) -> dt.date:
    """A date, or "YYYY-MM" (its first day, or last with ``last_day``), or "YYYY-MM-DD"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 7:
            first = dt.date.fromisoformat(text + "-01")
            return (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date() if last_day else first
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{value!r}: not a month (YYYY-MM) or date (YYYY-MM-DD)") from None


def _sql_str(text: str) -> str:
    return text.replace("'", "''")


def _pause(stage: str) -> None:
    """Test hook: CIVIC_METRICS_PAUSE=stage:seconds sleeps at that stage (after saying so on stderr)."""
    want = os.environ.get("CIVIC_METRICS_PAUSE", "")
    if want.partition(":")[0] == stage:
        print(f"civic-metrics: paused at {stage}", file=sys.stderr, flush=True)
        time.sleep(float(want.partition(":")[2] or 5))


def cli_ingest(args) -> int:
    """The ``ingest`` command: extract, store, print a summary line; 1 if some were skipped."""
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing and len(missing) == len(args.paths):
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    store = Store(args.db)
    summary = store.ingest(args.paths, progress=False if args.no_progress else None, engine=args.engine,
                           scheduler=args.scheduler, workers=args.workers, wait=args.wait,
                           staging=args.staging, replace=getattr(args, "replace", False))
    for path, reason in summary.skipped:
        print(f"civic-metrics: skipped {path}: {reason}", file=sys.stderr)
    for path, old in summary.replacements:
        print(f"civic-metrics: replaced {old} by the new text of {path}", file=sys.stderr)
    print(f"civic-metrics: {summary.line()} ({store.path})", file=sys.stderr)
    return 1 if summary.skipped else 0
