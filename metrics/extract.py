"""The figure engine: document -> sentences -> figures (rows of the figures table).

One pass finds the figure candidates (a number with a percent sign, a currency or a
count unit); only paragraphs holding one are read further. Each such sentence is
tokenised once (cues, places, periods, comparators, status words) and its figures
are resolved left to right against a small state: the metric, part, place and period
in force, which a paragraph carries from one sentence to the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from . import catalogue as cat
from .cues import CueMatcher
from .document import Document
from .numbers import SCALES, detect_style, parse_number
from .periods import Period, find_comparators, find_periods
from .places import NATION, find_places
from .sentences import paragraphs, sentences

_I = regex.I | regex.V1


def _alt(patterns, prefix):
    return "|".join(f"(?P<{prefix}{i}>{p})" for i, p in enumerate(patterns))


# --- compiled tables ----------------------------------------------------------------------

_NUM = r"\d+(?:[.,]\d+)*"
_SCALE = "|".join(s for s, _ in SCALES)
_UNIT = "|".join(f"(?:{p})" for p, _ in cat.UNITS)
_UNIT_KINDS = [(regex.compile(p + r"\Z", regex.I), kind) for p, kind in cat.UNITS]
#: A figure: number [%] [range] [scale] unit ["/người"]; a percent sign or a unit is required.
FIGURE = regex.compile(
    rf"(?<![\w.,/-])(?P<n1>{_NUM})(?:\s*(?P<p1>%))?"
    rf"(?:\s*(?:-|–|đến|tới)\s*(?P<n2>{_NUM})(?:\s*(?P<p2>%))?)?"
    rf"(?:\s*(?P<scale>{_SCALE})(?!\w))?"
    rf"(?:\s*(?P<unit>{_UNIT})(?!\w))?"
    rf"(?P<per>\s*/\s*(?:người|năm))?"
    rf"(?(p1)|(?(p2)|(?(unit)|(?!))))",  # no percent sign and no unit: not a figure
    _I,
)

#: All cues in one alternation, most specific (longest pattern) first, so that at any
#: position "lượng khách quốc tế" (a part) wins over "lượng khách" (the metric).
_CUE_LIST = sorted([("m", i, p) for i, (p, _) in enumerate(cat.METRIC_CUES)]
                   + [("p", i, p) for i, (p, _, _) in enumerate(cat.PART_CUES)]
                   + [("s", i, p) for i, p in enumerate(cat.STOP_CUES)], key=lambda k: -len(k[2]))
_CUES = CueMatcher([((k, i), p) for k, i, p in _CUE_LIST])
_ESTIMATE = regex.compile(r"(?<!\w)(?:" + "|".join(cat.ESTIMATE_WORDS) + r")(?!\w)", _I)
_TARGET = regex.compile(r"(?<!\w)(?:" + "|".join(cat.TARGET_WORDS) + r")(?!\w)", _I)
_VERB = regex.compile(r"(?:" + _alt([p for p, _ in cat.GROWTH_VERBS], "g")
                      + r"|(?P<bang>bằng|đạt|tương đương|tương ứng)|(?P<vuot>vượt)|(?P<chiem>chiếm(?: tỷ trọng)?))"
                      r"(?:\s+(?:tới|đến|lên|là|được|khoảng|gần|hơn|trên|dưới|chỉ|mức|ở mức|xấp xỉ|tối thiểu|"
                      r"ít nhất|từ|thêm|với))*\s*$", _I)
_QUAL = regex.compile(r"(?<!\w)(?:" + _alt([p for p, _ in cat.QUALIFIERS], "q") + r")\s*$", _I)
_PLAN_AFTER = regex.compile(r"^\s*" + cat.PLAN_WORDS + r"(?!\w)", _I)
_AT_LEAST_AFTER = regex.compile(r"^\s*trở lên", _I)
_RATIO_AFTER = regex.compile(r"^\s*(?:so với )?(?:kết quả|mức|con số)(?: của)? (?:năm|cùng kỳ)", _I)
#: An absolute change before a level ("tăng 160 USD", "cao hơn cùng kỳ năm 2022 là 443,9 tỷ đồng").
_LEVEL_GROWTH = regex.compile(r"(?<!\w)(?:tăng|giảm|cao hơn|thấp hơn|nhiều hơn|ít hơn)(?: thêm)?(?:[^,;(%]*?\slà)?"
                              r"(?:\s+(?:gần|hơn|khoảng|trên))?\s*$", _I)
_NOT_MARKER = regex.compile(r"(?:\d\s*%\s*|(?:đạt|vượt|hoàn thành|bằng|so với|thuộc|tương ứng|của)\s+)$", _I)
_PLAN_PAREN = regex.compile(r"(?:\s+(?:đề ra|được giao|giao|năm \d{4}))*\s*\(", _I)
_RANKING = regex.compile(r"(?:thứ \w+|nhất|dẫn đầu|đứng đầu|top \d+|so với|hơn|mức chung(?: của)?|chung(?: của)?|"
                         r"bình quân(?: chung)?(?: của)?|của)\s*$", _I)
_NONSPECIFIC = regex.compile(r"(?<!\w)(?:nhiều|các|một số|những|mọi) (?:địa phương|tỉnh|thành phố)(?!\w)", _I)
_ESTIMATE_NOT = regex.compile(r"\s*(?:mơ|muốn|nguyện)", _I)

_POST_GAP = regex.compile(r"\s*(?:về|của|thuộc|là|từ)?\s*(?:số lượng|số)?\s*", _I)
_ATTACH = regex.compile(r"\s*(?:của|cho|trong)\s+", _I)
_OPEN_PAREN = regex.compile(r"\(\s*$")
_AND = regex.compile(r"\s*(?:và|,)\s*", _I)
_SPACE_COMMA = regex.compile(r"[\s,]*")
_STRUCTURE = regex.compile(r"cơ cấu|tỷ trọng", _I)
_REACHES = regex.compile(r"(?:đạt|ở mức|lên)\s*(?:\S+\s*)?$", _I)
_PCT = regex.compile(r"\d\s*%")
_CLAUSE_BREAK = regex.compile(r"[,;:()]")
#: "100% xã, phường", "95% hồ sơ": a share of things counted, not a figure of the catalogue.
_SHARE_OF_THINGS = regex.compile(r"\s*(?:số |các |tổng số )?(?:xã|phường|hộ|học sinh|cơ quan|đơn vị|trường|thủ tục|"
                                 r"hồ sơ|người|dân|nhiệm vụ|dự án|công trình|thôn|tổ dân phố|cán bộ|đảng viên)(?!\w)", _I)
_CONTINUATION = regex.compile(r"\s*(?:trong đó|riêng|tính chung|lũy kế|luỹ kế|cộng dồn|so với|cùng kỳ|còn|"
                              r"bên cạnh đó|ngoài ra)", _I)
_QUOTE_LEAD = regex.compile(r"(?<!\w)(?:ước(?: tính| thực hiện)?|thực hiện|dự kiến|đã|thu được|đón)(?: đạt)?\s+$", _I)

#: Tone marks written on the other vowel ("hoà", "thuỷ"): rewritten to one form, same length.
_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
          "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONES.update({k.capitalize(): v.capitalize() for k, v in list(_TONES.items())})
_TONE_RE = regex.compile(r"(?<![qQ])(?:" + "|".join(_TONES) + r")(?!\w)")


def match_text(text: str) -> str:
    """``text`` with old-style tone placement rewritten ("Thanh Hoá" -> "Thanh Hóa"); same length."""
    return _TONE_RE.sub(lambda m: _TONES[m.group()], text)


# --- state ---------------------------------------------------------------------------------


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


@dataclass
class ParaState:
    geo: str
    period: Period | None
    metric: str | None = None
    families: set = field(default_factory=set)
    measure: str | None = None


@dataclass
class Tok:
    start: int
    end: int
    kind: str  # metric, part, stop, place, period, comp, est, target, paren
    value: object = None


# --- the engine -----------------------------------------------------------------------------


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
    last_heading = None
    for i, para in enumerate(paras):
        if para.heading:  # headings give context; their figures repeat the body's
            if i > 0:
                last_heading = para
            continue
        if i not in cands:
            continue
        heading_period = _first_period(mt, last_heading.start, last_heading.end, ds) if last_heading else None
        ps = ParaState(geo=ds.geo, period=heading_period)
        ptoks = _tokens(mt, ds.low, para.start, para.end)
        pfigs = cands[i]
        ti = fi = 0
        for s in sentences(mt, para.start, para.end):
            t0, f0 = ti, fi
            while ti < len(ptoks) and ptoks[ti].start < s.end:
                ti += 1
            while fi < len(pfigs) and pfigs[fi].start() < s.end:
                fi += 1
            rows.extend(_sentence(doc, mt, s.start, s.end, pfigs[f0:fi], ptoks[t0:ti], ps, ds))
    return rows


def _is_candidate(m) -> bool:
    return bool(m.group("p1") or m.group("p2") or m.group("unit"))


def _unit_kind(m) -> str | None:
    if m.group("p1") or m.group("p2"):
        return "pct"
    unit = m.group("unit")
    if unit:
        for pat, kind in _UNIT_KINDS:
            if pat.match(unit):
                return kind
    return None


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
                    low=_lower(mt))


def _lower(text: str) -> str:
    """``text.lower()`` with the same length (a letter whose lower case is longer stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _first_period(mt, start, end, ds) -> Period | None:
    masked = [(a, b) for a, b, _ in find_comparators(mt, start, end)]
    for _, _, p in find_periods(mt, start, end, masked):
        if p.relative or p.plan:
            continue
        if p.year is None and ds is not None:
            p = p.with_year(ds.year)
        return p
    return None


def _tokens(mt: str, low: str, s: int, e: int) -> list[Tok]:
    toks: list[Tok] = []
    comps = list(find_comparators(mt, s, e))
    masked = [(a, b) for a, b, _ in comps]
    toks += [Tok(a, b, "comp", basis) for a, b, basis in comps]
    toks += [Tok(a, b, "period", p) for a, b, p in find_periods(mt, s, e, masked)]
    for a, b, (kind, idx) in _CUES.find(mt, low, s, e):
        if kind == "m":
            pat, metric = cat.METRIC_CUES[idx]
            toks.append(Tok(a, b, "metric", (metric, cat.CUE_GEO.get(pat))))
        elif kind == "p":
            _, metrics, part = cat.PART_CUES[idx]
            toks.append(Tok(a, b, "part", (metrics, part)))
        else:
            toks.append(Tok(a, b, "stop"))
    for a, b, name in find_places(mt, s, e):
        toks.append(Tok(a, b, "place", name))
    for m in _NONSPECIFIC.finditer(mt, s, e):
        toks.append(Tok(m.start(), m.end(), "place", None))
    for m in _ESTIMATE.finditer(mt, s, e):
        if not _ESTIMATE_NOT.match(mt, m.end()):
            toks.append(Tok(m.start(), m.end(), "est"))
    for m in _TARGET.finditer(mt, s, e):
        word = m.group().lower()
        if word in ("kế hoạch", "dự toán"):
            before = mt[max(s, m.start() - 30):m.start()]
            if _NOT_MARKER.search(before) and not _PLAN_PAREN.match(mt, m.end()):
                continue
        toks.append(Tok(m.start(), m.end(), "target"))
    toks.sort(key=lambda t: (t.start, -t.end))
    return toks


def _sentence(doc, mt, s, e, figs, toks, ps: ParaState, ds: DocState) -> list[dict]:
    rows: list[dict] = []
    first_period_set = False
    sent_year = next((t.value.year for t in toks if t.kind == "period" and t.value.year and not t.value.relative), None)
    # sentence-level running state
    metric = None
    metric_geo = None
    part = None
    part_pos = -1
    metric_pos = -1
    stop_pos = -1
    est = False
    target_pos = -1
    period = None
    period_is_same = False
    geo_sentence = None
    prev_end = s
    prev_fig = None  # (metric, measure, unit kind, abs_change, geo)
    ti = 0
    consumed_places = set()
    for fi, m in enumerate(figs):
        fs, fe = m.start(), m.end()
        # advance tokens before this figure
        while ti < len(toks) and toks[ti].start < fs:
            t = toks[ti]
            ti += 1
            if t.kind == "metric":
                met, g = t.value
                if met.endswith("+"):
                    met = _weak(met, metric, ps, ds)
                    if met is None:
                        continue
                # "cấp mới 12 dự án FDI": a part just before its metric, in the same clause, stays
                keep = part is not None and met in part[0] and not _CLAUSE_BREAK.search(mt, part_pos, t.start)
                metric, metric_geo, metric_pos = met, g, t.start
                if keep:
                    part_pos = t.start
                else:
                    part, part_pos = None, -1
            elif t.kind == "part":
                part, part_pos = t.value, t.start
            elif t.kind == "stop":
                stop_pos = t.start
            elif t.kind == "est":
                est = True
            elif t.kind == "target":
                target_pos = t.start
            elif t.kind == "period":
                p = t.value
                if p.plan and target_pos < 0 and not _target_ahead(toks, ti, fs):
                    continue
                if p.relative in ("same", "same_prev"):
                    base = period or ps.period or ds.period
                    if p.relative == "same_prev":  # "(cùng kỳ tăng 1,5%)": the year before
                        y = (base.year or sent_year or ds.year) if base is not None else None
                        p = Period("", y - 1 if y else None, relative="same")
                    if base is not None and base.type:
                        p = Period(base.type, p.year, base.n, base.day, base.year2)
                        period_is_same = True
                    else:
                        p = Period("year", p.year)
                elif p.relative == "this_month":
                    base = period or ps.period or ds.period
                    if base is not None and base.type == "month":
                        p = base
                    else:
                        continue
                elif p.relative == "this_year":
                    base = period or ps.period or ds.period
                    p = Period("year", base.year if base else sent_year)
                elif p.type == "year" and period_is_same and period is not None and period.type != "year":
                    p = Period(period.type, p.year, period.n, period.day)
                # a target's scope ends at a period already past
                if target_pos >= 0 and ds.published and p.year:
                    pe = p.with_year(p.year).bounds[1]
                    if pe and pe < ds.published:
                        target_pos = -1
                period = p
            elif t.kind == "place":
                if t.value is None:
                    geo_sentence = (None, t.start)
                    continue
                if t.value == NATION and _RANKING.search(mt, max(s, t.start - 25), t.start):
                    continue
                after = mt[t.end:t.end + 3]
                if after.lstrip().startswith("(") and _paren_has_figure(figs, t.end):
                    consumed_places.add(t.start)
                    continue
                geo_sentence = (t.value, t.start)
        unit = _unit_kind(m)
        if unit is None:
            continue
        pre = mt[max(prev_end, s, fs - 60):fs]
        post_end = figs[fi + 1].start() if fi + 1 < len(figs) else e
        post = mt[fe:min(post_end, fe + 60)]
        # cues right after the figure: "3,1 tỷ USD vốn FDI", "tăng 72% về số lượng doanh nghiệp"
        post_metric, post_part, post_stop = _post_cues(toks, fs, fe, min(post_end, fe + 40), mt, metric, ps, ds)
        f_metric, f_part = metric, part if part_pos >= metric_pos else None
        f_metric_geo = metric_geo
        if post_stop:
            continue
        if post_metric:
            f_metric, f_metric_geo = post_metric
            if part is None or f_metric not in part[0] or part_pos < metric_pos:
                f_part = None
            else:
                f_part = part
        if post_part:
            f_part = post_part
        if stop_pos > metric_pos and not post_metric:  # "giá trị sản xuất công nghiệp": not a catalogue metric
            prev_end = fe
            continue
        # a part with no metric of its own takes the metric in context that has it
        if f_part is not None:
            metrics_ok, code = f_part
            if f_metric not in metrics_ok:
                cand = [x for x in ([ps.metric] + ds.metrics_seen[::-1]) if x in metrics_ok]
                fits = [x for x in metrics_ok if unit in cat.METRICS[x][0]]
                if metric is None and not post_metric:
                    if cand and (unit == "pct" or unit in cat.METRICS[cand[0]][0]):
                        f_metric = cand[0]
                    elif unit != "pct":
                        f_metric = fits[0] if len(fits) == 1 else None
                    else:
                        f_metric = metrics_ok[0] if ("chiếm" in pre or len(metrics_ok) > 1) else None
                    f_part = code if f_metric else None
                else:
                    f_part = None
            else:
                f_part = code
        if f_metric is None and metric is None and ps.metric is not None:
            # no cue in this sentence: carry the paragraph's metric only where the sentence
            # plainly continues it (a level in its unit, a part, a place, a period, "(...)")
            if unit != "pct" or _continues(mt, toks, s, fs, pre):
                f_metric = ps.metric
            f_metric_geo = None
        if f_metric is None:
            prev_end = fe
            continue
        # unit fits the metric?
        per = bool(m.group("per")) and "người" in m.group("per")
        if per and f_metric == "grdp":
            f_metric = "grdp_per_capita"
        if unit == "visits" and "visits" not in cat.METRICS[f_metric][0] and metric_pos < 0:
            f_metric = "tourists"  # "ước đón 3,73 triệu lượt khách": the unit names the metric
        if unit != "pct" and unit not in cat.METRICS[f_metric][0]:
            prev_end = fe
            continue
        row = _figure(doc, mt, m, unit, f_metric, f_part, pre, post, s, e, fs, fe, toks, ti, prev_fig, ps, ds)
        prev_end = fe
        if row is None:
            continue
        if row == "abs":
            prev_fig = (f_metric, "abs", unit)
            continue
        # status
        status = "actual"
        if est:
            status = "estimate"
        if target_pos >= 0:
            status = "target"
        # period
        f_period = _post_period(toks, ti, fe, mt) or period or ps.period or ds.period
        if f_period is not None and f_period.year is None and not f_period.relative:
            before = next((t.value.year for t in reversed(toks) if t.kind == "period" and t.start < fs
                           and t.value.year and not t.value.relative), None)
            f_period = f_period.with_year(before or _year_of(ps.period) or ds.year or sent_year)
        if f_period is not None and f_period.relative:
            f_period = None
        ps_, pe_ = f_period.bounds if f_period else (None, None)
        if status == "estimate" and f_period is not None and f_period.year and ds.year and f_period.year < ds.year:
            status = "actual"  # "(cùng kỳ tăng 5,1%)": a past year's figure is not being estimated
        if status != "target" and row["measure"] != "share_pct" and ds.published and pe_:
            # a period still to come is planned, even when written "ước đạt"; an estimate for a
            # period under way stays an estimate, a bare figure for one far from over is a plan
            if ps_ > ds.published or (status == "actual" and (pe_ - ds.published).days > 62):
                status = "target"
        # geo
        geos = _geos(mt, toks, s, fs, prev_end, geo_sentence, consumed_places, figs, fi)
        if geos is None:
            if f_metric_geo:
                geos = [f_metric_geo]
            else:
                geos = [ps.geo]
        if geos == [None]:
            continue
        basis = row.pop("_basis")
        if row["measure"] == "growth_pct" and not basis:
            if f_period is not None and f_period.type == "multi_year":
                basis = "avg"
            elif f_metric == "cpi" and f_period is not None and f_period.type == "month":
                basis = "prev_period"
            else:
                basis = "yoy"
        if row["measure"] != "growth_pct":
            basis = ""
        for g in geos:
            r = dict(row)
            r.update(status=status, basis=basis, period_type=f_period.type if f_period else "",
                     period_start=ps_, period_end=pe_, geo=g)
            rows.append(r)
        prev_fig = (f_metric, row["measure"], unit)
        ps.metric = f_metric
        ps.families.add(f_metric)
        if f_metric not in ds.metrics_seen:
            ds.metrics_seen.append(f_metric)
        if not first_period_set and f_period is not None:
            first_period_set = True
            if (ds.year is None or f_period.year is None or f_period.year >= ds.year) and status != "target":
                ps.period = f_period
    # cues and places after the last figure still set the scene for the next sentence
    for t in toks[ti:]:
        if t.kind == "metric" and not t.value[0].endswith("+"):
            metric = t.value[0]
        if t.kind == "place" and t.value and not (
                t.value == NATION and _RANKING.search(mt, max(s, t.start - 25), t.start)):
            if not (mt[t.end:t.end + 3].lstrip().startswith("(") and _paren_has_figure(figs, t.end)):
                geo_sentence = (t.value, t.start)
    # carry the sentence's context to the next sentence of the paragraph
    for t in toks:
        if t.kind == "metric" and not t.value[0].endswith("+"):
            ps.families.add(t.value[0])
    if geo_sentence and geo_sentence[0]:
        ps.geo = geo_sentence[0]
    if metric is not None:
        ps.metric = metric
    if not figs:
        p = next((t.value for t in toks if t.kind == "period" and not t.value.relative and not t.value.plan), None)
        if p is not None and p.year is None:
            p = p.with_year(ds.year)
        if p is not None and (ds.year is None or p.year is None or p.year >= ds.year):
            ps.period = p
    return rows


def _continues(mt, toks, s, fs, pre) -> bool:
    """Does a sentence without a metric cue carry on the previous sentence's metric?"""
    if _OPEN_PAREN.search(pre) or _CONTINUATION.match(mt, s):
        return True
    return any(t.kind in ("place", "period", "comp", "part") and t.start < fs for t in toks)


def _year_of(p: Period | None):
    return p.year if p is not None else None


def _target_ahead(toks, ti, fs) -> bool:
    return any(t.kind == "target" for t in toks[ti:] if t.start < fs)


def _paren_has_figure(figs, pos) -> bool:
    return any(pos < f.start() <= pos + 8 for f in figs)


def _weak(cue: str, metric: str | None, ps: ParaState, ds: DocState) -> str | None:
    """The metric a weak cue ("số doanh nghiệp", "tăng trưởng") names here, or None.

    It names its metric when the sentence, the paragraph or the document's latest figure
    is about the same family; bare "tăng trưởng" names GRDP only where no metric is in force.
    """
    base = cue[:-1]
    fam = cat.FAMILY.get(base, {base})
    context = set(ps.families) | ({metric} if metric else set()) | set(ds.metrics_seen[-1:])
    if fam & context:
        return base
    if base == "grdp" and metric is None:
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
    stop = False
    for t in toks:
        if t.end < fe or t.start < fs or t.start >= limit or (t.end == fe and t.kind != "metric"):
            continue
        gap = mt[fe:t.start] if t.start >= fe else ""
        if not _POST_GAP.fullmatch(gap):
            break
        if t.kind == "metric":
            met, g = t.value
            if met.endswith("+"):
                met = _weak(met, metric, ps, ds)
                if met is None:
                    break
            pm = (met, g)
            break
        if t.kind == "part":
            pp = t.value
            fe = t.end
            continue
        if t.kind == "stop":
            stop = True
            break
        break
    if pp is not None:
        metrics_ok, code = pp
        if pm is not None and pm[0] not in metrics_ok:
            pp = None
        else:
            pp = (metrics_ok, code)
    return pm, pp, stop


def _post_period(toks, ti, fe, mt):
    """A period attached right after the figure: "7,5% của năm 2021", "8% cho cả năm"."""
    for t in toks[ti:]:
        if t.start < fe:
            continue
        if t.kind != "period":
            if t.start > fe + 20:
                break
            continue
        if _ATTACH.fullmatch(mt, fe, t.start):
            p = t.value
            if p.relative == "this_year":
                return Period("year", None)
            return p if not p.relative else None
        break
    return None


def _geos(mt, toks, s, fs, prev_end, geo_sentence, consumed, figs, fi):
    """Places the figure is about: those named in its own stretch of text, else the sentence's."""
    # inside parentheses right after a place: "Bắc Giang (13,85%)", "cả nước (51,38%)"
    before = mt[max(s, fs - 8):fs]
    if _OPEN_PAREN.search(before):
        opened = fs - (len(before) - before.rfind("("))
        for t in reversed(toks):
            if t.kind == "place" and t.end <= opened and mt[t.end:opened].strip() == "":
                return [t.value]
    # places between the previous figure and this one
    seg_start = figs[fi - 1].end() if fi > 0 else s
    local = [t for t in toks if t.kind == "place" and seg_start <= t.start < fs and t.start not in consumed]
    if local:
        if local[-1].value is None:
            return [None]
        if local[-1].value == "Việt Nam" and _RANKING.search(mt, max(s, local[-1].start - 25), local[-1].start):
            local = local[:-1]
    if local:
        last = local[-1]
        names = [last.value]
        # "Đà Nẵng và Khánh Hòa cùng 10%": two places, two rows
        for prev in reversed(local[:-1]):
            if not (prev.value and _AND.fullmatch(mt, prev.end, last.start)):
                break
            names.insert(0, prev.value)
            last = prev
        return names
    if geo_sentence is not None:
        return [geo_sentence[0]]
    return None


def _figure(doc, mt, m, unit, metric, part, pre, post, s, e, fs, fe, toks, ti, prev_fig, ps, ds):
    """Value, measure, qualifier and quote of one figure; None when it is not a row, "abs"
    for an absolute change ("tăng 160 USD"), which is not a row but sets up "tương đương 20%"."""
    style = ds.style
    n1, n2 = m.group("n1"), m.group("n2")
    try:
        v1 = parse_number(n1, style)
        v2 = parse_number(n2, style) if n2 else None
    except ValueError:
        return None
    verb = _VERB.search(pre)
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
    q = _QUAL.search(pre)
    if q:
        qual = cat.QUALIFIERS[int(q.lastgroup[1:])][1]
        if qual == "at_least" and q.group().strip().lower() == "từ" and not (n2 or _AT_LEAST_AFTER.match(post)):
            qual = "exact"
    if _AT_LEAST_AFTER.match(post):
        qual = "at_least"
    if n2:
        qual = "approx" if qual == "approx" else "at_least"
    basis = ""
    comp = next((t for t in toks if t.kind == "comp" and fe <= t.start <= fe + 25
                 and _SPACE_COMMA.fullmatch(mt, fe, t.start)), None)
    if comp is None:  # "So với tháng 7, số doanh nghiệp tăng 23,9%"
        comp = next((t for t in reversed(toks) if t.kind == "comp" and s <= t.start < fs
                     and t.start < fs - 5 and not any(f.start() < fs and f.start() > t.end for f in [m])
                     and _comp_governs(mt, t, fs)), None)
    if comp is not None:
        if comp.value in ("multiple", "time"):
            comp = None
        elif comp.value == "plan":
            comp = None
        else:
            basis = comp.value
    if unit == "pct":
        value = v1
        high = v2
        if vname == "chiem":
            if part is None:
                return None
            measure = "share_pct"
        elif _PLAN_AFTER.match(post):
            measure = "plan_pct"
            if vname == "vuot":
                value, high = 100 + v1, (100 + v2 if v2 is not None else None)
        elif _RATIO_AFTER.match(post) or _SHARE_OF_THINGS.match(post):
            return None
        elif vname == "bang" and basis and pre.rstrip().lower().endswith(("bằng", "đạt")):
            measure = "growth_pct"
            value, high = v1 - 100, (v2 - 100 if v2 is not None else None)
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
        elif vname == "vuot":
            return None
        else:
            measure = None
            if prev_fig and prev_fig[2] == "pct" and prev_fig[0] == metric:
                measure = prev_fig[1]
            elif ps.measure and ps.metric == metric and _OPEN_PAREN.search(pre):
                measure = ps.measure
            if measure is None:
                measure = cat.METRICS[metric][1]
                if part is not None and measure == "growth_pct" and _STRUCTURE.search(post):
                    measure = "share_pct"
        if measure == "share_pct" and part is None:
            return None
        lo, hi = cat.METRICS[metric][2]
        if measure == "growth_pct" and not lo <= value <= hi:
            return None
        ps.measure = measure
        out_unit = "%"
    else:
        if _LEVEL_GROWTH.search(pre) and not _REACHES.search(pre):
            return "abs"
        scale = 1.0
        if m.group("scale"):
            from .numbers import scale_of

            scale = scale_of(m.group("scale"))
        measure = "level"
        value, high, out_unit = _canonical(v1, scale, unit, metric), None, ""
        if v2 is not None:
            high = _canonical(v2, scale, unit, metric)
        out_unit = _canonical_unit(unit, metric)
        if value <= 0:
            return None
    qs = fs
    if verb and pre.endswith(verb.group()) and len(verb.group()) < 40:
        qs = fs - len(verb.group().lstrip())
    elif q:
        qs = fs - len(q.group().lstrip())
    lead = _QUOTE_LEAD.search(mt, max(s, qs - 30), qs)
    if lead:  # "ước đạt", "ước thực hiện", "đã đạt": the figure's own words start there
        qs = lead.start()
    quote_end = fe
    am = _AT_LEAST_AFTER.match(post)
    if am:
        quote_end = fe + am.end()
    elif comp is not None and comp.start >= fe and comp.start - fe < 4:
        quote_end = comp.end
    text = doc.text
    return {
        "doc_id": ds.doc_id, "path": doc.path, "source": doc.source, "url": doc.url, "published": doc.published,
        "sentence": text[s:e], "start": qs, "end": quote_end, "quote": text[qs:quote_end].strip(),
        "metric": metric, "measure": measure, "_basis": basis, "value": _sig(value),
        "value_high": _sig(high) if high is not None else None, "unit": out_unit, "qualifier": qual,
        "part": part or "",
    }


def _comp_governs(mt, t, fs) -> bool:
    """A comparator before the figure governs it when it opens the clause: "So với tháng 7, ..."."""
    between = mt[t.end:fs]
    opening = mt[max(0, t.start - 40):t.start]
    clause_start = not opening.strip() or opening.rstrip()[-1:] in ",;:.(" or opening.endswith("\n")
    return clause_start and "," in between[:3] and ";" not in between and not _PCT.search(between)


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
