"""Datelines, body dates and the publication date (contract, section "Dates")."""

import datetime as dt

import pytest

from metrics import dates
from metrics.document import from_text

D = dt.date

DATELINES = [
    ("Tin tức 30/01/2026 17:21", D(2026, 1, 30), ""),
    (" date 2025-12-29 (VTC News) -", D(2025, 12, 29), "VTC News"),
    (" date 2025-09-06 (TBTCO) - Tháng 8/2025, cả nước có 20,5 nghìn doanh nghiệp thành lập mới.",
     D(2025, 9, 6), "TBTCO"),
    ("Cập nhật: 12/07/2023", D(2023, 7, 12), ""),
    ("Cập nhật: 04/07/2023 - 09:30", D(2023, 7, 4), ""),
    ("Thứ Năm, 30/06/2022 14:05", D(2022, 6, 30), ""),
    ("Thứ Sáu, 17/03/2023 09:15", D(2023, 3, 17), ""),
    ("29/03/2019 15:45", D(2019, 3, 29), ""),
    ("05/01/2024 | 06:30", D(2024, 1, 5), ""),
    ("Ngày đăng: 04/06/2022", D(2022, 6, 4), ""),
    ("Đăng lúc 14:30 ngày 01/07/2024", D(2024, 7, 1), ""),
    ("(Cập nhật 14/12/2024)", D(2024, 12, 14), ""),
    ("Thứ Hai, ngày 6 tháng 10 năm 2021", D(2021, 10, 6), ""),
    ("Thứ 5, 30-05-2024 10:12 GMT+7", D(2024, 5, 30), ""),
    ("Thứ hai, 6/1/2025, 10:30 (GMT+7)", D(2025, 1, 6), ""),
    ("Thời sự | 06/01/2025 10:30", D(2025, 1, 6), ""),
    ("Cập nhật lúc: 10:30, 06/01/2025", D(2025, 1, 6), ""),
    ("19/01/2026 10:30Bài gốc", D(2026, 1, 19), ""),
    ("Tác giả: Lê Trang - 17/03/2023 09:15 | Kinh tế", D(2023, 3, 17), ""),
]


@pytest.mark.parametrize("line,date,outlet", DATELINES)
def test_dateline(line, date, outlet):
    text = f"Kinh tế Hà Nội 9 tháng: quý III giảm sâu\n\n{line}\n\nSố liệu Cục Thống kê công bố chiều 6/10/2021.\n"
    found = dates.find_dateline(text)
    assert found and found.date == date and found.outlet == outlet
    assert from_text(text).published == date


@pytest.mark.parametrize("line", [
    "Ngày 6/3/2026, UBND tỉnh công bố số liệu kinh tế quý I.",   # a sentence, not a dateline
    "Trong tháng 1/2026, thành phố đã thông qua 4 dự án.",
    "Có 23/25 chỉ tiêu chủ yếu hoàn thành và vượt kế hoạch.",
])
def test_not_a_dateline(line):
    assert dates.find_dateline(f"Tiêu đề bài viết về kinh tế\n\n{line}\n") is None


@pytest.mark.parametrize("line", ["3 giờ trước", "2 ngày trước", "3 giờ trướcBài gốc", "15 phút trước"])
def test_relative_dateline_falls_back_to_body(line):
    text = (f"Xuất khẩu Hà Nội tăng mạnh trong 2 tháng đầu năm\n{line}\n\n"
            "Số liệu Thống kê TP Hà Nội công bố ngày 6/3/2026 cho thấy, kim ngạch xuất khẩu tăng 17,4%.\n")
    found = dates.find_dateline(text)
    assert found and found.relative and found.date is None
    assert from_text(text).published == D(2026, 3, 6)


def test_partial_dateline_uses_the_body():
    text = (" date 2021-10 (TBTCO) - Đợt giãn cách xã hội kéo dài trong quý III/2021.\n\n"
            "Số liệu Cục Thống kê Hà Nội công bố chiều 6/10/2021 cho thấy GRDP quý III giảm 7,02%.\n")
    doc = from_text(text)
    assert doc.published == D(2021, 10, 6) and doc.source == "TBTCO"


BODIES = [
    # the latest full date in the body
    ("Tính đến ngày 19/10/2023, giải ngân đạt 24.044 tỷ đồng. Họp báo ngày 4/1/2023.", D(2023, 10, 19)),
    ("(Số liệu cập nhật đến ngày 31/12/2024)", D(2024, 12, 31)),
    ("Ngày 6 tháng 10 năm 2021, Cục Thống kê công bố số liệu 9 tháng.", D(2021, 10, 6)),
    # a deadline is not the news date
    ("Ngày 3/6/2022, UBND tỉnh cho biết dự án phải hoàn thành trước ngày 30/6/2025.", D(2022, 6, 3)),
    # a bare day/month takes the year the body reports on, not the year it plans for
    ("Sáng 28/11, Ban Chấp hành cho ý kiến vào Báo cáo tổng kết công tác năm 2020, phương hướng nhiệm vụ "
     "trọng tâm năm 2021; Kế hoạch phát triển kinh tế - xã hội năm 2021 và dự toán ngân sách năm 2021.",
     D(2020, 11, 28)),
    # ... except early in the year, when last year's results are reviewed and this year is planned
    ("Chiều 5/1, thành phố tổ chức hội nghị tổng kết năm 2020, triển khai kế hoạch năm 2021.", D(2021, 1, 5)),
    ("Chiều 23-2, Ban Thường vụ nghe báo cáo kết quả phục vụ Tết tháng 2/2026.", D(2026, 2, 23)),
    # no full date and no year for a bare one: none
    ("Kết quả thực hiện nhiệm vụ trong tháng 1/2026 cho thấy 9/11 nhóm hàng tăng giá.", None),
    ("Sáng 28/11, hội nghị bàn nhiều nội dung quan trọng.", None),
]


@pytest.mark.parametrize("body,date", BODIES)
def test_body_date(body, date):
    assert dates.publication_date(f"Tiêu đề bài viết\n\n{body}\n") == date


def test_body_date_ignores_excluded_blocks():
    text = ("Hội nghị lần thứ 2 Ban Chấp hành Đảng bộ Thành phố\n\n"
            "Sáng 28/11, Ban Chấp hành thảo luận Báo cáo tổng kết năm 2020, phương hướng năm 2021.\n\n"
            "Lượt xem: 414\n\nXem nhiều nhất\n\nĐồng chí Nguyễn Duy Ngọc chủ trì họp Ban Chỉ đạo\n\n"
            "Tin tức thành phố Hà Nội 1 ngày trước\n\n"
            "Hội nghị ngày 15/3/2026 bàn công tác bầu cử đại biểu Quốc hội khóa XVI tại thành phố.\n")
    doc = from_text(text)
    assert doc.published == D(2020, 11, 28)
    assert doc.is_excluded(text.index("15/3/2026"))


@pytest.mark.parametrize("value,date", [
    ("2023-10-16", D(2023, 10, 16)),
    ("2023-10-16T08:15:00+07:00", D(2023, 10, 16)),
    ("16/10/2023", D(2023, 10, 16)),
    (D(2023, 10, 16), D(2023, 10, 16)),
    (dt.datetime(2023, 10, 16, 8, 15), D(2023, 10, 16)),
    ("31/02/2023", None),
    ("hôm qua", None),
    ("", None),
    (None, None),
])
def test_parse_date(value, date):
    assert dates.parse_date(value) == date


@pytest.mark.parametrize("text,year", [
    ("Báo cáo tổng kết công tác năm 2020, phương hướng nhiệm vụ năm 2021.", 2020),
    ("Kết quả thực hiện nhiệm vụ trong tháng 1/2026 cho thấy tăng trưởng.", 2026),
    ("Thành phố đặt mục tiêu năm 2024 xuất khẩu tăng 5%.", 2023),
    ("Hội nghị bàn nhiều nội dung quan trọng.", None),
    ("HĐND thông qua kế hoạch phát triển kinh tế - xã hội năm 2024. Năm 2023, GRDP ước tăng 6,27%.", 2023),
])
def test_reference_year(text, year):
    assert dates.reference_year(text) == year


@pytest.mark.parametrize("line,published", [
    # a labelled date that runs into the first sentence: the date, and the body's "Sáng 6-1" in its year
    ("date 2025-01 Chỉ số giá tiêu dùng năm 2024 tăng 3,63%. Sáng 6-1, Tổng cục Thống kê họp báo.", D(2025, 1, 6)),
    ("date 2024-09-05 Theo báo cáo, IIP 8 tháng tăng 8,6%.", D(2024, 9, 5)),
])
def test_labelled_dateline_running_into_the_text(line, published):
    text = f"Kinh tế năm 2024\n\n{line}\n"
    doc = from_text(text)
    assert doc.published == published
    first = doc.text.index("Chỉ số" if "Chỉ số" in line else "Theo")
    assert not doc.is_excluded(first), "the sentence after the date is article text"
