"""A whole report as a national statistics office writes one (our own text, in tests/data): every row it
must give, in order, and nothing else. A failing case names the first row that differs."""

from pathlib import Path

import pytest

import metrics

REPORT = Path(__file__).parent / "data" / "national_quarter_report.txt"

#: (metric, part, measure, value, status, basis, period_type, period_start); geo is Việt Nam throughout.
EXPECTED = [
    ("grdp", "", "growth_pct", 7.4, "estimate", "yoy", "quarter", "2024-07-01"),
    ("grdp", "agriculture", "growth_pct", 2.58, "actual", "yoy", "quarter", "2024-07-01"),
    ("grdp", "industry_construction", "growth_pct", 9.11, "actual", "yoy", "quarter", "2024-07-01"),
    ("grdp", "services", "growth_pct", 7.51, "actual", "yoy", "quarter", "2024-07-01"),
    ("grdp", "", "growth_pct", 6.82, "actual", "yoy", "ytd", "2024-01-01"),
    ("grdp", "agriculture", "share_pct", 11.91, "actual", "", "ytd", "2024-01-01"),
    ("grdp", "industry_construction", "share_pct", 37.12, "actual", "", "ytd", "2024-01-01"),
    ("grdp", "services", "share_pct", 42.36, "actual", "", "ytd", "2024-01-01"),
    ("iip", "", "growth_pct", -0.6, "estimate", "prev_period", "month", "2024-09-01"),
    ("iip", "", "growth_pct", 10.8, "estimate", "yoy", "month", "2024-09-01"),
    ("iip", "", "growth_pct", 8.4, "estimate", "yoy", "ytd", "2024-01-01"),
    ("iip", "manufacturing", "growth_pct", 9.8, "estimate", "yoy", "ytd", "2024-01-01"),
    ("iip", "mining", "growth_pct", -6.9, "estimate", "yoy", "ytd", "2024-01-01"),
    ("retail_sales", "", "level", 531300.0, "estimate", "", "month", "2024-09-01"),
    ("retail_sales", "", "growth_pct", 7.6, "estimate", "yoy", "month", "2024-09-01"),
    ("retail_sales", "", "level", 4690600.0, "estimate", "", "ytd", "2024-01-01"),
    ("retail_sales", "", "growth_pct", 8.8, "estimate", "yoy", "ytd", "2024-01-01"),
    ("exports", "", "growth_pct", 15.4, "estimate", "yoy", "ytd", "2024-01-01"),
    ("imports", "", "growth_pct", 17.3, "estimate", "yoy", "ytd", "2024-01-01"),
    ("cpi", "", "growth_pct", 0.29, "actual", "prev_period", "month", "2024-09-01"),
    ("cpi", "", "growth_pct", 2.09, "actual", "prev_dec", "month", "2024-09-01"),
    ("cpi", "", "growth_pct", 2.63, "actual", "yoy", "month", "2024-09-01"),
    ("cpi", "", "growth_pct", 3.88, "actual", "yoy", "ytd", "2024-01-01"),
    ("new_firms", "", "level", 180000.0, "actual", "", "ytd", "2024-01-01"),
    ("new_firms_capital", "", "level", 1164700.0, "actual", "", "ytd", "2024-01-01"),
    ("new_firms", "", "growth_pct", -4.4, "actual", "yoy", "ytd", "2024-01-01"),
    ("new_firms_capital", "", "growth_pct", 7.6, "actual", "yoy", "ytd", "2024-01-01"),
    ("budget_revenue", "", "level", 1523600.0, "estimate", "", "ytd", "2024-01-01"),
    ("budget_revenue", "", "plan_pct", 89.4, "estimate", "", "ytd", "2024-01-01"),
    ("budget_revenue", "", "growth_pct", 16.9, "estimate", "yoy", "ytd", "2024-01-01"),
    ("budget_spending", "", "level", 1308500.0, "estimate", "", "ytd", "2024-01-01"),
    ("budget_spending", "", "plan_pct", 61.7, "estimate", "", "ytd", "2024-01-01"),
    ("public_investment", "", "level", 416800.0, "estimate", "", "ytd", "2024-01-01"),
    ("public_investment", "", "plan_pct", 54.3, "estimate", "", "ytd", "2024-01-01"),
    ("tourists", "international", "level", 12700000.0, "actual", "", "ytd", "2024-01-01"),
    ("tourists", "international", "growth_pct", 45.4, "actual", "yoy", "ytd", "2024-01-01"),
]


#: A province's half-year report: the title's figure, the sectors, a month within the half, plans for the year.
PROVINCE = Path(__file__).parent / "data" / "province_half_report.txt"
EXPECTED_PROVINCE = [
    ("grdp", "", "growth_pct", 5.12, "estimate", "yoy", "half", "2024-01-01"),
    ("grdp", "industry_construction", "growth_pct", 5.3, "actual", "yoy", "half", "2024-01-01"),
    ("grdp", "services", "growth_pct", 6.4, "actual", "yoy", "half", "2024-01-01"),
    ("grdp", "product_taxes", "growth_pct", 3.1, "actual", "yoy", "half", "2024-01-01"),
    ("iip", "", "growth_pct", 4.8, "estimate", "yoy", "half", "2024-01-01"),
    ("iip", "", "growth_pct", 7.2, "estimate", "yoy", "month", "2024-06-01"),
    ("retail_sales", "", "level", 45210.0, "estimate", "", "half", "2024-01-01"),
    ("retail_sales", "", "growth_pct", 11.2, "estimate", "yoy", "half", "2024-01-01"),
    ("exports", "", "level", 26400.0, "estimate", "", "half", "2024-01-01"),
    ("exports", "", "growth_pct", 18.5, "estimate", "yoy", "half", "2024-01-01"),
    ("imports", "", "level", 22100.0, "estimate", "", "half", "2024-01-01"),
    ("imports", "", "growth_pct", 20.3, "estimate", "yoy", "half", "2024-01-01"),
    ("fdi", "", "level", 2060.0, "actual", "", "half", "2024-01-01"),
    ("new_firms", "", "level", 1215.0, "actual", "", "half", "2024-01-01"),
    ("new_firms_capital", "", "level", 12500.0, "actual", "", "half", "2024-01-01"),
    ("budget_revenue", "", "level", 16834.0, "estimate", "", "half", "2024-01-01"),
    ("budget_revenue", "", "plan_pct", 52.4, "estimate", "", "half", "2024-01-01"),
    ("budget_revenue", "", "growth_pct", 8.7, "estimate", "yoy", "half", "2024-01-01"),
    ("public_investment", "", "plan_pct", 38.5, "actual", "", "half", "2024-01-01"),
    ("tourists", "", "level", 1200000.0, "actual", "", "half", "2024-01-01"),
    ("tourism_revenue", "", "level", 1250.0, "actual", "", "half", "2024-01-01"),
    ("grdp", "", "growth_pct", 8.0, "target", "yoy", "year", "2024-01-01"),
    ("budget_revenue", "", "level", 38000.0, "target", "", "year", "2024-01-01"),
    ("grdp", "", "growth_pct", 5.12, "estimate", "yoy", "half", "2024-01-01"),
]


#: (report, its rows, the one place they are about, figures on the page that are not rows)
REPORTS = [
    # a contribution to growth, total trade, the trade balance, core inflation, a related article
    (REPORT, EXPECTED, "Việt Nam", ("5,16%", "582,03", "20,79", "2,69%", "6,93%")),
    # a related article's figure
    (PROVINCE, EXPECTED_PROVINCE, "Bắc Ninh", ("3 tỷ USD",)),
]


@pytest.mark.parametrize("path,expected,geo,not_rows", REPORTS, ids=[r[0].stem for r in REPORTS])
def test_a_whole_report_gives_exactly_its_rows(path, expected, geo, not_rows):
    df = metrics.extract_paths([path])
    got = [(r.metric, r.part, r.measure, r.value, r.status, r.basis, r.period_type, str(r.period_start)[:10])
           for r in df.itertuples()]
    for i, (g, e) in enumerate(zip(got, expected, strict=False)):
        assert g == e, f"row {i}: got {g}, expected {e}"
    assert len(got) == len(expected), f"{len(got)} rows, expected {len(expected)}: {got[len(expected):]}"
    assert set(df.geo) == {geo}
    quotes = " ".join(df["quote"])
    for words in not_rows:
        assert words not in quotes
