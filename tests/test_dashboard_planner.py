"""A planner's views, called through the callbacks against a real store: the seeds and the articles of
tests/data/planner (Hồ Chí Minh, Hà Nội, Bắc Ninh, the nation, and a Hà Nội retail figure that a
second outlet contradicts) ingested into a DuckDB file by the project's ingest."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dash")

import plotly.graph_objects as go  # noqa: E402

from dashboard import callbacks, charts, downloads, i18n, urls  # noqa: E402
from dashboard.data import Data  # noqa: E402
from dashboard.layout import page, title_of  # noqa: E402
from dashboard.views import explorer, overview  # noqa: E402
from metrics.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLANNER = ROOT / "tests" / "data" / "planner"
HN, HCM = "Hà Nội", "Hồ Chí Minh"
N_KEYS = len(explorer.KEYS)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    db = tmp_path_factory.mktemp("planner") / "store.duckdb"
    Store(db).ingest([str(ROOT / "seeds"), str(PLANNER)], progress=False)
    d = Data(db)
    yield d
    d.close()


@pytest.fixture(scope="module")
def seed_only(tmp_path_factory):
    """A store holding only seed 000 (its monthly retail figure of 432.700 tỷ đồng uncontradicted)."""
    db = tmp_path_factory.mktemp("seed0") / "store.duckdb"
    Store(db).ingest([str(ROOT / "seeds" / "000_abc9d9d7dd4bf2d9.txt")], progress=False)
    d = Data(db)
    yield d
    d.close()


def _card(html_text: str, metric: str) -> str:
    """The text of one card in the printed layout: from the card before it to its own data-metric."""
    end = html_text.index(f"data-metric='{metric}'")
    return html_text[max(0, html_text.rfind("data-metric=", 0, end)):end]


def _explore(data, metric, search, trigger="url", values=None, click=None):
    out = callbacks.explorer_sync(data, trigger, f"/explore/{metric}", search, values or [None] * N_KEYS, click)
    keys = ("search", *explorer.KEYS, "figure", "notes", "sources", "from_options", "to_options", "hidden",
            "export", "title")
    out = dict(zip(keys, out, strict=True))
    out["figure"] = go.Figure(out["figure"])  # the plain figure must be a valid Plotly figure
    return out


# --- 1. the overview's place ----------------------------------------------------------------------

def test_overview_place_is_stable_from_the_address_and_configurable(data, monkeypatch):
    monkeypatch.delenv(overview.PLACE_ENV, raising=False)
    body = overview.layout(data, "vi", "")
    assert body.to_plotly_json()["props"]["data-geo"] == HN  # most observations, not the latest upload
    html_hcm = str(overview.layout(data, "vi", "?geo=H%E1%BB%93+Ch%C3%AD+Minh"))
    card = _card(html_hcm, "exports")
    assert "Hồ Chí Minh · tháng 1/2026" in card and "4,1 tỷ USD" in card
    assert "Tổng quan: Hồ Chí Minh" in html_hcm
    assert "/explore/exports?geo=H%E1%BB%93+Ch%C3%AD+Minh" in card
    monkeypatch.setenv(overview.PLACE_ENV, "Bắc Ninh")
    assert overview.layout(data, "vi", "").to_plotly_json()["props"]["data-geo"] == "Bắc Ninh"
    monkeypatch.setenv(overview.PLACE_ENV, "Atlantis")
    assert overview.layout(data, "vi", "").to_plotly_json()["props"]["data-geo"] == HN


def test_overview_picker_writes_the_address_and_the_address_drives_the_picker(data):
    search, geo, title, cards, tab = callbacks.overview_sync(data, "ov-geo", "/", "", HCM)
    assert search == "?geo=H%E1%BB%93+Ch%C3%AD+Minh" and geo == HCM and title == "Tổng quan: Hồ Chí Minh"
    assert "Tổng quan · Hồ Chí Minh" in tab
    assert all(c.to_plotly_json()["props"]["data-metric"] for c in cards)
    search, geo, *_ = callbacks.overview_sync(data, "url", "/en/", "?geo=B%E1%BA%AFc+Ninh", None)
    assert geo == "Bắc Ninh" and search is callbacks.no_update


# --- 2. several places on one chart ---------------------------------------------------------------

def test_several_places_on_one_chart_each_its_colour_and_legend(data):
    out = _explore(data, "exports", "?geo=H%E1%BB%93+Ch%C3%AD+Minh,H%C3%A0+N%E1%BB%99i&measure=level")
    assert out["geo"] == [HCM, HN]
    lines = [t for t in out["figure"].data if t.mode == "lines+markers"]
    names = [t.name for t in lines]
    assert any(n.startswith(HCM + ":") for n in names) and any(n.startswith(HN + ":") for n in names)
    assert len({t.line.color for t in lines if not t.line.dash or t.line.dash == "solid"}) >= 2
    assert "Hồ Chí Minh, Hà Nội" in out["figure"].layout.title.text
    # the picker adds a place: the address follows
    values = [[HCM, HN, "Việt Nam"], "level", "month", "", "mn USD", "", "", "chart"]
    out = _explore(data, "exports", "", trigger="controls", values=values)
    assert out["search"].startswith("?geo=H%E1%BB%93+Ch%C3%AD+Minh%2CH%C3%A0+N%E1%BB%99i%2CVi%E1%BB%87t+Nam")
    assert "Việt Nam" in out["title"]


# --- 3. conflicts and suspect levels --------------------------------------------------------------

def test_a_contradicted_figure_is_a_conflict_showing_both_values_and_sources(data):
    obs = data.observations()
    r = obs[(obs.metric == "retail_sales") & (obs.geo == HN) & (obs.measure == "level")].iloc[0]
    assert r.conflict and r.superseded and r.value == 78500
    card = _card(str(overview.layout(data, "vi", "")), "retail_sales")
    assert "78.500 tỷ đồng ⚠" in card and "Các nguồn khác nhau" in card
    assert "432.700 tỷ đồng (ước tính) — TTTĐ · 30/01/2026" in card
    assert "78.500 tỷ đồng (thực hiện) — Báo Đối Chiếu · 10/02/2026" in card
    notes = str(_explore(data, "retail_sales", "?measure=level")["notes"])
    assert "432.700 tỷ đồng" in notes and "TTTĐ" in notes and "Báo Đối Chiếu" in notes


def test_a_level_beyond_the_reference_magnitudes_is_suspect_on_its_card(seed_only):
    obs = seed_only.observations()
    r = obs[(obs.metric == "retail_sales") & (obs.measure == "level")].iloc[0]
    assert r.suspect and "retail_sales" in r.suspect_reason
    card = _card(str(overview.layout(seed_only, "vi", "")), "retail_sales")
    assert "432.700 tỷ đồng ⚠" in card and "Số liệu đáng ngờ" in card


# --- 4. qualifiers, comparisons, old periods; 5. sources of the value shown ------------------------

def test_cards_keep_qualifiers_comparisons_old_periods_and_count_the_value_sources(data):
    html_vi = str(overview.layout(data, "vi", ""))
    assert "> 3.200" in _card(html_vi, "new_firms")
    grdp = _card(html_vi, "grdp")
    assert "≥ 11%" in grdp and "so với cùng kỳ" in grdp
    per_person = _card(html_vi, "grdp_per_capita")
    assert "năm 2021" in per_person and "số liệu cũ" in per_person
    exports = _card(html_vi, "exports")
    assert "1,824 tỷ USD" in exports and "tăng 32,4% so với cùng kỳ" in exports
    assert "1 nguồn" in exports  # the value shown has one source, though three articles state exports
    assert i18n.value_text(-7, "%", "vi", qualifier="more_than") == "< -7%"
    assert i18n.value_text(22e6, "count", "vi", 23e6, "at_least") == "22.000.000–23.000.000"
    assert i18n.metric_name("fdi_disbursed", "vi") == "Vốn FDI thực hiện"
    assert i18n.metric_name("fdi_disbursed", "en") == "FDI disbursed"


# --- 6. axes ----------------------------------------------------------------------------------------

def test_axes_in_interface_style_with_a_label_per_period(data):
    fig = _explore(data, "exports", "?geo=H%C3%A0+N%E1%BB%99i&measure=level")["figure"]
    assert fig.layout.yaxis.tickformat == ",.2~f" and fig.layout.separators == ",."
    assert list(fig.layout.xaxis.ticktext) == ["11/2025", "12/2025", "01/2026"]
    one = _explore(data, "exports", "?geo=B%E1%BA%AFc+Ninh&measure=level")["figure"]
    assert list(one.layout.xaxis.ticktext) == ["01/2026"] and len(one.layout.xaxis.range) == 2
    en = callbacks.explorer_sync(data, "url", "/en/explore/exports", "?geo=B%E1%BA%AFc+Ninh", [None] * N_KEYS, None)
    en = go.Figure(en[N_KEYS + 1])
    assert list(en.layout.xaxis.ticktext) == ["Jan 2026"] and en.layout.separators == ".,"


def test_a_target_line_does_not_bridge_years_without_targets(data):
    fig = _explore(data, "grdp", "?geo=H%C3%A0+N%E1%BB%99i&measure=growth_pct&ptype=year")["figure"]
    target = next(t for t in fig.data if t.line.dash == "dash")
    assert None in list(target.y) and list(fig.layout.xaxis.ticktext) == ["2021", "2026"]


def test_chart_title_follows_the_measure_and_an_empty_chart_says_so(data):
    level = _explore(data, "exports", "?geo=H%C3%A0+N%E1%BB%99i&measure=level")["figure"].layout.title.text
    growth = _explore(data, "exports", "?geo=H%C3%A0+N%E1%BB%99i&measure=growth_pct")["figure"].layout.title.text
    assert "Giá trị" in level and "triệu USD" in level
    assert "Tăng trưởng (%) so với cùng kỳ" in growth
    empty = _explore(data, "exports", "?geo=H%C3%A0+N%E1%BB%99i&measure=level&from=2030-01")["figure"]
    assert empty.layout.xaxis.visible is False and empty.layout.yaxis.visible is False
    assert [a.text for a in empty.layout.annotations] == ["Không có số liệu cho lựa chọn này."]


# --- 7. the toolbar ---------------------------------------------------------------------------------

def test_chart_toolbar_has_no_cloud_button_and_speaks_the_interface_language():
    vi = explorer.graph_config("vi")
    assert vi["displaylogo"] is False and vi["showSendToCloud"] is False and vi["showEditInChartStudio"] is False
    assert {"sendDataToCloud", "editInChartStudio"} <= set(vi["modeBarButtonsToRemove"])
    assert vi["locales"][vi["locale"]]["dictionary"]["Reset axes"] == "Đặt lại trục"
    assert "locale" not in explorer.graph_config("en")


# --- 8. downloads from the chart ------------------------------------------------------------------

def test_chart_downloads_the_series_shown_with_its_sources(data):
    search = "?geo=H%E1%BB%93+Ch%C3%AD+Minh,H%C3%A0+N%E1%BB%99i&measure=level"
    got = callbacks.chart_download(data, "/explore/exports", search, "csv")
    assert got["filename"] == "civic-metrics_series_exports_level_ho-chi-minh_ha-noi_month.csv"
    text = (got["content"] if not got.get("base64") else __import__("base64").b64decode(got["content"]).decode())
    text = text.lstrip("\ufeff")
    assert text.startswith("# civic-metrics: Kim ngạch xuất khẩu — Giá trị, triệu USD · Hồ Chí Minh, Hà Nội")
    assert "# Nguồn: Báo Mẫu Hà Nội, Báo Mẫu TP.HCM" in text
    body = pd.read_csv(io.StringIO(text), comment="#")
    assert list(body.columns[:3]) == ["Địa phương", "Chỉ tiêu", "Loại số liệu"]
    assert set(body["Địa phương"]) == {HCM, HN} and (body["Chỉ tiêu"] == "Kim ngạch xuất khẩu").all()
    assert body["Các nguồn"].str.contains("https://example.org/tphcm-xuat-khau-1-2026").any()
    vi = callbacks.chart_download(data, "/explore/exports", search, "csv-vi")
    raw = __import__("base64").b64decode(vi["content"]).decode("utf-8-sig") if vi.get("base64") else vi["content"]
    assert vi["filename"].endswith("_excel-vi.csv") and "Địa phương;Chỉ tiêu" in raw and ";4100;" in raw
    xlsx = callbacks.chart_download(data, "/explore/exports", search, "xlsx")
    book = pd.read_excel(io.BytesIO(__import__("base64").b64decode(xlsx["content"])), sheet_name=None)
    assert list(book) == ["Dữ liệu", "Mã", "Thông tin"]
    assert set(book["Mã"]["metric"]) == {"exports"} and "Báo Mẫu TP.HCM" in book["Thông tin"].to_string()
    with zipfile.ZipFile(io.BytesIO(__import__("base64").b64decode(xlsx["content"]))) as z:
        assert "xl/workbook.xml" in z.namelist()


def test_image_download_info_names_title_place_unit_sources_and_date(data):
    info = _explore(data, "exports", "?geo=H%E1%BB%93+Ch%C3%AD+Minh&measure=level")["export"]
    assert info["title"] == "Kim ngạch xuất khẩu — Giá trị, triệu USD · Hồ Chí Minh"
    assert info["subtitle"] == "Tháng · triệu USD"
    assert info["footer"][0] == "Nguồn: Báo Mẫu TP.HCM" and info["footer"][1].startswith("Tải lúc ")
    assert info["filename"] == "civic-metrics_chart_exports_level_ho-chi-minh_month"
    assert "Plotly.toImage" in callbacks.IMAGE_DOWNLOAD


def test_formula_like_cells_are_inert():
    assert downloads.inert("=HYPERLINK(1)") == "'=HYPERLINK(1)" and downloads.inert("Hà Nội") == "Hà Nội"
    assert downloads.slug("Hồ Chí Minh / Đà Nẵng") == "ho-chi-minh-da-nang"


# --- 9. chart or table, a time range that fits the period type ------------------------------------

def test_chart_table_switch_and_period_range(data):
    out = _explore(data, "exports", "?geo=H%C3%A0+N%E1%BB%99i&measure=level&view=table")
    assert out["hidden"] is True and out["view"] == "table"
    assert "open=True" in str(out["notes"]) and "Các điểm trên biểu đồ" in str(out["notes"])
    assert [o["value"] for o in out["from_options"]] == ["2025-11", "2025-12", "2026-01"]
    assert out["from_options"][0]["label"] == "tháng 11/2025"
    ranged = _explore(data, "exports", "?geo=H%C3%A0+N%E1%BB%99i&measure=level&from=2025-12&to=2026-01")
    assert list(ranged["figure"].layout.xaxis.ticktext) == ["12/2025", "01/2026"]
    yearly = _explore(data, "grdp", "?geo=H%C3%A0+N%E1%BB%99i&measure=growth_pct&ptype=year&from=2026")
    assert [o["value"] for o in yearly["from_options"]] == ["2021", "2026"]
    assert list(yearly["figure"].layout.xaxis.ticktext) == ["2026"]
    assert explorer.search_of({**explorer.resolve(data.observations(), {}), "view": "chart"}).find("view") < 0


# --- 13. page titles and unknown metrics ----------------------------------------------------------

def test_each_view_has_its_title_and_unknown_metrics_are_404(data):
    assert title_of(data, "vi", "explore", "exports", "?geo=H%E1%BB%93+Ch%C3%AD+Minh") == \
        "Kim ngạch xuất khẩu · Hồ Chí Minh — civic-metrics"
    assert title_of(data, "en", "overview", "", "").startswith("Overview · Hà Nội")
    assert title_of(data, "vi", "table", "", "") == "Bảng số liệu — civic-metrics"
    assert urls.parse_path("/explore/no_such_metric") == ("vi", "notfound", "")
    assert urls.parse_path("/en/explore/fdi_disbursed") == ("en", "explore", "fdi_disbursed")
    _, body, _, tab = page(data, "/explore/no_such_metric", "")
    assert "Không tìm thấy trang này" in str(body) and tab.startswith("Không tìm thấy")


def test_tick_labels_per_period_type():
    ts = pd.Timestamp
    assert charts.tick_label("quarter", ts("2025-10-01"), ts("2025-12-31"), "vi") == "Q4/2025"
    assert charts.tick_label("ytd", ts("2025-01-01"), ts("2025-09-30"), "vi") == "9T/2025"
    assert charts.tick_label("year", ts("2025-01-01"), ts("2025-12-31"), "en") == "2025"


# --- 10. table filters match the words shown; quick search; links to sentences ------------------

def test_table_filters_match_the_words_shown_and_rows_link_to_their_sentence(data):
    from dashboard.views import table

    words = {"metric": {"filterType": "text", "type": "contains", "filter": "xuất khẩu"}}
    resp = table.get_rows(data, {"startRow": 0, "endRow": 100, "filterModel": words})
    assert resp["rowCount"] > 5 and {r["metric"] for r in resp["rowData"]} == {"exports"}
    english = {"metric": {"filterType": "text", "type": "contains", "filter": "Exports"}}
    assert table.get_rows(data, {"startRow": 0, "endRow": 5, "filterModel": english})["rowCount"] == resp["rowCount"]
    code = {"metric": {"filterType": "text", "type": "equals", "filter": "exports"}}
    assert table.get_rows(data, {"startRow": 0, "endRow": 5, "filterModel": code})["rowCount"] == resp["rowCount"]
    status = {"status": {"filterType": "text", "type": "equals", "filter": "ước tính"}}
    assert {r["status"] for r in table.get_rows(data, {"startRow": 0, "endRow": 100, "filterModel": status})
            ["rowData"]} == {"estimate"}
    unit = {"unit": {"filterType": "text", "type": "equals", "filter": "tỷ đồng"}}
    assert {r["unit"] for r in table.get_rows(data, {"startRow": 0, "endRow": 100, "filterModel": unit})
            ["rowData"]} == {"bn VND"}
    assert "tỷ đồng" in {d["field"]: d for d in table.column_defs("vi", [])}["unit"]["valueFormatter"]["function"]
    nothing = {"metric": {"filterType": "text", "type": "contains", "filter": "zzz"}}
    assert table.get_rows(data, {"startRow": 0, "endRow": 5, "filterModel": nothing})["rowCount"] == 0
    searched = table.with_search(words, "TP.HCM")
    rows = table.get_rows(data, {"startRow": 0, "endRow": 100, "filterModel": searched})["rowData"]
    assert rows and all("TP.HCM" in r["sentence"] for r in rows) and all(r["metric"] == "exports" for r in rows)
    assert table.with_search(searched, "") == words
    link = rows[0]["link"]
    assert link == f"[Xem câu](/doc/{rows[0]['doc_id']}?fig={rows[0]['figure_id']})"
    assert table.column_defs("vi", [])[0]["cellRenderer"] == "markdown"
    assert table.layout("vi", "?f=" + urls.quote('{"sentence":{"filterType":"text","type":"contains","filter":"Tết"}}'))


# --- 11. table downloads in the interface language -------------------------------------------------

def test_table_downloads_are_readable_and_say_what_they_hold(data):
    from dashboard.views import table

    query = {"filterModel": {"metric": {"filterType": "text", "type": "contains", "filter": "xuất khẩu"}},
             "sortModel": []}
    raw, name = table.download(data, query, "csv", "vi")
    assert name == "civic-metrics_figures_chi-tieu-chua-xuat-khau.csv"
    text = raw.decode("utf-8-sig")
    assert "# Bộ lọc: Chỉ tiêu chứa xuất khẩu" in text and "# Ngày tải: " in text and "Báo Mẫu TP.HCM" in text
    assert "\n# Mã: doc_id,path,source,url,published" in text
    body = pd.read_csv(io.StringIO(text), comment="#")
    assert "Chỉ tiêu" in body.columns and "Địa phương" in body.columns and "Trạng thái" in body.columns
    assert set(body["Chỉ tiêu"]) == {"Kim ngạch xuất khẩu"} and "ước tính" in set(body["Trạng thái"])
    raw_vi, name_vi = table.download(data, query, "csv-vi", "vi")
    assert name_vi.endswith("_excel-vi.csv") and ";" in raw_vi.decode("utf-8-sig").splitlines()[-1]
    raw_x, name_x = table.download(data, query, "xlsx", "en")
    book = pd.read_excel(io.BytesIO(raw_x), sheet_name=None)
    assert name_x.endswith(".xlsx") and list(book) == ["Data", "Codes", "About"]
    assert set(book["Data"]["Metric"]) == {"Exports"} and set(book["Codes"]["metric"]) == {"exports"}
    assert "Metric contains xuất khẩu" in book["About"].to_string()


# --- 12. the article view folds page furniture -----------------------------------------------------

def test_article_view_folds_page_furniture(data):
    from dashboard.views import document

    docs = data.documents()
    doc_id = docs[docs["path"].str.endswith("hanoi_retail_2026.md")]["id"].iloc[0]
    body = str(document.layout(data, "vi", doc_id, ""))
    assert "Phần phụ của trang" in body and "Tin liên quan" in body
    start = body.index("Details(children=[Summary('Phần phụ của trang")
    folded = body[start:]
    assert "1.234 lượt xem" in folded and "giá vàng tăng mạnh" in folded
    assert "78.500 tỷ đồng" not in folded


def test_every_catalogue_metric_has_names_and_plausible_ranges():
    from metrics import catalogue
    from metrics.magnitudes import NATION_YEAR
    from metrics.observations import PLAUSIBLE

    contract = set(catalogue.METRICS) | {"fdi_disbursed"}
    assert contract <= set(i18n.METRICS) and contract <= set(PLAUSIBLE)
    assert contract - {"iip", "cpi"} <= set(NATION_YEAR)  # indices have no levels


def test_english_cards_and_source_counts(data):
    html_en = str(overview.layout(data, "en", "?geo=H%E1%BB%93+Ch%C3%AD+Minh"))
    card = _card(html_en, "exports")
    assert "Hồ Chí Minh · January 2026" in card and "4.1 bn USD" in card and "up 12.5% year on year" in card
    assert "1 source'" in card
    assert i18n.sources_text(2, "en") == "2 sources" and i18n.sources_text(2, "vi") == "2 nguồn"
