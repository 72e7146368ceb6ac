"""The figure engine: document -> paragraphs -> sentences -> figures (rows of the figures table).

One pass finds the figure candidates (a number with a percent sign, a currency or a
count unit); only paragraphs holding one are read further. Each such paragraph is
tokenised once (:mod:`metrics.tokens`) and its sentences' figures are resolved left to
right (:mod:`metrics.resolve`) against a small state: the metric, part, place and period
in force, which a paragraph carries from one sentence to the next.
"""

from __future__ import annotations

import dataclasses

import regex

from .document import Document
from .engine.license import PRODUCT, foreign_place
from .engine.resolve import DocState, ParaState, sentence_figures
from .engine.tokens import DATELINE, FIGURE, find_cues, lower, match_text, stop_cue, tokens
from .numbers import detect_style
from .periods import FIRST_YEAR, Period, comparison_year, find_comparators, find_periods, since_year
from .places import (
    NATION,
    PROVINCIAL_OFFICE,
    PROVINCIAL_OFFICE_UNTIL,
    UNNAMED,
    find_places,
    names_itself,
    outlet_place,
)
from .sentences import paragraphs, sentences

__all__ = ["FIGURE", "extract_document", "match_text"]


def extract_document(doc: Document, trace: list | None = None) -> list[dict]:
    """Every figure stated in the document's article text, as rows of the figures table.

    With ``trace`` (a list), each number candidate's decision is appended to it as
    ``(start, end, reason code, detail)``: code "row" for a figure that became rows, else a
    key of :data:`metrics.catalogue.REASONS`.
    """
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
        elif trace is not None:
            trace.append((m.start(), m.end(), "boilerplate", ""))
    if not cands:
        return []
    low = lower(mt)
    cues = {}
    for i in list(cands):
        cues[i] = find_cues(mt, low, paras[i].start, paras[i].end, cands[i])
        if cues[i] is None and cues.get(i - 1) is not None and (GOES_ON.match(mt, paras[i].start)
                                                                or SAME_TOPIC.match(mt, paras[i].start)):
            cues[i] = []  # "Cụ thể, ...: Quảng Ninh: 12%; Hải Dương: 10,2%": goes on with the paragraph before
        if cues[i] is None:  # a paragraph that names no metric or part gives no row: nothing more of it is read
            if trace is not None:
                stop = stop_cue(mt, low, paras[i].start, paras[i].end)
                trace.extend((m.start(), m.end(), "not_metric" if stop else "no_metric", stop) for m in cands[i])
            del cands[i]
    if not cands:
        return []
    ds = _LazyDocState(doc, mt, paras, low)
    ds.trace = trace
    rows: list[dict] = []
    first_body = next((i for i, p in enumerate(paras) if not p.heading), len(paras))
    titles = [i for i in range(first_body) if i in cands]
    last_heading = heading_period = heading_geo = lead_in = lead_period = prev_ps = None
    for i, para in enumerate(paras):
        if para.heading:  # headings give context; their figures repeat the body's
            if i > 0:
                last_heading, heading_period, heading_geo, prev_ps = para, None, None, None
            if trace is not None and i not in titles:
                trace.extend((m.start(), m.end(), "heading", "") for m in cands.get(i, ()))
            continue
        item = BULLET.match(mt, para.start) is not None
        if not item:
            lead_in, lead_period = (para if mt[para.end - 1] == ":" else None), None
        if i not in cands:
            continue
        if last_heading is not None and heading_period is None:  # read once, when a figure needs it
            heading_period = _first_period(mt, last_heading.start, last_heading.end, ds) or False
            heading_geo = _heading_place(mt, last_heading)
        period = heading_period or None
        if item and lead_in is not None:  # "Số liệu FDI năm 2003:" then "- ..." items: the lead-in's period
            if lead_period is None:  # read once for all its items
                lead_period = _first_period(mt, lead_in.start, lead_in.end, ds) or False
            period = lead_period or period
        ps = ParaState(geo=heading_geo or ds.geo, period=period, forecast=ds.forecast)  # "2. Khánh Hòa" above it
        if prev_ps is not None and GOES_ON.match(mt, para.start):  # "Trong đó, ..." on a line of its own
            ps.period, ps.metric, ps.families, ps.geo = prev_ps.period, prev_ps.metric, prev_ps.families, prev_ps.geo
            ps.measure, ps.target = prev_ps.measure, prev_ps.target
        elif prev_ps is not None and SAME_TOPIC.match(mt, para.start):  # "Trong khi đó, Hà Nội đứng thứ 16 với ..."
            ps.metric, ps.families, ps.measure = prev_ps.metric, prev_ps.families, prev_ps.measure
            if ps.metric is None and len(prev_ps.families) == 1:  # its last sentence was about a company's project
                ps.metric = next(iter(prev_ps.families))
        rows.extend(_paragraph(doc, mt, para, cands[i], ps, ds, cues[i]))
        prev_ps = ps
    body = list(rows)
    for i in titles:  # the title's figures, read like the body's, then set by the body sentence that restates them
        for r in _paragraph(doc, mt, paras[i], cands[i], ParaState(geo=ds.geo, period=ds.period), ds, cues[i]):
            _restated(r, body)
            rows.append(r)
    return rows


def _paragraph(doc, mt, para, pfigs, ps, ds, cues) -> list[dict]:
    """The rows of one paragraph whose figure candidates are ``pfigs``."""
    # sentences after the paragraph's last figure carry nothing to a figure: not read
    sents = sentences(mt, para.start, para.end)
    last = pfigs[-1].start()
    sents = [x for x in sents if x.start <= last]
    ptoks = tokens(mt, ds.low, para.start, sents[-1].end, [c for c in cues if c[0] < sents[-1].end])
    rows: list[dict] = []
    ti = fi = 0
    for s in sents:
        t0, f0 = ti, fi
        while ti < len(ptoks) and ptoks[ti].start < s.end:
            ti += 1
        while fi < len(pfigs) and pfigs[fi].start() < s.end:
            fi += 1
        rows.extend(sentence_figures(doc, mt, s.start, s.end, pfigs[f0:fi], ptoks[t0:ti], ps, ds))
    return rows


#: A paragraph that opens by going on with the one before: its period, metric and place carry over.
GOES_ON = regex.compile(r"\s*(?:trong đó|cụ thể|riêng|tính riêng)\s*[,:]", regex.I)
#: A paragraph that opens on the same topic as the one before, but not its period: its metric carries over.
SAME_TOPIC = regex.compile(r"\s*(?:(?:theo đó|trong khi đó)\s*,|tiếp (?:theo|đến|sau) là)", regex.I)
#: A list item: "- ...", "+ ...", "• ...", "a) ...".
BULLET = regex.compile(r"\s*(?:[-+•*–]|\w\))\s")
#: How close a body figure must be to restate a title's ("gần 450 triệu USD" restated as 444).
RESTATED = 0.03


def _restated(row: dict, body: list[dict]) -> None:
    """Give a title's row the status, period and place of the body row that restates it."""
    for b in body:
        if (b["metric"], b["measure"], b["part"]) != (row["metric"], row["measure"], row["part"]):
            continue
        if abs(b["value"] - row["value"]) <= RESTATED * max(abs(b["value"]), 1e-9):
            for k in ("status", "basis", "period_type", "period_start", "period_end", "geo"):
                row[k] = b[k]
            return


def _heading_place(mt: str, heading) -> str | None:
    """The place a heading is all about ("2. Khánh Hòa", "Tỉnh Quảng Ninh:"): it governs the paragraphs under
    it. A caption or a title that names a place in passing governs nothing."""
    places = find_places(mt, heading.start, heading.end)
    if len(places) != 1:
        return None
    a, b, name = places[0]
    rest = mt[heading.start:a] + mt[b:heading.end]
    return name if len(rest.strip(" .:-–()0123456789IVX").split()) <= 2 else None


def _is_candidate(m) -> bool:
    if _YEAR_MONTH.match(m.group()):
        return False  # "date 2024-05 Khách quốc tế ...": a date, not a range of visitors
    if m.group("p1") or m.group("p2") or m.group("unit"):
        return True
    # "19,8 và 25 tỷ USD": the unit is shared; "của năm 1995 và 402 USD": a year is no figure
    return (bool(m.group("sunit")) and m.group("sunit") != "%" and not _YEAR.fullmatch(m.group("n1"))
            and not _DATE_WORD.search(m.string, max(0, m.start() - 8), m.start()))


_YEAR_MONTH = regex.compile(r"(?:19|20)\d\d-(?:0?[1-9]|1[0-2])(?!\d)")
_DATE_WORD = regex.compile(r"(?:tháng|quý|năm|ngày)\s*$", regex.I)




def _doc_state(doc: Document, mt: str, paras, low: str) -> DocState:
    """The document's defaults: its place, main period and year.

    The place is the first named in the title, else in the lead; a place named further
    down governs only its own clause, and a document about no one place is about Việt Nam.
    The year is the first stated in the title or lead; else the year after the latest one
    the body compares with ("so với cùng kỳ năm 2003" is written in 2004); else the first
    year the body states; else the publication's.
    """
    time = _doc_time(doc, mt, paras, low)
    geo, titled = _doc_place(doc, mt, paras, lambda: time["year"])
    return DocState(doc.published, geo=geo, doc_id=doc.doc_id, low=low, titled=titled, **time)


def _head(paras) -> list:
    """The title (its heading lines, up to three) and the lead (the first two body paragraphs)."""
    first = next((i for i, p in enumerate(paras) if not p.heading), len(paras))
    return [p for p in paras[:first] if p.heading][:3] + [p for p in paras[first:] if not p.heading][:2]


def _doc_time(doc: Document, mt: str, paras, low: str) -> dict:
    """The time fields of :func:`_doc_state` (year, main period, month, plan) and the text's number style and
    title topic: all but the place, which :func:`_doc_place` reads."""
    head = _head(paras)
    period = year = None
    topic = _topic(mt, low, [p for p in head if p.heading])
    this_year = False
    later: int | None = None  # the year after the latest compared with
    body_year = None
    past = None  # the first year the body tells of as over
    plan = None  # the year the title or lead plans for
    month = None  # the month the title or lead reports on
    lead_sub = False
    lead_end = next((p.end for p in head if not p.heading), head[-1].end if head else 0)
    for a, b, kind, per in _dated(mt, doc, lead_end):
        in_head = a < lead_end
        compared = comparison_year(mt, a, b, kind == "comp")
        if compared is not None:
            later = max(later or 0, compared + 1)
            continue
        if in_head and kind == "period" and per.relative == "this_year":
            lead_sub = lead_sub or per.plan  # "mục tiêu ... năm nay" in the lead: a year still under way
            this_year = this_year or not per.plan  # "năm nay" in the title or lead: the article is about its year
        if in_head and kind == "period" and per.plan and per.year and per.type == "year" and not per.relative:
            plan = plan or per  # "Nghị quyết về mục tiêu tăng trưởng năm 2025"
        if in_head and kind == "period" and month is None and not per.relative and not per.plan and (
                per.type == "month" or (per.type == "ytd" and not per.day)):
            month = Period("month", per.year, per.n)  # "CPI tháng này ...; 11 tháng đầu năm": November
        if kind == "comp" or per.plan or per.relative or since_year(mt, a):
            continue
        if per.year and per.year < FIRST_YEAR:  # "giai đoạn 1955-1957": history
            continue
        period = period or (per if in_head else None)
        if per.type == "multi_year":  # "giai đoạn 2021-2025" does not say which year is current
            continue
        if in_head and year is None and per.year:
            year = per.year
        if in_head and per.year is None and per.n < SUB_YEAR.get(per.type, 0):
            lead_sub = True
        if not in_head and per.type == "year" and _horizon(mt, a, b):
            continue  # "sẽ không đáp ứng nổi nhu cầu ... vào năm 2007": a year ahead, not the article's
        body_year = body_year or per.year
        if per.year and not in_head:
            if per.type == "year" and _completed(mt, a, b):
                past = past or per.year
    if year is None and past and lead_sub:
        # "Tháng 1, xuất khẩu ... Năm 2003, Việt Nam xuất khẩu kỷ lục 19,8 tỷ USD": written after 2003
        later = max(later or body_year or 0, past + 1)
    year = year or later or body_year or (doc.published.year if doc.published else None) or _url_year(doc.url)
    if this_year and year and (period is None or period.year != year):
        period = Period("year", year)
    if period is not None and period.year is None:
        period = period.with_year(year)
    if month is None and "tháng này" in low[:MONTH_WINDOW]:  # "CPI tháng này tăng 0,6%" ... "của tháng 12 là ..."
        month = next((Period("month", p.year, p.n) for _, _, p in find_periods(mt, 0, min(len(mt), MONTH_WINDOW), [])
                      if p.type == "month" and p.n and not p.relative and not p.plan), None)
    if month is not None and month.year is None:
        month = month.with_year(year)
    return {"style": detect_style(mt), "year": year, "period": period, "topic": topic, "plan": plan, "month": month}


def _doc_place(doc: Document, mt: str, paras, year_of) -> tuple[str, bool]:
    """The document's place (see :func:`_doc_state`) and whether its title or its outlet names it; ``year_of()``
    gives the document's year, asked only when a provincial outlet cites "Cục Thống kê"."""
    geo = None
    if doc.title:
        geo = next((name for _, _, name in find_places(match_text(doc.title))), None)
    titled = geo is not None
    for p in _head(paras):
        geo = geo or next((name for a, b, name in find_places(mt, p.start, p.end)
                           if not doc.is_excluded(a) and not (a == p.start and DATELINE.match(mt, b))), None)
    if geo is None and (names_itself(mt) or _office_of_its_province(doc, mt, year_of)):
        # "trên địa bàn tỉnh ...", the province never named: the outlet's own province, else unknown (never the
        # nation's); an outlet's province alone does not make its national news local
        geo = outlet_place(doc.url) or UNNAMED
        titled = geo != UNNAMED
    return (NATION if geo is None else geo), titled


class _LazyDocState(DocState):
    """The :class:`DocState` of :func:`_doc_state`, each default read from the text when the engine first asks
    for it: the place at the first paragraph read, the year, period, number style and topic (the costly part)
    at the first figure or period that needs them. Most articles that reach the engine give no row, and most
    of those never ask for the year; the document's id (a hash of its text) is read for the first row. Every
    field but those set here is such a property (see below), so that no dataclass default stands in for a value
    not yet read."""

    _EAGER = ("published", "metrics_seen", "low", "trace", "forecast")
    _PLACE = ("geo", "titled")

    def __init__(self, doc: Document, mt: str, paras, low: str):  # not the dataclass's: defaults stay unread
        self.published, self.metrics_seen, self.low = doc.published, [], low
        self.trace, self.forecast = None, False
        self._source = (doc, mt, paras, low)

    def _read(self, name: str):
        d = self.__dict__
        if name not in d:
            if name == "doc_id":  # a hash of the whole text: only a row asks for it
                d["doc_id"] = self._source[0].doc_id
            elif name in self._PLACE:
                d["geo"], d["titled"] = _doc_place(*self._source[:3], lambda: self.year)
            else:  # the place is not read again for the time fields
                d.update(_doc_time(*self._source))
        return d[name]


def _lazy_field(name: str) -> property:
    def put(self, value):
        self.__dict__[name] = value

    return property(lambda self: self._read(name), put)


_LazyDocState._TIME = tuple(f.name for f in dataclasses.fields(DocState)
                            if f.name not in (*_LazyDocState._EAGER, *_LazyDocState._PLACE, "doc_id"))
for _name in (*_LazyDocState._PLACE, *_LazyDocState._TIME, "doc_id"):
    setattr(_LazyDocState, _name, _lazy_field(_name))


def _office_of_its_province(doc: Document, mt: str, year_of) -> bool:
    """A provincial outlet citing "Cục Thống kê" before the 2025 reform cites its own province's office."""
    if outlet_place(doc.url) is None or PROVINCIAL_OFFICE.search(mt) is None:
        return False
    if doc.published is not None:
        return (doc.published.year, doc.published.month) < PROVINCIAL_OFFICE_UNTIL
    year = year_of()  # a year with no month: from March 2025 on, most of it is after the reform
    return year is not None and (year, 12) < PROVINCIAL_OFFICE_UNTIL


#: How far into an article that says "tháng này" the month it reports on is looked for.
MONTH_WINDOW = 2000

#: Periods that end before the year does (type: the first ``n`` too late): a lead that reports one with no
#: year is about a year still under way. "Tháng 12", "quý IV", "11 tháng" may close the year just over.
SUB_YEAR = {"month": 12, "quarter": 4, "ytd": 11, "half": 2}
#: Around a whole year, words that it is not yet over: an estimate, a plan, a forecast, the future.
_NOT_OVER = regex.compile(r"(?<!\w)(?:ước|dự kiến|dự báo|kế hoạch|mục tiêu|phấn đấu|sẽ|cả năm|"
                          r"cuối năm|đến hết|năm nay|tới|có thể|khả năng|dự định|sắp|vào năm|còn lại|"
                          r"chậm nhất|muộn nhất)(?!\w)", regex.I)


_AHEAD = regex.compile(r"(?<!\w)(?:cho|đến|tới|sang|vào|từ)\s+(?:cả\s+)?$", regex.I)


#: Dates that outlets write into their addresses: a month folder ("/kinh-te/202212/"), a stamp before the
#: extension ("-20240229105900233.htm").
_URL_DATE = regex.compile(r"/(20\d\d)(?:0[1-9]|1[0-2])/|-(20\d\d)(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])\d{6,}\.html?$")


def _url_year(url: str) -> int | None:
    """The year of the address's date, the last resort for an article that states none."""
    m = _URL_DATE.search(url or "")
    return int(m.group(1) or m.group(2)) if m else None


def _horizon(mt: str, a: int, b: int) -> bool:
    """Whether the year at ``mt[a:b]`` is a horizon ahead ("tới năm 2007, VN phải mở cửa", "sẽ ... vào năm
    2010"): led by "tới, đến, vào, cho" in a sentence that speaks of the future or of plans."""
    if not _AHEAD.search(mt, max(0, a - 12), a):
        return False
    return bool(_FUTURE.search(mt, *_sentence_around(mt, a, b)))


#: Words that put a sentence in the future or among plans (not estimates of a year under way).
_FUTURE = regex.compile(r"(?<!\w)(?:sẽ|phải|dự kiến|kế hoạch|mục tiêu|phấn đấu|cam kết|định hướng|chiến lược|"
                        r"quy hoạch|tầm nhìn)(?!\w)", regex.I)


def _completed(mt: str, a: int, b: int) -> bool:
    """Whether the sentence stating the year at ``mt[a:b]`` tells of it as over ("Năm 2003, ... đạt mức
    kỷ lục"): no estimate, plan or future word in its sentence (or parenthesis)."""
    if mt.startswith(" này", b) or _AHEAD.search(mt, max(0, a - 12), a):  # "năm 2004 này", "cho năm 2005"
        return False
    return not _NOT_OVER.search(mt, *_sentence_around(mt, a, b))


def _sentence_around(mt: str, a: int, b: int) -> tuple[int, int]:
    """(start, end) of the sentence, or parenthesis, around ``mt[a:b]``."""
    s = max(mt.rfind(c, 0, a) for c in (". ", "\n", "(", ";")) + 1
    e = min((i for i in (mt.find(c, b) for c in (". ", "\n", ")", ";")) if i >= 0), default=len(mt))
    return s, e


def _topic(mt: str, low: str, title) -> tuple | None:
    """What the title is about when it is not an economy of ours: ("foreign", "Nhật Bản") or
    ("topic", "thủy sản"); None when the title names a place of ours or neither."""
    for p in title:
        if find_places(mt, p.start, p.end):
            return None
        where = foreign_place(mt, p.start, p.end)
        if where:
            return ("foreign", where)
        cues = [(t.start, t.end) for t in tokens(mt, low, p.start, p.end) if t.kind in ("metric", "part")]
        for product in PRODUCT.finditer(mt, p.start, p.end):  # not "thủy sản" in "nông, lâm nghiệp và thủy sản"
            if not any(a <= product.start() < b for a, b in cues):
                return ("topic", product.group())
    return None


#: How much text around a year the body scan reads: enough for "so với cùng kỳ năm 2003", "6 tháng đầu năm 2004".
YEAR_WINDOW = 48
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _dated(mt: str, doc: Document, head_end: int):
    """Comparators and periods of the title and lead, and of the body around each year it names,
    in order: (start, end, kind, Period or None). Only what can tell the article's year is read."""
    spans = [(0, head_end)]
    for m in _YEAR.finditer(mt, head_end):
        a, b = max(head_end, m.start() - YEAR_WINDOW), m.end() + 8
        if a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    out = []
    for start, end in spans:
        end = min(end, len(mt))
        comps = [(a, b, "comp", None) for a, b, _ in find_comparators(mt, start, end) if not doc.is_excluded(a)]
        masked = [(a, b) for a, b, _, _ in comps]
        out += comps + [(a, b, "period", p) for a, b, p in find_periods(mt, start, end, masked)
                        if not doc.is_excluded(a)]
    return sorted(out, key=lambda x: x[0])


def _first_period(mt, start, end, ds) -> Period | None:
    masked = [(a, b) for a, b, _ in find_comparators(mt, start, end)]
    for _, _, p in find_periods(mt, start, end, masked):
        if p.relative or p.plan:
            continue
        if p.year is None and ds is not None:
            p = p.with_year(ds.year)
        return p
    return None
