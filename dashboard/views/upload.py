"""Add articles: upload files (type and size limits), preview what was found, then store them.

Every refused file gets a visible reason (the browser is not asked to filter them, since it would
drop them silently). Files are read by child processes through one queue for the whole server
(:mod:`dashboard.upload_worker`). Saving never deletes or replaces a stored article.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import os
import pickle
import re
import secrets
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from dash import Input, Output, State, dcc, html

from .. import i18n, urls
from ..upload_worker import parse_file, queued
from .common import message

MAX_BYTES = 2_000_000
MAX_FILES = 10
TYPES = (".txt", ".md", ".html", ".htm")
#: Seconds one file may take to read once its reader has started.
TIMEOUT = 60.0
#: Files of one request handed to the server-wide queue at the same time.
PARALLEL = 4
#: Longest file name shown and stored (the extension is kept).
MAX_NAME = 80
#: Previews waiting for "save", and how long one is kept.
MAX_PENDING = 64
PENDING_SECONDS = 3600.0
_LOCK = threading.Lock()


class _Pending:
    """Previews waiting for "save": token -> (time, [(file name, Document, rows)], {published,
    source} given), one file each in a private folder, so that every server process sees them
    (``CIVIC_METRICS_PENDING_DIR``, set by ``serve`` for its processes; else a folder of ours)."""

    def __init__(self):
        self._dir: str | None = None

    def folder(self) -> str:
        if self._dir is None or not os.path.isdir(self._dir):
            import tempfile

            self._dir = os.environ.get("CIVIC_METRICS_PENDING_DIR") or tempfile.mkdtemp(prefix="civic-pending-")
        return self._dir

    def _file(self, token) -> str | None:
        if not isinstance(token, str) or not re.fullmatch(r"[0-9a-f]{32}", token):
            return None
        return os.path.join(self.folder(), token + ".pickle")

    def put(self, token: str, value: tuple) -> None:
        folder = self.folder()
        now = time.time()
        entries = sorted((e.stat().st_mtime, e.path) for e in os.scandir(folder) if e.name.endswith(".pickle"))
        for i, (mtime, path) in enumerate(entries):
            if now - mtime > PENDING_SECONDS or len(entries) - i >= MAX_PENDING:  # the oldest go first
                with contextlib.suppress(OSError):
                    os.remove(path)
        tmp = os.path.join(folder, f".{token}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self._file(token))

    def get(self, token):
        path = self._file(token)
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except (OSError, TypeError, pickle.PickleError, EOFError):
            return None

    def pop(self, token):
        """The preview of ``token``, taken (atomically, so a token works once), or None."""
        path = self._file(token)
        if path is None:
            return None
        taken = f"{path}.{os.getpid()}.{secrets.token_hex(4)}.taken"
        try:
            os.rename(path, taken)
        except OSError:
            return None
        try:
            with open(taken, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError):
            return None
        finally:
            with contextlib.suppress(OSError):
                os.remove(taken)


_PENDING = _Pending()
#: False when the server runs with ``--no-upload``.
ENABLED = True

#: Words of this view that are not (yet) in :mod:`dashboard.i18n`.
WORDS = {
    "err_base64": ("tệp gửi lên bị hỏng (mã base64 không hợp lệ)", "the file arrived damaged (invalid base64)"),
    "queued": ("Có {n} tệp của người khác đang chờ đọc trước; các tệp của bạn được đọc sau chúng.",
               "{n} files from other users were waiting to be read; yours were read after them."),
    "err_busy": ("máy chủ đang đọc {n} tệp khác; hãy thử lại sau ít phút",
                 "the server is reading {n} other files; please try again in a few minutes"),
    "no_date": ("Không tìm thấy ngày đăng: hãy nhập ngày bên dưới, nếu không các số liệu sẽ không có ngày đăng.",
                "No publication date found: set it below, or its figures will have no publication date."),
    "no_source": ("Không tìm thấy nguồn (tên báo): hãy nhập bên dưới.",
                  "No outlet found: set it below."),
    "meta_help": ("Cho các bài chưa có ngày đăng hoặc nguồn:", "For articles without a date or outlet:"),
    "meta_date": ("Ngày đăng", "Publication date"),
    "meta_source": ("Nguồn (tên báo)", "Outlet"),
    "meta_set": ("Sẽ dùng: {what}", "Will use: {what}"),
    "already": ("{n} bài đã có sẵn trong kho, không lưu lại.", "{n} articles were already stored; nothing changed."),
    "already_doc": ("đã có sẵn", "already stored"),
    "expired": ("Bản xem trước đã hết hạn hoặc đã được lưu; hãy chọn lại tệp.",
                "This preview has expired or was saved already; please choose the files again."),
    "disabled": ("Máy chủ này không nhận tải bài viết lên.", "This server does not accept uploads."),
    "busy_store": ("kho dữ liệu đang được cập nhật; hãy thử lại sau ít phút",
                   "the store is being updated; please try again in a few minutes"),
    "store_failed": ("kho dữ liệu không ghi được; hãy báo cho người quản trị",
                     "the store could not be written; please tell the administrator"),
}


def w(lang: str, key: str, **kw) -> str:
    s = WORDS[key][1 if lang == "en" else 0]
    return s.format(**kw) if kw else s


def layout(lang: str) -> html.Div:
    if not ENABLED:
        return html.Div([html.H1(i18n.t(lang, "upload")), message(w(lang, "disabled"), kind="info")],
                        className="upload-view")
    help_text = i18n.t(lang, "upload_help", mb=MAX_BYTES // 1_000_000, n=MAX_FILES)
    return html.Div([
        html.H1(i18n.t(lang, "upload")),
        html.Label(help_text, htmlFor="up-files", className="visually-hidden"),
        dcc.Upload(id="up-files", multiple=True,
                   children=html.Div([html.Span("⇪ ", **{"aria-hidden": "true"}), help_text]),
                   className="dropzone"),
        dcc.Loading(html.Div(id="up-preview", **{"aria-live": "polite"}), type="circle"),
        html.Fieldset([
            html.Legend(w(lang, "meta_help")),
            html.Label([w(lang, "meta_date"), " ", dcc.Input(id="up-published", type="date", debounce=True)]),
            html.Label([w(lang, "meta_source"), " ", dcc.Input(id="up-source", type="text", maxLength=80,
                                                               debounce=True)]),
            html.Span(id="up-meta-note", **{"aria-live": "polite"}),
        ], className="upload-meta"),
        html.Button(i18n.t(lang, "upload_save"), id="up-save", className="button", disabled=True),
        dcc.Store(id="up-token"),
        dcc.Loading(html.Div(id="up-result", **{"aria-live": "polite"}), type="circle"),
    ], className="upload-view")


def register(app) -> None:
    """The callback that records a date and outlet for the previewed articles lacking them."""

    @app.callback(Output("up-meta-note", "children"), Input("up-published", "value"),
                  Input("up-source", "value"), State("up-token", "data"), State("lang-store", "data"),
                  prevent_initial_call=True)
    def _meta(published, source, token, lang):
        return set_metadata(token, published, source, lang or "vi")


def set_metadata(token, published, source, lang: str) -> str:
    """Give the pending articles of ``token`` without a date or outlet these ones; a note saying so."""
    try:
        day = dt.date.fromisoformat(str(published)[:10]) if published else None
    except ValueError:
        day = None
    source = " ".join(str(source or "").split())[:80]
    with _LOCK:
        got = _PENDING.get(token)
        if not got:
            return ""
        _PENDING.put(token, (got[0], got[1], {"published": day, "source": source}))
    what = ", ".join(x for x in (day.strftime("%d/%m/%Y") if day else "", source) if x)
    return w(lang, "meta_set", what=what) if what else ""


def safe_name(name: str | None) -> str:
    """The base name, printable, at most :data:`MAX_NAME` characters with its extension kept."""
    name = os.path.basename(str(name or "upload.txt").replace("\\", "/"))
    name = "".join(c for c in name if c.isprintable()).strip() or "upload.txt"
    if len(name) > MAX_NAME:
        stem, ext = os.path.splitext(name)
        ext = ext if len(ext) <= 10 else ""
        name = stem[:MAX_NAME - len(ext) - 1] + "…" + ext
    return name


def decode(content: str | None) -> bytes | str:
    """The bytes of a data: URL from dcc.Upload, or why not: "size" (too big) or "base64" (malformed)."""
    if not isinstance(content, str) or "," not in content:
        return "base64"
    b64 = content.split(",", 1)[1]
    if len(b64) * 3 // 4 > MAX_BYTES + 3:
        return "size"
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        return "base64"
    return raw if len(raw) <= MAX_BYTES else "size"


def read_upload(name: str, raw: bytes):
    """(Document, rows) for one uploaded file, read in a child process; or an error string."""
    import tempfile

    from metrics.document import Document

    suffix = os.path.splitext(name)[1].lower()
    with tempfile.TemporaryDirectory(prefix="civic-upload-") as tmp:
        path = os.path.join(tmp, "upload" + suffix)
        with open(path, "wb") as fh:
            fh.write(raw)
        out = parse_file(path, timeout=TIMEOUT)
    if "error" in out:
        return out["error"] if out["error"] != "busy" else f"busy:{out.get('queued', 0)}"
    d = out["doc"]
    published = dt.date.fromisoformat(d["published"][:10]) if d.get("published") else None
    doc = Document(text=d["text"], path=name, title=d.get("title") or "", url=d.get("url") or "",
                   source=d.get("source") or "", published=published,
                   excluded=[tuple(x) for x in d.get("excluded") or []])
    return doc, out["rows"]


def _found(name: str, doc, rows: list[dict], lang: str) -> html.Li:
    items = []
    for r in rows[:50]:
        value = i18n.value_text(r.get("value"), r.get("unit", ""), lang, r.get("value_high"),
                                qualifier=r.get("qualifier", ""))
        period = i18n.period_text(r.get("period_type", ""), r.get("period_start"), r.get("period_end"), lang)
        basis = i18n.basis_name(r.get("basis") or "", lang)
        parts = [f"{i18n.metric_name(r.get('metric', ''), lang)}: {value}", basis, period,
                 r.get("geo") or "", i18n.status_name(r.get("status", ""), lang)]
        items.append(html.Li(" · ".join(p for p in parts if p) + f" — “{r.get('quote', '')}”"))
    head = i18n.t(lang, "upload_found", name=name, n=len(rows))
    warnings = [message(w(lang, key), kind="warning") for key, missing in
                (("no_date", not doc.published), ("no_source", not doc.source)) if missing]
    return html.Li([html.Strong(head), html.Span(f" {doc.title}" if doc.title else ""), *warnings,
                    html.Ul(items)])


def _check(content, name: str, lang: str) -> tuple[str, bytes | str]:
    """(name, bytes) for an acceptable file, else (name, the reason it is refused)."""
    if not name.lower().endswith(TYPES):
        return name, i18n.t(lang, "err_type")
    raw = decode(content)
    if raw == "size":
        return name, i18n.t(lang, "err_size", mb=MAX_BYTES // 1_000_000)
    if raw == "base64":
        return name, w(lang, "err_base64")
    return name, raw


def _why(got: str, lang: str) -> str:
    if got == "timeout":
        return i18n.t(lang, "err_timeout")
    if got.startswith("busy:"):
        return w(lang, "err_busy", n=got.partition(":")[2])
    return got


def preview(contents, filenames, lang: str):
    """(preview children, token, save disabled) for the files just chosen."""
    contents = contents if isinstance(contents, list) else [contents] if contents else []
    filenames = filenames if isinstance(filenames, list) else [filenames] if filenames else []
    if not contents:
        return [], None, True
    if len(contents) > MAX_FILES:
        return [message(i18n.t(lang, "err_count", n=MAX_FILES), kind="error")], None, True
    filenames = filenames + [None] * (len(contents) - len(filenames))
    checked = [_check(content, safe_name(name), lang) for content, name in zip(contents, filenames, strict=True)]
    ahead = queued()
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:  # the reads wait in the server-wide queue
        results = list(pool.map(lambda c: c if isinstance(c[1], str) else (c[0], read_upload(*c)), checked))
    ok, shown = [], []
    for name, got in results:
        if isinstance(got, str):
            why = _why(got, lang)
            shown.append(html.Li(message(i18n.t(lang, "upload_error", name=name, why=why), kind="error")))
        else:
            ok.append((name, *got))
            shown.append(_found(name, *got, lang))
    token = None
    if ok:
        token = secrets.token_hex(16)
        with _LOCK:
            _PENDING.put(token, (time.time(), ok, {}))
    note = [message(w(lang, "queued", n=ahead), kind="info")] if ahead else []
    return [*note, html.Ul(shown, className="found")], token, not ok


def _with_metadata(doc, rows: list[dict], meta: dict):
    """``doc`` and its rows with the date and outlet the user gave, where the article had none."""
    import dataclasses

    change = {k: v for k, v in meta.items() if v and not getattr(doc, k)}
    if not change:
        return doc, rows
    return dataclasses.replace(doc, **change), [{**r, **change} for r in rows]


def _count(summary, key: str, default: int) -> int:
    value = summary.get(key) if isinstance(summary, dict) else getattr(summary, key, None)
    return int(value) if value is not None else default


def save(data, token: str | None, lang: str) -> list:
    """Store the previewed documents; a message with links to the charts of what they contain."""
    with _LOCK:
        got = _PENDING.pop(token)
    if not got:
        return [message(i18n.t(lang, "upload_nothing") + " " + w(lang, "expired"), kind="error")]
    _, ok, meta = got
    ok = [(name, *_with_metadata(doc, rows, meta)) for name, doc, rows in ok]
    stored_before = set()
    for _, doc, _ in ok:
        try:
            if data.document(doc.doc_id) is not None:
                stored_before.add(doc.doc_id)
        except Exception:  # only for the wording; the save below decides
            pass
    try:
        summary = data.add_documents([(doc, rows) for _, doc, rows in ok])  # rows from the time-limited reader
    except Exception as e:
        from metrics.store import StoreBusy

        print(f"civic-metrics serve: an upload could not be saved: {type(e).__name__}: {e}", file=sys.stderr)
        why = w(lang, "busy_store") if isinstance(e, StoreBusy) else w(lang, "store_failed")
        return [message(i18n.t(lang, "err_store", why=why), kind="error")]
    unchanged = _count(summary, "unchanged", len(stored_before))
    new = _count(summary, "new", len(ok) - unchanged) + _count(summary, "replaced", 0)
    places: dict[tuple[str, str], None] = {}
    for _, doc, rows in ok:
        if doc.doc_id in stored_before:
            continue
        for r in rows:
            if r.get("metric"):
                places[(r["metric"], r.get("geo") or "")] = None
    links = [dcc.Link(f"{i18n.metric_name(m, lang)}" + (f" · {g}" if g else ""),
                      href=urls.href(lang, "explore", m, geo=g or None), className="chip")
             for m, g in sorted(places)]
    docs = [html.Li([dcc.Link(doc.title or name, href=urls.href(lang, "doc", doc.doc_id), className="saved-doc"),
                     html.Span(f" ({w(lang, 'already_doc')})" if doc.doc_id in stored_before else "")])
            for name, doc, _ in ok]
    text = i18n.t(lang, "upload_saved", n=new) if new else ""
    if unchanged:
        text = (text + " " + w(lang, "already", n=unchanged)).strip()
    return [message(text, kind="success", children=[html.Div(links), html.Ul(docs)])]
