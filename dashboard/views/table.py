"""Table: every figure in an AG Grid whose sorting, filtering and paging happen on the server
(infinite row model), with CSV and Excel downloads of exactly the filtered rows."""

from __future__ import annotations

import json
import os
import tempfile

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from metrics.table import COLUMNS

from .. import i18n, urls

SHOWN = ("metric", "geo", "period_type", "period_start", "measure", "basis", "value", "unit", "status", "quote",
         "source", "published", "period_end", "value_high", "qualifier", "part", "sentence", "doc_id")
DATES = ("published", "period_start", "period_end")
NUMBERS = ("value", "value_high", "figure_id")
HEADERS_VI = {"published": "Ngày đăng", "source": "Nguồn", "geo": "Địa phương", "metric": "Chỉ tiêu",
              "measure": "Loại", "basis": "So với", "value": "Giá trị", "value_high": "Giá trị cao",
              "unit": "Đơn vị", "status": "Trạng thái", "qualifier": "Mức", "period_type": "Loại kỳ",
              "period_start": "Từ ngày", "period_end": "Đến ngày", "part": "Thành phần", "quote": "Trích",
              "sentence": "Câu", "doc_id": "Bài viết"}
PAGE = 50


def column_defs(lang: str, sort: list[dict]) -> list[dict]:
    order = {s.get("colId"): s.get("sort") for s in sort if s.get("sort") in ("asc", "desc")}
    defs = []
    for c in SHOWN:
        d = {"field": c, "headerName": HEADERS_VI.get(c, c) if lang == "vi" else c.replace("_", " "),
             "filter": "agDateColumnFilter" if c in DATES else "agNumberColumnFilter" if c in NUMBERS
             else "agTextColumnFilter", "sortable": True, "resizable": True, "width": 130}
        if c in NUMBERS:
            loc = "vi-VN" if lang == "vi" else "en-US"
            d["valueFormatter"] = {"function": f"params.value == null ? '' : Number(params.value).toLocaleString('{loc}')"}
        if c in ("sentence", "quote"):
            d["width"] = 420 if c == "sentence" else 220
        if c in order:
            d["sort"] = order[c]
        defs.append(d)
    return defs


def _json(s: str | None, kind):
    try:
        v = json.loads(s) if s else kind()
    except ValueError:
        return kind()
    return v if isinstance(v, kind) else kind()


def layout(lang: str, search: str) -> html.Div:
    q = urls.parse_query(search)
    fmodel, smodel = _json(q.get("f"), dict), _json(q.get("s"), list)
    grid = dag.AgGrid(
        id="tbl-grid", rowModelType="infinite", columnDefs=column_defs(lang, smodel), filterModel=fmodel,
        defaultColDef={"filterParams": {"buttons": ["apply", "reset"], "closeOnApply": True}, "minWidth": 90},
        dashGridOptions={"pagination": True, "paginationPageSize": PAGE, "cacheBlockSize": PAGE,
                         "rowBuffer": 0, "maxBlocksInCache": 4, "infiniteInitialRowCount": 1,
                         "localeText": {"page": "Trang", "of": "/", "to": "–", "more": "…", "loadingOoo": "Đang tải…",
                                        "pageSizeSelectorLabel": i18n.t(lang, "page_size"),
                                        "noRowsToShow": "Không có dòng nào"} if lang == "vi" else {}},
        style={"height": "620px"})
    return html.Div([
        dcc.Location(id="tbl-url", refresh=False),
        html.H1(i18n.t(lang, "table")),
        html.Div([
            html.Button(i18n.t(lang, "download_csv"), id="tbl-csv", className="button"),
            html.Button(i18n.t(lang, "download_xlsx"), id="tbl-xlsx", className="button"),
            html.Span(id="tbl-count", className="hint", **{"aria-live": "polite"}),
        ], className="toolbar"),
        dcc.Loading(dcc.Download(id="tbl-download"), type="dot"),
        dcc.Store(id="tbl-query", data={"filterModel": fmodel, "sortModel": smodel}),
        dcc.Store(id="tbl-sync"),
        grid,
    ], className="table-view")


def search_of(query: dict) -> str:
    """The query string that keeps the grid's filters and sort order."""
    f, s = query.get("filterModel") or {}, query.get("sortModel") or []
    return urls.query(f=json.dumps(f, ensure_ascii=False, separators=(",", ":")) if f else "",
                      s=json.dumps(s, separators=(",", ":")) if s else "")


# --- filtering and sorting on the server ----------------------------------------------------------

def _cond(col: pd.Series, f: dict) -> pd.Series:
    """A boolean mask for one AG Grid filter condition (text, number or date)."""
    kind, op = f.get("filterType"), f.get("type", "")
    if op == "blank":
        return col.isna() | (col.astype(str) == "")
    if op == "notBlank":
        return ~(col.isna() | (col.astype(str) == ""))
    if kind == "text":
        s, v = col.fillna("").astype(str).str.casefold(), str(f.get("filter") or "").casefold()
        ops = {"contains": lambda: s.str.contains(v, regex=False), "notContains": lambda: ~s.str.contains(v, regex=False),
               "equals": lambda: s == v, "notEqual": lambda: s != v, "startsWith": lambda: s.str.startswith(v),
               "endsWith": lambda: s.str.endswith(v)}
    else:
        if kind == "date":
            x = pd.to_datetime(col, errors="coerce")
            a, b = pd.to_datetime(f.get("dateFrom"), errors="coerce"), pd.to_datetime(f.get("dateTo"), errors="coerce")
        else:
            x = pd.to_numeric(col, errors="coerce")
            a, b = f.get("filter"), f.get("filterTo")
        ops = {"equals": lambda: x == a, "notEqual": lambda: x != a, "lessThan": lambda: x < a,
               "lessThanOrEqual": lambda: x <= a, "greaterThan": lambda: x > a,
               "greaterThanOrEqual": lambda: x >= a, "inRange": lambda: (x >= a) & (x <= b)}
    fn = ops.get(op)
    return fn().fillna(False).astype(bool) if fn else pd.Series(True, index=col.index)


def apply_query(df: pd.DataFrame, filter_model: dict | None, sort_model: list | None) -> pd.DataFrame:
    """The rows of ``df`` that pass AG Grid's filter model, in its sort order."""
    for colname, f in (filter_model or {}).items():
        if colname not in df.columns or not isinstance(f, dict):
            continue
        col = df[colname]
        conds = f.get("conditions") or [f[k] for k in ("condition1", "condition2") if isinstance(f.get(k), dict)]
        if conds:
            masks = [_cond(col, {"filterType": f.get("filterType"), **c}) for c in conds]
            mask = masks[0]
            for m in masks[1:]:
                mask = (mask | m) if f.get("operator") == "OR" else (mask & m)
        else:
            mask = _cond(col, f)
        df = df[mask.values]
    sorts = [s for s in (sort_model or []) if s.get("colId") in df.columns and s.get("sort") in ("asc", "desc")]
    if sorts:
        df = df.sort_values([s["colId"] for s in sorts], ascending=[s["sort"] == "asc" for s in sorts],
                            na_position="last", kind="stable")
    return df


def rows_json(df: pd.DataFrame) -> list[dict]:
    out = df[[c for c in (*SHOWN, "figure_id") if c in df.columns]].copy()
    for c in DATES:
        if c in out:
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    out = out.astype(object).where(out.notna(), None)
    return out.to_dict("records")


def get_rows(data, request: dict | None) -> dict:
    """The getRowsResponse for an infinite-model request."""
    request = request or {}
    df = apply_query(data.figures(), request.get("filterModel"), request.get("sortModel"))
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, min(int(request.get("endRow") or start + PAGE), start + 1000))
    return {"rowData": rows_json(df.iloc[start:end]), "rowCount": len(df)}


# --- downloads -------------------------------------------------------------------------------------

def export_frame(data, query: dict | None) -> pd.DataFrame:
    query = query or {}
    df = apply_query(data.figures(), query.get("filterModel"), query.get("sortModel"))
    cols = [c for c in COLUMNS if c in df.columns] + [c for c in ("figure_id", "title") if c in df.columns]
    return df[cols].reset_index(drop=True)


def export_bytes(df: pd.DataFrame, kind: str) -> bytes:
    """``df`` as CSV or xlsx bytes through metrics.export (spreadsheet-safe: formulas made inert)."""
    from metrics.export import write_table

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "figures." + kind)
        write_table(df, path)
        with open(path, "rb") as fh:
            return fh.read()
