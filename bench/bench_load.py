"""Load on the app, bounded and on loopback: a store of N articles, the real server
(``civic-metrics serve``), C clients for S seconds requesting what a browser requests (the page
shell, then the page, explorer and table callbacks). Prints p50/p95 per request kind, errors,
requests/s and the server's memory at start, peak and end. Goal (issue 8): 50 clients, p95 <= 1 s,
0 errors, memory flat. Prints figures; asserts nothing.

usage: python bench/bench_load.py [--docs 5000] [--clients 50] [--seconds 60] [--db FILE] [--json FILE]

``--json FILE`` also writes the figures for bench/results.py (section "load").
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [str(ROOT / ".venv" / "bin" / "civic-metrics")]
if not os.path.exists(CLI[0]):
    CLI = [sys.executable, "-m", "metrics.cli"]
PLACES = ["Hà Nội", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Bắc Ninh", "Quảng Ninh", "Nghệ An", "Thanh Hóa",
          "Bình Dương", "Đồng Nai", "Khánh Hòa", "Lâm Đồng"]
METRICS = ["exports", "imports", "retail_sales", "iip", "cpi", "budget_revenue", "tourists", "grdp"]


def article(i: int) -> str:
    rnd = random.Random(i)
    place = PLACES[i % len(PLACES)]
    year, month = 2019 + (i // 12) % 7, 1 + i % 12
    return (f"{place}, ngày 5/{month}/{year}. Báo cáo kinh tế - xã hội tháng {month}/{year} của {place}.\n\n"
            f"Tháng {month}/{year}, kim ngạch xuất khẩu của {place} ước đạt {rnd.randint(200, 3000)} triệu USD, "
            f"tăng {rnd.randint(1, 300) / 10:.1f}% so với cùng kỳ. Kim ngạch nhập khẩu đạt "
            f"{rnd.randint(200, 3000)} triệu USD. Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt "
            f"{rnd.randint(5000, 90000)} tỷ đồng, tăng {rnd.randint(1, 200) / 10:.1f}%. Chỉ số sản xuất công "
            f"nghiệp (IIP) tăng {rnd.randint(1, 200) / 10:.1f}% so với cùng kỳ. Chỉ số giá tiêu dùng (CPI) "
            f"tăng {rnd.randint(1, 50) / 10:.1f}% so với cùng kỳ. Bản tin số {i}.\n")


def build_store(db: str, n: int) -> None:
    with tempfile.TemporaryDirectory(prefix="civic-load-") as tmp:
        for i in range(n):
            Path(tmp, f"a{i:06d}.txt").write_text(article(i), encoding="utf-8")
        t = time.monotonic()
        done = subprocess.run([*CLI, "ingest", "--no-progress", "--db", db, tmp], capture_output=True, text=True)
        print(f"store: {done.stderr.strip().splitlines()[-1]} in {time.monotonic() - t:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB."""
    total = 0
    for p in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def call(port: int, method: str, path: str, body: dict | None = None) -> int:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        con.request(method, path, body=json.dumps(body).encode() if body else None,
                    headers={"Content-Type": "application/json"})
        resp = con.getresponse()
        resp.read()
        return resp.status
    finally:
        con.close()


def payload(dep: dict, values: dict) -> dict:
    """A callback request for dependency ``dep`` with inputs and state from ``values`` ("id.prop")."""
    def ref(r):
        return {"id": r["id"], "property": r["property"], "value": values.get(f"{r['id']}.{r['property']}")}
    outs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True)) for o in dep["output"].strip(".").split("...")]
    inputs = [ref(r) for r in dep["inputs"]]
    return {"output": dep["output"], "outputs": outs if len(outs) > 1 else outs[0], "inputs": inputs,
            "state": [ref(r) for r in dep.get("state", [])], "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}


def requests_of(port: int) -> list[tuple[str, str, str, dict | None]]:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    con.request("GET", "/_dash-dependencies")
    deps = json.loads(con.getresponse().read())
    con.close()
    page = next(d for d in deps if "page.children" in d["output"])
    explorer = next(d for d in deps if "ex-graph.figure" in d["output"])
    rows = next(d for d in deps if "tbl-grid.getRowsResponse" in d["output"])
    out = [("shell", "GET", "/", None), ("shell", "GET", "/explore/exports", None)]
    for path in ("/", "/table", "/en/explore/exports"):
        out.append(("page", "POST", "/_dash-update-component", payload(page, {"url.pathname": path, "url.search": ""})))
    for metric in METRICS[:4]:
        out.append(("explorer", "POST", "/_dash-update-component", payload(explorer, {
            "ex-url.search": "", "ex-url.pathname": f"/explore/{metric}"})))
    for f in ({}, {"geo": {"filterType": "text", "type": "equals", "filter": "Hà Nội"}},
              {"value": {"filterType": "number", "type": "greaterThan", "filter": 1000}}):
        out.append(("table", "POST", "/_dash-update-component", payload(rows, {
            "tbl-grid.getRowsRequest": {"startRow": 0, "endRow": 50, "filterModel": f, "sortModel": [
                {"colId": "value", "sort": "desc"}]}, "tbl-url.search": "", "lang-store.data": "vi"})))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--db", help="an existing store to serve (default: build one of --docs articles)")
    ap.add_argument("--processes", type=int, default=2, help="server processes (default 2, as `serve`)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON for bench/results.py")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="civic-load-db-")
    db = args.db or os.path.join(tmp, "load.duckdb")
    if not args.db:
        build_store(db, args.docs)
    port = free_port()
    server = subprocess.Popen([*CLI, "serve", "--db", db, "--port", str(port), "--processes", str(args.processes)],
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(600):
            try:
                if call(port, "GET", "/") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        reqs = requests_of(port)
        for _, method, path, body in reqs:  # warm the caches once, as a first visitor would
            call(port, method, path, body)
        mem = {"start": rss_mb(server.pid), "peak": 0.0}
        times: dict[str, list[float]] = {}
        errors: dict[str, int] = {}
        lock, stop = threading.Lock(), time.monotonic() + args.seconds

        def client(k: int) -> None:
            rnd = random.Random(k)
            while time.monotonic() < stop:
                kind, method, path, body = rnd.choice(reqs)
                t = time.monotonic()
                try:
                    status = call(port, method, path, body)
                except OSError as e:
                    status = type(e).__name__
                dt = time.monotonic() - t
                with lock:
                    times.setdefault(kind, []).append(dt)
                    if status != 200:
                        errors[f"{kind} {status}"] = errors.get(f"{kind} {status}", 0) + 1

        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(args.clients)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            mem["peak"] = max(mem["peak"], rss_mb(server.pid))
            time.sleep(0.5)
        mem["end"] = rss_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    total = sum(len(v) for v in times.values())
    print(f"{args.clients} clients, {args.seconds:g} s, {total} requests, {total / args.seconds:.1f} requests/s")
    print(f"{'kind':10} {'n':>7} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    everything = []
    for kind, ts in sorted(times.items()):
        ts.sort()
        everything += ts
        print(f"{kind:10} {len(ts):7d} {ts[len(ts) // 2]:7.3f} {ts[int(len(ts) * 0.95)]:7.3f} {ts[-1]:7.3f}")
    everything.sort()
    if everything:
        print(f"{'all':10} {len(everything):7d} {everything[len(everything) // 2]:7.3f} "
              f"{everything[int(len(everything) * 0.95)]:7.3f} {everything[-1]:7.3f}")
    n_errors = sum(errors.values())
    print(f"errors: {n_errors}" + (f" ({', '.join(f'{k}: {n}' for k, n in errors.items())})" if errors else ""))
    print(f"server memory MB: start {mem['start']:.0f}, peak {mem['peak']:.0f}, end {mem['end']:.0f}")
    if args.json:
        write_json(args, times, everything, total, n_errors, errors, mem)


def write_json(args, times: dict, everything: list, total: int, n_errors: int, errors: dict, mem: dict) -> None:
    """The figures in the shape bench/results.py reads."""
    def p(ts, q):
        return ts[min(len(ts) - 1, int(len(ts) * q))] if ts else float("nan")

    p95 = p(everything, 0.95)
    rows = [{"what": f"all requests, {args.clients} clients", "measured":
             f"p50 {p(everything, 0.5):.2f} s, p95 {p95:.2f} s, {total / args.seconds:.1f} requests/s",
             "anchor": "p95 1.58 s before (issue 8)", "goal": "p95 <= 1 s", "met": bool(everything) and p95 <= 1.0},
            {"what": "errors", "measured": str(n_errors) + (f" ({', '.join(f'{k}: {n}' for k, n in errors.items())})"
                                                           if errors else ""),
             "anchor": "", "goal": "0", "met": n_errors == 0},
            {"what": "server memory", "measured": f"start {mem['start']:.0f} MB, peak {mem['peak']:.0f} MB, "
                                                  f"end {mem['end']:.0f} MB", "anchor": "", "goal": "flat", "met": None}]
    for kind, ts in sorted(times.items()):
        rows.append({"what": f"{kind} requests", "measured": f"p50 {p(ts, 0.5):.2f} s, p95 {p(ts, 0.95):.2f} s "
                                                             f"({len(ts)})", "anchor": "", "goal": "", "met": None})
    out = {"section": "load", "title": f"Load: {args.clients} clients for {args.seconds:g} s, "
                                       f"{'store ' + args.db if args.db else f'{args.docs:,} articles'}, "
                                       f"{args.processes} server processes, {os.cpu_count()} cores",
           "rows": rows, "notes": ["memory: resident MB of the server and its processes; 'flat' is judged by "
                                   "the reader from start, peak and end"]}
    Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
