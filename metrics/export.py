"""Writing figures and observations: CSV (spreadsheet-safe), Excel, Parquet, JSON.

DuckDB does the writing. A table is read in *windows* (the store's figures in ranges of
:data:`WINDOW` figure ids; a DataFrame chunk by chunk), each sorted and written before the
next, so memory stays bounded however large the export. CSV and JSON windows go through
DuckDB's ``COPY ... TO`` and are appended to the output; Parquet is written from DuckDB's
Arrow stream; .xlsx rows are built as SpreadsheetML by SQL and streamed into the zip.

The spreadsheet-safety rules are SQL (:func:`_inert_sql`): CSV is UTF-8 with a BOM, ISO
dates, numbers unquoted, text quoted, and a text cell that begins with ``=``, ``+``, ``-``,
``@``, tab or carriage return gets a ``'`` in front (OWASP, CSV injection);
``excel_locale="vi"`` writes ``;`` separators and decimal commas. In .xlsx every text is an
inline string, never a formula.

Output goes to a unique temporary folder beside the target and is renamed into place when
complete; an existing file is kept unless ``force`` (the export command's ``--force``).
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import os
import shutil
import sys
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import CivicMetricsError, UsageError

FORMATS = (".csv", ".xlsx", ".parquet", ".json")
#: First characters that make a spreadsheet take text for a formula or command.
_DANGEROUS = frozenset("=+-@\t\r")
#: Rows per .xlsx sheet (Excel's limit, less the header).
XLSX_MAX_ROWS = 1_048_575
#: Bytes of XML per .xlsx sheet: below 2 GiB a sheet needs no ZIP64 entry, which some Excels cannot read.
XLSX_MAX_BYTES = 1_800_000_000
#: Figure ids per window of a store export: two of DuckDB's row groups, so that both cores scan.
WINDOW = 245_760
#: The same for .xlsx, whose rows DuckDB holds as XML (about three times their size) until written.
XLSX_WINDOW = 100_000
#: Rows per Arrow batch fetched from DuckDB (Parquet, .xlsx).
BATCH = 20_000
#: DuckDB's memory limit while exporting from the store (a window sorts in well under it).
MEMORY_LIMIT = "500MB"


class ExportError(CivicMetricsError):
    """The output cannot be written (exists, no such folder, a folder, disk full...)."""


# --- public API ----------------------------------------------------------------------------------

def write_table(df: pd.DataFrame, out, *, excel_locale: str = "en", force: bool = True) -> int:
    """Write ``df`` to a path (by its extension) or to a text or binary stream as CSV; returns rows."""
    return write_chunks([df], out, excel_locale=excel_locale, force=force)


def write_chunks(chunks: Iterable[pd.DataFrame], out, *, excel_locale: str = "en", force: bool = True) -> int:
    """Write frames with the same columns, one after another, as one table; returns rows written."""
    con = duckdb.connect()
    try:
        return _write(con, _frame_windows(con, chunks), out, excel_locale, force)
    finally:
        con.close()


def export_store(db, out, *, what: str = "figures", metric=None, geo=None, start=None, end=None,
                 excel_locale: str = "en", force: bool = False, timeout: float = 60.0) -> int:
    """Figures (with ``figure_id`` and ``title``) or observations from the store file ``db`` to
    ``out``, filtered like :meth:`metrics.store.Store.figures`; returns rows written."""
    from .store import StoreError

    with _store_connection(db, timeout) as con:
        # DuckDB keeps what it read cached up to 80% of RAM; a window needs far less
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute("BEGIN TRANSACTION")  # one snapshot for every window
        size = XLSX_WINDOW if os.fspath(out).lower().endswith(".xlsx") else WINDOW
        try:
            windows = _figure_windows(con, metric, geo, start, end, size) if what == "figures" else \
                _observation_windows(metric, geo, start, end)
            return _write(con, windows, out, excel_locale, force)
        except (duckdb.BinderException, duckdb.CatalogException) as e:  # a table or column the store lacks
            first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
            raise StoreError(f"{db} cannot be used as a store ({first}); it may be damaged: restore it from "
                             f"a copy, or ingest the articles into a new store (--db)") from None


def inert(s: pd.Series) -> pd.Series:
    """Text cells made inert for spreadsheets: a leading = + - @ tab or CR gets a ``'`` before it."""
    v = s.fillna("").astype(str).to_numpy(dtype=object)
    bad = np.fromiter((x[:1] in _DANGEROUS for x in v), bool, len(v))
    if bad.any():
        v = v.copy()
        v[bad] = "'" + v[bad]
    return pd.Series(v, index=s.index, dtype=object)


# --- sources: windows of rows -----------------------------------------------------------------

@dataclass
class _Window:
    """``SELECT`` of one window's rows, its parameters, and the columns that order it (None:
    the order of the rows as read, e.g. a DataFrame's)."""

    sql: str
    params: list
    order: str | None


def _frame_windows(con, chunks: Iterable[pd.DataFrame]) -> Iterator[_Window]:
    """Each frame as a window, in order; empty frames only if all are (their columns lack types)."""
    empty, rows = None, False
    for i, df in enumerate(chunks):
        df = df.copy(deep=False)
        df.attrs = {}  # e.g. the extractor's Report: not table metadata
        for c in df.columns:
            if df[c].dtype == object and not _is_list_column(df[c]):
                df[c] = df[c].fillna("").astype(str)
        if not len(df):
            empty = df if empty is None else empty
            continue
        rows = True
        con.register(f"chunk_{i}", df)
        yield _Window(f"SELECT * FROM chunk_{i}", [], None)
        con.unregister(f"chunk_{i}")
    if not rows and empty is not None:
        con.register("chunk_empty", empty)
        yield _Window("SELECT * FROM chunk_empty", [], None)


def _is_list_column(s: pd.Series) -> bool:
    first = s.dropna().head(1)
    return bool(len(first)) and isinstance(first.iloc[0], (list, tuple, np.ndarray))


def _filters(metric, geo, start, end, table: str = "") -> tuple[list[str], list]:
    """Conditions as :meth:`metrics.store.Store.figures` applies them: a value or a list per
    column, and periods overlapping start..end; ``table``: the columns' qualifier."""
    from .store import parse_month

    clauses, params = [], []
    t = table + "." if table else ""
    for col, val in ((f"{t}metric", metric), (f"{t}geo", geo)):
        if val is None:
            continue
        vals = [val] if isinstance(val, str) else list(val)
        clauses.append(f"{col} IN ({', '.join('?' * len(vals))})" if vals else "FALSE")
        params.extend(vals)
    if start is not None:
        clauses.append(f"{t}period_end >= ?")
        params.append(parse_month(start))
    if end is not None:
        clauses.append(f"{t}period_start <= ?")
        params.append(parse_month(end, last_day=True))
    return clauses, params


def _figure_windows(con, metric, geo, start, end, size: int) -> Iterator[_Window]:
    from .table import COLUMNS, INT_COLUMNS

    where, params = _filters(metric, geo, start, end, "f")
    lo, hi = con.execute(f"SELECT min(figure_id), max(figure_id) FROM figures f "
                         f"{'WHERE ' + ' AND '.join(where) if where else ''}", params).fetchone()
    # offsets are -1 when missing, as in the figures table (metrics.table.typed)
    cols = ", ".join(f'coalesce(f."{c}", -1) AS "{c}"' if c in INT_COLUMNS else f'f."{c}"' for c in COLUMNS)
    sql = (f"SELECT {cols}, f.figure_id, coalesce(d.title, '') AS title FROM figures f "
           f"LEFT JOIN documents d ON d.id = f.doc_id WHERE {' AND '.join(where + ['f.figure_id BETWEEN ? AND ?'])}")
    if lo is None:  # nothing: one empty window, so that the header is still written
        yield _Window(sql, params + [0, -1], "figure_id")
    for a in range(lo or 0, (hi if hi is not None else -1) + 1, size):
        yield _Window(sql, params + [a, a + size - 1], "figure_id")


def _observation_windows(metric, geo, start, end) -> Iterator[_Window]:
    from .observations import COLUMNS

    where, params = _filters(metric, geo, start, end)
    cols = ", ".join(f'"{c}"' for c in COLUMNS)
    yield _Window(f"SELECT {cols} FROM observations {'WHERE ' + ' AND '.join(where) if where else ''}",
                  params, "metric, geo, part, measure, basis, status_kind, unit, period_start, period_end")


@contextmanager
def _store_connection(db, timeout: float):
    """A read-only connection to a checked store, retried while an ingest's transaction holds it."""
    from .store import Store, StoreError

    store = Store(db, read_only=True, timeout=timeout)
    if not os.path.exists(store.path):
        raise StoreError(f"no store at {store.path}: run civic-metrics ingest first (or pass --db)")
    store.is_empty()  # not a store, another schema version, busy: says so here
    con = store.connection()
    try:
        yield con
    finally:
        con.close()


# --- columns and their SQL ----------------------------------------------------------------------

@dataclass
class _Col:
    name: str
    kind: str  # text, int, float, bool, date, list

    @property
    def q(self) -> str:
        return '"' + self.name.replace('"', '""') + '"'


def _columns(con, w: _Window) -> list[_Col]:
    cur = con.execute(f"SELECT * FROM ({w.sql}) LIMIT 0", w.params)
    return [_Col(name, _kind(str(t))) for name, t, *_ in cur.description]


def _kind(t: str) -> str:
    t = t.upper()
    if t.endswith("]"):
        return "list"
    if t == "BOOLEAN":
        return "bool"
    if t == "DATE" or t.startswith("TIMESTAMP"):
        return "date"
    if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        return "float"
    if t.endswith("INT") or t in ("BIGINT", "HUGEINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "UHUGEINT"):
        return "int"
    return "text"


def _inert_sql(x: str) -> str:
    """``x`` (non-null text) with a ``'`` before a leading = + - @ tab or CR."""
    codes = ", ".join(str(ord(ch)) for ch in sorted(_DANGEROUS))
    return f"CASE WHEN ord({x}) IN ({codes}) THEN '''' || {x} ELSE {x} END"


def _text_sql(c: _Col) -> str:
    """A text or list column as non-null text (lists: their items separated by spaces)."""
    if c.kind == "list":
        return f"coalesce(array_to_string({c.q}, ' '), '')"
    return f"coalesce(CAST({c.q} AS VARCHAR), '')"


def _value_sql(c: _Col, fmt: str, vi: bool = False) -> str:
    """One column as written to ``fmt`` (csv, json, parquet)."""
    if c.kind == "text" or (c.kind == "list" and fmt == "csv"):
        return _inert_sql(_text_sql(c)) if fmt == "csv" else _text_sql(c)
    if c.kind == "float":
        v = f"CASE WHEN {'isfinite' if fmt == 'json' else 'NOT isnan'}({c.q}) THEN {c.q} END"
        return f"replace(CAST({v} AS VARCHAR), '.', ',')" if vi else v
    if c.kind == "date":
        return f"CAST({c.q} AS TIMESTAMP_NS)" if fmt == "parquet" else f"CAST({c.q} AS DATE)"
    if c.kind == "bool" and vi:
        return f"CASE WHEN {c.q} THEN 'True' WHEN NOT {c.q} THEN 'False' END"
    return c.q


def _select(cols: list[_Col], exprs: list[str], w: _Window) -> str:
    body = ", ".join(f"{e} AS {c.q}" for c, e in zip(cols, exprs, strict=True))
    return f"SELECT {body} FROM ({w.sql}) AS w" + (f" ORDER BY {w.order}" if w.order else "")


# --- writing -------------------------------------------------------------------------------------

def _write(con, windows: Iterator[_Window], out, excel_locale: str, force: bool) -> int:
    if not isinstance(out, (str, os.PathLike)):
        return _to_stream(con, windows, out, excel_locale)
    out = os.fspath(out)
    ext = os.path.splitext(out)[1].lower()
    if ext not in FORMATS:
        raise UsageError(f"{out}: unknown output type (use {', '.join(FORMATS)})")
    with _target(out, force) as tmp:
        # a window that outgrows DuckDB's memory spills here, beside the output, and goes with it
        con.execute(f"SET temp_directory = '{os.path.join(tmp.dir, 'spill').replace(chr(39), chr(39) * 2)}'")
        writer = {".csv": _Csv, ".json": _Json, ".parquet": _Parquet, ".xlsx": _Xlsx}[ext]
        return writer(tmp.file, tmp.dir, excel_locale).run(con, windows)


@dataclass
class _Tmp:
    dir: str
    file: str


@contextmanager
def _target(out: str, force: bool) -> Iterator[_Tmp]:
    """A unique temporary folder beside ``out`` holding the file being written; on success the
    file takes ``out``'s name (never replacing an existing file unless ``force``)."""
    folder = os.path.dirname(os.path.abspath(out))
    if os.path.isdir(out):
        raise ExportError(f"{out} is a folder: give a file name, e.g. {os.path.join(out, 'figures.csv')}")
    if not os.path.isdir(folder):
        raise ExportError(f"no folder {folder}: create it first, or choose another --out")
    if os.path.lexists(out) and not force:
        raise ExportError(f"{out} exists: pass --force to overwrite it, or choose another --out")
    try:
        tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(out)}.", suffix=".part", dir=folder)
    except OSError as e:
        raise ExportError(f"cannot write in {folder}: {e.strerror or e}") from None
    try:
        t = _Tmp(tmp, os.path.join(tmp, os.path.basename(out)))
        try:
            yield t
            _place(t.file, out, force)
        except OSError as e:
            raise _os_error(e, out) from None
        except duckdb.IOException as e:
            raise _duckdb_error(e, out) from None
        except duckdb.OutOfMemoryException as e:
            raise ExportError(f"cannot write {out}: DuckDB ran out of memory "
                              f"({str(e).splitlines()[0][:120]})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _place(tmp: str, out: str, force: bool) -> None:
    if force:
        os.replace(tmp, out)
        return
    try:
        os.link(tmp, out)  # atomic, and fails if ``out`` appeared meanwhile
    except FileExistsError:
        raise ExportError(f"{out} exists: pass --force to overwrite it, or choose another --out") from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(out):  # a filesystem without hard links
            raise ExportError(f"{out} exists: pass --force to overwrite it, or choose another --out") from None
        os.replace(tmp, out)


def _os_error(e: OSError, out: str) -> ExportError:
    reason = os.strerror(e.errno) if e.errno else str(e)
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return ExportError(f"cannot write {out}: {reason} (free some space, or export to another disk)")
    return ExportError(f"cannot write {out}: {reason}")


def _duckdb_error(e: Exception, out: str) -> ExportError:
    """DuckDB's write error (a JSON blob naming our temporary file) as one line about ``out``."""
    import re

    store = re.search(r'"([^"]+)":\s*attempted to read', str(e))
    if store:  # the store itself could not be read: it is damaged, not the export
        first = str(e).splitlines()[0][:200]
        return ExportError(f"{store[1]} cannot be used as a store ({first}); it may be damaged: restore it from "
                           f"a copy, or ingest the articles into a new store (--db)")
    code = re.search(r'"errno":\s*"?(\d+)', str(e))
    if code:
        return _os_error(OSError(int(code[1]), os.strerror(int(code[1]))), out)
    return ExportError(f"cannot write {out}: {str(e).splitlines()[0][:200]}")


def _append(fh, path: str) -> None:
    """Copy the file at ``path`` to the end of ``fh`` (in the kernel where it can)."""
    with open(path, "rb") as src:
        fh.flush()
        size = os.fstat(src.fileno()).st_size
        try:
            while size > 0:
                n = os.copy_file_range(src.fileno(), fh.fileno(), size)
                if n == 0:
                    break
                size -= n
            fh.seek(0, os.SEEK_END)
            return
        except (AttributeError, OSError):
            src.seek(0)
            fh.seek(0, os.SEEK_END)
        shutil.copyfileobj(src, fh, 1 << 20)


class _Csv:
    """CSV: a header row, then each window ``COPY``'d by DuckDB and appended."""

    def __init__(self, path: str, tmpdir: str, excel_locale: str = "en", *, bom: bool = True):
        self.path, self.tmpdir, self.vi, self.bom = path, tmpdir, excel_locale == "vi", bom

    def run(self, con, windows: Iterator[_Window]) -> int:
        n, cols = 0, None
        part = os.path.join(self.tmpdir, "window.csv")
        with open(self.path, "wb") as fh:
            for w in windows:
                if cols is None:
                    cols = _columns(con, w)
                    fh.write(self._header(cols))
                exprs = [_value_sql(c, "csv", self.vi) for c in cols]
                if self.vi:
                    opts = "DELIMITER ';', NEW_LINE '\r\n'"
                else:
                    text = [c.q for c in cols if c.kind in ("text", "list")]
                    opts = f"FORCE_QUOTE ({', '.join(text)})" if text else ""
                n += _copy_onto(con, _select(cols, exprs, w), w.params, fh, part, f"FORMAT csv, HEADER false, {opts}")
        return n

    def _header(self, cols: list[_Col]) -> bytes:
        line = io.StringIO()
        csv.writer(line, delimiter=";" if self.vi else ",", lineterminator="\r\n" if self.vi else "\n"
                   ).writerow([c.name for c in cols])
        return ("\ufeff" if self.bom else "").encode() + line.getvalue().encode()


def _copy(con, select: str, params: list, path: str, options: str) -> int:
    target = path.replace("'", "''")
    return con.execute(f"COPY ({select}) TO '{target}' ({options.rstrip(', ')})", params).fetchone()[0]


def _copy_onto(con, select: str, params: list, fh, part: str, options: str) -> int:
    """``COPY`` the query's rows onto the end of the open file ``fh``; returns their number.

    DuckDB writes into a pipe (``part`` + ".pipe") whose contents the kernel moves to ``fh``
    (``os.splice``), so that the rows are written once; without pipes or splice, DuckDB writes the
    file ``part``, which is then appended. An error writing ``fh`` (a full disk) is raised as such.
    """
    pipe = part + ".pipe"
    try:
        if not hasattr(os, "splice"):
            raise OSError(errno.ENOSYS, "no splice")
        os.mkfifo(pipe, 0o600)
    except OSError:
        n = _copy(con, select, params, part, options)
        if n:
            _append(fh, part)
        return n
    fh.flush()
    # Both ends open before DuckDB opens the pipe: its open never waits, and the reader sees the end
    # of the rows only when DuckDB and ``keep`` have both closed their ends.
    src = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(src, True)
    keep = os.open(pipe, os.O_WRONLY)
    failed: list[BaseException] = []

    def pump():
        try:
            try:
                while os.splice(src, fh.fileno(), 1 << 20):
                    pass
            except OSError as e:  # a filesystem that cannot splice: the same through memory
                if e.errno not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                    raise
                while block := os.read(src, 1 << 20):
                    view = memoryview(block)
                    while view:
                        view = view[os.write(fh.fileno(), view):]
        except BaseException as e:  # e.g. no room: closing the pipe makes DuckDB's writes fail
            failed.append(e)
        finally:
            os.close(src)

    mover = threading.Thread(target=pump, name="civic-metrics-export-pipe", daemon=True)
    mover.start()
    try:
        n = _copy(con, select, params, pipe, options + ", USE_TMP_FILE false")
    except duckdb.Error:
        if failed:
            raise failed[0] from None
        raise
    finally:
        os.close(keep)
        mover.join()
        os.unlink(pipe)
        fh.seek(0, os.SEEK_END)
    if failed:
        raise failed[0]
    return n


class _Json:
    """A JSON array of records: each window ``COPY``'d by DuckDB as one ``to_json`` text per row,
    ended by a comma, and appended; the last comma goes at the end."""

    def __init__(self, path: str, tmpdir: str, excel_locale: str = "en"):
        self.path, self.tmpdir = path, tmpdir

    def run(self, con, windows: Iterator[_Window]) -> int:
        n, cols = 0, None
        part = os.path.join(self.tmpdir, "window.json")
        with open(self.path, "wb") as fh:
            fh.write(b"[\n")
            for w in windows:
                cols = cols or _columns(con, w)
                record = ", ".join(f"{c.q} := {_value_sql(c, 'json')}" for c in cols)
                select = f"SELECT to_json(struct_pack({record})) FROM ({w.sql}) AS w" + \
                    (f" ORDER BY {w.order}" if w.order else "")
                # one column of JSON, which holds no raw newline: nothing to quote
                n += _copy_onto(con, select, w.params, fh, part, "FORMAT csv, HEADER false, QUOTE '', ESCAPE '', "
                                                                 "NEW_LINE ',\n'")
            if n:
                fh.seek(-2, os.SEEK_END)
                fh.truncate()
                fh.write(b"\n")
            fh.write(b"]\n")
        return n


class _Parquet:
    """Parquet with the columns' types (dates as timestamps, lists as lists), from DuckDB's Arrow."""

    def __init__(self, path: str, tmpdir: str, excel_locale: str = "en"):
        self.path = path

    def run(self, con, windows: Iterator[_Window]) -> int:
        import pyarrow.parquet as pq

        n, cols, writer = 0, None, None
        try:
            for w in windows:
                cols = cols or _columns(con, w)
                select = _select(cols, [_value_sql(c, "parquet") for c in cols], w)
                reader = con.sql(select, params=w.params).to_arrow_reader(BATCH)
                if writer is None:
                    writer = pq.ParquetWriter(self.path, reader.schema)
                for batch in reader:
                    writer.write_batch(batch)
                    n += batch.num_rows
        finally:
            if writer is not None:
                writer.close()
        return n


def _to_stream(con, windows: Iterator[_Window], out, excel_locale: str) -> int:
    """CSV (without BOM) to a text or binary stream, e.g. stdout."""
    with tempfile.TemporaryDirectory(prefix="civic-metrics-") as tmp:
        path = os.path.join(tmp, "out.csv")
        n = _Csv(path, tmp, excel_locale, bom=False).run(con, windows)
        text = isinstance(out, io.TextIOBase)
        decoder = codecs.getincrementaldecoder("utf-8")()  # a block may end inside a character
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                out.write(decoder.decode(block) if text else block)
    return n


# --- .xlsx ---------------------------------------------------------------------------------------

_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Cell styles (cellXfs): 0 plain, 1 date, 2 link, 3 bold header.
_STYLES = (_XML + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
           '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
           '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/><family val="2"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="1" applyFont="1"/>'
           '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
           '<cellStyles count="2"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
           '<cellStyle name="Hyperlink" xfId="1" builtinId="8"/></cellStyles></styleSheet>')


#: Bytes XML 1.0 does not allow (markup has none, nor has UTF-8 inside a multi-byte character).
_ILLEGAL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


def _controls_out(xml) -> bytes:
    """Rows of XML with the characters XML does not allow dropped and CR kept as ``&#13;`` (a parser
    reads a bare CR as LF)."""
    xml = bytes(xml).translate(None, _ILLEGAL_BYTES)
    return xml.replace(b"\r", b"&#13;") if b"\r" in xml else xml


def _xml_text_sql(x: str) -> str:
    """Non-null text ``x`` as XML character data, at most 32,767 characters (characters XML does not
    allow are dropped from whole rows: :func:`_controls_out`)."""
    return f"replace(replace(replace(left({x}, 32767), '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _is_link_sql(x: str) -> str:
    return f"(starts_with(lower({x}), 'http://') OR starts_with(lower({x}), 'https://'))"


def _cell_sql(c: _Col) -> str:
    """One column as an SpreadsheetML cell (``<c/>`` when empty, so that cells stay in place)."""
    if c.kind in ("text", "list"):
        text = _text_sql(c)
        style = f"CASE WHEN {_is_link_sql(text)} THEN ' s=\"2\"' ELSE '' END" if c.name == "url" else "''"
        return (f"CASE WHEN {text} = '' THEN '<c/>' ELSE concat('<c t=\"inlineStr\"', {style}, "
                f"'><is><t xml:space=\"preserve\">', {_xml_text_sql(text)}, '</t></is></c>') END")
    if c.kind == "float":
        return f"CASE WHEN isfinite({c.q}) THEN concat('<c><v>', CAST({c.q} AS VARCHAR), '</v></c>') ELSE '<c/>' END"
    if c.kind == "date":
        return (f"CASE WHEN {c.q} IS NULL THEN '<c/>' ELSE concat('<c s=\"1\"><v>', "
                f"CAST(CAST({c.q} AS DATE) - DATE '1899-12-30' AS VARCHAR), '</v></c>') END")
    if c.kind == "bool":
        return f"CASE WHEN {c.q} THEN '<c t=\"b\"><v>1</v></c>' WHEN NOT {c.q} THEN '<c t=\"b\"><v>0</v></c>' " \
               f"ELSE '<c/>' END"
    return f"CASE WHEN {c.q} IS NULL THEN '<c/>' ELSE concat('<c><v>', CAST({c.q} AS VARCHAR), '</v></c>') END"


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class _Xlsx:
    """A workbook written as a stream: DuckDB builds each row's XML, which is deflated into the
    zip as it comes. Typed cells (numbers, dates, booleans), text as inline strings (never a
    formula), a bold frozen header, ``url`` cells linked (http/https only); past
    :data:`XLSX_MAX_ROWS` rows (or :data:`XLSX_MAX_BYTES` of XML), a new sheet."""

    def __init__(self, path: str, tmpdir: str, excel_locale: str = "en"):
        self.path, self.tmpdir = path, tmpdir

    def run(self, con, windows: Iterator[_Window]) -> int:
        self.zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheet, self.links, self.n_sheets = None, None, 0
        n, cols = 0, None
        try:
            for w in windows:
                if cols is None:
                    cols = _columns(con, w)
                    self.header = self._header(cols)
                    self.url = next((i for i, c in enumerate(cols) if c.name == "url" and c.kind == "text"), None)
                n += self._window(con, cols, w)
            if self.sheet is None:
                self._open_sheet()
            self._close_sheet()
            self._finish()
        except BaseException:
            for fh in (self.sheet, getattr(self, "link_refs", None), self.zip):
                try:
                    if fh is not None:
                        fh.close()
                except (OSError, ValueError):
                    pass  # already failing: the folder is removed
            raise
        self.zip.close()
        return n

    def _header(self, cols: list[_Col]) -> bytes:
        cells = "".join(f'<c t="inlineStr" s="3"><is><t xml:space="preserve">{escape(c.name)}</t></is></c>'
                        for c in cols)
        return f'<row r="1">{cells}</row>'.encode()

    def _window(self, con, cols: list[_Col], w: _Window) -> int:
        # Rows and cells carry no ``r``: they follow one another (ECMA-376 makes it optional), so
        # the only order is the query's ORDER BY and the row numbers are counted here.
        row = "concat('<row>', " + ", ".join(_cell_sql(c) for c in cols) + ", '</row>')"
        link = f"CASE WHEN {_is_link_sql(_text_sql(cols[self.url]))} THEN {_text_sql(cols[self.url])} END" \
            if self.url is not None else "NULL"
        sql = f"SELECT {row} AS xml, {link} AS link FROM ({w.sql}) AS w" + (f" ORDER BY {w.order}" if w.order else "")
        n = 0
        for batch in con.sql(sql, params=w.params).to_arrow_reader(BATCH):
            start = 0
            while start < batch.num_rows:
                if self.sheet is None or self.in_sheet >= XLSX_MAX_ROWS:
                    self._next_sheet()
                k = min(batch.num_rows - start, XLSX_MAX_ROWS - self.in_sheet)
                part = batch.slice(start, k)
                xml = _controls_out(_joined(part.column(0)))
                if self.in_sheet and self.sheet_bytes + len(xml) > XLSX_MAX_BYTES:
                    self._next_sheet()
                self.sheet.write(xml)
                self.sheet_bytes += len(xml)
                if self.url is not None:
                    self._links(part.column(1), self.in_sheet + 2)
                self.in_sheet += k
                start += k
            n += batch.num_rows
        return n

    def _links(self, urls: pa.Array, first: int) -> None:
        """Links for rows ``first``.. of the sheet: one hyperlink per run of rows with the same URL
        (a document's figures), which keeps a sheet far below Excel's 65,530 hyperlinks."""
        enc = urls.dictionary_encode()
        codes = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        ends = np.r_[starts[1:], len(codes)] - 1
        values = enc.dictionary.to_pylist()
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            url = values[codes[a]] if codes[a] >= 0 else None
            run = self.run
            if run is not None and run[0] == url and run[2] == first + a - 1:
                run[2] = first + b
                continue
            self._flush_link()
            self.run = [url, first + a, first + b] if url is not None else None

    def _flush_link(self) -> None:
        if self.run is not None:
            url, a, b = self.run
            rid = self.links.setdefault(url, f"rId{len(self.links) + 1}")
            col = _column_letter(self.url)
            ref = f"{col}{a}" if a == b else f"{col}{a}:{col}{b}"
            self.link_refs.write(f'<hyperlink ref="{ref}" r:id="{rid}"/>'.encode())
        self.run = None

    def _next_sheet(self) -> None:
        if self.sheet is not None:
            self._close_sheet()
        self._open_sheet()

    def _open_sheet(self) -> None:
        self.n_sheets += 1
        name = f"xl/worksheets/sheet{self.n_sheets}.xml"
        self.sheet = self.zip.open(name, "w")
        selected = ' tabSelected="1"' if self.n_sheets == 1 else ""
        self.sheet.write((_XML + f"<worksheet {_NS}><sheetViews><sheetView{selected} workbookViewId=\"0\">"
                          '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                          '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
                          '<sheetFormatPr defaultRowHeight="15"/><sheetData>').encode())
        self.sheet.write(self.header)
        self.links, self.run, self.in_sheet, self.sheet_bytes = {}, None, 0, 0  # links: url -> relationship id
        self.link_refs = tempfile.TemporaryFile(dir=self.tmpdir)

    def _close_sheet(self) -> None:
        self._flush_link()
        self.sheet.write(b"</sheetData>")
        if self.links:
            self.sheet.write(b"<hyperlinks>")
            self.link_refs.seek(0)
            shutil.copyfileobj(self.link_refs, self.sheet, 1 << 20)
            self.sheet.write(b"</hyperlinks>")
        self.sheet.write(b"</worksheet>")
        self.sheet.close()
        self.link_refs.close()
        if self.links:
            rels = "".join(f'<Relationship Id="{i}" Type="{_REL}/hyperlink" Target={quoteattr(_xml_clean(u))} '
                           f'TargetMode="External"/>' for u, i in self.links.items())
            self.zip.writestr(f"xl/worksheets/_rels/sheet{self.n_sheets}.xml.rels",
                              _XML + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                     f'relationships">{rels}</Relationships>')
        self.sheet = None

    def _finish(self) -> None:
        n = self.n_sheets
        names = ["data" if i == 1 else f"data ({i})" for i in range(1, n + 1)]
        ct = "http://schemas.openxmlformats.org/officeDocument/2006"
        self.zip.writestr("[Content_Types].xml", _XML + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                      f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
            + "</Types>"))
        self.zip.writestr("_rels/.rels", _XML + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ct}/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"))
        self.zip.writestr("xl/workbook.xml", _XML + (
            f"<workbook {_NS}><bookViews><workbookView/></bookViews><sheets>"
            + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, name in enumerate(names, start=1))
            + "</sheets></workbook>"))
        self.zip.writestr("xl/_rels/workbook.xml.rels", _XML + (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'))
        self.zip.writestr("xl/styles.xml", _STYLES)


def _xml_clean(text: str) -> str:
    import re

    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)


def _joined(arr: pa.Array) -> bytes | memoryview:
    """The UTF-8 bytes of a string array without nulls, all its values one after another."""
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
        offsets = np.frombuffer(arr.buffers()[1], dtype=width, count=len(arr) + 1, offset=arr.offset * width().nbytes)
        return memoryview(arr.buffers()[2])[int(offsets[0]):int(offsets[-1])]
    return "".join(arr.to_pylist()).encode()


# --- the command ---------------------------------------------------------------------------------

def cli_export(args) -> int:
    """The ``export`` command: figures or observations from the store to a file."""
    from .store import parse_month

    out = args.out
    if not out.lower().endswith(FORMATS):
        raise UsageError(f"--out {out}: the file must end in {', '.join(FORMATS)}")
    start = parse_month(args.date_from) if args.date_from else None
    end = parse_month(args.date_to, last_day=True) if args.date_to else None
    n = export_store(args.db, out, what=args.what, metric=args.metric, geo=args.geo, start=start, end=end,
                     excel_locale=args.excel_locale, force=getattr(args, "force", False))
    print(f"civic-metrics: {n} {args.what} written to {out}", file=sys.stderr)
    return 0
