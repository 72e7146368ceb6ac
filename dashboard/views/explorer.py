"""Explorer: one metric's observations over time, filtered by place, measure, period type and dates.

The state (geo, measure, ptype, part, from, to, fig) lives in the query string; :func:`resolve`
fills in defaults, :func:`select` applies it and :func:`update` draws the chart, the notes and the
sources of the selected point.
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from .. import charts, i18n, urls
from .common import message, not_found
from .sources import panel as sources_panel

KEYS = ("geo", "measure", "ptype", "part", "unit", "from", "to")


def _month(s: str | None) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(s + "-01") if s and len(s) == 7 else None
    except ValueError:
        return None


def resolve(obs: pd.DataFrame, q: dict) -> dict:
    """The explorer state: the query's choices where they exist in the data, else sensible defaults."""
    def pick(col: str, rows: pd.DataFrame, wanted, prefer=()):
        have = rows[col].value_counts()
        if wanted in have.index:
            return wanted
        for p in prefer:
            if p in have.index:
                return p
        return have.index[0] if len(have) else ""

    state = {"from": q.get("from", "") if _month(q.get("from")) else "",
             "to": q.get("to", "") if _month(q.get("to")) else "",
             "fig": ",".join(str(i) for i in urls.int_list(q.get("fig")))}
    rows = obs
    state["measure"] = pick("measure", rows, q.get("measure"), ("level", "growth_pct"))
    rows = rows[rows["measure"] == state["measure"]]
    state["part"] = pick("part", rows, q.get("part", ""), ("",))
    rows = rows[rows["part"] == state["part"]]
    state["geo"] = pick("geo", rows, q.get("geo"))
    rows = rows[rows["geo"] == state["geo"]]
    state["unit"] = pick("unit", rows, q.get("unit"))
    rows = rows[rows["unit"] == state["unit"]]
    state["ptype"] = pick("period_type", rows, q.get("ptype"), ("month", "ytd", "year"))
    return state


def select(obs: pd.DataFrame, state: dict) -> pd.DataFrame:
    rows = obs[(obs["measure"] == state["measure"]) & (obs["part"] == state["part"])
               & (obs["geo"] == state["geo"]) & (obs["period_type"] == state["ptype"])
               & (obs["unit"] == state["unit"])]
    start, end = _month(state.get("from")), _month(state.get("to"))
    if start is not None:
        rows = rows[rows["period_end"] >= start]
    if end is not None:
        rows = rows[rows["period_start"] <= end + pd.offsets.MonthEnd(0)]
    return rows


def _options(values, name) -> list[dict]:
    return [{"label": name(v), "value": v} for v in values]


def _control(label: str, cid: str, widget, hidden: bool = False) -> html.Div:
    return html.Div([html.Label(label, htmlFor=cid), widget], className="control", hidden=hidden)


def layout(data, lang: str, metric: str, search: str) -> html.Div:
    """The explorer page; its controls start from the URL's state."""
    if not urls.METRIC.fullmatch(metric or ""):
        return not_found(lang)
    obs = data.observations()
    obs = obs[obs["metric"] == metric] if obs is not None and len(obs) else obs
    title = html.H1(i18n.metric_name(metric, lang))
    if obs is None or not len(obs):
        return html.Div([title, message(i18n.t(lang, "no_data"), children=[
            dcc.Link(i18n.t(lang, "back_home"), href=urls.href(lang, "overview"))])])
    s = resolve(obs, urls.parse_query(search))
    parts = sorted(obs["part"].unique(), key=lambda p: (p != "", p))
    controls = html.Div([
        _control(i18n.t(lang, "geo"), "ex-geo", dcc.Dropdown(
            id="ex-geo", options=_options(sorted(obs["geo"].unique()), str), value=s["geo"], clearable=False)),
        _control(i18n.t(lang, "measure"), "ex-measure", dcc.RadioItems(
            id="ex-measure", options=_options(sorted(obs["measure"].unique(), key=list(i18n.MEASURES).index
                                                      if set(obs["measure"]) <= set(i18n.MEASURES) else str),
                                              lambda m: i18n.measure_name(m, lang)),
            value=s["measure"], inline=True, className="radios")),
        _control(i18n.t(lang, "period_type"), "ex-ptype", dcc.Dropdown(
            id="ex-ptype", options=_options([p for p in i18n.PERIOD_TYPES if p in set(obs["period_type"])],
                                            lambda p: i18n.period_type_name(p, lang)),
            value=s["ptype"], clearable=False)),
        _control(i18n.t(lang, "part"), "ex-part", dcc.Dropdown(
            id="ex-part", options=_options(parts, lambda p: i18n.part_name(p, lang) if p else i18n.t(lang, "whole")),
            value=s["part"], clearable=False)),
        _control(i18n.t(lang, "unit"), "ex-unit", dcc.Dropdown(
            id="ex-unit", options=_options(sorted(obs["unit"].unique()), lambda u: unit_words(u, lang)),
            value=s["unit"], clearable=False),
            hidden=bool(obs.groupby("measure")["unit"].nunique().max() < 2)),
        _control(i18n.t(lang, "date_from"), "ex-from", dcc.Input(id="ex-from", type="month", value=s["from"])),
        _control(i18n.t(lang, "date_to"), "ex-to", dcc.Input(id="ex-to", type="month", value=s["to"])),
    ], className="controls", role="group", **{"aria-label": i18n.t(lang, "explorer")})
    return html.Div([
        dcc.Location(id="ex-url", refresh=False),
        title, controls,
        dcc.Loading(html.Div([
            dcc.Graph(id="ex-graph", config={"displaylogo": False, "responsive": True}),
            html.Div(id="ex-notes", className="notes", **{"aria-live": "polite"}),
        ]), type="circle"),
        html.P(i18n.t(lang, "click_point"), className="hint"),
        dcc.Loading(html.Section(id="ex-sources", className="sources", **{"aria-live": "polite"}), type="dot"),
    ], className="explorer", **{"data-metric": metric})


def notes(rows: pd.DataFrame, lang: str) -> list:
    """An explanation for each conflicting or suspect observation shown."""
    flagged = rows[rows["conflict"].astype(bool) | rows["suspect"].astype(bool)]
    if not len(flagged):
        return []
    items = []
    for _, r in flagged.sort_values("period_end").iterrows():
        period = i18n.period_text(r["period_type"], r["period_start"], r["period_end"], lang)
        why = []
        if r["conflict"]:
            why.append(i18n.t(lang, "conflict"))
        if r["suspect"]:
            why.append(i18n.t(lang, "suspect") + (f": {r['suspect_reason']}" if r.get("suspect_reason") else ""))
        items.append(html.Li([html.Strong(f"{period} ({i18n.status_name(r['status'], lang)}): "), " ".join(why)]))
    return [html.Div([html.H2(i18n.t(lang, "flags")), html.Ul(items)], className="flags")]


def unit_words(unit: str, lang: str) -> str:
    """A canonical unit in words: "triệu USD", "%", "số lượng"."""
    if unit == "count":
        return i18n.t(lang, "count")
    return "%" if unit == "%" else i18n.scaled(0, unit, lang)[1] if unit else ""


def unit_label(rows: pd.DataFrame, lang: str) -> str:
    """The y axis title: the unit of the rows shown."""
    return unit_words(rows["unit"].iloc[0], lang) if len(rows) else ""


def update(data, lang: str, metric: str, state: dict):
    """(figure, notes, sources) for ``state``."""
    obs = data.observations()
    rows = select(obs[obs["metric"] == metric], state)
    ids = urls.int_list(state.get("fig"))
    if not len(rows):
        fig = charts.series_figure(rows, lang)
        fig.add_annotation(text=i18n.t(lang, "no_data"), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
        return fig, [], sources_panel(data, ids, lang)
    fig = charts.series_figure(rows, lang, unit_label=unit_label(rows, lang), selected=ids,
                               from_zero=state["measure"] == "level")
    return fig, notes(rows, lang) + points(rows, lang, metric, state), sources_panel(data, ids, lang)


def points(rows: pd.DataFrame, lang: str, metric: str, state: dict) -> list:
    """The chart's points as a table with a "show sources" link each: the keyboard's way to a point."""
    body = []
    for _, r in rows.sort_values(["period_end", "status"]).iterrows():
        ids = ",".join(str(int(i)) for i in (list(r["figure_ids"]) if r["figure_ids"] is not None else []))
        href = urls.href(lang, "explore", metric, **{**{k: state.get(k) for k in KEYS}, "fig": ids})
        flag = " ⚠" if r["conflict"] or r["suspect"] else ""
        body.append(html.Tr([
            html.Td(i18n.period_text(r["period_type"], r["period_start"], r["period_end"], lang)),
            html.Td(i18n.value_text(r["value"], r["unit"], lang, r.get("value_high")) + flag, className="num"),
            html.Td(" ".join(x for x in (i18n.basis_name(r["basis"], lang), i18n.status_name(r["status"], lang)) if x)),
            html.Td(i18n.t(lang, "sources_n", n=int(r["n_sources"]))),
            html.Td(dcc.Link(i18n.t(lang, "show_sources"), href=href, className="point-link")),
        ]))
    return [html.Details([html.Summary(i18n.t(lang, "points") + f" ({len(body)})"),
                          html.Table(html.Tbody(body), className="points")], className="points-box")]


def state_from_controls(values, fig="") -> dict:
    """The state the controls ask for (``values`` in the order of :data:`KEYS`)."""
    return {**{k: v or "" for k, v in zip(KEYS, values, strict=True)}, "fig": fig or ""}


def search_of(state: dict) -> str:
    return urls.query(**{k: state.get(k) for k in (*KEYS, "fig")})


def clicked_ids(click_data) -> str:
    """The figure ids of a clicked point ("" if none)."""
    try:
        ids = click_data["points"][0]["customdata"][0]
    except (TypeError, KeyError, IndexError):
        return ""
    return ",".join(str(i) for i in urls.int_list(str(ids)))
