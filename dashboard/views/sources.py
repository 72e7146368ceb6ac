"""Sources: every sentence that states the selected observation, its own words highlighted."""

from __future__ import annotations

from dash import dcc, html

from .. import i18n, urls
from .common import highlight, message, source_line


def item(row, lang: str) -> html.Li:
    """One sentence: quote highlighted, outlet and date, a link to the article view and to the original."""
    fid = int(row["figure_id"])
    links = [dcc.Link(i18n.t(lang, "in_document"), href=urls.href(lang, "doc", row["doc_id"], fig=fid),
                      className="doc-link")]
    original = urls.original_link(row.get("url"), row.get("sentence", ""))
    if original:
        links.append(html.A(i18n.t(lang, "original") + " ↗", href=original, target="_blank",
                            rel="noopener noreferrer nofollow", className="original-link"))
    value = i18n.value_text(row["value"], row["unit"], lang, row.get("value_high"), row.get("qualifier", ""))
    period = i18n.period_text(row["period_type"], row["period_start"], row["period_end"], lang)
    return html.Li([
        html.Blockquote(highlight(row["sentence"], row["quote"]), className="sentence"),
        html.P([html.Span(source_line(row, lang), className="outlet"),
                html.Span(f" · {value} · {period} · {i18n.status_name(row['status'], lang)}", className="meta")]),
        html.P(links, className="links"),
    ], className="source", **{"data-figure": str(fid)})


def panel(data, ids: list[int], lang: str) -> list:
    """The sources panel's children for the figure ids of a clicked point."""
    if not ids:
        return []
    figs = data.figures_by_id(ids)
    if not len(figs):
        return [message(i18n.t(lang, "no_data"))]
    figs = figs.sort_values(["published", "figure_id"], ascending=False, na_position="last")  # newest first
    return [html.H2(f"{i18n.t(lang, 'sources')} ({len(figs)})"),
            html.Ol([item(r, lang) for _, r in figs.iterrows()], className="source-list")]
