"""Observations: consolidation of mentions and the conflict / superseded / suspect flags."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.observations import COLUMNS, PLAUSIBLE, consolidate
from metrics.table import to_frame


def fig(figure_id, value, *, doc="d1", published="2024-02-01", metric="exports", measure="level",
        basis="", status="actual", qualifier="exact", start="2024-01-01", end="2024-01-31",
        period_type="month", unit="mn USD", geo="Hà Nội", value_high=None, part=""):
    return dict(figure_id=figure_id, doc_id=doc, path=f"{doc}.txt", published=published, metric=metric,
                measure=measure, basis=basis, value=value, value_high=value_high, unit=unit, qualifier=qualifier,
                status=status, period_type=period_type, period_start=start, period_end=end, geo=geo, part=part,
                sentence="s", quote="q", start=0, end=1)


def frame(*rows):
    return to_frame(rows)


def test_one_observation_from_several_outlets():
    obs = consolidate(frame(fig(1, 1500.0, doc="a", published="2024-02-03"),
                            fig(2, 1500.0, doc="b", published="2024-02-10"),
                            fig(3, 1500.0, doc="b", published="2024-02-10")))
    assert list(obs.columns) == list(COLUMNS)
    assert len(obs) == 1
    o = obs.iloc[0]
    assert o.value == 1500.0 and o.n_sources == 2 and o.n_mentions == 3
    assert o.figure_ids == [1, 2, 3]
    assert o.first_published == pd.Timestamp("2024-02-03") and o.last_published == pd.Timestamp("2024-02-10")
    assert not o.conflict and not o.superseded and not o.suspect and o.suspect_reason == ""


def test_latest_actual_wins_and_supersedes_the_estimate():
    obs = consolidate(frame(fig(1, 100.0, status="estimate", published="2024-01-25"),
                            fig(2, 104.0, status="actual", published="2024-02-20"),
                            fig(3, 99.0, status="estimate", published="2024-03-01")))
    o = obs.iloc[0]
    assert (o.value, o.status, o.superseded, o.conflict) == (104.0, "actual", True, False)


def test_latest_estimate_when_no_actual():
    obs = consolidate(frame(fig(1, 100.0, status="estimate", published="2024-01-25"),
                            fig(2, 102.0, status="estimate", published="2024-01-28")))
    assert obs.iloc[0].value == 102.0 and obs.iloc[0].status == "estimate" and not obs.iloc[0].superseded


def test_targets_are_apart_from_actuals():
    obs = consolidate(frame(fig(1, 100.0, status="actual"), fig(2, 120.0, status="target")))
    assert sorted(obs.status_kind) == ["actual", "target"]
    assert not obs.conflict.any()
    assert dict(zip(obs.status_kind, obs.value, strict=True)) == {"actual": 100.0, "target": 120.0}


def test_units_and_places_are_separate_series():
    obs = consolidate(frame(fig(1, 5870.0, unit="USD"), fig(2, 135.0, unit="mn VND"),
                            fig(3, 5870.0, unit="USD", geo="Đà Nẵng")))
    assert len(obs) == 3 and not obs.conflict.any()


def test_figures_without_period_dates_make_no_observation():
    f = frame(fig(1, 100.0), fig(2, 5.0, start=None, end=None))
    assert consolidate(f).figure_ids.tolist() == [[1]]
    assert consolidate(f.iloc[1:]).empty


def _conflict(*pairs):
    rows = [fig(i, v, doc=f"d{i}", **kw) for i, (v, kw) in enumerate(pairs, start=1)]
    return bool(consolidate(frame(*rows)).iloc[0].conflict)


def test_agreement_allows_for_rounding():
    g = dict(measure="growth_pct", basis="yoy", unit="%")
    assert not _conflict((12.6, g), (12.63, g))
    assert _conflict((12.6, g), (12.7, g))
    assert not _conflict((1500.0, {}), (1523.0, {}))        # 1,5 nghìn tỷ and 1.523 tỷ
    assert _conflict((3000.0, {}), (3400.0, {}))
    assert not _conflict((70.0, {"qualifier": "approx"}), (72.1, {}))  # khoảng 70
    assert not _conflict((3000.0, {"qualifier": "more_than"}), (3245.0, {}))
    assert _conflict((3000.0, {"qualifier": "less_than"}), (3245.0, {}))
    assert not _conflict((22.0, {"value_high": 23.0, "qualifier": "at_least"}), (22.6, {}))
    assert _conflict((-7.0, {"qualifier": "more_than", **g}), (-6.0, g))  # giảm hơn 7%
    assert not _conflict((-7.0, {"qualifier": "more_than", **g}), (-7.4, g))


def test_growth_outside_the_metric_range_is_suspect():
    lo, hi, _ = PLAUSIBLE["grdp"]
    obs = consolidate(frame(fig(1, hi + 10, metric="grdp", measure="growth_pct", basis="yoy", unit="%"),
                            fig(2, 6.5, metric="grdp", measure="growth_pct", basis="yoy", unit="%",
                                start="2024-02-01", end="2024-02-29")))
    bad = obs[obs.suspect]
    assert len(bad) == 1 and bad.iloc[0].value == hi + 10
    assert "outside" in bad.iloc[0].suspect_reason and "grdp" in bad.iloc[0].suspect_reason


def test_monthly_level_far_from_its_neighbours_is_suspect():
    months = [("2024-01-01", "2024-01-31", 100.0), ("2024-02-01", "2024-02-29", 110.0),
              ("2024-03-01", "2024-03-31", 1150.0), ("2024-04-01", "2024-04-30", 120.0),
              ("2024-05-01", "2024-05-31", 125.0)]
    obs = consolidate(frame(*[fig(i, v, start=s, end=e) for i, (s, e, v) in enumerate(months)]))
    assert obs[obs.suspect].value.tolist() == [1150.0]
    assert "neighbours" in obs[obs.suspect].iloc[0].suspect_reason
    # a single neighbour is not enough to judge
    assert not consolidate(frame(*[fig(i, v, start=s, end=e) for i, (s, e, v) in
                                   enumerate(months[1:3])])).suspect.any()


def test_level_and_growth_against_the_year_before():
    year = dict(period_type="year", metric="exports")
    before = fig(1, 1000.0, start="2023-01-01", end="2023-12-31", **year)
    level = fig(2, 1100.0, start="2024-01-01", end="2024-12-31", **year)
    good = fig(3, 10.0, measure="growth_pct", basis="yoy", unit="%", start="2024-01-01", end="2024-12-31", **year)
    assert not consolidate(frame(before, level, good)).suspect.any()
    bad = dict(good, value=45.0)
    obs = consolidate(frame(before, level, bad))
    flagged = obs[obs.suspect]
    assert sorted(flagged.measure) == ["growth_pct", "level"]
    assert "a year before" in flagged.iloc[0].suspect_reason and "1000" in flagged.iloc[0].suspect_reason


def test_leap_year_period_ends_still_match_the_year_before():
    ytd = dict(period_type="ytd", metric="exports")
    before = fig(1, 1000.0, start="2023-01-01", end="2023-02-28", **ytd)
    level = fig(2, 2000.0, start="2024-01-01", end="2024-02-29", **ytd)
    growth = fig(3, 10.0, measure="growth_pct", basis="yoy", unit="%", start="2024-01-01", end="2024-02-29", **ytd)
    assert consolidate(frame(before, level, growth)).suspect.sum() == 2


_rows = st.lists(st.tuples(st.sampled_from(["exports", "grdp"]), st.sampled_from(["actual", "estimate", "target"]),
                           st.integers(1, 3), st.floats(1, 1000, allow_nan=False).map(lambda x: round(x, 1)),
                           st.integers(1, 28)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(_rows, st.randoms())
def test_input_order_does_not_matter(rows, rnd):
    figs = [fig(i, v, metric=m, status=s, start=f"2024-{mo:02d}-01", end=f"2024-{mo:02d}-28",
                published=f"2024-05-{day:02d}", doc=f"d{i % 3}")
            for i, (m, s, mo, v, day) in enumerate(rows)]
    shuffled = list(figs)
    rnd.shuffle(shuffled)
    a, b = consolidate(frame(*figs)), consolidate(frame(*shuffled))
    pd.testing.assert_frame_equal(a, b)
    assert sum(len(ids) for ids in a.figure_ids) == len(figs)


def test_an_estimate_and_an_actual_far_apart_conflict():
    """432.700 then 78.500 tỷ đồng for one month: superseded and, beyond a revision, a conflict."""
    obs = consolidate(frame(
        fig(1, 432700.0, status="estimate", metric="retail_sales", unit="bn VND", published="2026-01-30"),
        fig(2, 78500.0, status="actual", metric="retail_sales", unit="bn VND", published="2026-02-20", doc="d2")))
    o = obs.iloc[0]
    assert (o.value, o.superseded, o.conflict) == (78500.0, True, True)


def test_a_level_beyond_the_reference_magnitudes_is_suspect():
    from metrics.magnitudes import ceiling, place_kind

    assert place_kind("Hà Nội") == "big_city" and place_kind("Việt Nam") == "nation"
    assert place_kind("xã Hương Sơn") == "local" and place_kind("Bắc Ninh") == "province"
    month = ceiling("retail_sales", "bn VND", "Hà Nội", "month", pd.Timestamp("2026-01-01"), pd.Timestamp("2026-01-31"))
    year = ceiling("retail_sales", "bn VND", "Hà Nội", "year", pd.Timestamp("2026-01-01"), pd.Timestamp("2026-12-31"))
    assert year == 12 * month
    obs = consolidate(frame(
        fig(1, 432700.0, metric="retail_sales", unit="bn VND", start="2026-01-01", end="2026-01-31"),
        fig(2, 432700.0, metric="retail_sales", unit="bn VND", period_type="year", start="2025-01-01",
            end="2025-12-31"),
        fig(3, 250000.0, metric="retail_sales", unit="bn VND", geo="Bắc Ninh"),
        fig(4, 250000.0, metric="retail_sales", unit="bn VND", geo="Hà Nội", start="2026-02-01", end="2026-02-28")))
    by = {(r.geo, r.period_type, r.period_start.month): r for r in obs.itertuples()}
    assert by[("Hà Nội", "month", 1)].suspect and "retail_sales" in by[("Hà Nội", "month", 1)].suspect_reason
    assert not by[("Hà Nội", "year", 1)].suspect
    assert by[("Bắc Ninh", "month", 1)].suspect and not by[("Hà Nội", "month", 2)].suspect  # a province holds less


def test_fdi_disbursed_has_a_plausible_growth_range():
    assert "fdi_disbursed" in PLAUSIBLE
