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

    Missing columns are added; extra keys are kept after the contract's columns. Each dtype's
    columns are built once as one 2-D block of their final dtype and handed to pandas as they
    are (a frame built column by column and then converted costs 15-25 ms per call, one column
    a block 0.4 ms, which a caller extracting one sentence pays in full).
    """
    rows = rows if isinstance(rows, list) else list(rows)
    extra = list(dict.fromkeys(k for r in rows for k in r if k not in _POSITION))
    if not extra and _make_block is not None:
        try:
            return _blocks(rows)
        except Exception:  # pandas' internals moved: the general path below gives the same frame
            pass
    data: dict[str, object] = {}
    for c in TEXT_COLUMNS:
        data[c] = np.array([_text(r.get(c)) for r in rows], dtype=object)
    for c in INT_COLUMNS:
        data[c] = np.array([_int(r.get(c)) for r in rows], dtype=np.int64)
    for c in FLOAT_COLUMNS:
        data[c] = np.array([_float(r.get(c)) for r in rows], dtype=np.float64)
    for c in DATE_COLUMNS:
        data[c] = np.array([_date(r.get(c)) for r in rows], dtype="datetime64[D]").astype("datetime64[ns]")
    for c in extra:
        data[c] = np.array([r.get(c) for r in rows], dtype=object)
    return pd.DataFrame({c: data[c] for c in list(COLUMNS) + extra}, copy=False)


_POSITION = {c: i for i, c in enumerate(COLUMNS)}
try:
    from pandas.core.internals import BlockManager as _BlockManager
    from pandas.core.internals.api import make_block as _make_block
except ImportError:  # pragma: no cover - another pandas: to_frame takes its general path
    _make_block = None


def _blocks(rows: list) -> pd.DataFrame:
    """The table of ``rows`` (contract keys only) as four blocks, one per dtype."""
    n = len(rows)
    text = np.empty((len(TEXT_COLUMNS), n), dtype=object)
    for j, c in enumerate(TEXT_COLUMNS):
        text[j, :] = [_text(r.get(c)) for r in rows]
    ints = np.array([[_int(r.get(c)) for r in rows] for c in INT_COLUMNS], dtype=np.int64).reshape(len(INT_COLUMNS), n)
    floats = np.array([[_float(r.get(c)) for r in rows] for c in FLOAT_COLUMNS],
                      dtype=np.float64).reshape(len(FLOAT_COLUMNS), n)
    dates = np.array([[_date(r.get(c)) for r in rows] for c in DATE_COLUMNS],
                     dtype="datetime64[D]").reshape(len(DATE_COLUMNS), n).astype("datetime64[ns]")
    blocks = [_make_block(values, placement=[_POSITION[c] for c in cols], ndim=2)
              for values, cols in ((text, TEXT_COLUMNS), (ints, INT_COLUMNS), (floats, FLOAT_COLUMNS),
                                   (dates, DATE_COLUMNS))]
    mgr = _BlockManager(blocks, [pd.Index(COLUMNS), pd.RangeIndex(n)])
    return pd.DataFrame._from_mgr(mgr, axes=mgr.axes)


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
