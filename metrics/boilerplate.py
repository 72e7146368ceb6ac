"""Boilerplate: spans of an article's text that are not article text (contract,
section "Boilerplate"). The text is never changed; only (start, end) spans are marked.

Marked: related-article and comment blocks (from their heading to the end of the
block), inline "Xem thêm: ..." links, view counters, photo captions ("... Ảnh: T.L"),
a line repeating the line before it or the title, and a strip of run-together
headlines glued under the lead. One pass over the lines: linear in the text.
"""

from __future__ import annotations

import regex

#: A line holding only one of these (maybe with ":" or a count "(2)") opens a block.
RELATED_HEADINGS = (
    "đọc thêm", "xem thêm", "tin liên quan", "bài liên quan", "tin bài liên quan", "bài viết liên quan",
    "tin tức liên quan", "tin cùng chuyên mục", "tin khác cùng chuyên mục", "bài cùng chuyên mục",
    "cùng chuyên mục", "tin cùng chủ đề", "bài viết cùng chủ đề", "tin cùng loại", "tin khác", "các tin khác",
    "tin bài khác", "các tin bài khác", "bài viết khác", "tin tức khác", "các tin đã đưa", "tin mới",
    "tin mới nhất", "mới nhất", "tin mới hơn", "tin cũ hơn", "tin nổi bật", "xem nhiều nhất", "xem nhiều",
    "đọc nhiều nhất", "đọc nhiều", "tin đọc nhiều", "tin đọc nhiều nhất", "tin xem nhiều", "bài đọc nhiều",
    "có thể bạn quan tâm", "bạn có thể quan tâm", "có thể bạn muốn xem", "video liên quan", "chủ đề liên quan",
    "tin tiêu điểm", "tin nóng",
)
COMMENT_HEADINGS = (
    "bình luận", "bình luận bài viết", "ý kiến bạn đọc", "ý kiến của bạn", "gửi bình luận",
    "viết bình luận", "gửi ý kiến", "ý kiến", "bình luận của bạn",
)
#: "Xem thêm: <title>" on one line: that line only.
INLINE_LINKS = ("đọc thêm", "xem thêm", "tin liên quan", "bài liên quan", "xem tiếp", "đọc tiếp")
VIEW_COUNTERS = ("lượt xem", "lượt đọc", "số lượt xem", "lượt truy cập", "lượt thích", "lượt chia sẻ")
#: Words that end a photo caption with its credit: "... Ảnh: T.L", "(Ảnh minh họa)".
CAPTION_CREDITS = ("ảnh", "ảnh minh họa", "ảnh minh hoạ", "nguồn ảnh", "ảnh chụp màn hình", "ảnh tư liệu")

_BULLET = r"[ \t>»•*·\-–—+]*"
HEADING = regex.compile(
    rf"{_BULLET}(?:{'|'.join(RELATED_HEADINGS + COMMENT_HEADINGS)})[ \t]*(?:\(\d+\))?[ \t]*[:>»…]*[ \t]*",
    regex.I)
INLINE = regex.compile(rf"{_BULLET}\[?(?:{'|'.join(INLINE_LINKS)})(?:\]\([^)\s]*\))?[ \t]*[:>»]+[ \t]*\S", regex.I)
_COUNTER = "|".join(VIEW_COUNTERS)
VIEWS = regex.compile(rf"[ \t]*(?:(?:{_COUNTER})[ \t]*:?[ \t]*[\d.,]+|[\d.,]+[ \t]*(?:{_COUNTER}))[ \t]*", regex.I)
CAPTION = regex.compile(
    rf"(?:^|[\s(.,;–-])\(?(?:{'|'.join(c.capitalize() for c in CAPTION_CREDITS)})"
    r"(?:[ \t]*:[ \t]*|[ \t]+|$)(?:[\p{L}\d][\p{L}\d.&/\-]*(?:[ \t]+[\p{L}\d][\p{L}\d.&/\-]*){0,5})?[ \t]*\)?[ \t.]*$")
#: A reader's comment in a comment block: "Ngọc Anh: ...".
COMMENT_LINE = regex.compile(r"[ \t]*\p{Lu}[\p{L}.]*(?:[ \t]+\p{Lu}[\p{L}.]*){0,4}[ \t]*:[ \t]+\S")
CAPTION_START = regex.compile(r"\(?Ảnh(?:\s+minh\s+họa)?\s*\d*\s*:", regex.I)
_BULLETS = " \t>»•*·-–—+"
_HEADING_STARTS = frozenset(h[:3] for h in RELATED_HEADINGS + COMMENT_HEADINGS)
_INLINE_FIRST = frozenset(">»•*·-–—+ĐđXxTtBb[")
_BULLET_ITEM = regex.compile(r"[>»•*·\-–—+][ \t]")
_SENTENCE_END = regex.compile(r"[.!?…][\"”’)]*[ \t]*$")
_PUNCT = regex.compile(r"[.!?…;]")


def _iter_lines(text: str, pos: int = 0):
    """(start, end, stripped line) of each line from ``pos`` on, without building a list."""
    n = len(text)
    while pos <= n:
        end = text.find("\n", pos)
        end = n if end < 0 else end
        yield pos, end, text[pos:end].strip()
        pos = end + 1


def _same(a: str, b: str) -> bool:
    return len(a) == len(b) and (a == b or a.casefold() == b.casefold())


def _is_paragraph(line: str) -> bool:
    """A sentence-like line: ends a sentence and has at least 10 words, or is long."""
    return len(line) >= 250 or (bool(_SENTENCE_END.search(line)) and len(line.split()) >= 10)


def _is_heading(line: str) -> bool:
    return (len(line) <= 48 and line.lstrip(_BULLETS)[:3].casefold() in _HEADING_STARTS
            and bool(HEADING.fullmatch(line)))


def _is_headline_strip(line: str, lead: str) -> bool:
    """Headlines of other articles run together right under the lead: long, few digits,
    no punctuation that ends a sentence, glued (no blank line) to the lead paragraph."""
    return (len(line) >= 100 and bool(lead) and not _PUNCT.search(line) and len(line.split()) >= 15
            and sum(c.isdigit() for c in line) * 20 < len(line) and bool(_SENTENCE_END.search(lead)))


def _is_noise_line(line: str) -> bool:
    """An inline related link, a view counter or a photo caption."""
    head = line[:1]
    return ((head in _INLINE_FIRST and bool(INLINE.match(line)))
            or (("ượt" in line or "ƯỢT" in line) and bool(VIEWS.fullmatch(line)))
            or (len(line) <= 300 and ("Ảnh" in line or "ẢNH" in line)
                and bool(CAPTION.search(line) or CAPTION_START.match(line))))


def _block_end(text: str, pos: int) -> int:
    """End offset of the block whose heading line ends at ``pos``.

    Titles, bullets, comments, stamps and a teaser after each title stay in the block; it
    ends before a paragraph that follows a bulleted item or that another paragraph follows.
    """
    last_end, last_kind, before_para = pos, "heading", pos
    for _a, b, line in _iter_lines(text, pos + 1):
        if not line:
            continue
        if _is_heading(line):
            kind = "heading"
        elif _BULLET_ITEM.match(line):
            kind = "bullet"
        elif COMMENT_LINE.match(line) or not _is_paragraph(line):
            kind = "item"
        else:
            kind = "para"
        if kind == "para":
            if last_kind == "bullet":
                return last_end
            if last_kind == "para":
                return before_para
            before_para = last_end
        last_end, last_kind = b, kind
    return last_end


def find_excluded(text: str, title: str = "") -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of ``text`` that are not article text.

    Spans separated only by whitespace are joined, so long runs stay one span.
    """
    spans: list[list[int]] = []

    def add(a: int, b: int):
        if spans and (a <= spans[-1][1] or text[spans[-1][1]:a].isspace()):
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])

    title = " ".join(title.split())
    title_seen = False
    prev, prev_glued, paragraphs = "", "", 0
    skip_to = -1
    for a, b, line in _iter_lines(text):
        if a < skip_to:
            continue
        if not line:
            prev_glued = ""
            continue
        if _is_heading(line):
            skip_to = _block_end(text, b)
            add(a + text[a:b].index(line[0]), skip_to)
            prev = prev_glued = ""
            continue
        is_title = bool(title) and _same(line, title)
        if (is_title and title_seen) or _same(line, prev) or _is_noise_line(line) \
                or (paragraphs == 1 and _is_headline_strip(line, prev_glued)):
            add(a + text[a:b].index(line[0]), a + len(text[a:b].rstrip()))
        title_seen = title_seen or is_title
        prev = prev_glued = line
        if paragraphs < 2:
            paragraphs += _is_paragraph(line)
    tail = _dated_links(text)
    if tail is not None:
        add(*tail)
    return [(a, b) for a, b in spans]


#: A link to another article with its date, as older pages list them at the end: "Chỉ số giá tháng 7 sẽ tăng(02/07/2004)".
DATED_LINK = regex.compile(r"[^\n]{3,200}?[^.!?\s]\s*\(\d{1,2}/\d{1,2}/(?:19|20)\d\d\)[ \t]*")


def _dated_links(text: str) -> tuple[int, int] | None:
    """The span of the run of dated links that ends the text, if any: read from the end, line by line, only as far
    as the run goes."""
    end = len(text.rstrip())
    start, pos = None, end
    while pos > 0:
        a = text.rfind("\n", 0, pos) + 1
        line = text[a:pos].strip()
        if line:
            if not DATED_LINK.fullmatch(line):
                break
            start = a + text[a:pos].index(line[0])
        pos = a - 1
    return (start, end) if start is not None else None
