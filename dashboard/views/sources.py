"""Sources: the sentences that state the selected observation (the newest :data:`LIMIT`, and how many
more there are), their own words highlighted."""

from __future__ import annotations

from dash import html

from .. import i18n, urls
from ..data import records
from .common import el, highlight, message, source_line

#: Sentences listed at most for one point.
LIMIT = 50


def item(row, lang: str) -> dict:
    """One sentence: quote highlighted, outlet and date, a link to the article view and to the original
    (as component JSON: see :func:`.common.el`)."""
    fid = int(row["figure_id"])
    links = [el("Link", i18n.t(lang, "in_document"), core=True, href=urls.href(lang, "doc", row["doc_id"], fig=fid),
                className="doc-link")]
    original = urls.original_link(row.get("url"), row.get("sentence", ""))
    if original:
        links.append(el("A", i18n.t(lang, "original") + " ↗", href=original, target="_blank",
                        rel="noopener noreferrer nofollow", className="original-link"))
    value = i18n.value_text(row["value"], row["unit"], lang, row.get("value_high"), row.get("qualifier", ""))
    period = i18n.period_text(row["period_type"], row["period_start"], row["period_end"], lang)
    return el("Li", [
        el("Blockquote", highlight(row["sentence"], row["quote"]), className="sentence"),
        el("P", [el("Span", source_line(row, lang), className="outlet"),
                 el("Span", f" · {value} · {period} · {i18n.status_name(row['status'], lang)}", className="meta")]),
        el("P", links, className="links"),
    ], className="source", **{"data-figure": str(fid)})


def panel(data, ids: list[int], lang: str) -> list:
    """The sources panel's children for the figure ids of a clicked point (or of the address): the
    sentences of every observation holding one of them, newest first."""
    if not ids:
        return []
    figs, total, _ = data.point_sources(ids, LIMIT)
    if not len(figs):
        return [message(i18n.t(lang, "no_data"))]
    more = [html.P(i18n.t(lang, "more_sources", n=i18n.number(total - len(figs), lang)), className="hint more-sources")] \
        if total > len(figs) else []
    return [html.H2(f"{i18n.t(lang, 'sources')} ({i18n.number(total, lang)})"),
            html.Ol([item(r, lang) for r in records(figs)], className="source-list"), *more]
