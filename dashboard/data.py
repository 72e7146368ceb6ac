"""The app's access to the store: one read-only connection shared under a lock, short-lived caches,
and a brief read-write connection when articles are added."""

from __future__ import annotations

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
        if opener is None:
            from metrics.store import Store

            def opener(read_only=True):
                return Store(path, read_only=read_only)

        self._open = opener
        self._lock = threading.RLock()
        self._reader = None
        self._cache: dict[str, tuple[float, object]] = {}

    def _store(self):
        if self._reader is None:
            self._reader = self._open(read_only=True)
        return self._reader

    def _cached(self, key: str, make):
        with self._lock:
            hit = self._cache.get(key)
            if hit and time.monotonic() - hit[0] < TTL:
                return hit[1]
            value = make()
            self._cache[key] = (time.monotonic(), value)
            return value

    def sources_per_metric(self) -> dict[str, int]:
        """How many documents state each metric."""
        return self._cached("sources", lambda: self._store().sources_per_metric())

    def figures_page(self, filter_model, sort_model, offset: int, limit: int | None) -> tuple[pd.DataFrame, int]:
        """A page of figures filtered and sorted by the store, and how many pass the filter."""
        with self._lock:
            return self._store().figures_page(filter_model=filter_model, sort_model=sort_model, offset=offset,
                                              limit=limit)

    def figures_by_id(self, ids: list[int]) -> pd.DataFrame:
        with self._lock:
            return self._store().figures(ids=list(ids))

    def doc_figures(self, doc_id: str) -> pd.DataFrame:
        with self._lock:
            return self._store().figures(doc_id=doc_id)

    def observations(self) -> pd.DataFrame:
        """Every observation (one row per metric, measure, basis, geo, part, period and status kind)."""
        return self._cached("observations", lambda: self._store().observations())

    def documents(self) -> pd.DataFrame:
        return self._cached("documents", lambda: self._store().documents())

    def document(self, doc_id: str) -> dict | None:
        with self._lock:
            return self._store().document(doc_id)

    def add_documents(self, docs) -> object:
        """Store ``docs`` (Documents, or (Document, rows) pairs) through a read-write connection;
        returns the summary."""
        with self._lock:
            self.close()
            writer = self._open(read_only=False)
            try:
                summary = writer.ingest_documents(docs, wait=WRITE_WAIT)
            finally:
                writer.close()
            self._cache.clear()
            return summary

    def close(self) -> None:
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
