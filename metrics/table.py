"""The figures table: its columns, their types, and the one function that builds it.

The contract is ``shared/spec/figures-table.md``; every producer of figures (the
extractor, the store, the exports) goes through :func:`to_frame` so the columns and
their dtypes are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

#: Column order of the figures table (the contract's columns, in its order).
COLUMNS: tuple[str, ...] = (
    "doc_id", "path", "source", "url", "published", "sentence", "start", "end", "quote",
    "metric", "measure", "basis", "value", "value_high", "unit", "qualifier", "status",
    "period_type", "period_start", "period_end", "geo", "part",
)

DATE_COLUMNS = ("published", "period_start", "period_end")
INT_COLUMNS = ("start", "end")
FLOAT_COLUMNS = ("value", "value_high")
TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in DATE_COLUMNS + INT_COLUMNS + FLOAT_COLUMNS)


def to_frame(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Rows (mappings with the contract's keys) -> the typed figures table.

    Missing columns are added; extra keys are kept after the contract's columns.
    """
    df = pd.DataFrame(list(rows))
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = None
    extra = [c for c in df.columns if c not in COLUMNS]
    return typed(df[list(COLUMNS) + extra])


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """The contract's dtypes on a frame that has its columns (from rows, a database, a file):
    text ``str`` ("" when missing), offsets ``int64`` (-1 when missing), values ``float64``
    (NaN), dates ``datetime64[ns]`` at midnight (NaT); ``figure_id`` ``int64`` and ``title``
    text when present."""
    df = df.copy()
    for c in TEXT_COLUMNS + (("title",) if "title" in df else ()):
        df[c] = df[c].fillna("").astype(str)
    for c in INT_COLUMNS + (("figure_id",) if "figure_id" in df else ()):
        df[c] = pd.to_numeric(df[c], errors="coerce").fillna(-1).astype("int64")
    for c in FLOAT_COLUMNS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in DATE_COLUMNS:
        df[c] = pd.to_datetime(df[c], errors="coerce").astype("datetime64[ns]")
    return df.reset_index(drop=True)
