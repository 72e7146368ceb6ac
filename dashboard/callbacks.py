"""Dash callbacks: thin wrappers that read the URL and controls and call the views' functions."""

from __future__ import annotations

import json

from dash import Input, Output, State, ctx, dcc, no_update

from . import i18n, urls
from .layout import page
from .views import document, explorer, table, upload


def explorer_sync(data, trigger, pathname, search, values, click):
    """URL <-> controls for the explorer: (search, *control values, figure, notes, sources, from options,
    to options, chart hidden, export info, page title).

    ``values`` are the controls' values in the order of ``explorer.KEYS``.

    Triggered by the URL (load, back, forward): the controls follow it. Triggered by a control or a
    click: the URL follows them (a new history entry), and the chart is redrawn.
    """
    lang, _, metric = urls.parse_path(pathname)
    obs = data.series(metric) if metric else None
    if obs is None or not len(obs):
        return (no_update,) * (len(explorer.KEYS) + 9)
    q = urls.parse_query(search)
    state = explorer.resolve(obs, q)
    if trigger not in (None, "url"):
        asked = explorer.resolve(obs, explorer.state_from_controls(values))
        same = all(asked[k] == state[k] for k in explorer.KEYS)
        if trigger == "ex-graph":
            asked["fig"] = explorer.clicked_ids(click) or state["fig"]
        elif same:
            asked["fig"] = state["fig"]  # controls just (re)appeared: keep the selected point
        state = asked
    new_search = explorer.search_of(state)
    out_search = no_update if trigger in (None, "url") or new_search == (search or "") else new_search
    if trigger == "ex-graph":  # a click: only the ring around the selection and the sources change
        return (out_search, *(no_update,) * len(explorer.KEYS), explorer.ring_patch(data, lang, metric, state),
                no_update, explorer.sources_panel(data, urls.int_list(state["fig"]), lang), *(no_update,) * 5)
    figure, notes, sources, export = explorer.update(data, lang, metric, state)
    controls = [state[k] if state[k] != "" or k not in ("from", "to") else None for k in explorer.KEYS]
    options = explorer.range_options(obs, state, lang)
    return (out_search, *controls, figure, notes, sources, options, options, state["view"] == "table", export,
            explorer.page_title(metric, state, lang))


def chart_download(data, pathname, search, kind):
    """The shown series (observations with their sources) as ``kind`` ("csv", "csv-vi", "xlsx") for
    dcc.Download."""
    from . import downloads

    lang, _, metric = urls.parse_path(pathname)
    obs = data.series(metric) if metric else None
    if obs is None or not len(obs):
        return no_update
    state = explorer.resolve(obs, urls.parse_query(search))
    rows = data.with_figure_ids(explorer.select(obs, state))
    readable, codes = downloads.series_frames(data, rows, lang)
    title = explorer.chart_title(metric, state, rows, lang)
    filt = ", ".join(f"{k}={v}" for k, v in explorer.search_params(state).items() if v and k != "fig")
    about = downloads.about_rows(lang, what=title, filter_text=filt, sources=downloads.outlets(data, rows),
                                 n=len(readable))
    name = downloads.file_name("series", metric, state["measure"], *explorer.geos_of(state["geo"]), state["ptype"],
                               state["from"], state["to"])
    ext = "xlsx" if kind == "xlsx" else "csv"
    suffix = "_excel-vi" if kind == "csv-vi" else ""
    return dcc.send_bytes(downloads.package(readable, codes, about, kind, lang), f"{name}{suffix}.{ext}")


def overview_sync(data, trigger, pathname, search, chosen):
    """(search, picker value, heading, cards, page title) for the overview."""
    from .views import overview

    lang, _, _ = urls.parse_path(pathname)
    out = overview.sync(data, lang, trigger, search, chosen)
    if out is None:
        return (no_update,) * 5
    new, geo, title, cards, page_title = out
    if trigger != "ov-geo" or new == (search or ""):
        new = no_update
    return new, geo, title, cards, page_title


#: Draw the chart again with its title, subtitle, sources and date and save it as PNG or SVG
#: (the words come from the server's "ex-export" store, as text).
IMAGE_DOWNLOAD = """function (_png, _svg, info) {
    var nu = window.dash_clientside.no_update;
    var trig = (window.dash_clientside.callback_context.triggered[0] || {}).prop_id || '';
    var gd = document.querySelector('#ex-graph .js-plotly-plot');
    if (!gd || !info || !window.Plotly) { return nu; }
    var fmt = trig.indexOf('ex-svg') === 0 ? 'svg' : 'png';
    var esc = function (s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); };
    var layout = JSON.parse(JSON.stringify(gd.layout));
    layout.title = {text: '<b>' + esc(info.title) + '</b><br><span style="font-size:13px">' + esc(info.subtitle) +
                    '</span>', x: 0.01, xanchor: 'left', y: 0.97, yanchor: 'top'};
    var n = info.footer.length;
    layout.margin = Object.assign({}, layout.margin, {t: 90, b: 110 + 20 * n});
    layout.legend = Object.assign({}, layout.legend, {y: -0.1, yanchor: 'top'});
    layout.annotations = (layout.annotations || []).concat(info.footer.map(function (line, i) {
        return {text: esc(line), xref: 'paper', yref: 'paper', x: 0, xanchor: 'left', y: 0, yanchor: 'top',
                yshift: -(85 + 20 * i), showarrow: false, font: {size: 12, color: '#444'}, align: 'left'};
    }));
    layout.width = 1100; layout.height = 640;
    return window.Plotly.toImage({data: gd.data, layout: layout}, {format: fmt, width: 1100, height: 640})
        .then(function (url) {
            var name = info.filename + '.' + fmt;
            if (fmt === 'svg') {
                var svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
                return {content: svg, filename: name, base64: false, type: 'image/svg+xml'};
            }
            return {content: url.slice(url.indexOf(',') + 1), filename: name, base64: true, type: 'image/png'};
        });
}"""

#: Copy the address of the view to the clipboard, or show it to copy by hand.
COPY_LINK = """function (n, lang) {
    if (!n) { return window.dash_clientside.no_update; }
    var ok = %s, failed = %s, i = lang === 'en' ? 1 : 0, href = window.location.href;
    if (!navigator.clipboard) { return failed[i] + ' ' + href; }
    return navigator.clipboard.writeText(href).then(function () { return ok[i]; },
                                                     function () { return failed[i] + ' ' + href; });
}"""


#: Back and forward on the table page: put the address's filters and sort order into the grid.
GRID_FROM_URL = """function (search) {
    var nu = window.dash_clientside.no_update, api = null;
    try { api = dash_ag_grid.getApi('tbl-grid'); } catch (e) { return nu; }
    if (!api) { return nu; }
    var q = new URLSearchParams(search || ''), f = {}, s = [];
    try { f = JSON.parse(q.get('f') || '{}'); s = JSON.parse(q.get('s') || '[]'); } catch (e) { return nu; }
    if (JSON.stringify(api.getFilterModel() || {}) !== JSON.stringify(f)) { api.setFilterModel(f); }
    var cur = api.getColumnState().filter(function (c) { return c.sort; })
        .sort(function (a, b) { return (a.sortIndex || 0) - (b.sortIndex || 0); })
        .map(function (c) { return {colId: c.colId, sort: c.sort}; });
    var want = s.map(function (c) { return {colId: c.colId, sort: c.sort}; });
    if (JSON.stringify(cur) !== JSON.stringify(want)) {
        api.applyColumnState({state: want.map(function (c, i) { return {colId: c.colId, sort: c.sort, sortIndex: i}; }),
                              defaultState: {sort: null}});
    }
    return nu;
}"""


def register(app, data) -> None:
    @app.callback(Output("header", "children"), Output("page", "children"), Output("lang-store", "data"),
                  Output("page-title", "data"), Input("url", "pathname"), State("url", "search"))
    def _page(pathname, search):
        return page(data, pathname, search)

    app.clientside_callback(
        "function(title) { if (title) { document.title = title; } return window.dash_clientside.no_update; }",
        Output("page-title", "id"), Input("page-title", "data"))

    app.clientside_callback(COPY_LINK % (json.dumps([i18n.t("vi", "copied"), i18n.t("en", "copied")], ensure_ascii=False),
                                         json.dumps([i18n.t("vi", "copy_failed"), i18n.t("en", "copy_failed")],
                                                    ensure_ascii=False)),
                            Output("copy-status", "children"), Input("copy-link", "n_clicks"),
                            State("lang-store", "data"), prevent_initial_call=True)

    @app.callback(Output("ov-url", "search"), Output("ov-geo", "value"), Output("ov-title", "children"),
                  Output("ov-cards", "children"), Output("page-title", "data", allow_duplicate=True),
                  Input("ov-url", "search"), Input("ov-geo", "value"), State("ov-url", "pathname"),
                  prevent_initial_call=True)
    def _overview(search, chosen, pathname):
        trigger = "ov-geo" if ctx.triggered_id == "ov-geo" else "url"
        return overview_sync(data, trigger, pathname, search, chosen)

    @app.callback(Output("lang-switch", "href"), Input("url", "search"), State("url", "pathname"))
    def _switch(search, pathname):
        return urls.switch_lang(pathname, search)

    app.clientside_callback(
        "function(lang) { document.documentElement.lang = lang || 'vi'; return window.dash_clientside.no_update; }",
        Output("lang-store", "id"), Input("lang-store", "data"))

    @app.callback(
        Output("ex-url", "search"),
        *[Output(f"ex-{k}", "value") for k in explorer.KEYS],
        Output("ex-graph", "figure"), Output("ex-notes", "children"), Output("ex-sources", "children"),
        Output("ex-from", "options"), Output("ex-to", "options"), Output("ex-chart-box", "hidden"),
        Output("ex-export", "data"), Output("page-title", "data", allow_duplicate=True),
        Input("ex-url", "search"), *[Input(f"ex-{k}", "value") for k in explorer.KEYS],
        Input("ex-graph", "clickData"), State("ex-url", "pathname"), prevent_initial_call="initial_duplicate")
    def _explorer(search, *args):
        *values, click, pathname = args
        trigger = ctx.triggered_id
        trigger = "url" if trigger == "ex-url" else trigger
        if trigger not in ("url", "ex-graph") and trigger is not None:
            trigger = "controls"
        return explorer_sync(data, trigger, pathname, search, values, click)

    @app.callback(Output("ex-download", "data"), Input("ex-csv", "n_clicks"), Input("ex-csv-vi", "n_clicks"),
                  Input("ex-xlsx", "n_clicks"), State("ex-url", "pathname"), State("ex-url", "search"),
                  prevent_initial_call=True)
    def _chart_download(_csv, _csv_vi, _xlsx, pathname, search):
        kind = {"ex-csv": "csv", "ex-csv-vi": "csv-vi", "ex-xlsx": "xlsx"}.get(ctx.triggered_id, "csv")
        return chart_download(data, pathname, search, kind)

    app.clientside_callback(IMAGE_DOWNLOAD, Output("ex-download-img", "data"), Input("ex-png", "n_clicks"),
                            Input("ex-svg", "n_clicks"), State("ex-export", "data"), prevent_initial_call=True)

    @app.callback(Output("doc-body", "children"), Input("doc-url", "search"), State("doc-url", "pathname"),
                  prevent_initial_call=True)
    def _document(search, pathname):
        return document.body_for(data, pathname, search)

    app.clientside_callback(
        """function(target) {
            if (target) { setTimeout(function () {
                var el = document.getElementById(target);
                if (el) { el.scrollIntoView({block: 'center'}); el.focus(); }
            }, 100); }
            return window.dash_clientside.no_update;
        }""", Output("doc-scroll", "id"), Input("doc-scroll", "data"))

    @app.callback(Output("tbl-grid", "getRowsResponse"), Output("tbl-query", "data"), Output("tbl-count", "children"),
                  Output("tbl-url", "search"),
                  Input("tbl-grid", "getRowsRequest"), State("tbl-url", "search"), State("lang-store", "data"),
                  prevent_initial_call=True)
    def _rows(request, search, lang):
        if not request:
            return (no_update,) * 4
        resp = table.get_rows(data, request, lang or "vi")
        query = {"filterModel": request.get("filterModel") or {}, "sortModel": request.get("sortModel") or []}
        new = table.search_of(query)
        count = f"{resp['rowCount']:,}".replace(",", "." if lang != "en" else ",")
        label = ("dòng" if lang != "en" else "rows")
        return resp, query, f"{count} {label}", (no_update if new == (search or "") else new)

    app.clientside_callback(GRID_FROM_URL, Output("tbl-sync", "data"), Input("tbl-url", "search"))

    @app.callback(Output("tbl-download", "data"), Input("tbl-csv", "n_clicks"), Input("tbl-csv-vi", "n_clicks"),
                  Input("tbl-xlsx", "n_clicks"), State("tbl-query", "data"), State("lang-store", "data"),
                  prevent_initial_call=True)
    def _download(_csv, _csv_vi, _xlsx, query, lang):
        kind = {"tbl-xlsx": "xlsx", "tbl-csv-vi": "csv-vi"}.get(ctx.triggered_id, "csv")
        content, name = table.download(data, query, kind, lang or "vi")
        return dcc.send_bytes(content, name)

    @app.callback(Output("tbl-grid", "filterModel"), Input("tbl-search", "value"), State("tbl-query", "data"),
                  prevent_initial_call=True)
    def _search(text, query):
        current = (query or {}).get("filterModel") or {}
        new = table.with_search(current, text)
        return no_update if new == current else new

    @app.callback(Output("up-preview", "children"), Output("up-token", "data"), Output("up-save", "disabled"),
                  Input("up-files", "contents"), State("up-files", "filename"), State("lang-store", "data"),
                  prevent_initial_call=True)
    def _preview(contents, filenames, lang):
        return upload.preview(contents, filenames, lang or "vi")

    @app.callback(Output("up-result", "children"), Output("up-save", "disabled", allow_duplicate=True),
                  Input("up-save", "n_clicks"), State("up-token", "data"), State("lang-store", "data"),
                  prevent_initial_call=True)
    def _save(_n, token, lang):
        return upload.save(data, token, lang or "vi"), True
