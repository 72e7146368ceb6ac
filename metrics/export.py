"""Writing figures tables: CSV (spreadsheet-safe), Parquet, JSON.

PLACEHOLDER: extended by the store work (xlsx, injection guard, locale, streaming).
"""

from __future__ import annotations

import pandas as pd

from .errors import UsageError


def write_table(df: pd.DataFrame, out) -> None:
    """Write ``df`` to a path (by its extension) or to a text stream as CSV."""
    if not isinstance(out, str):
        df.to_csv(out, index=False, date_format="%Y-%m-%d")
        return
    low = out.lower()
    if low.endswith(".csv"):
        df.to_csv(out, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
    elif low.endswith(".parquet"):
        df.to_parquet(out, index=False)
    else:
        raise UsageError(f"{out}: unknown output type (use .csv or .parquet)")
