"""Dates: the dateline in an article's header, dates stated in its body, and the
publication date that follows from them (contract, section "Dates").

Order: a full-date dateline in the header; else the latest full date in the body
outside excluded spans. A bare "Sáng 28/11" counts when the body settles its year
(:func:`reference_year`). Relative datelines ("3 giờ trước") give no date.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

#: Lines at the top of a text searched for a dateline (menu-like lines of one or two
#: words without digits do not count), within the first HEADER_CHARS characters.
HEADER_LINES = 12
HEADER_CHARS = 20_000
#: Year mentions weighed to settle the year of a bare date (enough for any article).
MAX_YEAR_MENTIONS = 5_000

#: Words that, just before a year, say the text plans for it rather than reports it.
PLAN_CUES = ("phương hướng", "kế hoạch", "dự toán", "mục tiêu", "chỉ tiêu", "phấn đấu", "dự kiến",
             "chủ đề", "định hướng", "tầm nhìn", "đến năm", "kịch bản", "dự báo")
#: Words that, just before a year, say the text reports on it.
RESULT_CUES = ("kết quả", "tổng kết", "tình hình", "thực hiện", "ước", "đạt", "so với", "tháng", "quý",
               "đầu năm", "cả năm", "năm qua")
#: A full date right after one of these is a deadline or a start, not a date of the news.
DEADLINE_CUES = ("trước ngày", "chậm nhất", "hạn chót", "có hiệu lực", "kể từ ngày", "dự kiến")

_YEAR = r"(?:19|20)\d{2}"
_DMY = rf"(?<![\d/-])(?P<d>\d{{1,2}})\s?(?P<s>[/-])\s?(?P<m>\d{{1,2}})\s?(?P=s)\s?(?P<y>{_YEAR})(?![\d/])"
_ISO = rf"(?<![\d/-])(?P<y>{_YEAR})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?![\d-])"
_WORDS = rf"[Nn]gày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})\s*(?:năm|,)\s*(?P<y>{_YEAR})\b"
#: Full dates: 30/01/2026, 6-1-2026, 2025-12-29, "ngày 6 tháng 10 năm 2021". Scanned one
#: form at a time (much faster on long texts than one alternation).
DATE_FORMS = tuple(regex.compile(p) for p in (_DMY, _ISO, _WORDS))
FULL_DATE = regex.compile(rf"{_DMY}|{_ISO}|{_WORDS}", regex.V0)
#: "Sáng 28/11", "ngày 30/11", "Chiều 23-2": a day and month after a word for a time of day.
BARE_DATE = regex.compile(r"\b(?:ngày|sáng|chiều|trưa|tối|đêm|hôm|rạng sáng)(?:\s+nay)?\s*\(?\s*"
                          r"(\d{1,2})\s?[/-]\s?(\d{1,2})(?![\d/-]|\s?[/-]\s?\d)", regex.I)
_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH))?(?:\s*\(?(?:GMT|UTC)\s*\+\s*0?7(?::00)?\)?)?"
_PARTIAL = rf"(?P<py>{_YEAR})-(?P<pm>\d{{1,2}})(?![\d-])"
#: A header line that states when the article appeared: optional label words ("Tin tức",
#: "Cập nhật:", "Thứ Năm,", "Đăng lúc 14:30 ngày"), a date, an optional time, then the end
#: of the line or a byline ("(VTC News) -").
DATELINE = regex.compile(
    rf"^[ \t(]*(?:(?:\p{{L}}+|{_TIME}|\d|[|•·–-])[,:]?[ \t]+){{0,6}}?"
    rf"(?:{_DMY}|{_ISO}|{_WORDS}|{_PARTIAL})"
    rf"(?:[ \t]*(?:[-|,–][ \t]*|lúc[ \t]+)?{_TIME})?[ \t)]*(?:Bài gốc[ \t]*)?"
    rf"(?:\((?P<outlet>[^()\n\d]{{2,40}})\)[ \t]*)?(?:[-–—|][ \t]*(?P<rest>.*))?$",
    regex.I | regex.M | regex.V0)
#: A labelled dateline that runs straight into the text: "date 2025-01 Chỉ số giá ...", "date 2024-09-05 Theo ...".
LABELLED = regex.compile(rf"^[ \t]*date[ \t]+(?:{_ISO}|{_PARTIAL})(?:[ \t]+(?P<rest>\S.*))?$", regex.I | regex.M | regex.V0)
RELATIVE = regex.compile(r"\b\d+\s*(?:giây|phút|giờ|ngày|tuần|tháng)\s*trước|\bvừa\s+xong\b", regex.I)
_YEAR_MENTION = regex.compile(rf"(?:\bnăm\s+|(?<=\d)/|\b[IV]+/)(?P<y>{_YEAR})(?![\d/-])", regex.I)
_PLAN = regex.compile("|".join(PLAN_CUES), regex.I)
_CUE = regex.compile("|".join(PLAN_CUES + RESULT_CUES), regex.I)
_DEADLINE = regex.compile(rf"(?:{'|'.join(DEADLINE_CUES)})\s*$", regex.I)


@dataclass
class Dateline:
    """A dateline found in the header: a full ``date`` or only ``year``/``month``."""

    start: int
    end: int
    date: dt.date | None = None
    year: int | None = None
    month: int | None = None
    outlet: str = ""
    relative: bool = False


def make_date(y, m, d) -> dt.date | None:
    """``date(y, m, d)`` from strings or ints, or None if that day does not exist."""
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def parse_date(value) -> dt.date | None:
    """A metadata value (date, datetime, "2023-10-16", "2023-10-16T08:00+07:00",
    "16/10/2023") as a date, else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    m = FULL_DATE.search(value.strip()[:40])
    return make_date(m["y"], m["m"], m["d"]) if m else None


class Spans:
    """Sorted, merged (start, end) spans with O(log n) membership."""

    def __init__(self, spans: Sequence[tuple[int, int]] = ()):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            elif b > a:
                merged.append([a, b])
        self.spans = [(a, b) for a, b in merged]
        self._starts = [a for a, _ in self.spans]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def end_of(self, pos: int) -> int:
        """``pos``, or the end of the span covering it."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.spans[i][1] if i >= 0 and pos < self.spans[i][1] else pos

    def gaps(self, length: int) -> Iterator[tuple[int, int]]:
        """The spans of ``range(length)`` not covered."""
        pos = 0
        for a, b in self.spans:
            if a > pos:
                yield pos, min(a, length)
            pos = max(pos, b)
        if pos < length:
            yield pos, length


def header_lines(text: str, excluded: Sequence[tuple[int, int]] = (), limit: int = HEADER_LINES):
    """(offset, line) of the non-blank lines outside ``excluded`` at the top of ``text``."""
    skip = excluded if isinstance(excluded, Spans) else Spans(excluded)
    pos, stop = 0, min(len(text), HEADER_CHARS)
    while limit > 0 and pos < stop:
        pos = skip.end_of(pos)
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:min(end, pos + 500)]
        if line.strip() and pos < stop:
            if len(line.split()) >= 3 or any(c.isdigit() for c in line):
                limit -= 1
            yield pos, line
        pos = end + 1


def find_dateline(text: str, excluded: Sequence[tuple[int, int]] = ()) -> Dateline | None:
    """The first dateline among the header lines outside ``excluded``; a relative one
    ("2 ngày trước") is returned with ``relative=True`` if no dated one follows."""
    relative = None
    for pos, line in header_lines(text, excluded):
        m = DATELINE.match(line) or LABELLED.match(line)
        if m:
            return _dateline(m, pos)
        if relative is None and len(line) < 80 and RELATIVE.search(line):
            relative = Dateline(pos, pos + len(line), relative=True)
    return relative


def _dateline(m, offset: int) -> Dateline:
    outlet = (m.groupdict().get("outlet") or "").strip()
    end = offset + (m.start("rest") if m["rest"] else m.end())
    if m["py"]:
        return Dateline(offset + m.start(), end, year=int(m["py"]), month=int(m["pm"]), outlet=outlet)
    date = make_date(m["y"], m["m"], m["d"])
    return Dateline(offset + m.start(), end, date=date, year=date and date.year, month=date and date.month,
                    outlet=outlet)


def year_mentions(text: str, excluded: Sequence[tuple[int, int]] = ()) -> tuple[set[int], set[int]]:
    """(reported, planned): the years the text names outside ``excluded``, split by the
    nearest cue before each ("kết quả năm 2020" vs "phương hướng năm 2021")."""
    skip = excluded if isinstance(excluded, Spans) else Spans(excluded)
    reported, planned = set(), set()
    seen = 0
    for a, b in skip.gaps(len(text)):
        for m in _YEAR_MENTION.finditer(text, a, b):
            window = text[max(a, m.start() - 80):m.start()]
            cut = max(window.rfind(". "), window.rfind("; "), window.rfind("\n"), window.rfind("? "))
            cues = list(_CUE.finditer(window[cut + 1:]))  # the nearest cue in the same sentence
            is_plan = bool(cues) and bool(_PLAN.fullmatch(cues[-1].group()))
            (planned if is_plan else reported).add(int(m["y"]))
            seen += 1
            if seen >= MAX_YEAR_MENTIONS:
                return reported, planned
    return reported, planned


def reference_year(text: str, excluded: Sequence[tuple[int, int]] = ()) -> int | None:
    """The year the body reports on: the latest year it names outside a plan; else the
    year before its earliest planned year; None when it names no year."""
    return _settled_year(*year_mentions(text, excluded))


def _settled_year(reported: set[int], planned: set[int]) -> int | None:
    if reported:
        return max(reported)
    return min(planned) - 1 if planned else None


def body_dates(text: str, excluded: Sequence[tuple[int, int]] = (), year: int | None = None,
               planned: set[int] | None = None) -> list[dt.date]:
    """Full dates stated outside ``excluded`` (not deadlines), plus bare day/month dates
    in ``year`` when given (in ``year + 1`` for January-February when that year is planned)."""
    skip = excluded if isinstance(excluded, Spans) else Spans(excluded)
    found: set[tuple] = set()
    for a, b in skip.gaps(len(text)):
        for form in DATE_FORMS:
            for m in form.finditer(text, a, b):
                if not _DEADLINE.search(text, max(a, m.start() - 20), m.start()):
                    found.add((m["y"], m["m"], m["d"]))
        if year:
            for d, m in set(BARE_DATE.findall(text, a, b)):
                y = year + 1 if planned and int(m) <= 2 and year + 1 in planned else year
                found.add((y, m, d))
    return sorted(d for d in map(lambda ymd: make_date(*ymd), found) if d)


def publication_date(text: str, excluded: Sequence[tuple[int, int]] = (),
                     dateline: Dateline | None = None) -> dt.date | None:
    """The date from the dateline, else the latest date in the body (contract order)."""
    skip = excluded if isinstance(excluded, Spans) else Spans(excluded)
    if dateline is None:
        dateline = find_dateline(text, skip)
    if dateline and dateline.date:
        return dateline.date
    year = dateline.year if dateline and dateline.year else None
    planned: set[int] = set()
    if year is None and BARE_DATE.search(text):
        reported, planned = year_mentions(text, skip)
        year = _settled_year(reported, planned)
    dates = body_dates(text, skip, year, planned)
    return max(dates) if dates else None
