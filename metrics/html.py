"""HTML pages saved from news sites: main text, title, date, canonical URL and site
name, taken with trafilatura and htmldate. Scripts, handlers and links never reach
the text. Size, nesting and time limits keep one hostile page from stalling a run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import threading
from dataclasses import dataclass

import regex

from . import dates
from .errors import SkipDocument

#: Pages larger than this (characters) are not parsed.
MAX_HTML_CHARS = 20_000_000
#: Seconds one page may take to parse and extract (enforced in a main thread on POSIX).
PARSE_SECONDS = 20
#: libxml2 stops building the tree past this depth, losing whatever is nested deeper.
MAX_DEPTH = 255

_SNIFF = regex.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                       regex.I | regex.S)
_TAG = regex.compile(r"<(/?)(div|span|table|section|article|ul|ol|li|blockquote|font|center|form|main|aside"
                     r"|header|footer|nav|td|tr|tbody|b|i|em|strong|a|p)\b[^>]*?(/?)>", regex.I)


@dataclass
class Page:
    """What a page yields: ``text`` is the article's extracted plain text."""

    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    published: dt.date | None = None


def looks_like_html(text: str) -> bool:
    """True if ``text`` starts like an HTML document."""
    return bool(_SNIFF.match(text[:4096]))


def nesting_depth(html: str) -> int:
    """Deepest nesting of common container tags (a linear scan, no parsing)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m[3]:
            continue
        depth = max(0, depth - 1) if m[1] else depth + 1
        deepest = max(deepest, depth)
    return deepest


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that parsers' ``except Exception`` cannot swallow it."""


_ACTIVE = threading.local()


@contextlib.contextmanager
def time_limit(seconds: float, what: str = "HTML", verb: str = "parse"):
    """Raise :class:`SkipDocument` if the block runs longer than ``seconds`` (only where
    SIGALRM can be used: POSIX, main thread; elsewhere no limit). Inside another limit, that
    one applies."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0 or getattr(_ACTIVE, "on", False):
        yield
        return

    def on_alarm(signum, frame):
        raise _Timeout

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    _ACTIVE.on = True
    try:
        yield
    except _Timeout:
        raise SkipDocument(f"{what} took longer than {seconds:g} s to {verb}") from None
    finally:
        _ACTIVE.on = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def read_html(html: str) -> Page:
    """The article in an HTML page; :class:`SkipDocument` if none can be taken from it."""
    if len(html) > MAX_HTML_CHARS:
        raise SkipDocument(f"HTML page too large to parse (over {MAX_HTML_CHARS // 1_000_000} MB)")
    try:
        with time_limit(PARSE_SECONDS):
            page = _extract(html)
    except SkipDocument:
        raise
    except RecursionError:
        raise SkipDocument("HTML nested too deeply to parse") from None
    except MemoryError:
        raise SkipDocument("HTML too large to parse in memory") from None
    except Exception as e:  # a third-party parser on hostile input: any failure is a reason, not a crash
        raise SkipDocument(f"HTML could not be parsed ({type(e).__name__})") from None
    if page is None or not page.text.strip():
        if nesting_depth(html) > MAX_DEPTH:
            raise SkipDocument(f"HTML nested too deeply to parse (over {MAX_DEPTH} levels)")
        raise SkipDocument("no article text found in the HTML page")
    return page


def header_date(tree, title: str) -> dt.date | None:
    """The date of a dateline among the page's text lines just around its title (where
    "Thứ ba, 2/4/2024, 10:30 (GMT+7)" stands), never from sidebars further away."""
    for el in tree.xpath("//script|//style|//noscript|//template|//svg|//iframe|//head|//textarea"):
        el.drop_tree()
    key = " ".join(title.split()).casefold()
    lines = []
    for text in tree.itertext():
        line = " ".join(text.split())
        if line:
            lines.append(line)
            if len(lines) > 5000:
                break
    at = next((i for i, line in enumerate(lines) if line.casefold() == key), None)
    if at is None:
        return None
    # the lines between the title and the article's first paragraph, and a few above the title
    for span in (lines[at + 1:at + 12], lines[max(0, at - 5):at][::-1]):
        for line in span:
            if len(line.split()) >= 15:
                break
            m = dates.DATELINE.match(line[:300])
            if m and m["y"]:
                return dates.make_date(m["y"], m["m"], m["d"])
    return None


def _extract(html: str) -> Page | None:
    import htmldate
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)  # a parsed tree: a bare URL given as a string would be fetched
    if tree is None:
        return None
    date = htmldate.find_date(tree, extensive_search=False, original_date=True)
    doc = trafilatura.bare_extraction(load_html(html), with_metadata=True, include_comments=False,
                                      include_tables=True, include_images=False, include_links=False,
                                      deduplicate=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return None
    published = None
    with contextlib.suppress(TypeError, ValueError):
        published = dt.date.fromisoformat(str(date)[:10]) if date else None
    if published is None and doc.title:
        published = header_date(load_html(html), doc.title)
    url = doc.url or ""
    return Page(text=doc.text or "", title=(doc.title or "").strip(),
                url=url if url.startswith(("http://", "https://")) else "",
                source=(doc.sitename or "").strip(), published=published)
