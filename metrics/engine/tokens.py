"""The words of a sentence that matter, found once: metric and part cues, places,
periods, comparators and status words, plus the phrase patterns the resolver checks
around each figure. Patterns come from the tables in :mod:`metrics.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import catalogue as cat
from ..numbers import SCALES
from ..periods import find_comparators, find_periods
from ..places import find_places
from .cues import WORD_START, CueMatcher, openings

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
    rf"{WORD_START}(?<![.,/-])(?P<n1>{_NUM})(?:\s*(?P<p1>%))?"
    rf"(?:\s*(?:-|–|đến|tới)\s*(?P<n2>{_NUM})(?:\s*(?P<p2>%))?)?"
    rf"(?:\s*(?P<scale>{_SCALE})(?!\w))?"
    rf"(?:\s*(?P<unit>{_UNIT})(?!\w))?"
    rf"(?P<per>\s*/\s*(?:người|năm))?"
    # no percent sign and no unit: not a figure, unless the next number's unit is shared ("19,8 và 25 tỷ USD")
    rf"(?(p1)|(?(p2)|(?(unit)|(?=\s+và\s+{_NUM}\s*(?:(?P<sscale>{_SCALE})\s*)?(?P<sunit>{_UNIT})(?!\w)))))",
    _I,
)

#: All cues in one alternation, most specific (longest pattern) first, so that at any
#: position "lượng khách quốc tế" (a part) wins over "lượng khách" (the metric).
_CUE_LIST = sorted([("m", i, p) for i, (p, _) in enumerate(cat.METRIC_CUES)]
                   + [("p", i, p) for i, (p, _, _) in enumerate(cat.PART_CUES)]
                   + [("s", i, p) for i, p in enumerate(cat.STOP_CUES)]
                   + [("n", i, p) for i, p in enumerate(cat.NEUTRAL_CUES)], key=lambda k: -len(k[2]))
_CUES = CueMatcher([((k, i), p) for k, i, p in _CUE_LIST])
_ESTIMATE = regex.compile(WORD_START + r"(?:" + "|".join(cat.ESTIMATE_WORDS) + r")(?!\w)", _I)
_FORECAST = regex.compile(WORD_START + r"(?:" + "|".join(cat.FORECAST_WORDS) + r")(?!\w)", _I)
_TARGET = regex.compile(WORD_START + openings(cat.TARGET_WORDS, _I) + r"(?:" + "|".join(cat.TARGET_WORDS) + r")(?!\w)", _I)
VERB = regex.compile(r"(?:" + _alt([p for p, _ in cat.GROWTH_VERBS], "g")
                      + r"|(?P<bang>bằng|đạt|tương đương|tương ứng)|(?P<vuot>vượt)|(?P<chiem>chiếm(?: tỷ trọng)?))"
                      r"(?:\s+(?:tới|đến|lên|là|được|khoảng|gần|hơn|trên|dưới|chỉ|mức|ở mức|xấp xỉ|tối thiểu|"
                      r"ít nhất|từ|thêm|với|mạnh nhất|nhiều nhất|nhất|mạnh|nhẹ|cao nhất|thấp nhất))*\s*$", _I)
QUAL = regex.compile(WORD_START + r"(?:" + _alt([p for p, _ in cat.QUALIFIERS], "q") + r")\s*$", _I)
PLAN_AFTER = regex.compile(r"^\s*" + cat.PLAN_WORDS + r"(?!\w)", _I)
AT_LEAST_AFTER = regex.compile(r"^\s*trở lên", _I)
RATIO_AFTER = regex.compile(r"^\s*(?:(?:so với )?(?:kết quả|mức|con số)(?: của)? (?:năm|cùng kỳ)|của năm (?:19|20)\d\d)", _I)
#: A comparison with a whole year: the figure before it is a year's ("tăng 25% so với năm ngoái").
YEAR_COMPARED = regex.compile(r"[^.;()]{0,30}?so (?:với )?(?:cả )?năm (?:trước|ngoái|((?:19|20)\d\d))", _I)
#: After a metric's head, words that make it a figure per person: "mức bán lẻ bình quân đầu người".
PER_HEAD = regex.compile(r"\s*(?:hàng hóa\s+)?(?:bình quân|tính theo|trên|theo)\s+(?:mỗi\s+)?đầu người", _I)
#: A count of places as a clause's subject: "4 tỉnh, thành phố có ...", "có 10 địa phương đạt ...". Its figure is
#: a threshold they pass, not a figure of any one place.
PLACE_COUNT = regex.compile(WORD_START + r"(?<![.,])(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(?:tỉnh|địa phương|thành phố|"
                            r"tỉnh thành|tỉnh,\s*thành(?: phố)?|tỉnh/thành(?: phố)?)(?!\w)"
                            r"(?:\s+(?:(?:trên|trong)?\s*cả nước\s+)?|[^.;:,]{0,60}?\s)"
                            r"(?:có|đạt|thu về|thu|ghi nhận|sở hữu|được kỳ vọng)(?!\w)", _I)
#: Wholes that are not metrics but whose parts are: "Tổng kim ngạch xuất, nhập khẩu ... Trong đó, xuất khẩu ...".
WHOLE_OF_OURS = regex.compile(r"xuất,? nhập khẩu|vốn đầu tư(?: phát triển)? toàn xã hội", _I)
#: A quantity in physical units: the trade it goes with is a product's ("398 ngàn tấn, đạt kim ngạch 1,58 tỷ USD").
PHYSICAL = regex.compile(r"(?<![\w.,])\d[\d.,]*\s*(?:ngàn |nghìn |triệu )?(?:tấn|m3|lít|kg|thùng|chiếc|bao|kiện|"
                         r"bộ|đôi|con)(?!\w)", _I)
#: Trade between two countries: its parts ("trong đó VN xuất khẩu ...") are the partner's trade, not ours.
BILATERAL = regex.compile(r"hai chiều|song phương|buôn bán|trao đổi thương mại|kim ngạch thương mại", _I)
#: Words that open a subset of what was just named: "..., trong đó VN xuất khẩu ...".
SUBSET = regex.compile(WORD_START + r"(?:trong đó|trong số đó|bao gồm|gồm)(?!\w)", _I)
#: Between a comparator and its figure, only the verb: "so với cùng kỳ năm trước tăng 6%".
VERB_NEXT = regex.compile(r"\s*(?:thì\s+)?(?:ước\s+(?:tính\s+)?)?(?:tăng|giảm|bằng|đạt)(?:\s+(?:khoảng|gần|hơn|trên))?\s*$",
                          _I)
#: A multiple, which says nothing of which year its figure is: "tăng gấp đôi so với năm 1999", "1,3 lần".
MULTIPLE = regex.compile(WORD_START + r"(?:gấp|lần)(?!\w)", _I)
#: Between two parts of one metric, words that add them up: "vốn cấp mới và vốn đăng ký tăng thêm".
SUM_OF_PARTS = regex.compile(r"[^\d;:.]{0,60}?\s(?:và|cộng với|cùng)\s[^\d;:.]{0,20}?", _I)
#: What may follow a level's unit directly: punctuation, a filler, a known phrase; a noun there
#: is the figure's object ("852.000 USD tinh dầu"), and the figure is not the metric's.
CLAUSE_END = regex.compile(r"[,;.:()\[\]\n]")
FIRST_WORD = regex.compile(r"\s+(\p{L}+)", _I)
#: A word of change before a bare percentage: it is a growth only then ("tăng", "tốc độ", "mức tăng").
GROWTH_WORD = regex.compile(WORD_START + r"(?:tăng|giảm|tốc độ|mức tăng|nhịp|lạm phát|CPI|chỉ số giá|đạt)(?!\w)", _I)
#: Before a level that follows a growth: the change in money, not a level ("tương ứng với giá trị 3,95 tỷ USD").
CORRESPONDING = regex.compile(r"(?:tương ứng|tương đương)(?: với)?(?: giá trị| mức| số tiền)?(?: khoảng| gần| hơn)?\s*$", _I)
#: A percentage in parentheses after "so với": the value compared with, of a period not stated.
COMPARED_VALUE = regex.compile(r"\(\s*so (?:với )?(?:mức )?\s*$", _I)
#: A sentence that opens on a part of the period ("Chỉ riêng tháng 12, ..."): its period stays its own.
ASIDE = regex.compile(r"\s*(?:chỉ )?riêng[^,.;()]{0,30}?(?:tháng|quý) ", _I)
#: Before an earlier year's figure, words that make it a look back, not the paragraph's period: "cao gấp đôi
#: năm 2019, khi tỉnh thu được ...", "so với năm 2003 (đạt ...)".
LOOK_BACK = regex.compile(WORD_START + r"(?:gấp|so với|so cùng kỳ|hơn|kém|bằng|như|khi)(?!\w)", _I)
#: After a place that opens a paragraph, a dateline: "Hà Nội, 06/10/2024 -", "TP.HCM (VTV) -". The place is
#: where the story was filed, not what it is about.
DATELINE = regex.compile(r"\s*(?:,\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*)?(?:\([^()]{1,20}\)\s*)?[-–—]")
#: A plan named in the sentence: "vượt 50%" after its level and the plan's is the share of the plan passed.
PLAN_NAMED = regex.compile(WORD_START + r"(?:dự toán|kế hoạch|chỉ tiêu)(?!\w)", _I)
#: "vượt (mức) kế hoạch 11%": the plan named before the percentage.
PLAN_BEFORE = regex.compile(r"vượt (?:mức )?(?:kế hoạch|dự toán|chỉ tiêu)(?: (?:đề ra|được giao|năm))?\s*$", _I)
#: "giảm từ 21,8% xuống còn 20,4%": two levels of a rate, not a change.
FROM_TO = regex.compile(r"(?:tăng|giảm|thay đổi)\s+từ\s*$", _I)
TO_AFTER = regex.compile(r"\s*(?:xuống|lên)(?: còn| mức| tới)?\s*\d", _I)
TO_BEFORE = regex.compile(r"(?:tăng|giảm) từ\s*\d[\d.,]*\s*%\s*(?:xuống|lên)(?: còn| mức| tới)?\s*$", _I)
#: An absolute change before a level ("tăng 160 USD", "cao hơn cùng kỳ năm 2022 là 443,9 tỷ đồng").
LEVEL_GROWTH = regex.compile(WORD_START + r"(?:tăng|giảm|cao hơn|thấp hơn|nhiều hơn|ít hơn)(?: thêm)?(?:[^,;(%]*?\slà)?"
                              r"(?:\s+(?:gần|hơn|khoảng|trên))?\s*$", _I)
_NOT_MARKER = regex.compile(r"(?:\d\s*%\s*(?:so\s+(?:với\s+)?)?|(?:đạt|vượt|hoàn thành|bằng|so với|so|thuộc|tương ứng|của)"
                            r"\s+(?:mức\s+)?)$", _I)
_PCT_OF = regex.compile(r"\d\s*%\s*(?:so\s+(?:với\s+)?)?$", _I)
_PLAN_PAREN = regex.compile(r"(?:\s+(?:đề ra|được giao|giao|năm \d{4}))*\s*\(", _I)
RANKING = regex.compile(r"(?:thứ \w+|nhất|dẫn đầu|đứng đầu|top \d+|so với|hơn|mức chung(?: của)?|chung(?: của)?|"
                         r"bình quân(?: chung)?(?: của)?|%[^.;,]{0,25}?của|(?:thứ|đứng|xếp) [\d/]+\s*(?:tỉnh|địa phương)[^.;]{0,15}?"
                         r"(?:trong|của|trên|toàn)?)\s*$", _I)
#: Places not named: "các địa phương tăng 10%" is no one place's figure; but "TP HCM là một trong những địa
#: phương có ... cao nhất, với 44 triệu lượt khách" names the class of the place before it.
_NONSPECIFIC = regex.compile(WORD_START + r"(?<!một trong (?:số )?)(?:nhiều|các|một số|những|mọi) "
                             r"(?:địa phương|tỉnh|thành phố)(?!\w)", _I)
_AGENCY = regex.compile(WORD_START + r"(?:Bộ|Sở|Vụ|Cục|Ủy ban|Ban|Phòng)\s+$")
_COUNTED = regex.compile(r"(?:(?<![\d.,])\d[\d.]*\s+(?:lượt\s+)?|(?<!\w)(?:các|những|tổng số)\s+)$")
_ESTIMATE_NOT = regex.compile(r"\s*(?:mơ|muốn|nguyện)", _I)

_SHARE_OF = r"\d\s*%\s*(?:của |trong |trên )?(?:tổng )?"  # "22% (của) (tổng) ..."
#: A share's whole up to a place: "chiếm 13,4% tổng vốn đăng ký trên cả nước" (the nation is the whole's, not the figure's).
RATIO_OF = regex.compile(_SHARE_OF + r"[^\d,;.()]{0,50}$", _I)
#: A sentence that opens on "với ...": the figures there describe the subject named after the phrase's comma.
WITH_LEAD = regex.compile(r"\s*(?:[^,.;]{0,30},\s*)?với\s", _I)
#: "về" before what a figure measures: "tăng 1,3% về số dự án".
ABOUT = regex.compile(WORD_START + r"về(?!\w)", _I)
POST_GAP = regex.compile(r"\s*(?:về|của|thuộc|là|từ)?\s*(?:tổng )?(?:số lượng|số)?\s*", _I)
ATTACH = regex.compile(r"\s*(?:(?:của|cho|trong)\s+)?", _I)
OPEN_PAREN = regex.compile(r"\(\s*$")
#: Inside a parenthesis that is still open: "(tăng 27,5% ...".
IN_PAREN = regex.compile(r"\([^()]*$")
AND = regex.compile(r"\s*(?:và|,)\s*", _I)
SPACE_COMMA = regex.compile(r"[\s,]*")
RESPECTIVELY = regex.compile(WORD_START + r"(?:lần lượt|tương ứng là)(?!\w)", _I)
#: Words between a figure and its comparator that still belong to it: "về số doanh nghiệp".
OWN_WORDS = regex.compile(r"\s*về (?:số |số lượng |tổng )?[^\d,;.%()]{1,40}?\s*", _I)
STRUCTURE = regex.compile(r"cơ cấu|t[ỷỉ] trọng|tỷ trong(?= c)", _I)  # "tỷ trong của": a common misprint
REACHES = regex.compile(r"(?:đạt|ở mức|lên)\s*(?:\S+\s*)?$", _I)
PCT = regex.compile(r"\d\s*%")
CLAUSE_BREAK = regex.compile(r"[,;:()]")
#: A total since the start (of the programme, of records) rather than a period's flow: "Đến nay, tỉnh có 465 dự án
#: FDI với tổng vốn 33 tỷ USD", "Kể từ năm 1993, ... cấp phép cho 5,9 tỷ USD", "các dự án còn hiệu lực".
STOCK = regex.compile(WORD_START + r"(?:đến nay|tới nay|lũy kế đến|luỹ kế đến|kể từ năm|kể từ khi|còn hiệu lực)(?!\w)", _I)
SINCE_JANUARY = regex.compile(WORD_START + r"(?:từ đầu năm|(?:\d{1,2}|mấy) tháng)(?!\w)", _I)
#: A word that opens a clause of consequence, whose subject is the metric right after it: "do giá gạo tăng
#: nên kim ngạch xuất khẩu tăng 20%", "các mặt hàng chủ lực tăng mạnh, giúp tổng kim ngạch xuất khẩu vượt ...".
CONSEQUENCE = regex.compile(WORD_START + r"(?:nên|vì thế|vì vậy|do đó|nhờ đó|giúp(?: cho)?|đưa)(?!\w)", _I)
#: ... after a clause of cause: "do giá gạo tăng", "nhờ giá dầu cao".
CAUSE = regex.compile(WORD_START + r"(?:do|vì|nhờ|bởi)(?!\w)", _I)
#: Words before a metric that make it the denominator of a ratio: "so với GDP", "22% GDP".
DENOMINATOR = regex.compile(r"(?:so (?:với )?|" + _SHARE_OF + r")$", _I)
#: A metric after a causative: the impact of a scenario ("làm GDP giảm 0,3%"), not the metric's figure.
IMPACT = regex.compile(WORD_START + r"(?:(?:làm|khiến)(?: cho)?(?: chậm| giảm| tăng)?(?:\s+[^\s,.;]+){0,4}|từ đó)\s*$", _I)
#: After a percentage, a metric that is still the figure's own: "tăng 12% về vốn đăng ký".
PCT_OF_OWN = regex.compile(r"\s*về\s", _I)
#: "100% xã, phường", "95% hồ sơ": a share of things counted, not a figure of the catalogue.
SHARE_OF_THINGS = regex.compile(r"\s*(?:số |các |tổng số )?(?:vốn (?:trong nước|nước ngoài|nhà nước)|xã|phường|hộ|học sinh|cơ quan|đơn vị|trường|thủ tục|"
                                 r"hồ sơ|người|dân|nhiệm vụ|dự án|công trình|thôn|tổ dân phố|cán bộ|đảng viên)(?!\w)", _I)
CONTINUATION = regex.compile(r"\s*(?:cụ thể|trong đó|riêng|tính chung|lũy kế|luỹ kế|cộng dồn|so với|cùng kỳ|còn|"
                              r"bên cạnh đó|ngoài ra|tiếp (?:đến|theo) là|sau đó là|con số này|mức này)", _I)
#: Words of a clause that states something of its own; a sentence with none ("Vùng X: Bắc Giang: 13,6%.") only
#: lists on.
ACTION = regex.compile(WORD_START + r"(?:tăng|giảm|đạt|ước|thực hiện|là|chiếm|vượt|có|đón|thu)(?!\w)", _I)
#: A ceiling set by a rule, not an amount anyone reached: "được cấp giấy phép đầu tư nước ngoài đến 40 triệu USD".
#: ("sẽ không quá 0,5%" is a forecast, less than.)
LIMIT = regex.compile(r"(?:được|có quyền) (?:cấp (?:giấy )?phép|phê duyệt|quyết định)[^.;\d]{0,50}?(?:đến|tới)\s*$", _I)
#: A value in parentheses right after a comparison is the compared period's: "vượt nhiều lần so với cùng kỳ năm
#: 2023 (35,4 triệu USD)".
COMPARED_PAREN = regex.compile(r"so (?:với )?(?P<what>cùng kỳ|năm)(?: (?:của )?(?:năm )?(?P<y>(?:19|20)\d\d|trước|ngoái))?"
                               r"\s*\(\s*$", _I)
#: A target word that names the year's plan ("chỉ tiêu thu ngân sách"), as "dự kiến" does not.
YEAR_PLAN = regex.compile(r"(?:" + cat.YEAR_PLAN_WORDS + r")(?!\w)", _I)
#: A count of projects or deals: a percentage in parentheses after it is the count's growth, not the capital's.
COUNTED = regex.compile(r"(?<![\d.,])\d[\d.,]*\s+(?:dự án|giao dịch|lượt góp vốn)(?!\w)", _I)
#: Words that turn from what was planned to what is: the target in force stops there.
CONTRAST = regex.compile(WORD_START + r"(?:mà thay vì đó|thay vào đó|thay vì đó|trên thực tế|thực tế là|"
                         r"(?:nhưng|song) (?:(?:số|kết quả) )?thực hiện)(?!\w)", _I)
#: Words that state a rate's level, not a change: "đứng ở mức 5%", "nằm trong khoảng 5-6%".
RATE_LEVEL = regex.compile(WORD_START + r"(?:ở mức|đứng ở|nằm trong khoảng|dao động)(?!\w)", _I)
#: A metric head that is a rate: a growth after it is the rate's change in points ("tỷ lệ giải ngân ... tăng 3,3%").
RATE_HEAD = regex.compile(r"(?:tỷ|tỉ) lệ(?!\w)", _I)
#: Between two metrics named together ("xuất khẩu và nhập khẩu", "vốn thực hiện và vốn đăng ký").
PAIR_GAP = regex.compile(r"\s*(?:,|và)\s*(?:kim ngạch\s+)?", _I)
#: Between two figures named together: "405 tỷ USD và 380 tỷ USD".
AND_GAP = regex.compile(r"\s*(?:,|và|,\s*và)\s*", _I)
#: Between the figures of a list paired "lần lượt": "là: 17,5 tỷ USD; 14,4 tỷ USD và 13,4 tỷ USD".
LIST_GAP = regex.compile(r"[\s;,:]*(?:và\s*)?", _I)
#: "Cụ thể, ...": the sentence spells out the one before, status included.
SPECIFICALLY = regex.compile(r"\s*cụ thể\s*[,:]", _I)
QUOTE_LEAD = regex.compile(WORD_START + r"(?:ước(?: tính| thực hiện)?|thực hiện|dự kiến|đã|thu được|đón)(?: đạt)?\s+$", _I)

#: Tone marks written on the other vowel ("hoà", "thuỷ"): rewritten to one form, same length.
_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
          "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONES.update({k.capitalize(): v.capitalize() for k, v in list(_TONES.items())})
#: Any vowel of the keys then any tone of theirs, a pair that is no key left as it is: `regex` scans for one class
#: three times faster than for thirty pairs.
_TONE_RE = regex.compile("[" + "".join(sorted({k[0] for k in _TONES})) + r"](?<![qQ].)["
                         + "".join(sorted({k[1] for k in _TONES})) + r"](?!\w)")


#: After "q", "u" is part of the consonant: the tone sits on "y" ("Qúy I" written for "Quý I").
_QU = {"úy": "uý", "ùy": "uỳ", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}
_QU_RE = regex.compile(r"(?<=[qQ])(?:" + "|".join(_QU) + r")(?!\w)")


def match_text(text: str) -> str:
    """``text`` with old-style tone placement rewritten ("Thanh Hoá" -> "Thanh Hóa", "Qúy" -> "Quý"); same length."""
    text = _TONE_RE.sub(lambda m: _TONES.get(m.group(), m.group()), text)
    return _QU_RE.sub(lambda m: _QU[m.group()], text) if "q" in text or "Q" in text else text


def lower(text: str) -> str:
    """``text.lower()`` with the same length (a letter whose lower case is longer stays as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


#: The base year of constant prices is not a period: "theo giá so sánh năm 2010", "giá so sánh 2010".
BASE_YEAR = regex.compile(r"giá so sánh(?: năm)? (?:19|20)\d\d", _I)


@dataclass
class Tok:
    start: int
    end: int
    kind: str  # metric, part, stop, place, period, comp, est, target, paren
    value: object = None


def tokens(mt: str, low: str, s: int, e: int, cues=None) -> list[Tok]:
    """The tokens of ``mt[s:e]``, in order; ``cues`` are the cue matches of that span if already found."""
    toks: list[Tok] = []
    comps = list(find_comparators(mt, s, e))
    masked = [(a, b) for a, b, _ in comps] + [m.span() for m in BASE_YEAR.finditer(mt, s, e)]
    toks += [Tok(a, b, "comp", basis) for a, b, basis in comps]
    toks += [Tok(a, b, "period", p) for a, b, p in find_periods(mt, s, e, masked)]
    for a, b, (kind, idx) in (_CUES.find(mt, low, s, e) if cues is None else cues):
        if kind == "n":
            continue
        if kind == "m":
            pat, metric = cat.METRIC_CUES[idx]
            toks.append(Tok(a, b, "metric", (metric, cat.CUE_GEO.get(pat))))
        elif kind == "p":
            _, metrics, part = cat.PART_CUES[idx]
            toks.append(Tok(a, b, "part", (metrics, part)))
        elif not (low[a:b] in cat.COUNTED_BY_HEAD and _COUNTED.search(mt, max(s, a - 16), a)):
            # "58 dự án": a count beside the figures, not their subject
            toks.append(Tok(a, b, "stop"))
    for a, b, name in find_places(mt, s, e):
        toks.append(Tok(a, b, "place", name))
    for m in _NONSPECIFIC.finditer(mt, s, e):
        toks.append(Tok(m.start(), m.end(), "place", None))
    for m in _ESTIMATE.finditer(mt, s, e):
        if not _ESTIMATE_NOT.match(mt, m.end()):
            toks.append(Tok(m.start(), m.end(), "est"))
    for m in _FORECAST.finditer(mt, s, e):
        toks.append(Tok(m.start(), m.end(), "forecast"))
    for m in _TARGET.finditer(mt, s, e):
        word = m.group().lower()
        if _AGENCY.search(mt, max(s, m.start() - 8), m.start()):
            continue  # "Bộ Kế hoạch và Đầu tư": a ministry, not a plan
        if word in ("kế hoạch", "dự toán"):
            before = mt[max(s, m.start() - 30):m.start()]
            if _NOT_MARKER.search(before) and not _PLAN_PAREN.match(mt, m.end()):
                continue
        elif word in ("mục tiêu", "chỉ tiêu") and _PCT_OF.search(mt, max(s, m.start() - 30), m.start()):
            continue  # "vượt 57% so với mục tiêu ban đầu": the plan is what the figure is measured against
        toks.append(Tok(m.start(), m.end(), "target"))
    toks.sort(key=lambda t: (t.start, -t.end))
    return toks

def find_cues(mt: str, low: str, s: int, e: int, figs) -> list | None:
    """The cue matches of ``mt[s:e]`` when it can give a row at all (it names a metric or a part,
    or counts visitors), else None."""
    found = _CUES.find(mt, low, s, e)
    if any(kind in ("m", "p") for _, _, (kind, _) in found) or any(
            unit_kind(f) in cat.UNIT_NAMES_METRIC for f in figs):
        return found
    return None


def stop_cue(mt: str, low: str, s: int, e: int) -> str:
    """The first non-metric named in ``mt[s:e]`` ("thuế nhập khẩu"), or ""; for `explain`."""
    return next((mt[a:b] for a, b, (kind, _) in _CUES.find(mt, low, s, e) if kind == "s"), "")


def unit_kind(m) -> str | None:
    if m.group("p1") or m.group("p2"):
        return "pct"
    unit = m.group("unit") or m.group("sunit")
    if unit:
        for pat, kind in _UNIT_KINDS:
            if pat.match(unit):
                return kind
    return None
