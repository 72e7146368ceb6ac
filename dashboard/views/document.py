"""Document: an article's text with all its figures highlighted, each linking to its chart."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from .. import i18n, urls
from .common import message, not_found, source_line


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
    q = urls.parse_query(search)
    sel = urls.int_list(q.get("fig"))
    selected = sel[0] if sel else None
    text = str(doc.get("text") or "")
    figs = data.doc_figures(doc_id)
    marks = spans(figs, len(text))
    head = [html.H1(doc.get("title") or i18n.t(lang, "document")), html.P(source_line(doc, lang), className="outlet")]
    original = urls.safe_url(doc.get("url"))
    if original:
        head.append(html.P(html.A(i18n.t(lang, "original") + " ↗", href=original, target="_blank",
                                  rel="noopener noreferrer nofollow", className="original-link")))
    head.append(html.P(i18n.t(lang, "figures_in_doc", n=len(figs)), className="hint"))
    from metrics.boilerplate import find_excluded

    body = paragraphs(text, marks, lang, selected, find_excluded(text, str(doc.get("title") or ""))) \
        or [message(i18n.t(lang, "no_data"))]
    return html.Div([
        html.Header(head),
        html.Article(body, className="doc-text", lang="vi"),
        dcc.Store(id="doc-scroll", data=f"fig-{selected}" if selected is not None else ""),
    ], className="document", **{"data-doc": doc_id})
