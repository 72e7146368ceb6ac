"""Paragraphs and sentences of a document, with their offsets.

A paragraph is a line of text (articles put one paragraph per line); a heading is a
short line without closing punctuation. Sentences end at ". ", "! ", "? " before a
capital letter, a digit or an opening quote, except after abbreviations ("TP. Hồ Chí Minh").
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

ABBREVIATIONS = ("TP", "Tp", "TS", "ThS", "PGS", "GS", "Th.S", "St", "Mr", "Ms", "Dr", "ĐH", "TT", "P", "Q")

_LINE = regex.compile(r"[^\n]+")
_BULLET = regex.compile(r"[-–•*+]\s|\d{1,2}[.)]\s|[a-zđ][.)]\s")
#: A numbered line that is a section heading, not a list item: "2. Khánh Hòa", "II. Thu ngân sách" (short, no figure).
_NUMBERED_HEADING = regex.compile(r"(?:\d{1,2}|[IVX]{1,4})[.)]\s+[^\d]{2,50}")
_END = regex.compile(r"(?<=[.!?…][”\"')]?)\s+(?=[\p{Lu}\d“\"(\[])|(?<=\p{Ll}{2}[.!?])(?=\p{Lu}\p{Ll})")
_ABBR = regex.compile(r"(?:^|\W)(?:" + "|".join(regex.escape(a) for a in ABBREVIATIONS) + r")\.$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph(Span):
    heading: bool


def paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines, stripped, with their offsets; short unpunctuated lines are headings."""
    out = []
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            continue
        line = text[s:e]
        bullet = _BULLET.match(line)
        heading = (len(line) < 160 and not line.endswith((".", "!", "?", ":", ";", "…", ".)", ".”", ".\""))
                   and (not bullet or _NUMBERED_HEADING.fullmatch(line) is not None))
        out.append(Paragraph(s, e, heading))
    return out


#: Longer "sentences" (run-on text without stops) are cut at a clause break, so that work
#: per sentence stays bounded whatever the input.
MAX_SENTENCE = 3000
_BREAK = regex.compile(r"[;,]\s|\s", regex.REVERSE)


def sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences of ``text[start:end]``."""
    out, s = [], start
    for m in _END.finditer(text, start, end):
        if _ABBR.search(text, max(s, m.start() - 6), m.start()):
            continue
        out.extend(_bounded(text, s, m.start()))
        s = m.end()
    if s < end:
        out.extend(_bounded(text, s, end))
    return out


def _bounded(text: str, start: int, end: int) -> list[Span]:
    out = []
    while end - start > MAX_SENTENCE:
        m = _BREAK.search(text, start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = m.end() if m else start + MAX_SENTENCE
        out.append(Span(start, cut))
        start = cut
    out.append(Span(start, end))
    return out
