"""The app as a public service, through a real server (waitress) on loopback: Host header checks,
a Content-Security-Policy, 404 for unknown pages, 4xx for malformed or oversized callbacks."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("dash")

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv" / "bin" / "civic-metrics")]
if not os.path.exists(CLI[0]):
    CLI = [sys.executable, "-m", "metrics.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("server") / "s.duckdb"
    port = free_port()
    proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read())
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def request(port, method, path, body=None, headers=None):
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    con.request(method, path, body=data, headers={"Content-Type": "application/json", **(headers or {})})
    resp = con.getresponse()
    out = resp.status, dict(resp.getheaders()), resp.read()
    con.close()
    return out


def grid_call(port, get_rows_request: dict) -> dict:
    """The table's rows callback, built from the app's own callback list."""
    _, _, raw = request(port, "GET", "/_dash-dependencies")
    dep = next(d for d in json.loads(raw) if "tbl-grid.getRowsResponse" in d["output"])
    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in dep["output"].strip(".").split("...")]
    return {"output": dep["output"], "outputs": outputs,
            "inputs": [{"id": "tbl-grid", "property": "getRowsRequest", "value": get_rows_request}],
            "state": [{"id": "tbl-url", "property": "search", "value": ""},
                      {"id": "lang-store", "property": "data", "value": "vi"}],
            "changedPropIds": ["tbl-grid.getRowsRequest"]}


def test_the_host_header_must_name_this_server(server):
    status, _, _ = request(server, "GET", "/", headers={"Host": "attacker.example:8050"})
    assert status == 400
    for host in (f"127.0.0.1:{server}", f"localhost:{server}"):
        status, _, _ = request(server, "GET", "/", headers={"Host": host})
        assert status == 200


def test_pages_carry_a_content_security_policy(server):
    status, headers, _ = request(server, "GET", "/table")
    csp = headers.get("Content-Security-Policy", "")
    assert status == 200 and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_unknown_metric_answers_404(server):
    assert request(server, "GET", "/explore/no_such_metric")[0] == 404
    assert request(server, "GET", "/en/explore/%3Cscript%3E")[0] == 404
    assert request(server, "GET", "/explore/exports")[0] == 200


@pytest.mark.parametrize("body", [b"not json", b"[]", {"output": 5}, {"output": "x.y", "inputs": "nope"},
                                  {"output": "nowhere.children", "outputs": {"id": "nowhere", "property": "children"},
                                   "inputs": [], "changedPropIds": []}])
def test_malformed_callbacks_answer_4xx(server, body):
    status, _, raw = request(server, "POST", "/_dash-update-component", body)
    assert 400 <= status < 500, (status, raw[:300])
    assert b"Traceback" not in raw and b"/tmp" not in raw and str(ROOT).encode() not in raw


def test_the_grid_answers_a_normal_filter_and_refuses_a_huge_one(server):
    ok = grid_call(server, {"startRow": 0, "endRow": 50, "sortModel": [],
                            "filterModel": {"metric": {"filterType": "text", "type": "equals", "filter": "exports"}}})
    status, _, raw = request(server, "POST", "/_dash-update-component", ok)
    assert status == 200, raw[:300]
    conds = [{"filterType": "text", "type": "contains", "filter": f"x{i}"} for i in range(20_000)]
    huge = grid_call(server, {"startRow": 0, "endRow": 50, "sortModel": [], "filterModel": {
        "quote": {"filterType": "text", "operator": "OR", "conditions": conds}}})
    status, _, raw = request(server, "POST", "/_dash-update-component", huge)
    assert status in (400, 413), raw[:300]
    few = grid_call(server, {"startRow": 0, "endRow": 50, "sortModel": [], "filterModel": {
        "quote": {"filterType": "text", "operator": "OR", "conditions": conds[:3]}}})
    status, _, raw = request(server, "POST", "/_dash-update-component", few)
    assert status == 400 and b"at most 2 conditions" in raw
    bad_rows = grid_call(server, {"startRow": "many", "endRow": 50})
    assert request(server, "POST", "/_dash-update-component", bad_rows)[0] == 400


def test_uploads_can_be_turned_off(tmp_path):
    from dashboard.app import create_app
    from dashboard.data import Data
    from dashboard.views import upload

    app = create_app(Data(str(tmp_path / "s.duckdb")), uploads=False)
    try:
        client = app.server.test_client()
        status = client.post("/_dash-update-component", json={
            "output": "..up-preview.children...up-token.data...up-save.disabled..", "inputs": []}).status_code
        assert status == 403
        assert "does not accept uploads" in str(upload.layout("en"))
    finally:
        upload.ENABLED = True


def test_text_is_gzipped_when_the_client_accepts_it(server):
    import gzip
    import re

    status, headers, raw = request(server, "GET", "/", headers={"Accept-Encoding": "gzip, deflate"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip" and "Accept-Encoding" in headers.get("Vary", "")
    page = gzip.decompress(raw).decode()
    assert "<html" in page.lower() and "default-src 'self'" in headers.get("Content-Security-Policy", "")
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+\.js[^"]*)"', page)
    biggest = (0, b"")
    for src in scripts:
        status, headers, raw = request(server, "GET", src, headers={"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip", src
        plain = gzip.decompress(raw)
        biggest = max(biggest, (len(plain), raw))
        assert headers.get("X-Content-Type-Options") == "nosniff"
    assert biggest[0] > 100_000 and len(biggest[1]) < biggest[0] / 2  # the large bundles shrink
    _, headers, raw = request(server, "GET", "/")  # no Accept-Encoding: plain text
    assert "Content-Encoding" not in headers and b"<html" in raw.lower()
    body = grid_call(server, {"startRow": 0, "endRow": 50, "sortModel": [], "filterModel": {}})
    status, headers, raw = request(server, "POST", "/_dash-update-component", body, {"Accept-Encoding": "gzip"})
    assert status == 200 and json.loads(gzip.decompress(raw) if headers.get("Content-Encoding") == "gzip" else raw)
    status, headers, raw = request(server, "GET", "/no/such/page", headers={"Accept-Encoding": "gzip"})
    assert status == 404


def test_a_fresh_server_answers_its_first_requests_side_by_side(tmp_path):
    """A browser asks a freshly started server for the page's scripts side by side. Dash does its setup on
    a process's first request and marks it done first: requests meanwhile were answered 500 ("dash is not
    a registered library") and the page stayed at "Loading..." (half of the fresh starts on 2 cores). The
    server now does that setup before it serves."""
    from concurrent.futures import ThreadPoolExecutor

    import dash

    ver = dash.__version__
    scripts = [f"/_dash-component-suites/dash/deps/react@18.v{ver.replace('.', '_')}m1.3.1.min.js",
               f"/_dash-component-suites/dash/dcc/dash_core_components.v{ver.replace('.', '_')}m1.js",
               f"/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v{ver.replace('.', '_')}m1.min.js",
               "/_dash-layout", "/_dash-dependencies"]
    db = tmp_path / "s.duckdb"
    for _ in range(3):  # each start a fresh race
        port = free_port()
        proc = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert proc.poll() is None, proc.stderr.read()
                    time.sleep(0.05)
            with ThreadPoolExecutor(16) as pool:
                answers = list(pool.map(lambda p, port=port: (p, request(port, "GET", p)[0]), scripts * 4))
            assert [a for a in answers if a[1] != 200] == []
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
        assert "not a registered library" not in proc.stderr.read()
