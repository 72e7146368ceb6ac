"""The Dash app and ``civic-metrics serve``.

``serve`` ingests ``seeds/`` into an empty store first, then serves with waitress (the Flask
development server only with ``--debug``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dash

from . import callbacks, layout
from .data import Data
from .views import upload

ASSETS = Path(__file__).with_name("assets")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def create_app(data: Data) -> dash.Dash:
    """A Dash app that reads ``data``."""
    app = dash.Dash(__name__, title="civic-metrics", assets_folder=str(ASSETS), suppress_callback_exceptions=True,
                    update_title=None, compress=False)
    app.layout = layout.shell()
    app.server.config["MAX_CONTENT_LENGTH"] = 40 * 1024 * 1024  # uploads arrive as base64 in JSON

    @app.server.after_request
    def _headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        if resp.status_code == 200 and _not_found(data):
            resp.status_code = 404  # the page still shows the friendly "not found" view
        return resp

    callbacks.register(app, data)
    upload.register(app)
    return app


def _not_found(data: Data) -> bool:
    """Is this request for a page that does not exist, or an article not in the store?"""
    from flask import request

    from . import urls

    if request.method != "GET" or request.path.startswith(("/_", "/assets/")):
        return False
    _, page, arg = urls.parse_path(request.path)
    if page == "notfound":
        return True
    if page != "doc":
        return False
    try:
        return not urls.valid_doc_id(arg) or data.document(arg) is None
    except Exception:  # a busy store is not a missing article
        return False


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
    app = create_app(Data(db))
    url = f"http://{args.host}:{args.port}/"
    if args.debug:
        print(f"civic-metrics serve: development server on {url}", file=sys.stderr, flush=True)
        app.run(host=args.host, port=args.port, debug=True)
        return 0
    from waitress import serve

    print(f"civic-metrics serve: serving on {url} (press Ctrl+C to stop)", file=sys.stderr, flush=True)
    serve(app.server, host=args.host, port=args.port, threads=8, ident="civic-metrics",
          max_request_body_size=40 * 1024 * 1024)
    return 0
