"""Add articles: upload files (type and size limits), preview what was found, then store them."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
import secrets
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor

from dash import dcc, html

from .. import i18n, urls
from ..upload_worker import parse_file
from .common import message

MAX_BYTES = 2_000_000
MAX_FILES = 10
TYPES = (".txt", ".md", ".html", ".htm")
TIMEOUT = 20.0
#: Files read at the same time (one child process each).
PARALLEL = 4
#: token -> [(file name, Document, rows)] waiting for "save"; a few at most.
_PENDING: dict[str, list] = {}
_LOCK = threading.Lock()


def layout(lang: str) -> html.Div:
    help_text = i18n.t(lang, "upload_help", mb=MAX_BYTES // 1_000_000, n=MAX_FILES)
    return html.Div([
        html.H1(i18n.t(lang, "upload")),
        html.Label(help_text, htmlFor="up-files", className="visually-hidden"),
        dcc.Upload(id="up-files", multiple=True, max_size=MAX_BYTES, accept=",".join(TYPES),
                   children=html.Div([html.Span("⇪ ", **{"aria-hidden": "true"}), help_text]),
                   className="dropzone"),
        dcc.Loading(html.Div(id="up-preview", **{"aria-live": "polite"}), type="circle"),
        html.Button(i18n.t(lang, "upload_save"), id="up-save", className="button", disabled=True),
        dcc.Store(id="up-token"),
        dcc.Loading(html.Div(id="up-result", **{"aria-live": "polite"}), type="circle"),
    ], className="upload-view")


def safe_name(name: str | None) -> str:
    name = os.path.basename(str(name or "upload.txt").replace("\\", "/"))
    name = "".join(c for c in name if c.isprintable())[:120]
    return name or "upload.txt"


def decode(content: str | None) -> bytes | None:
    """The bytes of a data: URL from dcc.Upload; None if malformed or too big."""
    if not content or "," not in content:
        return None
    b64 = content.split(",", 1)[1]
    if len(b64) * 3 // 4 > MAX_BYTES + 3:
        return None
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) <= MAX_BYTES else None


def read_upload(name: str, raw: bytes):
    """(Document, rows) for one uploaded file, read in a child process; or an error string."""
    from metrics.document import Document

    suffix = os.path.splitext(name)[1].lower()
    with tempfile.TemporaryDirectory(prefix="civic-upload-") as tmp:
        path = os.path.join(tmp, "upload" + suffix)
        with open(path, "wb") as fh:
            fh.write(raw)
        out = parse_file(path, timeout=TIMEOUT)
    if "error" in out:
        return out["error"]
    d = out["doc"]
    published = dt.date.fromisoformat(d["published"][:10]) if d.get("published") else None
    doc = Document(text=d["text"], path=name, title=d.get("title") or "", url=d.get("url") or "",
                   source=d.get("source") or "", published=published,
                   excluded=[tuple(x) for x in d.get("excluded") or []])
    return doc, out["rows"]


def _found(name: str, doc, rows: list[dict], lang: str) -> html.Li:
    items = []
    for r in rows[:50]:
        value = i18n.value_text(r.get("value"), r.get("unit", ""), lang, r.get("value_high"))
        period = i18n.period_text(r.get("period_type", ""), r.get("period_start"), r.get("period_end"), lang)
        items.append(html.Li(f"{i18n.metric_name(r.get('metric', ''), lang)}: {value} · {period} · "
                             f"{i18n.status_name(r.get('status', ''), lang)} — “{r.get('quote', '')}”"))
    head = i18n.t(lang, "upload_found", name=name, n=len(rows))
    return html.Li([html.Strong(head), html.Span(f" {doc.title}" if doc.title else ""), html.Ul(items)])


def _check(content, name: str, lang: str) -> tuple[str, bytes | str]:
    """(name, bytes) for an acceptable file, else (name, the reason it is refused)."""
    if not name.lower().endswith(TYPES):
        return name, i18n.t(lang, "err_type")
    raw = decode(content)
    return (name, raw) if raw is not None else (name, i18n.t(lang, "err_size", mb=MAX_BYTES // 1_000_000))


def preview(contents, filenames, lang: str):
    """(preview children, token, save disabled) for the files just chosen."""
    contents = contents if isinstance(contents, list) else [contents] if contents else []
    filenames = filenames if isinstance(filenames, list) else [filenames] if filenames else []
    if not contents:
        return [], None, True
    if len(contents) > MAX_FILES:
        return [message(i18n.t(lang, "err_count", n=MAX_FILES), kind="error")], None, True
    checked = [_check(content, safe_name(name), lang) for content, name in zip(contents, filenames, strict=False)]
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:  # each read is its own child process
        results = list(pool.map(lambda c: c if isinstance(c[1], str) else (c[0], read_upload(*c)), checked))
    ok, shown = [], []
    for name, got in results:
        if isinstance(got, str):
            why = i18n.t(lang, "err_timeout") if got == "timeout" else got
            shown.append(html.Li(message(i18n.t(lang, "upload_error", name=name, why=why), kind="error")))
        else:
            ok.append((name, *got))
            shown.append(_found(name, *got, lang))
    token = None
    if ok:
        token = secrets.token_hex(8)
        with _LOCK:
            while len(_PENDING) >= 8:
                _PENDING.pop(next(iter(_PENDING)))
            _PENDING[token] = ok
    return [html.Ul(shown, className="found")], token, not ok


def save(data, token: str | None, lang: str) -> list:
    """Store the previewed documents; a message with links to the charts of what they contain."""
    with _LOCK:
        ok = _PENDING.pop(token, None) if token else None
    if not ok:
        return [message(i18n.t(lang, "upload_nothing"), kind="error")]
    try:
        data.add_documents([(doc, rows) for _, doc, rows in ok])  # rows from the time-limited reader
    except Exception as e:  # the store's own message is the most useful thing to show
        return [message(i18n.t(lang, "err_store", why=str(e)[:300]), kind="error")]
    metrics = sorted({r.get("metric") for _, _, rows in ok for r in rows if r.get("metric")})
    links = [dcc.Link(i18n.metric_name(m, lang), href=urls.href(lang, "explore", m), className="chip")
             for m in metrics]
    docs = [html.Li(dcc.Link(doc.title or name, href=urls.href(lang, "doc", doc.doc_id), className="saved-doc"))
            for name, doc, _ in ok]
    return [message(i18n.t(lang, "upload_saved", n=len(ok)), kind="success",
                    children=[html.Div(links), html.Ul(docs)])]
