"""The fast paths of extraction give exactly what the plain paths give.

``table.to_frame`` builds one block per dtype; its general path (a column at a time) must give the same
frame. ``extract._LazyDocState`` reads the document's defaults only when the engine asks; the eager
``_doc_state`` must give the same rows and the same decisions (``explain``'s trace) on the same text.
The texts are Vietnamese reports written for these tests, shaped like the articles the engine reads.
"""

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest

import metrics
from metrics import extract, table
from metrics.document import from_text
from metrics.engine.resolve import DocState

ARTICLES = [
    # a monthly report: title, lead with a period, several figures a sentence
    "Kinh tế Đà Nẵng tháng 5/2025\n\nTrong tháng 5, kim ngạch xuất khẩu của thành phố ước đạt 152,3 triệu USD, "
    "tăng 8,4% so với cùng kỳ. Tổng thu ngân sách 5 tháng đạt 9.875 tỷ đồng, bằng 45,2% dự toán.\n\n"
    "Lượng khách quốc tế đến Đà Nẵng ước đạt 412 nghìn lượt, tăng 21% so với tháng trước.",
    # no year in the lead: the year comes from a comparison in the body
    "Xuất khẩu tăng mạnh\n\nTháng 1, xuất khẩu cả nước ước đạt 3,5 tỷ USD, tăng 12% so với cùng kỳ năm 2003.",
    # figures that are not the catalogue's: the engine reads them and gives no row
    "Giá vàng hôm nay\n\nGiá vàng miếng trong nước tăng 1,2% lên 89 triệu đồng mỗi lượng. Thuế nhập khẩu "
    "xăng dầu giảm còn 10%.",
    # a province that speaks of itself, a forecast, a target
    "Toàn tỉnh phấn đấu tăng trưởng GRDP năm 2026 đạt 10% trở lên.\n\nTheo dự báo, vốn FDI đăng ký mới năm "
    "nay đạt khoảng 1,5 tỷ USD.",
    # a heading that gives the place, items under a lead-in
    "2. Khánh Hòa\n\nSố liệu thu hút đầu tư năm 2024:\n- Vốn FDI đăng ký đạt 520 triệu USD.\n"
    "- Chỉ số sản xuất công nghiệp tăng 7,3%.",
    # a number with no figure at all, and a blank-free one-liner
    "Hội nghị có 350 đại biểu tham dự vào ngày 12/3.",
    "Năm 2023, GDP tăng 5,05%.",
    # a title about a foreign economy (the document's topic): its figures are not ours
    "Kinh tế Nhật Bản phục hồi\n\nNăm 2024, GDP tăng 1,9% so với năm trước, xuất khẩu đạt 700 tỷ USD.",
    # a title that names the province (titled), a plan for a year in the lead
    "Kinh tế Bắc Ninh năm 2024\n\nNghị quyết về mục tiêu tăng trưởng năm 2025 đặt GRDP tăng 10%.\n\n"
    "Cả nước có GDP tăng 7,09%, trong khi tỉnh tăng 5,1%.",
]


#: Rows each article gives: the equality below is not between two empty lists.
ROW_COUNTS = [6, 2, 0, 2, 2, 0, 1, None, None]


def _both(doc, monkeypatch):
    """(rows, trace) with the lazy defaults, then with the eager ones."""
    out = []
    for lazy in (True, False):
        if not lazy:
            monkeypatch.setattr(extract, "_LazyDocState", lambda *a: extract._doc_state(*a))
        trace: list = []
        out.append((extract.extract_document(doc, trace), trace))
        out.append((extract.extract_document(doc), None))  # without a trace: the path extraction takes
    return out


@pytest.mark.parametrize(("text", "n"), list(zip(ARTICLES, ROW_COUNTS, strict=True)), ids=range(len(ARTICLES)))
def test_lazy_defaults_give_the_eager_rows_and_decisions(text, n, monkeypatch):
    (lazy, lazy_trace), (lazy_plain, _), (eager, eager_trace), (eager_plain, _) = _both(
        from_text(text, published="2025-06-02", path="a.txt"), monkeypatch)
    assert n is None or len(lazy) == n
    assert lazy == eager == lazy_plain == eager_plain
    assert lazy_trace == eager_trace


def test_lazy_defaults_on_generated_reports(monkeypatch):
    """The benchmark's generated reports (the project's seed texts, shuffled and re-dated): same rows."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from bench_extract import iter_generated

    total = 0
    for i, text in enumerate(iter_generated(12, seed=3)):
        with monkeypatch.context() as m:
            (lazy, lazy_trace), _, (eager, eager_trace), _ = _both(from_text(text, path=f"g{i}.txt"), m)
        assert lazy == eager and lazy_trace == eager_trace
        total += len(lazy)
    assert total > 10  # 33 from the seeds alone (CI has no ../shared), about 400 with the dev set


FIELDS = [f.name for f in dataclasses.fields(DocState)]


@pytest.mark.parametrize("text", ARTICLES, ids=range(len(ARTICLES)))
@pytest.mark.parametrize("first", FIELDS)
def test_each_lazy_default_is_the_eager_one_whichever_is_asked_first(text, first):
    """No dataclass default stands in for a value not read yet ("topic" asked before anything else)."""
    doc = from_text(text, published="2025-06-02")
    mt = extract.match_text(doc.text)
    args = (doc, mt, extract.paragraphs(mt), extract.lower(mt))
    eager, lazy = extract._doc_state(*args), extract._LazyDocState(*args)
    assert getattr(lazy, first) == getattr(eager, first)
    assert {f: getattr(lazy, f) for f in FIELDS} == {f: getattr(eager, f) for f in FIELDS}


def test_lazy_defaults_read_the_text():
    doc = from_text(ARTICLES[7], published="2025-06-02")
    mt = extract.match_text(doc.text)
    lazy = extract._LazyDocState(doc, mt, extract.paragraphs(mt), extract.lower(mt))
    assert lazy.topic == ("foreign", "Nhật Bản") and lazy.year == 2024 and lazy.geo == "Việt Nam"
    with pytest.raises(AttributeError):
        lazy.no_such_default  # noqa: B018


ROWS = [
    [],
    [{"doc_id": "a1", "path": "x.txt", "published": dt.date(2025, 6, 2), "sentence": "Xuất khẩu tăng 8,4%.",
      "start": 3, "end": 9, "quote": "tăng 8,4%", "metric": "exports", "measure": "growth_pct", "basis": "yoy",
      "value": 8.4, "value_high": None, "unit": "%", "qualifier": "exact", "status": "estimate",
      "period_type": "month", "period_start": dt.date(2025, 5, 1), "period_end": dt.date(2025, 5, 31),
      "geo": "Đà Nẵng", "part": ""}],
    # missing keys, ISO dates, text offsets, NaN and None where the contract allows them
    [{"metric": "grdp", "value": "10", "start": "4", "published": "2026-01-30", "geo": None},
     {"metric": "fdi", "value": float("nan"), "end": None, "period_start": pd.Timestamp("2024-01-01"), "source": 7}],
]


@pytest.mark.parametrize("rows", ROWS, ids=["empty", "one row", "loose values"])
def test_frame_by_blocks_is_the_frame_by_columns(rows, monkeypatch):
    fast = table.to_frame(rows)
    monkeypatch.setattr(table, "_make_block", None)
    plain = table.to_frame(rows)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    assert list(fast.columns) == list(table.COLUMNS)


def test_extra_keys_stay_after_the_contract():
    df = table.to_frame([{"metric": "cpi", "value": 3.2, "note": "thử"}])
    assert list(df.columns) == [*table.COLUMNS, "note"] and df.loc[0, "note"] == "thử"


def test_extract_text_table_can_be_changed_like_any_frame():
    df = metrics.extract_text("Năm 2023, GDP tăng 5,05%.", published="2024-01-05")
    df.loc[0, "value"] = 5.1
    df["geo"] = df["geo"].str.upper()
    assert df.loc[0, "value"] == 5.1 and df.loc[0, "geo"] == "VIỆT NAM"
    assert df.dtypes["start"] == "int64" and df.dtypes["period_start"] == "datetime64[ns]"
