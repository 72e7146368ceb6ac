"""Building blocks shared by the views. Everything from a document is passed as text children,
never as markup, so React escapes it."""

from __future__ import annotations

from dash import dcc, html

from .. import i18n, urls


def highlight(sentence: str, quote: str, *, class_name: str = "quote") -> list:
    """``sentence`` as text with ``quote`` (its first occurrence) in a <mark>."""
    sentence, quote = str(sentence or ""), str(quote or "")
    i = sentence.find(quote) if quote else -1
    if i < 0:
        return [sentence]
    return [sentence[:i], html.Mark(quote, className=class_name), sentence[i + len(quote):]]


def message(text: str, *, kind: str = "info", children=None) -> html.Div:
    """A friendly empty, error or success state."""
    return html.Div([html.P(text), *(children or [])], className=f"message message-{kind}",
                    role="alert" if kind == "error" else "status")


def not_found(lang: str, text: str | None = None) -> html.Div:
    return html.Div([
        html.H1(i18n.t(lang, "not_found")),
        message(text or i18n.t(lang, "not_found"), kind="error",
                children=[dcc.Link(i18n.t(lang, "back_home"), href=urls.href(lang, "overview"))]),
    ], className="not-found", **{"data-status": "404"})


def source_line(row, lang: str) -> str:
    outlet = row.get("source") or i18n.t(lang, "source_unknown")
    return f"{outlet} · {i18n.date_text(row.get('published'), lang)}"
