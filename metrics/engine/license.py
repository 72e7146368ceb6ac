"""Licensing: is a figure's clause about its metric?

Closed world. Between a figure and the head that names its metric (a metric or part cue
earlier in the sentence, else the start of a clause that continues the paragraph's metric)
only known words may stand: places of Việt Nam, periods, comparators, status words, parts,
earlier figures of the same subject, and the fillers of :data:`metrics.catalogue.FILLERS`.
Anything else is an unknown subject (a product, a market, a company), and the figure is
not a row: precision first, recall by growing the tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from .. import catalogue as cat
from .cues import WORD_START, expand, trie_pattern
from .tokens import BILATERAL, CAUSE, CLAUSE_BREAK, CLAUSE_END, CONSEQUENCE, FIRST_WORD, SUBSET

if TYPE_CHECKING:
    from .resolve import Scene

_I = regex.I | regex.V1

_FILLER = regex.compile(
    r"(?:\s+|[,;:()\[\]\"“”'‘’…/–-]+|(?:"
    + "|".join(sorted(cat.FILLERS, key=len, reverse=True)) + r")(?!\w))", _I)
def _alternation(patterns) -> str:
    """The patterns as one alternation: their literal phrases as a trie, the rest longest first."""
    literal, rest = [], []
    for p in patterns:
        phrases = expand(p)
        (literal.extend(phrases) if phrases is not None else rest.append(p))
    return "|".join(([trie_pattern(set(literal))] if literal else []) + sorted(rest, key=len, reverse=True))


_FOREIGN = regex.compile(WORD_START + r"(?:" + _alternation(cat.FOREIGN_PLACES)
                         + r")(?!\w)(?!\s\p{Lu})",  # "Mỹ Tho", "Lào Cai": part of a longer name of ours
                         regex.V1)
#: A subject named by pointing back ("khu vực này", "ngành này"): a part of something, not the whole.
ANAPHOR = regex.compile(r"(?<!\w)(?:" + "|".join(cat.ANAPHORS) + r")(?!\w)", _I)
#: A product or branch named in a title: what the article is about.
PRODUCT = regex.compile(r"(?<!\w)(?:" + "|".join(sorted(cat.PRODUCTS, key=len, reverse=True)) + r")(?!\w)", _I)
#: Context words of the metrics whose cues are ambiguous.
CONTEXT = {m: regex.compile(r"(?<!\w)(?:" + p + r")", _I) for m, p in cat.CONTEXT_WORDS.items()}
_WORDS = regex.compile(r"[\w%.,/]+(?:\s+[\w%]+){0,2}", _I)

#: Token kinds whose words are known wherever they stand.
KNOWN = frozenset({"place", "period", "comp", "est", "forecast", "target", "part", "metric"})


def foreign_place(text: str, start: int, end: int) -> str | None:
    """The first foreign country, region or "thế giới" named in ``text[start:end]``."""
    m = _FOREIGN.search(text, start, end)
    return m.group() if m else None


def unknown_words(mt: str, start: int, end: int, spans) -> str | None:
    """The first words of ``mt[start:end]`` that are neither in ``spans`` (known tokens and
    figures, sorted by start) nor fillers; None when every word there is known."""
    pos = start
    for a, b in spans:
        if b <= pos:
            continue
        if a >= end:
            break
        hit = _scan(mt, pos, min(a, end))
        if hit is not None:
            return hit
        pos = max(pos, b)
        if pos >= end:
            return None
    return _scan(mt, pos, end)


def known_at(mt: str, pos: int, end: int) -> bool:
    """Is the word at ``pos`` (up to ``end``) a filler, alone or as the start of a longer one ("hàng hóa")?"""
    m = _FILLER.match(mt, pos)
    return m is not None and m.end() >= end


def proper_noun(mt: str, start: int, end: int, spans) -> str | None:
    """The first unknown capitalised word of ``mt[start:end]`` that does not open a sentence
    ("MTEX", "Vinamilk"): the name of a company or a body, not a place of ours."""
    name_end = -1  # the end of an agency's name so far: "Tổng cục Thống kê", "Bộ Kế hoạch và Đầu tư"
    for m in _CAPITAL.finditer(mt, start, end):
        if name_end >= 0 and _NAME_GAP.fullmatch(mt, name_end, m.start()):
            name_end = m.end()
            continue
        name_end = -1
        agency = _AGENCY.match(mt, m.start())
        if agency:  # a body that takes a name ("Tổng cục Thống kê"); not a title ("Tổng cục trưởng Hải quan Lê ...")
            named = agency.group() in cat.NAMED_AGENCIES and not _TITLE_AFTER.match(mt, agency.end())
            name_end = agency.end() if named else -1
            continue
        if any(a <= m.start() < b for a, b in spans) or _SENTENCE_START.search(mt, max(0, m.start() - 3), m.start()):
            continue
        if _FILLER.fullmatch(mt, m.start(), m.end()) is not None:
            continue
        return m.group()
    return None


_TITLE_AFTER = regex.compile(r"\s+(?:trưởng|phó)(?!\w)")
#: Between the capitalised words of one name: "Tổng cục Thống kê", "Bộ Kế hoạch và Đầu tư".
_NAME_GAP = regex.compile(r"\s+(?:và\s+)?")


#: A run of capitalised words ("Bộ Tài chính", "MTEX", "Ngân hàng Thế giới").
_CAPITAL = regex.compile(r"(?<!\w)\p{Lu}[\p{L}\d]*(?:\s+(?:và\s+)?\p{Lu}[\p{L}\d]*)*")
#: Public bodies are sources, not subjects: "Bộ Tài chính vẫn giữ mục tiêu ...".
_AGENCY = regex.compile(r"(?:" + "|".join(cat.AGENCY_HEADS) + r")(?!\w)")
_SENTENCE_START = regex.compile(r"(?:^|[.!?:\n\"“(]\s*)$")


def _scan(mt: str, pos: int, end: int) -> str | None:
    while pos < end:
        m = _FILLER.match(mt, pos)  # no end bound: a filler's look-ahead may read past the span
        if m is None or m.end() == pos:
            w = _WORDS.match(mt, pos, end)
            return (w.group() if w else mt[pos:min(end, pos + 20)]).strip()
        pos = m.end()
    return None


#: A parenthesis with no figure in it: "(theo báo cáo của ngành thống kê)", "(không kể dầu thô)".
_PAREN = regex.compile(r"\([^()\d]{1,80}\)")


#: What opens a parenthesis that says where a figure comes from, or leaves something out of the whole or adds
#: it: "(theo ngành thống kê)", "(không kể dầu thô)".
_EXCEPT = regex.compile(r"\(\s*(?:theo|suy ra từ|không kể|không tính|chưa kể|chưa tính|trừ|kể cả|tính cả|bao gồm cả)(?!\w)", regex.I)


#: A metric with a part left out, written without parentheses: "GRDP trừ dầu khí", "IIP trừ dầu thô và khí đốt".
_EXCLUDING = regex.compile(r"(?<!\w)(?:trừ|không kể|không tính|chưa kể|chưa tính) dầu (?:thô|khí)"
                           r"(?:(?:,| và) khí đốt)?(?!\w)", regex.I)


def asides(mt: str, toks, start: int, end: int) -> list:
    """Parentheses in ``mt[start:end]`` that say where a figure comes from or what the whole leaves out:
    (start, end) spans whose words license nothing and block nothing. One that names a foreign place, or
    a product or market as its subject ("(chủ yếu là cà phê)"), is not an aside."""
    out = [m.span() for m in _EXCLUDING.finditer(mt, start, end)]
    for m in _PAREN.finditer(mt, start, end):
        if foreign_place(mt, m.start(), m.end()) is not None:
            continue
        if _EXCEPT.match(mt, m.start()) or not any(t.kind == "stop" and m.start() <= t.start < m.end() for t in toks):
            out.append((m.start(), m.end()))
    return out


def unlicensed(mt, toks, figs, fi, sc: Scene, s: int, fs: int, e: int):
    """(reason code, words) when the figure's clause does not license it, else None.

    The words between the head that named the metric (or the sentence's start, when the
    metric carries over from an earlier sentence) and the figure must all be known.
    """
    head_start, head_end = sc.head if sc.head[0] >= s else (s, s)
    bare_head = head_start == head_end or mt[head_start:head_end].lower() in cat.BARE_HEADS
    if head_start > s:
        why = _topic_blocked(mt, toks, figs, s, head_start, sc)
        if why is not None:
            return why
    spans = [(t.start, t.end) for t in toks if t.kind in KNOWN and t.end > head_end and t.start < fs
             and not (t.kind == "place" and t.value is None)]
    spans += [(f.start(), f.end()) for f in figs[:fi] if f.end() > head_end]
    spans += [(t.start, t.end) for t in toks if t.start in sc.attached and head_end < t.end and t.start < fs]  # "về số dự án"
    spans += asides(mt, toks, head_end, fs)
    spans.sort()
    where = foreign_place(mt, head_end, fs)
    if where is not None:
        return ("foreign", where)
    words = unknown_words(mt, head_end, fs, spans)
    if words is not None:
        return ("unknown_subject", words)
    cues = [(t.start, t.end) for t in toks if t.kind in ("metric", "part")]
    aside = asides(mt, toks, s, e)
    for anaphor in ANAPHOR.finditer(mt, s, e):  # "tốc độ tăng trưởng của khu vực này": a part named earlier
        if any(a <= anaphor.start() < b for a, b in aside):
            continue
        if not any(a <= anaphor.start() < b or anaphor.end() <= a <= anaphor.end() + 2 for a, b in cues):
            # not "chỉ số sản xuất toàn ngành công nghiệp", nor "tỷ trọng của ngành dịch vụ"
            return ("not_metric", anaphor.group())
    where = foreign_place(mt, s, fs)
    if where is not None and not any(t.kind == "place" and t.value for t in toks):
        return ("foreign", where)  # "Tại Thái Lan, GDP tăng 4%", "... , Trung Quốc đã trở thành ...": not ours
    if not bare_head:
        noun = proper_noun(mt, _clause_start(mt, s, head_start), head_start, _known_spans(toks, figs, s, head_start))
        if noun is not None:  # "Năm 2005, MTEX đạt kim ngạch xuất khẩu 18 triệu USD": a company's figure
            return ("unknown_subject", noun)
    return None


def _clause_start(mt, s, pos) -> int:
    cut = max(mt.rfind(c, s, pos) for c in ",;:(")
    return cut + 1 if cut >= s else s


def clause_end(mt, figs, fi, e) -> int:
    """Where the clause of figure ``fi`` ends: a clause break, the next figure, or the sentence's end."""
    nxt = figs[fi + 1].start() if fi + 1 < len(figs) else e
    m = CLAUSE_END.search(mt, figs[fi].end(), nxt)
    return m.start() if m else nxt


def object_of(mt, toks, fe, e):
    """(reason, words) when the words right after a figure name something else: "852.000 USD tinh dầu",
    "3,4 tỷ USD nhập khẩu máy móc"; None when they are known or there are none."""
    after = [t for t in toks if fe <= t.start < fe + 30 and t.kind in ("metric", "part", "stop")]
    stop = next((t for t in after if t.kind == "stop"), None)
    if stop is not None and unknown_words(mt, fe, stop.start, []) is None and not CLAUSE_BREAK.search(mt, fe, stop.start):
        return ("not_metric", mt[stop.start:stop.end])  # "... USD vốn thuộc dự toán", "... USD từ thị trường Mỹ"
    m = FIRST_WORD.match(mt, fe, e)
    if m is None or any(t.start <= m.start(1) < t.end for t in toks):
        return None
    if known_at(mt, m.start(1), m.end(1)):
        return None
    return ("unknown_subject", m.group(1))


def _topic_blocked(mt, toks, figs, s: int, head_start: int, sc: Scene):
    """(reason, words) when the clause before the metric head has a subject of its own.

    "Gạo xuất khẩu đạt ...", "riêng máy móc, thiết bị đã nhập khẩu ...", "giảm thuế VAT khi
    nhập khẩu từ 10%": the words from the start of the head's clause to the head must be
    known, and a non-metric named at the start of the sentence ("Riêng mặt hàng dầu thô, ...")
    is the sentence's topic.
    """
    bare = mt[head_start:sc.head[1]].lower() in cat.BARE_HEADS
    cause = _cause(mt, s, head_start)  # "do giá gạo tăng nên kim ngạch xuất khẩu ...": the cause has its own subject
    for stop in (t for t in toks if t.kind == "stop" and s <= t.start < head_start
                 and not cause[0] <= t.start < cause[1]
                 and not (mt[t.start:t.end].lower() in cat.COUNTED_BY_HEAD and not mt[t.end:head_start].strip())):
        if bare and SUBSET.search(mt, stop.end, head_start) and not BILATERAL.search(mt, stop.start, stop.end):
            continue  # "tổng kim ngạch xuất nhập khẩu đạt 45 tỷ USD, trong đó xuất khẩu ...": a part of ours
        if (bare or not CLAUSE_BREAK.search(mt, stop.end, head_start)
                or (PRODUCT.fullmatch(mt, stop.start, stop.end)  # "3,9 triệu tấn gạo, đạt kim ngạch ..."
                    and not any(t.kind == "place" and t.value and stop.end <= t.start < head_start
                                and not mt[max(0, t.start - 4):t.start].lower().startswith("của")
                                for t in toks))
                or (not CLAUSE_BREAK.search(mt, s, stop.start)
                    and mt[stop.start:stop.end].lower() not in cat.NOT_A_TOPIC
                    and unknown_words(mt, s, stop.start, _known_spans(toks, figs, s, stop.start)) is None)):
            return ("not_metric", mt[stop.start:stop.end])
    if not bare:  # a full metric phrase ("kim ngạch xuất khẩu") is its own subject
        return None
    cut = max(mt.rfind(c, s, head_start) for c in ",;:(")
    start = cut + 1 if cut >= s else s
    words = unknown_words(mt, start, head_start, _known_spans(toks, figs, start, head_start))
    if words is None:
        return None
    where = foreign_place(mt, start, head_start)
    return ("foreign", where) if where else ("unknown_subject", words)


def _cause(mt, s: int, head_start: int) -> tuple[int, int]:
    """The span of a clause of cause ("do giá gạo tăng nên", "nhờ các mặt hàng chủ lực tăng mạnh, giúp") that ends
    right before the metric head, or (-1, -1)."""
    link = next(reversed(list(CONSEQUENCE.finditer(mt, s, head_start))), None)
    if link is None or mt[link.end():head_start].strip(" ,"):
        return -1, -1
    cause = next(reversed(list(CAUSE.finditer(mt, s, link.start()))), None)
    return (cause.start(), link.end()) if cause is not None else (-1, -1)


def _known_spans(toks, figs, a: int, b: int):
    spans = [(t.start, t.end) for t in toks if t.kind in KNOWN and t.end > a and t.start < b
             and not (t.kind == "place" and t.value is None)]
    return sorted(spans + [(f.start(), f.end()) for f in figs if f.end() > a and f.start() < b])
