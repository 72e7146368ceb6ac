"""The dashboard's callbacks, called directly against a small fake store built from seed 000."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from metrics.table import to_frame

pytest.importorskip("dash")
pytest.importorskip("dash_ag_grid")

import plotly.graph_objects as go  # noqa: E402
from dash import no_update  # noqa: E402

from dashboard import callbacks, charts, i18n, urls  # noqa: E402
from dashboard.data import Data  # noqa: E402
from dashboard.layout import page  # noqa: E402
from dashboard.views import document, overview, sources, table, upload  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED0 = (SEEDS / "000_abc9d9d7dd4bf2d9.txt").read_text(encoding="utf-8")
OTHER = ("Báo cáo nhanh\n\nKim ngạch xuất khẩu tháng 12/2025 đạt 1,7 tỷ USD.\n"
         "Theo số liệu khác, kim ngạch xuất khẩu tháng 1/2026 đạt 1,9 tỷ USD.\n"
         "Mục tiêu tháng 2/2026, kim ngạch xuất khẩu phấn đấu đạt 2 tỷ USD.\n")
EXPORTS_SENTENCE = "Kim ngạch xuất khẩu ước đạt 1,824 tỷ USD, tăng 32,4% so cùng kỳ."


def _doc_id(text: str) -> str:
    from metrics.document import from_text

    return from_text(text).doc_id


def _fig(text, sentence, quote, **kw):
    s = text.index(sentence)
    a = s + sentence.index(quote)
    month = kw.pop("month", "2026-01")
    start = pd.Timestamp(month + "-01")
    row = {"sentence": sentence, "quote": quote, "start": a, "end": a + len(quote), "geo": "Hà Nội",
           "period_type": "month", "period_start": start, "period_end": start + pd.offsets.MonthEnd(0),
           "basis": "", "qualifier": "exact", "part": "", "measure": "level"}
    row.update(kw)
    return row


def fake_rows() -> list[dict]:
    d0 = {"doc_id": _doc_id(SEED0), "path": "seeds/000_abc9d9d7dd4bf2d9.txt", "source": "TTTĐ", "url": "",
          "published": "2026-01-30", "title": "Hội nghị giao ban tháng 1 năm 2026"}
    d1 = {"doc_id": _doc_id(OTHER), "path": "other.txt", "source": "Báo Mẫu",
          "url": "https://example.com/tin?id=1", "published": "2026-01-20", "title": "Báo cáo nhanh"}
    iip = "Trong đó, chỉ số sản xuất công nghiệp IIP tháng 1 tăng 24% so với cùng kỳ."
    rows = [
        {**d0, **_fig(SEED0, EXPORTS_SENTENCE, "ước đạt 1,824 tỷ USD", metric="exports", value=1824,
                      unit="mn USD", status="estimate")},
        {**d0, **_fig(SEED0, EXPORTS_SENTENCE, "tăng 32,4% so cùng kỳ", metric="exports", measure="growth_pct",
                      basis="yoy", value=32.4, unit="%", status="estimate")},
        {**d0, **_fig(SEED0, iip, "tăng 24% so với cùng kỳ", metric="iip", measure="growth_pct", basis="yoy",
                      value=24.0, unit="%", status="actual")},
        {**d1, **_fig(OTHER, "Kim ngạch xuất khẩu tháng 12/2025 đạt 1,7 tỷ USD.", "đạt 1,7 tỷ USD",
                      metric="exports", value=1700, unit="mn USD", status="actual", month="2025-12")},
        {**d1, **_fig(OTHER, "Theo số liệu khác, kim ngạch xuất khẩu tháng 1/2026 đạt 1,9 tỷ USD.",
                      "đạt 1,9 tỷ USD", metric="exports", value=1900, unit="mn USD", status="actual")},
        {**d1, **_fig(OTHER, "Mục tiêu tháng 2/2026, kim ngạch xuất khẩu phấn đấu đạt 2 tỷ USD.",
                      "phấn đấu đạt 2 tỷ USD", metric="exports", value=2000, unit="mn USD", status="target",
                      month="2026-02")},
    ]
    return rows


class FakeStore:
    """The Store API over an in-memory figures table (observations grouped naively)."""

    def __init__(self, rows=None, docs=None):
        self.rows = list(rows if rows is not None else fake_rows())
        self.docs = dict(docs or {_doc_id(SEED0): (SEED0, "TTTĐ", "", "Hội nghị giao ban tháng 1 năm 2026"),
                                  _doc_id(OTHER): (OTHER, "Báo Mẫu", "https://example.com/tin?id=1", "Báo cáo nhanh")})
        self.ingested = []

    def figures(self, *, metric=None, geo=None, start=None, end=None, doc_id=None, ids=None):
        df = to_frame(self.rows)
        df["figure_id"] = range(1, len(df) + 1)
        if doc_id is not None:
            df = df[df["doc_id"] == doc_id]
        if ids is not None:
            df = df[df["figure_id"].isin(list(ids))]
        if metric is not None:
            df = df[df["metric"] == metric]
        return df

    def sources_per_metric(self):
        df = self.figures()
        return df.groupby("metric")["doc_id"].nunique().to_dict() if len(df) else {}

    def figures_page(self, *, filter_model=None, sort_model=None, offset=0, limit=None):
        """The store's own page query, run on an in-memory DuckDB holding this fake's rows."""
        import duckdb

        from metrics.store import page_query

        figures = self.figures()
        documents = pd.DataFrame([{"id": k, "title": v[3]} for k, v in self.docs.items()])
        con = duckdb.connect()
        con.register("figures", figures)
        con.register("documents", documents)
        count_sql, page_sql, params = page_query(filter_model, sort_model, offset, limit)
        total = con.execute(count_sql, params).fetchone()[0]
        return con.execute(page_sql, params).df(), int(total)

    def observations(self, **_):
        df = self.figures()
        if not len(df):
            return pd.DataFrame(columns=["metric", "measure", "basis", "geo", "part", "period_type", "period_start",
                                         "period_end", "status", "value", "value_high", "unit", "qualifier",
                                         "n_sources", "figure_ids", "conflict", "superseded", "suspect",
                                         "suspect_reason"])
        df["kind"] = (df["status"] == "target").map({True: "target", False: "actual"})
        keys = ["metric", "measure", "basis", "geo", "part", "period_type", "period_start", "period_end", "kind"]
        out = []
        for _, g in df.groupby(keys, dropna=False):
            last = g.sort_values("published").iloc[-1]
            out.append({**{k: last[k] for k in keys if k != "kind"}, "status": last["status"], "value": last["value"],
                        "value_high": last["value_high"], "unit": last["unit"], "qualifier": last["qualifier"],
                        "n_sources": g["doc_id"].nunique(), "figure_ids": list(g["figure_id"]),
                        "first_published": g["published"].min(), "last_published": g["published"].max(),
                        "conflict": g["value"].nunique() > 1, "superseded": False, "suspect": False,
                        "suspect_reason": ""})
        return pd.DataFrame(out)

    def documents(self):
        return pd.DataFrame([{"id": k, "source": v[1], "url": v[2], "title": v[3]} for k, v in self.docs.items()])

    def document(self, doc_id):
        if doc_id not in self.docs:
            return None
        text, source, url, title = self.docs[doc_id]
        return {"id": doc_id, "path": "", "url": url, "source": source, "title": title, "published": None, "text": text}

    def has_document(self, doc_id):
        return doc_id in self.docs

    def ingest_documents(self, docs, **_):
        for item in docs:
            d, rows = item if isinstance(item, tuple) else (item, None)
            self.ingested.append((d, rows))
            self.docs[d.doc_id] = (d.text, d.source, d.url, d.title)
        return {"new": len(docs)}

    def is_empty(self):
        return not self.rows

    def close(self):
        pass


@pytest.fixture
def data():
    store = FakeStore()
    return Data(opener=lambda read_only=True: store)


def _ids(data, quote):
    figs, _ = data.figures_page(None, None, 0, None)
    return [int(i) for i in figs[figs["quote"] == quote]["figure_id"]]


# --- formatting and addresses -------------------------------------------------------------------

def test_vietnamese_numbers_and_values():
    assert i18n.number(1824.5, "vi") == "1.824,5"
    assert i18n.number(1824.5, "en") == "1,824.5"
    assert i18n.value_text(1824, "mn USD", "vi") == "1,824 tỷ USD"
    assert i18n.value_text(432700, "bn VND", "vi") == "432.700 tỷ đồng"
    assert i18n.value_text(12.6, "%", "vi") == "12,6%"
    assert i18n.value_text(7, "%", "vi", 7.5) == "7–7,5%"
    assert i18n.period_text("month", "2026-01-01", "2026-01-31", "vi") == "tháng 1/2026"
    assert i18n.period_text("quarter", "2025-10-01", "2025-12-31", "vi") == "quý IV/2025"
    assert i18n.period_text("ytd", "2025-01-01", "2025-09-30", "vi") == "9 tháng đầu năm 2025"
    assert i18n.period_text("month", "2026-01-01", "2026-01-31", "en") == "January 2026"


def test_urls_round_trip_and_validation():
    assert urls.parse_path("/en/explore/exports") == ("en", "explore", "exports")
    assert urls.parse_path("/") == ("vi", "overview", "")
    assert urls.parse_path("/doc/x/y")[1] == "notfound"
    assert urls.switch_lang("/explore/exports", "?geo=H") == "/en/explore/exports?geo=H"
    assert urls.switch_lang("/en/table", "") == "/table"
    assert urls.valid_doc_id("abc9d9d7dd4bf2d9") and not urls.valid_doc_id("../etc/passwd")
    assert urls.safe_url("javascript:alert(1)") is None
    assert urls.safe_url("data:text/html,x") is None
    assert urls.safe_url("https://nhandan.vn/a-b.html") == "https://nhandan.vn/a-b.html"
    link = urls.original_link("https://x.vn/a#old", "Kim ngạch xuất khẩu ước đạt 1,824 tỷ USD, tăng 32,4% so cùng kỳ.")
    assert link.startswith("https://x.vn/a#:~:text=Kim%20ng") and "," in link.split("=", 1)[1]
    assert "%2C" in urls.text_fragment("a, b")
    assert urls.int_list("3,x,5") == [3, 5]


# --- views and callbacks ------------------------------------------------------------------------

def test_overview_has_a_card_per_metric(data):
    html = str(overview.layout(data, "vi"))
    assert "Kim ngạch xuất khẩu" in html and "Chỉ số sản xuất công nghiệp" in html
    assert "1,824 tỷ USD" in html and "tháng 1/2026" in html
    assert "tăng 32,4% so với cùng kỳ" in html
    assert "/explore/exports?geo=H%C3%A0+N%E1%BB%99i&measure=level&ptype=month&unit=mn+USD" in html


def test_overview_empty_store_is_friendly():
    store = FakeStore(rows=[])
    html = str(overview.layout(Data(opener=lambda read_only=True: store), "vi"))
    assert "Chưa có số liệu" in html and "/upload" in html


def test_explorer_url_drives_controls_and_chart(data):
    ids = _ids(data, "ước đạt 1,824 tỷ USD")
    out = callbacks.explorer_sync(data, "url", "/explore/exports", f"?fig={ids[0]}", [None] * 8, None)
    search, geo, measure, ptype, part, unit, start, end, view, fig, notes, srcs, *_ = out
    fig = go.Figure(fig)  # the plain figure must be a valid Plotly figure
    assert (geo, measure, ptype, part, unit, view) == (["Hà Nội"], "level", "month", "", "mn USD", "chart")
    names = [t.name for t in fig.data]
    assert any("ước tính" in n for n in names) and "mục tiêu" in names
    target = next(t for t in fig.data if t.name == "mục tiêu")
    assert target.line.dash == "dash"
    line = fig.data[charts.RING + 1]
    assert "circle-open" in line.marker.symbol  # estimates are hollow
    ring = fig.data[charts.RING]  # the address's point circled
    assert [c[0] for c in ring.customdata] == [str(ids[0])] and "1,824 tỷ USD" in ring.customdata[0][1]
    assert any("1,824 tỷ USD" in c[1] for c in line.customdata)
    assert "Mâu thuẫn" not in str(notes) and "khác nhau" in str(notes)  # January conflict explained
    assert "ước đạt 1,824 tỷ USD" in str(srcs)


def test_explorer_controls_write_the_url(data):
    out = callbacks.explorer_sync(data, "controls", "/explore/exports", "",
                                  [["Hà Nội"], "growth_pct", "month", "", "mn USD", "2026-01", "", "chart"], None)
    assert out[0] == "?geo=H%C3%A0+N%E1%BB%99i&measure=growth_pct&ptype=month&unit=%25&from=2026-01"
    fig = go.Figure(out[9])
    assert fig.data[charts.RING + 1].y[0] == pytest.approx(32.4)
    assert fig.data[charts.RING].x == () and fig.data[charts.RING].showlegend is False  # no point selected


def test_clicking_a_point_lists_its_sentences(data):
    ids = _ids(data, "ước đạt 1,824 tỷ USD") + _ids(data, "đạt 1,9 tỷ USD")
    click = {"points": [{"customdata": [",".join(map(str, ids)), "hover"]}]}
    out = callbacks.explorer_sync(data, "ex-graph", "/explore/exports", "",
                                  [["Hà Nội"], "level", "month", "", "mn USD", "", "", "chart"], click)
    assert out[0].endswith("fig=" + "%2C".join(map(str, ids)))
    text = str(out[11])
    assert EXPORTS_SENTENCE.split("ước")[0] in text
    assert "Mark(children='ước đạt 1,824 tỷ USD'" in text
    assert "example.com/tin?id=1#:~:text=" in text
    assert f"/doc/{_doc_id(SEED0)}?fig={ids[0]}" in text
    # the chart is not drawn again: one operation replaces the ring trace, which circles the point (both
    # figures state January)
    ops = out[9].to_plotly_json()["operations"]
    assert [(o["operation"], o["location"]) for o in ops] == [("Assign", ["data", charts.RING])]
    ring = ops[0]["params"]["value"]
    assert ring["marker"]["symbol"] == "circle-open" and ring["x"] == ["2026-01-01"]
    assert any("1,824 tỷ USD" in c[1] for c in ring["customdata"])
    assert all(v is no_update for v in (*out[1:9], out[10], *out[12:]))


def test_sources_highlight_and_no_unsafe_links(data):
    figs, _ = data.figures_page(None, None, 0, None)
    row = figs.iloc[0].copy()
    row["url"] = "javascript:alert(1)"
    li = str(sources.item(row, "vi"))
    assert "javascript:" not in li and "Mở bài gốc" not in li


def test_document_view_highlights_figures_and_404s(data):
    doc_id = _doc_id(SEED0)
    ids = _ids(data, "ước đạt 1,824 tỷ USD")
    html = str(document.layout(data, "vi", doc_id, f"?fig={ids[0]}"))
    assert "Mark('ước đạt 1,824 tỷ USD')" in html
    assert f"fig-{ids[0]}" in html and "fig-selected" in html
    assert "/explore/exports?" in html
    assert "Không tìm thấy bài viết" in str(document.layout(data, "vi", "0" * 16, ""))
    assert "không hợp lệ" in str(document.layout(data, "vi", "<script>", ""))
    _, body, *_ = page(data, "/doc/..%2F..%2Fetc", "")
    assert "404" in str(body)


def test_document_text_is_never_markup():
    text = 'Tin <script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">x</a>'
    store = FakeStore(rows=[], docs={"a" * 16: (text, "", "javascript:alert(4)", "<b>title</b>")})
    out = document.layout(Data(opener=lambda read_only=True: store), "vi", "a" * 16, "")
    flat = json.dumps(out.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "dangerously" not in flat
    assert '"href": "javascript' not in flat and "Mở bài gốc" not in flat


def test_table_server_side_filter_sort_page(data):
    resp = table.get_rows(data, {"startRow": 0, "endRow": 2, "sortModel": [{"colId": "value", "sort": "desc"}],
                                 "filterModel": {"metric": {"filterType": "text", "type": "equals", "filter": "exports"}}})
    assert resp["rowCount"] == 5
    assert [r["value"] for r in resp["rowData"]] == [2000, 1900]
    resp = table.get_rows(data, {"startRow": 0, "endRow": 50, "filterModel": {
        "value": {"filterType": "number", "operator": "OR", "conditions": [
            {"type": "lessThan", "filter": 30}, {"type": "greaterThan", "filter": 1850}]}}})
    assert sorted(r["value"] for r in resp["rowData"]) == [24, 1900, 2000]
    resp = table.get_rows(data, {"startRow": 0, "endRow": 50, "filterModel": {
        "period_start": {"filterType": "date", "type": "lessThan", "dateFrom": "2026-01-01 00:00:00"}}})
    assert [r["value"] for r in resp["rowData"]] == [1700]


def test_download_csv_is_exactly_the_filtered_rows(data):
    query = {"filterModel": {"metric": {"filterType": "text", "type": "equals", "filter": "exports"},
                             "status": {"filterType": "text", "type": "equals", "filter": "estimate"}}, "sortModel": []}
    df = table.export_frame(data, query)
    raw = table.export_bytes(df, "csv")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert len(back) == 2 and set(back["quote"]) == {"ước đạt 1,824 tỷ USD", "tăng 32,4% so cùng kỳ"}
    xlsx = table.export_bytes(df, "xlsx")
    assert xlsx[:2] == b"PK" and len(pd.read_excel(io.BytesIO(xlsx))) == 2
    assert "f=" in table.search_of(query)


def _upload(name: str, text: str) -> str:
    return "data:text/plain;base64," + base64.b64encode(text.encode("utf-8")).decode()


def test_upload_preview_then_save(data, monkeypatch):
    from metrics.document import from_text

    monkeypatch.setattr(upload, "read_upload", lambda name, raw: (from_text(raw.decode(), path=name),
                                                                   [{"metric": "exports", "value": 5, "unit": "mn USD",
                                                                     "status": "actual", "quote": "5 triệu USD"}]))
    children, token, disabled = upload.preview([_upload("a.txt", "Kim ngạch xuất khẩu đạt 5 triệu USD.")],
                                               ["a.txt"], "vi")
    assert token and not disabled and "a.txt: 1 số liệu" in str(children)
    result = upload.save(data, token, "vi")
    assert "Đã lưu 1 bài viết" in str(result) and "/explore/exports" in str(result)
    store = data._open()
    (_, rows), = store.ingested  # the previewed rows are stored: the web process does not re-extract
    assert rows == [{"metric": "exports", "value": 5, "unit": "mn USD", "status": "actual", "quote": "5 triệu USD"}]
    assert "Không có bài viết" in str(upload.save(data, token, "vi"))  # a token works once


def test_upload_limits(data):
    children, token, _ = upload.preview([_upload("x.exe", "MZ")], ["x.exe"], "vi")
    assert token is None and "chỉ nhận tệp" in str(children)
    big = "data:text/plain;base64," + base64.b64encode(b"a" * (upload.MAX_BYTES + 10)).decode()
    children, token, _ = upload.preview([big], ["big.txt"], "vi")
    assert token is None and "lớn hơn" in str(children)
    children, _, _ = upload.preview([_upload("a.txt", "x")] * (upload.MAX_FILES + 1), ["a.txt"] * 11, "vi")
    assert "tối đa" in str(children)


def test_upload_worker_reads_in_a_child_process(tmp_path):
    from dashboard.upload_worker import parse_file

    p = tmp_path / "a.html"
    p.write_text("<html><body><script>alert(1)</script><p>Kim ngạch xuất khẩu tháng 1/2026 đạt 2 tỷ USD.</p></body></html>",
                 encoding="utf-8")
    out = parse_file(str(p), timeout=30)
    assert "doc" in out and "Kim ngạch" in out["doc"]["text"]
    (tmp_path / "e.txt").write_bytes(b"")
    assert "error" in parse_file(str(tmp_path / "e.txt"), timeout=30)


def test_page_router_and_errors(data):
    header, body, lang, _ = page(data, "/en/table", "")
    assert lang == "en" and "Download CSV" in str(body) and "Tiếng Việt" in str(header)
    _, body, *_ = page(data, "/nowhere", "")
    assert "Không tìm thấy trang" in str(body)
    _, body, *_ = page(data, "/explore/exports", "")
    assert "ex-graph" in str(body) and "Địa phương" in str(body)


def test_upload_reader_is_stopped_at_its_time_limit(tmp_path):
    from dashboard.upload_worker import parse_file

    p = tmp_path / "slow.txt"
    p.write_text("Kim ngạch xuất khẩu tháng 1/2026 đạt 2 tỷ USD.", encoding="utf-8")
    assert parse_file(str(p), timeout=0.05) == {"error": "timeout"}


def test_serve_ingests_seeds_then_uses_waitress(tmp_path, monkeypatch, capsys):
    import argparse

    import dash
    import waitress

    from dashboard import app as app_mod

    served = {}
    monkeypatch.setattr(waitress, "serve", lambda wsgi, **kw: served.update(kw, app=wsgi))
    monkeypatch.setattr(dash.Dash, "run", lambda *a, **k: pytest.fail("the development server was started"))
    db = tmp_path / "s.duckdb"
    status = app_mod.cli_serve(argparse.Namespace(db=str(db), host="127.0.0.1", port=8123, debug=False))
    assert status == 0 and served["port"] == 8123 and served["host"] == "127.0.0.1"
    assert "ingesting" in capsys.readouterr().err
    from metrics.store import Store

    assert not Store(str(db), read_only=True).is_empty()


def test_a_busy_store_gives_a_friendly_message():
    from metrics.errors import CivicMetricsError

    class Busy(FakeStore):
        def observations(self, **_):
            raise CivicMetricsError("store is busy: try again in a minute")

    _, body, *_ = page(Data(opener=lambda read_only=True: Busy()), "/", "")
    assert "store is busy: try again in a minute" in str(body)


def test_table_shows_codes_as_words_in_the_interface_language():
    vi = {d["field"]: d for d in table.column_defs("vi", [])}
    en = {d["field"]: d for d in table.column_defs("en", [])}
    assert "Kim ngạch xuất khẩu" in vi["metric"]["valueFormatter"]["function"]
    assert "ước tính" in vi["status"]["valueFormatter"]["function"]
    assert "Exports" in en["metric"]["valueFormatter"]["function"] and en["metric"]["headerName"] == "Metric"


def test_unknown_pages_and_articles_answer_404(data):
    from dashboard.app import create_app

    client = create_app(data).server.test_client()
    known = _doc_id(SEED0)
    assert client.get("/").status_code == 200
    assert client.get(f"/doc/{known}").status_code == 200
    assert client.get("/doc/" + "0" * 16).status_code == 404
    assert client.get("/doc/<script>").status_code == 404
    assert client.get("/en/no-such-page").status_code == 404
    assert client.get("/_dash-layout").status_code == 200


def test_warming_loads_each_metric_and_its_series_index(data):
    from dashboard.app import warm
    from dashboard.views import explorer

    warm(data)
    for metric in data.metrics_with_data():
        obs = data.series(metric)  # from the cache: the very frame the warming indexed
        assert explorer._INDEXES[id(obs)][0] is obs
    exports = data.series("exports")
    series = explorer.series_index(exports)
    assert sum(len(rows) for _, rows in series) == len(exports)
    assert {k[2] for k, _ in series} == set(exports["geo"])
