"""Boilerplate: spans of an article's text that are not article text (contract,
section "Boilerplate"). The text is never changed; only (start, end) spans are marked.

Marked: related-article and comment blocks (from their heading to the end of the
block), inline "Xem thêm: ..." links, view counters, photo captions ("... Ảnh: T.L"),
a line repeating the line before it or the title, and a strip of run-together
headlines glued under a paragraph. One pass over the lines: linear in the text.
"""

from __future__ import annotations

import regex

#: A line holding only one of these (maybe with ":" or a count "(2)") opens a block.
RELATED_HEADINGS = (
    "đọc thêm", "xem thêm", "tin liên quan", "bài liên quan", "bài viết liên quan", "tin tức liên quan",
    "tin cùng chuyên mục", "cùng chuyên mục", "tin cùng chủ đề", "tin khác", "các tin khác", "tin mới",
    "tin mới nhất", "tin mới hơn", "tin cũ hơn", "tin nổi bật", "xem nhiều nhất", "đọc nhiều nhất",
    "tin đọc nhiều", "tin xem nhiều", "có thể bạn quan tâm", "bạn có thể quan tâm", "có thể bạn muốn xem",
    "video liên quan", "chủ đề liên quan", "tin tiêu điểm", "tin nóng",
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
INLINE = regex.compile(rf"{_BULLET}(?:{'|'.join(INLINE_LINKS)})[ \t]*[:>»]+[ \t]*\S", regex.I)
VIEWS = regex.compile(rf"[ \t]*(?:(?:{'|'.join(VIEW_COUNTERS)})[ \t]*:?[ \t]*[\d.,]+|[\d.,]+[ \t]*(?:{'|'.join(VIEW_COUNTERS)}))[ \t]*",
                      regex.I)
CAPTION = regex.compile(
    rf"(?:^|[\s(.,;–-])\(?(?:{'|'.join(c.capitalize() for c in CAPTION_CREDITS)})"
    r"(?:[ \t]*:[ \t]*|[ \t]+|$)(?:[\p{L}\d][\p{L}\d.&/\-]*(?:[ \t]+[\p{L}\d][\p{L}\d.&/\-]*){0,5})?[ \t]*\)?[ \t.]*$")
#: A reader's comment in a comment block: "Ngọc Anh: ...".
COMMENT_LINE = regex.compile(r"[ \t]*\p{Lu}[\p{L}.]*(?:[ \t]+\p{Lu}[\p{L}.]*){0,4}[ \t]*:[ \t]+\S")
_BULLET_ITEM = regex.compile(r"[>»•*·\-–—+][ \t]")
_SENTENCE_END = regex.compile(r"[.!?…][\"”’)]*[ \t]*$")
_PUNCT = regex.compile(r"[.!?…;]")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _key(line: str) -> str:
    return (" ".join(line.split()) if "  " in line or "\t" in line else line).casefold()


def _is_paragraph(line: str) -> bool:
    """A sentence-like line: ends a sentence and has at least 10 words, or is long."""
    return len(line) >= 250 or (bool(_SENTENCE_END.search(line)) and len(line.split()) >= 10)


def _is_headline_strip(line: str, prev_raw: str) -> bool:
    """Headlines of other articles run together under a paragraph: long, no punctuation
    that ends or joins sentences, glued (no blank line) to a paragraph that ends a sentence."""
    return (len(line) >= 100 and len(line.split()) >= 15 and not _PUNCT.search(line)
            and bool(prev_raw.strip()) and bool(_SENTENCE_END.search(prev_raw)))


def _block_end(text: str, lines: list[tuple[int, int]], i: int) -> int:
    """Index of the last line of the block whose heading is line ``i``.

    Titles, bullets, comments, stamps and a teaser after each title stay in the block; it
    ends before a paragraph that follows a bulleted item or that another paragraph follows.
    """
    last, last_kind, para_at = i, "heading", None
    for k in range(i + 1, len(lines)):
        line = text[lines[k][0]:lines[k][1]].strip()
        if not line:
            continue
        if HEADING.fullmatch(line):
            kind = "heading"
        elif _BULLET_ITEM.match(line):
            kind = "bullet"
        elif COMMENT_LINE.match(line) or not _is_paragraph(line):
            kind = "item"
        else:
            kind = "para"
        if kind == "para":
            if last_kind == "bullet":
                return last
            if last_kind == "para":
                return para_at - 1 if para_at - 1 > i else i
            para_at = k
        last, last_kind = k, kind
    return last


def find_excluded(text: str, title: str = "") -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) spans of ``text`` that are not article text."""
    lines = _lines(text)
    spans: list[tuple[int, int]] = []
    title_key = _key(title) if title else ""
    title_seen = False
    prev_key, prev_raw = "", ""
    i = 0
    while i < len(lines):
        a, b = lines[i]
        raw = text[a:b]
        line = raw.strip()
        if not line:
            prev_raw = raw
            i += 1
            continue
        key = _key(line)
        if HEADING.fullmatch(line):
            j = _block_end(text, lines, i)
            while j > i and not text[lines[j][0]:lines[j][1]].strip():
                j -= 1
            spans.append((a, lines[j][1]))
            prev_key, prev_raw = "", ""
            i = j + 1
            continue
        if key == title_key:
            repeat = title_seen
            title_seen = True
        else:
            repeat = False
        if (repeat or key == prev_key or INLINE.match(line) or VIEWS.fullmatch(line)
                or (len(line) <= 300 and "Ảnh" in line and CAPTION.search(line)) or _is_headline_strip(line, prev_raw)):
            spans.append((a, b))
        prev_key, prev_raw = key, raw
        i += 1
    return spans
