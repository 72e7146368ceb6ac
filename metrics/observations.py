"""Observations: the series behind the charts, one row per consolidated figure.

All mentions of the same metric, measure, basis, geo, part, period and unit (GRDP per head
in USD and in đồng are two series) become one observation per *status kind*: ``target`` (targets) apart from ``actual`` (actuals and
estimates). Its value is the latest publication's actual, else the latest estimate (for
targets, the latest target). Flags are shown, never used to drop a row:

- ``conflict``: the mentions behind the value disagree beyond rounding (an estimate and a later
  actual beyond rounding and :data:`REVISION`, the room of an ordinary revision);
- ``superseded``: an estimate was later reported as an actual (the value is the actual);
- ``suspect`` with ``suspect_reason``: a value implausible for its metric (growth outside
  :data:`PLAUSIBLE`; a level above the reference magnitudes of :mod:`metrics.magnitudes` for its
  place and period length; a monthly level far from the place's own neighbouring months).

Figures whose period has no dates (a year nothing settles) stay in the figures table but
make no observation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .magnitudes import SLACK, ceiling

#: The key of an observation.
KEY: tuple[str, ...] = ("metric", "measure", "basis", "geo", "part", "period_type",
                        "period_start", "period_end", "status_kind", "unit")

#: The order of observations in the store and in :func:`consolidate` (with ``period_type`` last).
ORDER: tuple[str, ...] = ("metric", "geo", "part", "measure", "basis", "status_kind", "unit",
                          "period_start", "period_end")

#: Columns of the observations frame, in order.
COLUMNS: tuple[str, ...] = KEY + (
    "value", "value_high", "status", "qualifier", "n_sources", "n_mentions", "figure_ids",
    "first_published", "last_published", "conflict", "superseded", "suspect", "suspect_reason",
)

#: Plausibility per metric: (lowest, highest) growth in % for any basis, and the relative
#: tolerance of the level-and-growth check against the year before (None: not checked,
#: e.g. GRDP growth is real while its levels are nominal; CPI and IIP have no levels).
PLAUSIBLE: dict[str, tuple[float, float, float | None]] = {
    "grdp":              (-15, 25, None),
    "grdp_per_capita":   (-25, 40, None),
    "iip":               (-50, 100, None),
    "retail_sales":      (-50, 100, 0.05),
    "exports":           (-70, 200, 0.05),
    "imports":           (-70, 200, 0.05),
    "cpi":               (-10, 30, None),
    "new_firms":         (-80, 300, 0.05),
    "new_firms_capital": (-95, 1000, 0.05),
    "budget_revenue":    (-70, 200, 0.05),
    "budget_spending":   (-70, 200, 0.05),
    "fdi":               (-99, 2000, 0.05),
    "fdi_disbursed":     (-90, 500, 0.05),
    "public_investment": (-95, 1000, 0.05),
    "tourists":          (-99, 3000, 0.05),
    "tourism_revenue":   (-99, 3000, 0.05),
}
#: A monthly level this many times above (or below) each of its neighbours is suspect.
MONTHLY_JUMP = 5.0
#: Months either side within which another month counts as a neighbour.
NEIGHBOUR_MONTHS = 3
#: Extra room, relative to the value, for "khoảng"/"gần" figures when comparing mentions.
APPROX_SLACK = 0.05
#: An estimate revised into an actual may move this share of its value without a conflict.
REVISION = 0.10
#: Rounding never hides more than this share of a value (3.000 vs 3.400 disagree).
MAX_ROUNDING = 0.02


def empty_frame() -> pd.DataFrame:
    """An observations frame with no rows and the usual dtypes."""
    return typed(pd.DataFrame({c: [] for c in COLUMNS}))


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """Give an observations frame (e.g. read back from the store) its dtypes and column order."""
    df = df.copy()
    for c in ("period_start", "period_end", "first_published", "last_published"):
        df[c] = pd.to_datetime(df[c], errors="coerce").astype("datetime64[ns]")
    for c in ("value", "value_high"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in ("n_sources", "n_mentions"):
        df[c] = pd.to_numeric(df[c]).fillna(0).astype("int64")
    for c in ("conflict", "superseded", "suspect"):
        df[c] = df[c].fillna(False).astype(bool)
    for c in ("metric", "measure", "basis", "geo", "part", "period_type", "status_kind", "unit",
              "status", "qualifier", "suspect_reason"):
        df[c] = df[c].fillna("").astype(str)
    df["figure_ids"] = [[int(i) for i in ids] for ids in df["figure_ids"]]
    return df[list(COLUMNS)].reset_index(drop=True)


def from_arrow(table) -> pd.DataFrame:
    """:func:`typed` for observations read from the store as an Arrow table: one conversion of the
    table, then only the columns that need it (``figure_ids`` as lists of int)."""
    df = table.drop_columns(["figure_ids"]).to_pandas(date_as_object=False, coerce_temporal_nanoseconds=True)
    df.insert(COLUMNS.index("figure_ids"), "figure_ids",
              [ids or [] for ids in table.column("figure_ids").to_pylist()])
    for c, fill, dtype in (("n_sources", 0, "int64"), ("n_mentions", 0, "int64"), ("conflict", False, bool),
                           ("superseded", False, bool), ("suspect", False, bool)):
        if df[c].dtype != dtype:
            df[c] = df[c].astype(object).where(df[c].notna(), fill).astype(dtype)
    for c in ("period_start", "period_end", "first_published", "last_published"):
        if df[c].dtype != "datetime64[ns]":
            df[c] = df[c].astype("datetime64[ns]")
    for c in ("value", "value_high"):
        if df[c].dtype != "float64":
            df[c] = df[c].astype("float64")
    for c in ("metric", "measure", "basis", "geo", "part", "period_type", "status_kind", "unit",
              "status", "qualifier", "suspect_reason"):
        if table.column(c).null_count:
            df[c] = df[c].fillna("")
    return df if list(df.columns) == list(COLUMNS) else df[list(COLUMNS)]


def consolidate(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures (the figures table plus ``figure_id``) -> observations with their flags."""
    f = figures[figures["period_start"].notna() & figures["period_end"].notna()].copy()
    if f.empty:
        return empty_frame()
    keys = list(KEY)
    f["status_kind"] = np.where(f["status"] == "target", "target", "actual")
    f["_rank"] = f["status"].map({"actual": 2, "estimate": 1}).fillna(0).astype(int)
    f["_pub"] = f["published"].fillna(pd.Timestamp.min)
    f["_lo"], f["_hi"] = _bounds(f)
    room = REVISION * f["value"].abs().to_numpy()
    f["_lo_r"], f["_hi_r"] = f["_lo"] - room, f["_hi"] + room
    f = f.sort_values(keys + ["_rank", "_pub", "figure_id"], kind="stable")
    g = f.groupby(keys, sort=False)
    obs = g.tail(1).set_index(keys)[["value", "value_high", "status", "qualifier"]]
    obs["n_sources"] = g["doc_id"].nunique()
    obs["n_mentions"] = g.size()
    obs["figure_ids"] = f.sort_values("figure_id").groupby(keys, sort=False)["figure_id"].agg(list)
    obs["first_published"] = g["published"].min()
    obs["last_published"] = g["published"].max()
    # Agreement: the mentions of the value's own status overlap once rounding is allowed for.
    best = f[f["_rank"] == g["_rank"].transform("max")].groupby(keys, sort=False)
    scale = np.maximum(1.0, best["value"].max().abs())
    same = (best.size() > 1) & (best["_lo"].max() >= best["_hi"].min() - 1e-12 * scale)
    # Across statuses (estimate, then actual): beyond rounding and an ordinary revision.
    revised = (g.size() > 1) & (g["_lo_r"].max() >= g["_hi_r"].min())
    obs["conflict"] = same | revised
    has = f.assign(_a=f["status"] == "actual", _e=f["status"] == "estimate").groupby(keys, sort=False)
    obs["superseded"] = has["_a"].any() & has["_e"].any()
    obs = obs.reset_index()
    obs["suspect_reason"] = _suspect_reasons(obs)
    obs["suspect"] = obs["suspect_reason"] != ""
    return typed(obs.sort_values(list(ORDER) + ["period_type"], kind="stable"))


def typed_keys(df: pd.DataFrame) -> pd.DataFrame:
    """The dtypes of :func:`typed` on the key, value and reason columns a frame has (e.g. observations
    read back from the store for :func:`suspect_reasons`)."""
    df = df.copy()
    for c in df.columns:
        if c in ("period_start", "period_end"):
            df[c] = pd.to_datetime(df[c], errors="coerce").astype("datetime64[ns]")
        elif c in ("value", "value_high"):
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
        elif c in KEY or c == "suspect_reason":
            df[c] = df[c].fillna("").astype(str)
    return df


def suspect_reasons(obs: pd.DataFrame) -> pd.Series:
    """Why each observation (key and value columns, in the order of :data:`ORDER`) is suspect; "" if not.
    Only observations of the same (metric, geo) are compared."""
    return _suspect_reasons(obs.reset_index(drop=True))


def _half_unit(v: pd.Series) -> np.ndarray:
    """Half of the last stated digit: 12.6 -> 0.05, 7 -> 0.5, 432700 -> 50 (at most 2% of the value)."""
    a = np.abs(v.to_numpy(dtype=float))
    a = np.where(np.isfinite(a), a, 0.0)
    unit = np.full(a.shape, 1e-6)
    for d in range(6, -1, -1):
        unit = np.where(np.abs(a - np.round(a, d)) <= 1e-9 * np.maximum(a, 1), 10.0 ** -d, unit)
    for k in range(1, 13):
        unit = np.where((a >= 10.0 ** k) & (np.abs(np.fmod(a, 10.0 ** k)) < 1e-9), 10.0 ** k, unit)
    half = unit / 2
    return np.where(a > 0, np.minimum(half, np.maximum(MAX_ROUNDING * a, 0.5e-6)), half)


def _bounds(f: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The interval of true values each mention allows, after rounding, "khoảng" and "hơn"/"dưới"."""
    v = f["value"].astype(float)
    vh = f["value_high"].astype(float).fillna(v)
    q = f["qualifier"].to_numpy()
    approx = q == "approx"
    lo = v.to_numpy() - _half_unit(v) - np.where(approx, APPROX_SLACK * v.abs(), 0)
    hi = vh.to_numpy() + _half_unit(vh) + np.where(approx, APPROX_SLACK * vh.abs(), 0)
    ranged = f["value_high"].notna().to_numpy()
    up = np.isin(q, ("more_than", "at_least")) & ~ranged
    down = q == "less_than"
    neg = v.to_numpy() < 0  # "giảm hơn 7%" (-7, more_than) allows -8, not -6
    hi = np.where((up & ~neg) | (down & neg), np.inf, hi)
    lo = np.where((down & ~neg) | (up & neg), -np.inf, lo)
    return lo, hi


def _suspect_reasons(obs: pd.DataFrame) -> pd.Series:
    reasons: list[list[str]] = [[] for _ in range(len(obs))]
    for checker in (_check_ranges, _check_magnitudes, _check_monthly_levels, _check_level_growth):
        for i, why in checker(obs):
            reasons[i].append(why)
    return pd.Series(["; ".join(r) for r in reasons], index=obs.index, dtype=object)


def _check_ranges(obs: pd.DataFrame):
    """Growth outside its metric's plausible range, a share outside 0..100%, a negative level
    (tested on whole columns; only the rows found are read one by one)."""
    v = obs["value"].to_numpy(dtype=float)
    hi_v = obs["value_high"].fillna(obs["value"]).to_numpy(dtype=float)
    measure, metric = obs["measure"].to_numpy(), obs["metric"]
    lo = metric.map(lambda m: PLAUSIBLE[m][0] if m in PLAUSIBLE else np.nan).to_numpy(dtype=float)
    hi = metric.map(lambda m: PLAUSIBLE[m][1] if m in PLAUSIBLE else np.nan).to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        growth = (measure == "growth_pct") & metric.isin(PLAUSIBLE).to_numpy() & ((v < lo) | (hi_v > hi))
        share = (measure == "share_pct") & ((v < 0) | (hi_v > 100))
        level = (measure == "level") & (v < 0)
    for i in np.flatnonzero(growth | share | level):
        m = metric.iat[i]
        if growth[i]:
            yield i, f"growth {v[i]:g}% outside {PLAUSIBLE[m][0]:g}..{PLAUSIBLE[m][1]:g}% plausible for {m}"
        elif share[i]:
            yield i, f"share {v[i]:g}% outside 0..100%"
        else:
            yield i, f"negative level {v[i]:g}"


def _check_magnitudes(obs: pd.DataFrame):
    """A level above the reference magnitude for its metric, place and period length."""
    levels = obs[(obs["measure"] == "level") & (obs["part"] == "")]
    for i, r in zip(levels.index, levels.itertuples(index=False), strict=True):
        top = ceiling(r.metric, r.unit, r.geo, r.period_type, r.period_start, r.period_end)
        if top is not None and r.value > top:
            yield obs.index.get_loc(i), (f"level {r.value:g} {r.unit} is above {top:.3g}, the most plausible "
                                         f"for {r.metric} of {r.geo} in {r.period_type} "
                                         f"({r.value / top * SLACK:.2g}× the reference)")


def _check_monthly_levels(obs: pd.DataFrame):
    m = obs[(obs["measure"] == "level") & (obs["period_type"] == "month") & (obs["status_kind"] == "actual")]
    if m.empty:
        return
    m = m.assign(_month=m["period_start"].dt.year * 12 + m["period_start"].dt.month)
    m = m.sort_values(["metric", "geo", "part", "unit", "_month"])
    g = m.groupby(["metric", "geo", "part", "unit"], sort=False)
    near = np.zeros(len(m), dtype=int)
    far = np.zeros(len(m), dtype=int)
    values = []
    v = m["value"].to_numpy()
    for shift in (-2, -1, 1, 2):
        nv = g["value"].shift(shift).to_numpy()
        nm = g["_month"].shift(shift).to_numpy()
        ok = (np.abs(nm - m["_month"].to_numpy()) <= NEIGHBOUR_MONTHS) & (nv > 0) & (v > 0)
        ratio = np.where(ok, v / np.where(ok, nv, 1.0), 1.0)
        near += ok
        far += ok & ((ratio >= MONTHLY_JUMP) | (ratio <= 1 / MONTHLY_JUMP))
        values.append(np.where(ok, nv, np.nan))
    around = np.vstack(values)
    for pos in np.flatnonzero((near >= 2) & (far == near)):
        ref = np.nanmedian(around[:, pos])
        yield obs.index.get_loc(m.index[pos]), (f"monthly level {v[pos]:g} is {v[pos] / ref:.2g}× "
                                               f"its neighbours' {ref:g}")


def _check_level_growth(obs: pd.DataFrame):
    """A level, its growth on the year before, and a level stated for the year before must agree."""
    act = obs[obs["status_kind"] == "actual"].reset_index(names="row")
    series = ["metric", "geo", "part", "period_type", "period_start", "period_end"]
    levels = act[(act["measure"] == "level") & (act["basis"] == "")]
    growth = act[(act["measure"] == "growth_pct") & (act["basis"] == "yoy")]
    if levels.empty or growth.empty:
        return
    prior = levels[series + ["unit", "value"]].copy()
    prior["period_start"] = prior["period_start"] + pd.DateOffset(years=1)
    end = prior["period_end"] + pd.DateOffset(years=1)
    prior["period_end"] = end.where(~prior["period_end"].dt.is_month_end, end + pd.offsets.MonthEnd(0))
    both = levels.merge(growth[series + ["value", "row"]], on=series, suffixes=("", "_g"))
    both = both.merge(prior.rename(columns={"value": "value_p"}), on=series + ["unit"])
    for r in both.itertuples(index=False):
        tol = PLAUSIBLE.get(r.metric, (0, 0, None))[2]
        if tol is None or r.value_p <= 0:
            continue
        implied = r.value_p * (1 + r.value_g / 100)
        if implied > 0 and abs(r.value - implied) / implied > tol:
            why = (f"level {r.value:g} with growth {r.value_g:g}% implies {r.value / (1 + r.value_g / 100):g} "
                   f"a year before, but {r.value_p:g} was stated")
            yield r.row, why
            yield r.row_g, why
