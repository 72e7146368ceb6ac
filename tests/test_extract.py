"""The extractor on real phrasings: each case is one sentence (with its context) and the
rows it must give. A failure prints the sentence, so it reads like a bug report."""

import datetime as dt

import pytest

import metrics

# (context, published, expected rows as (metric, measure, part, geo, value, value_high, qualifier, status,
#  basis, period_type, period_start)). Context is an article body; all its rows are compared.
CASES = [
    ("Tháng 1/2026, Hà Nội: chỉ số sản xuất công nghiệp IIP tháng 1 tăng 24% so với cùng kỳ.", "2026-01-30",
     [("iip", "growth_pct", "", "Hà Nội", 24.0, None, "exact", "actual", "yoy", "month", "2026-01-01")]),
    ("Tháng 1/2026 tại Hà Nội, tổng thu ngân sách ước thực hiện 122.705 tỷ đồng, đạt 18,9% dự toán, "
     "tăng 24,3% so với cùng kỳ.", "2026-01-30",
     [("budget_revenue", "level", "", "Hà Nội", 122705.0, None, "exact", "estimate", "", "month", "2026-01-01"),
      ("budget_revenue", "plan_pct", "", "Hà Nội", 18.9, None, "exact", "estimate", "", "month", "2026-01-01"),
      ("budget_revenue", "growth_pct", "", "Hà Nội", 24.3, None, "exact", "estimate", "yoy", "month", "2026-01-01")]),
    ("Hà Nội năm 2026 bảo đảm tăng GRDP từ 11% trở lên.", "2026-01-30",
     [("grdp", "growth_pct", "", "Hà Nội", 11.0, None, "at_least", "target", "yoy", "year", "2026-01-01")]),
    # several figures, each tied to its own metric by the words after it
    ("Trong tháng 1/2026, Hà Nội ước tính có hơn 3.200 doanh nghiệp thành lập mới với số vốn đăng ký là 29.812 tỷ "
     "đồng (tăng 72% về số lượng doanh nghiệp và tăng 117% vốn đăng ký so với cùng kỳ năm trước).", "2026-01-30",
     [("new_firms", "level", "", "Hà Nội", 3200.0, None, "more_than", "estimate", "", "month", "2026-01-01"),
      ("new_firms_capital", "level", "", "Hà Nội", 29812.0, None, "exact", "estimate", "", "month", "2026-01-01"),
      ("new_firms", "growth_pct", "", "Hà Nội", 72.0, None, "exact", "estimate", "yoy", "month", "2026-01-01"),
      ("new_firms_capital", "growth_pct", "", "Hà Nội", 117.0, None, "exact", "estimate", "yoy", "month",
       "2026-01-01")]),
    # "bằng X% so với cùng kỳ" is a growth of X - 100
    ("Thu ngân sách của Nghệ An năm 2023 thực hiện 21.275 tỷ đồng, đạt 134,2% dự toán nhưng chỉ bằng 94,6% so với "
     "năm 2022.", "2024-01-05",
     [("budget_revenue", "level", "", "Nghệ An", 21275.0, None, "exact", "actual", "", "year", "2023-01-01"),
      ("budget_revenue", "plan_pct", "", "Nghệ An", 134.2, None, "exact", "actual", "", "year", "2023-01-01"),
      ("budget_revenue", "growth_pct", "", "Nghệ An", -5.4, None, "exact", "actual", "yoy", "year", "2023-01-01")]),
    # "vượt X% kế hoạch" is 100 + X
    ("Năm 2023, tổng lượng khách đến Hà Nội đạt 24,72 triệu lượt, vượt 11,7% kế hoạch.", "2024-01-12",
     [("tourists", "level", "", "Hà Nội", 24720000.0, None, "exact", "actual", "", "year", "2023-01-01"),
      ("tourists", "plan_pct", "", "Hà Nội", 111.7, None, "exact", "actual", "", "year", "2023-01-01")]),
    # ranges
    ("Năm 2025, ngành du lịch Việt Nam phấn đấu đón 22-23 triệu lượt khách quốc tế.", "2024-12-31",
     [("tourists", "level", "international", "Việt Nam", 22e6, 23e6, "at_least", "target", "", "year",
       "2025-01-01")]),
    ("Đứng thứ hai là Hà Nội với GRDP năm 2022 tăng 8,89%, vượt kế hoạch đề ra (từ 7% đến 7,5%).", "2023-01-04",
     [("grdp", "growth_pct", "", "Hà Nội", 8.89, None, "exact", "actual", "yoy", "year", "2022-01-01"),
      ("grdp", "growth_pct", "", "Hà Nội", 7.0, 7.5, "at_least", "target", "yoy", "year", "2022-01-01")]),
    # a share needs a part
    ("Năm 2023, khu vực dịch vụ của cả nước chiếm 42,54% GDP; chỉ số PAPI đạt 87%.", "2023-12-29",
     [("grdp", "share_pct", "services", "Việt Nam", 42.54, None, "exact", "actual", "", "year", "2023-01-01")]),
    # month-on-month and year-on-year in one sentence; CPI monthly default is prev_period
    ("Chỉ số giá tiêu dùng (CPI) cả nước tháng 1/2026 tăng 0,05% so với tháng trước và tăng 2,53% so với cùng kỳ "
     "năm trước.", "2026-02-06",
     [("cpi", "growth_pct", "", "Việt Nam", 0.05, None, "exact", "actual", "prev_period", "month", "2026-01-01"),
      ("cpi", "growth_pct", "", "Việt Nam", 2.53, None, "exact", "actual", "yoy", "month", "2026-01-01")]),
    # a period stated once carries over the paragraph; a part inherits its metric
    ("Quý III/2021, GRDP của Hà Nội giảm 7,02% so với cùng kỳ. Hai khu vực kéo giảm mạnh nhất là dịch vụ "
     "(giảm 8,18%) và công nghiệp - xây dựng (giảm 6,76%).", "2021-10-06",
     [("grdp", "growth_pct", "", "Hà Nội", -7.02, None, "exact", "actual", "yoy", "quarter", "2021-07-01"),
      ("grdp", "growth_pct", "services", "Hà Nội", -8.18, None, "exact", "actual", "yoy", "quarter", "2021-07-01"),
      ("grdp", "growth_pct", "industry_construction", "Hà Nội", -6.76, None, "exact", "actual", "yoy", "quarter",
       "2021-07-01")]),
    # the previous year's figure in parentheses
    ("Lũy kế 5 tháng đầu năm 2024, IIP của TP.HCM tăng 5,3% so với cùng kỳ (cùng kỳ năm 2022 tăng 3,7%).",
     "2024-05-30",
     [("iip", "growth_pct", "", "Hồ Chí Minh", 5.3, None, "exact", "actual", "yoy", "ytd", "2024-01-01"),
      ("iip", "growth_pct", "", "Hồ Chí Minh", 3.7, None, "exact", "actual", "yoy", "ytd", "2022-01-01")]),
    # a place in parentheses takes the figure
    ("Năm 2024, GRDP của Thanh Hóa ước đạt 12,16%, chỉ đứng sau Bắc Giang (13,85%).", "2024-12-14",
     [("grdp", "growth_pct", "", "Thanh Hóa", 12.16, None, "exact", "estimate", "yoy", "year", "2024-01-01"),
      ("grdp", "growth_pct", "", "Bắc Giang", 13.85, None, "exact", "estimate", "yoy", "year", "2024-01-01")]),
    # one phrase, two places
    ("Năm 2025, Đà Nẵng và Khánh Hòa cùng được giao chỉ tiêu tăng trưởng 10%.", "2025-02-06",
     [("grdp", "growth_pct", "", "Đà Nẵng", 10.0, None, "exact", "target", "yoy", "year", "2025-01-01"),
      ("grdp", "growth_pct", "", "Khánh Hòa", 10.0, None, "exact", "target", "yoy", "year", "2025-01-01")]),
    # English-style separators in an outlet that writes them
    ("2 tháng đầu năm 2026, kim ngạch xuất khẩu của Hà Nội ước đạt 3,329 triệu USD, tăng 17.4% so với cùng kỳ.",
     "2026-03-06",
     [("exports", "level", "", "Hà Nội", 3329.0, None, "exact", "estimate", "", "ytd", "2026-01-01"),
      ("exports", "growth_pct", "", "Hà Nội", 17.4, None, "exact", "estimate", "yoy", "ytd", "2026-01-01")]),
    # per-person money keeps its own units
    ("Năm 2023, GDP bình quân đầu người ước đạt 101,9 triệu đồng/người, tương đương 4.284 USD, tăng 160 USD so với "
     "năm 2022.", "2023-12-29",
     [("grdp_per_capita", "level", "", "Việt Nam", 101.9, None, "exact", "estimate", "", "year", "2023-01-01"),
      ("grdp_per_capita", "level", "", "Việt Nam", 4284.0, None, "exact", "estimate", "", "year", "2023-01-01")]),
    # a commune keeps its unit word
    ("Năm 2026, xã Hương Sơn có thương mại - dịch vụ chiếm khoảng 70% cơ cấu kinh tế.", "2026-01-30",
     [("grdp", "share_pct", "services", "xã Hương Sơn", 70.0, None, "approx", "actual", "", "year", "2026-01-01")]),
    # the previous year's figure attached by "của cùng kỳ năm trước"; a contribution is not a growth rate
    ("Năm 2024, GRDP của Nghệ An tăng 7,2% so với cùng kỳ, cao hơn mức tăng 6,5% của cùng kỳ năm trước; trong đó "
     "khu vực dịch vụ tăng 7,5%, đóng góp 50% vào mức tăng chung; khu vực công nghiệp và xây dựng tăng 9%.",
     "2025-01-05",
     [("grdp", "growth_pct", "", "Nghệ An", 7.2, None, "exact", "actual", "yoy", "year", "2024-01-01"),
      ("grdp", "growth_pct", "", "Nghệ An", 6.5, None, "exact", "actual", "yoy", "year", "2023-01-01"),
      ("grdp", "growth_pct", "services", "Nghệ An", 7.5, None, "exact", "actual", "yoy", "year", "2024-01-01"),
      ("grdp", "growth_pct", "industry_construction", "Nghệ An", 9.0, None, "exact", "actual", "yoy", "year",
       "2024-01-01")]),
    # a period named inside parentheses holds only there
    ("Tính chung 10 tháng năm 2024, IIP cả nước ước tính tăng 8,3% so với cùng kỳ năm trước (cùng kỳ năm 2023 tăng "
     "0,5%); ngành khai khoáng giảm 6,9%.", "2024-11-06",
     [("iip", "growth_pct", "", "Việt Nam", 8.3, None, "exact", "estimate", "yoy", "ytd", "2024-01-01"),
      ("iip", "growth_pct", "", "Việt Nam", 0.5, None, "exact", "actual", "yoy", "ytd", "2023-01-01"),
      ("iip", "growth_pct", "mining", "Việt Nam", -6.9, None, "exact", "estimate", "yoy", "ytd", "2024-01-01")]),
    # a span of years does not say which year is current; a part's own metric takes a unit the other can't
    ("Giai đoạn 2021-2025, GRDP của TP.HCM tăng bình quân 6,5%/năm. Trong 11 tháng, doanh thu du lịch đạt 200.000 "
     "tỷ đồng; khách quốc tế đạt 7,5 triệu lượt.", "2025-12-09",
     [("grdp", "growth_pct", "", "Hồ Chí Minh", 6.5, None, "exact", "actual", "avg", "multi_year", "2021-01-01"),
      ("tourism_revenue", "level", "", "Hồ Chí Minh", 200000.0, None, "exact", "actual", "", "ytd", "2025-01-01"),
      ("tourists", "level", "international", "Hồ Chí Minh", 7.5e6, None, "exact", "actual", "", "ytd",
       "2025-01-01")]),
    # "tổng vốn" is the new firms' capital only in a sentence about new firms
    ("Năm 2024, Bắc Ninh có 1.200 doanh nghiệp đăng ký thành lập mới với tổng vốn 15.000 tỷ đồng. Thu hút 50 dự án "
     "FDI với tổng vốn 500 triệu USD.", "2025-01-02",
     [("new_firms", "level", "", "Bắc Ninh", 1200.0, None, "exact", "actual", "", "year", "2024-01-01"),
      ("new_firms_capital", "level", "", "Bắc Ninh", 15000.0, None, "exact", "actual", "", "year", "2024-01-01"),
      ("fdi", "level", "", "Bắc Ninh", 500.0, None, "exact", "actual", "", "year", "2024-01-01")]),
    # the statistics office's month names; a comparator after the figure's own words
    ("Trong tháng Mười năm 2024, cả nước có hơn 16,4 nghìn doanh nghiệp thành lập mới, tăng 11,6% về số doanh "
     "nghiệp so với tháng trước.", "2024-11-06",
     [("new_firms", "level", "", "Việt Nam", 16400.0, None, "more_than", "actual", "", "month", "2024-10-01"),
      ("new_firms", "growth_pct", "", "Việt Nam", 11.6, None, "exact", "actual", "prev_period", "month",
       "2024-10-01")]),
    # "lần lượt": places and figures paired in order
    ("Năm 2024, GRDP của Hà Nội, TP.HCM và Đà Nẵng lần lượt tăng 7%, 8% và 9%.", "2025-01-05",
     [("grdp", "growth_pct", "", "Hà Nội", 7.0, None, "exact", "actual", "yoy", "year", "2024-01-01"),
      ("grdp", "growth_pct", "", "Hồ Chí Minh", 8.0, None, "exact", "actual", "yoy", "year", "2024-01-01"),
      ("grdp", "growth_pct", "", "Đà Nẵng", 9.0, None, "exact", "actual", "yoy", "year", "2024-01-01")]),
    # a forecast is an estimate, even of a year still to come
    ("Theo dự báo của Ngân hàng Thế giới, năm 2025 GDP Việt Nam tăng 6,5%.", "2024-12-20",
     [("grdp", "growth_pct", "", "Việt Nam", 6.5, None, "exact", "estimate", "yoy", "year", "2025-01-01")]),
    # a period still to come is a target even when written "ước đạt"
    ("Năm 2021, Hà Nội phấn đấu GRDP bình quân đầu người ước đạt 135 triệu đồng.", "2020-11-28",
     [("grdp_per_capita", "level", "", "Hà Nội", 135.0, None, "exact", "target", "", "year", "2021-01-01")]),
]

NOT_FIGURES = [
    "Hà Nội đẩy nhanh tiến độ các tuyến đường Vành đai 2,5 và Vành đai 4 trong năm 2026.",
    "Theo Kết luận 226-KL/TW ngày 11/12/2025, thành phố khởi công 7 dự án lớn.",
    "Đường dây nóng tiếp nhận phản ánh về giá: 0123 456 789.",
    "Năm 2024, kinh tế Hà Nội tăng trưởng gấp 1,5 lần mức chung của cả nước.",
    "Năm 2023, GDP bình quân đầu người tăng 1,5 điểm phần trăm.",
    "Năm 2023, lạm phát cơ bản tăng 3,19%, nhóm giáo dục giảm 4,43%.",
    "Năm 2019, vốn đăng ký bình quân một doanh nghiệp đạt 13,2 tỷ đồng.",
    "Tháng 8/2025 còn có 12,4 nghìn doanh nghiệp quay trở lại hoạt động, tăng 10%.",
    "Năm 2025, nhiều địa phương được giao chỉ tiêu GRDP từ 10% trở lên.",
    "Công suất sử dụng phòng năm 2023 ước khoảng 59,4%.",
    # a rate about something else, after a sentence about GRDP: the metric does not carry over
    "Năm 2025, GRDP của Hà Nội tăng 8%. Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,5%.",
    "Năm 2025, thu ngân sách của Hà Nội tăng 10%. Đến nay, 100% xã, phường đã hoàn thành nhiệm vụ.",
    "Năm 2025, GRDP của Hà Nội tăng 8%. Thành phố có 95% hồ sơ được xử lý trực tuyến.",
]

COLS = ["metric", "measure", "part", "geo", "value", "value_high", "qualifier", "status", "basis", "period_type",
        "period_start"]


def _rows(df):
    out = []
    for r in df[COLS].itertuples(index=False):
        r = list(r)
        r[5] = None if r[5] != r[5] else r[5]  # NaN -> None
        r[10] = r[10].date().isoformat() if r[10] == r[10] else None
        out.append(tuple(r))
    return out


@pytest.mark.parametrize("text, published, expected", CASES, ids=[c[0][:60] for c in CASES])
def test_phrases(text, published, expected):
    got = _rows(metrics.extract_text(text, published=published))
    assert got == [tuple(e) for e in expected], f"\n  sentence: {text}\n  got:      {got}\n  expected: {expected}"


@pytest.mark.parametrize("text", NOT_FIGURES, ids=[t[:50] for t in NOT_FIGURES])
def test_not_figures(text):
    df = metrics.extract_text(text, published="2026-01-01")
    df = df[~df.quote.str.contains("tăng 8%|tăng 10%")]  # the leading sentence's own figure
    assert df.empty, f"\n  sentence: {text}\n  wrongly gave: {df[['quote', 'metric', 'value']].values.tolist()}"


def test_offsets_point_at_the_quote_and_types():
    text = "Tháng 1/2026, kim ngạch xuất khẩu của Hà Nội ước đạt 1,824 tỷ USD, tăng 32,4% so cùng kỳ."
    df = metrics.extract_text(text, published="2026-01-30", url="https://example.vn/a", source="TTTĐ")
    assert list(df.columns[:len(metrics.COLUMNS)]) == list(metrics.COLUMNS)
    for r in df.itertuples():
        assert text[r.start:r.end] == r.quote
        assert r.sentence in text
    assert df.value.tolist() == [1824.0, 32.4]
    assert df.unit.tolist() == ["mn USD", "%"]
    assert str(df.start.dtype) == "int64" and str(df.value.dtype) == "float64"
    assert df.published[0].date() == dt.date(2026, 1, 30)
    assert set(df.url) == {"https://example.vn/a"} and set(df.source) == {"TTTĐ"}


def test_decomposed_text_gives_the_same_rows():
    import unicodedata

    text = "Năm 2023, tổng thu từ khách du lịch của Hà Nội đạt 93,41 nghìn tỷ đồng, tăng 142,5% so với năm trước."
    a = metrics.extract_text(text, published="2024-01-12")
    b = metrics.extract_text(unicodedata.normalize("NFD", text), published="2024-01-12")
    assert len(a) == 2
    assert _rows(a) == _rows(b)


def test_old_style_tone_marks_match():
    text = "Năm 2024, tổng sản phẩm trên địa bàn tỉnh Thanh Hoá tăng 12,16%."
    df = metrics.extract_text(text, published="2025-01-05")
    assert df.geo.tolist() == ["Thanh Hóa"]


ARTICLE = """Hà Nội tổng kết năm 2025, triển khai nhiệm vụ năm 2026

Thứ Bảy, 20/12/2025 10:15

TTTĐ - Sáng 20/12, HĐND thành phố Hà Nội khai mạc kỳ họp thứ 30. Theo báo cáo của UBND thành phố, năm 2025, GRDP \
của thành phố ước tăng 8,5%, quy mô GRDP ước đạt 63,5 tỷ USD; GRDP bình quân đầu người ước đạt 7.600 USD. Tổng thu \
ngân sách nhà nước trên địa bàn ước đạt 620.000 tỷ đồng, vượt 22% dự toán. Thành phố thu hút 4,5 tỷ USD vốn FDI, \
dẫn đầu cả nước.

Khách du lịch đến Hà Nội ước đạt 31 triệu lượt, trong đó khách quốc tế 7,8 triệu lượt. Toàn thành phố có 126 xã, \
phường với hơn 8,6 triệu dân.

Năm 2026, thành phố phấn đấu GRDP tăng 11% trở lên; thu ngân sách 700.000 tỷ đồng; chỉ số giá tiêu dùng (CPI) tăng \
dưới 4,5%.

Chỉ số sản xuất công nghiệp (IIP) tháng 11 tăng 9,2% so với cùng kỳ; 11 tháng tăng 8,1%. Giá trị sản xuất công \
nghiệp tăng 12%. Các mặt hàng xuất khẩu chủ lực: điện thoại đạt 200 triệu USD.

Đọc thêm
Hà Nội: GRDP quý III tăng 8,3%
"""


def test_a_whole_article():
    """A year-end report: estimates for the year, targets for the next, context carried, noise left out."""
    df = metrics.extract_text(ARTICLE)
    assert df.published.iloc[0].date() == dt.date(2025, 12, 20)
    got = {(r.metric, r.measure, r.part, r.value, r.status, r.period_type, r.period_start.date().isoformat())
           for r in df.itertuples()}
    assert got == {
        ("grdp", "growth_pct", "", 8.5, "estimate", "year", "2025-01-01"),
        ("grdp", "level", "", 63500.0, "estimate", "year", "2025-01-01"),
        ("grdp_per_capita", "level", "", 7600.0, "estimate", "year", "2025-01-01"),
        ("budget_revenue", "level", "", 620000.0, "estimate", "year", "2025-01-01"),
        ("budget_revenue", "plan_pct", "", 122.0, "estimate", "year", "2025-01-01"),
        ("fdi", "level", "", 4500.0, "actual", "year", "2025-01-01"),
        ("tourists", "level", "", 31e6, "estimate", "year", "2025-01-01"),
        ("tourists", "level", "international", 7.8e6, "estimate", "year", "2025-01-01"),
        ("grdp", "growth_pct", "", 11.0, "target", "year", "2026-01-01"),
        ("budget_revenue", "level", "", 700000.0, "target", "year", "2026-01-01"),
        ("cpi", "growth_pct", "", 4.5, "target", "year", "2026-01-01"),
        ("iip", "growth_pct", "", 9.2, "actual", "month", "2025-11-01"),
        ("iip", "growth_pct", "", 8.1, "actual", "ytd", "2025-01-01"),
        # "giá trị sản xuất công nghiệp": older wording of industrial growth, read as iip (real-set labeling)
        ("iip", "growth_pct", "", 12.0, "actual", "month", "2025-11-01"),
    }
    assert set(df.geo) == {"Hà Nội"}
