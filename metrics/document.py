"""Documents: turning a file or a string into NFC article text plus its metadata.

MINIMAL PLACEHOLDER: the full reader (front matter, sidecars, HTML, encodings,
datelines, boilerplate detection) is being written; the interface below is fixed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SkipDocument

SUFFIXES = (".txt", ".md", ".html", ".htm")


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

    @property
    def doc_id(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]

    def is_excluded(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.excluded)


def from_text(text: str, *, published=None, url=None, source=None, path: str = "", title: str = "") -> Document:
    text = unicodedata.normalize("NFC", text)
    pub = published
    if isinstance(pub, str) and pub:
        pub = dt.date.fromisoformat(pub[:10])
    elif isinstance(pub, dt.datetime):
        pub = pub.date()
    return Document(text=text, path=path, url=url or "", source=source or "", published=pub or None, title=title)


def read_path(path) -> Document:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise SkipDocument(f"cannot read: {e.strerror}") from None
    if not raw.strip():
        raise SkipDocument("empty file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SkipDocument("not UTF-8 text") from None
    return from_text(text, path=str(path))
