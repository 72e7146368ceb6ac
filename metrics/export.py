"""Writing figures and observations: CSV (spreadsheet-safe), Excel, Parquet, JSON.

Every format is written chunk by chunk (:func:`write_chunks`), so a large export from the
store never holds the whole table in memory. Output goes to ``FILE.part`` and is renamed
when complete, so an interrupted export leaves no half-written file.

CSV is for spreadsheets: UTF-8 with a BOM, ISO dates, numbers as numbers, and any text
cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return prefixed with
``'`` so that it is inert (OWASP, CSV injection). ``excel_locale="vi"`` writes ``;``
separators and decimal commas. In .xlsx text cells are typed as strings (never formulas).
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .errors import UsageError

FORMATS = (".csv", ".xlsx", ".parquet", ".json")
#: First characters that make a spreadsheet take text for a formula or command.
_DANGEROUS = frozenset("=+-@\t\r")
#: Rows per .xlsx sheet (Excel's limit, less the header).
XLSX_MAX_ROWS = 1_048_575


def write_table(df: pd.DataFrame, out, *, excel_locale: str = "en") -> int:
    """Write ``df`` to a path (by its extension) or to a text stream as CSV; returns rows written."""
    return write_chunks([df], out, excel_locale=excel_locale)


def write_chunks(chunks: Iterable[pd.DataFrame], out, *, excel_locale: str = "en") -> int:
    """Write frames with the same columns, one after another, as one table; returns rows written."""
    if not isinstance(out, (str, os.PathLike)):
        return _drain(chunks, _CsvWriter(out, excel_locale))
    out = os.fspath(out)
    ext = os.path.splitext(out)[1].lower()
    if ext not in FORMATS:
        raise UsageError(f"{out}: unknown output type (use {', '.join(FORMATS)})")
    tmp = out + ".part"
    try:
        if ext == ".csv":
            with open(tmp, "wb") as fh:
                fh.write("\ufeff".encode())  # the BOM: Excel then reads UTF-8
                n = _drain(chunks, _CsvWriter(fh, excel_locale))
        else:
            writer = {".xlsx": _XlsxWriter, ".parquet": _ParquetWriter, ".json": _JsonWriter}[ext](tmp)
            n = _drain(chunks, writer)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return n


def _drain(chunks: Iterable[pd.DataFrame], writer) -> int:
    n = 0
    try:
        for df in chunks:
            df = df.copy(deep=False)
            df.attrs = {}  # e.g. the extractor's Report: not table metadata
            writer.write(df)
            n += len(df)
    finally:
        writer.close()
    return n


def inert(s: pd.Series) -> pd.Series:
    """Text cells made inert for spreadsheets: a leading = + - @ tab or CR gets a ``'`` before it."""
    v = s.fillna("").astype(str).to_numpy(dtype=object)
    bad = np.fromiter((x[:1] in _DANGEROUS for x in v), bool, len(v))
    if bad.any():
        v = v.copy()
        v[bad] = "'" + v[bad]
    return pd.Series(v, index=s.index, dtype=object)


def _text_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if df[c].dtype == object and not _is_list_column(df[c])]


def _is_list_column(s: pd.Series) -> bool:
    first = s.dropna().head(1)
    return bool(len(first)) and isinstance(first.iloc[0], (list, tuple, np.ndarray))


def _flat_lists(df: pd.DataFrame) -> pd.DataFrame:
    """List cells (observations' figure_ids) as space-separated text, for CSV and Excel."""
    for c in df.columns:
        if df[c].dtype == object and _is_list_column(df[c]):
            df[c] = [" ".join(str(int(x)) for x in v) for v in df[c]]
    return df


class _CsvWriter:
    """CSV: a plain header row, ISO dates, numbers unquoted, text made inert.

    Arrow writes the default locale quickly (text always quoted); pandas writes the
    Vietnamese one, whose decimal commas Arrow cannot write as numbers.
    """

    def __init__(self, fh, excel_locale: str = "en"):
        self.fh, self.vi = fh, excel_locale == "vi"
        self.sep = ";" if self.vi else ","
        self.binary = not isinstance(fh, io.TextIOBase)
        self.header, self.schema = True, None

    def _emit(self, text: str | bytes) -> None:
        if isinstance(text, str) and self.binary:
            text = text.encode("utf-8")
        elif isinstance(text, bytes) and not self.binary:
            text = text.decode("utf-8")
        self.fh.write(text)

    def write(self, df: pd.DataFrame) -> None:
        df = _flat_lists(df.copy())
        for c in _text_columns(df):
            df[c] = inert(df[c])
        if self.vi:
            # CRLF: then a CR or LF inside a text makes the csv module quote it
            self._emit(df.to_csv(index=False, header=self.header, sep=";", decimal=",", date_format="%Y-%m-%d",
                                 lineterminator="\r\n"))
            self.header = False
            return
        import pyarrow as pa
        import pyarrow.csv as pacsv

        table = pa.Table.from_pandas(df, preserve_index=False)
        table = pa.table([c.cast(pa.date32(), safe=False) if pa.types.is_timestamp(c.type) else c
                          for c in table.columns], names=table.column_names)
        if self.schema is None:
            self.schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f
                                     for f in table.schema])
        if self.header:  # Arrow would quote every name
            line = io.StringIO()
            csv.writer(line, delimiter=",", lineterminator="\n").writerow(table.column_names)
            self._emit(line.getvalue())
            self.header = False
        buf = io.BytesIO()
        pacsv.write_csv(table.cast(self.schema), buf, write_options=pacsv.WriteOptions(include_header=False))
        self._emit(buf.getvalue())

    def close(self) -> None:
        pass


class _ParquetWriter:
    def __init__(self, path: str):
        self.path, self.writer = path, None

    def write(self, df: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(df, preserve_index=False)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table.cast(self.writer.schema))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class _JsonWriter:
    """A JSON array of records: ISO dates, null for missing values, lists kept as lists."""

    def __init__(self, path: str):
        self.fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.fh.write("[")
        self.first = True

    def write(self, df: pd.DataFrame) -> None:
        df = df.copy()
        for c in df.columns:
            if pd.api.types.is_datetime64_any_dtype(df[c]):
                df[c] = df[c].dt.strftime("%Y-%m-%d")
            elif df[c].dtype == object and _is_list_column(df[c]):
                df[c] = [[int(x) for x in v] for v in df[c]]
        body = df.to_json(orient="records", force_ascii=False)[1:-1]  # the records, without [ ]
        if body:
            self.fh.write(("\n" if self.first else ",\n") + body)
            self.first = False

    def close(self) -> None:
        self.fh.write("\n]\n")
        self.fh.close()


class _XlsxWriter:
    """A streaming workbook: typed cells, frozen header, URL cells linked (http/https only)."""

    def __init__(self, path: str):
        from openpyxl import Workbook

        self.path = path
        self.wb = Workbook(write_only=True)
        self.ws, self.columns, self.rows = None, None, 0

    def _sheet(self):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        n = len(self.wb.worksheets)
        self.ws = self.wb.create_sheet("data" if n == 0 else f"data ({n + 1})")
        self.ws.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for c in self.columns:
            cell = WriteOnlyCell(self.ws, value=c)
            cell.font = bold
            header.append(cell)
        self.ws.append(header)
        self.rows = 0

    def write(self, df: pd.DataFrame) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        df = _flat_lists(df.copy())
        if self.columns is None:
            self.columns = list(df.columns)
        dates = {c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])}
        text = set(_text_columns(df)) - dates
        for values in df.itertuples(index=False, name=None):
            if self.ws is None or self.rows >= XLSX_MAX_ROWS:
                self._sheet()
            row = []
            for col, v in zip(self.columns, values, strict=True):
                if col in dates:
                    v = None if pd.isna(v) else v.date()  # openpyxl formats dates as yyyy-mm-dd
                elif col in text:
                    v = ILLEGAL_CHARACTERS_RE.sub("", "" if v is None else str(v))[:32767]
                    link = col == "url" and v.lower().startswith(("http://", "https://"))
                    if link or v.startswith("="):
                        cell = WriteOnlyCell(self.ws, value=v)
                        cell.data_type = "s"  # a string, never a formula
                        if link:
                            cell.hyperlink = v
                            cell.style = "Hyperlink"
                        v = cell
                else:
                    v = _xlsx_number(v)
                row.append(v)
            self.ws.append(row)
            self.rows += 1

    def close(self) -> None:
        if self.ws is None and self.columns is not None:
            self._sheet()
        elif self.ws is None:
            self.wb.create_sheet("data")
        self.wb.save(self.path)


def _xlsx_number(v):
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not np.isfinite(v):
        return None
    return v


def cli_export(args) -> int:
    """The ``export`` command: figures or observations from the store to a file."""
    from .store import Store, parse_month

    out = args.out
    if not out.lower().endswith(FORMATS):
        raise UsageError(f"--out {out}: the file must end in {', '.join(FORMATS)}")
    start = parse_month(args.date_from) if args.date_from else None
    end = parse_month(args.date_to, last_day=True) if args.date_to else None
    store = Store(args.db, read_only=True)
    if not os.path.exists(store.path):
        from .store import StoreError

        raise StoreError(f"no store at {store.path}: run civic-metrics ingest first (or pass --db)")
    filters = dict(metric=args.metric, geo=args.geo, start=start, end=end)
    chunks = store.iter_observations(**filters) if args.what == "observations" else store.iter_figures(**filters)
    n = write_chunks(chunks, out, excel_locale=args.excel_locale)
    print(f"civic-metrics: {n} {args.what} written to {out}", file=sys.stderr)
    return 0
