"""Reference magnitudes: how large a level can plausibly be for a metric, a place and a period.

Data, not rules: :data:`NATION_YEAR` is the order of magnitude of each metric for the whole country
in one year (mid-2020s, canonical units); :data:`PLACE_SHARE` caps the share of it one place can
hold; a flow (exports, retail sales) scales with the months its period covers, a per-person level
does not. :func:`ceiling` combines them; a level above the ceiling is ``suspect``.
"""

from __future__ import annotations

import pandas as pd

#: metric -> (canonical unit, the nation's level in one year, is it a flow summed over months).
NATION_YEAR: dict[str, tuple[str, float, bool]] = {
    "grdp":              ("bn VND", 12_500_000, True),
    "grdp_per_capita":   ("mn VND", 125, False),
    "retail_sales":      ("bn VND", 7_000_000, True),
    "exports":           ("mn USD", 480_000, True),
    "imports":           ("mn USD", 460_000, True),
    "new_firms":         ("count", 200_000, True),
    "new_firms_capital": ("bn VND", 1_700_000, True),
    "budget_revenue":    ("bn VND", 2_600_000, True),
    "budget_spending":   ("bn VND", 2_600_000, True),
    "fdi":               ("mn USD", 40_000, True),
    "fdi_disbursed":     ("mn USD", 27_000, True),
    "public_investment": ("bn VND", 900_000, True),
    "tourists":          ("count", 150_000_000, True),
    "tourism_revenue":   ("bn VND", 1_000_000, True),
}
#: Per-person levels in USD (grdp_per_capita is stated in đồng or in dollars).
NATION_YEAR_USD_PER_PERSON = 5_000

#: The largest share of the nation's level one place of each kind can hold (per-person levels:
#: the largest multiple of the nation's).
PLACE_SHARE = {"nation": 1.0, "big_city": 0.35, "province": 0.25, "local": 0.03}
PER_PERSON_MULTIPLE = {"nation": 1.0, "big_city": 3.0, "province": 4.0, "local": 4.0}
BIG_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh"})
LOCAL_WORDS = ("xã ", "phường ", "thị trấn ", "huyện ", "quận ", "thị xã ", "đặc khu ")
#: Room above the reference before a level is called suspect (growth over the years, rough data).
SLACK = 1.5

MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def place_kind(geo: str) -> str:
    """"nation", "big_city", "local" (commune, ward, district) or "province"."""
    if geo == "Việt Nam":
        return "nation"
    if geo in BIG_CITIES:
        return "big_city"
    if geo.lower().startswith(LOCAL_WORDS):
        return "local"
    return "province"


def months(period_type: str, start, end) -> float:
    """How many months a period covers (a year to date: from January to its end)."""
    if period_type in MONTHS:
        return MONTHS[period_type]
    if pd.isna(start) or pd.isna(end):
        return 12.0
    return max(1.0, round((pd.Timestamp(end) - pd.Timestamp(start)).days / 30.44))


def ceiling(metric: str, unit: str, geo: str, period_type: str, start, end) -> float | None:
    """The largest plausible level, or None when the table has no reference for it."""
    ref = NATION_YEAR.get(metric)
    if ref is None:
        return None
    ref_unit, nation, flow = ref
    kind = place_kind(geo)
    if not flow:
        if unit == "USD":
            nation = NATION_YEAR_USD_PER_PERSON
        elif unit != ref_unit:
            return None
        return nation * PER_PERSON_MULTIPLE[kind] * SLACK
    if unit != ref_unit:
        return None
    return nation * PLACE_SHARE[kind] * months(period_type, start, end) / 12 * SLACK
