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
from ..downloads import unit_words

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
UNITS = ("%", "bn VND", "mn USD", "mn VND", "USD", "count")


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
            "part": i18n.PARTS_VI if lang == "vi" else i18n.PARTS_EN,
            "unit": {u: unit_words(u, lang) for u in UNITS}}


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
            d["headerTooltip"] = ("lọc theo tên hiển thị, ví dụ: " if lang == "vi" else "filter by the shown words, e.g. ") \
                + ", ".join(list(labels[c].values())[:3])
        if c in ("metric", "measure", "basis"):
            d["width"] = 190
        if c in ("sentence", "quote"):
            d["width"] = 420 if c == "sentence" else 220
        if c in order:
            d["sort"] = order[c]
        defs.append(d)
    defs.insert(0, {"field": "link", "headerName": i18n.t(lang, "open_sentence"), "cellRenderer": "markdown",
                    "sortable": False, "filter": False, "width": 105, "pinned": "left"})
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
            html.Label(i18n.t(lang, "search_sentences"), htmlFor="tbl-search"),
            dcc.Input(id="tbl-search", type="search", debounce=True, placeholder=i18n.t(lang, "search_placeholder"),
                      value=str((fmodel.get("sentence") or {}).get("filter") or "")),
        ], className="table-search toolbar"),
        html.Div([
            html.Button(i18n.t(lang, "download_csv"), id="tbl-csv", className="button"),
            html.Button(i18n.t(lang, "download_csv_vi"), id="tbl-csv-vi", className="button"),
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

def rows_json(df: pd.DataFrame, lang: str = "vi") -> list[dict]:
    out = df[[c for c in (*SHOWN, "figure_id") if c in df.columns]].copy()
    if "figure_id" in out and "doc_id" in out:  # a link to the sentence in the article view (ids checked)
        out["link"] = [f"[{i18n.t(lang, 'open_sentence')}]({urls.href(lang, 'doc', d, fig=int(f))})"
                       if urls.valid_doc_id(d) else "" for d, f in zip(out["doc_id"], out["figure_id"], strict=True)]
    for c in DATES:
        if c in out:
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    out = out.astype(object).where(out.notna(), None)
    return out.to_dict("records")


CODED = ("metric", "status", "measure", "basis", "period_type", "part", "unit")


def _matches(op: str, text: str, word: str) -> bool | None:
    text, word = text.lower(), word.lower()
    return {"contains": word in text, "notContains": word not in text, "equals": text == word,
            "notEqual": text != word, "startsWith": text.startswith(word), "endsWith": text.endswith(word)}.get(op)


def coded_filter(col: str, f: dict) -> dict:
    """A text filter on a coded column, as typed against the words shown ("xuất khẩu"), turned into
    the codes whose words (Vietnamese or English) or code satisfy it."""
    names = {code: [code, *(_labels(lang)[col].get(code, "") for lang in ("vi", "en"))]
             for code in set(_labels("vi")[col]) | set(_labels("en")[col])}
    conds = f.get("conditions") or [f]
    keep = None
    for c in conds:
        if not isinstance(c, dict) or c.get("type") not in ("contains", "notContains", "equals", "notEqual",
                                                             "startsWith", "endsWith"):
            return f  # blank, notBlank and the like: as typed
        word = str(c.get("filter") or "")
        negative = c["type"] in ("notContains", "notEqual")
        test = all if negative else any
        hit = {code for code, words in names.items() if test(_matches(c["type"], w, word) for w in words if w)}
        keep = hit if keep is None else (keep | hit if f.get("operator") == "OR" else keep & hit)
    codes = sorted(keep or ()) or ["\u0000"]  # nothing matches: a code no row has
    return {"filterType": "text", "operator": "OR", "conditions": [{"type": "equals", "filter": c} for c in codes]}


def store_filter(filter_model: dict | None) -> dict:
    """The grid's filter model as the store reads it: words on coded columns become their codes."""
    out = {}
    for col, f in (filter_model or {}).items():
        out[col] = coded_filter(col, f) if col in CODED and isinstance(f, dict) and f.get("filterType") == "text" else f
    return out


def get_rows(data, request: dict | None, lang: str = "vi") -> dict:
    """The getRowsResponse for an infinite-model request: one page, filtered and sorted by the store."""
    request = request or {}
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, min(int(request.get("endRow") or start + PAGE), start + 1000))
    df, total = data.figures_page(store_filter(request.get("filterModel")), request.get("sortModel"), start,
                                  end - start)
    return {"rowData": rows_json(df, lang), "rowCount": total}


def with_search(filter_model: dict | None, text: str | None) -> dict:
    """The filter model with the quick search over sentences set to ``text`` (or removed)."""
    model = dict(filter_model or {})
    text = (text or "").strip()
    if text:
        model["sentence"] = {"filterType": "text", "type": "contains", "filter": text}
    else:
        model.pop("sentence", None)
    return model


# --- downloads -------------------------------------------------------------------------------------

def export_frame(data, query: dict | None) -> pd.DataFrame:
    query = query or {}
    df, _ = data.figures_page(store_filter(query.get("filterModel")), query.get("sortModel"), 0, None)
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


OPS = {"contains": ("chứa", "contains"), "notContains": ("không chứa", "does not contain"), "equals": ("=", "="),
       "notEqual": ("≠", "≠"), "startsWith": ("bắt đầu bằng", "starts with"), "endsWith": ("kết thúc bằng", "ends with"),
       "lessThan": ("<", "<"), "greaterThan": (">", ">"), "lessThanOrEqual": ("≤", "≤"),
       "greaterThanOrEqual": ("≥", "≥"), "inRange": ("trong khoảng", "between"), "blank": ("trống", "blank"),
       "notBlank": ("không trống", "not blank")}


def describe_filter(query: dict | None, lang: str) -> str:
    """The grid's filters in words: "Chỉ tiêu chứa xuất khẩu; Giá trị > 30"."""
    heads = HEADERS_VI if lang == "vi" else HEADERS_EN
    parts = []
    for col, f in ((query or {}).get("filterModel") or {}).items():
        if not isinstance(f, dict):
            continue
        conds = []
        for c in f.get("conditions") or [f]:
            if not isinstance(c, dict):
                continue
            op = OPS.get(c.get("type", ""), (c.get("type", ""),) * 2)[lang == "en"]
            val = c.get("filter", c.get("dateFrom", ""))
            to = c.get("filterTo", c.get("dateTo"))
            conds.append(" ".join(str(x)[:10] if x is not None else "" for x in (op, val) if x not in (None, ""))
                         + (f"–{str(to)[:10]}" if to else ""))
        joiner = f" {'hoặc' if lang == 'vi' else 'or'} " if f.get("operator") == "OR" else "; "
        parts.append(f"{heads.get(col, col)} {joiner.join(conds)}")
    return "; ".join(parts)


def download(data, query: dict | None, kind: str, lang: str) -> tuple[bytes, str]:
    """(bytes, file name) of the filtered figures: readable headers and words, codes on a second sheet
    (xlsx), the filter, date and sources stated first."""
    from .. import downloads

    df = export_frame(data, query)
    heads = HEADERS_VI if lang == "vi" else HEADERS_EN
    labels = _labels(lang)
    readable = df.copy()
    for col, words in labels.items():
        if col in readable:
            readable[col] = [words.get(v, v) if isinstance(v, str) else v for v in readable[col]]
    for c in DATES:
        if c in readable:
            readable[c] = readable[c].dt.date
    readable = readable.rename(columns={c: heads[c] for c in readable.columns if c in heads})
    codes = df.copy()
    for c in DATES:
        if c in codes:
            codes[c] = codes[c].dt.date
    described = describe_filter(query, lang)
    sources = sorted({str(s) for s in df.get("source", []) if s})
    about = downloads.about_rows(lang, what=i18n.t(lang, "table"), filter_text=described, sources=sources,
                                 n=len(df))
    name = downloads.file_name("figures", described or "all")
    ext = "xlsx" if kind == "xlsx" else "csv"
    return downloads.package(readable, codes, about, kind, lang), f"{name}{'_excel-vi' if kind == 'csv-vi' else ''}.{ext}"
