"""Closed-world licensing: a figure is a row only when its clause is about its metric.

Each case is an article body of our own wording, the number we look at, and the decision the
engine must reach for it: "row" or a reason code of ``metrics.catalogue.REASONS``. A failure
prints the sentence and the reason the engine gave, so it reads like a bug report.
"""

import json

import pytest

import metrics
from metrics.cli import main
from metrics.document import from_text
from metrics.explain import explain_document

# (text, the number as written, the decision expected, words the reason must name or "")
DECISIONS = [
    # a weak head after another thing is named ("số thu" of the land levy) is that thing's, not the budget's
    ("Năm 2024, tăng mạnh nhất trong thu nội địa là từ tiền sử dụng đất, cả năm số thu là 25.000 tỷ đồng.",
     "25.000 tỷ đồng", "not_metric", "tiền sử dụng đất"),
    # the figure's own metric words, then a clause that says what is counted: dossiers waiting, not capital
    ("Năm 2024, khoảng 3 tỷ USD vốn đầu tư nước ngoài đã có hồ sơ nhưng chưa được cấp phép.", "3 tỷ USD",
     "not_metric", "hồ sơ"),
    # an article about trade with a foreign country: the nation's exports there are that market's
    ("Buôn bán với Nhật Bản khởi sắc\n\nNăm 2023, Việt Nam xuất khẩu 24 tỷ USD, tăng 5%.", "24 tỷ USD", "foreign",
     "Nhật Bản"),
    ("Buôn bán với Anh quốc khởi sắc\n\nNăm 2023, Việt Nam xuất khẩu 6 tỷ USD.", "6 tỷ USD", "foreign", "Anh quốc"),
    # a product, a market or a company between the metric and its figure: not the metric
    ("Năm 2024, xuất khẩu cà phê của cả nước đạt 5,4 tỷ USD.", "5,4 tỷ USD", "not_metric", "cà phê"),
    ("Năm 2024, kim ngạch xuất khẩu sang Hoa Kỳ đạt 119 tỷ USD.", "119 tỷ USD", "foreign", "Hoa Kỳ"),
    ("Năm 2024, kim ngạch xuất khẩu của Vinamilk đạt 250 triệu USD.", "250 triệu USD", "unknown_subject", "Vinamilk"),
    ("Năm 2024, kim ngạch xuất khẩu hàng hóa của cả nước đạt 405,5 tỷ USD.", "405,5 tỷ USD", "row", ""),
    # a product named first, then the metric as a verb
    ("Năm 2024, gạo xuất khẩu đạt 5,7 tỷ USD.", "5,7 tỷ USD", "not_metric", "gạo"),
    # a clause of cause has a subject of its own; the metric after "nên" is the figure's
    ("Năm 2024, do giá cà phê tăng cao nên kim ngạch xuất khẩu tăng 14%.", "14%", "row", ""),
    ("Năm 2024, nhờ các mặt hàng chủ lực tăng mạnh, giúp tổng kim ngạch xuất khẩu vượt 6% kế hoạch.", "6%", "row", ""),
    # ... but not a topic set before it
    ("Riêng mặt hàng cà phê, do giá tăng mạnh nên kim ngạch xuất khẩu năm 2024 đạt 5,4 tỷ USD.", "5,4 tỷ USD",
     "not_metric", "mặt hàng"),
    # a ceiling set by a rule is nobody's figure; a forecast "không quá" is
    ("Từ năm 2025, Đà Nẵng được cấp giấy phép đầu tư nước ngoài đến 50 triệu USD cho mỗi dự án.", "50 triệu USD",
     "not_figure", ""),
    ("Chỉ số giá tiêu dùng tháng 8/2025 sẽ tăng không quá 0,5%.", "0,5%", "row", ""),
    # "với ..." describes the subject named after its comma: a foreign economy
    ("Đến nay, với GDP trên 18.000 tỉ USD và thương mại trên 6.000 tỉ USD, Trung Quốc đã là nền kinh tế lớn thứ hai.",
     "6.000 tỉ USD", "foreign", "Trung Quốc"),
    # a sector's name right after another metric is a group of goods that metric counts
    ("Năm 2024, xuất khẩu nông lâm thủy sản đạt 62 tỷ USD.", "62 tỷ USD", "not_metric", "nông lâm thủy sản"),
    # the office that publishes a figure is its source, not its subject; a person named after a title is someone
    ("Tổng cục Thống kê cho biết GDP quý III/2024 ước tăng 7,4% so với cùng kỳ năm trước.", "7,4%", "row", ""),
    ("Tổng cục trưởng Hải quan Nguyễn Văn An yêu cầu phấn đấu tăng thu ngân sách 5% so với chỉ tiêu.", "5%",
     "unknown_subject", "Nguyễn"),
    # a count of projects is not FDI
    ("Năm 2024, số dự án FDI mới được cấp phép giảm 5%.", "5%", "not_metric", "số dự án FDI mới được cấp phép"),
    # the clause changes subject after the metric's own figures
    ("Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD, trong đó hàng dệt may tăng 11%.", "11%", "not_metric",
     "dệt may"),
    ("Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD, tăng 14,3% so với năm trước.", "14,3%", "row", ""),
    # a foreign economy
    ("Năm 2024, GDP của Thái Lan tăng 2,5%.", "2,5%", "foreign", "Thái Lan"),
    ("Tại Nhật Bản, năm 2024 tốc độ tăng trưởng kinh tế chỉ đạt 0,1%.", "0,1%", "foreign", "Nhật Bản"),
    ("Năm 2024, nền kinh tế lớn thứ hai thế giới tăng trưởng 5%.", "5%", "no_metric", ""),
    # ownership sectors are not parts of the catalogue
    ("Năm 2024, khu vực kinh tế ngoài quốc doanh tăng 20%.", "20%", "not_metric", "ngoài quốc doanh"),
    ("Năm 2024, xuất khẩu của khu vực kinh tế ngoài quốc doanh tăng 20%.", "20%", "not_metric", "ngoài quốc doanh"),
    # bare "tăng trưởng" is not GDP by itself
    ("Năm 2024, doanh số của chuỗi siêu thị tăng trưởng 15%.", "15%", "not_metric", "siêu thị"),
    ("Năm 2024, doanh số của chuỗi cửa tiệm tăng trưởng 15%.", "15%", "no_metric", ""),
    # a ratio to a metric, and the impact of a scenario, are not the metric's figures
    ("Năm 2024, bội chi ngân sách ở mức 3,8% GDP.", "3,8%", "ratio", "GDP"),
    ("Năm 2024, tỷ lệ vốn đầu tư so với GDP lên 33%.", "33%", "not_metric", "vốn đầu tư"),
    ("Theo kịch bản xấu, dịch bệnh năm 2024 có thể làm GDP giảm 0,5%.", "0,5%", "not_metric", "GDP"),
    # tariffs on trade are not trade
    ("Từ năm 2024, thuế nhập khẩu giảm từ 70% xuống 50%.", "70%", "not_metric", "thuế nhập khẩu"),
    # the ministry is not a plan: the figure is an estimate
    ("Theo Bộ Kế hoạch và Đầu tư, năm 2024 tổng sản phẩm trong nước ước tăng 7,09%.", "7,09%", "row", ""),
    # a level far beyond any economy of ours is a misreading
    ("Năm 2002, vốn FDI toàn thế giới còn khoảng 1.300 tỷ USD.", "1.300 tỷ USD", "foreign", "thế giới"),
    ("Năm 2002, vốn FDI vào Việt Nam đạt khoảng 1.300 tỷ USD.", "1.300 tỷ USD", "not_figure", ""),
    # the article's own province, never named: not the nation's figure
    ("Năm 2024, thu ngân sách trên địa bàn tỉnh đạt 5.120 tỷ đồng.", "5.120 tỷ đồng", "own_place", "tỉnh"),
    # a threshold that several places pass, a range across places
    ("Năm 2024, cả nước có 4 tỉnh, thành phố có kim ngạch xuất khẩu từ 10 tỷ USD trở lên.", "10 tỷ USD",
     "place_count", "4 tỉnh"),
    ("Năm 2024, Ninh Bình, Phú Thọ và Bắc Ninh có GRDP tăng từ 10,02% đến 10,65%.", "10,02%", "place_count",
     "Ninh Bình"),
    ("Năm 2024, Ninh Bình và Phú Thọ có GRDP tăng 10,02-10,65%.", "10,02-10,65%", "place_range", "Phú Thọ"),
    # a level far too small for the nation: a project's or a company's
    ("Tháng 1/2024, vốn FDI đăng ký đạt 9,55 triệu USD.", "9,55 triệu USD", "national_min", "9,55"),
    ("Năm 2024, kim ngạch xuất khẩu dự kiến đạt khoảng 30 triệu USD.", "30 triệu USD", "national_min", "30"),
    # trade counted in tonnes is a product's
    ("Giai đoạn 2001-2005, xuất khẩu 398 ngàn tấn, đạt kim ngạch 1,58 tỷ USD.", "1,58 tỷ USD", "not_metric",
     "398 ngàn tấn"),
    # two-way trade with a partner: its parts are the partner's
    ("Năm 2024, buôn bán hai chiều đạt 3,9 tỷ USD, trong đó Việt Nam xuất khẩu trên 1 tỷ USD.", "1 tỷ USD",
     "not_metric", "buôn bán hai chiều"),
]


def _decision(text, number):
    doc = from_text(text)
    decisions = explain_document(doc)
    hit = [d for d in decisions if d.text.startswith(number) or number.startswith(d.text)]
    assert hit, f"{number!r} is not a candidate in: {text}"
    return hit[0]


@pytest.mark.parametrize("text,number,code,words", DECISIONS, ids=[f"{c[1]}:{c[2]}" for c in DECISIONS])
def test_licensing_decision(text, number, code, words):
    d = _decision(text, number)
    assert d.code == code, f"{text}\n  {number}: got {d.code} ({d.reason}), want {code}"
    if words:
        assert words.lower() in d.reason.lower(), f"{text}\n  reason {d.reason!r} should name {words!r}"


def test_row_decisions_carry_their_rows():
    d = _decision("Năm 2024, kim ngạch xuất khẩu đạt 405 tỷ USD, tăng 14,3% so với năm trước.", "405 tỷ USD")
    assert [(r["metric"], r["measure"], r["value"]) for r in d.rows] == [("exports", "level", 405000.0)]


# The year of an article with no dateline comes from its text.
YEARS = [
    # a comparison with a year puts the article in the year after
    ("Kim ngạch xuất khẩu 10 tháng đạt 20 tỷ USD, tăng 25% so với cùng kỳ năm 2003.", "2004-01-01"),
    # "năm nay" in the lead takes the year the text settles
    ("Năm nay, kim ngạch nhập khẩu ước đạt 31 tỷ USD, tăng 20% so với năm 2003.", "2004-01-01"),
    # a year stated in the lead wins
    ("Năm 2005, kim ngạch xuất khẩu đạt 32 tỷ USD, tăng 21% so với năm 2004.", "2005-01-01"),
    # "kể từ năm 1996" opens a span, it is not the current year: nothing settles the year
    ("Kim ngạch xuất khẩu cả năm đạt 25 tỷ USD, cao nhất kể từ năm 1996 đến nay.", None),
]


@pytest.mark.parametrize("text,start", YEARS)
def test_year_of_undated_article(text, start):
    df = metrics.extract_text(text)
    assert len(df) >= 1, text
    got = df["period_start"].iloc[0]
    got = None if got is None or str(got) in ("NaT", "None") else str(got)[:10]
    assert got == start, f"{text}\n  period_start {got}, want {start}"


def test_impossible_date_is_not_a_date():
    """'đến ngày 31/9/2025' is no date: the article's other figures still come out, nothing raises."""
    df = metrics.extract_text("Tính đến ngày 31/9/2025, kim ngạch xuất khẩu của Hà Nội đạt 15 tỷ USD. "
                              "Tháng 2/2024 có 30/2/2024 là ngày không có thật; CPI tháng 2/2024 tăng 1,2%.")
    assert "exports" in set(df["metric"]) and "cpi" in set(df["metric"])


def test_document_place_is_title_and_lead_not_a_passing_mention():
    text = ("Kinh tế cả nước quý I tăng trưởng khả quan\n\n"
            "Quý I/2024, tổng sản phẩm trong nước (GDP) tăng 5,66% so với cùng kỳ.\n\n"
            "Đoàn công tác đã thăm Khu công nghiệp ở Bắc Ninh trong tháng 3.\n\n"
            "Chỉ số giá tiêu dùng quý I/2024 tăng 3,77% so với cùng kỳ.")
    df = metrics.extract_text(text)
    assert set(df["geo"]) == {"Việt Nam"}, df[["metric", "geo"]]


def test_explain_cli_text_and_json(tmp_path, capsys):
    f = tmp_path / "bai.txt"
    f.write_text("Năm 2024, xuất khẩu cà phê đạt 5,4 tỷ USD. Kim ngạch xuất khẩu cả nước đạt 405 tỷ USD.",
                 encoding="utf-8")
    assert main(["explain", str(f)]) == 0
    out = capsys.readouterr().out
    assert "subject is not a metric: cà phê" in out and "ROW  exports level 405000" in out
    assert main(["explain", "--json", str(f)]) == 0
    data = json.loads(capsys.readouterr().out)
    codes = {c["text"]: c["decision"] for c in data["candidates"]}
    assert codes == {"5,4 tỷ USD": "not_metric", "405 tỷ USD": "row"}
    assert data["candidates"][1]["rows"][0]["metric"] == "exports"


def test_explain_cli_unreadable_file(tmp_path, capsys):
    f = tmp_path / "rong.txt"
    f.write_bytes(b"")
    assert main(["explain", str(f)]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_number_too_long_to_be_a_figure_is_no_row():
    df = metrics.extract_text("Năm 2024, GRDP của Hà Nội đạt " + "9" * 400 + " tỷ đồng, tăng " + "9" * 330 + "%.")
    assert df.empty
    d = _decision("Năm 2024, GRDP của Hà Nội đạt " + "9" * 40 + " tỷ đồng.", "9999")
    assert d.code == "not_figure", d.reason
