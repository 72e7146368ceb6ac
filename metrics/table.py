"""The figures table: its columns, their types, and the one function that builds it.

The contract is ``shared/spec/figures-table.md``; every producer of figures (the
extractor, the store, the exports) goes through :func:`to_frame` so the columns and
their dtypes are the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import numpy as np
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

    Missing columns are added; extra keys are kept after the contract's columns. Each column
    is built once as an array of its final dtype (a frame built column by column and then
    converted costs 15-25 ms per call, which a caller extracting one article pays in full).
    """
    rows = rows if isinstance(rows, list) else list(rows)
    data: dict[str, object] = {}
    for c in TEXT_COLUMNS:
        data[c] = np.array([_text(r.get(c)) for r in rows], dtype=object)
    for c in INT_COLUMNS:
        data[c] = np.array([_int(r.get(c)) for r in rows], dtype=np.int64)
    for c in FLOAT_COLUMNS:
        data[c] = np.array([_float(r.get(c)) for r in rows], dtype=np.float64)
    for c in DATE_COLUMNS:
        data[c] = np.array([_date(r.get(c)) for r in rows], dtype="datetime64[D]").astype("datetime64[ns]")
    extra = list(dict.fromkeys(k for r in rows for k in r if k not in data))
    for c in extra:
        data[c] = np.array([r.get(c) for r in rows], dtype=object)
    return pd.DataFrame({c: data[c] for c in list(COLUMNS) + extra}, copy=False)


def _text(v) -> str:
    return "" if v is None or v != v else v if isinstance(v, str) else str(v)


def _int(v) -> int:
    try:
        return -1 if v is None or v != v else int(v)
    except (TypeError, ValueError):
        return -1


def _float(v) -> float:
    try:
        return float("nan") if v is None else float(v)
    except (TypeError, ValueError):
        return float("nan")


def _date(v):
    """A date (or its ISO text, or a timestamp) as something numpy reads as a day; None for none."""
    if v is None or v != v or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


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
