"""Addresses: every view's state lives in its URL, so a copied link reproduces it.

Paths: ``/`` overview, ``/explore/<metric>``, ``/doc/<id>``, ``/table``, ``/upload``; the English
interface is the same path under ``/en``. Filters and the selected point are in the query string.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from .i18n import METRICS

DOC_ID = re.compile(r"[0-9a-f]{16}")
METRIC = re.compile(r"[a-z_]{2,40}")


def parse_path(pathname: str | None) -> tuple[str, str, str]:
    """``/en/explore/exports`` -> ("en", "explore", "exports"); an unknown path or metric gives page "notfound"."""
    parts = [p for p in (pathname or "/").split("/") if p]
    lang = "vi"
    if parts and parts[0] in ("en", "vi"):
        lang = parts.pop(0)
    if not parts:
        return lang, "overview", ""
    page, arg = parts[0], "/".join(parts[1:])
    if page in ("table", "upload") and not arg:
        return lang, page, ""
    if page == "explore" and arg in METRICS:
        return lang, page, arg
    if page == "doc" and arg and "/" not in arg:
        return lang, page, arg
    return lang, "notfound", ""


def parse_query(search: str | None) -> dict[str, str]:
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))


def query(**params) -> str:
    """``?a=1&b=2`` from the params that have a value ("" when none)."""
    kept = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    return "?" + urlencode(kept) if kept else ""


def href(lang: str, page: str, arg: str = "", **params) -> str:
    """The address of a view: href("en", "explore", "exports", geo="Hà Nội")."""
    path = "" if page == "overview" else "/" + page + ("/" + quote(arg, safe="") if arg else "")
    prefix = "/en" if lang == "en" else ""
    return (prefix + path or "/") + query(**params)


def switch_lang(pathname: str | None, search: str | None) -> str:
    """The same view in the other language."""
    lang, _, _ = parse_path(pathname)
    parts = [p for p in (pathname or "/").split("/") if p]
    if parts and parts[0] in ("en", "vi"):
        parts.pop(0)
    rest = "/" + "/".join(parts) if parts else "/"
    if lang == "vi":
        rest = "/en" + (rest if rest != "/" else "")
    return rest + (search or "")


def valid_doc_id(s: str | None) -> bool:
    return bool(s) and DOC_ID.fullmatch(s) is not None


def int_list(s: str | None, limit: int = 200) -> list[int]:
    """"3,5,8" -> [3, 5, 8]; anything that is not a small list of integers gives []."""
    out = []
    for part in (s or "").split(",")[:limit]:
        if part.strip().isdigit() and len(part.strip()) < 12:
            out.append(int(part))
    return out


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) address with a host and no spaces or control characters."""
    if not url or not isinstance(url, str) or len(url) > 2000:
        return None
    if any(c.isspace() or ord(c) < 32 or c in "<>\"'`\\" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _frag(s: str) -> str:
    return quote(s, safe="").replace("-", "%2D")


def text_fragment(sentence: str, words: int = 6) -> str:
    """``#:~:text=`` directive that makes the browser scroll to ``sentence`` on the publisher's page."""
    toks = (sentence or "").split()
    if not toks:
        return ""
    if len(toks) <= 2 * words:
        return "#:~:text=" + _frag(" ".join(toks))
    return "#:~:text=" + _frag(" ".join(toks[:words])) + "," + _frag(" ".join(toks[-words:]))


def original_link(url: str | None, sentence: str = "") -> str | None:
    """The original article's address with a text fragment for ``sentence``; None if not http(s)."""
    url = safe_url(url)
    if not url:
        return None
    return url.split("#", 1)[0] + text_fragment(sentence)
