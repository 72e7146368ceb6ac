"""Interface words in Vietnamese (default) and English, and numbers, values and periods in words."""

from __future__ import annotations

import math

import pandas as pd

from metrics.numbers import EN, VI, format_number

LANGS = ("vi", "en")

METRICS = {
    "grdp": ("Tăng trưởng GRDP", "GRDP"),
    "grdp_per_capita": ("GRDP bình quân đầu người", "GRDP per person"),
    "iip": ("Chỉ số sản xuất công nghiệp", "Industrial production index"),
    "retail_sales": ("Tổng mức bán lẻ hàng hóa và dịch vụ", "Retail sales and consumer services"),
    "exports": ("Kim ngạch xuất khẩu", "Exports"),
    "imports": ("Kim ngạch nhập khẩu", "Imports"),
    "cpi": ("Chỉ số giá tiêu dùng", "Consumer price index"),
    "new_firms": ("Doanh nghiệp thành lập mới", "New enterprises"),
    "new_firms_capital": ("Vốn đăng ký doanh nghiệp mới", "Capital of new enterprises"),
    "budget_revenue": ("Thu ngân sách", "Budget revenue"),
    "budget_spending": ("Chi ngân sách", "Budget spending"),
    "fdi": ("Vốn đầu tư trực tiếp nước ngoài", "Foreign direct investment"),
    "fdi_disbursed": ("Vốn FDI thực hiện", "FDI disbursed"),
    "public_investment": ("Giải ngân vốn đầu tư công", "Public investment disbursed"),
    "tourists": ("Lượt khách du lịch", "Tourist arrivals"),
    "tourism_revenue": ("Doanh thu du lịch", "Tourism revenue"),
}

WORDS = {
    "title": ("Số liệu kinh tế từ báo chí", "Economic figures from the news"),
    "overview": ("Tổng quan", "Overview"),
    "explorer": ("Biểu đồ", "Explorer"),
    "table": ("Bảng số liệu", "Table"),
    "upload": ("Thêm bài viết", "Add articles"),
    "switch": ("English", "Tiếng Việt"),
    "switch_label": ("Switch to English", "Chuyển sang tiếng Việt"),
    "latest": ("Mới nhất", "Latest"),
    "sources_n": ("{n} nguồn", "{n} sources"),
    "open_explorer": ("Xem biểu đồ {m}", "Open the {m} chart"),
    "empty_store": ("Chưa có số liệu nào. Hãy thêm bài viết để bắt đầu.",
                    "No figures yet. Add articles to begin."),
    "add_articles": ("Thêm bài viết", "Add articles"),
    "geo": ("Địa phương", "Place"),
    "measure": ("Loại số liệu", "Measure"),
    "period_type": ("Kỳ", "Period"),
    "part": ("Thành phần", "Part"),
    "unit": ("Đơn vị", "Unit"),
    "count": ("số lượng", "count"),
    "whole": ("Toàn bộ", "Whole"),
    "date_from": ("Từ tháng", "From month"),
    "date_to": ("Đến tháng", "To month"),
    "no_data": ("Không có số liệu cho lựa chọn này.", "No figures for this choice."),
    "click_point": ("Bấm vào một điểm để xem các câu gốc nêu số liệu. Điểm rỗng: ước tính; đường đứt: mục tiêu; "
                    "dấu ✕: cần lưu ý.",
                    "Click a point to see the sentences that state it. Hollow points: estimates; dashed line: "
                    "targets; ✕: needs attention."),
    "sources": ("Nguồn", "Sources"),
    "more_sources": ("Và {n} câu khác: các câu mới nhất ở trên; tải CSV hoặc Excel của biểu đồ để xem tất cả.",
                     "And {n} more: the newest are shown; download the chart's CSV or Excel for all of them."),
    "source_unknown": ("Không rõ nguồn", "Unknown outlet"),
    "date_unknown": ("không rõ ngày", "date unknown"),
    "in_document": ("Xem trong bài viết", "Show in the article"),
    "original": ("Mở bài gốc", "Open the original"),
    "document": ("Bài viết", "Article"),
    "figures_in_doc": ("{n} số liệu được tìm thấy trong bài", "{n} figures found in this article"),
    "doc_part": ("Bài dài, đọc theo từng phần: phần {n}/{m} (ký tự {a}–{b} trên {total})",
                 "A long article, read in parts: part {n} of {m} (characters {a}–{b} of {total})"),
    "doc_prev": ("← Phần trước", "← Previous part"),
    "doc_next": ("Phần sau →", "Next part →"),
    "not_found": ("Không tìm thấy trang này", "Page not found"),
    "not_found_doc": ("Không tìm thấy bài viết với mã này.", "There is no article with this id."),
    "bad_doc_id": ("Mã bài viết không hợp lệ.", "This is not a valid article id."),
    "back_home": ("Về trang tổng quan", "Back to the overview"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải Excel", "Download Excel"),
    "rows_n": ("{n} dòng", "{n} rows"),
    "upload_help": ("Kéo thả hoặc bấm để chọn tệp .txt, .md, .html (tối đa {mb} MB, {n} tệp).",
                    "Drag and drop or click to choose .txt, .md, .html files (up to {mb} MB, {n} files)."),
    "upload_save": ("Lưu vào kho dữ liệu", "Save to the store"),
    "upload_found": ("{name}: {n} số liệu", "{name}: {n} figures"),
    "upload_saved": ("Đã lưu {n} bài viết. Biểu đồ đã được cập nhật.",
                     "Saved {n} articles. The charts are updated."),
    "upload_nothing": ("Không có bài viết hợp lệ để lưu.", "There is no readable article to save."),
    "upload_error": ("Không đọc được {name}: {why}", "Could not read {name}: {why}"),
    "err_type": ("chỉ nhận tệp .txt, .md, .html, .htm", "only .txt, .md, .html and .htm files are accepted"),
    "err_size": ("tệp lớn hơn {mb} MB", "the file is larger than {mb} MB"),
    "err_count": ("chỉ nhận tối đa {n} tệp một lần", "at most {n} files at a time"),
    "err_timeout": ("đọc quá lâu, đã dừng", "reading took too long and was stopped"),
    "err_store": ("Không lưu được: {why}", "Could not save: {why}"),
    "error": ("Đã có lỗi: {why}", "Something went wrong: {why}"),
    "conflict": ("Các nguồn đưa số liệu khác nhau cho cùng kỳ.", "Sources give different values for this period."),
    "superseded": ("Ước tính trước đó đã được thay bằng số thực hiện.", "An earlier estimate was replaced by the actual."),
    "suspect": ("Số liệu đáng ngờ", "Suspect figure"),
    "flags": ("Cần lưu ý", "Needs attention"),
    "status": ("Trạng thái", "Status"),
    "value": ("Giá trị", "Value"),
    "period": ("Kỳ", "Period"),
    "range_to": ("đến", "to"),
    "points": ("Các điểm trên biểu đồ", "The chart's points"),
    "show_sources": ("Xem nguồn", "Show sources"),
    "page_size": ("Số dòng mỗi trang:", "Page size:"),
    "place": ("Địa phương", "Place"),
    "places": ("Địa phương (chọn một hoặc nhiều)", "Places (one or more)"),
    "overview_of": ("Tổng quan: {geo}", "Overview: {geo}"),
    "no_data_place": ("Chưa có số liệu nào cho {geo}.", "No figures for {geo} yet."),
    "sources_differ": ("Các nguồn khác nhau:", "Sources differ:"),
    "suspect_short": ("Số liệu đáng ngờ: khác xa mức thường thấy", "Suspect: far from the usual magnitude"),
    "stale": ("số liệu cũ", "old figure"),
    "vs": ("so với", "compared with"),
    "copy_link": ("Chép liên kết", "Copy link"),
    "copied": ("Đã chép liên kết vào bộ nhớ tạm.", "The link is copied to the clipboard."),
    "copy_failed": ("Hãy chép liên kết trong ô này:", "Copy the link from this box:"),
    "download": ("Tải xuống", "Download"),
    "download_csv_vi": ("Tải CSV (Excel tiếng Việt)", "Download CSV (Vietnamese Excel)"),
    "csv_vi_short": ("CSV (Excel tiếng Việt)", "CSV (Vietnamese Excel)"),
    "download_png": ("Tải ảnh PNG", "Download PNG"),
    "download_svg": ("Tải ảnh SVG", "Download SVG"),
    "view_chart": ("Biểu đồ", "Chart"),
    "view_table": ("Bảng", "Table"),
    "show_as": ("Hiển thị", "Show as"),
    "year_from": ("Từ năm", "From year"),
    "year_to": ("Đến năm", "To year"),
    "period_from": ("Từ kỳ", "From"),
    "period_to": ("Đến kỳ", "To"),
    "all_periods": ("Tất cả", "All"),
    "chart_empty": ("Không có số liệu cho lựa chọn này.", "No figures for this choice."),
    "exported": ("Tải lúc {date} từ civic-metrics", "Downloaded {date} from civic-metrics"),
    "sources_list": ("Nguồn: {s}", "Sources: {s}"),
    "search_sentences": ("Tìm trong câu", "Search sentences"),
    "search_placeholder": ("ví dụ: xuất khẩu, bán lẻ…", "e.g. exports, retail…"),
    "open_sentence": ("Xem câu", "Open"),
    "furniture": ("Phần phụ của trang (liên kết, bình luận, thẻ…)", "Page furniture (links, comments, tags…)"),
    "filter": ("Bộ lọc", "Filter"),
    "no_filter": ("không lọc", "no filter"),
    "downloaded_at": ("Ngày tải", "Downloaded"),
    "about": ("Thông tin", "About"),
    "data_sheet": ("Dữ liệu", "Data"),
    "codes_sheet": ("Mã", "Codes"),
    "rows": ("Số dòng", "Rows"),
    "n_sources_col": ("Số nguồn", "Sources"),
    "flags_col": ("Cần lưu ý", "Flags"),
    "sources_col": ("Các nguồn", "Source list"),
}

STATUS = {"actual": ("thực hiện", "actual"), "estimate": ("ước tính", "estimate"), "target": ("mục tiêu", "target")}
MEASURES = {"level": ("Giá trị", "Level"), "growth_pct": ("Tăng trưởng (%)", "Growth (%)"),
            "plan_pct": ("% kế hoạch", "% of plan"), "share_pct": ("Tỷ trọng (%)", "Share (%)")}
BASES = {"yoy": ("so với cùng kỳ", "year on year"), "prev_period": ("so với kỳ trước", "on the previous period"),
         "prev_dec": ("so với tháng 12 năm trước", "on December of the year before"),
         "avg": ("bình quân", "average a year"), "": ("", "")}
PERIOD_TYPES = {"month": ("Tháng", "Month"), "quarter": ("Quý", "Quarter"), "ytd": ("Lũy kế từ đầu năm", "Year to date"),
                "half": ("Nửa năm", "Half year"), "year": ("Năm", "Year"), "multi_year": ("Nhiều năm", "Several years")}
PARTS_EN = {"agriculture": "agriculture", "industry_construction": "industry and construction",
            "industry": "industry", "construction": "construction", "services": "services",
            "product_taxes": "product taxes", "manufacturing": "manufacturing", "mining": "mining",
            "electricity": "electricity", "water": "water and waste", "fdi_sector": "FDI sector",
            "domestic_sector": "domestic sector", "international": "international", "domestic": "domestic",
            "trade": "trade", "oil": "crude oil", "new": "new projects", "additional": "added capital",
            "share_purchase": "share purchases"}
PARTS_VI = {"agriculture": "nông, lâm nghiệp và thủy sản", "industry_construction": "công nghiệp và xây dựng",
            "industry": "công nghiệp", "construction": "xây dựng", "services": "dịch vụ",
            "product_taxes": "thuế sản phẩm", "manufacturing": "chế biến, chế tạo", "mining": "khai khoáng",
            "electricity": "điện", "water": "nước và xử lý rác thải", "fdi_sector": "khu vực FDI",
            "domestic_sector": "khu vực trong nước", "international": "khách quốc tế", "domestic": "nội địa",
            "trade": "xuất nhập khẩu", "oil": "dầu thô", "new": "cấp mới", "additional": "điều chỉnh vốn",
            "share_purchase": "góp vốn, mua cổ phần"}
ROMAN = ("I", "II", "III", "IV")


def lang_of(lang: str | None) -> str:
    return lang if lang in LANGS else "vi"


def _pick(pair, lang: str) -> str:
    return pair[LANGS.index(lang_of(lang))]


def t(lang: str, key: str, **kw) -> str:
    """The interface word ``key`` in ``lang``, formatted with ``kw``."""
    s = _pick(WORDS[key], lang)
    return s.format(**kw) if kw else s


def sources_text(n: int, lang: str) -> str:
    """"3 nguồn", "1 source", "3 sources"."""
    return f"{n} nguồn" if lang_of(lang) == "vi" else f"{n} source{'' if n == 1 else 's'}"


def metric_name(code: str, lang: str) -> str:
    return _pick(METRICS[code], lang) if code in METRICS else code


def status_name(code: str, lang: str) -> str:
    return _pick(STATUS[code], lang) if code in STATUS else code


def measure_name(code: str, lang: str) -> str:
    return _pick(MEASURES[code], lang) if code in MEASURES else code


def basis_name(code: str, lang: str) -> str:
    return _pick(BASES.get(code, (code, code)), lang)


def period_type_name(code: str, lang: str) -> str:
    return _pick(PERIOD_TYPES[code], lang) if code in PERIOD_TYPES else code


def part_name(code: str, lang: str) -> str:
    return (PARTS_VI if lang_of(lang) == "vi" else PARTS_EN).get(code, code)


def number(x: float, lang: str, decimals: int = 3) -> str:
    """1824.5 -> "1.824,5" (vi) or "1,824.5" (en); at most ``decimals`` decimals, no trailing zeros."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format_number(x, decimals, VI if lang_of(lang) == "vi" else EN)


_SCALES = {  # canonical unit -> [(threshold, divisor, vi unit, en unit)], biggest first
    "mn USD": [(1000, 1000, "tỷ USD", "bn USD"), (0, 1, "triệu USD", "mn USD")],
    "bn VND": [(0, 1, "tỷ đồng", "bn VND")],
    "mn VND": [(0, 1, "triệu đồng", "mn VND")],
    "USD": [(0, 1, "USD", "USD")],
    "count": [(0, 1, "", "")],
    "%": [(0, 1, "%", "%")],
}


def scaled(value: float, unit: str, lang: str) -> tuple[float, str]:
    """(value, unit words) at a readable scale: 1824 mn USD -> (1.824, "tỷ USD")."""
    for threshold, div, vi, en in _SCALES.get(unit, [(0, 1, unit, unit)]):
        if abs(value) >= threshold:
            return value / div, (vi if lang_of(lang) == "vi" else en)
    return value, unit


#: A qualifier as a sign before the value ("từ 11% trở lên" is "≥ 11%", "hơn 3.200" is "> 3.200");
#: for a falling value ("giảm hơn 7%", -7) the comparison turns round.
QUALIFIER_SIGNS = {"at_least": ("≥ ", "≤ "), "more_than": ("> ", "< "), "less_than": ("< ", "> "),
                   "approx": ("≈ ", "≈ ")}


def value_text(value: float, unit: str, lang: str, value_high: float | None = None, qualifier: str = "") -> str:
    """A value with its qualifier and unit in words: "1,824 tỷ USD", "≥ 11%", "7–7,5%"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    v, words = scaled(value, unit, lang)
    s = number(v, lang)
    ranged = value_high is not None and not (isinstance(value_high, float) and math.isnan(value_high))
    if ranged:
        factor = v / value if value else 1.0
        s = f"{s}–{number(value_high * factor, lang)}"
    signs = QUALIFIER_SIGNS.get(qualifier or "")
    if signs and not (ranged and qualifier == "at_least"):  # "22-23 triệu" is at_least but a plain range
        s = signs[1 if value < 0 else 0] + s
    if unit == "%":
        return s + "%"
    return f"{s} {words}".strip()


def _date(d) -> pd.Timestamp | None:
    if d is None or d is pd.NaT:
        return None
    try:
        ts = pd.Timestamp(d)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(ts) else ts


def date_text(d, lang: str) -> str:
    ts = _date(d)
    if ts is None:
        return t(lang, "date_unknown")
    return ts.strftime("%d/%m/%Y") if lang_of(lang) == "vi" else ts.strftime("%-d %b %Y")


def period_text(period_type: str, start, end, lang: str) -> str:
    """The period in words: "tháng 1/2026", "quý IV/2025", "9 tháng đầu năm 2025", "năm 2026"."""
    s, e = _date(start), _date(end)
    vi = lang_of(lang) == "vi"
    if s is None or e is None:
        return period_type_name(period_type, lang).lower() if vi else period_type_name(period_type, lang)
    if period_type == "month":
        return f"tháng {s.month}/{s.year}" if vi else s.strftime("%B %Y")
    if period_type == "quarter":
        q = (s.month - 1) // 3
        return f"quý {ROMAN[q]}/{s.year}" if vi else f"Q{q + 1} {s.year}"
    if period_type == "half":
        first = s.month == 1
        if vi:
            return f"6 tháng {'đầu' if first else 'cuối'} năm {s.year}"
        return f"{'first' if first else 'second'} half of {s.year}"
    if period_type == "ytd":
        if e.is_month_end:
            return f"{e.month} tháng đầu năm {e.year}" if vi else f"January–{e.strftime('%B %Y')}"
        return f"từ đầu năm đến {e.day}/{e.month}/{e.year}" if vi else f"1 January to {e.strftime('%-d %B %Y')}"
    if period_type == "year":
        return f"năm {s.year}" if vi else str(s.year)
    if period_type == "multi_year":
        return f"giai đoạn {s.year}–{e.year}" if vi else f"{s.year}–{e.year}"
    return f"{date_text(s, lang)}–{date_text(e, lang)}"
