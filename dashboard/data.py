"""The app's access to the store: reads side by side (each call opens its own short-lived
read-only DuckDB connection, cheap because the store keeps the database open between calls, and
no lock serialises requests), short-lived caches computed once per key, and a brief read-write
connection when articles are added.

Errors reach the browser without the store's file path.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import pandas as pd

#: Seconds a cached table is trusted (another process may be ingesting meanwhile).
TTL = 10.0
#: Seconds an upload waits for another ingest (e.g. the CLI) to finish writing.
WRITE_WAIT = 15.0


class Data:
    """Reads through ``opener(read_only=True)``; writes through ``opener(read_only=False)``.

    ``opener`` defaults to :class:`metrics.store.Store` on ``path``; tests pass a fake.
    """

    def __init__(self, path=None, opener: Callable | None = None):
        self._files: tuple = ()  # the store's files, whose change makes every cached table stale
        if opener is None:
            from metrics.store import Store, default_path

            def opener(read_only=True):
                return Store(path, read_only=read_only, keep_alive=read_only)

            db = os.fspath(path) if path is not None else default_path()
            self._files = (db, db + ".wal")

        self._open = opener
        self._lock = threading.Lock()  # guards the attributes below, never a query
        self._write_lock = threading.Lock()
        self._reader = None
        self._cache: dict[str, tuple[float, object]] = {}
        self._key_locks: dict[str, threading.Lock] = {}

    def _store(self):
        with self._lock:
            if self._reader is None:
                self._reader = self._open(read_only=True)
            return self._reader

    def _read(self, call):
        store = self._store()
        try:
            return call(store)
        except Exception as e:
            raise _without_path(e, getattr(store, "path", None)) from None

    def _version(self) -> tuple:
        """What the store's files say of their last change: another process's upload or ingest
        changes it, so this process's caches are not trusted past it (nor past TTL)."""
        out = []
        for f in self._files:
            try:
                st = os.stat(f)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def _fresh(self, hit, version) -> bool:
        return bool(hit) and time.monotonic() - hit[0] < TTL and hit[2] == version

    def _cached(self, key: str, make):
        version = self._version()
        with self._lock:
            hit = self._cache.get(key)
            if self._fresh(hit, version):
                return hit[1]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # one request computes it; the others wait for that, not for each other
            with self._lock:
                hit = self._cache.get(key)
                if self._fresh(hit, version):
                    return hit[1]
            value = self._read(make)
            with self._lock:
                self._cache[key] = (time.monotonic(), value, version)
            return value

    def sources_per_metric(self) -> dict[str, int]:
        """How many documents state each metric."""
        return self._cached("sources", lambda s: s.sources_per_metric())

    def figures_page(self, filter_model, sort_model, offset: int, limit: int | None) -> tuple[pd.DataFrame, int]:
        """A page of figures filtered and sorted by the store, and how many pass the filter."""
        return self._read(lambda s: s.figures_page(filter_model=filter_model, sort_model=sort_model,
                                                   offset=offset, limit=limit))

    def figures_by_id(self, ids: list[int]) -> pd.DataFrame:
        return self._read(lambda s: s.figures(ids=list(ids)))

    def doc_figures(self, doc_id: str) -> pd.DataFrame:
        return self._read(lambda s: s.figures(doc_id=doc_id))

    def observations(self) -> pd.DataFrame:
        """Every observation (one row per metric, measure, basis, geo, part, period and status kind)."""
        return self._cached("observations", lambda s: s.observations())

    def documents(self) -> pd.DataFrame:
        return self._cached("documents", lambda s: s.documents())

    def document(self, doc_id: str) -> dict | None:
        return self._read(lambda s: s.document(doc_id))

    def has_document(self, doc_id: str) -> bool:
        return self._read(lambda s: s.has_document(doc_id))

    def add_documents(self, docs) -> object:
        """Store ``docs`` (Documents, or (Document, rows) pairs) as uploads through a read-write
        connection; nothing stored is replaced. Returns the summary."""
        with self._write_lock:
            writer = self._open(read_only=False)
            try:
                summary = writer.ingest_documents(docs, wait=WRITE_WAIT)
            except Exception as e:
                raise _without_path(e, getattr(writer, "path", None)) from None
            finally:
                writer.close()
            with self._lock:
                self._cache.clear()
            return summary

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None


def _without_path(e: Exception, path) -> Exception:
    """``e`` with the store's file path taken out of its message (messages may reach the browser)."""
    from metrics.errors import CivicMetricsError

    if not isinstance(e, CivicMetricsError) or not path:
        return e
    import os

    text = str(e)
    for p in sorted({str(path), os.path.abspath(str(path))}, key=len, reverse=True):
        text = text.replace(p, "the store")
    return type(e)(text)
