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
        dcc.Link(i18n.t(lang, "switch"), id="lang-switch", href=urls.switch_lang(pathname, search),
                 className="lang-switch", title=i18n.t(lang, "switch_label")),
    ]


def page(data, pathname: str | None, search: str | None):
    """(header, page) for a URL; errors become a friendly message, never a stack trace."""
    lang, name, arg = urls.parse_path(pathname)
    try:
        if name == "overview":
            body = overview.layout(data, lang)
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
    return header(lang, name, search or "", pathname or "/"), body, lang
