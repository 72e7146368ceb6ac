"""Plotly figures: the explorer's series chart and the overview's sparklines (Okabe-Ito colours)."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import i18n

#: Okabe-Ito, safe for the common kinds of colour blindness.
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
BASIS_COLOURS = {"": BLUE, "yoy": BLUE, "prev_period": GREEN, "prev_dec": PINK, "avg": SKY}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"


def separators(lang: str) -> str:
    return ",." if i18n.lang_of(lang) == "vi" else ".,"


def x_of(row) -> pd.Timestamp:
    """Where an observation sits on the time axis: at its start, except a year-to-date at its end."""
    start, end = row["period_start"], row["period_end"]
    return end if row["period_type"] == "ytd" and not pd.isna(end) else start


def _hover(row, lang: str) -> str:
    value = i18n.value_text(row["value"], row["unit"], lang, row.get("value_high"))
    period = i18n.period_text(row["period_type"], row["period_start"], row["period_end"], lang)
    status = i18n.status_name(row["status"], lang)
    lines = [f"<b>{html.escape(value)}</b>", html.escape(period),
             f"{html.escape(status)} · {i18n.t(lang, 'sources_n', n=int(row['n_sources']))}"]
    if row.get("basis"):
        lines.insert(2, html.escape(i18n.basis_name(row["basis"], lang)))
    if row.get("superseded"):
        lines.append(i18n.t(lang, "superseded"))
    if row.get("conflict"):
        lines.append("⚠ " + i18n.t(lang, "conflict"))
    if row.get("suspect"):
        lines.append("⚠ " + html.escape(i18n.t(lang, "suspect") + ": " + str(row.get("suspect_reason") or "")))
    return "<br>".join(lines)


def _ids(row) -> str:
    ids = row.get("figure_ids")
    return ",".join(str(int(i)) for i in (list(ids) if ids is not None else []))


def _trace(df: pd.DataFrame, name: str, colour: str, lang: str, *, target: bool) -> go.Scatter:
    symbols = ["diamond-open" if target else ("circle-open" if s == "estimate" else "circle") for s in df["status"]]
    high = df["value_high"] - df["value"] if "value_high" in df else None
    has_high = high is not None and high.notna().any()
    return go.Scatter(
        x=[x_of(r) for _, r in df.iterrows()], y=df["value"], name=html.escape(name), mode="lines+markers",
        line={"color": colour, "width": 2, "dash": "dash" if target else "solid"},
        marker={"symbol": symbols, "size": 11, "color": colour, "line": {"width": 2, "color": colour}},
        error_y={"type": "data", "array": high.fillna(0).tolist(), "visible": True, "color": colour,
                 "thickness": 1.5} if has_high else None,
        customdata=[[_ids(r), _hover(r, lang)] for _, r in df.iterrows()],
        hovertemplate="%{customdata[1]}<extra></extra>")


def series_figure(df: pd.DataFrame, lang: str, *, unit_label: str = "", selected: list[int] = (),
                  from_zero: bool = False) -> go.Figure:
    """Actuals and estimates as a line (estimates hollow), targets dashed, flagged points ringed."""
    fig = go.Figure()
    df = df.sort_values(["period_end", "period_start"])
    for basis, part in df.groupby("basis", sort=True):
        colour = BASIS_COLOURS.get(basis, BLUE)
        suffix = f" ({i18n.basis_name(basis, lang)})" if basis else ""
        done = part[part["status"] != "target"]
        plan = part[part["status"] == "target"]
        if len(done):
            name = f"{i18n.status_name('actual', lang)} / {i18n.status_name('estimate', lang)}{suffix}"
            fig.add_trace(_trace(done, name, colour, lang, target=False))
        if len(plan):
            fig.add_trace(_trace(plan, i18n.status_name("target", lang) + suffix,
                                 ORANGE if colour == BLUE else colour, lang, target=True))
    flagged = df[df["conflict"].astype(bool) | df["suspect"].astype(bool)] if len(df) else df
    if len(flagged):
        fig.add_trace(go.Scatter(
            x=[x_of(r) for _, r in flagged.iterrows()], y=flagged["value"], mode="markers",
            name=i18n.t(lang, "flags"),
            marker={"symbol": "x-thin-open", "size": 20, "color": VERMILION, "line": {"width": 3, "color": VERMILION}},
            customdata=[[_ids(r), _hover(r, lang)] for _, r in flagged.iterrows()],
            hovertemplate="%{customdata[1]}<extra></extra>"))
    if selected:
        sel = {int(i) for i in selected}
        chosen = df[[bool(sel & {int(i) for i in (ids if ids is not None else [])}) for ids in df["figure_ids"]]]
        if len(chosen):
            fig.add_trace(go.Scatter(
                x=[x_of(r) for _, r in chosen.iterrows()], y=chosen["value"], mode="markers", showlegend=False,
                marker={"symbol": "circle-open", "size": 22, "color": "#000", "line": {"width": 2, "color": "#000"}},
                customdata=[[_ids(r), _hover(r, lang)] for _, r in chosen.iterrows()],
                hovertemplate="%{customdata[1]}<extra></extra>"))
    fig.update_layout(
        separators=separators(lang), font={"family": FONT, "size": 14}, hovermode="closest",
        margin={"l": 60, "r": 20, "t": 20, "b": 40}, height=420, plot_bgcolor="#fff", paper_bgcolor="#fff",
        legend={"orientation": "h", "y": -0.15}, showlegend=True, clickmode="event",
        hoverlabel={"bgcolor": "#fff", "font": {"family": FONT, "size": 14}},
        yaxis={"title": {"text": html.escape(unit_label)}, "gridcolor": "#e5e5e5", "zerolinecolor": "#bbb",
               "separatethousands": True, "rangemode": "tozero" if from_zero else "normal"},
        xaxis={"gridcolor": "#f0f0f0", **_ticks(df, lang)})
    return fig


def _ticks(df: pd.DataFrame, lang: str) -> dict:
    """Month-based ticks ("01/2026" or "Jan 2026") instead of plotly's day ticks for short series."""
    fmt = "%m/%Y" if i18n.lang_of(lang) == "vi" else "%b %Y"
    if not len(df):
        return {}
    span = (df["period_end"].max() - df["period_start"].min()).days / 30.4
    step = 1 if span <= 14 else 3 if span <= 40 else 12 if span <= 150 else None
    if df["period_type"].iloc[0] in ("year", "multi_year"):
        return {"tickformat": "%Y", "dtick": "M12"}
    return {"tickformat": fmt, **({"dtick": f"M{step}"} if step else {})}


def sparkline(df: pd.DataFrame) -> go.Figure:
    """A tiny line of a series, no axes."""
    df = df.sort_values("period_end")
    fig = go.Figure(go.Scatter(x=[x_of(r) for _, r in df.iterrows()], y=df["value"], mode="lines+markers",
                               line={"color": BLUE, "width": 2}, marker={"size": 4, "color": BLUE},
                               hoverinfo="skip"))
    fig.update_layout(margin={"l": 0, "r": 0, "t": 4, "b": 4}, height=60, showlegend=False,
                      xaxis={"visible": False}, yaxis={"visible": False},
                      plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)")
    return fig
