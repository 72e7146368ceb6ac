"""The app at scale, on a real DuckDB store built by bench/bench_app.py and the real server over HTTP:
bench_app's JSON report has the shape bench/results.py reads (timings are not checked); a point
carries one small key, and its sources are capped with a note of how many more there are."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("dash")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import bench_app  # noqa: E402
from bench_load import CLI, free_port, payload  # noqa: E402

from dashboard import charts  # noqa: E402

#: Figures in the test store: the ten most stated observations get FIGURES // 1000 each (> 50).
FIGURES = 60_000


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("scale") / "scale.duckdb")
    bench_app.build_store(db, FIGURES)
    return db


@pytest.fixture(scope="module")
def server(store):
    port = free_port()
    proc = subprocess.Popen([*CLI, "serve", "--db", store, "--port", str(port), "--processes", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        for _ in range(600):
            try:
                if bench_app.Client(port).call("GET", "/")[1] == 200:
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read())
                time.sleep(0.2)
        yield bench_app.Client(port)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


@pytest.mark.slow
def test_bench_app_writes_its_report(store, tmp_path):
    out = tmp_path / "app.json"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_app.py"), "--store", store, "--calls", "3",
                           "--processes", "1", "--json", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) == {"section", "title", "rows", "notes"} and report["section"] == "app"
    assert isinstance(report["title"], str) and all(isinstance(n, str) for n in report["notes"])
    kinds = [r["what"] for r in report["rows"]]
    for kind in ("overview", "point click", "table page", "explorer change", "document view"):
        assert kind in kinds
    assert any(k.startswith("static") for k in kinds)
    for row in report["rows"]:
        assert set(row) == {"what", "measured", "anchor", "goal", "met"}
        assert all(isinstance(row[k], str) for k in ("what", "measured", "anchor", "goal"))
        assert row["met"] is None or isinstance(row["met"], bool)
        assert "errors" not in row["measured"], row  # every call answered 200
    assert "p95" in report["rows"][0]["measured"]


def _explorer(client, metric, geo, measure, unit, click=None) -> dict:
    dep = client.dep("ex-graph.figure")
    body = payload(dep, {"ex-url.pathname": f"/explore/{metric}", "ex-url.search": "", "ex-geo.value": [geo],
                         "ex-measure.value": measure, "ex-ptype.value": "month", "ex-part.value": "",
                         "ex-unit.value": unit, "ex-view.value": "chart", "ex-graph.clickData": click})
    body["changedPropIds"] = ["ex-graph.clickData" if click else "ex-measure.value"]
    took, status, wire, raw = client.call("POST", "/_dash-update-component", body)
    assert status == 200, raw[:300]
    return json.loads(raw)["response"]


def test_points_carry_a_key_and_their_sources_are_capped(store, server):
    picks = bench_app.picks(store, 5)
    key, metric, geo, measure, unit, n = picks["clicks"][0]  # the most stated observation
    assert n > 50
    shown = _explorer(server, metric, geo, measure, unit)
    custom = [c[0] for t in shown["ex-graph"]["figure"]["data"] for c in t.get("customdata") or [] if c[0]]
    assert custom and all(c.isdigit() for c in custom) and str(key) in custom  # one id per point

    clicked = _explorer(server, metric, geo, measure, unit, {"points": [{"customdata": [str(key), ""]}]})
    assert clicked["ex-url"]["search"].endswith(f"fig={key}")
    text = json.dumps(clicked["ex-sources"]["children"], ensure_ascii=False)
    assert text.count('"source-list"') == 1 and text.count("data-figure") == 50
    assert f"Nguồn ({n})" in text and f"Và {n - 50} câu khác" in text
    patch = clicked["ex-graph"]["figure"]  # only the ring trace is sent, not the chart
    assert [(o["operation"], o["location"]) for o in patch["operations"]] == [("Assign", ["data", charts.RING])]
    selected = patch["operations"][0]["params"]["value"]  # the circled point
    assert [c[0] for c in selected["customdata"]] == [str(key)]
    assert "ex-notes" not in clicked  # a click leaves the notes and controls as they are


def test_responses_are_compressed_and_the_overview_answers(store, server):
    page = server.dep("page.children")
    body = payload(page, {"url.pathname": "/", "url.search": "?geo=H%C3%A0+N%E1%BB%99i"})
    took, status, wire, raw = server.call("POST", "/_dash-update-component", body)
    assert status == 200 and wire < len(raw) / 2
    cards = json.dumps(json.loads(raw)["response"]["page"]["children"], ensure_ascii=False)
    assert cards.count('"data-metric"') >= 10 and "Hà Nội" in cards
    assert gzip.compress(raw)  # the body decoded from gzip is JSON (checked above)


def test_a_repeated_answer_follows_an_ingest_by_another_process(store, server, tmp_path):
    """Answers are kept per store version: the same request answers the same until another process
    adds an article; then at once the new figure (no time-to-live to wait for)."""
    page = server.dep("page.children")
    body = payload(page, {"url.pathname": "/", "url.search": "?geo=H%C3%A0+N%E1%BB%99i"})
    first = server.call("POST", "/_dash-update-component", body)
    again = server.call("POST", "/_dash-update-component", body)
    assert first[1] == again[1] == 200 and first[3] == again[3] and "1/2027" not in first[3].decode()
    assert "tháng 1/2027" not in json.dumps(json.loads(first[3]), ensure_ascii=False)
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "hn.txt").write_text(
        "Hà Nội, ngày 5/2/2027. Báo cáo kinh tế - xã hội tháng 1/2027 của Hà Nội.\n\n"
        "Tháng 1/2027, kim ngạch xuất khẩu của Hà Nội ước đạt 1.234 triệu USD, tăng 5,0% so với cùng kỳ.\n",
        encoding="utf-8")
    done = subprocess.run([*CLI, "ingest", "--no-progress", "--db", store, str(folder)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    after = server.call("POST", "/_dash-update-component", body)
    assert after[1] == 200 and "tháng 1/2027" in json.dumps(json.loads(after[3]), ensure_ascii=False)
