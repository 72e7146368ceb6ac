"""Period phrases and comparators, as articles write them."""

import datetime as dt

import pytest

from metrics.periods import Period, find_comparators, find_periods

D = dt.date


@pytest.mark.parametrize("phrase, kind, start, end", [
    ("tháng 1/2026", "month", D(2026, 1, 1), D(2026, 1, 31)),
    ("tháng 2 năm 2024", "month", D(2024, 2, 1), D(2024, 2, 29)),
    ("quý IV/2026", "quarter", D(2026, 10, 1), D(2026, 12, 31)),
    ("Quý I/2023", "quarter", D(2023, 1, 1), D(2023, 3, 31)),
    ("6 tháng đầu năm 2021", "half", D(2021, 1, 1), D(2021, 6, 30)),
    ("nửa đầu năm 2024", "half", D(2024, 1, 1), D(2024, 6, 30)),
    ("6 tháng cuối năm 2021", "half", D(2021, 7, 1), D(2021, 12, 31)),
    ("5 tháng đầu năm 2022", "ytd", D(2022, 1, 1), D(2022, 5, 31)),
    ("lũy kế 8 tháng năm 2025", "ytd", D(2025, 1, 1), D(2025, 8, 31)),
    ("2 tháng đầu năm 2026", "ytd", D(2026, 1, 1), D(2026, 2, 28)),
    ("ba tháng đầu năm 2023", "ytd", D(2023, 1, 1), D(2023, 3, 31)),
    ("tính đến ngày 19/10/2023", "ytd", D(2023, 1, 1), D(2023, 10, 19)),
    ("tính đến hết ngày 31/1/2023", "ytd", D(2023, 1, 1), D(2023, 1, 31)),
    ("tính đến giữa tháng 12/2022", "ytd", D(2022, 1, 1), D(2022, 12, 15)),
    ("từ đầu năm đến ngày 20-5-2024", "ytd", D(2024, 1, 1), D(2024, 5, 20)),
    ("ước thực hiện hết tháng 11/2023", "ytd", D(2023, 1, 1), D(2023, 11, 30)),
    ("hết quý III/2024", "ytd", D(2024, 1, 1), D(2024, 9, 30)),
    ("năm 2026", "year", D(2026, 1, 1), D(2026, 12, 31)),
    ("hai năm cuối của kế hoạch 2016-2020", "multi_year", D(2019, 1, 1), D(2020, 12, 31)),
    ("3 năm đầu giai đoạn 2021-2025", "multi_year", D(2021, 1, 1), D(2023, 12, 31)),
    ("giai đoạn 2021-2025", "multi_year", D(2021, 1, 1), D(2025, 12, 31)),
    ("bình quân 5 năm 2021-2025", "multi_year", D(2021, 1, 1), D(2025, 12, 31)),
    ("hai năm đầu (2021 – 2022)", "multi_year", D(2021, 1, 1), D(2022, 12, 31)),
    ("3 năm cuối (2023-2025)", "multi_year", D(2023, 1, 1), D(2025, 12, 31)),
    ("tháng đầu năm 2026", "month", D(2026, 1, 1), D(2026, 1, 31)),
    ("tháng Mười năm 2024", "month", D(2024, 10, 1), D(2024, 10, 31)),   # the statistics office's style
    ("trong tháng mười một năm 2024", "month", D(2024, 11, 1), D(2024, 11, 30)),
    ("tháng giêng năm 2025", "month", D(2025, 1, 1), D(2025, 1, 31)),
    ("tháng Mười Hai/2023", "month", D(2023, 12, 1), D(2023, 12, 31)),
])
def test_period_phrases(phrase, kind, start, end):
    found = [p for _, _, p in find_periods(phrase)]
    assert found, f"no period found in {phrase!r}"
    assert found[0].type == kind
    assert found[0].bounds == (start, end)


@pytest.mark.parametrize("phrase, n", [("tháng 5", 5), ("quý III", 3), ("9 tháng", 9)])
def test_period_without_year_waits_for_context(phrase, n):
    (_, _, p), = find_periods(phrase)
    assert p.year is None and p.n == n and p.bounds == (None, None)
    assert p.with_year(2022).bounds[0].year == 2022


@pytest.mark.parametrize("phrase, basis", [
    ("tăng 24% so với cùng kỳ", "yoy"),
    ("tăng 32,4% so cùng kỳ", "yoy"),
    ("tăng 19,6% so với cùng kỳ năm 2022", "yoy"),
    ("tăng 12,38% so với năm 2020", "yoy"),
    ("tăng 0,11% so với tháng trước", "prev_period"),
    ("nhích 0,8% so với tháng 8", "prev_period"),
    ("tăng 2,1% so với tháng 12/2023", "prev_dec"),
    ("tăng 1% so với tháng 12 năm trước", "prev_dec"),
    ("tăng 0,20% so với bình quân cùng kỳ", "yoy"),
    ("gấp 2,8 lần cùng kỳ", "multiple"),
])
def test_comparators(phrase, basis):
    assert [b for _, _, b in find_comparators(phrase)][:1] == [basis]


def test_comparator_years_are_not_periods():
    text = "tăng 19,6% so với cùng kỳ năm 2022"
    masked = [(a, b) for a, b, _ in find_comparators(text)]
    assert list(find_periods(text, masked=masked)) == []


@pytest.mark.parametrize("text, found", [
    ("Năm ngoái, cả nước xuất khẩu 20 tỷ USD", True),
    ("so với mức 19% năm ngoái", True),
    ("cao hơn năm ngoái 20%", False),  # a comparison, not a period
    ("giảm so với cuối năm ngoái", False),  # a part of the year
    ("hai năm trước, giá đã tăng", False),  # a count of years
])
def test_last_year_is_a_period_only_where_it_names_one(text, found):
    got = [p for _, _, p in find_periods(text) if p.relative == "last_year"]
    assert bool(got) == found, text


def test_plan_periods_are_marked():
    text = "kết quả năm 2020; phương hướng, nhiệm vụ năm 2021"
    periods = [p for _, _, p in find_periods(text)]
    assert periods == [Period("year", 2020), Period("year", 2021, plan=True)]


def test_lower_case_thang_nam_is_not_may():
    """ "tháng năm 2024" is a year; "tháng Năm/2024" (capitalised) is May."""
    assert [p.type for _, _, p in find_periods("tháng năm 2024")] == ["year"]
    assert [p.n for _, _, p in find_periods("tháng Năm/2024")] == [5]
