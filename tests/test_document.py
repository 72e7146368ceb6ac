"""The document reader: corpus metadata, front matter and sidecars, boilerplate spans,
outlets and URLs, HTML pages and encodings."""

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest

from metrics import html as html_mod
from metrics.document import Document, from_text, read_path
from metrics.errors import SkipDocument

D = dt.date
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _expected():
    if not CORPUS.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"shared corpus not found at {CORPUS}"))]
    out = []
    for folder in ("seeds", "dev"):
        for line in (CORPUS / folder / "docs.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append(pytest.param(CORPUS / folder / row["doc"], row, id=row["doc"]))
    return out


@pytest.mark.parametrize("path,row", _expected())
def test_corpus_metadata(path, row):
    doc = read_path(path)
    assert doc.published == (D.fromisoformat(row["published"]) if row["published"] else None)
    assert doc.source == row["source"]
    assert doc.url == row["url"]


# --- metadata overrides ------------------------------------------------------------

ARTICLE = ("Giá tiêu dùng tại Hà Nội tháng 6 nhích nhẹ\n\nCập nhật: 04/07/2023 - 09:30\n\n"
           "TTTĐ - Cục Thống kê Hà Nội cho biết, chỉ số giá tiêu dùng (CPI) tháng 6/2023 tăng 0,11%.\n")
FRONT = ("---\ntitle: \"CPI Hà Nội tháng 6/2023\"\nurl: https://news.example.com/cpi-6-2023.html\n"
         "published: 2023-07-05\nsource: Kinh tế Đô thị\n---\n")


def test_text_alone():
    doc = from_text(ARTICLE)
    assert (doc.published, doc.source, doc.url, doc.title) == (
        D(2023, 7, 4), "TTTĐ", "", "Giá tiêu dùng tại Hà Nội tháng 6 nhích nhẹ")


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_front_matter_overrides_text(tmp_path, suffix):
    path = tmp_path / f"cpi{suffix}"
    path.write_text(FRONT + ARTICLE, encoding="utf-8")
    doc = read_path(path)
    assert (doc.published, doc.source, doc.url, doc.title) == (
        D(2023, 7, 5), "Kinh tế Đô thị", "https://news.example.com/cpi-6-2023.html", "CPI Hà Nội tháng 6/2023")
    assert doc.text == ARTICLE  # the front matter is metadata, not article text


def test_arguments_override_front_matter():
    doc = from_text(FRONT + ARTICLE, published="2023-07-06", source="Nhân Dân")
    assert (doc.published, doc.source, doc.url) == (D(2023, 7, 6), "Nhân Dân", "https://news.example.com/cpi-6-2023.html")


@pytest.mark.parametrize("sidecar", ["cpi.meta.json", "cpi.txt.meta.json"])
def test_sidecar_overrides_front_matter_and_text(tmp_path, sidecar):
    (tmp_path / "cpi.txt").write_text(FRONT + ARTICLE, encoding="utf-8")
    (tmp_path / sidecar).write_text(json.dumps(
        {"published": "2023-07-10", "url": "https://hanoimoi.example.vn/cpi.html", "source": "Hà Nội Mới"}),
        encoding="utf-8")
    doc = read_path(tmp_path / "cpi.txt")
    assert (doc.published, doc.source, doc.url, doc.title) == (
        D(2023, 7, 10), "Hà Nội Mới", "https://hanoimoi.example.vn/cpi.html", "CPI Hà Nội tháng 6/2023")


def test_sidecar_aliases(tmp_path):
    (tmp_path / "cpi.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "cpi.meta.json").write_text(json.dumps(
        {"date": "2023-07-10T08:00:00+07:00", "link": "https://hanoimoi.example.vn/cpi.html", "publisher": "Hà Nội Mới"}),
        encoding="utf-8")
    doc = read_path(tmp_path / "cpi.txt")
    assert (doc.published, doc.source, doc.url) == (D(2023, 7, 10), "Hà Nội Mới", "https://hanoimoi.example.vn/cpi.html")


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_bad_sidecar_is_a_reason(tmp_path, content):
    (tmp_path / "cpi.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "cpi.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(SkipDocument, match="sidecar cpi.meta.json"):
        read_path(tmp_path / "cpi.txt")


# --- outlets, URLs, titles ------------------------------------------------------------

@pytest.mark.parametrize("text,source,url", [
    (" date 2025-12-29 (VTC News) -\n\nChiều 29/12, Thành ủy tổ chức hội nghị tổng kết năm 2025.\n", "VTC News", ""),
    ("Tiêu đề bài báo về kinh tế\n\nTTTĐ - Chiều 30/1, Thành ủy tổ chức hội nghị giao ban.\n", "TTTĐ", ""),
    ("Tiêu đề bài báo về kinh tế\n\n(Dân trí) - Sáng 3/6, UBND tỉnh công bố số liệu.\n", "Dân trí", ""),
    ("Tiêu đề\nNội dung bài viết về hội nghị.\nKHẢI LÂM\nNguồn Nhân Dân : https://nhandan.vn/bai-viet-post940217.html\n",
     "Nhân Dân", "https://nhandan.vn/bai-viet-post940217.html"),
    ("Tiêu đề bài báo về kinh tế\n\nGDP quý I tăng 5,66% so với cùng kỳ.\n\n(Theo TTXVN)\n", "TTXVN", ""),
    ("Tiêu đề bài báo về kinh tế\n\nGDP quý I tăng 5,66%.\n\nNguồn: Tổng cục Thống kê\n", "", ""),
    ("Tiêu đề bài báo về kinh tế\n\nGRDP - chỉ tiêu quan trọng nhất của thành phố - tăng 7%.\n", "", ""),
    ("Tiêu đề\n\nNội dung bài viết.\n\nLink bài gốc: https://vnexpress.net/a-123.html\n", "", "https://vnexpress.net/a-123.html"),
    ("https://hanoimoi.vn/grdp-quy-i-post1.html\nGRDP quý I tăng 7,2%\n\nKinhtedothi - Theo Cục Thống kê, GRDP tăng.\n",
     "Kinhtedothi", "https://hanoimoi.vn/grdp-quy-i-post1.html"),
    ("Tiêu đề bài báo về kinh tế\n\nVOV.VN - Sáng 3/6, UBND tỉnh công bố số liệu.\n", "VOV.VN", ""),
    ("Tiêu đề bài báo về kinh tế\n\nVTV.vn - Sáng 3/6, UBND tỉnh công bố số liệu.\n", "VTV.vn", ""),
    ("Tiêu đề bài báo về kinh tế\n\nBaodautu.vn - Sáng 3/6, UBND tỉnh công bố số liệu.\n", "Baodautu.vn", ""),
    ("Tiêu đề bài báo về kinh tế\n\n(Vietnam+) - Sáng 3/6, UBND tỉnh công bố số liệu.\n", "Vietnam+", ""),
    ("Tiêu đề bài báo về kinh tế\n06-01-2025 - 10:30\n(NLĐO) - Kinh tế năm 2024 tăng 7,09%.\n", "NLĐO", ""),
    ("Tiêu đề bài báo về kinh tế\n\nGDP quý I tăng 5,66%.\n\nTheo TTXVN\n", "TTXVN", ""),
    ("Tiêu đề bài báo về kinh tế\n\nGDP quý I tăng 5,66%.\n\nTheo Cục Thống kê\n", "", ""),
    ("Tiêu đề bài báo về kinh tế\n\nHUẾ - Sáng 3/6, UBND tỉnh công bố số liệu.\n", "", ""),
    ("Tiêu đề bài báo về kinh tế\n\nGDP quý I tăng 5,66%.\n\nNguồn: VnExpress\n", "VnExpress", ""),
    ("Tiêu đề bài báo\n\nXem báo cáo tại https://gso.gov.vn/bao-cao.html và tải số liệu.\n", "", ""),
])
def test_source_and_url(text, source, url):
    doc = from_text(text)
    assert (doc.source, doc.url) == (source, url)


@pytest.mark.parametrize("text,title", [
    ("Tag\n\nHội nghị giao ban Thành ủy với cơ sở tháng 1 năm 2026\n\nTin tức 30/01/2026 17:21\n", "Hội nghị giao ban Thành ủy với cơ sở tháng 1 năm 2026"),
    ("Thứ Năm, 30/05/2024 10:12\n\nTP.HCM: Sản xuất công nghiệp 5 tháng tăng cao nhất ba năm\n\nChỉ số IIP tăng.\n",
     "TP.HCM: Sản xuất công nghiệp 5 tháng tăng cao nhất ba năm"),
    (" date 2025-12-29 (VTC News) -\n\nChiều 29/12, Thành ủy tổ chức hội nghị tổng kết công tác năm 2025.\n", ""),
    ("# **Kinh tế Hà Nội 9 tháng: quý III giảm sâu**\n\nSố liệu Cục Thống kê Hà Nội công bố.\n",
     "Kinh tế Hà Nội 9 tháng: quý III giảm sâu"),
])
def test_title(text, title):
    assert from_text(text).title == title


# --- boilerplate ------------------------------------------------------------------------

BODY = "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 432.700 tỷ đồng, tăng 12,6% so với cùng kỳ năm trước.\n"


def _excluded(doc: Document) -> list[str]:
    return [doc.text[a:b] for a, b in doc.excluded]


def _covered(doc: Document, start: int, end: int) -> bool:
    """Every non-blank character of text[start:end] is excluded."""
    return all(doc.is_excluded(i) for i in range(start, end) if not doc.text[i].isspace())


@pytest.mark.parametrize("tail", [
    "Đọc thêm\n\nHà Nội triển khai các nghị quyết chiến lược Tin tức\n\nHà Nội triển khai các nghị quyết chiến lược\n\n"
    "Hà Nội thể hiện tinh thần tiên phong, vào cuộc khẩn trương, trách nhiệm của Đảng bộ và chính quyền ngày 19/2/2026.\n"
    "Xem thêm",
    "Xem thêm\n5 tháng đầu năm, Đà Nẵng thu hút hơn 1.504 nghìn lượt khách quốc tế\nDoanh thu lữ hành tăng 61,2%",
    "Tin liên quan\n- Hà Nội: Doanh thu gần 32.000 tỷ đồng từ khách du lịch\n- Khách du lịch tăng gần 3 lần",
    "Tin cùng chuyên mục:\nXuất khẩu tháng 3 tăng 15%\nCPI tháng 3 tăng 0,2%",
    "Bình luận (2)\nNgọc Anh: Giá thịt lợn ở chợ gần nhà tôi tăng gần 10% so với tháng trước.\n"
    "Minh Tuấn: Mong CPI cả năm nay giữ được dưới 4% như kế hoạch đề ra của Chính phủ.",
    "Lượt xem: 414\n\nBình luận bài viết\n\nChưa có bình luận nào.\n\nXem nhiều nhất\n\n"
    "Đồng chí Nguyễn Duy Ngọc chủ trì họp Ban Chỉ đạo bầu cử\n\nTin tức thành phố Hà Nội 1 ngày trước\n\n"
    "Cùng dự có đồng chí Vũ Đại Thắng, Phó Bí thư Thành ủy, Chủ tịch UBND Thành phố, ngày 15/3/2026.",
    "Ý kiến bạn đọc\nHùng: Số liệu rất đáng mừng, tăng 20% là quá tốt cho thành phố chúng ta.",
])
def test_related_and_comment_blocks_run_to_their_end(tail):
    text = "Thu ngân sách Hà Nội tháng 1\n\n" + BODY + "\n" + tail + "\n"
    doc = from_text(text)
    assert doc.text == text  # spans only: the text is untouched
    start = text.index(tail)
    assert _covered(doc, start, start + len(tail))
    assert doc.excluded[0][0] == start and doc.excluded[-1][1] == start + len(tail)
    assert not doc.is_excluded(text.index("432.700"))


def test_related_box_inside_the_article_ends_where_the_article_resumes():
    resume = "Chi ngân sách địa phương 3 tháng đầu năm ước thực hiện 19.779 tỷ đồng, đạt 18,8% dự toán.\n"
    text = ("Thu ngân sách Hà Nội\n\n" + BODY + "\nTin liên quan\n- Xuất khẩu tháng 3 tăng 15%\n"
            "- CPI tháng 3 tăng 0,2%\n\n" + resume)
    doc = from_text(text)
    assert _excluded(doc) == ["Tin liên quan\n- Xuất khẩu tháng 3 tăng 15%\n- CPI tháng 3 tăng 0,2%"]
    assert not doc.is_excluded(text.index("19.779"))


@pytest.mark.parametrize("line,excluded", [
    ("Lượt xem: 414", True),
    ("1.234 lượt xem", True),
    ("Xem thêm: GDP cả nước quý III/2021 giảm 6,17%", True),
    (">> Đọc thêm: CPI 9 tháng năm 2021 tăng 1,82%", True),
    ("Sản xuất công nghiệp TP.HCM 5 tháng tăng 5,3%. Ảnh: S.N", True),
    ("Bí thư Thành ủy phát biểu tại hội nghị. Ảnh Quang Thái", True),
    ("Toàn cảnh thành phố Thanh Hóa nhìn từ trên cao. Ảnh minh họa", True),
    ("Du khách tham quan phố cổ Hà Nội (Ảnh: TTXVN)", True),
    ("Ảnh: Quang cảnh hội nghị tổng kết công tác năm 2023 của ngành du lịch Thủ đô", True),
    ("Chỉ số sản xuất công nghiệp ước tăng 19,25%, là động lực chính của tăng trưởng.", False),
    ("Hình ảnh Thủ đô ngày càng đẹp trong mắt du khách quốc tế, với 4,72 triệu lượt khách.", False),
])
def test_single_line_boilerplate(line, excluded):
    text = "Du lịch Thủ đô năm 2023\n\n" + BODY + "\n" + line + "\n\n" + BODY
    doc = from_text(text)
    assert (_excluded(doc) == [line]) is excluded


def test_repeated_lines_and_title_repeats():
    caption = "Các đồng chí lãnh đạo Thành phố Hà Nội chủ trì hội nghị"
    title = "Phát huy lợi thế địa phương, quyết tâm tạo động lực phát triển mới"
    text = f"{title}\n\n{BODY}{caption}\n{caption.replace('Thành phố', 'thành phố')}\n\n{BODY}\n{title}\nQuang cảnh hội nghị\n"
    doc = from_text(text)
    assert _excluded(doc) == [caption.replace("Thành phố", "thành phố"), title]
    assert doc.title == title and not doc.is_excluded(0)


def test_headline_strip_under_the_lead():
    lead = ("TTTĐ - Chiều 30/1, Thành ủy - HĐND - UBND - Ủy ban MTTQ Việt Nam TP tổ chức Hội nghị giao ban "
            "với cơ sở tháng 1/2026.")
    strip = ("Đề xuất sửa đổi, bổ sung 31 cơ chế, chính sách tại Luật Thủ đô Thành công kỳ họp là bước khởi đầu "
             "quan trọng của năm 2026 Hà Nội tăng tốc triển khai các dự án cầu vượt sông Hồng")
    text = f"Hội nghị giao ban tháng 1 năm 2026\n\n{lead}\n{strip}\n\n{BODY}"
    assert _excluded(from_text(text)) == [strip]


LEAD = "TTTĐ - Chiều 30/1, Thành ủy tổ chức Hội nghị giao ban với cơ sở tháng 1/2026."


@pytest.mark.parametrize("text", [
    # a paragraph that lost its final period, further down (HTML text has no blank lines)
    f"Hội nghị giao ban tháng 1\n{LEAD}\n{BODY}Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng quý I đạt "
    "214 nghìn tỷ đồng, tăng 9,8% so với cùng kỳ\n",
    # a table row under the lead: mostly figures
    f"Hội nghị giao ban tháng 1\n{LEAD}\nChỉ tiêu Năm 2022 Năm 2023 Tăng trưởng GRDP 7,5 8,1 Xuất khẩu 15,6 16,2 "
    "Nhập khẩu 30,1 31,5 CPI 2,4 3,1 FDI 2,6 2,9\n",
])
def test_long_unpunctuated_lines_that_are_article_text(text):
    assert from_text(text).excluded == []


def test_is_excluded_and_doc_id():
    doc = Document(text="abcdef", excluded=[(4, 6), (0, 2), (1, 3)])
    assert doc.excluded == [(0, 3), (4, 6)]
    assert [doc.is_excluded(i) for i in range(7)] == [True, True, True, False, True, True, False]
    nfd = Document(text=unicodedata.normalize("NFD", "Tổng thu ngân sách"))
    assert nfd.doc_id == Document(text="Tổng thu ngân sách").doc_id and len(nfd.doc_id) == 16


# --- HTML pages -------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Hà Nội: GRDP quý I tăng 7,2% | Báo Kinh tế Đô thị</title>
<link rel="canonical" href="https://kinhtedothi.example.vn/ha-noi-grdp-quy-i-tang-7-2-post123.html">
<meta property="og:site_name" content="Kinh tế Đô thị">
<meta property="article:published_time" content="2024-04-02T08:15:00+07:00">
</head><body>
<nav><a href="/">Trang chủ</a> | <a href="/kinh-te">Kinh tế</a></nav>
<article>
<h1>Hà Nội: GRDP quý I tăng 7,2%</h1>
<p>Theo Cục Thống kê Hà Nội, tổng sản phẩm trên địa bàn (GRDP) quý I/2024 ước tăng 7,2% so với cùng kỳ năm trước,
cao hơn mức tăng 6,1% của cùng kỳ năm 2023.</p>
<p>Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng quý I đạt 214.000 tỷ đồng, tăng 9,8% so với cùng kỳ.</p>
<p>Thu ngân sách nhà nước trên địa bàn ước đạt 133.000 tỷ đồng, bằng 31,6% dự toán năm.</p>
</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Xuất khẩu tháng 3 tăng 15%</a></li></ul></aside>
<footer>© 2024 Kinh tế Đô thị</footer>
</body></html>"""

HOSTILE = """<!DOCTYPE html><html><head><title>Xuất khẩu tháng 5 tăng 6,2%</title>
<script>alert('xss-head');document.cookie</script>
<style>body{background:url(javascript:alert(1))}</style></head>
<body onload="alert('xss-onload')">
<article><h1>Xuất khẩu tháng 5 tăng 6,2%</h1>
<p>Kim ngạch xuất khẩu tháng 5 ước tăng 6,2% so với tháng trước và tăng 17% so với cùng kỳ năm 2021.</p>
<img src="x.png" onerror="alert('xss-img')">
<p>Lũy kế 5 tháng, kim ngạch xuất khẩu tăng 11,5% so với cùng kỳ. <a href="javascript:steal()">Xem chi tiết</a></p>
<script>document.write('<p>Tăng 99% injected</p>')</script>
<iframe src="javascript:alert('xss-iframe')"></iframe>
<p onclick="alert('xss-click')">Kim ngạch nhập khẩu trong tháng ước tăng 23,3% so với tháng trước.</p>
<svg><script>alert('xss-svg')</script></svg>
</article></body></html>"""


def test_html_page():
    doc = from_text(PAGE)
    assert doc.title == "Hà Nội: GRDP quý I tăng 7,2%"
    assert doc.published == D(2024, 4, 2)
    assert doc.url == "https://kinhtedothi.example.vn/ha-noi-grdp-quy-i-tang-7-2-post123.html"
    assert doc.source == "Kinh tế Đô thị"
    assert "ước tăng 7,2% so với cùng kỳ" in doc.text and "214.000 tỷ đồng" in doc.text
    assert "<" not in doc.text and "Trang chủ" not in doc.text and "©" not in doc.text


def test_html_file_and_date_from_the_text(tmp_path):
    page = PAGE.replace('<meta property="article:published_time" content="2024-04-02T08:15:00+07:00">', "")
    page = page.replace("<h1>Hà Nội: GRDP quý I tăng 7,2%</h1>", "<h1>Hà Nội: GRDP quý I tăng 7,2%</h1>\n"
                        "<p>Cập nhật: 03/04/2024 - 09:30</p>")
    path = tmp_path / "grdp.html"
    path.write_bytes(page.encode("utf-8"))
    doc = read_path(path)
    assert doc.published == D(2024, 4, 3) and doc.path == str(path)
    assert doc.text.startswith("Hà Nội: GRDP quý I tăng 7,2%")


ARTICLE_HTML = ("<p>Theo Cục Thống kê Hà Nội, tổng sản phẩm trên địa bàn (GRDP) quý I/2024 ước tăng 7,2% so với "
                "cùng kỳ năm trước, cao hơn mức tăng 6,1% của cùng kỳ năm 2023.</p><p>Tổng mức bán lẻ hàng hóa quý I "
                "đạt 214.000 tỷ đồng, tăng 9,8% so với cùng kỳ theo số liệu công bố ngày 29/3/2024.</p>")
SIDEBAR = ("<aside><h3>Tin liên quan</h3><ul><li><a href='/a'>Xuất khẩu tháng 5/2025 tăng 15%</a> "
           "<span>12/06/2025</span></li></ul></aside>")


@pytest.mark.parametrize("date_html,date", [
    ('<time datetime="2024-04-02T10:30:00+07:00">02/04/2024</time>', D(2024, 4, 2)),
    ('<span class="date">Thứ ba, 2/4/2024, 10:30 (GMT+7)</span>', D(2024, 4, 2)),
    ('<div class="time">Thứ ba, <b>02/04/2024</b> 10:30</div>', D(2024, 4, 2)),
    ("", D(2024, 3, 29)),  # no dateline: the body's date, never the sidebar's
])
def test_html_dates(date_html, date):
    page = (f"<!DOCTYPE html><html><head><title>GRDP Hà Nội quý I</title></head><body><header>Trang chủ</header>"
            f"<div class='detail'><h1>GRDP Hà Nội quý I tăng 7,2%</h1>{date_html}{ARTICLE_HTML}</div>{SIDEBAR}"
            "</body></html>")
    assert from_text(page).published == date


def test_hostile_html_yields_only_text():
    doc = from_text(HOSTILE)
    assert "ước tăng 6,2% so với tháng trước" in doc.text and "tăng 23,3%" in doc.text
    lowered = doc.text.lower()
    for bad in ("alert", "xss", "javascript", "onerror", "onload", "onclick", "script", "cookie", "injected",
                "99%", "<", ">"):
        assert bad not in lowered
    assert doc.title == "Xuất khẩu tháng 5 tăng 6,2%"


def test_nested_html_is_a_reason():
    page = "<html><body>" + "<div>" * 50_000 + "<p>Tăng 5%</p>" + "</div>" * 50_000 + "</body></html>"
    with pytest.raises(SkipDocument, match="nested too deeply"):
        from_text(page)


def test_html_limits(monkeypatch):
    monkeypatch.setattr(html_mod, "MAX_HTML_CHARS", 1000)
    with pytest.raises(SkipDocument, match="too large"):
        from_text(PAGE)
    with pytest.raises(SkipDocument, match="no article text"):
        from_text("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")


def test_time_limit():
    with pytest.raises(SkipDocument, match="longer than"):
        with html_mod.time_limit(0.05):
            while True:
                pass


# --- encodings --------------------------------------------------------------------------

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese legacy files have it: base letters, then combining tones."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


VIET = ("Giá tiêu dùng tại Hà Nội tháng 6 nhích nhẹ\n\nCập nhật: 04/07/2023 - 09:30\n\n"
        "Cục Thống kê Hà Nội cho biết, chỉ số giá tiêu dùng (CPI) trên địa bàn tháng 6/2023 tăng 0,11% so với "
        "tháng trước nhưng giảm 0,23% so với cùng kỳ năm trước. Bình quân quý II, CPI tăng 0,20%; "
        "riêng nhóm giáo dục giảm 4,43% và nhóm giao thông giảm 3,46% — “ổn định”.\n")

ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-sig": lambda s: s.encode("utf-8-sig"),
    "utf-16": lambda s: s.encode("utf-16"),
    "utf-16-be-bom": lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
    "cp1258": cp1258,
    "nfd-utf-8": lambda s: unicodedata.normalize("NFD", s).encode("utf-8"),
    "crlf-utf-8": lambda s: s.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("name", ENCODINGS)
def test_encodings_give_the_same_document(tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(ENCODINGS[name](VIET))
    doc = read_path(path)
    reference = from_text(VIET)
    assert doc.text == reference.text == unicodedata.normalize("NFC", VIET)
    assert doc.doc_id == reference.doc_id
    assert doc.published == D(2023, 7, 4)


def test_utf8_with_a_damaged_byte_stays_utf8(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes(VIET.encode("utf-8").replace("Bình quân".encode(), b"B\xffnh qu\xe2n"))
    doc = read_path(path)
    assert "chỉ số giá tiêu dùng (CPI)" in doc.text and "\ufffd" in doc.text


def test_decomposed_text_equals_composed():
    assert from_text(unicodedata.normalize("NFD", VIET)).text == from_text(VIET).text


def test_markdown_related_link_is_boilerplate():
    from metrics.document import from_text

    text = "Năm 2024, GRDP của Huế tăng 8,5%.\n\n[Xem thêm](https://example.vn/khac): GRDP quý I/2025 tăng 8%.\n"
    doc = from_text(text)
    link = text.index("[Xem thêm]")
    assert doc.is_excluded(link) and not doc.is_excluded(0)
