"""The store: an embedded DuckDB file of documents, figures and observations.

INTERFACE STUB (being implemented). The dashboard and the exports use exactly this API.
"""

from __future__ import annotations

import pandas as pd


class Store:
    """Open (creating if needed) the store at ``path``.

    ``path`` defaults to $CIVIC_METRICS_DB, else ``data/civic-metrics.duckdb``.
    ``read_only=True`` for readers such as the app, which keep reading while an ingest writes.
    """

    def __init__(self, path=None, *, read_only: bool = False): ...

    def ingest(self, paths, *, progress=None, engine="local", scheduler=None, workers=None):
        """Extract and store; returns a summary (new, unchanged, replaced, skipped, figures added)."""

    def ingest_documents(self, docs):
        """Store already-read :class:`metrics.document.Document` objects (used by uploads)."""

    def figures(self, *, metric=None, geo=None, start=None, end=None, doc_id=None, ids=None) -> pd.DataFrame:
        """The figures table plus ``figure_id`` (int), ``title``."""

    def observations(self, *, metric=None, geo=None, start=None, end=None) -> pd.DataFrame:
        """One row per (metric, measure, basis, geo, part, period_type, period_start, period_end,
        status kind): value, value_high, unit, status, qualifier, n_sources, figure_ids (list of int),
        first_published, last_published, conflict (bool), superseded (bool), suspect (bool),
        suspect_reason (str)."""

    def documents(self) -> pd.DataFrame:
        """id, path, url, source, title, published (no text)."""

    def document(self, doc_id: str) -> dict | None:
        """id, path, url, source, title, published, text; None for an unknown id."""

    def is_empty(self) -> bool: ...

    def close(self) -> None: ...
