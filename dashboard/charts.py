"""Plotly figures: the explorer's series chart and the overview's sparklines (Okabe-Ito colours).

Figures are plain dicts (``{"data": [...], "layout": {...}}``), as dcc.Graph takes them: building
``plotly.graph_objects`` validates every property and costs more than the rest of a callback.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from . import i18n
from .data import records

#: Okabe-Ito, safe for the common kinds of colour blindness.
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
BASIS_COLOURS = {"": BLUE, "yoy": BLUE, "prev_period": GREEN, "prev_dec": PINK, "avg": SKY}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"


def separators(lang: str) -> str:
    return ",." if i18n.lang_of(lang) == "vi" else ".,"


def _day(x) -> str | None:
    return None if x is None or pd.isna(x) else pd.Timestamp(x).strftime("%Y-%m-%d")


def _num(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def xs_of(df: pd.DataFrame) -> list:
    """:func:`x_of` of every row."""
    if not len(df):
        return []
    ytd = (df["period_type"] == "ytd") & df["period_end"].notna()
    return list(df["period_end"].where(ytd, df["period_start"]))


def x_days(df: pd.DataFrame) -> pd.Series:
    """:func:`x_of` of every row as "YYYY-MM-DD" text."""
    ytd = (df["period_type"] == "ytd") & df["period_end"].notna()
    return df["period_end"].where(ytd, df["period_start"]).dt.strftime("%Y-%m-%d")


def _days(df: pd.DataFrame) -> list:
    """:func:`x_days` as a list (None where unknown)."""
    if not len(df):
        return []
    days = x_days(df)
    return days.astype(object).where(days.notna(), None).tolist()


def x_of(row) -> pd.Timestamp:
    """Where an observation sits on the time axis: at its start, except a year-to-date at its end."""
    start, end = row["period_start"], row["period_end"]
    return end if row["period_type"] == "ytd" and not pd.isna(end) else start


def _hover(row, lang: str) -> str:
    value = i18n.value_text(row["value"], row["unit"], lang, row.get("value_high"), row.get("qualifier", ""))
    period = i18n.period_text(row["period_type"], row["period_start"], row["period_end"], lang)
    status = i18n.status_name(row["status"], lang)
    lines = [f"<b>{html.escape(value)}</b>", html.escape(period),
             f"{html.escape(status)} · {i18n.sources_text(int(row['n_sources']), lang)}"]
    if row.get("basis"):
        lines.insert(2, html.escape(i18n.basis_name(row["basis"], lang)))
    if row.get("superseded"):
        lines.append(i18n.t(lang, "superseded"))
    if row.get("conflict"):
        lines.append("⚠ " + i18n.t(lang, "conflict"))
    if row.get("suspect"):
        lines.append("⚠ " + html.escape(i18n.t(lang, "suspect") + ": " + str(row.get("suspect_reason") or "")))
    return "<br>".join(lines)


#: The columns a point's hover text and handle are made of (records of only these are cheaper).
POINT_COLS = ("value", "unit", "value_high", "qualifier", "period_type", "period_start", "period_end", "status",
              "n_sources", "basis", "superseded", "conflict", "suspect", "suspect_reason", "key", "figure_ids")


def _point_records(df: pd.DataFrame) -> list[dict]:
    return records(df, [c for c in POINT_COLS if c in df])


def _ids(row) -> str:
    """What a point carries to the server when clicked: its observation's key (one figure id)."""
    if row.get("key") is not None:
        return str(int(row["key"]))
    ids = row.get("figure_ids")
    return ",".join(str(int(i)) for i in (list(ids) if ids is not None else []))


#: Colours of the places on one chart, in the order they were chosen.
PLACE_COLOURS = (BLUE, VERMILION, GREEN, PINK, SKY, ORANGE, GREY)
#: Days beyond which two neighbouring targets are not joined by a line (no target in between).
PERIOD_DAYS = {"month": 31, "quarter": 92, "half": 184, "ytd": 31, "year": 366, "multi_year": 366 * 5}


def _trace(df: pd.DataFrame, name: str, colour: str, lang: str, *, target: bool) -> dict:
    df = df.reset_index(drop=True)
    xs = xs_of(df)
    keep = list(range(len(df)))
    if target and len(df) > 1:  # break the line where periods without targets lie between two targets
        gap = PERIOD_DAYS.get(df["period_type"].iloc[0], 366) * 1.5
        keep = [0]
        for i in range(1, len(df)):
            if (xs[i] - xs[i - 1]).days > gap:
                keep.append(None)
            keep.append(i)
    symbols = ["diamond-open" if target else ("circle-open" if s == "estimate" else "circle") for s in df["status"]]
    high = df["value_high"] - df["value"] if "value_high" in df else None
    has_high = high is not None and high.notna().any()

    def pick(values, blank=None):
        return [blank if i is None else values[i] for i in keep]

    custom = [[_ids(r), _hover(r, lang)] for r in _point_records(df)]
    trace = {"type": "scatter", "x": pick(_days(df)), "y": pick([_num(v) for v in df["value"]]),
             "name": html.escape(name), "mode": "lines+markers",
             "line": {"color": colour, "width": 2, "dash": "dash" if target else "solid"}, "connectgaps": False,
             "marker": {"symbol": pick(symbols, "circle"), "size": 11, "color": colour,
                        "line": {"width": 2, "color": colour}},
             "customdata": pick(custom, ["", ""]), "hovertemplate": "%{customdata[1]}<extra></extra>"}
    if has_high:
        trace["error_y"] = {"type": "data", "array": pick(high.fillna(0).tolist(), 0), "visible": True,
                            "color": colour, "thickness": 1.5}
    return trace


def _markers(df: pd.DataFrame, lang: str, **kw) -> dict:
    return {"type": "scatter", "x": _days(df), "y": [_num(v) for v in df["value"]],
            "mode": "markers", "customdata": [[_ids(r), _hover(r, lang)] for r in _point_records(df)],
            "hovertemplate": "%{customdata[1]}<extra></extra>", **kw}


#: The index of the trace that circles the selected points: always there (empty when none is),
#: first, so that a click can replace it alone (a Dash ``Patch``) whatever the other traces are.
RING = 0


def ring(df: pd.DataFrame, selected=(), lang: str = "vi") -> dict:
    """The trace circling the ``selected`` points of ``df`` (observation keys, or figure ids of a
    frame without keys); empty when none of them is shown."""
    sel = {int(i) for i in selected or ()}
    if not sel or not len(df):
        chosen = df.iloc[:0]
    elif "key" in df:
        chosen = df[df["key"].isin(sel)]
    else:
        chosen = df[[bool(sel & {int(i) for i in (ids if ids is not None else [])}) for ids in df["figure_ids"]]]
    return _markers(chosen, lang, showlegend=False, name="", marker={
        "symbol": "circle-open", "size": 22, "color": "#000", "line": {"width": 2, "color": "#000"}})


def series_figure(df: pd.DataFrame, lang: str, *, unit_label: str = "", selected: list[int] = (),
                  from_zero: bool = False, title: str = "", places: list[str] = ()) -> dict:
    """Actuals and estimates as a line (estimates hollow), targets dashed, flagged points ringed,
    the ``selected`` points (observation keys, or figure ids of a frame without keys) circled by
    the trace at :data:`RING`.

    With several ``places`` each place has its own colour and legend entries.
    """
    traces = []
    df = df.sort_values(["period_end", "period_start"])
    many = len(places) > 1
    groups = ["geo", "basis"] if many else ["basis"]
    order = {g: i for i, g in enumerate(places)}
    keys = sorted(df.groupby(groups, sort=True).groups, key=lambda k: (order.get(k[0], 99), k) if many else k)
    for key in keys:
        key = key if isinstance(key, tuple) else (key,)
        geo, basis = (key if many else (None, key[0]))
        part = df[(df["basis"] == basis) & ((df["geo"] == geo) if many else True)]
        colour = PLACE_COLOURS[order.get(geo, 0) % len(PLACE_COLOURS)] if many else BASIS_COLOURS.get(basis, BLUE)
        suffix = f" ({i18n.basis_name(basis, lang)})" if basis else ""
        prefix = f"{geo}: " if many else ""
        done = part[part["status"] != "target"]
        plan = part[part["status"] == "target"]
        if len(done):
            name = f"{prefix}{i18n.status_name('actual', lang)} / {i18n.status_name('estimate', lang)}{suffix}"
            traces.append(_trace(done, name, colour, lang, target=False))
        if len(plan):
            traces.append(_trace(plan, prefix + i18n.status_name("target", lang) + suffix,
                                 colour if many else (ORANGE if colour == BLUE else colour), lang, target=True))
    flagged = df[df["conflict"].astype(bool) | df["suspect"].astype(bool)] if len(df) else df
    if len(flagged):
        traces.append(_markers(flagged, lang, name=i18n.t(lang, "flags"), marker={
            "symbol": "x-thin-open", "size": 20, "color": VERMILION, "line": {"width": 3, "color": VERMILION}}))
    traces.insert(RING, ring(df, selected, lang))
    layout = {
        "separators": separators(lang), "font": {"family": FONT, "size": 14}, "hovermode": "closest",
        "margin": {"l": 70, "r": 20, "t": 50 if title else 20, "b": 40}, "height": 420, "plot_bgcolor": "#fff",
        "paper_bgcolor": "#fff", "legend": {"orientation": "h", "y": -0.15}, "showlegend": True,
        "clickmode": "event", "hoverlabel": {"bgcolor": "#fff", "font": {"family": FONT, "size": 14}},
        "yaxis": {"title": {"text": html.escape(unit_label)}, "gridcolor": "#e5e5e5", "zerolinecolor": "#bbb",
                  "tickformat": ",.2~f", "hoverformat": ",.2~f", "rangemode": "tozero" if from_zero else "normal"},
        "xaxis": {"type": "date", "gridcolor": "#f0f0f0", **_ticks(df, lang)}}
    if title:
        layout["title"] = {"text": html.escape(title), "x": 0, "xanchor": "left", "font": {"size": 17}}
    if not len(df):
        layout.update(xaxis={"visible": False}, yaxis={"visible": False}, showlegend=False, annotations=[{
            "text": html.escape(i18n.t(lang, "chart_empty")), "showarrow": False, "xref": "paper", "yref": "paper",
            "x": 0.5, "y": 0.5, "font": {"size": 16}}])
    return {"data": traces, "layout": layout}


def tick_label(period_type: str, start, end, lang: str) -> str:
    """A short period label for the time axis: "01/2026", "Q1/2026", "H1/2025", "9T/2025", "2026"."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    vi = i18n.lang_of(lang) == "vi"
    if period_type == "year":
        return str(s.year)
    if period_type == "multi_year":
        return f"{s.year}–{e.year}"
    if period_type == "quarter":
        return f"Q{(s.month - 1) // 3 + 1}/{s.year}"
    if period_type == "half":
        return f"H{1 if s.month == 1 else 2}/{s.year}"
    if period_type == "ytd":
        return f"{e.month}T/{e.year}" if vi else f"Jan–{e.strftime('%b')} {e.year}"
    return s.strftime("%m/%Y") if vi else s.strftime("%b %Y")


def _ticks(df: pd.DataFrame, lang: str) -> dict:
    """A period label at the points' places on the time axis (at most about 12), even for one point."""
    if not len(df):
        return {}
    seen: dict = {}
    df = df.sort_values(["period_end", "period_start"])
    for x, r in zip(xs_of(df), df[["period_type", "period_start", "period_end"]].itertuples(index=False), strict=True):
        if x not in seen:
            seen[x] = tick_label(r.period_type, r.period_start, r.period_end, lang)
    xs = sorted(seen)
    step = max(1, -(-len(xs) // 12))
    shown = xs[::step]
    pad = pd.Timedelta(days=40 if len(xs) == 1 else 0)
    out = {"tickmode": "array", "tickvals": [_day(x) for x in shown], "ticktext": [seen[x] for x in shown]}
    if pad.days:
        out["range"] = [_day(xs[0] - pad), _day(xs[0] + pad)]
    return out


def sparkline(rows: list[dict]) -> dict:
    """A tiny line of a series (records, with ``x`` as text where known), no axes."""
    rows = sorted(rows, key=lambda r: r["period_end"])
    xs = [r["x"] for r in rows] if rows and "x" in rows[0] else [_day(x_of(r)) for r in rows]
    return {"data": [{"type": "scatter", "x": xs, "y": [_num(r["value"]) for r in rows],
                      "mode": "lines+markers", "line": {"color": BLUE, "width": 2},
                      "marker": {"size": 4, "color": BLUE}, "hoverinfo": "skip"}],
            "layout": {"margin": {"l": 0, "r": 0, "t": 4, "b": 4}, "height": 60, "showlegend": False,
                       "xaxis": {"visible": False}, "yaxis": {"visible": False},
                       "plot_bgcolor": "rgba(0,0,0,0)", "paper_bgcolor": "rgba(0,0,0,0)"}}
