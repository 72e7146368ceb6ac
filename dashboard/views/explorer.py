"""Explorer: one metric's observations over time, filtered by place, measure, period type and dates.

The state (geo, measure, ptype, part, from, to, fig) lives in the query string; :func:`resolve`
fills in defaults, :func:`select` applies it and :func:`update` draws the chart, the notes and the
sources of the selected point. It reads the metric's light observations (kept until the store
changes); a point carries its observation's key (``fig``), whose sources are looked up on a click.
"""

from __future__ import annotations

import textwrap
import threading
from collections import OrderedDict

import numpy as np
import pandas as pd
from dash import Patch, dcc, html

from .. import charts, i18n, urls
from ..data import records
from .common import dropdown_labels, el, flag_lines, message, not_found, value_of
from .overview import default_place
from .sources import LIMIT as SOURCES_LIMIT
from .sources import panel as sources_panel

KEYS = ("geo", "measure", "ptype", "part", "unit", "from", "to", "view")
VIEWS = ("chart", "table")


def _month(s: str | None, *, last: bool = False) -> pd.Timestamp | None:
    """"2026-01" or "2026" as a month's (a year's) first day, or its last with ``last``."""
    try:
        if s and len(s) == 7:
            ts = pd.Timestamp(s + "-01")
            return ts + pd.offsets.MonthEnd(0) if last else ts
        if s and len(s) == 4 and s.isdigit():
            return pd.Timestamp(f"{s}-12-31") if last else pd.Timestamp(f"{s}-01-01")
    except ValueError:
        return None
    return None


def geos_of(value) -> list[str]:
    """The places of a state value: a list (from the picker) or "A,B" (from the address)."""
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = str(value or "").split(",")
    return list(dict.fromkeys(str(g).strip() for g in items if str(g).strip()))


#: What one series of a metric is: its observations share these.
SERIES = ("measure", "part", "geo", "unit", "period_type")
#: Frames indexed lately: {id(frame): (frame, its index)} (the frame is kept, so its id stays its own).
_INDEXES: OrderedDict = OrderedDict()
_INDEXES_LOCK = threading.Lock()


def series_index(obs: pd.DataFrame) -> list[tuple[tuple, np.ndarray]]:
    """The rows of ``obs`` by series: [(values of :data:`SERIES`, positions of its rows)] in the
    order of each series' first row. Built once per frame (the app keeps a metric's frame until the
    store changes), so the explorer's choices look at a few hundred series instead of comparing
    text over every row."""
    with _INDEXES_LOCK:
        hit = _INDEXES.get(id(obs))
        if hit is not None and hit[0] is obs:
            _INDEXES.move_to_end(id(obs))
            return hit[1]
    groups = obs.groupby(list(SERIES), sort=False, dropna=False).indices if len(obs) else {}
    index = sorted(((k if isinstance(k, tuple) else (k,), v) for k, v in groups.items()), key=lambda kv: kv[1][0])
    with _INDEXES_LOCK:
        _INDEXES[id(obs)] = (obs, index)
        while len(_INDEXES) > 64:
            _INDEXES.popitem(last=False)
    return index


def resolve(obs: pd.DataFrame, q: dict) -> dict:
    """The explorer state: the query's choices where they exist in the data, else sensible defaults."""
    def counts(col: str, series) -> dict:
        i, have = SERIES.index(col), {}
        for key, rows in series:
            have[key[i]] = have.get(key[i], 0) + len(rows)
        return have

    def pick(col: str, series, wanted, prefer=()):
        """``wanted`` if the series have it, else the first of ``prefer`` they have, else their most
        frequent value of ``col`` in rows (ties: the first seen)."""
        have = counts(col, series)
        if wanted in have:
            return wanted
        for p in prefer:
            if p in have:
                return p
        return max(have, key=have.__getitem__) if have else ""

    def only(col: str, series, value):
        i = SERIES.index(col)
        return [(k, rows) for k, rows in series if k[i] == value]

    state = {"from": q.get("from", "") if _month(q.get("from")) is not None else "",
             "to": q.get("to", "") if _month(q.get("to")) is not None else "",
             "view": q.get("view") if q.get("view") in VIEWS else "chart",
             "fig": ",".join(str(i) for i in urls.int_list(q.get("fig")))}
    every = series = series_index(obs)
    state["measure"] = pick("measure", series, q.get("measure"), ("level", "growth_pct"))
    series = only("measure", series, state["measure"])
    state["part"] = pick("part", series, q.get("part", ""), ("",))
    series = only("part", series, state["part"])
    have = counts("geo", series)
    geos = [g for g in geos_of(q.get("geo")) if g in have][:len(charts.PLACE_COLOURS)]
    state["geo"] = geos or [pick("geo", series, None, (default_place(counts("geo", every)),))]
    series = only("geo", series, state["geo"][0])
    state["unit"] = pick("unit", series, q.get("unit"))
    series = only("unit", series, state["unit"])
    state["ptype"] = pick("period_type", series, q.get("ptype"), ("month", "ytd", "year"))
    return state


def _series(obs: pd.DataFrame, state: dict) -> pd.DataFrame:
    """The rows of the state's series, all periods (in the frame's order)."""
    want = (state["measure"], state["part"], set(geos_of(state["geo"])), state["unit"], state["ptype"])
    parts = [rows for (measure, part, geo, unit, ptype), rows in series_index(obs)
             if measure == want[0] and part == want[1] and geo in want[2] and unit == want[3] and ptype == want[4]]
    if not parts:
        return obs.iloc[:0]
    return obs.iloc[np.sort(np.concatenate(parts)) if len(parts) > 1 else parts[0]]


def select(obs: pd.DataFrame, state: dict) -> pd.DataFrame:
    rows = _series(obs, state)
    start, end = _month(state.get("from")), _month(state.get("to"), last=True)
    if len(rows) and (start is not None or end is not None):
        x = pd.Series(charts.xs_of(rows), index=rows.index)
        keep = pd.Series(True, index=rows.index)
        if start is not None:
            keep &= x >= start
        if end is not None:
            keep &= x <= end
        rows = rows[keep]
    return rows


def period_value(ptype: str, x: pd.Timestamp) -> str:
    """A period's value in the time-range control: its year for yearly series, else its month."""
    return str(x.year) if ptype in ("year", "multi_year") else x.strftime("%Y-%m")


def range_options(obs: pd.DataFrame, state: dict, lang: str) -> list[dict]:
    """The periods of the shown series as choices for "from" and "to" (years for yearly series)."""
    rows = _series(obs, state)
    seen: dict[str, str] = {}
    rows = rows.sort_values(["period_end", "period_start"])
    for x, r in zip(charts.xs_of(rows), rows[["period_type", "period_start", "period_end"]].itertuples(index=False),
                    strict=True):
        k = period_value(state["ptype"], x)
        if k not in seen:
            seen[k] = i18n.period_text(r.period_type, r.period_start, r.period_end, lang)
    for k in ("from", "to"):
        if state.get(k) and state[k] not in seen:
            seen[state[k]] = state[k]
    return [{"label": v, "value": k} for k, v in sorted(seen.items())]


def _options(values, name) -> list[dict]:
    return [{"label": name(v), "value": v} for v in values]


def _control(label: str, cid: str, widget, hidden: bool = False) -> html.Div:
    return html.Div([html.Label(label, htmlFor=cid), widget], className="control", hidden=hidden)


#: The chart's toolbar: no cloud or image buttons (the page has its own downloads), words in the
#: interface language.
MODEBAR_REMOVE = ["sendDataToCloud", "editInChartStudio", "toImage", "select2d", "lasso2d", "toggleSpikelines",
                  "hoverClosestCartesian", "hoverCompareCartesian"]
MODEBAR_VI = {"Zoom": "Phóng to vùng chọn", "Pan": "Kéo", "Zoom in": "Phóng to", "Zoom out": "Thu nhỏ",
              "Autoscale": "Tự co giãn", "Reset axes": "Đặt lại trục", "Double-click to zoom back out":
              "Bấm đúp để thu nhỏ lại", "Click to enter Colorscale title": "", "Click to enter X axis title": "",
              "Click to enter Y axis title": "", "Click to enter Plot title": ""}


def graph_config(lang: str) -> dict:
    """dcc.Graph's config: no Plotly logo, cloud or share button; toolbar tooltips in ``lang``."""
    config = {"displaylogo": False, "responsive": True, "showSendToCloud": False, "showEditInChartStudio": False,
              "modeBarButtonsToRemove": MODEBAR_REMOVE, "showTips": False}
    if i18n.lang_of(lang) == "vi":
        config["locale"] = "vi-civic"
        config["locales"] = {"vi-civic": {"dictionary": MODEBAR_VI, "format": {"decimal": ",", "thousands": "."}}}
    return config


def layout(data, lang: str, metric: str, search: str) -> html.Div:
    """The explorer page; its controls start from the URL's state."""
    if not urls.METRIC.fullmatch(metric or "") or metric not in i18n.METRICS:
        return not_found(lang)
    obs = data.series(metric)
    title = html.H1(i18n.metric_name(metric, lang))
    if obs is None or not len(obs):
        return html.Div([title, message(i18n.t(lang, "no_data"), children=[
            dcc.Link(i18n.t(lang, "back_home"), href=urls.href(lang, "overview"))])])
    s = resolve(obs, urls.parse_query(search))
    parts = sorted(obs["part"].unique(), key=lambda p: (p != "", p))
    yearly = s["ptype"] in ("year", "multi_year")
    counts = obs["geo"].value_counts().to_dict()
    places = sorted(counts, key=lambda g: (-int(counts[g]), g))
    controls = html.Div([
        _control(i18n.t(lang, "places"), "ex-geo", dcc.Dropdown(labels=dropdown_labels(lang),
            id="ex-geo", options=_options(places, str), value=s["geo"], clearable=False, multi=True)),
        _control(i18n.t(lang, "measure"), "ex-measure", dcc.RadioItems(
            id="ex-measure", options=_options(sorted(obs["measure"].unique(), key=list(i18n.MEASURES).index
                                                      if set(obs["measure"]) <= set(i18n.MEASURES) else str),
                                              lambda m: i18n.measure_name(m, lang)),
            value=s["measure"], inline=True, className="radios")),
        _control(i18n.t(lang, "period_type"), "ex-ptype", dcc.Dropdown(labels=dropdown_labels(lang),
            id="ex-ptype", options=_options([p for p in i18n.PERIOD_TYPES if p in set(obs["period_type"])],
                                            lambda p: i18n.period_type_name(p, lang)),
            value=s["ptype"], clearable=False)),
        _control(i18n.t(lang, "part"), "ex-part", dcc.Dropdown(labels=dropdown_labels(lang),
            id="ex-part", options=_options(parts, lambda p: i18n.part_name(p, lang) if p else i18n.t(lang, "whole")),
            value=s["part"], clearable=False)),
        _control(i18n.t(lang, "unit"), "ex-unit", dcc.Dropdown(labels=dropdown_labels(lang),
            id="ex-unit", options=_options(sorted(obs["unit"].unique()), lambda u: unit_words(u, lang)),
            value=s["unit"], clearable=False),
            hidden=bool(obs.groupby("measure")["unit"].nunique().max() < 2)),
        _control(i18n.t(lang, "year_from" if yearly else "period_from"), "ex-from", dcc.Dropdown(labels=dropdown_labels(lang),
            id="ex-from", options=range_options(obs, s, lang), value=s["from"] or None,
            placeholder=i18n.t(lang, "all_periods"))),
        _control(i18n.t(lang, "year_to" if yearly else "period_to"), "ex-to", dcc.Dropdown(labels=dropdown_labels(lang),
            id="ex-to", options=range_options(obs, s, lang), value=s["to"] or None,
            placeholder=i18n.t(lang, "all_periods"))),
        _control(i18n.t(lang, "show_as"), "ex-view", dcc.RadioItems(
            id="ex-view", options=[{"label": i18n.t(lang, "view_" + v), "value": v} for v in VIEWS],
            value=s["view"], inline=True, className="radios")),
    ], className="controls", role="group", **{"aria-label": i18n.t(lang, "explorer")})
    downloads = html.Div([
        html.Span(i18n.t(lang, "download") + ":", className="hint"),
        html.Button("CSV", id="ex-csv", className="button button-small"),
        html.Button(i18n.t(lang, "csv_vi_short"), id="ex-csv-vi", className="button button-small"),
        html.Button("Excel", id="ex-xlsx", className="button button-small"),
        html.Button("PNG", id="ex-png", className="button button-small", title=i18n.t(lang, "download_png")),
        html.Button("SVG", id="ex-svg", className="button button-small", title=i18n.t(lang, "download_svg")),
        dcc.Download(id="ex-download"), dcc.Download(id="ex-download-img"),
        dcc.Store(id="ex-export"),
    ], className="toolbar chart-downloads")
    return html.Div([
        dcc.Location(id="ex-url", refresh=False),
        title, controls, downloads,
        dcc.Loading(html.Div([
            html.Div(dcc.Graph(id="ex-graph", config=graph_config(lang)), id="ex-chart-box",
                     hidden=s["view"] == "table"),
            html.Div(id="ex-notes", className="notes", **{"aria-live": "polite"}),
        ]), type="circle"),
        html.P(i18n.t(lang, "click_point"), className="hint"),
        dcc.Loading(html.Section(id="ex-sources", className="sources", **{"aria-live": "polite"}), type="dot"),
    ], className="explorer", **{"data-metric": metric})


def notes(data, rows: pd.DataFrame, lang: str, members: dict | None = None) -> list:
    """For each conflicting or suspect observation shown: its period, the values and sources that
    disagree (read for all of them at once, unless ``members`` has them), or why it looks wrong."""
    flagged = rows[rows["conflict"].astype(bool) | rows["suspect"].astype(bool)]
    if not len(flagged):
        return []
    if members is None:
        members = data.observation_figures([int(k) for k in flagged.loc[flagged["conflict"].astype(bool), "key"]])
    items = []
    many = rows["geo"].nunique() > 1
    for r in records(flagged.sort_values("period_end")):
        period = i18n.period_text(r["period_type"], r["period_start"], r["period_end"], lang)
        where = f"{r['geo']}, " if many else ""
        head = f"{where}{period} ({i18n.status_name(r['status'], lang)}): {value_of(r, lang)}"
        items.append(html.Li([html.Strong(head), *flag_lines(data, r, lang, members)], className="flag-item"))
    return [html.Div([html.H2(i18n.t(lang, "flags")), html.Ul(items)], className="flags")]


def unit_words(unit: str, lang: str) -> str:
    """A canonical unit in words: "triệu USD", "%", "số lượng"."""
    if unit == "count":
        return i18n.t(lang, "count")
    return "%" if unit == "%" else i18n.scaled(0, unit, lang)[1] if unit else ""


def unit_label(rows: pd.DataFrame, lang: str) -> str:
    """The y axis title: the unit of the rows shown."""
    return unit_words(rows["unit"].iloc[0], lang) if len(rows) else ""


def chart_title(metric: str, state: dict, rows: pd.DataFrame, lang: str) -> str:
    """"Kim ngạch xuất khẩu — Tăng trưởng (%) so với cùng kỳ · Hà Nội, Hồ Chí Minh": follows the measure."""
    measure = i18n.measure_name(state["measure"], lang)
    bases = sorted(set(rows["basis"]) - {""}) if len(rows) else []
    basis = f" {i18n.basis_name(bases[0], lang)}" if len(bases) == 1 else ""
    part = f" ({i18n.part_name(state['part'], lang)})" if state.get("part") else ""
    unit = unit_words(state["unit"], lang) if state["measure"] == "level" else ""
    what = f"{i18n.metric_name(metric, lang)}{part} — {measure}{basis}" + (f", {unit}" if unit else "")
    return f"{what} · {', '.join(geos_of(state['geo']))}"


def figure_of(data, lang: str, metric: str, state: dict, rows: pd.DataFrame | None = None) -> dict:
    """The chart of ``state``, its selected point (``fig``) circled."""
    rows = select(data.series(metric), state) if rows is None else rows
    title = chart_title(metric, state, rows, lang)
    geos = geos_of(state["geo"])
    if not len(rows):
        return charts.series_figure(rows, lang, title=title, places=geos)
    ids = urls.int_list(state.get("fig"))
    selected = data.point_sources(ids, SOURCES_LIMIT)[2] if ids else []
    return charts.series_figure(rows, lang, unit_label=unit_label(rows, lang), selected=selected,
                                from_zero=state["measure"] == "level", title=title, places=geos)


def ring_patch(data, lang: str, metric: str, state: dict) -> Patch:
    """What a click changes in the chart shown for ``state``: only its ring trace
    (:data:`charts.RING`), as a Dash ``Patch``; the rest of the figure stays in the browser."""
    ids = urls.int_list(state.get("fig"))
    selected = data.point_sources(ids, SOURCES_LIMIT)[2] if ids else []
    obs = data.series(metric)
    patch = Patch()
    patch["data"][charts.RING] = charts.ring(select(obs, state) if selected else obs.iloc[:0], selected, lang)
    return patch


def update(data, lang: str, metric: str, state: dict):
    """(figure, notes, sources, export info) for ``state``; the figures behind the points shown are
    read once, for the notes and the outlets."""
    rows = select(data.series(metric), state)
    ids = urls.int_list(state.get("fig"))
    title = chart_title(metric, state, rows, lang)
    fig = figure_of(data, lang, metric, state, rows)
    if not len(rows):
        return fig, [], sources_panel(data, ids, lang), export_info(data, metric, state, rows, title, lang)
    members = data.observation_figures([int(k) for k in rows["key"]], metric=metric)
    names = sorted({str(f["source"]) for v in members.values() for f in v if f["source"]})
    listing = points(rows, lang, metric, state, open_=state.get("view") == "table")
    return (fig, notes(data, rows, lang, members) + listing, sources_panel(data, ids, lang),
            export_info(data, metric, state, rows, title, lang, names))


def export_info(data, metric: str, state: dict, rows: pd.DataFrame, title: str, lang: str,
                names: list[str] | None = None) -> dict:
    """What an image download draws around the chart: title, subtitle, sources (``names``, else read),
    date; and its file name."""
    from ..downloads import file_name, outlets

    names = outlets(data, rows) if names is None else names
    today = pd.Timestamp.now().normalize()
    footer = textwrap.wrap(i18n.t(lang, "sources_list", s=", ".join(names) if names else "–"), 150)
    footer.append(i18n.t(lang, "exported", date=i18n.date_text(today, lang)))
    sub = f"{i18n.period_type_name(state['ptype'], lang)} · {unit_words(state['unit'], lang)}"
    return {"title": title, "subtitle": sub, "footer": footer,
            "filename": file_name("chart", metric, state["measure"], *geos_of(state["geo"]), state["ptype"])}


def points(rows: pd.DataFrame, lang: str, metric: str, state: dict, open_: bool = False) -> list:
    """The chart's points as a table with a "show sources" link each: the keyboard's way to a point,
    and the explorer's table view."""
    body = []
    many = rows["geo"].nunique() > 1
    # The state's address once; each point's only adds its key ("fig" comes last in the query).
    base = urls.href(lang, "explore", metric, **{**search_params(state), "fig": ""})
    base += "&fig=" if "?" in base else "?fig="
    cols = ["geo", "period_type", "period_start", "period_end", "value", "unit", "value_high", "qualifier", "basis",
            "status", "n_sources", "conflict", "suspect", "key"]
    for r in records(rows.sort_values(["period_end", "geo", "status"]), cols):
        href = base + str(int(r["key"]))
        flag = " ⚠" if r["conflict"] or r["suspect"] else ""
        body.append(el("Tr", [
            *([el("Td", r["geo"])] if many else []),
            el("Td", i18n.period_text(r["period_type"], r["period_start"], r["period_end"], lang)),
            el("Td", value_of(r, lang) + flag, className="num"),
            el("Td", " ".join(x for x in (i18n.basis_name(r["basis"], lang), i18n.status_name(r["status"], lang)) if x)),
            el("Td", i18n.sources_text(int(r["n_sources"]), lang)),
            el("Td", el("Link", i18n.t(lang, "show_sources"), core=True, href=href, className="point-link")),
        ]))
    return [html.Details([html.Summary(i18n.t(lang, "points") + f" ({len(body)})"),
                          html.Table(html.Tbody(body), className="points")], className="points-box", open=open_)]


def state_from_controls(values, fig="") -> dict:
    """The state the controls ask for (``values`` in the order of :data:`KEYS`)."""
    state = {k: v or "" for k, v in zip(KEYS, values, strict=True)}
    state["geo"] = ",".join(geos_of(state["geo"]))
    return {**state, "fig": fig or ""}


def search_params(state: dict) -> dict:
    params = {k: state.get(k) for k in (*KEYS, "fig")}
    params["geo"] = ",".join(geos_of(state.get("geo")))
    if params.get("view") == "chart":
        params["view"] = ""
    return params


def search_of(state: dict) -> str:
    return urls.query(**search_params(state))


def page_title(metric: str, state: dict, lang: str) -> str:
    return f"{i18n.metric_name(metric, lang)} · {', '.join(geos_of(state['geo']))} — civic-metrics"


def clicked_ids(click_data) -> str:
    """The figure ids a clicked point carries (its observation's key; "" if none)."""
    try:
        ids = click_data["points"][0]["customdata"][0]
    except (TypeError, KeyError, IndexError):
        return ""
    return ",".join(str(i) for i in urls.int_list(str(ids)))
