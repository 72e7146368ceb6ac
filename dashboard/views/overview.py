"""Overview: for one place (in the address, ``?geo=``), a card per metric with data there: the latest
value with its qualifier and period, its change and what it compares with, a sparkline, the sources
of the value shown, and its flags.

The place is the address's, else ``$CIVIC_METRICS_PLACE``, else the place with most observations
(ties by name), so adding one article about another province does not move the cards.

It reads the store's count of observations per place, the place's observations counted by series
(aggregates in SQL), then the rows of the one series each card shows: three small queries; the
cards are kept until the store changes.
"""

from __future__ import annotations

import os
from collections import Counter

import pandas as pd
from dash import dcc, html

from .. import charts, i18n, urls
from ..data import records
from .common import dropdown_labels, flag_lines, growth_words, message, value_of

#: Environment variable naming the overview's default place.
PLACE_ENV = "CIVIC_METRICS_PLACE"
#: A latest value whose period ended this long before the store's newest period is called old.
STALE_DAYS = 366


def _mode(rows: list[dict], col: str, prefer=()):
    """The most frequent value of ``col`` (ties: the first seen), unless one of ``prefer`` occurs."""
    counts = Counter(r[col] for r in rows)
    for p in prefer:
        if p in counts:
            return p
    return counts.most_common(1)[0][0]


def places(obs: pd.DataFrame | dict) -> list[str]:
    """Places by number of observations (most first), ties by name; ``obs``: observations, or
    {place: count}."""
    counts = obs if isinstance(obs, dict) else obs.groupby("geo").size().to_dict()
    return sorted(counts, key=lambda g: (-int(counts[g]), g))


def default_place(obs: pd.DataFrame | dict) -> str:
    have = places(obs)
    configured = os.environ.get(PLACE_ENV, "").strip()
    return configured if configured in have else (have[0] if have else "")


def place_of(counts: dict, search: str | None) -> str:
    """The address's place if it has data, else the default one (``counts``: {place: observations})."""
    wanted = urls.parse_query(search).get("geo", "")
    return wanted if wanted and wanted in counts else default_place(counts)


def headline(obs: list[dict]) -> dict:
    """The series a metric's card shows (``obs``: one metric at one place, as records)."""
    rows = [r for r in obs if r["part"] == ""] or obs
    measure = _mode(rows, "measure", ("level", "growth_pct"))
    rows = [r for r in rows if r["measure"] == measure]
    geo = _mode(rows, "geo")
    rows = [r for r in rows if r["geo"] == geo]
    unit = _mode(rows, "unit")
    rows = [r for r in rows if r["unit"] == unit]
    done = [r for r in rows if r["status"] != "target"]
    months = sum(r["period_type"] == "month" for r in done)
    ptype = _mode(done or rows, "period_type", ("month",) if months > 1 else ())
    rows = [r for r in rows if r["period_type"] == ptype]
    if measure == "growth_pct":
        basis = _mode(rows, "basis", ("yoy",))
        rows = [r for r in rows if r["basis"] == basis]
    return {"measure": measure, "geo": geo, "unit": unit, "ptype": ptype, "part": rows[0]["part"], "rows": rows}


def _change(obs: list[dict], latest: dict, lang: str) -> str:
    """"tăng 32,4% so với cùng kỳ" from the growth observation of the latest level's period."""
    if latest["measure"] == "growth_pct":
        return i18n.basis_name(latest["basis"], lang)  # the value is the change: say what it compares with
    if latest["measure"] != "level":
        return ""
    g = [r for r in obs if r["measure"] == "growth_pct" and r["geo"] == latest["geo"] and r["part"] == latest["part"]
         and r["period_start"] == latest["period_start"] and r["period_end"] == latest["period_end"]]
    if not g:
        return ""
    g = sorted(g, key=lambda r: r["basis"] != "yoy")[0]
    return growth_words(g["value"], g["basis"], lang)


def _latest(rows: list[dict]) -> dict:
    """The row of the latest period (the last of equals)."""
    best = rows[0]
    for r in rows[1:]:
        if (r["period_end"], r["period_start"]) >= (best["period_end"], best["period_start"]):
            best = r
    return best


def card(data, metric: str, obs: list[dict], lang: str, newest: pd.Timestamp | None = None,
         members: dict | None = None, h: dict | None = None) -> html.Article:
    """One metric's card for the place of ``obs`` (records); ``newest``: the store's latest period end;
    ``members``: the figures of conflicting observations (:meth:`Data.observation_figures`); ``h``:
    its :func:`headline`, when chosen already."""
    h = h or headline(obs)
    rows = h["rows"]
    done = [r for r in rows if r["status"] != "target"]
    latest = _latest(done or rows)
    link = urls.href(lang, "explore", metric, geo=h["geo"], measure=h["measure"], ptype=h["ptype"], unit=h["unit"])
    name = i18n.metric_name(metric, lang)
    status = i18n.status_name(latest["status"], lang)
    period = i18n.period_text(latest["period_type"], latest["period_start"], latest["period_end"], lang)
    stale = newest is not None and (newest - latest["period_end"]).days > STALE_DAYS
    period_line = [f"{h['geo']} · {period}"]
    if stale:
        period_line.append(html.Span(f" ({i18n.t(lang, 'stale')})", className="stale"))
    flagged = bool(latest["conflict"] or latest["suspect"])
    return html.Article([
        html.H2(dcc.Link(name, href=link, className="card-link",
                         title=i18n.t(lang, "open_explorer", m=name)), className="card-title"),
        html.P(period_line, className="card-period"),
        html.P([html.Span(value_of(latest, lang) + (" ⚠" if flagged else ""), className="card-value"),
                html.Span(f" {status}", className="card-status")]),
        html.P(_change(obs, latest, lang), className="card-change"),
        dcc.Graph(figure=charts.sparkline(done or rows), config={"staticPlot": True},
                  className="sparkline", style={"height": "60px"}),
        html.P(i18n.sources_text(int(latest["n_sources"]), lang), className="card-sources"),
        *([html.Div(flag_lines(data, latest, lang, members), className="card-flags")] if flagged else []),
    ], className="card" + (" card-flagged" if flagged else ""), **{"data-metric": metric})


def cards(data, geo: str, lang: str) -> list:
    """The cards of ``geo``, in the catalogue's order (kept until the store changes)."""
    return data.cached(("cards", geo, lang), lambda: _cards(data, geo, lang))


#: What a card reads of an observation (``x``: where it sits on the time axis, as text).
CARD_COLUMNS = ("metric", "measure", "basis", "geo", "part", "period_type", "period_start", "period_end", "unit",
                "value", "value_high", "status", "qualifier", "n_sources", "conflict", "suspect", "suspect_reason",
                "key", "x")


def _counted_mode(counts: list[dict], col: str, prefer=()):
    """:func:`_mode` over counted rows (``n`` each)."""
    total: Counter = Counter()
    for c in counts:
        total[c[col]] += c["n"]
    for p in prefer:
        if p in total:
            return p
    return total.most_common(1)[0][0]


def pick(counts: list[dict]) -> tuple:
    """:func:`headline`'s choice from a metric's counted observations at one place: (metric,
    measure, unit, period type, part or None, basis or None)."""
    blank = [c for c in counts if c["part"] == ""]
    rows = blank or counts
    measure = _counted_mode(rows, "measure", ("level", "growth_pct"))
    rows = [c for c in rows if c["measure"] == measure]
    unit = _counted_mode(rows, "unit")
    rows = [c for c in rows if c["unit"] == unit]
    done = [c for c in rows if not c["target"]]
    months = sum(c["n"] for c in done if c["period_type"] == "month")
    ptype = _counted_mode(done or rows, "period_type", ("month",) if months > 1 else ())
    rows = [c for c in rows if c["period_type"] == ptype]
    basis = _counted_mode(rows, "basis", ("yoy",)) if measure == "growth_pct" else None
    return counts[0]["metric"], measure, unit, ptype, "" if blank else None, basis


def _cards(data, geo: str, lang: str) -> list:
    counts = data.place_counts(geo)
    if not counts:
        return [message(i18n.t(lang, "no_data_place", geo=geo))]
    newest = data.places()["newest"]
    by_metric: dict[str, list[dict]] = {}
    for c in counts:
        by_metric.setdefault(c["metric"], []).append(c)
    order = [m for m in i18n.METRICS if m in by_metric] + sorted(set(by_metric) - set(i18n.METRICS))
    picks = tuple(pick(by_metric[m]) for m in order)
    here = data.place_series(geo, picks)
    obs: dict[str, list[dict]] = {}
    here = here.assign(x=charts.x_days(here))
    for r in records(here, CARD_COLUMNS):
        obs.setdefault(r["metric"], []).append(r)
    heads = {}
    for metric, measure, unit, ptype, part, basis in picks:
        rows = [r for r in obs.get(metric, []) if r["measure"] == measure and r["unit"] == unit
                and r["period_type"] == ptype and (part is None or r["part"] == part)
                and (basis is None or r["basis"] == basis)]
        if rows:
            heads[metric] = {"measure": measure, "geo": geo, "unit": unit, "ptype": ptype, "part": rows[0]["part"],
                             "rows": rows}
    conflicts = [int(r["key"]) for r in (_latest([x for x in h["rows"] if x["status"] != "target"] or h["rows"])
                                         for h in heads.values()) if r["conflict"]]
    members = data.observation_figures(conflicts) if conflicts else {}
    return [card(data, m, obs[m], lang, newest, members, heads[m]) for m in order if m in heads]


def layout(data, lang: str, search: str = "") -> html.Div:
    counts = data.places()["counts"]
    if not counts:
        return html.Div([html.H1(i18n.t(lang, "overview")), message(i18n.t(lang, "empty_store"), children=[
            dcc.Link(i18n.t(lang, "add_articles"), href=urls.href(lang, "upload"), className="button")])])
    geo = place_of(counts, search)
    picker = html.Div([
        html.Label(i18n.t(lang, "place"), htmlFor="ov-geo"),
        dcc.Dropdown(id="ov-geo", labels=dropdown_labels(lang), options=[{"label": g, "value": g} for g in places(counts)],
                     value=geo, clearable=False, searchable=True),
    ], className="control place-picker")
    return html.Div([
        dcc.Location(id="ov-url", refresh=False),
        html.Div([html.H1(i18n.t(lang, "overview_of", geo=geo), id="ov-title"), picker], className="overview-head"),
        html.Div(cards(data, geo, lang), id="ov-cards", className="cards"),
    ], className="overview", **{"data-geo": geo})


def sync(data, lang: str, trigger: str | None, search: str | None, chosen: str | None):
    """(search, picker value, title, cards, page title) for the overview: the address or the picker decides."""
    counts = data.places()["counts"]
    if not counts:
        return None
    if trigger == "ov-geo" and chosen:
        geo = chosen if chosen in counts else place_of(counts, "")
        new = urls.query(geo=geo)
    else:
        geo, new = place_of(counts, search), None
    title = i18n.t(lang, "overview_of", geo=geo)
    return new, geo, title, cards(data, geo, lang), page_title(lang, geo)


def page_title(lang: str, geo: str) -> str:
    return f"{i18n.t(lang, 'overview')} · {geo} — civic-metrics"
