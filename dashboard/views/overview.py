"""Overview: a card per metric with data (latest value and period, change, sparkline, sources)."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from .. import charts, i18n, urls
from .common import message


def _mode(s: pd.Series, prefer=()):
    for p in prefer:
        if (s == p).any():
            return p
    return s.value_counts().index[0]


def headline(obs: pd.DataFrame) -> dict:
    """The series a metric's card shows: its measure, geo, part and period type, and the rows."""
    rows = obs[obs["part"] == ""] if (obs["part"] == "").any() else obs
    measure = _mode(rows["measure"], ("level", "growth_pct"))
    rows = rows[rows["measure"] == measure]
    geo = _mode(rows["geo"])
    rows = rows[rows["geo"] == geo]
    unit = _mode(rows["unit"])
    rows = rows[rows["unit"] == unit]
    done = rows[rows["status"] != "target"]
    ptype = _mode((done if len(done) else rows)["period_type"], ("month",) if (done["period_type"] == "month").sum() > 1 else ())
    rows = rows[rows["period_type"] == ptype]
    if measure == "growth_pct":
        basis = _mode(rows["basis"], ("yoy",))
        rows = rows[rows["basis"] == basis]
    return {"measure": measure, "geo": geo, "unit": unit, "ptype": ptype, "part": rows["part"].iloc[0], "rows": rows}


def _change(obs: pd.DataFrame, latest, lang: str) -> str:
    """"tăng 32,4% so với cùng kỳ" from the growth observation of the latest level's period."""
    if latest["measure"] != "level":
        return ""
    g = obs[(obs["measure"] == "growth_pct") & (obs["geo"] == latest["geo"]) & (obs["part"] == latest["part"])
            & (obs["period_start"] == latest["period_start"]) & (obs["period_end"] == latest["period_end"])]
    if not len(g):
        return ""
    g = g.sort_values("basis", key=lambda b: b != "yoy").iloc[0]
    word = ("tăng" if g["value"] >= 0 else "giảm") if lang == "vi" else ("up" if g["value"] >= 0 else "down")
    return f"{word} {i18n.number(abs(g['value']), lang)}% {i18n.basis_name(g['basis'], lang)}"


def card(metric: str, obs: pd.DataFrame, n_docs: int, lang: str) -> html.Article:
    h = headline(obs)
    rows = h["rows"]
    done = rows[rows["status"] != "target"]
    latest = (done if len(done) else rows).sort_values(["period_end", "period_start"]).iloc[-1]
    link = urls.href(lang, "explore", metric, geo=h["geo"], measure=h["measure"], ptype=h["ptype"], unit=h["unit"])
    name = i18n.metric_name(metric, lang)
    status = i18n.status_name(latest["status"], lang)
    return html.Article([
        html.H2(dcc.Link(name, href=link, className="card-link",
                         title=i18n.t(lang, "open_explorer", m=name)), className="card-title"),
        html.P(f"{h['geo']} · {i18n.period_text(latest['period_type'], latest['period_start'], latest['period_end'], lang)}",
               className="card-period"),
        html.P([html.Span(i18n.value_text(latest["value"], latest["unit"], lang, latest.get("value_high")),
                          className="card-value"),
                html.Span(f" {status}", className="card-status")]),
        html.P(_change(obs, latest, lang), className="card-change"),
        dcc.Graph(figure=charts.sparkline(done if len(done) else rows), config={"staticPlot": True},
                  className="sparkline", style={"height": "60px"}),
        html.P(i18n.t(lang, "sources_n", n=n_docs), className="card-sources"),
    ], className="card", **{"data-metric": metric})


def layout(data, lang: str) -> html.Div:
    obs = data.observations()
    head = html.H1(i18n.t(lang, "overview"))
    if obs is None or not len(obs):
        return html.Div([head, message(i18n.t(lang, "empty_store"), children=[
            dcc.Link(i18n.t(lang, "add_articles"), href=urls.href(lang, "upload"), className="button")])])
    docs = data.sources_per_metric()
    order = [m for m in i18n.METRICS if m in set(obs["metric"])] + sorted(set(obs["metric"]) - set(i18n.METRICS))
    cards = [card(m, obs[obs["metric"] == m], int(docs.get(m, 0)), lang) for m in order]
    return html.Div([head, html.Div(cards, className="cards")])
