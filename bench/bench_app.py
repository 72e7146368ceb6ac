"""The app's callbacks over HTTP on a large store (issue 10, app part): p50/p95 per callback.

    .venv/bin/python bench/bench_app.py [--figures 1000000] [--store PATH] [--calls 50] [--json FILE]

Builds a store of ``--figures`` synthetic figures with DuckDB SQL (about 1,000,000 take a minute or
two; 20 figures an article, 30 places, 16 metrics, 8 years of months, so about 90,000 observations,
ten of them stated by a thousand figures each, and about one observation in ten conflicting), or
reuses ``--store PATH`` (built there first if the file does not exist). Then starts the real server
(``civic-metrics serve``) in a subprocess and calls each callback ``--calls`` times with varied
inputs, as a browser would (gzip accepted): the overview of a place, a click on an explorer point
(its sources), a table page at a deep offset, a change of the explorer's controls, the document
view; beside them the page shell and the largest script (static parts). Prints p50/p95 per kind
and the server's CPU time per call (user + system of its processes, less disturbed by other jobs on
a shared machine than wall time); asserts nothing. Goal: p95 <= 150 ms each.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_load import CLI, free_port, payload, rss_mb  # noqa: E402

PLACES = ["Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Bắc Ninh", "Bình Dương", "Đồng Nai",
          "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Khánh Hòa", "Lâm Đồng", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế",
          "Hải Dương", "Hưng Yên", "Vĩnh Phúc", "Thái Nguyên", "Bắc Giang", "Long An", "Tiền Giang", "Kiên Giang",
          "An Giang", "Đắk Lắk", "Gia Lai", "Bình Định", "Quảng Nam", "Quảng Ngãi", "Phú Thọ"]
METRICS = ["grdp", "grdp_per_capita", "iip", "retail_sales", "exports", "imports", "cpi", "new_firms",
           "new_firms_capital", "budget_revenue", "budget_spending", "fdi", "fdi_disbursed", "public_investment",
           "tourists", "tourism_revenue"]
UNITS = {"grdp": "bn VND", "grdp_per_capita": "mn VND", "iip": "%", "retail_sales": "bn VND", "exports": "mn USD",
         "imports": "mn USD", "cpi": "%", "new_firms": "count", "new_firms_capital": "bn VND",
         "budget_revenue": "bn VND", "budget_spending": "bn VND", "fdi": "mn USD", "fdi_disbursed": "mn USD",
         "public_investment": "bn VND", "tourists": "count", "tourism_revenue": "bn VND"}
OUTLETS = ["VnExpress", "Tuổi Trẻ", "Nhân Dân", "VTC News", "Báo Chính phủ", "Thanh Niên"]
MONTHS = 96
GOAL_MS = 150.0
#: Issue 10's measurements before this work (2 cores, a store of 1,000,000 figures): p50 / p95 ms.
BEFORE = {"overview": "743 / 2,199 ms", "point click": "350 / 697 ms", "table page": "907 / 1,009 ms",
          "explorer change": "151 / 201 ms", "document view": "", "static": "20 ms"}


def _list(items) -> str:
    return "[" + ", ".join("'" + str(x).replace("'", "''") + "'" for x in items) + "]"


def build_store(path: str, n: int) -> None:
    """A store at ``path`` of ``n`` synthetic figures (20 an article) and their observations."""
    import duckdb

    from metrics.store import Store

    Store(path).ingest_documents([])  # the schema, through the store
    keys = len(METRICS) * 2 * len(PLACES) * MONTHS
    units = _list(UNITS[m] for m in METRICS)
    sql = f"""
CREATE TEMP TABLE b AS SELECT i, (i - 1) // 20 AS d,
    CASE WHEN i % 100 = 0 THEN (i // 100) % 10 ELSE (i * 7919) % {keys} END AS o FROM range(1, {n} + 1) t(i);
CREATE TEMP TABLE b2 AS SELECT i, d, o, {_list(METRICS)}[o % {len(METRICS)} + 1] AS metric,
    CASE WHEN (o // {len(METRICS)}) % 2 = 0 THEN 'level' ELSE 'growth_pct' END AS measure,
    {_list(PLACES)}[(o // {2 * len(METRICS)}) % {len(PLACES)} + 1] AS geo,
    (DATE '2018-01-01' + to_months(((o // {2 * len(METRICS) * len(PLACES)}) % {MONTHS})::INT))::DATE AS ps,
    {_list(OUTLETS)}[d % {len(OUTLETS)} + 1] AS source, printf('%016x', d) AS doc_id,
    CASE WHEN i % 23 = 0 THEN 'target' WHEN i % 7 = 0 THEN 'estimate' ELSE 'actual' END AS status
FROM b;
CREATE TEMP TABLE b3 AS SELECT *, last_day(ps) AS pe, (DATE '2018-02-10' + to_days((d * 13 % 3000)::INT))::DATE AS published,
    CASE WHEN measure = 'level' THEN {units}[o % {len(METRICS)} + 1] ELSE '%' END AS unit,
    CASE WHEN measure = 'level' THEN 100 + (o * 37 % 50000) / 10.0 ELSE (o % 300) / 10.0 END
        * CASE WHEN i % 97 = 0 THEN 1.1 ELSE 1 END AS value FROM b2;
CREATE TEMP TABLE b4 AS SELECT *, replace(printf('%.1f', value), '.', ',') AS vtext FROM b3;
CREATE TEMP TABLE b5 AS SELECT *, 'đạt ' || vtext || CASE WHEN unit = '%' THEN '%' ELSE ' ' || unit END AS quote,
    'Chỉ tiêu ' || metric || ' của ' || geo || ' tháng ' || month(ps) || '/' || year(ps) || ' ' || quote
        || ', theo báo cáo số ' || i || '.' AS sentence FROM b4;
CREATE TEMP TABLE b6 AS SELECT *, sum(length(sentence) + 1) OVER (PARTITION BY d ORDER BY i) - length(sentence) - 1
    + instr(sentence, quote) - 1 AS qstart FROM b5;
INSERT INTO documents SELECT doc_id, 'bench/' || doc_id || '.txt', 'https://example.com/tin/' || doc_id,
    any_value(source), 'Bản tin kinh tế số ' || d, any_value(published), string_agg(sentence, ' ' ORDER BY i),
    now()::TIMESTAMP FROM b6 GROUP BY d, doc_id ORDER BY d;
INSERT INTO figures SELECT i, doc_id, 'bench/' || doc_id || '.txt', source, 'https://example.com/tin/' || doc_id,
    published, sentence, qstart, qstart + length(quote), quote, metric,
    measure, CASE WHEN measure = 'growth_pct' THEN 'yoy' ELSE '' END, value, NULL, unit, 'exact', status,
    'month', ps, pe, geo, '', 'Bản tin kinh tế số ' || d FROM b6 ORDER BY i;
INSERT INTO observations SELECT metric, measure, basis, geo, part, period_type, period_start, period_end,
    CASE WHEN status = 'target' THEN 'target' ELSE 'actual' END AS kind, unit, arg_max(value, published), NULL,
    arg_max(status, published), 'exact', count(DISTINCT doc_id), count(*), list(figure_id ORDER BY figure_id),
    min(published), max(published), max(value) > min(value) * 1.02, false, false, ''
FROM figures GROUP BY metric, measure, basis, geo, part, period_type, period_start, period_end, kind, unit;
UPDATE civic_meta SET value = '{n + 1}' WHERE key = 'next_figure_id';
"""
    con = duckdb.connect(path)
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(sql)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def picks(path: str, k: int) -> dict:
    """Inputs for the calls, read from the store before the server starts: observations to click
    (the most stated first), series to show, articles to open, the number of figures."""
    import duckdb

    con = duckdb.connect(path, read_only=True)
    try:
        cols = "figure_ids[1], metric, geo, measure, unit, len(figure_ids)"
        big = con.execute(f"SELECT {cols} FROM observations WHERE status_kind = 'actual' AND period_type = 'month' "
                          f"AND part = '' ORDER BY len(figure_ids) DESC LIMIT {max(1, k // 5)}").fetchall()
        some = con.execute(f"SELECT {cols} FROM observations WHERE status_kind = 'actual' AND period_type = 'month' "
                           f"AND part = '' USING SAMPLE reservoir({4 * k} ROWS) REPEATABLE (7)").fetchall()
        series = con.execute("SELECT DISTINCT metric, geo, measure, unit FROM observations WHERE period_type = 'month' "
                             f"AND status_kind = 'actual' AND part = '' USING SAMPLE reservoir({4 * k} ROWS) "
                             "REPEATABLE (3)").fetchall()
        docs = [r[0] for r in con.execute(f"SELECT id FROM documents USING SAMPLE reservoir({k + 1} ROWS) "
                                          "REPEATABLE (5)").fetchall()]
        places = [r[0] for r in con.execute("SELECT geo FROM observations GROUP BY geo ORDER BY count(*) DESC").fetchall()]
        n = con.execute("SELECT count(*) FROM figures").fetchone()[0]
    finally:
        con.close()
    clicks = list(dict.fromkeys(big + some))
    return {"clicks": clicks, "series": list(dict.fromkeys(series)), "docs": docs, "places": places, "figures": n}


class Client:
    """Requests to the server, gzip accepted, timed."""

    def __init__(self, port: int):
        self.port = port
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        con.request("GET", "/_dash-dependencies")
        self.deps = json.loads(con.getresponse().read())
        con.close()

    def dep(self, output: str) -> dict:
        return next(d for d in self.deps if output in d["output"])

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[float, int, int, bytes]:
        """(seconds, status, bytes on the wire, body)."""
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        t = time.perf_counter()
        try:
            con.request(method, path, body=json.dumps(body).encode() if body is not None else None,
                        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"})
            resp = con.getresponse()
            raw = resp.read()
            took = time.perf_counter() - t
            plain = gzip.decompress(raw) if resp.getheader("Content-Encoding") == "gzip" else raw
            return took, resp.status, len(raw), plain
        finally:
            con.close()


def calls(client: Client, p: dict, n: int, n_figures: int) -> dict[str, list[tuple[str, str, dict | None]]]:
    """n requests of each kind, inputs varied (the first of each list serves as warm-up)."""
    page, ex, rows = client.dep("page.children"), client.dep("ex-graph.figure"), client.dep("tbl-grid.getRowsResponse")

    def explorer(metric, geo, measure, unit, click=None):
        values = {"ex-url.pathname": f"/explore/{metric}", "ex-url.search": "", "ex-geo.value": [geo],
                  "ex-measure.value": measure, "ex-ptype.value": "month", "ex-part.value": "", "ex-unit.value": unit,
                  "ex-from.value": None, "ex-to.value": None, "ex-view.value": "chart", "ex-graph.clickData": click}
        body = payload(ex, values)
        body["changedPropIds"] = ["ex-graph.clickData" if click else "ex-measure.value"]
        return ("POST", "/_dash-update-component", body)

    def cycle(items, k):
        return [items[i % len(items)] for i in range(k)] if items else []

    out = {"overview": [("POST", "/_dash-update-component", payload(page, {
        "url.pathname": "/", "url.search": "?" + urlencode({"geo": g})})) for g in cycle(p["places"], n + 1)]}
    out["point click"] = [explorer(m, g, ms, u, {"points": [{"customdata": [str(key), ""]}]})
                          for key, m, g, ms, u, _ in cycle(p["clicks"], n + 1)]
    deep = max(0, n_figures // 2)
    out["table page"] = [("POST", "/_dash-update-component", payload(rows, {
        "tbl-grid.getRowsRequest": {"startRow": deep + 50 * i, "endRow": deep + 50 * (i + 1), "filterModel": {},
                                    "sortModel": [{"colId": "value", "sort": "desc"}]},
        "tbl-url.search": "", "lang-store.data": "vi"})) for i in range(n + 1)]
    out["explorer change"] = [explorer(*s) for s in cycle(p["series"], n + 1)]
    out["document view"] = [("POST", "/_dash-update-component", payload(page, {
        "url.pathname": f"/doc/{d}", "url.search": ""})) for d in cycle(p["docs"], n + 1)]
    return out


def pct(ts: list[float], q: float) -> float:
    ts = sorted(ts)
    return ts[min(len(ts) - 1, int(len(ts) * q))] if ts else float("nan")


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by the server ``pid`` and its worker processes."""
    from bench_load import children

    total = 0
    for q in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{q}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def measure(port: int, p: dict, n: int, pid: int) -> tuple[dict, list[str]]:
    """{kind: (times, mean bytes, errors, server CPU seconds per call)} and notes."""
    client = Client(port)
    _, _, _, shell = client.call("GET", "/")
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', shell.decode())
    sizes = {}
    for src in scripts:
        _, _, wire, body = client.call("GET", src)
        sizes[src] = (len(body), wire)
    biggest = max(sizes, key=lambda s: sizes[s][0]) if sizes else "/"
    results = {}
    plain_total, wire_total = sum(v[0] for v in sizes.values()), sum(v[1] for v in sizes.values())
    results["static: page shell"] = [("GET", "/", None)] * (n + 1)
    results["static: largest script"] = [("GET", biggest, None)] * (n + 1)
    results.update(calls(client, p, n, p["figures"]))
    out = {}
    for kind, reqs in results.items():
        client.call(*reqs[0])  # a first visitor: warms what any request of this kind shares
        times, wire, errors = [], [], 0
        cpu0 = cpu_seconds(pid)
        for method, path, body in reqs[1:]:
            took, status, size, _ = client.call(method, path, body)
            times.append(took)
            wire.append(size)
            errors += status != 200
        cpu = (cpu_seconds(pid) - cpu0) / max(1, len(reqs) - 1)
        out[kind] = (times, sum(wire) / max(1, len(wire)), errors, cpu)
    notes = [f"scripts of the page: {plain_total / 1e6:.1f} MB, {wire_total / 1e6:.2f} MB gzipped on the wire"]
    return out, notes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--figures", type=int, default=1_000_000, help="figures in a built store (default 1,000,000)")
    ap.add_argument("--store", help="a store to reuse (built there with --figures if the file does not exist)")
    ap.add_argument("--calls", type=int, default=50, help="timed calls per kind (default 50)")
    ap.add_argument("--processes", type=int, default=2, help="server processes (default 2, as `serve`)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON for bench/results.py")
    args = ap.parse_args()
    tmp = None
    db = args.store
    if not db:
        tmp = tempfile.mkdtemp(prefix="civic-bench-app-")
        db = os.path.join(tmp, "app.duckdb")
    if not os.path.exists(db):
        t = time.monotonic()
        build_store(db, args.figures)
        print(f"store: {args.figures:,} figures built in {time.monotonic() - t:.0f} s ({db})", flush=True)
    p = picks(db, args.calls)
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--db", db, "--port", str(port), "--processes", str(args.processes)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(600):
            try:
                if Client(port).call("GET", "/")[1] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        mem0 = rss_mb(server.pid)
        out, notes = measure(port, p, args.calls, server.pid)
        mem1 = rss_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    title = (f"App callbacks over HTTP: {p['figures']:,} figures, {args.processes} server processes, "
             f"{args.calls} calls each, {os.cpu_count()} cores")
    print(title)
    print(f"{'what':24} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'KB':>8} {'errors':>6}  before (p50 / p95)")
    rows = []
    for kind, (times, size, errors, cpu) in out.items():
        p50, p95 = pct(times, 0.5) * 1000, pct(times, 0.95) * 1000
        static = kind.startswith("static")
        before = BEFORE["static" if static else kind]
        print(f"{kind:24} {p50:8.1f} {p95:8.1f} {cpu * 1000:8.1f} {size / 1024:8.1f} {errors:6d}  {before}")
        rows.append({"what": kind, "measured": f"p50 {p50:,.0f} ms, p95 {p95:,.0f} ms, server CPU {cpu * 1000:,.0f} "
                     f"ms a call, {size / 1024:,.0f} KB" + (f", {errors} errors" if errors else ""),
                     "anchor": f"{before} before" if before else "",
                     "goal": "" if static else f"p95 <= {GOAL_MS:.0f} ms, no errors",
                     "met": None if static else bool(p95 <= GOAL_MS and not errors)})
    notes += [f"server memory {mem0:.0f} MB before the calls, {mem1:.0f} MB after",
              f"load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other jobs inflate "
              "wall times; server CPU per call does not depend on them as much)",
              "each kind: one warm-up call, then calls with varied inputs (30 places, 50 points of which the "
              "most stated first, 50 series, 50 articles, deep table pages); cached results are reused only "
              "when an input repeats",
              "store: built by bench/bench_app.py (synthetic reports, about 11 figures per observation, the "
              "ten most stated observations with about 1,000)" if not args.store or tmp else f"store: {args.store}"]
    for n_ in notes:
        print(n_)
    if args.json:
        Path(args.json).write_text(json.dumps({"section": "app", "title": title, "rows": rows, "notes": notes},
                                              ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
