"""The page shell (header, navigation, language switch) and the router from a URL to a view."""

from __future__ import annotations

from dash import dcc, html

from . import i18n, urls
from .views import document, explorer, overview, table, upload
from .views.common import message, not_found


def shell() -> html.Div:
    return html.Div([
        dcc.Location(id="url", refresh=False),
        html.A(id="skip", href="#page", className="skip-link", children="↓"),
        html.Header(id="header", className="site-header"),
        dcc.Loading(html.Main(id="page", tabIndex="-1"), type="default", delay_show=300),
        dcc.Store(id="lang-store"),
        dcc.Store(id="page-title"),
    ])


def header(lang: str, page: str, search: str, pathname: str) -> list:
    """Site title, navigation and the language switch for ``lang``."""
    def nav(key: str, target: str):
        current = page == target
        return dcc.Link(i18n.t(lang, key), href=urls.href(lang, target), className="nav-link" + (" current" if current else ""))
    return [
        dcc.Link(i18n.t(lang, "title"), href=urls.href(lang, "overview"), className="brand"),
        html.Nav([nav("overview", "overview"), nav("table", "table"), nav("upload", "upload")],
                 **{"aria-label": "menu"}),
        html.Button(i18n.t(lang, "copy_link"), id="copy-link", className="copy-link", type="button"),
        html.Span(id="copy-status", className="copy-status", role="status"),
        dcc.Link(i18n.t(lang, "switch"), id="lang-switch", href=urls.switch_lang(pathname, search),
                 className="lang-switch", title=i18n.t(lang, "switch_label")),
    ]


def title_of(data, lang: str, name: str, arg: str, search: str) -> str:
    """The browser tab's title for a view: what it shows (metric, place, article)."""
    app = "civic-metrics"
    try:
        if name == "overview":
            counts = data.places()["counts"]
            if counts:
                return overview.page_title(lang, overview.place_of(counts, search))
            return f"{i18n.t(lang, 'overview')} — {app}"
        if name == "explore":
            geos = explorer.geos_of(urls.parse_query(search).get("geo"))
            return f"{i18n.metric_name(arg, lang)}{' · ' + ', '.join(geos) if geos else ''} — {app}"
        if name == "doc":
            doc = data.document(arg) if urls.valid_doc_id(arg) else None
            return f"{(doc or {}).get('title') or i18n.t(lang, 'document')} — {app}"
        if name in ("table", "upload"):
            return f"{i18n.t(lang, name)} — {app}"
    except Exception:  # a title is never worth an error page
        return app
    return f"{i18n.t(lang, 'not_found')} — {app}"


def page(data, pathname: str | None, search: str | None):
    """(header, page, language, tab title) for a URL; errors become a friendly message, never a stack trace."""
    lang, name, arg = urls.parse_path(pathname)
    try:
        if name == "overview":
            body = overview.layout(data, lang, search or "")
        elif name == "explore":
            body = explorer.layout(data, lang, arg, search or "")
        elif name == "doc":
            body = document.layout(data, lang, arg, search or "")
        elif name == "table":
            body = table.layout(lang, search or "")
        elif name == "upload":
            body = upload.layout(lang)
        else:
            body = not_found(lang)
    except Exception as e:  # show the reason; the server log has the traceback
        import logging

        from metrics.errors import CivicMetricsError

        logging.getLogger("dashboard").exception("cannot render %s", pathname)
        why = str(e) if isinstance(e, CivicMetricsError) else type(e).__name__
        body = message(i18n.t(lang, "error", why=why), kind="error")
    return header(lang, name, search or "", pathname or "/"), body, lang, title_of(data, lang, name, arg, search or "")
