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


HEADERS_EN = {"published": "Published", "source": "Outlet", "geo": "Place", "metric": "Metric",
              "measure": "Measure", "basis": "Compared with", "value": "Value", "value_high": "High value",
              "unit": "Unit", "status": "Status", "qualifier": "Qualifier", "period_type": "Period type",
              "period_start": "From", "period_end": "To", "part": "Part", "quote": "Quote",
              "sentence": "Sentence", "doc_id": "Article"}


def _labels(lang: str) -> dict[str, dict[str, str]]:
    """Codes shown as words: the grid filters and sorts on the codes, a planner reads the words."""
    pick = 0 if lang == "vi" else 1
    return {"metric": {k: v[pick] for k, v in i18n.METRICS.items()},
            "status": {k: v[pick] for k, v in i18n.STATUS.items()},
            "measure": {k: v[pick] for k, v in i18n.MEASURES.items()},
            "basis": {k: v[pick] for k, v in i18n.BASES.items()},
            "period_type": {k: v[pick] for k, v in i18n.PERIOD_TYPES.items()},
            "part": i18n.PARTS_VI if lang == "vi" else i18n.PARTS_EN}


def column_defs(lang: str, sort: list[dict]) -> list[dict]:
    order = {s.get("colId"): s.get("sort") for s in sort if s.get("sort") in ("asc", "desc")}
    labels = _labels(lang)
    defs = []
    for c in SHOWN:
        d = {"field": c, "headerName": (HEADERS_VI if lang == "vi" else HEADERS_EN).get(c, c),
             "filter": "agDateColumnFilter" if c in DATES else "agNumberColumnFilter" if c in NUMBERS
             else "agTextColumnFilter", "sortable": True, "resizable": True, "width": 130}
        if c in NUMBERS:
            loc = "vi-VN" if lang == "vi" else "en-US"
            d["valueFormatter"] = {"function": f"params.value == null ? '' : Number(params.value).toLocaleString('{loc}')"}
        if c in labels:
            table = json.dumps(labels[c], ensure_ascii=False)
            d["valueFormatter"] = {"function": f"({table})[params.value] || params.value"}
            d["headerTooltip"] = ("lọc theo mã: " if lang == "vi" else "filter by code: ") + ", ".join(labels[c])
        if c in ("metric", "measure", "basis"):
            d["width"] = 190
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


# --- filtering, sorting and paging happen in the store ----------------------------------------------

def rows_json(df: pd.DataFrame) -> list[dict]:
    out = df[[c for c in (*SHOWN, "figure_id") if c in df.columns]].copy()
    for c in DATES:
        if c in out:
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    out = out.astype(object).where(out.notna(), None)
    return out.to_dict("records")


def get_rows(data, request: dict | None) -> dict:
    """The getRowsResponse for an infinite-model request: one page, filtered and sorted by the store."""
    request = request or {}
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, min(int(request.get("endRow") or start + PAGE), start + 1000))
    df, total = data.figures_page(request.get("filterModel"), request.get("sortModel"), start, end - start)
    return {"rowData": rows_json(df), "rowCount": total}


# --- downloads -------------------------------------------------------------------------------------

def export_frame(data, query: dict | None) -> pd.DataFrame:
    query = query or {}
    df, _ = data.figures_page(query.get("filterModel"), query.get("sortModel"), 0, None)
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
