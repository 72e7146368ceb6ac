"""civic-metrics: dated economic figures from Vietnamese articles, as one tidy table.

    >>> import metrics
    >>> df = metrics.extract_text("Chỉ số sản xuất công nghiệp tháng 1/2026 tăng 24% so với cùng kỳ.")

The table's columns are ``metrics.table.COLUMNS`` (the contract in
``shared/spec/figures-table.md``).
"""

from __future__ import annotations

import pandas as pd

from .corpus import Report, extract_paths
from .table import COLUMNS, to_frame

__all__ = ["COLUMNS", "Report", "extract_paths", "extract_text"]
__version__ = "0.1.0"


def extract_text(text: str, *, published=None, url=None, source=None, path: str = "") -> pd.DataFrame:
    """The figures stated in ``text`` (an article's plain text) as a typed figures table.

    ``published`` (a date or ISO string), ``url`` and ``source`` override what the text says.
    """
    from .document import from_text
    from .extract import extract_document

    doc = from_text(text, published=published, url=url, source=source, path=path)
    return to_frame(extract_document(doc))
