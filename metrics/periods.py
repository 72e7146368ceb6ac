"""Periods and comparators: "tháng 1/2026", "quý III", "9 tháng", "so với cùng kỳ".

A :class:`Period` may lack its year ("tháng 5"); the engine settles it from the
sentence, the paragraph, then the document. Comparators ("so với tháng trước")
are found first, so that the years and months inside them are not read as periods.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass, replace

import regex

from .engine.cues import WORD_START, openings

MONTH_WORDS = {"giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
               "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
#: Month counts written as words ("ba tháng đầu năm"); "năm" (five) is left out: it is also "year".
WORD_NUMBERS = {"hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
                "mười một": 11, "mười hai": 12}


@dataclass(frozen=True)
class Period:
    """A period the figures are about. ``n`` is the month (month), quarter (quarter),
    last month (ytd), half (1 or 2); ``day`` the last day of a ytd that ends mid-month."""

    type: str
    year: int | None = None
    n: int = 0
    day: int | None = None
    year2: int | None = None
    #: "plan": stated as the period of plans ("phương hướng, nhiệm vụ năm 2021").
    plan: bool = False
    #: "same": the same period as the one in force, of another year ("cùng kỳ năm 2022").
    relative: str = ""
    #: named as over ("năm ngoái"): its figures are what happened, not plans or estimates.
    past: bool = False

    def with_year(self, year: int | None) -> Period:
        return replace(self, year=year)

    @property
    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """(first day, last day); (None, None) while the year is unknown."""
        y = self.year
        if y is None:
            return None, None
        t = self.type
        if t == "month":
            return dt.date(y, self.n, 1), _month_end(y, self.n)
        if t == "quarter":
            return dt.date(y, 3 * self.n - 2, 1), _month_end(y, 3 * self.n)
        if t == "half":
            return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if self.n == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
        if t == "ytd":
            end = dt.date(y, self.n, self.day) if self.day else _month_end(y, self.n)
            return dt.date(y, 1, 1), end
        if t == "year":
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if t == "multi_year":
            return dt.date(y, 1, 1), dt.date(self.year2 or y, 12, 31)
        return None, None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


_Y = r"(?:\s*[/-]\s*|\s+năm\s+)((?:19|20)\d\d)"  # "/2026", " năm 2026"
#: " năm 2026", "/2026", " năm" (the year left to the context), or nothing.
_YEAR_OPT = r"(?:\s*/\s*((?:19|20)\d\d)|\s+(?:của\s+)?năm(?:\s+((?:19|20)\d\d))?)?"
_NUM = r"(\d{1,2}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
_QTR = r"(I{1,3}|IV|[1-4])"

#: Period expressions: (name, pattern). Matched case-insensitively except roman numerals.
PATTERNS: tuple[tuple[str, str], ...] = (
    ("todate_day", r"(?:tính )?(?:từ đầu năm )?(?:đến|tới) (?:hết )?(?:ngày )?(\d{1,2})\s*[/-]\s*(\d{1,2})"
                   r"(?:\s*[/-]\s*((?:19|20)\d\d))?(?![\d/-])"),
    ("todate_mid", r"(?:tính )?(?:từ đầu năm )?(?:đến|tới) (giữa|cuối|hết) tháng (\d{1,2})" + f"(?:{_Y})?"),
    ("todate_mid", r"(hết) tháng (\d{1,2})" + f"(?:{_Y})?"),  # "ước thực hiện hết tháng 11/2023"
    ("todate_quarter", r"(?:(?:tính )?(?:đến|tới) )?hết quý " + _QTR + f"(?:{_Y})?"),  # "Hết quý III": Jan-Sep
    ("todate_month", r"từ đầu năm (?:đến|tới) (?:nay|tháng (\d{1,2})" + f"(?:{_Y})?)"),
    ("todate_cum", r"(?:lũy|luỹ) kế(?! \d)(?: (?:cả |của )?năm(?: ((?:19|20)\d\d))?)?"),  # to the month in force
    ("multi", r"(?:giai đoạn|thời kỳ|(?:\d|năm) năm)\s*((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)"),
    # "hai năm đầu (2001 – 2002)", "3 năm cuối (2003-2005)"
    ("multi", r"(?:hai|ba|bốn|\d) năm (?:đầu|cuối|qua|gần đây)\s*\(\s*((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\s*\)"),
    # "3 năm đầu", "2 năm còn lại", "hai năm cuối của kế hoạch 2001-2005": the head or tail of a span
    ("span_part", r"(\d|hai|ba|bốn) năm (đầu|cuối|còn lại)(?!\s*(?:tiên|\())(?:\s+(?:của\s+)?(?:kế hoạch|giai đoạn|"
                  r"thời kỳ)\s*((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d))?"),
    ("secondhalf", r"(?:6|sáu) tháng cuối" + _YEAR_OPT),
    ("secondhalf", r"nửa cuối" + _YEAR_OPT),
    ("firsthalf", r"nửa đầu" + _YEAR_OPT),
    ("first_month", r"tháng đầu (?:tiên )?(?:của )?năm(?:\s+((?:19|20)\d\d))?"),
    ("months", _NUM + r" tháng(?: đầu)?" + _YEAR_OPT),
    ("month", r"tháng (\d{1,2})" + f"(?:{_Y})?"),
    ("month_word", r"tháng (?-i:(Giêng|Một|Hai|Ba|Tư|Năm|Sáu|Bảy|Tám|Chín|Mười [Mm]ột|Mười [Hh]ai|Mười|Chạp))"
     + f"(?:{_Y})?"),
    # in lower case only the words that cannot be a count: "trong tháng mười một", "tháng giêng"
    ("month_word", r"tháng (?-i:(giêng|mười một|mười hai|mười|chạp))" + f"(?:{_Y})?"),
    ("quarter", r"quý " + _QTR + f"(?:{_Y})?"),
    ("this_month", r"trong tháng(?! \d)(?!(?-i:\s+\p{Lu}))(?!\s+(?:giêng|mười|chạp)(?!\w))|tháng (?:này|hiện tại)"),
    ("same_year", r"cùng kỳ(?: năm)? ((?:19|20)\d\d)"),
    ("same_prev", r"cùng kỳ năm (?:trước|ngoái)|cùng kỳ(?= (?:chỉ |cũng |đã )?(?:tăng|giảm|đạt|là|ở mức))"),
    ("whole_year", r"cả năm(?: ((?:19|20)\d\d))?"),
    ("this_year", r"năm nay"),
    # "Năm ngoái, cả nước xuất khẩu ...", "mức 19% năm ngoái": the year before the article's; not a comparison
    # ("cao hơn năm ngoái"), a season or a part of it ("cuối năm ngoái"), nor a count ("hai năm trước")
    ("last_year", r"(?<!(?:hơn|như|với|bằng|so|kém|cuối|đầu|giữa|tết|Tết|đông|hè|xuân|thu|kỳ|điểm|những|các|nhiều|"
                  r"mấy|hai|ba|bốn|\d) )năm (?:ngoái|trước)(?! (?:đó|khi|năm|nữa|nay))"),
    ("year", r"năm ((?:19|20)\d\d)(?!\s*[-–]\s*(?:19|20)\d\d)"),
)

#: "so với (số) thực hiện năm 2023", "so với kết quả năm trước".
_DONE = r"(?:(?:số |mức )?(?:ước )?(?:thực hiện|kết quả|mức)(?: của| cùng kỳ)? )?"

#: Comparators: (basis, pattern). Found before periods; their words are not periods.
COMPARATORS: tuple[tuple[str, str], ...] = (
    ("prev_dec", r"so (?:với )?(?:tháng 12|cuối năm) (?:năm )?(?:trước|ngoái)|so (?:với )?tháng 12(?:\s*[/-]\s*|\s+năm\s+)(?:19|20)\d\d"),
    ("yoy", r"so (?:với )?(?:bình quân )?(?:cùng kỳ|cùng thời điểm)(?: (?:của )?năm (?:trước|ngoái)| (?:của )?(?:năm )?"
            r"(?:19|20)\d\d)?"),
    ("yoy", r"so (?:với )?" + _DONE + r"năm (?:trước|ngoái)"),
    ("yoy", r"so (?:với )?" + _DONE + r"(?:năm )?(?:19|20)\d\d"),
    ("yoy", r"so (?:với )?(?:tháng \d{1,2}|quý " + _QTR + r")(?:\s*/\s*(?:19|20)\d\d| năm (?:trước|ngoái|(?:19|20)\d\d))"),
    ("yoy", r"(?<=%\s{0,2})(?:so )?cùng kỳ(?: năm (?:trước|ngoái|(?:19|20)\d\d))?"),
    ("prev_period", r"so (?:với )?(?:tháng|quý|kỳ) (?:trước|liền kề)"),
    ("prev_period", r"so (?:với )?(?:tháng \d{1,2}|quý " + _QTR + r")"),
    ("multiple", r"gấp (?:gần |hơn )?[\d,.]+ lần(?: (?:năm (?:19|20)\d\d|cùng kỳ))?"),
    ("yoy", r"(?:cao hơn|thấp hơn|hơn|bằng) cùng kỳ(?: năm (?:trước|ngoái|(?:19|20)\d\d))?"),
    ("time", r"(?:hồi|vào) tháng \d{1,2}(?:\s*/\s*(?:19|20)\d\d)?(?!\s*(?:năm|đầu|/))"),
    ("plan", r"so (?:với )?(?:kế hoạch|dự toán|mục tiêu)(?: (?:cả )?năm(?: (?:19|20)\d\d)?| được giao)?"),
    # a comparison with a time that is no basis of the contract: "so với thời điểm trước dịch Covid-19"
    ("other", r"so (?:với )?(?:thời điểm |mức |giai đoạn |năm )?(?:trước|trước khi xảy ra) (?:đại )?dịch(?: Covid(?:-19)?)?"),
    # "năm 2005 là năm cuối của kế hoạch 5 năm 2001-2005": what the year is, not a span in force
    ("time", r"năm (?:cuối(?: cùng)?|đầu(?: tiên)?|thứ (?:hai|ba|tư|năm|\d)|bản lề|giữa) (?:của )?(?:kế hoạch|giai đoạn|"
             r"thời kỳ|nhiệm kỳ)(?: (?:\d|năm) năm)?\s*(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d"),
)

#: Words that make the next period a period of plans.
PLAN_PREFIX = regex.compile(r"(?<!(?:Bộ|Sở|Vụ) )(?:phương hướng|nhiệm vụ|kế hoạch|mục tiêu|chỉ tiêu|định hướng)"
                            r"(?! và [Đđ]ầu tư)[^.;]{0,25}$", regex.I)

_PERIOD_RE = regex.compile(
    WORD_START + openings([p for _, p in PATTERNS], regex.I) + r"(?:" + "|".join(f"(?P<{name}{i}>{p})" for i, (name, p) in enumerate(PATTERNS)) + r")(?!\w)",
    regex.I,
)
_COMP_RE = regex.compile(
    WORD_START + openings([p for _, p in COMPARATORS], regex.I) + r"(?:" + "|".join(f"(?P<c{i}>{p})" for i, (_, p) in enumerate(COMPARATORS)) + r")(?!\w)",
    regex.I,
)


#: Years before this are history, not an article's present (Đổi mới, 1986).
FIRST_YEAR = 1986
_YEAR_IN = regex.compile(r"(?:19|20)\d\d")
#: A year read as the one compared with: "so với 38,2% năm 2003", "mức tăng 12,2% của năm 2003".
#: A forecast or plan for a year is not a year compared with: "cao hơn so với mức dự báo 28% cho năm 2005".
_COMPARED_YEAR = regex.compile(r"(?:so (?:với )?(?:(?!dự báo|dự kiến|kế hoạch|mục tiêu|chỉ tiêu)[^,.;:()]){0,30}"
                               r"|\d[ \t]*%[ \t]*(?:của )?)$", regex.I)
#: A year that starts a span up to now ("kể từ năm 1996 đến nay") says nothing of the current year.
_SINCE_YEAR = regex.compile(r"(?:kể )?từ\s+$", regex.I)
_SINCE = regex.compile(r"kể từ\s+$", regex.I)


def comparison_year(text: str, start: int, end: int, is_comparator: bool) -> int | None:
    """The year a comparator phrase or a period at ``text[start:end]`` compares with, if any."""
    m = _YEAR_IN.search(text, start, end)
    if m is None:
        return None
    if (is_comparator or _COMPARED_YEAR.search(text, max(0, start - 40), start)) and int(m.group()) >= FIRST_YEAR:
        return int(m.group())
    return None


def since_year(text: str, start: int) -> bool:
    """Does the period at ``start`` open a span up to now ("từ năm 1996 đến nay")?"""
    return bool(_SINCE_YEAR.search(text, max(0, start - 8), start))


def find_comparators(text: str, start: int = 0, end: int | None = None):
    """Yield (start, end, basis) for each comparator phrase."""
    end = len(text) if end is None else end
    for m in _COMP_RE.finditer(text, start, end):
        yield m.start(), m.end(), COMPARATORS[int(m.lastgroup[1:])][0]


def find_periods(text: str, start: int = 0, end: int | None = None, masked=()):
    """Yield (start, end, Period) for each period expression outside ``masked`` spans."""
    end = len(text) if end is None else end
    masked = sorted(masked)
    starts = [a for a, _ in masked]
    for m in _PERIOD_RE.finditer(text, start, end):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < masked[k][1]:
            continue
        p = _period(m)
        if p is None or _SINCE.search(text, max(start, m.start() - 8), m.start()):
            continue  # "kể từ năm 1996 (đến nay)": where a span starts, not a figure's period
        if PLAN_PREFIX.search(text, max(start, m.start() - 40), m.start()):
            p = replace(p, plan=True)
        yield m.start(), m.end(), p


def span_part(span: Period | None, n: int, head: bool) -> Period | None:
    """The first (``head``) or last ``n`` years of a multi-year ``span``: "3 năm đầu" of 2001-2005 is
    2001-2003; None when ``span`` is no span longer than ``n`` years."""
    if span is None or span.type != "multi_year" or span.year is None or span.year2 is None:
        return None
    if not 0 < n < span.year2 - span.year + 1:
        return None
    if head:
        return Period("multi_year", span.year, 0, None, span.year + n - 1)
    return Period("multi_year", span.year2 - n + 1, 0, None, span.year2)


def _int(s):
    return int(s) if s else None


def _period(m) -> Period | None:
    name = m.lastgroup.rstrip("0123456789")
    i = m.re.groupindex[m.lastgroup]
    g = [m.group(j) if j <= m.re.groups else None for j in range(i + 1, i + 5)]
    if name == "todate_day":
        d, mo, y = int(g[0]), int(g[1]), _int(g[2])
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        last = calendar.monthrange(y or 2004, mo)[1]  # 2004: a leap year, so "29/2" with no year stands
        if d > last:
            return None  # "31/9", "30/2": an impossible date is not a date
        if d == last:
            d = None  # "đến hết ngày 31/1" is the whole month
        return Period("ytd", y, mo, d)
    if name == "todate_month":  # "từ đầu năm đến tháng 11": January to the end of November
        if g[0] is None:  # "từ đầu năm đến nay": to the month in force, else the end is not stated
            return Period("ytd", None, 0, relative="todate_now")
        mo = int(g[0])
        return Period("ytd", _int(g[1]), mo) if 1 <= mo <= 12 else None
    if name == "todate_cum":
        return Period("ytd", _int(g[0]), 0, relative="todate_now")
    if name == "todate_quarter":
        q = ROMAN.get(g[0].upper(), 0)
        return Period("ytd", _int(g[1]), 3 * q) if q else None
    if name == "todate_mid":
        mo = int(g[1])
        if not 1 <= mo <= 12:
            return None
        return Period("ytd", _int(g[2]), mo, 15 if g[0].lower() == "giữa" else None)
    if name == "multi":
        return Period("multi_year", int(g[0]), 0, None, int(g[1]))
    if name == "span_part":
        n = WORD_NUMBERS.get(g[0].lower()) or int(g[0])
        head = g[1].lower() == "đầu"
        if g[2] is None:  # settled by the span in force
            return Period("multi_year", None, n, relative="span_head" if head else "span_tail")
        return span_part(Period("multi_year", int(g[2]), 0, None, int(g[3])), n, head)
    if name == "secondhalf":
        return Period("half", _int(g[0] or g[1]), 2)
    if name == "firsthalf":
        return Period("half", _int(g[0] or g[1]), 1)
    if name == "first_month":
        return Period("month", _int(g[0]), 1)
    if name == "months":
        k = g[0].lower()
        n = WORD_NUMBERS.get(k) or (int(k) if k.isdigit() else 0)
        if not 2 <= n <= 12:
            return None
        y = _int(g[1] or g[2])
        if n == 6:
            return Period("half", y, 1)
        if n == 12:
            return Period("year", y)
        return Period("ytd", y, n)
    if name == "month_word":  # "tháng Mười": the statistics office's style
        return Period("month", _int(g[1]), MONTH_WORDS[g[0].lower()])
    if name == "month":
        mo = int(g[0])
        return Period("month", _int(g[1]), mo) if 1 <= mo <= 12 else None
    if name == "quarter":
        q = ROMAN.get(g[0].upper())
        if q is None or not g[0].isupper() and not g[0].isdigit():
            return None
        return Period("quarter", _int(g[1]), q)
    if name == "this_month":
        return Period("month", None, 0, relative="this_month")
    if name == "same_year":
        return Period("", int(g[0]), relative="same")
    if name == "same_prev":
        return Period("", None, relative="same_prev")
    if name == "whole_year":
        return Period("year", _int(g[0]), relative="" if g[0] else "this_year")
    if name == "last_year":
        return Period("year", None, relative="last_year")
    if name == "this_year":
        return Period("year", None, relative="this_year")
    if name == "year":
        return Period("year", int(g[0]))
    return None
