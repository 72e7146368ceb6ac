"""Resolving one sentence's figures: which metric, part, place, period, measure, status
and value each states, from the sentence's tokens and the state a paragraph carries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import regex

from .. import catalogue as cat
from ..numbers import parse_number
from ..periods import Period, span_part
from ..places import NATION, UNNAMED
from .license import CONTEXT, asides, clause_end, foreign_place, object_of, unlicensed
from .tokens import (
    ABOUT,
    ACTION,
    AND,
    AND_GAP,
    ASIDE,
    AT_LEAST_AFTER,
    ATTACH,
    BILATERAL,
    CLAUSE_BREAK,
    COMPARED_PAREN,
    COMPARED_VALUE,
    CONTINUATION,
    CONTRAST,
    CORRESPONDING,
    COUNTED,
    DATELINE,
    DENOMINATOR,
    FROM_TO,
    GROWTH_WORD,
    IMPACT,
    IN_PAREN,
    LEVEL_GROWTH,
    LIMIT,
    LIST_GAP,
    LOOK_BACK,
    MULTIPLE,
    OPEN_PAREN,
    OWN_WORDS,
    PAIR_GAP,
    PCT,
    PCT_OF_OWN,
    PER_HEAD,
    PHYSICAL,
    PLACE_COUNT,
    PLAN_AFTER,
    PLAN_BEFORE,
    PLAN_NAMED,
    POST_GAP,
    QUAL,
    QUOTE_LEAD,
    RANKING,
    RATE_HEAD,
    RATE_LEVEL,
    RATIO_AFTER,
    RATIO_OF,
    REACHES,
    RESPECTIVELY,
    SHARE_OF_THINGS,
    SINCE_JANUARY,
    SPACE_COMMA,
    SPECIFICALLY,
    STOCK,
    STRUCTURE,
    SUBSET,
    SUM_OF_PARTS,
    TO_AFTER,
    TO_BEFORE,
    VERB,
    VERB_NEXT,
    WHOLE_OF_OURS,
    WITH_LEAD,
    YEAR_COMPARED,
    YEAR_PLAN,
    unit_kind,
)


@dataclass
class DocState:
    published: dt.date | None
    style: str
    geo: str
    year: int | None
    period: Period | None
    metrics_seen: list[str] = field(default_factory=list)
    doc_id: str = ""
    low: str = ""
    trace: list | None = None  # (start, end, reason code, detail) per candidate, for `explain`
    forecast: bool = False  # the last sentence read was a forecast: "Cụ thể, ..." in the next paragraph goes on
    topic: tuple | None = None  # ("foreign" or "topic", words): what the title is about, when not an economy of ours
    plan: Period | None = None  # the year the title or lead plans for ("mục tiêu tăng trưởng năm 2025"), if any
    titled: bool = False  # the document's place is named in its title, or is its outlet's: the article is about it
    month: Period | None = None  # the month the title and lead report on ("11 tháng đầu năm": November): "tháng này"


@dataclass
class ParaState:
    geo: str
    period: Period | None
    metric: str | None = None
    families: set = field(default_factory=set)
    measure: str | None = None
    forecast: bool = False  # the paragraph's last sentence was a forecast
    blocked: bool = False  # the paragraph's last sentence was about something else
    target: bool = False  # the paragraph's last sentence ended under a target word: "Cụ thể, ..." goes on with it
    part: tuple | None = None  # the part the last sentence named with no figure: "Cụ thể, ..." gives its figures


@dataclass
class Scene:
    """What a sentence has said so far, read left to right up to the figure at hand."""

    sent_year: int | None
    metric: str | None = None
    metric_geo: str | None = None
    metric_pos: int = -1
    head: tuple = (-1, -1)  # span of the latest metric or part cue: where a figure's subject is named
    head_weak: bool = False  # ... named by a weak cue ("vốn đăng ký"), which the context had to resolve
    part: tuple | None = None
    part_pos: int = -1
    stop_pos: int = -1
    stop_end: int = -1
    est: bool = False
    forecast: bool = False
    target_pos: int = -1
    period: Period | None = None
    period_is_same: bool = False
    span: Period | None = None  # the latest multi-year span named ("5 năm 2001-2005"): "3 năm đầu" is its head
    geo: tuple | None = None  # (place or None for "các địa phương", position)
    consumed: set = field(default_factory=set)  # places not the figure's: "Bắc Giang (13,85%)", "thứ hai cả nước"
    attached: set = field(default_factory=set)  # periods that belong to one figure: "8% cho cả năm"
    paren_end: int = -1  # end of the parenthesis whose period is in force, else -1
    target_paren_end: int = -1  # end of the parenthesis whose target word is in force, else -1
    outer: tuple = (None, False)  # the period (and its "same" flag) outside that parenthesis
    part_paren_end: int = -1  # end of the parenthesis that named the part in force, else -1
    part_outer: tuple = (None, -1)  # the part (and its position) outside that parenthesis

    def take(self, t, toks, ti, fs, mt, s, figs, ps: ParaState, ds: DocState) -> None:
        """Update the scene with the token ``t`` (``toks[ti - 1]``), which lies before the figure at ``fs``."""
        if t.kind == "metric":
            met, g = t.value
            if DENOMINATOR.search(mt, max(s, t.start - 30), t.start):
                return  # "chiếm 10,3% tổng vốn đầu tư đăng ký và giảm 39%": the ratio's whole; the subject goes on
            if IMPACT.search(mt, max(s, t.start - 50), t.start) and not RATE_LEVEL.search(mt, t.end, max(t.end, fs)):
                # "làm GDP giảm 0,3%": a scenario's impact; but "khiến lạm phát năm nay ở mức 5%" states the rate
                self.stop_pos, self.stop_end = t.start, t.end
                return
            if PER_HEAD.match(mt, t.end) and not met.startswith("grdp"):
                self.stop_pos, self.stop_end = t.start, t.end  # "bán lẻ bình quân đầu người": not the whole's
                return
            if met.endswith(("+", "?", "~", "!")):
                if self.stop_pos >= 0 and met.endswith("+"):
                    return  # "từ nhà, đất, sau 10 tháng số thu là ...": a weak head names the thing just named
                weak = met
                met = _weak(met, self.metric, ps, ds)
                if met is None:
                    if weak.endswith("!"):  # "vốn đầu tư thực hiện" outside an FDI paragraph: another thing
                        self.stop_pos, self.stop_end = t.start, t.end
                    return
            # "cấp mới 12 dự án FDI": a part just before its metric, in the same clause, stays
            part_end = self.head[1] if self.head[0] == self.part_pos else self.part_pos  # "góp vốn, mua cổ phần"
            keep = self.part is not None and met in self.part[0] and (
                not CLAUSE_BREAK.search(mt, part_end, t.start)
                # "Có 1.816 dự án mới được cấp phép (...), tổng vốn đăng ký đạt ...": the capital of those projects
                or (t.value[0] != met and COUNTED.search(mt, s, self.part_pos) is not None))
            self.metric, self.metric_geo, self.metric_pos = met, g, t.start
            self.head, self.head_weak = (t.start, t.end), t.value[0] != met
            if keep:
                self.part_pos = t.start
            else:
                self.part, self.part_pos = None, -1
        elif t.kind == "part":
            if self.stop_pos >= 0 and DENOMINATOR.search(mt, max(s, t.start - 30), t.start):
                return  # "khoản thu ... chiếm 65% tổng thu nội địa và tăng 22%": still the blocked subject
            if self.stop_pos >= 0 and t.start - self.stop_end > 1:
                self.stop_pos = -1  # "..., đóng góp 50%; khu vực công nghiệp tăng 9%": a new subject
            close = _paren_close(mt, s, t.start)
            if close is not None and self.part_paren_end < 0 and any(mt.rfind("(", s, t.start) < f.start() < close
                                                                   for f in figs):
                # "(gồm ...; và 0,27 tỷ USD vốn góp), chiếm ...": inside only; "(phần thu nội địa)" names the subject
                self.part_outer, self.part_paren_end = (self.part, self.part_pos), close
            if (self.part is not None and self.part[1] != t.value[1] and set(self.part[0]) & set(t.value[0])
                    and SUM_OF_PARTS.fullmatch(mt, self.head[1], t.start)):
                self.part, self.part_pos = (self.part[0], None), t.start  # "vốn cấp mới và vốn tăng thêm": the whole
            else:
                self.part, self.part_pos = t.value, t.start
            self.head = (t.start, t.end)
        elif t.kind == "stop":
            self.stop_pos, self.stop_end = t.start, t.end
        elif t.kind == "est":
            self.est = True
        elif t.kind == "forecast":
            self.est = self.forecast = True
        elif t.kind == "target":
            self.target_pos = t.start
            close = _paren_close(mt, s, t.start)
            self.target_paren_end = close if close is not None else -1  # "(kế hoạch là 12%)": inside only
        elif t.kind == "period":
            self._period(t, toks, ti, fs, mt, s, ps, ds)
        elif t.kind == "place":
            if self.stop_pos >= 0 and ";" in mt[self.stop_end:t.start]:
                self.stop_pos = -1  # "..., chiếm 15% tổng vốn đầu tư; Quảng Ninh đứng thứ hai với 2,3 tỷ USD": a new subject
            if t.value is None:
                self.geo = (None, t.start)
            elif t.value == NATION and RANKING.search(mt, max(s, t.start - 45), t.start):
                self.consumed.add(t.start)  # "lớn thứ hai cả nước": a ranking, not the figure's place
            elif t.value == NATION and RATIO_OF.search(mt, max(s, t.start - 60), t.start):
                self.consumed.add(t.start)  # "chiếm 13,4% tổng vốn đăng ký trên cả nước": the ratio's whole
            elif t.start == s and DATELINE.match(mt, t.end):
                self.consumed.add(t.start)  # "Hà Nội, 06/10/2024 - ...": where the story was filed
            elif mt[t.end:t.end + 3].lstrip().startswith("(") and _paren_has_figure(figs, t.end):
                self.consumed.add(t.start)
            else:
                self.geo = (t.value, t.start)

    def _period(self, t, toks, ti, fs, mt, s, ps: ParaState, ds: DocState) -> None:
        p = t.value
        if p.plan and self.target_pos < 0 and not _target_ahead(toks, ti, fs):
            return  # "phương hướng, nhiệm vụ năm 2021": the period of plans only
        period = self.period
        base = period or ps.period or ds.period
        if p.relative in ("same", "same_prev"):
            if p.relative == "same_prev":  # "(cùng kỳ tăng 1,5%)": the year before
                y = (base.year or self.sent_year or ds.year) if base is not None else None
                p = Period("", y - 1 if y else None, relative="same")
            if base is not None and base.type:
                p = Period(base.type, p.year, base.n, base.day, base.year2)
                self.period_is_same = True
            else:
                p = Period("year", p.year)
        elif p.relative == "this_month":
            if base is not None and base.type == "ytd" and not base.day:  # "CPI tháng này ... 11 tháng đầu năm"
                base = Period("month", base.year, base.n)
            if (base is None or base.type != "month") and ds.month is not None:
                base = ds.month  # the month the lead reports on
            if base is None or base.type != "month":
                return
            p = base
        elif p.relative == "todate_now":  # "(Trong tháng 10, ...) từ đầu năm đến nay": January to October
            if base is None or base.type not in ("month", "ytd"):
                return
            p = Period("ytd", p.year or base.year, base.n, base.day if base.type == "ytd" else None)
        elif p.relative == "this_year":
            p = Period("year", self.sent_year or (base.year if base else None) or ds.year)
        elif p.relative == "last_year":  # the year before the article's present: over, so its figures are actual
            if ds.year is None:
                return
            p = Period("year", ds.year - 1, past=True)
        elif p.relative in ("span_head", "span_tail"):  # "2 năm còn lại" of the plan 2001-2005: 2004-2005
            p = span_part(self.span or (base if base is not None and base.type == "multi_year" else None),
                          p.n, p.relative == "span_head")
            if p is None:
                return
        elif p.type == "year" and self.period_is_same and period is not None and period.type != "year":
            p = Period(period.type, p.year, period.n, period.day)
        # a target's scope ends at a period already past
        if self.target_pos >= 0 and p.year:
            pe = p.bounds[1]
            # undated: a span that ends before the year the article is about is over too
            if pe and (pe < ds.published if ds.published else ds.year is not None and pe.year < ds.year):
                self.target_pos = -1
        if p.type == "multi_year" and t.value.year2 is not None and not t.value.relative:
            self.span = p
        close = _paren_close(mt, s, t.start)
        if close is not None and self.paren_end < 0:  # "(cùng kỳ năm 2023 tăng 7,1%)": inside only
            self.outer, self.paren_end = (self.period, self.period_is_same), close
        self.period = p

    def leave_parentheses(self, pos: int) -> None:
        """Past the parenthesis that set a period, the period before it is back in force."""
        if 0 <= self.paren_end < pos:
            (self.period, self.period_is_same), self.paren_end = self.outer, -1
        if 0 <= self.target_paren_end < pos:
            self.target_pos = self.target_paren_end = -1
        if 0 <= self.part_paren_end < pos:
            (self.part, self.part_pos), self.part_paren_end = self.part_outer, -1


@dataclass
class Clause:
    """What every step reads about the sentence at hand."""

    doc: object
    mt: str
    s: int
    e: int
    figs: list
    toks: list
    ps: ParaState
    ds: DocState


def sentence_figures(doc, mt, s, e, figs, toks, ps: ParaState, ds: DocState) -> list[dict]:
    """The rows of one sentence ``mt[s:e]`` whose figure candidates are ``figs``; updates ``ps``.

    Each figure goes through the steps in order: its subject (metric and part), whether its
    clause licenses it, its value and measure, its status and period, its places.
    """
    aside = asides(mt, toks, s, e)
    if aside:  # "(không kể dầu thô)", "(theo ngành thống kê)": what they name is not the clause's subject
        toks = [t for t in toks if t.kind != "stop" or not any(a <= t.start < b for a, b in aside)]
    cl = Clause(doc, mt, s, e, figs, toks, ps, ds)
    rows: list[dict] = []
    first_period_set = False
    sent_year = next((t.value.year for t in toks if t.kind == "period" and t.value.year and not t.value.relative), None)
    sc = Scene(sent_year)
    continues_blocked = ps.blocked and CONTINUATION.match(mt, s)  # "Trong đó, VN xuất khẩu ..." of a subject not ours
    if ps.target and (SPECIFICALLY.match(mt, s) or (
            not any(t.kind in ("metric", "est", "forecast", "target") for t in toks) and not ACTION.search(mt, s, e))):
        sc.target_pos = s  # "... đặt mục tiêu tăng trưởng ... Cụ thể, Quảng Ninh: 12%. Vùng ...: Bắc Giang: 13,6%."
    if ps.forecast and CONTINUATION.match(mt, s):  # "Theo dự báo, ... Cụ thể, ...": the forecast goes on
        sc.est = sc.forecast = True
    resp = _respectively(mt, toks, s, e, figs)
    presp = _respectively(mt, toks, s, e, figs, kind="part")
    mresp = _respectively(mt, toks, s, e, figs, kind="metric", ps=ps, ds=ds)
    prev_end = s
    prev_fig = None  # (metric, measure, unit kind) of the sentence's previous figure
    ti = 0
    sc_blocked = False  # a figure of this sentence was about something else
    blocked_end = s  # where the last figure about a partner's trade or a foreign economy ends

    def skip(code: str, detail: str = "") -> None:
        if ds.trace is not None:
            ds.trace.append((m.start(), m.end(), code, detail))

    for fi, m in enumerate(figs):
        fs, fe = m.start(), m.end()
        while ti < len(toks) and toks[ti].start < fs:
            ti += 1
            if toks[ti - 1].kind == "metric" and fi > 0 and toks[ti - 1].end <= figs[fi - 1].end():
                continue  # "1,4 triệu lượt khách": the unit of the figure before names no new subject
            if toks[ti - 1].start not in sc.attached:
                sc.leave_parentheses(toks[ti - 1].start)
                sc.take(toks[ti - 1], toks, ti, fs, mt, s, figs, ps, ds)
        sc.leave_parentheses(fs)
        unit = unit_kind(m)
        if unit is None:
            skip("not_figure", m.group())
            continue
        pre = mt[max(prev_end, s, fs - 60):fs]
        post_end = figs[fi + 1].start() if fi + 1 < len(figs) else e
        post = mt[fe:min(post_end, fe + 60)]
        prev_end = fe  # the next figure's own words start after this one
        subject, why = _subject(cl, sc, fi, unit, pre, post_end, presp)
        if why is None and mresp is not None and fs > mresp[0]:
            subject, why = _respective_metric(subject, mresp, figs, fi)
        if why is not None:
            # "... dự án ... 2,2 tỷ USD. Tiếp đến là ...": not ours; but "xuất, nhập khẩu ... Trong đó, xuất khẩu" is
            sc_blocked = sc_blocked or (why[0] == "not_metric" and not WHOLE_OF_OURS.search(why[1] or ""))
            skip(*why)
            continue
        f_metric, f_part, f_metric_geo, post_metric = subject
        if continues_blocked and (sc.head[0] < s or sc.head_weak or mt[sc.head[0]:sc.head[1]].lower() in cat.BARE_HEADS):
            skip("not_metric", "the subject of the sentence before")
            continue
        if blocked_end > s and SUBSET.search(mt, blocked_end, max(blocked_end, sc.head[0])):
            skip("not_metric", "part of a whole that is not ours")  # "buôn bán hai chiều ..., trong đó VN xuất khẩu ..."
            continue
        why = _why_not(cl, sc, fi, unit, f_metric, post_metric)
        if why is not None:
            sc_blocked = sc_blocked or why[0] not in ("place_count", "stock")  # still the metric's subject
            if why[0] == "foreign" or BILATERAL.search(why[1] or ""):  # a whole whose parts are not ours either
                blocked_end = fe
            skip(*why)
            continue
        row = _figure(doc, mt, m, unit, f_metric, f_part, pre, post, s, e, fs, fe, toks, prev_fig, ps, ds)
        if row not in (None, "abs") and row["measure"] == "growth_pct" and RATE_HEAD.match(mt, sc.head[0], sc.head[1]):
            row = None  # "tỷ lệ giải ngân đạt 13,67%, tăng 3,32%": the rate's rise, in points
        if row is None:
            skip("not_figure", m.group())
            continue
        if row == "abs":
            prev_fig = (f_metric, "abs", unit)
            skip("absolute_change")
            continue
        f_period = _period_of(cl, sc, ti, fs, fe, sent_year)
        status = _status(cl, sc, row["measure"], f_period, fi)
        geos = _places(cl, sc, fi, resp, f_metric_geo)
        why = _place_why_not(cl, geos, row, f_metric, f_part, m, fs, resp)
        if why is not None:
            skip(*why)
            continue
        since = row.pop("_since")
        if (row["measure"] == "growth_pct" and row["_basis"] == "yoy" and since and f_period is not None
                and f_period.year and since != f_period.year - 1):
            skip("not_figure", m.group())  # "tăng 1,8% so với cùng kỳ năm 2019": on a year that is not the one before
            continue
        basis = _basis(row.pop("_basis"), row["measure"], f_metric, f_period)
        ps_, pe_ = f_period.bounds if f_period else (None, None)
        for g in geos:
            r = dict(row)
            r.update(status=status, basis=basis, period_type=f_period.type if f_period else "",
                     period_start=ps_, period_end=pe_, geo=g)
            rows.append(r)
        if ds.trace is not None:
            ds.trace.append((fs, fe, "row", ""))
        prev_fig = (f_metric, row["measure"], unit)
        ps.metric = f_metric
        ps.families.add(f_metric)
        if f_metric not in ds.metrics_seen:
            ds.metrics_seen.append(f_metric)
        if not first_period_set and f_period is not None:
            first_period_set = True
            if status != "target" and not ASIDE.match(mt, s) and not _looks_back(cl, sc, f_period, fs):  # "Chỉ riêng tháng 12, ...": an aside, not the paragraph's period
                ps.period = f_period
    # cues and places after the last figure still set the scene for the next sentence
    for t in toks[ti:]:
        if t.kind == "metric" and not t.value[0].endswith(("+", "?", "~", "!")):
            sc.metric = t.value[0]
        elif t.kind == "place" and t.value:
            sc.take(t, toks, ti, e, mt, s, figs, ps, ds)
    # carry the sentence's context to the next sentence of the paragraph
    for t in toks:
        if t.kind == "metric" and not t.value[0].endswith(("+", "?", "~", "!")):
            ps.families.add(t.value[0])
    if sc.geo and sc.geo[0]:
        ps.geo = sc.geo[0]
    ps.forecast = sc.forecast
    ps.target = sc.target_pos >= 0 and sc.target_paren_end < 0
    ds.forecast = sc.forecast
    if sc.metric is not None:
        ps.metric = sc.metric
    if sc_blocked and not rows:  # "Xuất khẩu cà phê đạt 3 tỷ USD. Năm nay, con số ...": not the metric's either
        ps.metric = None
    ps.blocked = sc_blocked and not rows
    named = [t for t in toks if t.kind == "part" and len(t.value[0]) == 1]
    # ... the part itself the subject: not "trong nguồn thu nội địa, chỉ có khu vực doanh nghiệp nhà nước là giảm"
    ps.part = named[-1].value if named and not rows and not any(
        t.kind == "metric" or (t.kind == "stop" and t.start > named[-1].start) for t in toks) else None
    if not rows:  # a sentence with no row still says when: "Tổng kim ngạch xuất, nhập khẩu 9 tháng ... Trong đó, ..."
        p = next((t.value for t in toks if t.kind == "period" and not t.value.relative and not t.value.plan), None)
        if p is not None and p.year is None:
            p = p.with_year(ds.year)
        if p is not None:
            ps.period = p
    return rows





def _subject(cl: Clause, sc: Scene, fi: int, unit: str, pre: str, post_end: int, presp):
    """((metric, part, the metric's own place, the cue after the figure), None) for figure ``fi``, or
    (None, (reason code, words)) when it has none the catalogue knows."""
    mt, s, figs, toks, ps, ds = cl.mt, cl.s, cl.figs, cl.toks, cl.ps, cl.ds
    m = figs[fi]
    fs, fe = m.start(), m.end()
    metric, metric_geo, metric_pos = sc.metric, sc.metric_geo, sc.metric_pos
    part, part_pos, stop_pos = sc.part, sc.part_pos, sc.stop_pos
    # cues right after the figure: "3,1 tỷ USD vốn FDI", "tăng 72% về số lượng doanh nghiệp"
    post_metric, post_part, post_stop = _post_cues(toks, fs, fe, min(post_end, fe + 40), mt, metric, ps, ds)
    if post_stop:
        if ABOUT.search(mt, fe, post_stop[1]):  # "tăng 1,3% so với cùng kỳ về số dự án": what that figure counts,
            sc.attached.add(post_stop[1])  # no subject for the next one ("... và giảm 1,9% về số vốn đăng ký")
        post_stop = post_stop[0]
    f_metric, f_part = metric, part if part_pos >= metric_pos else None
    f_metric_geo = metric_geo
    if post_stop:
        return None, ("not_metric", post_stop)
    if post_metric and unit == "pct" and not PCT_OF_OWN.match(mt, fe) and not _growth_or_share(pre, part):
        return None, ("ratio", mt[fs:min(cl.e, fe + 20)])  # "dưới 5% GDP", "29-30% tổng chi ngân sách"
    if post_metric:
        f_metric, f_metric_geo = post_metric
        f_part = None if part is None or f_metric not in part[0] or part_pos < metric_pos else part
    if post_part:
        f_part = post_part
    if presp is not None and fs > presp[0]:  # "nông nghiệp, công nghiệp và dịch vụ lần lượt tăng 3,2%, ..."
        k = sum(1 for f in figs[:fi] if f.start() > presp[0])
        f_part = presp[1][k] if k < len(presp[1]) else f_part
    if (f_part is not None and metric is not None and not post_metric and metric not in f_part[0]
            and 0 <= metric_pos < part_pos and metric_pos >= s and not CLAUSE_BREAK.search(mt, metric_pos, part_pos)):
        # "xuất khẩu nông lâm thủy sản đạt 62 tỷ USD": a group of goods the metric counts, not a sector of GRDP
        return None, ("not_metric", mt[part_pos:sc.head[1]] if sc.head[0] == part_pos else "")
    if stop_pos > metric_pos and not post_metric:  # "giá trị sản xuất công nghiệp": not a catalogue metric
        return None, ("not_metric", mt[stop_pos:sc.stop_end])
    if f_part is not None:
        f_metric, f_part = _part_metric(f_part, f_metric, metric is None and not post_metric, unit, pre, ps, ds)
    if f_metric is None and metric is None and part is None and ps.part is not None and SPECIFICALLY.match(mt, s):
        # "Nguồn thu từ dầu thô đem lại nhiều hiệu quả. Cụ thể, ... con số năm nay là 25.800 tỷ đồng": that part's
        f_metric, f_part = ps.part[0][0], ps.part[1]
    if f_metric is None and metric is None and ps.metric is not None:
        # no cue in this sentence: carry the paragraph's metric only where the sentence
        # plainly continues it (a level in its unit, a part, a place, a period, "(...)")
        if unit != "pct" or _continues(mt, toks, s, fs, pre):
            f_metric = ps.metric
        f_metric_geo = None
    if f_metric is None:
        return None, ("no_metric", "")
    if f_metric == "grdp" and f_part and unit != "pct" and not (s <= metric_pos < fs):
        return None, ("unit", f"{m.group()} for a sector, with no GRDP named")  # "vốn đầu tư cho ngành công nghiệp"
    per = bool(m.group("per")) and "người" in m.group("per")
    if per and f_metric == "grdp":
        f_metric = "grdp_per_capita"
    if unit in cat.UNIT_NAMES_METRIC and unit not in cat.METRICS[f_metric][0] and metric_pos < 0:
        f_metric = cat.UNIT_NAMES_METRIC[unit]  # "ước đón 3,73 triệu lượt khách": the unit names the metric
    if unit != "pct" and unit not in cat.METRICS[f_metric][0]:
        return None, ("unit", f"{m.group()} for {f_metric}")
    return (f_metric, f_part, f_metric_geo, post_metric), None


def _why_not(cl: Clause, sc: Scene, fi: int, unit: str, metric: str, post_metric) -> tuple | None:
    """(reason code, words) when the figure's clause does not license a row of ``metric``, else None."""
    mt, s, e, figs, toks = cl.mt, cl.s, cl.e, cl.figs, cl.toks
    fs, fe = figs[fi].start(), figs[fi].end()
    why = unlicensed(mt, toks, figs, fi, sc if not post_metric else replace(sc, head=(fs, fs)), s, fs, e)
    if why is None and unit != "pct":  # "852.000 USD tinh dầu", "3,4 tỷ USD nhập khẩu máy móc"
        why = object_of(mt, toks, fe, e)
    if why is None and metric in CONTEXT and not CONTEXT[metric].search(mt, max(0, s - 400), e):
        why = ("context", metric)
    if why is None and unit != "pct" and metric in cat.STOCK_METRICS:
        stock = STOCK.search(mt, s, fs)
        if stock is not None and not SINCE_JANUARY.search(mt, s, fs):
            return ("stock", stock.group())  # "Đến nay, tỉnh có 465 dự án FDI với tổng vốn đăng ký 33 tỷ USD"
    if why is None and unit != "pct" and metric in ("exports", "imports"):
        tonnes = PHYSICAL.search(mt, max(s, fs - 80), fs)
        if tonnes is not None and ";" not in mt[tonnes.end():fs]:
            return ("not_metric", tonnes.group())  # "xuất khẩu 398 ngàn tấn, đạt kim ngạch 1,58 tỷ USD": a product's
    if why is None:
        count = PLACE_COUNT.search(mt, s, fs)
        if count is not None and fi > 0 and any(t.kind == "place" and t.value and figs[fi - 1].end() <= t.start < fs
                                                for t in toks):
            count = None  # "..., bao gồm Hải Phòng với 12,5%": each place's own figure after the threshold
        if count is not None:  # "4 tỉnh, thành phố có kim ngạch xuất khẩu từ 10 tỷ USD trở lên": a threshold
            return ("place_count", count.group().strip())
        where = foreign_place(mt, fe, clause_end(mt, figs, fi, e))
        if where is None:  # "Đến nay, với GDP trên 1.000 tỉ USD ..., Trung Quốc đã trở thành ...": its subject follows
            close = _lead_close(mt, s, e, fs, fe)
            where = foreign_place(mt, close, min(e, close + 30)) if close is not None else None
        if where is None and metric in cat.PARTNER_METRICS:
            where = foreign_place(mt, s, fs)  # "Mỹ đã đầu tư vào VN 1,5 tỷ USD": a partner's share
        why = ("foreign", where) if where else None  # "491 triệu USD từ Nga"
    return why


def _period_of(cl: Clause, sc: Scene, ti: int, fs: int, fe: int, sent_year) -> Period | None:
    """The figure's period: its own ("7,5% của năm 2021"), the sentence's, the paragraph's, the
    document's; a whole year when it is compared with one; with the year the text settles."""
    mt, e, toks, ps, ds = cl.mt, cl.e, cl.toks, cl.ps, cl.ds
    period = sc.period
    post_tok = _post_period(toks, ti, fe, mt)
    post_period = None
    if post_tok is not None:  # "7,5% của năm 2021", "6,5% của cùng kỳ năm trước": this figure's alone
        sc.attached.add(post_tok.start)
        saved = (sc.period, sc.period_is_same)
        sc.take(post_tok, toks, ti, fs, mt, cl.s, cl.figs, ps, ds)
        post_period, (sc.period, sc.period_is_same) = sc.period, saved
    f_period = post_period or period or ps.period or ds.period
    if (post_period is None and period is None and f_period is not None and sc.target_pos >= 0
            and f_period.type in ("month", "quarter", "half", "ytd") and YEAR_PLAN.match(mt, sc.target_pos)):
        f_period = Period("year", f_period.year)  # "(Quý I ...) Chỉ tiêu thu ngân sách ước đạt 15.445 tỷ đồng": the year's
    back = COMPARED_PAREN.search(mt, max(cl.s, fs - 50), fs)
    if back is not None and f_period is not None:  # "... so với cùng kỳ năm 2023 (35,4 triệu USD)": that period's
        y = back.group("y")
        year = int(y) if y and y.isdigit() else (f_period.year - 1 if f_period.year else None)
        f_period = Period("year", year) if back.group("what").lower() == "năm" else f_period.with_year(year)
        sc.attached.add(fs)
    compared = YEAR_COMPARED.match(mt, fe, min(e, fe + 40)) if period is None and post_period is None else None
    if compared:
        # "tăng 25% so với năm ngoái" with no period of its own: a figure for the whole year, the one after
        # the year it names ("so với năm 2003": 2004)
        named = compared.group(1) if not MULTIPLE.search(compared.group()) else None  # "gấp đôi so với năm 1999"
        y = int(named) + 1 if named else (f_period.year if f_period is not None else None) or sent_year or ds.year
        f_period = Period("year", y) if f_period is None or f_period.type != "multi_year" else f_period
    if f_period is not None and f_period.year is None and not f_period.relative:
        before = next((t.value.year for t in reversed(toks) if t.kind == "period" and t.start < fs
                       and t.value.year and not t.value.relative), None)
        f_period = f_period.with_year(before or sent_year or _year_of(ps.period) or ds.year)
    if f_period is not None and f_period.relative:
        f_period = None
    if sc.target_pos >= 0 and ds.year is None and ds.plan is not None and (f_period is None or f_period.year is None):
        # an article about a plan, with no other year: its targets are for the planned year
        f_period = f_period.with_year(ds.plan.year) if f_period is not None and f_period.type else ds.plan
    return f_period


def _status(cl: Clause, sc: Scene, measure: str, f_period: Period | None, fi: int | None = None) -> str:
    """actual, estimate or target, from the words in force and from when the period falls."""
    ds = cl.ds
    status = "target" if sc.target_pos >= 0 else "estimate" if sc.est else "actual"
    fs = cl.figs[fi].start() if fi is not None else -1
    if status == "target" and fs > 0 and CONTRAST.search(cl.mt, sc.target_pos, fs):
        # "... chỉ tiêu của Quốc hội (dưới 5%), mà thay vì đó nằm trong khoảng 5,5-6%": the target stops there
        status = "estimate" if sc.est or sc.forecast else "actual"
    ps_, pe_ = f_period.bounds if f_period else (None, None)
    if (status == "estimate" and sc.period_is_same and f_period is not None and f_period.year and ds.year
            and f_period.year < ds.year):
        status = "actual"  # "(cùng kỳ tăng 5,1%)": a past year's figure is not being estimated
    if f_period is not None and f_period.past:
        status = "actual"  # "thấp hơn nhiều so với mức 19% năm ngoái": what happened, whatever is planned around it
    if status != "target" and not sc.forecast and measure != "share_pct" and ds.published and pe_:
        # a period still to come is planned, even when written "ước đạt"; an estimate for a
        # period under way stays an estimate, a bare figure for one far from over is a plan
        if ps_ > ds.published or (status == "actual" and (pe_ - ds.published).days > 62):
            status = "target"
    return status


def _places(cl: Clause, sc: Scene, fi: int, resp, metric_geo) -> list:
    """The places the figure is about ([None] for "các địa phương": none in particular)."""
    figs = cl.figs
    fs = figs[fi].start()
    geos = _geos(cl.mt, cl.toks, cl.s, fs, sc.geo, sc.consumed, figs, fi)
    if resp is not None and fs > resp[0]:  # "Hà Nội và TP.HCM lần lượt tăng 7% và 8%"
        k = sum(1 for f in figs[:fi] if f.start() > resp[0])
        geos = [resp[1][k]] if k < len(resp[1]) else geos
    if metric_geo == NATION and cl.ds.titled and cl.ds.geo not in (NATION, UNNAMED):
        metric_geo = None  # "tổng sản phẩm trong nước" in a province's own report: older reports say GDP for GRDP
    if geos is None and metric_geo is None:
        geos = _place_after_lead(cl, fi)
    if geos is None:
        geos = [metric_geo] if metric_geo else [cl.ps.geo]
    return geos


def _lead_close(mt: str, s: int, e: int, fs: int, fe: int) -> int | None:
    """Where the sentence's opening "với ..." phrase that holds the figure ``mt[fs:fe]`` ends (its comma), or
    None: the subject of such a figure is named after it ("Với GDP ..., Trung Quốc đã ...")."""
    lead = WITH_LEAD.match(mt, s)
    if lead is None or lead.end() > fs:
        return None
    close = mt.find(",", fe, e)
    return close if close >= 0 else None


def _place_after_lead(cl: Clause, fi: int) -> list | None:
    """[place] for the last figure of a sentence's opening "với ..." phrase when the place named right after the
    phrase's comma is its subject: "Cụ thể, với tăng trưởng GRDP quý I ước đạt 14,18%, Bắc Giang là ..."."""
    close = _lead_close(cl.mt, cl.s, cl.e, cl.figs[fi].start(), cl.figs[fi].end())
    if close is None or any(f.start() < close for f in cl.figs[fi + 1:]):
        return None
    after = next((t for t in cl.toks if t.kind == "place" and t.value and t.start > close
                  and not cl.mt[close + 1:t.start].strip()), None)
    return [after.value] if after is not None else None


def _place_why_not(cl: Clause, geos: list, row: dict, metric: str, part, m, fs: int, resp) -> tuple | None:
    """(reason code, words) when the figure's places make it no one place's figure, else None."""
    if geos == [None]:
        return ("not_a_place", "")
    named = {t.value for t in cl.toks if t.kind == "place" and t.value and cl.s <= t.start < fs}
    if len(named) >= 3 and row["qualifier"] in ("more_than", "at_least") and resp is None:
        return ("place_count", ", ".join(sorted(named)))  # "TP HCM, Bắc Ninh, ... thu về trên 10 tỷ USD": a threshold
    if len(geos) > 1 and row["value_high"] is not None:
        return ("place_range", ", ".join(geos))  # "Ninh Bình, Phú Thọ và Bắc Ninh tăng từ 10,02% đến 10,65%"
    if NATION in geos and row["measure"] == "level" and not part and row["value"] < cat.NATIONAL_MIN.get(metric, 0):
        return ("national_min", m.group())  # a company's or a project's figure, not the nation's
    if UNNAMED in geos:
        return ("own_place", "tỉnh")  # the article's own province, never named
    if cl.ds.topic is not None and not any(t.kind == "place" and t.value for t in cl.toks):
        return cl.ds.topic  # an article about Japan, or about rice: figures with no place of ours are theirs
    if cl.ds.topic is not None and cl.ds.topic[0] == "foreign" and metric in cat.BILATERAL and geos == [NATION]:
        return cl.ds.topic  # "Buôn bán với Australia khởi sắc ... VN xuất khẩu 1,48 tỷ USD": to that market
    return None


def _basis(basis: str, measure: str, metric: str, period: Period | None) -> str:
    """The comparator stated, else the contract's defaults: avg over several years, prev_period for a
    month's CPI, yoy otherwise; "" for measures that are not changes."""
    if measure != "growth_pct":
        return ""
    if basis:
        return basis
    if period is not None and period.type == "multi_year":
        return "avg"
    if metric == "cpi" and period is not None and period.type == "month":
        return "prev_period"
    return "yoy"











def _growth_or_share(pre: str, part) -> bool:
    """"tăng 117% vốn đăng ký" is a growth of the metric after it; "chiếm 70% cơ cấu kinh tế", a part's share."""
    verb = VERB.search(pre)
    if verb is None:
        return False
    kind = next(k for k, v in verb.groupdict().items() if v)
    return kind.startswith("g") or (kind == "chiem" and part is not None)


def _part_metric(part, f_metric, no_cue: bool, unit: str, pre: str, ps: ParaState, ds: DocState):
    """(metric, part code) for a figure that names a part ("khách quốc tế", "dịch vụ").

    The part keeps the metric in force when that metric has it and can take the figure's unit;
    else, with no metric named in the sentence, the part takes the one of its metrics that the
    context is about or that alone takes the unit. A part foreign to a named metric is dropped.
    """
    metrics_ok, code = part
    fits = [x for x in metrics_ok if unit == "pct" or unit in cat.METRICS[x][0]]
    if f_metric in metrics_ok:
        if f_metric not in fits and len(fits) == 1:  # "doanh thu du lịch ...; khách quốc tế đạt 7,5 triệu lượt"
            return fits[0], code
        return f_metric, code
    if not no_cue:  # "giá trị sản xuất công nghiệp tăng 15,6%, dịch vụ tăng 8%": the part's own metric
        return (fits[0], code) if fits else (None, None)
    if metrics_ok[0] == "tourists" and unit == "pct":
        return "tourists", code  # "khách quốc tế tăng 39,5%": the visitors themselves (revenue names itself)
    context = [x for x in [ps.metric] + ds.metrics_seen[::-1] if x in fits]
    if context:
        return context[0], code
    if unit != "pct" or len(metrics_ok) > 1:  # "Nợ của các doanh nghiệp FDI ... 27,2%": of which metric?
        return (fits[0], code) if len(fits) == 1 else (None, None)
    return metrics_ok[0], code  # "Còn ngành dịch vụ tăng 26,7%": a part names its own metric


def _respectively(mt, toks, s, e, figs, kind="place", ps=None, ds=None):
    """(position, the places, parts or metrics named before it) when a sentence pairs them with figures in order:
    "Hà Nội, TP.HCM và Đà Nẵng lần lượt tăng 7%, 8% và 9%", or without "lần lượt", "xuất khẩu và nhập khẩu đạt
    405 tỷ USD và 380 tỷ USD"; else None. Metrics that do not pair up with the figures give an empty list."""
    m = RESPECTIVELY.search(mt, s, e)
    at, pos = (m.start(), m.end()) if m is not None else (_paired(mt, toks, s, e, figs, kind),) * 2
    if at is None:
        return None
    clause = max(s, mt.rfind(";", s, at) + 1)  # "...; TP HCM lần lượt là 190 dự án và 235 triệu USD"
    after = 0
    for f in (f for f in figs if f.start() > at):
        if ";" in mt[pos:f.start()] and not LIST_GAP.fullmatch(mt, pos, f.start()):
            break  # "...; TP HCM lần lượt là 190 dự án và 235 triệu USD; Bình Dương ...": the pairs end there
        after, pos = after + 1, f.end()
    if kind == "metric":  # "xuất khẩu và nhập khẩu lần lượt đạt 190 và 180 tỷ USD (, tăng 12% và 8%)"
        cues = [t.value[0] for t in toks if t.kind == "metric" and clause <= t.start and t.end <= at
                and not DENOMINATOR.search(mt, max(s, t.start - 30), t.start)]
        strong = next((c for c in cues if not c.endswith(("+", "?", "~", "!"))), None)  # "... của FDI"
        named = [c if not c.endswith(("+", "?", "~", "!")) else _weak(c, strong, ps, ds) for c in cues]
        codes = list(dict.fromkeys(c for c in named if c))
        if len(codes) < 2:
            return None
        return at, codes if after and after % len(codes) == 0 else []
    places = [t.value for t in toks if t.kind == kind and t.value and clause <= t.start and t.end <= at]
    if len(places) != after:  # "Hà Nội và TP HCM, hai đầu tàu kinh tế của cả nước, ... lần lượt là 8% và 8,5%"
        places = [p for p in places if p != NATION]
    return (at, places) if len(places) >= 2 and after == len(places) else None


def _paired(mt, toks, s, e, figs, kind) -> int | None:
    """Where names of one kind joined by "và" are paired with figures joined by "và" without "lần lượt" ("Hà Nội
    và TP HCM tăng 6,5% và 7,2%"): the end of the run of names, or None."""
    cues = [t for t in toks if t.kind == kind and t.value and s <= t.start < e]
    for a, b in zip(cues, cues[1:], strict=False):
        if a.value != b.value and PAIR_GAP.fullmatch(mt, a.end, b.start):
            nxt = next((f for f in figs if f.start() > b.end), None)
            if nxt is not None and not CLAUSE_BREAK.search(mt, b.end, nxt.start()) and any(
                    f.start() > nxt.end() and AND_GAP.fullmatch(mt, nxt.end(), f.start()) for f in figs):
                return b.end
    return None


def _respective_metric(subject, mresp, figs, fi):
    """The subject of figure ``fi`` of "A và B lần lượt ..." with the metrics A, B named in turn: the figures
    after "lần lượt" take them in order, round after round; figures that do not pair up are nobody's."""
    pos, codes = mresp
    if not codes:
        return None, ("respectively", "the figures do not pair up with the metrics named")
    k = sum(1 for f in figs[:fi] if f.start() > pos)
    metric = codes[k % len(codes)]
    _, part, geo, post = subject
    return (metric, part if part and any(part == c and metric in ms for _, ms, c in cat.PART_CUES) else None,
            geo, post), None


def _continues(mt, toks, s, fs, pre) -> bool:
    """Does a sentence without a metric cue carry on the previous sentence's metric?"""
    if OPEN_PAREN.search(pre) or CONTINUATION.match(mt, s):
        return True
    return any(t.kind in ("place", "period", "comp", "part") and t.start < fs for t in toks)


def _looks_back(cl: Clause, sc: Scene, p: Period, fs: int) -> bool:
    """Whether an earlier year's figure is an aside the paragraph does not go on about: one in
    parentheses ("(cùng kỳ năm 2022 tăng 3,7%)") or after a comparison ("gấp đôi năm 2019, khi ...")."""
    if cl.ds.year is None or p.year is None or p.year >= cl.ds.year:
        return False
    return sc.paren_end >= 0 or bool(LOOK_BACK.search(cl.mt, cl.s, fs))


def _year_of(p: Period | None):
    """The year a period lends to a period that names none; a span of years ("giai đoạn 2021-2025") lends none."""
    return p.year if p is not None and p.type != "multi_year" else None


def _target_ahead(toks, ti, fs) -> bool:
    return any(t.kind == "target" for t in toks[ti:] if t.start < fs)


def _paren_close(mt, s, pos) -> int | None:
    """The position of the ")" closing the parenthesis that ``pos`` lies in, or None."""
    opened = mt.rfind("(", s, pos)
    if opened < 0 or mt.find(")", opened, pos) >= 0:
        return None
    close = mt.find(")", pos)
    return close if close >= 0 else None


def _paren_has_figure(figs, pos) -> bool:
    return any(pos < f.start() <= pos + 8 for f in figs)


def _weak(cue: str, metric: str | None, ps: ParaState, ds: DocState) -> str | None:
    """The metric a weak cue ("số doanh nghiệp", "tăng trưởng") names here, or None.

    It names its metric when the sentence, the paragraph or the document's latest figure
    is about the same family ("++": only when the sentence's own metric is); bare "tăng trưởng"
    names GRDP only where no metric is in force.
    """
    base = cue.rstrip("+?~!")
    fam = cat.FAMILY.get(base, {base})
    if cue.endswith(("?", "~")):  # "tốc độ tăng (trưởng)": of the metric in force; of GDP where none is
        if metric is None and cue.endswith("?"):
            return base
        return metric or ps.metric
    if metric and not cat.FAMILY.get(metric, {metric}) & fam:
        # "vốn FDI thực hiện và vốn đăng ký": in a sentence about FDI, "vốn đăng ký" is FDI's registered capital;
        # else the sentence's own metric goes on ("cấp mới 3 dự án FDI với tổng vốn đăng ký ...")
        return cat.WEAK_IN_FAMILY.get((cue, metric))
    context = {metric} if metric else set()
    if not cue.rstrip("!").endswith("++"):
        context |= set(ps.families) | set(ds.metrics_seen[-1:])
    if fam & context:
        return base
    return None


def _post_cues(toks, fs, fe, limit, mt, metric, ps, ds):
    """Metric/part/stop cues right after a figure (or overlapping its unit word), before any comma."""
    comma = mt.find(",", fe, limit)
    if comma != -1:
        limit = comma
    semi = mt.find(";", fe, limit)
    if semi != -1:
        limit = semi
    pm = pp = None
    stop = ""
    for t in toks:
        if t.end < fe or t.start < fs or t.start >= limit or (t.end == fe and t.kind != "metric"):
            continue
        gap = mt[fe:t.start] if t.start >= fe else ""
        if not POST_GAP.fullmatch(gap):
            break
        if t.kind == "metric":
            met, g = t.value
            if met.endswith(("+", "?", "~", "!")):
                met = _weak(met, metric, ps, ds)
                if met is None:
                    break
            pm = (met, g)
            # "2 tỷ USD vốn đầu tư nước ngoài đã có hồ sơ ...": what the clause goes on to count is not the metric
            stop = next(((mt[u.start:u.end], u.start) for u in toks if u.kind == "stop" and t.end <= u.start < limit), "")
            break
        if t.kind == "part":
            pp = t.value
            fe = t.end
            continue
        if t.kind == "stop":
            stop = (mt[t.start:t.end], t.start)
            break
        if t.kind == "comp" and t.start >= fe:  # "tăng 1,3% so với cùng kỳ năm trước về số dự án"
            fe = t.end
            continue
        break
    if pp is not None:
        metrics_ok, code = pp
        if pm is not None and pm[0] not in metrics_ok:
            pp = None
        else:
            pp = (metrics_ok, code)
    return pm, pp, stop


def _post_period(toks, ti, fe, mt):
    """A period attached right after the figure ("7,5% của năm 2021", "8% cho cả năm"), or after the
    metric words that follow it ("6 tỷ USD vốn FDI trong năm 2006")."""
    for t in toks[ti:]:
        if t.start < fe:
            continue
        if t.kind == "metric" and ATTACH.fullmatch(mt, fe, t.start):
            fe = t.end  # "6 tỷ USD vốn FDI trong năm 2006": the figure's own metric words, then its period
            continue
        if t.kind != "period":
            if t.start > fe + 20:
                break
            continue
        if ATTACH.fullmatch(mt, fe, t.start):
            return t
        break
    return None


def _geos(mt, toks, s, fs, geo_sentence, consumed, figs, fi):
    """Places the figure is about: those named in its own stretch of text (less ``consumed``,
    the places the scene set aside), else the sentence's."""
    # inside parentheses right after a place: "Bắc Giang (13,85%)", "cả nước (51,38%)"
    before = mt[max(s, fs - 8):fs]
    if OPEN_PAREN.search(before):
        opened = fs - (len(before) - before.rfind("("))
        for t in reversed(toks):
            if t.kind == "place" and t.end <= opened and mt[t.end:opened].strip() == "":
                return [t.value]
    # places between the previous figure and this one
    seg_start = figs[fi - 1].end() if fi > 0 else s
    local = [t for t in toks if t.kind == "place" and seg_start <= t.start < fs and t.start not in consumed]
    if local and local[-1].value is None:
        return [None]
    if local:
        last = local[-1]
        names = [last.value]
        # "Đà Nẵng và Khánh Hòa cùng 10%": two places, two rows
        for prev in reversed(local[:-1]):
            if not (prev.value and AND.fullmatch(mt, prev.end, last.start)):
                break
            names.insert(0, prev.value)
            last = prev
        return names
    if geo_sentence is not None:
        return [geo_sentence[0]]
    return None


def _year_in(mt: str, comp) -> int | None:
    """The year a comparator names ("so với cùng kỳ năm 2019"), else None."""
    if comp is None:
        return None
    y = _YEAR4.search(mt, comp.start, comp.end)
    return int(y.group()) if y else None


_YEAR4 = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: "bằng/đạt X% so với cùng kỳ" is an index (100 = no change) when X is at least this; below, X is the growth.
INDEX_MIN = 50.0


def _figure(doc, mt, m, unit, metric, part, pre, post, s, e, fs, fe, toks, prev_fig, ps, ds):
    """Value, measure, qualifier and quote of one figure; None when it is not a row, "abs"
    for an absolute change ("tăng 160 USD"), which is not a row but sets up "tương đương 20%"."""
    style = ds.style
    n1, n2 = m.group("n1"), m.group("n2")
    try:
        v1 = parse_number(n1, style)
        v2 = parse_number(n2, style) if n2 else None
    except ValueError:
        return None
    if LIMIT.search(pre):
        return None  # "được cấp giấy phép đầu tư nước ngoài đến 40 triệu USD": a ceiling
    verb = VERB.search(pre)
    vname = None
    sign = 1
    if verb:
        for k, v in verb.groupdict().items():
            if v:
                vname = k
                if k.startswith("g"):
                    sign = cat.GROWTH_VERBS[int(k[1:])][1]
                break
    qual = "exact"
    q = QUAL.search(pre)
    if q:
        qual = cat.QUALIFIERS[int(q.lastgroup[1:])][1]
        if qual == "at_least" and q.group().strip().lower() == "từ" and not (n2 or AT_LEAST_AFTER.match(post)):
            qual = "exact"
    if AT_LEAST_AFTER.match(post):
        qual = "at_least"
    if n2:
        qual = "approx" if qual == "approx" else "at_least"
    basis = ""
    plan_comp = False
    comp = next((t for t in toks if t.kind == "comp" and fe <= t.start <= fe + 25
                 and SPACE_COMMA.fullmatch(mt, fe, t.start)), None)
    if comp is None:  # "tăng 11,6% về số doanh nghiệp so với tháng trước": after the figure's own words
        comp = next((t for t in toks if t.kind == "comp" and fe <= t.start <= fe + len(post)
                     and OWN_WORDS.fullmatch(mt, fe, t.start)), None)
    if comp is None:  # "So với tháng 7, số doanh nghiệp tăng 23,9%"
        comp = next((t for t in reversed(toks) if t.kind == "comp" and s <= t.start < fs
                     and t.start < fs - 5 and _comp_governs(mt, t, fs)), None)
    if comp is not None:
        if comp.value == "other" and unit == "pct":
            return None  # "tăng 3,9% so với thời điểm trước dịch Covid-19": growth on no basis of the contract
        if comp.value in ("multiple", "time", "other"):
            comp = None
        elif comp.value == "plan":
            # "So với dự toán năm, thu ngân sách đạt 105%": a share of the plan ("vượt 1,5% so mục tiêu" of a rate
            # is a difference of rates)
            plan_comp = comp.start < fs and vname == "bang"
            comp = None
        else:
            basis = comp.value
    if unit == "pct":
        value = v1
        high = v2
        clause = max(s, mt.rfind(",", s, fs) + 1, mt.rfind(";", s, fs) + 1)
        if IN_PAREN.search(pre) and COUNTED.search(mt, clause, fs):
            return None  # "1.227 dự án mới (tăng 27,5%)": the growth of a count of projects
        if vname == "chiem":
            if part is None:
                return None
            measure = "share_pct"
        elif (FROM_TO.search(pre) and TO_AFTER.match(mt, fe)) or TO_BEFORE.search(mt, max(s, fs - 40), fs):
            # "giảm từ 21,8% xuống còn 20,4%": two levels of a rate
            if part is None or not STRUCTURE.search(mt, max(s, fs - 80), fs):
                return None
            measure = "share_pct"
        elif PLAN_AFTER.match(post) or PLAN_BEFORE.search(pre) or plan_comp:
            measure = "plan_pct"
            if vname == "vuot" or PLAN_BEFORE.search(pre) or (vname and vname.startswith("g")):
                d = sign if vname and vname.startswith("g") else 1  # "tăng 6,6% so với kế hoạch": 106.6
                value, high = 100 + d * v1, (100 + d * v2 if v2 is not None else None)
        elif (RATIO_AFTER.match(post) and not (vname and vname.startswith("g"))) or SHARE_OF_THINGS.match(post) \
                or COMPARED_VALUE.search(pre):  # "(so với 27,2%)": the value compared with, not a row
            return None
        elif vname == "bang" and basis and pre.rstrip().lower().endswith(("bằng", "đạt")):
            measure = "growth_pct"
            if v1 >= INDEX_MIN:  # "bằng 105,4% so với cùng kỳ": an index, growth 5.4
                value, high = v1 - 100, (v2 - 100 if v2 is not None else None)
            # else "tốc độ tăng trưởng GRDP ước đạt 7,2% so với cùng kỳ": the growth itself
        elif vname == "bang" and verb.group().lower().startswith("bằng") and not basis:
            # "thu nội địa ... bằng 96,8% dự toán; thu từ dầu thô ..., bằng 106,2%": the plan, as in the list
            if not (ps.measure == "plan_pct" and prev_fig and prev_fig[0] == metric):
                return None  # "bằng 106,2%" of what is not said
            measure = "plan_pct"
        elif vname and vname.startswith("g"):
            measure = "growth_pct"
            value, high = sign * v1, (sign * v2 if v2 is not None else None)
            if sign < 0 and high is not None:
                value, high = high, value
        elif vname == "bang" and "tương đương" in verb.group().lower():
            if prev_fig and prev_fig[1] == "abs":
                measure = "growth_pct"
            else:
                return None
        elif vname == "vuot" and part is not None and STRUCTURE.search(mt, s, fs):
            measure = "share_pct"  # "tỷ trọng dịch vụ trong GDP lần đầu tiên vượt 40%"
            qual = "more_than" if qual == "exact" else qual
        elif (vname == "vuot" and not basis and prev_fig and prev_fig[:2] == (metric, "level")
              and PLAN_NAMED.search(mt, s, fs)):
            # "theo dự toán ... là 25.800 tỷ đồng, nhưng thực hiện đạt 37.400 tỷ đồng, vượt gần 50%": past the plan
            measure = "plan_pct"
            value, high = 100 + v1, (100 + v2 if v2 is not None else None)
        elif vname == "vuot":
            return None
        else:
            measure = None
            if prev_fig and prev_fig[2] == "pct" and prev_fig[0] == metric:
                measure = prev_fig[1]
            elif ps.measure and ps.metric == metric and OPEN_PAREN.search(pre):
                measure = ps.measure
            if measure is None:
                measure = cat.METRICS[metric][1]
                if part is not None and measure == "growth_pct" and (
                        STRUCTURE.search(post) or STRUCTURE.search(mt, max(s, fs - 60), fs)):  # "tỷ trọng công nghiệp đạt 39%"
                    measure = "share_pct"
                elif (measure == "growth_pct" and not GROWTH_WORD.search(mt, s, fs)
                      and not (ps.metric == metric and ps.measure == "growth_pct")):
                    return None  # a bare percentage with no word of change before it: a rate of something else
        if measure == "share_pct" and part is None:
            return None
        if measure == "plan_pct" and metric in cat.NO_PLAN_PCT:
            return None  # "CPI cao hơn 1,1% so với chỉ tiêu": a difference of rates, not a share of a plan
        lo, hi = cat.METRICS[metric][2]
        if measure == "growth_pct" and not lo <= value <= hi:
            return None
        ps.measure = measure
        out_unit = "%"
    else:
        cue_ends = any(t.kind in ("metric", "part") and 0 <= fs - t.end <= 2 for t in toks)
        if (LEVEL_GROWTH.search(pre) and not REACHES.search(pre) and not cue_ends) or (
                prev_fig and prev_fig[1] == "growth_pct" and CORRESPONDING.search(pre)):
            # "tăng 160 USD", "tăng 9,15%, tương ứng với giá trị 3,95 tỷ USD": a change, not a level
            return "abs"
        scale = 1.0
        if m.group("scale") or m.group("sscale"):
            from ..numbers import scale_of

            scale = scale_of(m.group("scale") or m.group("sscale"))
        measure = "level"
        if vname == "vuot" and qual == "exact" and not n2:
            qual = "more_than"  # "kim ngạch xuất khẩu vượt 26 tỷ USD": more than
        value, high, out_unit = _canonical(v1, scale, unit, metric), None, ""
        if v2 is not None:
            high = _canonical(v2, scale, unit, metric)
        out_unit = _canonical_unit(unit, metric)
        top = min(cat.LEVEL_MAX.get(metric, float("inf")), cat.LEVEL_MAX.get((metric, unit), float("inf")))
        if not cat.LEVEL_MIN.get(metric, 0) < value <= top:
            return None
    qs = fs
    if verb and pre.endswith(verb.group()) and len(verb.group()) < 40:
        qs = fs - len(verb.group().lstrip())
    elif q:
        qs = fs - len(q.group().lstrip())
    lead = QUOTE_LEAD.search(mt, max(s, qs - 30), qs)
    if lead:  # "ước đạt", "ước thực hiện", "đã đạt": the figure's own words start there
        qs = lead.start()
    quote_end = fe
    am = AT_LEAST_AFTER.match(post)
    if am:
        quote_end = fe + am.end()
    elif comp is not None and comp.start >= fe and comp.start - fe < 4:
        quote_end = comp.end
    text = doc.text
    return {
        "doc_id": ds.doc_id, "path": doc.path, "source": doc.source, "url": doc.url, "published": doc.published,
        "sentence": text[s:e], "start": qs, "end": quote_end, "quote": text[qs:quote_end].strip(),
        "metric": metric, "measure": measure, "_basis": basis, "_since": _year_in(mt, comp), "value": _sig(value),
        "value_high": _sig(high) if high is not None else None, "unit": out_unit, "qualifier": qual,
        "part": part or "",
    }


def _comp_governs(mt, t, fs) -> bool:
    """A comparator before the figure governs it when it opens the clause: "So với tháng 7, ..."."""
    between = mt[t.end:fs]
    opening = mt[max(0, t.start - 40):t.start]
    clause_start = not opening.strip() or opening.rstrip()[-1:] in ",;:.(" or opening.endswith("\n")
    if (clause_start or opening.rstrip().endswith(" và")) and VERB_NEXT.match(between):
        # "..., so với cùng kỳ năm trước tăng 6%", "... và so với cùng kỳ tăng 2,89%"
        return True
    return clause_start and "," in between[:3] and ";" not in between and not PCT.search(between)


def _canonical(v: float, scale: float, unit: str, metric: str) -> float:
    x = v * scale
    if unit == "vnd":
        return x / 1e6 if metric in cat.PER_PERSON else x / 1e9
    if unit == "usd":
        return x if metric in cat.PER_PERSON else x / 1e6
    return x


def _canonical_unit(unit: str, metric: str) -> str:
    if unit == "vnd":
        return "mn VND" if metric in cat.PER_PERSON else "bn VND"
    if unit == "usd":
        return "USD" if metric in cat.PER_PERSON else "mn USD"
    return "count"


def _sig(x: float) -> float:
    """Twelve significant digits: 1,824 × 1e3 is 1824.0, not 1823.9999999999998."""
    return float(f"{x:.12g}")
