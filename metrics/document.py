"""Documents: turning a file or a string into NFC article text plus its metadata.

:func:`read_path` checks and decodes a file (size cap, binary, UTF-8/UTF-16/legacy
encodings), reads its sidecar ``NAME.meta.json`` and hands over to :func:`from_text`,
which takes HTML pages apart (:mod:`metrics.html`), reads front matter, marks
boilerplate (:mod:`metrics.boilerplate`) and finds the publication date
(:mod:`metrics.dates`), outlet, URL and title. Metadata beats what the text says.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import dates
from .boilerplate import find_excluded
from .errors import SkipDocument
from .html import PARSE_SECONDS, looks_like_html, read_html, time_limit

SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
#: Files larger than this are skipped unread.
MAX_BYTES = 64 * 2**20
#: Keys read from front matter and sidecars, and other names they go by.
META_KEYS = ("title", "url", "published", "source")
META_ALIASES = {"published": ("date", "published_at", "pubdate"), "url": ("link", "canonical"),
                "source": ("outlet", "publisher", "site")}
#: Lines naming the original article: "Nguồn Nhân Dân : https://...", "Link bài gốc: ...".
URL_LABELS = ("nguồn", "link bài gốc", "link gốc", "bài gốc", "nguồn bài viết", "đường dẫn", "url", "link",
              "source")
#: All-capital words that open a lead but are not outlets ("GRDP - ...").
NOT_OUTLETS = frozenset({"TP.HCM", "TPHCM", "HCM", "UBND", "HĐND", "MTTQ", "GRDP", "GDP", "CPI", "FDI", "IIP"})

_FRONT_MATTER = regex.compile(r"---[ \t]*\n(?P<body>(?:.*\n){0,40}?)---[ \t]*(?:\n|\Z)")
_META_LINE = regex.compile(r"[ \t]*(?P<key>[A-Za-z_]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$", regex.M)
_BYLINE = regex.compile(
    r"[ \t]*(?:\((?P<p>[\p{L}\d][\p{L}\d .&'+/-]{1,30})\)"
    r"|(?P<a>\p{Lu}[\p{Lu}\d&]{1,11}(?:\.[A-Za-z]{2,3}){0,2}|[A-Z][A-Za-z0-9]{6,20}(?:\.[a-z]{2,3}){0,2}))"
    r"[ \t]*[-–—][ \t]+\S")
_URL = regex.compile(r"https?://[^\s<>\"'()]+")
_LINE_WITH_URL = regex.compile(r"^[^\n]*https?://[^\n]*", regex.M)
_URL_LABEL = regex.compile(rf"[ \t]*(?:{'|'.join(URL_LABELS)})\b[^\n:]{{0,40}}:[ \t]*", regex.I)
_NGUON = regex.compile(r"(?<![^\n])[ \t]*Nguồn[ \t]*:?[ \t]*(?P<name>[^:\n]{2,40}?)[ \t]*"
                       r"(?::[ \t]*(?P<url>https?://\S+))?[ \t]*$", regex.M)
_NGUON_LINE = regex.compile(r"^[ \t]*Nguồn", regex.M)
_THEO = regex.compile(r"[ \t]*(?P<open>\()?[ \t]*Theo[ \t]+(?P<name>[^()\n\d]{2,40}?)[ \t]*\)?[ \t.]*")
_OUTLET_NAME = regex.compile(r"^(?:Báo|Tạp chí|Đài|Cổng|Thông tấn)\b|\.(?:vn|com|net)\b|^\p{Lu}{2,}\S*$"
                             r"|^[A-Z][a-z]+[A-Z][A-Za-z]*$")


@dataclass
class Document:
    """One article: ``text`` is what offsets refer to and what the app shows."""

    text: str
    path: str = ""
    title: str = ""
    url: str = ""
    source: str = ""
    published: dt.date | None = None
    #: (start, end) spans of ``text`` that are not article text (related-article
    #: lists, comments, view counters, repeated captions): no figure comes from them.
    excluded: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self):
        self.excluded = dates.Spans(self.excluded).spans

    @property
    def doc_id(self) -> str:
        return hashlib.sha1(unicodedata.normalize("NFC", self.text).encode("utf-8")).hexdigest()[:16]

    def is_excluded(self, pos: int) -> bool:
        i = bisect.bisect_right(self.excluded, pos, key=lambda span: span[0]) - 1
        return i >= 0 and pos < self.excluded[i][1]


def from_text(text: str, *, published=None, url=None, source=None, path: str = "", title: str = "") -> Document:
    """A Document from article text (plain, with front matter, or an HTML page).

    Arguments given here beat front matter, which beats what the text itself says.
    """
    text = clean_text(text)
    page = read_html(text) if looks_like_html(text) else None
    if page is not None:
        text = clean_text(page.text)
        meta = {}
    else:
        meta, text = front_matter(text)
    title = _first(title, meta.get("title"), page and page.title) or guess_title(text)
    excluded = dates.Spans(find_excluded(text, title))
    dateline = dates.find_dateline(text, excluded)
    published = (dates.parse_date(published) or dates.parse_date(meta.get("published"))
                 or (page and page.published) or dates.publication_date(text, excluded, dateline))
    source = _first(source, meta.get("source"), page and page.source) or find_source(text, excluded, dateline)
    url = _first(url, meta.get("url"), page and page.url) or find_url(text, excluded)
    return Document(text=text, path=str(path), title=title, url=url, source=source, published=published,
                    excluded=excluded.spans)


def read_path(path) -> Document:
    """A Document from a file; :class:`SkipDocument` (one-line reason) if it cannot be read."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise SkipDocument("not a file")
        if size > MAX_BYTES:
            raise SkipDocument(f"file too large (over {MAX_BYTES // 2**20} MB)")
        raw = p.read_bytes()
    except OSError as e:
        raise SkipDocument(f"cannot read: {e.strerror or e}") from None
    text = decode(raw)
    if not text.strip():
        raise SkipDocument("empty file")
    meta = read_sidecar(p)
    is_html = p.suffix.lower() in HTML_SUFFIXES or looks_like_html(text)
    if p.suffix.lower() in HTML_SUFFIXES and not looks_like_html(text):
        text = "<!DOCTYPE html>" + text
    with time_limit(PARSE_SECONDS, "HTML" if is_html else "the text", "parse" if is_html else "read"):
        doc = from_text(text, path=str(path), **meta)
    if not doc.text.strip():
        raise SkipDocument("no article text")
    return doc


def clean_text(text: str) -> str:
    """Without a BOM, with "\\n" line ends, NFC-normalized."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# --- bytes to text ------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32))
_VIETNAMESE = frozenset("ăâđêôơưĂÂĐÊÔƠƯ") | frozenset(
    unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for t in "\u0300\u0301\u0303\u0309\u0323")


def decode(raw: bytes) -> str:
    """Text from bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, else a legacy encoding
    (Windows-1258 and others, detected with charset-normalizer). NFC is left to the caller."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                raise SkipDocument(f"undecodable: invalid {encoding.upper().removesuffix('-SIG')} text") from None
    sample = raw[:65536]
    wide = _utf16_without_bom(raw)
    if wide is not None:
        return wide
    if b"\x00" in sample or sum(map(sample.count, _CONTROL)) > len(sample) // 20:
        raise SkipDocument("binary file, not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    sample = text[:1_000_000]
    bad = sample.count("\ufffd")
    if bad * 20 < sum(1 for c in sample if c > "\x7f") - bad:
        return text  # UTF-8 with a few damaged bytes (now U+FFFD), not a legacy encoding
    legacy = _legacy_vietnamese(raw)
    if legacy:
        raise SkipDocument(f"legacy Vietnamese encoding ({legacy}), not Unicode: convert the file to UTF-8 "
                           f"first (e.g. with UniKey's converter)")
    import charset_normalizer

    guess = charset_normalizer.from_bytes(raw).best()
    candidates = [text for text in (_try(raw, "cp1258"), str(guess) if guess else None) if text]
    if not candidates:
        raise SkipDocument("undecodable: not UTF-8, UTF-16 or a known legacy encoding")
    return max(candidates, key=_vietnamese_score)


#: Common words as they look when legacy Vietnamese encodings are read as Windows-1252: TCVN3
#: (ABC) and VNI store text that way. Such files are skipped with their encoding named, never
#: stored as mojibake.
LEGACY_SIGNS = {
    "TCVN3/ABC": ("cña", "n¨m", "th¸ng", "®­îc", "vµ", "nh÷ng", "®ång", "®Õn", "kinh tÕ", "t¨ng", "ViÖt"),
    "VNI": ("cuûa", "naêm", "thaùng", "ñöôïc", "vaø", "nhöõng", "ñoàng", "ñeán", "kinh teá", "taêng", "Vieät"),
}


def _legacy_vietnamese(raw: bytes) -> str:
    """The name of the legacy encoding ``raw`` is written in (TCVN3/ABC or VNI), else ""."""
    text = raw[:200_000].decode("cp1252", errors="replace")
    best, hits = "", 0
    for name, words in LEGACY_SIGNS.items():
        n = sum(1 for w in words if regex.search(rf"(?<!\w){regex.escape(w)}(?!\w)", text))
        if n > hits:
            best, hits = name, n
    return best if hits >= 3 else ""


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a byte order mark: most code units have a zero high byte (Latin and
    Vietnamese letters in U+0000-U+00FF, or U+1E00-U+1EFF with byte 0x1E), on the same side."""
    sample = raw[:65536]
    if len(sample) < 16 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, highs, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) + zeros.count(0x1E) + zeros.count(0x01) >= 0.6 * len(zeros) and highs.count(0) < 0.05 * len(highs):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                return None
            if sum(map(text[:32768].count, "\x00\x01\x02\x03\x04\x05\x06\x07\x08")) == 0:
                return text
    return None


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return unicodedata.normalize("NFC", raw.decode(encoding))
    except UnicodeDecodeError:
        return None


def _vietnamese_score(text: str) -> float:
    """Share of non-ASCII characters that are Vietnamese letters (mojibake scores low)."""
    text = unicodedata.normalize("NFC", text[:100_000])
    other = [c for c in text if ord(c) > 127]
    return sum(c in _VIETNAMESE for c in other) / len(other) if other else 1.0


# --- metadata -----------------------------------------------------------------

def front_matter(text: str) -> tuple[dict, str]:
    """({key: value}, rest of the text) for a text opening with ``---`` key: value ``---``."""
    m = _FRONT_MATTER.match(text)
    meta = _meta(dict((k.lower(), v) for k, v in _META_LINE.findall(m["body"]))) if m else {}
    return (meta, text[m.end():]) if meta else ({}, text)


def read_sidecar(path: Path) -> dict:
    """The metadata in ``NAME.meta.json`` (or ``NAME.txt.meta.json``) beside ``path``, if any."""
    for side in (path.with_name(path.stem + ".meta.json"), path.with_name(path.name + ".meta.json")):
        if side.is_file():
            try:
                data = json.loads(side.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, ValueError):
                raise SkipDocument(f"unreadable sidecar {side.name}: not valid JSON") from None
            if not isinstance(data, dict):
                raise SkipDocument(f"unreadable sidecar {side.name}: not a JSON object")
            return _meta({str(k).lower(): v for k, v in data.items()})
    return {}


def _meta(raw: dict) -> dict:
    meta = {}
    for key in META_KEYS:
        value = next((raw[k] for k in (key, *META_ALIASES.get(key, ())) if raw.get(k) not in (None, "")), None)
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value.strip().strip("\"'").strip())
        if value not in (None, ""):
            meta[key] = value
    return meta


def _first(*values) -> str:
    for v in values:
        if isinstance(v, str) and v.strip():
            return v.strip()
    return ""


def find_source(text: str, skip: dates.Spans, dateline: dates.Dateline | None = None) -> str:
    """The outlet: "(VTC News)" in the dateline, a lead byline ("TTTĐ - ", "(Dân trí) - "),
    a line "Nguồn Nhân Dân : URL" (or naming a paper or site), or a closing "(Theo TTXVN)"."""
    if dateline and dateline.outlet:
        return dateline.outlet
    for _, line in dates.header_lines(text, skip):
        m = _BYLINE.match(line)
        if m and (m["p"] or _is_outlet_word(m["a"])):
            return (m["p"] or m["a"]).strip()
    for m in _NGUON_LINE.finditer(text):  # each line opening with "Nguồn", once: linear
        n = _NGUON.match(text, m.start())
        if n and n.start() not in skip and (n["url"] or _OUTLET_NAME.search(n["name"])):
            return _outlet(n["name"])
    for _, line in _last_lines(text, skip, 3):
        m = _THEO.fullmatch(line)
        if m and len(m["name"].split()) <= 5 and (m["open"] or _OUTLET_NAME.search(m["name"])):
            return _outlet(m["name"])
    return ""


def _is_outlet_word(word: str) -> bool:
    """"TTTĐ", "VOV.VN", "Kinhtedothi": an acronym (no toned vowels, unlike "HUẾ") or a
    long unaccented name, not a word like "GRDP"."""
    if word in NOT_OUTLETS:
        return False
    if len(word) >= 7 and word.isascii():
        return True
    toned = any(len(unicodedata.normalize("NFD", c)) > 1 for c in word if c not in "Đđ")
    return sum(c.isupper() for c in word) >= 2 and not toned


def _last_lines(text: str, skip: dates.Spans, n: int):
    """(offset, line) of the last ``n`` non-blank lines outside ``skip``."""
    end = len(text)
    while n and end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip() and start not in skip:
            n -= 1
            yield start, line
        end = start - 1


def _outlet(name: str) -> str:
    return regex.sub(r"^(?:Báo|báo)\s+", "", name.strip(" :-–"))


def find_url(text: str, skip: dates.Spans) -> str:
    """The article's own URL where the text states it: "Nguồn ...: https://...",
    "Link bài gốc: https://...", or a URL alone on one of the first lines."""
    header = {pos for pos, _ in dates.header_lines(text, skip, 3)}
    for line in _LINE_WITH_URL.finditer(text):  # each line once, and only its last URL: linear
        start = line.start()
        if start in skip:
            continue
        last = collections.deque(_URL.finditer(text, start, line.end()), maxlen=1)
        last = last[0] if last else None
        if last is None or text[last.end():line.end()].strip(" \t.,;"):
            continue
        before = text[start:last.start()]
        if _URL_LABEL.fullmatch(before) or (not before.strip() and start in header):
            return last.group().rstrip(".,;")
    return ""


def guess_title(text: str) -> str:
    """The first heading-like line near the top: not a dateline, not a sentence, 3+ words."""
    for _, line in dates.header_lines(text, (), 6):
        line = line.strip().lstrip("#").strip().strip("*_").strip()  # Markdown "# **Title**"
        if (dates.DATELINE.match(line) or dates.RELATIVE.search(line) or len(line.split()) < 3
                or len(line) > 250 or regex.search(r"[.;,:]$", line) or _BYLINE.match(line)):
            continue
        return line
    return ""
