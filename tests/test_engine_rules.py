"""Clause rules of the engine, each on a phrasing of our own, with the rows it must give.

A case is an article (title line, blank line, body) and the rows expected as
(metric, measure, part, value, status, period_type, period_start); all its rows are compared.
"""

import pytest

import metrics

CASES = [
    # a span that only says what the year is ("năm cuối của kế hoạch 5 năm 2021-2025") leaves the year in force
    ("Năm 2025 là năm cuối của kế hoạch 5 năm 2021-2025, đòi hỏi mức tăng trưởng GDP 8% để hoàn thành chỉ tiêu.",
     [("grdp", "growth_pct", "", 8.0, "target", "year", "2025-01-01")]),
    # "năm ngoái" after a figure is the year before the article's, and what happened then is actual
    ("Năm 2024, kim ngạch xuất khẩu dự kiến tăng 10%, thấp hơn nhiều so với mức 15% năm ngoái.",
     [("exports", "growth_pct", "", 10.0, "target", "year", "2024-01-01"),
      ("exports", "growth_pct", "", 15.0, "actual", "year", "2023-01-01")]),
    # a part named in a sentence with no figure gives "Cụ thể, ..." its subject; "nhưng thực hiện" ends the plan,
    # and "vượt X%" after the plan's level and the actual one is the share of the plan passed
    ("Năm 2023, nguồn thu từ dầu thô tăng mạnh nhờ giá dầu cao. Cụ thể, theo dự toán con số của năm là 40.000 tỷ "
     "đồng, nhưng thực hiện đạt 52.000 tỷ đồng, vượt 30%.",
     [("budget_revenue", "level", "oil", 40000.0, "target", "year", "2023-01-01"),
      ("budget_revenue", "level", "oil", 52000.0, "actual", "year", "2023-01-01"),
      ("budget_revenue", "plan_pct", "oil", 130.0, "actual", "year", "2023-01-01")]),
    # ... but not when the sentence goes on to an ownership sector, which is no part of ours
    ("Năm 2023, trong nguồn thu nội địa chỉ có khu vực doanh nghiệp nhà nước là giảm. Cụ thể, dự toán là 30.000 tỷ "
     "đồng, song thực hiện chỉ đạt 29.000 tỷ đồng.", []),
    # the head and the tail of the span in force: "3 năm đầu", "2 năm còn lại"; a span already over is no target
    ("Năm 2024, để đạt mục tiêu tăng trưởng kinh tế 5 năm 2021-2025 là 6,5%/năm thì 2 năm còn lại phải đạt "
     "trên 7%/năm (bình quân 3 năm đầu là 5,8%/năm).",
     [("grdp", "growth_pct", "", 6.5, "target", "multi_year", "2021-01-01"),
      ("grdp", "growth_pct", "", 7.0, "target", "multi_year", "2024-01-01"),
      ("grdp", "growth_pct", "", 5.8, "actual", "multi_year", "2021-01-01")]),
    # a period after the figure's own metric words is the figure's, over a year named earlier in the sentence
    ("Vốn FDI tăng nhanh trong năm 2023, và nếu đà này giữ được thì mốc 40 tỷ USD vốn FDI trong năm 2024 "
     "là trong tầm tay.",
     [("fdi", "level", "", 40000.0, "actual", "year", "2024-01-01")]),
    # a count written without its noun before a comma names no subject
    ("Năm 2024, số doanh nghiệp thành lập mới là 157.000, tăng 7%.",
     [("new_firms", "growth_pct", "", 7.0, "actual", "year", "2024-01-01")]),
    # metrics named together pair with figures named together, with or without "lần lượt"
    ("Năm 2024, kim ngạch xuất khẩu và nhập khẩu đạt 405 tỷ USD và 380 tỷ USD.",
     [("exports", "level", "", 405000.0, "actual", "year", "2024-01-01"),
      ("imports", "level", "", 380000.0, "actual", "year", "2024-01-01")]),
    ("Năm 2024, xuất khẩu và nhập khẩu tăng 14% và 16%.",
     [("exports", "growth_pct", "", 14.0, "actual", "year", "2024-01-01"),
      ("imports", "growth_pct", "", 16.0, "actual", "year", "2024-01-01")]),
    ("Năm 2024, nông nghiệp và công nghiệp tăng 3,2% và 8,1%.",
     [("grdp", "growth_pct", "agriculture", 3.2, "actual", "year", "2024-01-01"),
      ("grdp", "growth_pct", "industry", 8.1, "actual", "year", "2024-01-01")]),
    # ... "vốn đăng ký" beside FDI is FDI's registered capital
    ("Năm 2024, vốn FDI thực hiện và vốn đăng ký đạt 25 tỷ USD và 38 tỷ USD.",
     [("fdi_disbursed", "level", "", 25000.0, "actual", "year", "2024-01-01"),
      ("fdi", "level", "", 38000.0, "actual", "year", "2024-01-01")]),
    # new and additional capital named together are the whole
    ("Tháng 1/2024, cả nước có 62 dự án cấp mới, bổ sung vốn với tổng vốn đăng ký FDI đạt 385 triệu USD.",
     [("fdi", "level", "", 385.0, "actual", "month", "2024-01-01")]),
    # a sentence that opens on a contribution: the sectors' growths are rows, their points are not
    ("Năm 2024, GRDP tăng 8,1%. Đóng góp trong mức tăng chung, khu vực dịch vụ tăng 9,3%, làm tăng 4,2 điểm "
     "phần trăm; khu vực công nghiệp và xây dựng tăng 8,8%, làm tăng 3,1 điểm phần trăm.",
     [("grdp", "growth_pct", "", 8.1, "actual", "year", "2024-01-01"),
      ("grdp", "growth_pct", "services", 9.3, "actual", "year", "2024-01-01"),
      ("grdp", "growth_pct", "industry_construction", 8.8, "actual", "year", "2024-01-01")]),
    # metrics paired with figures in order, round after round
    ("Sáu tháng năm 2024, kim ngạch xuất khẩu và nhập khẩu lần lượt đạt 190 tỷ USD và 180 tỷ USD, tăng 12% và 8%.",
     [("exports", "level", "", 190000.0, "actual", "half", "2024-01-01"),
      ("imports", "level", "", 180000.0, "actual", "half", "2024-01-01"),
      ("exports", "growth_pct", "", 12.0, "actual", "half", "2024-01-01"),
      ("imports", "growth_pct", "", 8.0, "actual", "half", "2024-01-01")]),
    # ... the unit written once for both
    ("Năm 2023, Việt Nam xuất khẩu và nhập khẩu lần lượt 355 và 327 tỷ USD.",
     [("exports", "level", "", 355000.0, "actual", "year", "2023-01-01"),
      ("imports", "level", "", 327000.0, "actual", "year", "2023-01-01")]),
    # ... figures that do not pair up with the metrics are nobody's
    ("Năm 2023, kim ngạch xuất khẩu và nhập khẩu lần lượt đạt 190 tỷ USD, 180 tỷ USD và 3 tỷ USD.", []),
    # a year before "và" shares no unit: "mức 288 USD của năm 1995 và 402 USD"
    ("Năm 2005, GDP bình quân đầu người đạt 638 USD, so với 288 USD của năm 1995 và 402 USD của năm 2000.",
     [("grdp_per_capita", "level", "", 288.0, "actual", "year", "1995-01-01"),
      ("grdp_per_capita", "level", "", 402.0, "actual", "year", "2000-01-01"),
      ("grdp_per_capita", "level", "", 638.0, "actual", "year", "2005-01-01")]),
    # parts paired with figures in order
    ("Năm 2024, nông nghiệp, công nghiệp và dịch vụ lần lượt tăng 3,1%, 9,4% và 7,2%.",
     [("grdp", "growth_pct", "agriculture", 3.1, "actual", "year", "2024-01-01"),
      ("grdp", "growth_pct", "industry", 9.4, "actual", "year", "2024-01-01"),
      ("grdp", "growth_pct", "services", 7.2, "actual", "year", "2024-01-01")]),
    # two parts added up are the whole
    ("Trong tháng 3/2024, vốn FDI cấp mới và vốn tăng thêm đạt tổng cộng 1,2 tỷ USD.",
     [("fdi", "level", "", 1200.0, "actual", "month", "2024-03-01")]),
    # a part of another metric names its own metric
    ("Năm 2024, giá trị sản xuất công nghiệp tăng 8,5%, dịch vụ tăng 7%.",
     [("iip", "growth_pct", "", 8.5, "actual", "year", "2024-01-01"),
      ("grdp", "growth_pct", "services", 7.0, "actual", "year", "2024-01-01")]),
    # a forecast is an estimate, and "Cụ thể, ..." goes on with it
    ("Năm 2024 là năm bản lề.\n\nTheo dự báo, năm nay GDP sẽ tăng khoảng 6,5%.\n\nCụ thể, kim ngạch xuất khẩu "
     "đạt 380 tỷ USD.",
     [("grdp", "growth_pct", "", 6.5, "estimate", "year", "2024-01-01"),
      ("exports", "level", "", 380000.0, "estimate", "year", "2024-01-01")]),
    # a target word inside parentheses holds only there
    ("Năm 2024, kim ngạch xuất khẩu tăng 14% (kế hoạch là 6%); chỉ số giá tiêu dùng tăng 3,6%.",
     [("exports", "growth_pct", "", 14.0, "actual", "year", "2024-01-01"),
      ("exports", "growth_pct", "", 6.0, "target", "year", "2024-01-01"),
      ("cpi", "growth_pct", "", 3.6, "actual", "year", "2024-01-01")]),
    # "vượt mức kế hoạch 11%" is 111% of the plan
    ("Năm 2023, vốn FDI đăng ký đạt 36,6 tỷ USD, vượt mức kế hoạch 11%.",
     [("fdi", "level", "", 36600.0, "actual", "year", "2023-01-01"),
      ("fdi", "plan_pct", "", 111.0, "actual", "year", "2023-01-01")]),
    # "giảm từ X% xuống Y%" of a share: two levels
    ("Năm 2023, tỷ trọng khu vực nông, lâm nghiệp và thủy sản giảm từ 12,4% xuống còn 11,9%.",
     [("grdp", "share_pct", "agriculture", 12.4, "actual", "year", "2023-01-01"),
      ("grdp", "share_pct", "agriculture", 11.9, "actual", "year", "2023-01-01")]),
    # a count of projects beside the money is not the subject
    ("Quý I/2024, cả nước có 704 dự án được cấp phép mới với tổng vốn đăng ký 4,4 tỷ USD.",
     [("fdi", "level", "new", 4400.0, "actual", "quarter", "2024-01-01")]),
    # the title's figure is a row, set by the body sentence that restates it
    ("Xuất khẩu quý I ước đạt gần 83 tỷ USD\n\nQuý I/2024, kim ngạch xuất khẩu ước đạt 82,9 tỷ USD, tăng 17% so "
     "với cùng kỳ.",
     [("exports", "level", "", 82900.0, "estimate", "quarter", "2024-01-01"),
      ("exports", "growth_pct", "", 17.0, "estimate", "quarter", "2024-01-01"),
      ("exports", "level", "", 83000.0, "estimate", "quarter", "2024-01-01")]),
    # a figure compared with a whole year is that year's
    ("Tổng kết năm 2024\n\nKim ngạch nhập khẩu đạt 380 tỷ USD, tăng 16,7% so với năm 2023.",
     [("imports", "level", "", 380000.0, "actual", "year", "2024-01-01"),
      ("imports", "growth_pct", "", 16.7, "actual", "year", "2024-01-01")]),
    # an article whose title is about a product: bare trade figures are the product's
    ("Xuất khẩu gạo năm 2024 lập kỷ lục\n\nKim ngạch xuất khẩu năm 2024 đạt 5,7 tỷ USD, tăng 23%.", []),
    # money actually put in is a series of its own
    ("Năm 2024, vốn FDI thực hiện đạt 25,35 tỷ USD, tăng 9,4% so với năm trước.",
     [("fdi_disbursed", "level", "", 25350.0, "actual", "year", "2024-01-01"),
      ("fdi_disbursed", "growth_pct", "", 9.4, "actual", "year", "2024-01-01")]),
    # a table flattened into text (one cell a line) is not read as rows
    ("Kinh tế Hà Nội năm 2024\n\nKết quả năm 2024 của Hà Nội như sau.\n\nChỉ tiêu\nGiá trị\nXuất khẩu\n"
     "17 tỷ USD\nNhập khẩu\n30 tỷ USD\nThu ngân sách\n510.000 tỷ đồng", []),
    # an article about a foreign economy: its figures are not ours
    ("Kinh tế Hàn Quốc năm 2024\n\nNăm 2024, GDP tăng 2%, thấp hơn dự báo.", []),
    # a parenthesis that gives the source, or what the whole leaves out, is an aside
    ("Năm 2024, thu nhập bình quân đầu người (theo báo cáo của ngành thống kê) đạt 4.700 USD.",
     [("grdp_per_capita", "level", "", 4700.0, "actual", "year", "2024-01-01")]),
    ("Năm 2024, kim ngạch xuất khẩu (không kể dầu thô) đạt 350 tỷ USD.",
     [("exports", "level", "", 350000.0, "actual", "year", "2024-01-01")]),
    # "vượt" before a level: more than it
    ("Kim ngạch xuất khẩu năm 2024 vượt 400 tỷ USD.",
     [("exports", "level", "", 400000.0, "actual", "year", "2024-01-01")]),
    # "ước" holds for a past year too, unless the figure is the year before's ("cùng kỳ")
    ("Năm 2023, tổng thu nội địa ước đạt 1.500.000 tỷ đồng, tăng 8% so với năm trước.",
     [("budget_revenue", "level", "domestic", 1500000.0, "estimate", "year", "2023-01-01"),
      ("budget_revenue", "growth_pct", "domestic", 8.0, "estimate", "year", "2023-01-01")]),
    # total trade is not a metric, but "trong đó xuất khẩu ..." is ours
    ("Năm 2023, tổng kim ngạch xuất, nhập khẩu hàng hóa ước đạt 683 tỷ USD, giảm 6,6%; trong đó xuất khẩu ước "
     "đạt 355,5 tỷ USD, giảm 4,4%; nhập khẩu ước đạt 327,5 tỷ USD.",
     [("exports", "level", "", 355500.0, "estimate", "year", "2023-01-01"),
      ("exports", "growth_pct", "", -4.4, "estimate", "year", "2023-01-01"),
      ("imports", "level", "", 327500.0, "estimate", "year", "2023-01-01")]),
    # two-way trade with a partner: its parts are the partner's trade
    ("Năm 2023, buôn bán hai chiều giữa hai nước đạt 3,9 tỷ USD, trong đó Việt Nam xuất khẩu trên 1 tỷ USD.", []),
    # a metric per person is not the metric
    ("Năm 2023, mức bán lẻ hàng hóa bình quân đầu người đạt 5,7 triệu đồng.", []),
    # a share with a sector part of trade but no trade named: whose share?
    ("Năm 2023, nợ của các doanh nghiệp FDI có tỉ trọng trung bình là 27,2%.", []),
    # a threshold that a number of places pass is no place's figure
    ("Năm 2024, cả nước có 4 tỉnh, thành phố có kim ngạch xuất khẩu từ 10 tỷ USD trở lên.", []),
    ("Năm 2024, có 10 địa phương đạt mức tăng trưởng GRDP trên 10%.", []),
    ("Năm 2024, TP HCM, Bắc Ninh, Bình Dương và Hải Phòng là 4 tỉnh/thành thu về kim ngạch xuất khẩu trên 10 tỷ USD.",
     []),
    ("Năm 2024, TP HCM, Bắc Ninh, Bình Dương và Hải Phòng thu về kim ngạch xuất khẩu trên 10 tỷ USD.", []),
    # "của cả nước" after a metric is the nation, in a province's article too
    ("Xuất khẩu của TP HCM năm 2024\n\nNăm 2024, xuất khẩu hàng hóa của cả nước đạt 405 tỷ USD.",
     [("exports", "level", "", 405000.0, "actual", "year", "2024-01-01")]),
    # nor a range across several places
    ("Năm 2024, Ninh Bình, Phú Thọ và Bắc Ninh có GRDP tăng trưởng từ 10,02% đến 10,65%.", []),
    # ... but one that names what the figure is about is not
    ("Năm 2024, kim ngạch xuất khẩu (chủ yếu là cà phê) đạt 7 tỷ USD.", []),
    # a share of a whole: the figures after it are still about the part that is not ours
    ("Năm 2024, các khoản thu từ khu vực doanh nghiệp chiếm 65% tổng thu nội địa và tăng 22% so với năm 2023.", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_clause_rule(text, expected):
    df = metrics.extract_text(text, published="2025-01-05")
    got = sorted((r.metric, r.measure, r.part, r.value, r.status, r.period_type,
                  r.period_start.date().isoformat() if r.period_start == r.period_start else None)
                 for r in df.itertuples())
    assert got == sorted(expected), f"\n  text: {text}\n  got:      {got}\n  expected: {sorted(expected)}"


def test_a_national_report_filed_from_hanoi():
    """A dateline names where the story was filed, not what it is about; a sentence with no row still
    sets the period for the next ("Trong đó, ..."); "lượt người" counts visitors."""
    text = ("Tình hình kinh tế quý III\n\n"
            "Hà Nội, 06/10/2024 - Tổng sản phẩm trong nước (GDP) quý III/2024 ước tính tăng 7,4% so với cùng kỳ.\n\n"
            "Tổng kim ngạch xuất, nhập khẩu hàng hóa 9 tháng năm 2024 ước đạt 578 tỷ USD. Trong đó, xuất khẩu "
            "ước đạt 299,6 tỷ USD.\n\n"
            "Khách quốc tế đến nước ta 9 tháng năm 2024 đạt gần 12,7 triệu lượt người.")
    df = metrics.extract_text(text)
    got = sorted((r.metric, r.part, r.geo, r.period_type, r.period_end.date().isoformat()) for r in df.itertuples())
    assert got == [("exports", "", "Việt Nam", "ytd", "2024-09-30"),
                   ("grdp", "", "Việt Nam", "quarter", "2024-09-30"),
                   ("tourists", "international", "Việt Nam", "ytd", "2024-09-30")], got


#: Undated articles (no dateline, no front matter): the year comes from the text alone.
#: Each case: article, expected rows as (metric, value, status, period_type, period_start).
UNDATED = [
    # a year named as a horizon ahead ("tới năm 2010, ... phải") is not the article's: "năm nay" stays unsettled
    ("Diễn đàn doanh nghiệp\n\nNăm nay tốc độ tăng trưởng kinh tế đạt 7,5%, kim ngạch xuất khẩu đạt 30 tỷ USD.\n\n"
     "Theo cam kết, tới năm 2010, các doanh nghiệp phải mở rộng thị trường.",
     [("grdp", 7.5, "actual", "year", None), ("exports", 30000.0, "actual", "year", None)]),
    # "tháng này" in the lead is the month the lead reports on; "so với cùng kỳ của năm 2004" dates the year after
    ("Giá tiêu dùng tháng 11\n\nChỉ số giá tiêu dùng tháng này chỉ tăng 0,3%, đưa mức tăng 11 tháng đầu năm lên 7,2%."
     "\n\nTrong 11 tháng đầu năm, giá nhà ở tăng mạnh nhất. So với cùng kỳ của năm 2004, chỉ số giá tiêu dùng đã "
     "tăng 8,1%.",
     [("cpi", 0.3, "actual", "month", "2005-11-01"), ("cpi", 7.2, "actual", "ytd", "2005-01-01"),
      ("cpi", 8.1, "actual", "ytd", "2005-01-01")]),
    # a lead about a month, and a body that tells of a whole year as over: the article is the year after
    ("Xuất khẩu tháng 2 tăng mạnh\n\nTrong tháng 2, kim ngạch xuất khẩu đạt 2,1 tỷ USD, tăng 9% so với cùng kỳ."
     "\n\nNăm 2005, cả nước xuất khẩu đạt kỷ lục 32,4 tỷ USD.",
     [("exports", 2100.0, "actual", "month", "2006-02-01"), ("exports", 9.0, "actual", "month", "2006-02-01"),
      ("exports", 32400.0, "actual", "year", "2005-01-01")]),
    # ... but a year still planned or estimated is not over: it is the article's own
    ("Xuất khẩu tháng 2 tăng mạnh\n\nTrong tháng 2, kim ngạch xuất khẩu đạt 2,1 tỷ USD, tăng 9% so với cùng kỳ."
     "\n\nDự kiến cả năm 2005, kim ngạch xuất khẩu đạt 31 tỷ USD.",
     [("exports", 2100.0, "actual", "month", "2005-02-01"), ("exports", 9.0, "actual", "month", "2005-02-01"),
      ("exports", 31000.0, "target", "year", "2005-01-01")]),
    # an earlier year stated in a paragraph carries to its next sentence
    ("Tổng kết năm 2005\n\nNăm 2004, tổng mức bán lẻ hàng hóa đạt 360.000 tỷ đồng. Kim ngạch xuất khẩu đạt "
     "26,5 tỷ USD.",
     [("retail_sales", 360000.0, "actual", "year", "2004-01-01"), ("exports", 26500.0, "actual", "year", "2004-01-01")]),
    # ... unless it is a look back inside a sentence about the current year
    ("Kinh tế năm 2005\n\nNăm 2005, kim ngạch xuất khẩu đạt 32,4 tỷ USD, cao gấp đôi năm 2001, khi kim ngạch "
     "xuất khẩu chỉ đạt 15 tỷ USD. Kim ngạch nhập khẩu đạt 36,8 tỷ USD.",
     [("exports", 32400.0, "actual", "year", "2005-01-01"), ("exports", 15000.0, "actual", "year", "2001-01-01"),
      ("imports", 36800.0, "actual", "year", "2005-01-01")]),
    # "so với năm 2003" makes a growth 2004's; a forecast "cho năm 2007" neither dates the article nor it
    ("Thu hút FDI\n\nKim ngạch xuất khẩu của khu vực FDI tăng 36% so với năm 2003, cao hơn mức dự báo 28% cho "
     "năm 2007. Kim ngạch nhập khẩu tăng 20%.",
     [("exports", 36.0, "actual", "year", "2004-01-01"), ("exports", 28.0, "estimate", "year", "2007-01-01"),
      ("imports", 20.0, "actual", "year", "2004-01-01")]),
    # a multiple of a far year says nothing of the figure's year
    ("Xuất khẩu năm 2004 vượt 26 tỷ USD\n\nNăm 2004, xuất khẩu đánh dấu mốc mới với kim ngạch 26 tỷ USD, tăng "
     "gấp đôi so với năm 1999.",
     [("exports", 26000.0, "actual", "year", "2004-01-01"), ("exports", 26000.0, "actual", "year", "2004-01-01")]),
]


@pytest.mark.parametrize("text,expected", UNDATED, ids=[c[0][:50] for c in UNDATED])
def test_year_of_an_undated_article(text, expected):
    df = metrics.extract_text(text)
    got = sorted((r.metric, r.value, r.status, r.period_type,
                  r.period_start.date().isoformat() if r.period_start == r.period_start else None)
                 for r in df.itertuples())
    assert got == sorted(expected), f"\n  text: {text}\n  got:      {got}\n  expected: {sorted(expected)}"


def test_a_lead_in_gives_its_period_to_the_list_below():
    text = ("Thu hút đầu tư năm nay\n\nNăm nay, Bộ sẽ đẩy mạnh xúc tiến đầu tư.\n\nNhững số liệu về FDI năm 2003:\n"
            "- Cả nước có 750 dự án mới, tổng vốn FDI đăng ký khoảng 3,1 tỷ USD.\n- Vốn FDI thực hiện đạt 2,65 tỷ USD.")
    got = sorted((r.metric, r.value, r.period_start.year) for r in metrics.extract_text(text).itertuples())
    assert got == [("fdi", 3100.0, 2003), ("fdi_disbursed", 2650.0, 2003)]


@pytest.mark.parametrize("text,qualifier", [
    ("Năm 2024, kim ngạch xuất khẩu vượt 400 tỷ USD.", "more_than"),
    ("Năm 2024, tỷ trọng dịch vụ trong GRDP lần đầu vượt 40%.", "more_than"),
    ("Năm 2024, kim ngạch xuất khẩu đạt trên 400 tỷ USD.", "more_than"),
    ("Năm 2024, kim ngạch xuất khẩu đạt gần 400 tỷ USD.", "approx"),
    ("Năm 2024, thu ngân sách vượt 12% dự toán.", "exact"),  # a share of the plan: 112%, exactly
])
def test_qualifier(text, qualifier):
    df = metrics.extract_text(text, published="2025-01-05")
    assert list(df.qualifier) == [qualifier], f"{text}: {list(df.qualifier)}"


#: An article that speaks of "the province" without naming it: (url, the place its rows must take).
OWN_PROVINCE = [
    ("https://baophutho.vn/kinh-te/thu-ngan-sach-123.htm", "Phú Thọ"),
    ("https://www.baobariavungtau.com.vn/kinh-te/202406/abc", "Bà Rịa - Vũng Tàu"),
    ("https://quangninh.gov.vn/tin-tuc/x", "Quảng Ninh"),
    ("https://hanoimoi.vn/kinh-te/x", "Hà Nội"),
    ("https://vnexpress.net/kinh-doanh/x", None),  # a national outlet: the province stays unknown, no rows
    (None, None),
]


@pytest.mark.parametrize("url,geo", OWN_PROVINCE, ids=[str(u) for u, _ in OWN_PROVINCE])
def test_an_article_about_its_own_unnamed_province(url, geo):
    text = ("Thu ngân sách 6 tháng đạt khá\n\nSáu tháng đầu năm 2024, tổng thu ngân sách nhà nước trên địa bàn tỉnh "
            "ước đạt 5.120 tỷ đồng, bằng 52% dự toán. Chỉ số sản xuất công nghiệp toàn tỉnh tăng 9,2%.")
    df = metrics.extract_text(text, url=url)
    if geo is None:
        assert df.empty, "a province never named is not the nation"
    else:
        assert len(df) == 3 and set(df.geo) == {geo}


@pytest.mark.parametrize("url, year, geo", [
    ("https://baobariavungtau.com.vn/du-lich/202212/mua-thap-diem-965981/", "2022-01-01", "Bà Rịa - Vũng Tàu"),
    ("https://baophutho.vn/du-lich/mua-thap-diem-20240229105900233.htm", "2024-01-01", "Phú Thọ"),  # a stamp
    ("https://baobariavungtau.com.vn/du-lich/mua-thap-diem-965981/", None, "Bà Rịa - Vũng Tàu"),  # no date there
])
def test_an_article_that_states_no_year_takes_the_year_of_its_address(url, year, geo):
    text = ("Du lịch mùa thấp điểm\n\nĐến hết tháng 11, tổng lượt khách du lịch về tỉnh đạt hơn 11,8 triệu lượt, "
            "tăng 31% so với cùng kỳ.")
    df = metrics.extract_text(text, url=url)
    assert len(df) == 2 and set(df.geo) == {geo}  # "về tỉnh": the outlet's own province
    got = {r.period_start.date().isoformat() if r.period_start == r.period_start else None for r in df.itertuples()}
    assert got == {year}


@pytest.mark.parametrize("url,year,geo", [
    ("https://baobariavungtau.com.vn/kinh-te/202406/x", 2024, "Bà Rịa - Vũng Tàu"),  # the province's own office
    ("https://baobariavungtau.com.vn/kinh-te/202506/x", 2025, "Việt Nam"),  # after the reform: the nation's office
    ("https://vnexpress.net/kinh-doanh/x", 2024, "Việt Nam"),  # a national outlet
])
def test_cuc_thong_ke_in_a_provincial_paper_before_2025_is_the_provinces_office(url, year, geo):
    text = (f"Giá tiêu dùng tháng 5\n\nTheo Cục Thống kê, chỉ số giá tiêu dùng tháng 5/{year} tăng 0,2% so với "
            "tháng trước.")
    assert list(metrics.extract_text(text, url=url).geo) == [geo]


def test_a_cause_that_makes_a_rate_stand_at_a_level_states_the_rate():
    df = metrics.extract_text("Đây là những nguyên nhân khiến lạm phát năm 2025 sẽ đứng ở mức từ 3,5% đến 4%.")
    assert list(zip(df.metric, df.value, df.value_high, df.status, strict=True)) == [("cpi", 3.5, 4.0, "estimate")]
    # ... while "làm GDP giảm 0,3%" is the impact of a scenario, no row
    assert metrics.extract_text("Năm 2025, thuế đối ứng có thể làm GDP giảm 0,3%.").empty


def test_a_contrast_ends_the_target_in_force():
    text = ("Năm 2025, lạm phát sẽ khó đạt chỉ tiêu Quốc hội đề ra (dưới 4,5%), mà thay vì đó nằm trong khoảng 5-5,5%.")
    df = metrics.extract_text(text, published="2025-03-01")
    assert sorted(zip(df.value, df.status, strict=True)) == [(4.5, "target"), (5.0, "estimate")]


def test_dated_links_at_the_end_are_page_furniture_and_this_month_is_the_month_reported():
    text = ("CPI cả năm tăng 6,5%\nChỉ số giá tiêu dùng tháng này tăng 0,4% so với tháng trước.\n"
            "Nhóm hàng tăng giá mạnh nhất của tháng 12 là nhà ở.\n"
            "Giá tiêu dùng tháng 7 sẽ tăng 1%(02/07/2005)\nLạm phát cả năm có thể là 7%(25/05/2005)\n")
    doc = metrics.document.from_text(text)
    assert doc.published is None, "a related article's date is not the article's"
    df = metrics.extract_text(text)
    assert sorted(df.value) == [0.4, 6.5]
    month = df[df.value == 0.4].iloc[0]
    assert (month.period_type, month.basis) == ("month", "prev_period")


def test_a_ranking_among_provinces_is_not_a_national_figure():
    text = ("Kinh tế Nghệ An năm 2025\n\nNăm 2025, GRDP của tỉnh Nghệ An tăng 8,44%, đứng thứ 13/34 tỉnh, thành trong "
            "cả nước. Thu ngân sách vượt 29.000 tỷ đồng.")
    assert set(metrics.extract_text(text).geo) == {"Nghệ An"}


#: (sentence, expected rows as (metric, part, value, basis)); published 2024-11-06.
MODERN = [
    # a plan named before the figure makes it a share of the plan
    ("So với dự toán năm, thu ngân sách năm 2024 của tỉnh Nghệ An đạt 105%.", [("budget_revenue", "", 105.0, "")]),
    # visitors named with a percentage are the visitors, not the revenue from them; "vượt chỉ tiêu" is no target
    ("Năm 2024, doanh thu du lịch đạt 840 nghìn tỷ đồng. Khách quốc tế tăng 39,5%.",
     [("tourism_revenue", "", 840000.0, ""), ("tourists", "international", 39.5, "yoy")]),
    ("Năm 2023, ngành du lịch vượt chỉ tiêu khi đón 12,6 triệu lượt khách quốc tế, vượt 57% so với mục tiêu.",
     [("tourists", "international", 12600000.0, ""), ("tourists", "international", 157.0, "")]),
    # a labelled dateline run into the first sentence is no figure and no unknown subject
    ("date 2024-05 Khách quốc tế đến Việt Nam trong 4 tháng năm 2024 đạt 6,2 triệu lượt.",
     [("tourists", "international", 6200000.0, "")]),
    # a part whose own words hold a comma ("góp vốn, mua cổ phần") stays the part of the metric named after it
    ("Trong 10 tháng năm 2024, vốn đăng ký góp vốn, mua cổ phần của nhà đầu tư nước ngoài đạt 3,3 tỷ USD, giảm 34%.",
     [("fdi", "share_purchase", 3300.0, ""), ("fdi", "share_purchase", -34.0, "yoy")]),
    # growth "về số dự án" is the count's (no row); "về số vốn đăng ký" after it is the capital's
    ("Trong 10 tháng năm 2024, vốn đăng ký cấp mới có 2.700 dự án với tổng vốn đăng ký đạt 15 tỷ USD, tăng 1,5% so với "
     "cùng kỳ năm trước về số dự án và giảm 2% về số vốn đăng ký.",
     [("fdi", "new", 15000.0, ""), ("fdi", "new", -2.0, "yoy")]),
    # a ratio's denominator ends at the semicolon: the next place's figure is the metric's
    ("Năm 2024, vốn FDI vào các địa phương tăng. Bắc Ninh dẫn đầu với tổng vốn đầu tư đăng ký 4,1 tỷ USD, chiếm 15% "
     "tổng vốn đầu tư đăng ký của cả nước; Quảng Ninh đứng thứ hai với 2,3 tỷ USD.",
     [("fdi", "", 4100.0, ""), ("fdi", "", 2300.0, "")]),
    # growth on the same period of a year that is not the one before is on no basis of the contract
    ("Trong 11 tháng năm 2024, khách quốc tế đạt 15,8 triệu lượt, tăng 41% so với cùng kỳ năm 2023 và tăng 1,8% so "
     "với cùng kỳ năm 2019.", [("tourists", "international", 15800000.0, ""), ("tourists", "international", 41.0, "yoy")]),
    # a value in parentheses after a comparison is the compared period's; a "chỉ tiêu" is the year's
    ("Quý I/2024, tỉnh Bà Rịa - Vũng Tàu thu hút vốn FDI cấp mới 1,4 tỷ USD, vượt nhiều lần so với cùng kỳ năm 2023 "
     "(35 triệu USD).", [("fdi", "new", 1400.0, ""), ("fdi", "new", 35.0, "")]),
    # "so kế hoạch" without "với" is still the plan; "chỉ số công nghiệp" is the IIP
    ("Năm 2024, kim ngạch xuất khẩu của tỉnh Gia Lai ước đạt 600 triệu USD, đạt 75% so kế hoạch.",
     [("exports", "", 600.0, ""), ("exports", "", 75.0, "")]),
    ("Năm 2024, chỉ số công nghiệp (trừ dầu thô và khí đốt) tăng 6,1% so cùng kỳ.", [("iip", "", 6.1, "yoy")]),
    # growth against a time that is no basis of the contract, a rate's rise, a count's growth: no rows
    ("Năm 2024, khách quốc tế đạt 17,5 triệu lượt, tăng 39,5% so với cùng kỳ và tăng 2% so với thời điểm trước "
     "dịch Covid-19.", [("tourists", "international", 17500000.0, ""), ("tourists", "international", 39.5, "yoy")]),
    ("Năm 2024, tỷ lệ giải ngân vốn đầu tư công đạt 84%, tăng 3,2% so với cùng kỳ.",
     [("public_investment", "", 84.0, "")]),
    ("Năm 2024, có 3.375 dự án FDI mới được cấp phép (tăng 1,8%), tổng vốn đăng ký đạt 19,7 tỷ USD (giảm 1,7%).",
     [("fdi", "new", 19700.0, ""), ("fdi", "new", -1.7, "yoy")]),
    # contributed capital; a part named in parentheses with figures holds inside them only
    ("Năm 2024, Bắc Ninh dẫn đầu với 5,1 tỷ USD vốn FDI (gồm 1,9 tỷ USD vốn đăng ký cấp mới và 0,3 tỷ USD vốn góp), "
     "chiếm 13% cả nước.", [("fdi", "", 5100.0, ""), ("fdi", "new", 1900.0, ""), ("fdi", "share_purchase", 300.0, "")]),
    # in a tourism paragraph, "tổng thu" is tourism revenue; in a budget one, "tổng thu nội địa" is the domestic part
    ("Năm 2024, Quảng Ninh đón 19 triệu lượt khách du lịch, tổng thu đạt 46.000 tỷ đồng.",
     [("tourists", "", 19000000.0, ""), ("tourism_revenue", "", 46000.0, "")]),
    ("Năm 2024, tổng thu nội địa đạt 1.500 nghìn tỷ đồng.", [("budget_revenue", "domestic", 1500000.0, "")]),
    # FDI as the investment office reports it: new, adjusted and contributed capital named together are the whole
    ("Từ đầu năm đến ngày 20/5/2024, tổng vốn đăng ký mới, điều chỉnh và góp vốn mua cổ phần của nhà đầu tư "
     "nước ngoài đạt 10,5 tỉ USD, tăng 3% so với cùng kỳ năm 2023.", [("fdi", "", 10500.0, ""), ("fdi", "", 3.0, "yoy")]),
    # ... places ranked by "tổng vốn đầu tư đăng ký" in an FDI paragraph
    ("Năm 2024, vốn FDI vào các địa phương tăng. Bắc Ninh dẫn đầu với tổng vốn đầu tư đăng ký gần 4,1 tỷ USD. "
     "Tiếp theo là Hà Nội với hơn 2,3 tỷ USD.", [("fdi", "", 4100.0, ""), ("fdi", "", 2300.0, "")]),
    # ... disbursed and registered capital in turn
    ("Trong 9 tháng năm 2024, cả vốn đầu tư thực hiện và tổng vốn đầu tư đăng ký của FDI đều tăng, với mức tăng "
     "lần lượt là 8,9% và 11,6%.", [("fdi_disbursed", "", 8.9, "yoy"), ("fdi", "", 11.6, "yoy")]),
    # ... a total since the start is a stock, not a period's flow
    ("Đến nay, trên địa bàn tỉnh Bình Dương có 4.200 dự án FDI với tổng vốn đầu tư đăng ký hơn 41 tỷ USD.", []),
    ("Kể từ năm 1988, cả nước đã thu hút 480 tỷ USD vốn FDI.", []),
    # "bằng X%" after a list of plan shares is a share of the plan; alone it says nothing
    ("Năm 2023, thu nội địa đạt 1.360 nghìn tỷ đồng, bằng 103,2% dự toán; thu từ dầu thô đạt 56 nghìn tỷ đồng, "
     "bằng 132,5%; thu cân đối ngân sách từ hoạt động xuất, nhập khẩu đạt 205 nghìn tỷ đồng, bằng 93,4%.",
     [("budget_revenue", "domestic", 1360000.0, ""), ("budget_revenue", "domestic", 103.2, ""),
      ("budget_revenue", "oil", 56000.0, ""), ("budget_revenue", "oil", 132.5, ""),
      ("budget_revenue", "trade", 205000.0, ""), ("budget_revenue", "trade", 93.4, "")]),
    ("Năm 2023, kim ngạch xuất khẩu tăng 5%, thu ngân sách bằng 106,2%.", [("exports", "", 5.0, "yoy")]),
    # growth at constant prices is a row too (the dev gold has it)
    ("Năm 2023, tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tăng 9,6%, nếu loại trừ yếu tố giá tăng 7,1%.",
     [("retail_sales", "", 9.6, "yoy"), ("retail_sales", "", 7.1, "yoy")]),
    # "đạt X% so với cùng kỳ" is the growth itself when X is small, an index when it is near 100
    ("Tốc độ tăng trưởng GRDP 6 tháng đầu năm 2024 của tỉnh Quảng Ngãi ước đạt 7,2% so với cùng kỳ.",
     [("grdp", "", 7.2, "yoy")]),
    ("Chỉ số sản xuất công nghiệp 6 tháng đầu năm 2024 bằng 109,5% so với cùng kỳ.", [("iip", "", 9.5, "yoy")]),
    # a weak cue ("tổng vốn đăng ký") does not take the paragraph's metric over the sentence's own
    ("Năm 2024, tỉnh Quảng Ngãi có 410 doanh nghiệp thành lập mới. Tỉnh đã cấp mới 3 dự án FDI với tổng vốn đăng ký "
     "45 triệu USD.", [("new_firms", "", 410.0, ""), ("fdi", "new", 45.0, "")]),
    # a count of tourists too small for any place is a shop's customers
    ("Năm 2024, phòng vé tại Hà Nội đã tiếp nhận trên 800 lượt khách.", []),
    # the value added of a sector is its part of GRDP; of a branch it is not; a contribution is no row
    ("Giá trị tăng thêm toàn ngành công nghiệp 9 tháng năm 2024 tăng 8,34% so với cùng kỳ năm trước.",
     [("grdp", "industry", 8.34, "yoy")]),
    ("Năm 2023, giá trị tăng thêm khu vực dịch vụ tăng 6,8%, đóng góp 49,5% vào mức tăng tổng giá trị tăng thêm.",
     [("grdp", "services", 6.8, "yoy")]),
    ("Năm 2023, giá trị tăng thêm ngành dệt may tăng 8%.", []),
    # GRDP sectors as reports spell them
    ("Năm 2023, GRDP tăng 7%, trong đó khu vực nông, lâm nghiệp, thủy sản tăng 3,2%.",
     [("grdp", "", 7.0, "yoy"), ("grdp", "agriculture", 3.2, "yoy")]),
    ("Năm 2023, GRDP tăng 7%; nông-lâm nghiệp và thủy sản tăng 3,2%.",
     [("grdp", "", 7.0, "yoy"), ("grdp", "agriculture", 3.2, "yoy")]),
    ("Năm 2023, GRDP tăng 7%; nông nghiệp, lâm nghiệp và thủy sản tăng 3,2%.",
     [("grdp", "", 7.0, "yoy"), ("grdp", "agriculture", 3.2, "yoy")]),
    # IIP branches by their full names, and "Trong số đó," before a branch
    ("Năm 2023, IIP tăng 9%; ngành sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước tăng 10,1%; ngành "
     "cung cấp nước và xử lý rác thải tăng 5%.",
     [("iip", "", 9.0, "yoy"), ("iip", "electricity", 10.1, "yoy"), ("iip", "water", 5.0, "yoy")]),
    ("Năm 2023, IIP tăng 9%. Trong số đó, ngành chế biến, chế tạo tăng 6,3%.",
     [("iip", "", 9.0, "yoy"), ("iip", "manufacturing", 6.3, "yoy")]),
    # the goods alone of retail, one source of public investment, development spending: parts with no code
    ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng năm 2023 đạt 570 nghìn tỷ đồng, tăng 7%; doanh thu bán "
     "lẻ hàng hóa đạt 440 nghìn tỷ đồng, chiếm 77,4% tổng mức, tăng 8%.",
     [("retail_sales", "", 570000.0, ""), ("retail_sales", "", 7.0, "yoy")]),
    ("Bán lẻ hàng hóa và dịch vụ tiêu dùng năm 2023 tăng 8,5%.", [("retail_sales", "", 8.5, "yoy")]),
    ("Năm 2023, vốn trong nước giải ngân đạt 292.186 tỷ đồng.", []),
    ("Năm 2023, chi đầu tư phát triển đạt 12.000 tỷ đồng.", []),
    # a statistics office's FDI paragraph: the whole, then new, additional and share purchases with their counts
    ("Tổng vốn đầu tư nước ngoài đăng ký vào Việt Nam năm 2023 đạt 36,6 tỷ USD, tăng 32,1% so với năm trước. "
     "Trong đó, vốn đăng ký cấp mới có 3.188 dự án được cấp phép với số vốn đăng ký đạt 20,19 tỷ USD, tăng 62,2%; "
     "có 1.262 lượt dự án đã cấp phép từ các năm trước đăng ký điều chỉnh vốn đầu tư tăng thêm 7,88 tỷ USD, giảm "
     "22,1%; có 3.451 lượt góp vốn, mua cổ phần của nhà đầu tư nước ngoài với tổng giá trị góp vốn 8,5 tỷ USD.",
     [("fdi", "", 36600.0, ""), ("fdi", "", 32.1, "yoy"), ("fdi", "new", 20190.0, ""), ("fdi", "new", 62.2, "yoy"),
      ("fdi", "additional", 7880.0, ""), ("fdi", "additional", -22.1, "yoy"),
      ("fdi", "share_purchase", 8500.0, "")]),
    # a metric with oil left out, at constant prices of a base year (not a period)
    ("Sáu tháng đầu năm 2023, GRDP trừ dầu khí theo giá so sánh năm 2010 ước tăng 6,5% so với cùng kỳ.",
     [("grdp", "", 6.5, "yoy")]),
    ("Năm 2023, chỉ số sản xuất công nghiệp (IIP) trừ dầu thô và khí đốt tăng 8,3%.", [("iip", "", 8.3, "yoy")]),
    ("Năm 2023, giá tiêu dùng tăng 5,72%.", [("cpi", "", 5.72, "yoy")]),
    ("Năm 2023, thu thuế xuất nhập khẩu đạt 2.100 tỷ đồng.", [("budget_revenue", "trade", 2100.0, "")]),
    # the unit of a count ("lượt khách") names no new subject: the growth after it keeps the part
    ("Năm 2023, khách du lịch quốc tế ước đạt 1,4 triệu lượt khách, tăng 40%; khách du lịch nội địa ước đạt 5,14 "
     "triệu lượt khách, tăng 5%.",
     [("tourists", "international", 1400000.0, ""), ("tourists", "international", 40.0, "yoy"),
      ("tourists", "domestic", 5140000.0, ""), ("tourists", "domestic", 5.0, "yoy")]),
    # "các chỉ tiêu" are indicators, not targets
    ("Năm 2023, các chỉ tiêu đều tăng: vốn FDI đăng ký đạt 36,6 tỷ USD; vốn FDI thực hiện đạt 23,2 tỷ USD.",
     [("fdi", "", 36600.0, ""), ("fdi_disbursed", "", 23200.0, "")]),
    # "từ đầu năm đến nay" runs to the month in force
    ("Trong tháng 10/2023, kim ngạch xuất khẩu đạt 32 tỷ USD, đưa kim ngạch từ đầu năm đến nay lên 290 tỷ USD, "
     "tăng 5%.",
     [("exports", "", 32000.0, ""), ("exports", "", 290000.0, ""), ("exports", "", 5.0, "yoy")]),
    # "Con số này" goes on with the figure before
    ("Năm 2023, kim ngạch xuất khẩu đạt 12 tỷ USD. Con số này tăng 68,3% so với năm trước.",
     [("exports", "", 12000.0, ""), ("exports", "", 68.3, "yoy")]),
    # a plan a figure is measured against does not make the next figure a target
    ("Năm 2023, lượng khách du lịch đạt 12 triệu lượt, vượt 57% so với mục tiêu ban đầu, tăng 20% so với năm trước.",
     [("tourists", "", 12000000.0, ""), ("tourists", "", 157.0, ""), ("tourists", "", 20.0, "yoy")]),
    # the comparator before the verb
    ("Chỉ số giá tiêu dùng tháng 10/2024 tăng 0,33% so với tháng trước; so với tháng 12-2023, CPI tháng 10 tăng "
     "2,52% và so với cùng kỳ năm trước tăng 2,89%.",
     [("cpi", "", 0.33, "prev_period"), ("cpi", "", 2.52, "prev_dec"), ("cpi", "", 2.89, "yoy")]),
]


@pytest.mark.parametrize("text,expected", MODERN, ids=[c[0][:50] for c in MODERN])
def test_modern_report_phrasing(text, expected):
    df = metrics.extract_text(text, published="2024-11-06")
    got = sorted((r.metric, r.part, r.value, r.basis) for r in df.itertuples())
    assert got == sorted(expected), f"\n  text: {text}\n  got:      {got}\n  expected: {sorted(expected)}"
    if "ước" not in text and "dự" not in text:
        assert set(df.status) <= {"actual"}, f"{text}: {list(df.status)}"


def test_a_heading_that_names_a_place_governs_the_paragraphs_under_it():
    text = ("Du lịch các địa phương năm 2024\n\nNăm 2024, du lịch cả nước phục hồi mạnh.\n\n1. Khánh Hòa\n\n"
            "Năm 2024, tỉnh đón 10 triệu lượt khách. Doanh thu du lịch đạt 45.000 tỷ đồng.\n\n2. Thành phố Hà Nội\n\n"
            "Năm 2024, tổng lượt khách đạt 28 triệu lượt.\n\nẢnh: lãnh đạo phường Đống Đa phát biểu\n\n"
            "Năm 2024, doanh thu du lịch của Thủ đô đạt 110.000 tỷ đồng.")
    got = [(r.metric, r.geo) for r in metrics.extract_text(text).itertuples()]
    assert got == [("tourists", "Khánh Hòa"), ("tourism_revenue", "Khánh Hòa"), ("tourists", "Hà Nội"),
                   ("tourism_revenue", "Hà Nội")]


#: Places listed with their own figures: (sentence, [(metric, value, geo)]).
PLACE_LISTS = [
    # a sentence that opens on "với ...": its figure is the place's named right after the phrase
    ("Năm 2024, với tốc độ tăng trưởng GRDP đạt 13,1%, Hải Phòng dẫn đầu vùng đồng bằng sông Hồng.",
     [("grdp", 13.1, "Hải Phòng")]),
    # "X là một trong những địa phương có ...": the class of the place named, which keeps the figures
    ("Năm 2024, Đà Nẵng là một trong những địa phương có lượng khách du lịch cao nhất nước, với 11 triệu lượt khách.",
     [("tourists", 11000000.0, "Đà Nẵng")]),
    ("Năm 2024, nhiều địa phương có lượng khách du lịch tăng mạnh, với 11 triệu lượt khách.", []),
    # places named together pair with figures named together; one figure for two places is both's
    ("Năm 2024, GRDP của Hà Nội và TP HCM tăng 6,5% và 7,2%.", [("grdp", 6.5, "Hà Nội"), ("grdp", 7.2, "Hồ Chí Minh")]),
    ("Năm 2024, GRDP của Hà Nội và TP HCM cùng tăng 6,5%.", [("grdp", 6.5, "Hà Nội"), ("grdp", 6.5, "Hồ Chí Minh")]),
    # the next paragraph of a ranking ("Tiếp theo là ...") goes on with its metric; a share's whole is not the subject
    ("Vốn FDI 5 tháng\n\nHết tháng 5/2024, Bắc Ninh dẫn đầu với tổng vốn FDI hơn 1,5 tỉ USD. Vốn đổ về tỉnh chủ yếu "
     "nhờ một dự án lớn của tập đoàn Hàn Quốc với tổng vốn đầu tư 700 triệu USD.\n\nTiếp theo là Hà Nội với gần 1,1 tỉ "
     "USD, chiếm 10% tổng vốn đầu tư đăng ký trên cả nước và giảm 35% so với cùng kỳ năm 2023.",
     [("fdi", 1500.0, "Bắc Ninh"), ("fdi", 1100.0, "Hà Nội"), ("fdi", -35.0, "Hà Nội")]),
    # a threshold that several places pass is no row; the places listed after it with their own figures are
    ("Mục tiêu năm 2026\n\nNăm 2026, Hà Nội được giao mục tiêu tăng trưởng GRDP 11%. Ngoài ra, ba địa phương khác "
     "cũng được kỳ vọng tăng trưởng trên 10%, bao gồm Hải Phòng với 12,5%, Đồng Nai 10,5%.",
     [("grdp", 11.0, "Hà Nội"), ("grdp", 12.5, "Hải Phòng"), ("grdp", 10.5, "Đồng Nai")]),
    # places ranked with "lần lượt là:" and their figures separated by semicolons; "TP." before a city
    ("Xuất khẩu các địa phương\n\nHết tháng 9/2024, cả nước có 5 tỉnh, thành phố có kim ngạch xuất khẩu trên 20 tỷ "
     "USD.\n\nTheo đó, 3 địa "
     "phương dẫn đầu gồm "
     "TP. Hồ Chí Minh, Bình Dương và Bắc Ninh với kết quả lần lượt là: 38,2 tỷ USD; 27,5 tỷ USD; 25,1 tỷ USD.",
     [("exports", 38200.0, "Hồ Chí Minh"), ("exports", 27500.0, "Bình Dương"), ("exports", 25100.0, "Bắc Ninh")]),
    # "Trong khi đó, ..." goes on with the metric of the paragraph before
    ("Tăng trưởng các địa phương\n\nNăm 2024, GRDP của Bắc Giang tăng 13,9%, cao nhất cả nước.\n\nTrong khi đó, Hà Nội đứng thứ 20 với mức tăng "
     "6,5%; TP. Hồ Chí Minh xếp thứ 25 với mức tăng 7,2%.",
     [("grdp", 13.9, "Bắc Giang"), ("grdp", 6.5, "Hà Nội"), ("grdp", 7.2, "Hồ Chí Minh")]),
    ("Năm 2023, một số địa phương có tốc độ tăng trưởng GRDP cao như: Quảng Ninh tăng 11%; Hải Phòng tăng 10,3%; "
     "Bắc Giang tăng 13,5%.",
     [("grdp", 11.0, "Quảng Ninh"), ("grdp", 10.3, "Hải Phòng"), ("grdp", 13.5, "Bắc Giang")]),
    ("Năm 2023, GRDP của Bắc Giang tăng 13,45%, dẫn đầu cả nước. Tiếp theo là Hải Phòng với 10,34%.",
     [("grdp", 13.45, "Bắc Giang"), ("grdp", 10.34, "Hải Phòng")]),
    ("Năm 2023, tỷ lệ giải ngân vốn đầu tư công của một số địa phương đạt cao như Tiền Giang (62,12%), "
     "Long An (66,18%).",
     [("public_investment", 62.12, "Tiền Giang"), ("public_investment", 66.18, "Long An")]),
    # "lần lượt" pairs the figures of one place in its own clause, not the places of earlier clauses
    ("Năm 2003, những địa phương đứng đầu trong thu hút FDI là Đồng Nai với 103 dự án, tổng vốn đăng ký trên 340 "
     "triệu USD; TP HCM lần lượt là 190 dự án và 235 triệu USD; Bình Dương 129 dự án và 233 triệu USD.",
     [("fdi", 340.0, "Đồng Nai"), ("fdi", 235.0, "Hồ Chí Minh"), ("fdi", 233.0, "Bình Dương")]),
    # "Tiếp đến là ..." goes on with a subject that is not ours
    ("Năm 2023, TP HCM có nhiều dự án được cấp phép theo cơ chế phân cấp nhất, với 1.200 dự án và tổng vốn đầu tư "
     "đăng ký 2,2 tỷ USD. Tiếp đến là Bình Dương với 769 dự án, vốn đăng ký 2,1 tỷ USD.", []),
]


@pytest.mark.parametrize("text,expected", PLACE_LISTS, ids=[c[0][:50] for c in PLACE_LISTS])
def test_places_listed_with_their_figures(text, expected):
    got = [(r.metric, r.value, r.geo) for r in metrics.extract_text(text, published="2024-03-01").itertuples()]
    assert got == expected


def test_an_article_about_a_plan_dates_its_targets_by_the_planned_year():
    text = ("Chính phủ ban hành Nghị quyết về mục tiêu tăng trưởng năm 2025\n\nChính phủ vừa ban hành Nghị quyết 25 với "
            "mục tiêu tăng trưởng GDP năm 2025 đạt ít nhất 8%. Hà Nội và TP HCM được giao chỉ tiêu tăng trưởng lần lượt "
            "là 8% và 8,5%.")
    got = [(r.geo, r.value, r.status, r.qualifier, str(r.period_start)[:10]) for r in metrics.extract_text(text).itertuples()]
    assert got == [("Việt Nam", 8.0, "target", "at_least", "2025-01-01"), ("Hà Nội", 8.0, "target", "exact", "2025-01-01"),
                   ("Hồ Chí Minh", 8.5, "target", "exact", "2025-01-01")]


def test_of_the_whole_country_is_the_nation_in_a_provinces_article():
    text = ("Xuất khẩu của TP HCM tăng mạnh\n\nNăm 2024, kim ngạch xuất khẩu của TP HCM đạt 45 tỷ USD.\n\n"
            "Tháng 5/2024, xuất khẩu hàng hóa của cả nước đạt 32,27 tỷ USD, tăng 3,9% so với tháng trước.")
    got = [(r.value, r.geo) for r in metrics.extract_text(text).itertuples()]
    assert got == [(45000.0, "Hồ Chí Minh"), (32270.0, "Việt Nam"), (3.9, "Việt Nam")]


def test_a_list_of_places_under_cu_the_goes_on_with_the_target_before_it():
    text = ("Chính phủ giao chỉ tiêu tăng trưởng năm 2026\n\nNhiều địa phương được giao mục tiêu tăng trưởng GRDP "
            "năm 2026 từ 9% trở lên.\n\nCụ thể, vùng Tây Nguyên: Đắk Lắk: 9,5%; Lâm Đồng: 10%. Vùng Đông Nam Bộ: "
            "Bình Dương: 11%.")
    df = metrics.extract_text(text)
    got = sorted((r.geo, r.metric, r.value, r.status, r.period_start.year) for r in df.itertuples())
    assert got == [("Bình Dương", "grdp", 11.0, "target", 2026), ("Lâm Đồng", "grdp", 10.0, "target", 2026),
                   ("Đắk Lắk", "grdp", 9.5, "target", 2026)]
    # a paragraph of places and figures that does not open by going on is not read
    assert metrics.extract_text(text.replace("Cụ thể, vùng", "Vùng")).empty


def test_a_line_that_opens_with_trong_do_goes_on_with_the_line_before():
    text = ("Sản xuất công nghiệp 10 tháng\n\n10 tháng năm 2024, IIP tăng 8,3% so với cùng kỳ năm trước.\n"
            "Chỉ số sản xuất toàn ngành công nghiệp (IIP) tháng 10/2024 ước tăng 7% so với cùng kỳ năm trước.\n"
            "Trong đó, ngành chế biến, chế tạo tăng 8,8%; ngành khai khoáng giảm 10,4%.")
    got = [(r.part, r.value, r.period_type, str(r.period_start)[:10]) for r in metrics.extract_text(text).itertuples()]
    assert got == [("", 8.3, "ytd", "2024-01-01"), ("", 7.0, "month", "2024-10-01"),
                   ("manufacturing", 8.8, "month", "2024-10-01"), ("mining", -10.4, "month", "2024-10-01")]


def test_gdp_in_a_provinces_own_report_is_the_provinces():
    text = ("Hà Nội: kinh tế năm 2004 tăng trưởng khá\n\nTại kỳ họp HĐND thành phố Hà Nội, UBND thành phố cho biết năm "
            "2004, tốc độ tăng trưởng tổng sản phẩm quốc nội (GDP) tăng hơn 11%. GDP cả nước tăng 7,7%.")
    got = [(r.value, r.geo) for r in metrics.extract_text(text).itertuples()]
    assert got == [(11.0, "Hà Nội"), (7.7, "Việt Nam")]


def test_a_provincial_outlets_national_news_stays_national():
    text = ("CPI tháng 10 tăng 0,33%\n\nTổng cục Thống kê vừa cho biết, chỉ số giá tiêu dùng (CPI) tháng 10/2024 tăng "
            "0,33% so với tháng trước.")
    df = metrics.extract_text(text, url="https://www.sggp.org.vn/cpi-thang-10-post1.html")
    assert list(df.geo) == ["Việt Nam", "Việt Nam"]  # the title restates the body's figure


@pytest.mark.parametrize("text,expected", [
    # "Qúy" is "Quý" with the tone placed the old way
    ("Qúy I/2024, thu ngân sách nhà nước đạt 25.000 tỷ đồng.", [("Việt Nam", 25000.0, "2024-01-01")]),
    # an apposition naming the nation does not break "lần lượt"
    ("Năm 2025, Hà Nội và TP HCM, hai đầu tàu kinh tế của cả nước, được giao chỉ tiêu tăng trưởng lần lượt là 8% "
     "và 8,5%.", [("Hà Nội", 8.0, "2025-01-01"), ("Hồ Chí Minh", 8.5, "2025-01-01")]),
])
def test_places_and_periods_of_modern_phrasing(text, expected):
    got = [(r.geo, r.value, str(r.period_start)[:10]) for r in metrics.extract_text(text, published="2025-02-01").itertuples()]
    assert got == expected


@pytest.mark.parametrize("text,ends", [
    ("Chỉ số sản xuất công nghiệp tháng 10/2024 tăng 9,1%; lũy kế năm 2024 tăng 11,8%.", ["2024-10-31", "2024-10-31"]),
    ("Tháng 10/2024, kim ngạch xuất khẩu đạt 32 tỷ USD, lũy kế đạt 290 tỷ USD.", ["2024-10-31", "2024-10-31"]),
])
def test_cumulative_runs_to_the_month_in_force(text, ends):
    df = metrics.extract_text(text, published="2024-11-06")
    assert [str(d)[:10] for d in df.period_end] == ends
    assert list(df.period_type) == ["month", "ytd"]


def test_every_cue_is_a_phrase_the_trie_can_take():
    """A cue the trie cannot expand falls to a second regex run over every paragraph: keep the tables literal."""
    from metrics import catalogue as cat
    from metrics.engine.cues import expand

    patterns = ([p for p, _ in cat.METRIC_CUES] + [p for p, _, _ in cat.PART_CUES] + list(cat.STOP_CUES)
                + list(cat.NEUTRAL_CUES))
    assert [p for p in patterns if expand(p) is None] == []
