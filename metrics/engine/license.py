"""Licensing: is a figure's clause about its metric?

Closed world. Between a figure and the head that names its metric (a metric or part cue
earlier in the sentence, else the start of a clause that continues the paragraph's metric)
only known words may stand: places of Việt Nam, periods, comparators, status words, parts,
earlier figures of the same subject, and the fillers of :data:`metrics.catalogue.FILLERS`.
Anything else is an unknown subject (a product, a market, a company), and the figure is
not a row: precision first, recall by growing the tables.
"""

from __future__ import annotations

import regex

from .. import catalogue as cat

_I = regex.I | regex.V1

_FILLER = regex.compile(
    r"(?:\s+|[,;:()\[\]\"“”'‘’…/–-]+|(?:"
    + "|".join(sorted(cat.FILLERS, key=len, reverse=True)) + r")(?!\w))", _I)
_FOREIGN = regex.compile(r"(?<!\w)(?:" + "|".join(sorted(cat.FOREIGN_PLACES, key=len, reverse=True))
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
    for m in _CAPITAL.finditer(mt, start, end):
        if any(a <= m.start() < b for a, b in spans) or _SENTENCE_START.search(mt, max(0, m.start() - 3), m.start()):
            continue
        if _AGENCY.match(m.group()) or _FILLER.fullmatch(mt, m.start(), m.end()) is not None:
            continue
        return m.group()
    return None


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
