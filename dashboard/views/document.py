"""Document: an article's text with all its figures highlighted, each linking to its chart.

A long article is shown in parts of about :data:`PART_CHARS` characters (``?page=N``), so that a
50 MB text is not a 50 MB page.
"""

from __future__ import annotations

from bisect import bisect_right

import pandas as pd
from dash import dcc, html

from .. import i18n, urls
from .common import message, not_found, source_line

#: Characters of an article on one page (about 200 KB of Vietnamese text in UTF-8).
PART_CHARS = 150_000


def parts(text: str, size: int = PART_CHARS) -> list[int]:
    """Where each part of ``text`` begins: parts of at most ``size`` characters, cut after a line break
    when the part has one."""
    starts, a = [0], 0
    while len(text) - a > size:
        cut = text.rfind("\n", a, a + size) + 1
        a = cut if cut > a else a + size
        starts.append(a)
    return starts


def spans(figs: pd.DataFrame, size: int) -> list[tuple[int, int, object]]:
    """Non-overlapping (start, end, row) inside the text, in order."""
    out, last = [], 0
    if not len(figs):
        return out
    for _, r in figs.sort_values(["start", "end"]).iterrows():
        a, b = int(r["start"]), int(r["end"])
        if 0 <= a < b <= size and a >= last:
            out.append((a, b, r))
            last = b
    return out


def _mark(text: str, r, lang: str, selected: int | None) -> dcc.Link:
    fid = int(r["figure_id"])
    href = urls.href(lang, "explore", r["metric"], geo=r["geo"], measure=r["measure"], ptype=r["period_type"],
                     part=r["part"], fig=fid)
    label = f"{i18n.metric_name(r['metric'], lang)}: {i18n.value_text(r['value'], r['unit'], lang, r.get('value_high'), r.get('qualifier', ''))}"
    cls = "fig-mark fig-selected" if fid == selected else "fig-mark"
    return dcc.Link(html.Mark(text), href=href, id=f"fig-{fid}", className=cls, title=label)


def _inside(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """Is the line a..b (its non-blank part) within one of the ``spans``?"""
    return any(s <= a and b <= e for s, e in spans)


def paragraphs(text: str, marks: list[tuple[int, int, object]], lang: str, selected: int | None,
               furniture: list[tuple[int, int]] = ()) -> list:
    """The text as <p> elements (split at line breaks) with figures as highlighted links; lines of page
    furniture (related links, comments, view counters, tags) folded into a dimmed <details>."""
    out, pos, k = [], 0, 0
    folded: list = []

    def flush():
        if folded:
            out.append(html.Details([html.Summary(i18n.t(lang, "furniture")), *folded], className="furniture"))
            folded.clear()

    for line in text.split("\n"):
        end = pos + len(line)
        children, cur = [], pos
        while k < len(marks) and marks[k][0] < end:
            a, b, r = marks[k]
            b = min(b, end)
            if a > cur:
                children.append(text[cur:a])
            children.append(_mark(text[a:b], r, lang, selected))
            cur, k = b, k + 1
        if cur < end:
            children.append(text[cur:end])
        if line.strip():
            lead = len(line) - len(line.lstrip())
            if furniture and _inside(pos + lead, pos + len(line.rstrip()), furniture):
                folded.append(html.P(children))
            else:
                flush()
                out.append(html.P(children))
        pos = end + 1
    flush()
    return out


def layout(data, lang: str, doc_id: str, search: str) -> html.Div:
    if not urls.valid_doc_id(doc_id):
        return not_found(lang, i18n.t(lang, "bad_doc_id"))
    doc = data.document(doc_id)
    if not doc:
        return not_found(lang, i18n.t(lang, "not_found_doc"))
    head = [html.H1(doc.get("title") or i18n.t(lang, "document")), html.P(source_line(doc, lang), className="outlet")]
    original = urls.safe_url(doc.get("url"))
    if original:
        head.append(html.P(html.A(i18n.t(lang, "original") + " ↗", href=original, target="_blank",
                                  rel="noopener noreferrer nofollow", className="original-link")))
    figs = data.doc_figures(doc_id)
    head.append(html.P(i18n.t(lang, "figures_in_doc", n=len(figs)), className="hint"))
    return html.Div([
        html.Header(head),
        dcc.Location(id="doc-url", refresh=False, search=search or ""),  # as the browser's: no re-render on load
        html.Div(body(doc, figs, lang, search), id="doc-body"),
    ], className="document", **{"data-doc": doc_id})


def body_for(data, pathname: str | None, search: str | None) -> list:
    """:func:`body` for the document at ``pathname`` (the part the address asks for)."""
    lang, page, doc_id = urls.parse_path(pathname)
    doc = data.document(doc_id) if page == "doc" and urls.valid_doc_id(doc_id) else None
    if not doc:
        return [message(i18n.t(lang, "not_found_doc"), kind="error")]
    return body(doc, data.doc_figures(doc_id), lang, search)


def body(doc: dict, figs: pd.DataFrame, lang: str, search: str | None) -> list:
    """The part of the text the address asks for (``?page=N``, else the selected figure's part, else the first),
    with its figures highlighted and, for a long article, which part it is and links to the others."""
    q = urls.parse_query(search)
    sel = urls.int_list(q.get("fig"))
    selected = sel[0] if sel else None
    full = str(doc.get("text") or "")
    starts = parts(full)
    asked = urls.int_list(q.get("page"), limit=1)
    if asked:
        n = min(max(asked[0], 1), len(starts))
    elif selected is not None and (figs.figure_id == selected).any():
        n = bisect_right(starts, int(figs.loc[figs.figure_id == selected, "start"].iloc[0]))
    else:
        n = 1
    a, b = starts[n - 1], starts[n] if n < len(starts) else len(full)
    text = full[a:b]
    shown = figs[(figs.start >= a) & (figs.end <= b)].assign(start=lambda f: f.start - a, end=lambda f: f.end - a)
    from metrics.boilerplate import find_excluded

    article = paragraphs(text, spans(shown, len(text)), lang, selected,
                         find_excluded(text, str(doc.get("title") or ""))) or [message(i18n.t(lang, "no_data"))]
    nav = [] if len(starts) == 1 else [_part_links(lang, str(doc["id"]), q, n, len(starts), a, b, len(full), i)
                                       for i in ("doc-parts", "doc-parts-end")]
    target = f"fig-{selected}" if selected is not None and (shown.figure_id == selected).any() else \
        "doc-parts" if nav and asked else ""
    return [*nav[:1], html.Article(article, className="doc-text", lang="vi"), *nav[1:],
            dcc.Store(id="doc-scroll", data=target)]


def _part_links(lang: str, doc_id: str, q: dict, n: int, m: int, a: int, b: int, total: int, nav_id: str) -> html.Nav:
    """Which part of the article is shown, with links to the previous and next parts (other URL state kept)."""
    def link(k: int, key: str) -> html.Span | dcc.Link:
        if not 1 <= k <= m:
            return html.Span()
        return dcc.Link(i18n.t(lang, key), href=urls.href(lang, "doc", doc_id) + urls.query(**{**q, "page": k}),
                        className=f"{key.replace('_', '-')} button")
    where = i18n.t(lang, "doc_part", n=n, m=m, a=i18n.number(a + 1, lang), b=i18n.number(b, lang),
                   total=i18n.number(total, lang))
    return html.Nav([link(n - 1, "doc_prev"), html.Span(where, className="doc-part"), link(n + 1, "doc_next")],
                    id=nav_id, className="doc-parts", tabIndex="-1", **{"aria-label": where})
