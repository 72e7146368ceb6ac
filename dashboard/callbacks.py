"""Dash callbacks: thin wrappers that read the URL and controls and call the views' functions."""

from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, no_update

from . import urls
from .layout import page
from .views import explorer, table, upload


def explorer_sync(data, trigger, pathname, search, values, click):
    """URL <-> controls for the explorer: (search, *control values, figure, notes, sources).

    ``values`` are the controls' values in the order of ``explorer.KEYS``.

    Triggered by the URL (load, back, forward): the controls follow it. Triggered by a control or a
    click: the URL follows them (a new history entry), and the chart is redrawn.
    """
    lang, _, metric = urls.parse_path(pathname)
    obs = data.observations()
    obs = obs[obs["metric"] == metric] if obs is not None and len(obs) else obs
    if obs is None or not len(obs):
        return (no_update,) * (len(explorer.KEYS) + 4)
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
    figure, notes, sources = explorer.update(data, lang, metric, state)
    controls = [state[k] for k in explorer.KEYS]
    out_search = no_update if trigger in (None, "url") or new_search == (search or "") else new_search
    return (out_search, *controls, figure, notes, sources)


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
                  Input("url", "pathname"), State("url", "search"))
    def _page(pathname, search):
        return page(data, pathname, search)

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
        Input("ex-url", "search"), *[Input(f"ex-{k}", "value") for k in explorer.KEYS],
        Input("ex-graph", "clickData"), State("ex-url", "pathname"))
    def _explorer(search, *args):
        *values, click, pathname = args
        trigger = ctx.triggered_id
        trigger = "url" if trigger == "ex-url" else trigger
        if trigger not in ("url", "ex-graph") and trigger is not None:
            trigger = "controls"
        return explorer_sync(data, trigger, pathname, search, values, click)

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
        resp = table.get_rows(data, request)
        query = {"filterModel": request.get("filterModel") or {}, "sortModel": request.get("sortModel") or []}
        new = table.search_of(query)
        count = f"{resp['rowCount']:,}".replace(",", "." if lang != "en" else ",")
        label = ("dòng" if lang != "en" else "rows")
        return resp, query, f"{count} {label}", (no_update if new == (search or "") else new)

    app.clientside_callback(GRID_FROM_URL, Output("tbl-sync", "data"), Input("tbl-url", "search"))

    @app.callback(Output("tbl-download", "data"), Input("tbl-csv", "n_clicks"), Input("tbl-xlsx", "n_clicks"),
                  State("tbl-query", "data"), prevent_initial_call=True)
    def _download(_csv, _xlsx, query):
        kind = "xlsx" if ctx.triggered_id == "tbl-xlsx" else "csv"
        df = table.export_frame(data, query)
        return dcc.send_bytes(table.export_bytes(df, kind), f"civic-metrics-figures.{kind}")

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
