"""The figure engine: document -> paragraphs -> sentences -> figures (rows of the figures table).

One pass finds the figure candidates (a number with a percent sign, a currency or a
count unit); only paragraphs holding one are read further. Each such paragraph is
tokenised once (:mod:`metrics.tokens`) and its sentences' figures are resolved left to
right (:mod:`metrics.resolve`) against a small state: the metric, part, place and period
in force, which a paragraph carries from one sentence to the next.
"""

from __future__ import annotations

from .document import Document
from .numbers import detect_style
from .periods import Period, find_comparators, find_periods
from .places import NATION, find_places
from .resolve import DocState, ParaState, sentence_figures
from .sentences import paragraphs, sentences
from .tokens import FIGURE, lower, match_text, tokens

__all__ = ["FIGURE", "extract_document", "match_text"]


def extract_document(doc: Document) -> list[dict]:
    """Every figure stated in the document's article text, as rows of the figures table."""
    text = doc.text
    mt = match_text(text)
    paras = [p for p in paragraphs(mt) if not doc.is_excluded(p.start)]
    cands: dict[int, list] = {}
    pi = 0
    for m in FIGURE.finditer(mt):
        if not _is_candidate(m):
            continue
        while pi < len(paras) and paras[pi].end <= m.start():
            pi += 1
        if pi < len(paras) and paras[pi].start <= m.start() and not doc.is_excluded(m.start()):
            cands.setdefault(pi, []).append(m)
    if not cands:
        return []
    ds = _doc_state(doc, mt, paras)
    rows: list[dict] = []
    last_heading = heading_period = None
    for i, para in enumerate(paras):
        if para.heading:  # headings give context; their figures repeat the body's
            if i > 0:
                last_heading, heading_period = para, None
            continue
        if i not in cands:
            continue
        if last_heading is not None and heading_period is None:  # read once, when a figure needs it
            heading_period = _first_period(mt, last_heading.start, last_heading.end, ds) or False
        ps = ParaState(geo=ds.geo, period=heading_period or None)
        pfigs = cands[i]
        # sentences after the paragraph's last figure carry nothing to a figure: not read
        sents = sentences(mt, para.start, para.end)
        last = pfigs[-1].start()
        sents = [x for x in sents if x.start <= last]
        ptoks = tokens(mt, ds.low, para.start, sents[-1].end)
        ti = fi = 0
        for s in sents:
            t0, f0 = ti, fi
            while ti < len(ptoks) and ptoks[ti].start < s.end:
                ti += 1
            while fi < len(pfigs) and pfigs[fi].start() < s.end:
                fi += 1
            rows.extend(sentence_figures(doc, mt, s.start, s.end, pfigs[f0:fi], ptoks[t0:ti], ps, ds))
    return rows


def _is_candidate(m) -> bool:
    return bool(m.group("p1") or m.group("p2") or m.group("unit"))




def _doc_state(doc: Document, mt: str, paras) -> DocState:
    """The document's defaults: its place (first named in the title, else the body), its
    main period (first in the title, else the body) and its year (first period with one)."""
    head = [p for p in paras[:3] if p.heading] or paras[:1]
    body = head[-1].end if head else 0
    spans = [(p.start, p.end) for p in head] + [(i, min(i + 4000, len(mt))) for i in range(body, len(mt), 4000)]
    geo = period = year = None
    for start, end in spans:
        if geo is None:
            geo = next((name for a, _, name in find_places(mt, start, end) if not doc.is_excluded(a)), None)
        if period is None or year is None:
            masked = [(a, b) for a, b, _ in find_comparators(mt, start, end)]
            for a, _, per in find_periods(mt, start, end, masked):
                if per.plan or per.relative or doc.is_excluded(a):
                    continue
                period = period or per
                if per.type != "multi_year":  # "giai đoạn 2021-2025" does not say which year is current
                    year = year or per.year
                if year:
                    break
        if geo and period and year:
            break
    if year is None and doc.published:
        year = doc.published.year
    if period is not None and period.year is None:
        period = period.with_year(year)
    return DocState(doc.published, detect_style(mt), geo or NATION, year, period, doc_id=doc.doc_id,
                    low=lower(mt))


def _first_period(mt, start, end, ds) -> Period | None:
    masked = [(a, b) for a, b, _ in find_comparators(mt, start, end)]
    for _, _, p in find_periods(mt, start, end, masked):
        if p.relative or p.plan:
            continue
        if p.year is None and ds is not None:
            p = p.with_year(ds.year)
        return p
    return None
