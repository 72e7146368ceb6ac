"""The Dash app and ``civic-metrics serve``.

``serve`` ingests ``seeds/`` into an empty store first, then serves with waitress (the Flask
development server only with ``--debug``).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import dash

from . import callbacks, layout
from .data import Data
from .views import upload

ASSETS = Path(__file__).with_name("assets")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


#: Responses compressed with gzip when the client accepts it (and larger than COMPRESS_MIN bytes).
COMPRESS_TYPES = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                  "image/svg+xml", "text/plain")
COMPRESS_MIN = 1024
#: Compressed static files kept (scripts and styles: the same bytes for every visitor).
_GZIP_CACHE: dict[tuple, bytes] = {}
_GZIP_CACHE_SIZE = 64
_GZIP_LOCK = threading.Lock()
#: Callbacks whose answer depends only on their request and the store (cached per store version):
#: the page, the overview's cards, the explorer, the article's text, the table's rows, the language link.
CACHED_OUTPUTS = ("page.children", "ov-cards.children", "ex-graph.figure", "doc-body.children",
                  "tbl-grid.getRowsResponse", "lang-switch.href")
#: Bytes of callback answers kept per server process (the least recently used go first).
ANSWER_CACHE_BYTES = 48 * 1024 * 1024
#: Largest callback request that is not an upload (the grid's filter model, a chart's state).
MAX_CALLBACK_BYTES = 256 * 1024
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def create_app(data: Data, *, allowed_hosts=None, uploads: bool = True) -> dash.Dash:
    """A Dash app that reads ``data``.

    ``allowed_hosts``: the names the server answers to (the ``Host`` header, against DNS
    rebinding); None accepts any. ``uploads=False`` turns the upload page off.
    """
    from flask import abort, request

    from metrics.errors import CivicMetricsError

    app = dash.Dash(__name__, title="civic-metrics", assets_folder=str(ASSETS), suppress_callback_exceptions=True,
                    update_title=None, compress=False)
    app.layout = layout.shell()
    app.server.config["MAX_CONTENT_LENGTH"] = 40 * 1024 * 1024  # uploads arrive as base64 in JSON
    upload.ENABLED = uploads
    hosts = {h.lower().strip("[]") for h in allowed_hosts} if allowed_hosts else None
    answers = _Answers(data, ANSWER_CACHE_BYTES)

    @app.server.before_request
    def _guard():
        if hosts is not None and _host_name(request.host) not in hosts:
            abort(400, "unknown host")
        if request.path == "/_dash-update-component":
            _check_callback(request, uploads)
            return answers.lookup(request)
        return None

    @app.server.after_request
    def _headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Content-Security-Policy", _csp(app))
        if resp.status_code == 200 and _not_found(data):
            resp.status_code = 404  # the page still shows the friendly "not found" view
        return answers.keep(_compressed(resp, request))

    @app.server.errorhandler(CivicMetricsError)
    def _refused(e):  # e.g. a grid filter past its limits: the request's fault
        from metrics.errors import RequestTooLarge

        status = 400 if isinstance(e, RequestTooLarge) else 503
        return {"error": str(e)}, status

    @app.server.errorhandler(Exception)
    def _failed(e):
        from werkzeug.exceptions import HTTPException

        if isinstance(e, HTTPException):
            return e
        if request.path == "/_dash-update-component" and isinstance(
                e, (KeyError, TypeError, ValueError, IndexError, AttributeError)):
            return {"error": "malformed callback request"}, 400
        print(f"civic-metrics serve: {request.method} {request.path}: {type(e).__name__}: {e}", file=sys.stderr)
        return {"error": "internal error"}, 500

    callbacks.register(app, data)
    upload.register(app)
    return app


class _Answers:
    """Answers of the callbacks in :data:`CACHED_OUTPUTS`, by store version and request body (the
    inputs, state and trigger): a repeated request is answered without running Dash, as sent before
    (compressed or not, as asked). At most ``limit`` bytes; emptied when the store changes."""

    def __init__(self, data: Data, limit: int):
        import collections

        self.data, self.limit = data, limit
        self.lock = threading.Lock()
        self.items: collections.OrderedDict = collections.OrderedDict()
        self.size = 0
        self.version = None

    def _key(self, request):
        import datetime
        import hashlib

        from flask import g

        body = request.get_json(silent=True) or {}
        output = body.get("output", "")
        if not any(o in output for o in CACHED_OUTPUTS) or "up-" in output:
            return None
        gz = request.accept_encodings.quality("gzip") > 0
        # the date too: an image's footer says when it was made
        key = (self.data.version(), gz, datetime.date.today(), hashlib.sha256(request.get_data()).digest())
        g.answer_key = key
        return key

    def lookup(self, request):
        from flask import Response

        key = self._key(request)
        with self.lock:
            if key is None or key not in self.items:
                return None
            self.items.move_to_end(key)
            body, encoding = self.items[key]
        resp = Response(body, mimetype="application/json")
        if encoding:
            resp.headers["Content-Encoding"] = encoding
            resp.headers.add("Vary", "Accept-Encoding")
        return resp

    def keep(self, resp):
        from flask import g

        key = g.pop("answer_key", None)
        if key is None or resp.status_code != 200 or resp.direct_passthrough or resp.mimetype != "application/json":
            return resp
        body = resp.get_data()
        with self.lock:
            if self.version != key[0]:
                self.version, self.size = key[0], 0
                self.items.clear()
            if key not in self.items and len(body) <= self.limit // 8:
                self.items[key] = (body, resp.headers.get("Content-Encoding"))
                self.size += len(body)
                while self.size > self.limit:
                    _, (old, _) = self.items.popitem(last=False)
                    self.size -= len(old)
        return resp


def _compressed(resp, request):
    """``resp`` gzipped when the client accepts gzip and it is text worth compressing; static files
    are compressed once per content."""
    import gzip
    import zlib

    if (resp.status_code not in (200, 404) or resp.mimetype not in COMPRESS_TYPES
            or "Content-Encoding" in resp.headers or request.accept_encodings.quality("gzip") <= 0):
        return resp
    resp.headers.add("Vary", "Accept-Encoding")
    resp.direct_passthrough = False  # a static file: read it here
    body = resp.get_data()
    if len(body) < COMPRESS_MIN:
        return resp
    static = request.method == "GET" and request.path.startswith(("/assets/", "/_dash-component-suites/"))
    key = (request.path, len(body), zlib.crc32(body)) if static else None
    packed = _GZIP_CACHE.get(key) if key else None
    if packed is None:
        packed = gzip.compress(body, compresslevel=6 if static else 5, mtime=0)
        if key:
            with _GZIP_LOCK:
                if len(_GZIP_CACHE) >= _GZIP_CACHE_SIZE:
                    _GZIP_CACHE.pop(next(iter(_GZIP_CACHE)))
                _GZIP_CACHE[key] = packed
    resp.set_data(packed)
    resp.headers["Content-Encoding"] = "gzip"
    etag, weak = resp.get_etag()
    if etag:
        resp.set_etag(etag + "-gzip", weak=weak)
    return resp


def _host_name(host: str) -> str:
    """"Example.org:8050" -> "example.org"; "[::1]:8050" -> "::1"."""
    host = (host or "").lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _check_callback(request, uploads: bool) -> None:
    """400 for a callback request that is not one the app's pages send; 413 past the size limits."""
    from flask import abort

    size = request.content_length or 0
    body = request.get_json(silent=True) if request.method == "POST" else None
    if not isinstance(body, dict) or not isinstance(body.get("output"), str) \
            or not isinstance(body.get("inputs", []), list) or not isinstance(body.get("state", []), list):
        abort(400, "malformed callback request")
    is_upload = "up-preview" in body["output"] or "up-meta-note" in body["output"] or "up-result" in body["output"]
    if is_upload and not uploads:
        abort(403, "uploads are turned off on this server")
    if size > MAX_CALLBACK_BYTES and "up-preview" not in body["output"]:
        abort(413, "request too large")


_CSP_CACHE: dict[int, str] = {}


def _csp(app: dash.Dash) -> str:
    """The Content-Security-Policy: scripts from this server (and Dash's own inline ones, by
    hash; AG Grid's value formatters need eval), no plugins, no framing, no foreign requests."""
    if id(app) not in _CSP_CACHE:
        scripts = " ".join(["'self'", "'unsafe-eval'", *app.csp_hashes()])
        _CSP_CACHE[id(app)] = (f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
                               "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'")
    return _CSP_CACHE[id(app)]


def _not_found(data: Data) -> bool:
    """Is this request for a page that does not exist, or an article not in the store?"""
    from flask import request

    from . import urls

    if request.method != "GET" or request.path.startswith(("/_", "/assets/")):
        return False
    _, page, arg = urls.parse_path(request.path)
    if page == "notfound":
        return True
    if page == "explore":
        from .i18n import METRICS

        return arg not in METRICS
    if page != "doc":
        return False
    try:
        return not urls.valid_doc_id(arg) or not data.has_document(arg)
    except Exception:  # a busy store is not a missing article
        return False


def set_up(app: dash.Dash, hosts=None) -> None:
    """Do Dash's first-request work (registering the page's scripts, reading the assets) before serving.

    Dash does it on a process's first request and marks it done before it is: requests that arrive
    meanwhile on the other threads find no script registered and answer 500 ("dash is not a registered
    library"), and a browser whose React or renderer script failed stays at "Loading..." for good.
    """
    names = [h for h in hosts or [] if h not in ("0.0.0.0", "::", "")]
    host = "localhost" if not names or "localhost" in names else names[0]
    resp = app.server.test_client().get("/", headers={"Host": f"[{host}]" if ":" in host else host})
    if resp.status_code != 200:
        raise RuntimeError(f"the app's page answers {resp.status_code} before serving")


def warm(data: Data) -> None:
    """Load each metric's observations (light frame) and their index by series before serving, so
    that the first visit of each metric's explorer does not pay for them (25-40 ms a metric on a
    store of 1M figures; about 0.6 s in all, in each process, side by side). An ingest makes them
    stale; each is then loaded again by its metric's first visit."""
    from .views import explorer

    try:
        for metric in sorted(data.metrics_with_data()):
            explorer.series_index(data.series(metric))
    except Exception as e:  # a cache left cold is no error: requests load what they need
        print(f"civic-metrics serve: warming the caches: {type(e).__name__}: {e}", file=sys.stderr, flush=True)


def seed_paths() -> list[str]:
    """``seeds/`` in the working directory, else the one beside the package."""
    here = Path("seeds")
    return [str(here if here.is_dir() else SEEDS)]


def ensure_seeded(db) -> None:
    """Ingest the seed articles when the store at ``db`` is empty, with a progress line."""
    from metrics.store import Store

    store = Store(db)
    try:
        if store.is_empty():
            paths = seed_paths()
            print(f"civic-metrics serve: the store is empty; ingesting {', '.join(paths)} ...", file=sys.stderr, flush=True)
            summary = store.ingest(paths, progress=None)
            line = summary.line() if hasattr(summary, "line") else summary
            print(f"civic-metrics serve: {line}", file=sys.stderr, flush=True)
    finally:
        store.close()


def cli_serve(args) -> int:
    """``civic-metrics serve [--db FILE] [--host H] [--port P] [--debug]``; returns the exit status."""
    db = args.db or os.environ.get("CIVIC_METRICS_DB") or None
    ensure_seeded(db)
    hosts = list(getattr(args, "allow_host", None) or [])
    if args.host in LOOPBACK or args.host.startswith("127."):
        hosts += [*LOOPBACK, args.host]
    elif args.host not in ("0.0.0.0", "::", ""):
        hosts.append(args.host)
    if not hosts:
        print("civic-metrics serve: answering to any host name; pass --allow-host NAME to name the ones "
              "this server is reached by", file=sys.stderr, flush=True)
    url = f"http://{args.host}:{args.port}/"
    processes = max(1, int(getattr(args, "processes", 1) or 1))
    if processes > 1 and not args.debug:
        return _serve_processes(db, hosts, not getattr(args, "no_upload", False), args.host, args.port, processes)
    data = Data(db)
    app = create_app(data, allowed_hosts=hosts or None, uploads=not getattr(args, "no_upload", False))
    if args.debug:
        print(f"civic-metrics serve: development server on {url}", file=sys.stderr, flush=True)
        app.run(host=args.host, port=args.port, debug=True)
        return 0
    from waitress import serve

    set_up(app, hosts)
    warm(data)
    print(f"civic-metrics serve: serving on {url} (press Ctrl+C to stop)", file=sys.stderr, flush=True)
    serve(app.server, host=args.host, port=args.port, threads=8, ident="civic-metrics",
          max_request_body_size=40 * 1024 * 1024)
    return 0


def _serve_processes(db, hosts: list[str], uploads: bool, host: str, port: int, processes: int) -> int:
    """Serve from ``processes`` worker processes sharing one listening socket (the kernel spreads
    the connections), so that requests use every core. Previews wait in one folder they share;
    the upload readers are shared out so that the server as a whole runs two at most."""
    import json
    import shutil
    import socket
    import subprocess
    import tempfile
    import time

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=1024)
    sock.set_inheritable(True)
    pending = tempfile.mkdtemp(prefix="civic-pending-")
    env = {**os.environ, "CIVIC_METRICS_PENDING_DIR": pending,
           "CIVIC_METRICS_PARSERS": str(max(1, 2 // processes))}
    config = json.dumps({"db": db, "hosts": hosts, "uploads": uploads, "fd": sock.fileno(), "parent": os.getpid()})
    workers = [subprocess.Popen([sys.executable, "-I", "-m", "dashboard.app", config], pass_fds=[sock.fileno()],
                                env=env) for _ in range(processes)]
    print(f"civic-metrics serve: serving on http://{host}:{port}/ with {processes} processes "
          f"(press Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        while all(w.poll() is None for w in workers):
            time.sleep(0.5)
        print("civic-metrics serve: a server process stopped; stopping", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for w in workers:
            if w.poll() is None:
                w.terminate()
        for w in workers:
            try:
                w.wait(10)
            except subprocess.TimeoutExpired:
                w.kill()
        sock.close()
        shutil.rmtree(pending, ignore_errors=True)


def _worker_main(config: str) -> None:
    """One serving process of :func:`_serve_processes` (dies with its parent)."""
    import json
    import socket

    from waitress import serve

    from metrics.corpus import _die_with_parent

    cfg = json.loads(config)
    _die_with_parent(cfg["parent"])
    sock = socket.socket(fileno=cfg["fd"])
    data = Data(cfg["db"])
    app = create_app(data, allowed_hosts=cfg["hosts"] or None, uploads=cfg["uploads"])
    set_up(app, cfg["hosts"])
    warm(data)
    serve(app.server, sockets=[sock], threads=8, ident="civic-metrics", max_request_body_size=40 * 1024 * 1024)


if __name__ == "__main__":
    _worker_main(sys.argv[1])
