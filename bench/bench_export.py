"""Export time, rows/s and peak memory per format, beside DuckDB's direct COPY (prints figures; not a test).

    .venv/bin/python bench/bench_export.py [--n N] [--formats csv,csv-vi,parquet,json,xlsx] [--repeat K]

Builds a store of N figures (default 1,000,000; 20 per article) with DuckDB SQL: Vietnamese
sentences from the templates of real reports (retail sales, exports, IIP, CPI, budget, FDI,
new firms, tourists) over 15 provinces, 6 outlets and five years of months, one sentence in
1,000 a formula (``=HYPERLINK(...)``), plus observations grouped from them. Then, each in a
fresh process, it runs ``civic-metrics export`` per format and DuckDB's plain ``COPY`` of the
same query (same rows, columns and order, no spreadsheet rules), and prints seconds, rows/s,
CPU seconds, peak resident MB, file size and the ratios of the two (with ``--repeat K``, the
two run in turn K times: the fastest wall and CPU time of each and the highest peak). xlsx has no
DuckDB writer: its line shows rows/s against the goal of 20,000. Goals: CSV within 1.5x of DuckDB's
COPY; xlsx >= 20,000 rows/s.

Options: --quick is --n 20000 --formats csv,parquet,xlsx; --json FILE also writes the figures as
JSON for bench/results.py; $BENCH_TMP is where the store and the files are written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

_PLACES = ["Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Bắc Ninh", "Bình Dương", "Đồng Nai",
           "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Khánh Hòa", "Lâm Đồng", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế"]
_OUTLETS = [("VnExpress", "vnexpress.net"), ("Tuổi Trẻ", "tuoitre.vn"), ("Nhân Dân", "nhandan.vn"),
            ("VTC News", "vtcnews.vn"), ("Báo Chính phủ", "baochinhphu.vn"), ("Thanh Niên", "thanhnien.vn")]
# metric, measure, unit, sentence template ({p}: place, {m}: month, {v}: value with a decimal comma)
_TEMPLATES = [
    ("retail_sales", "growth_pct", "%", "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng của {p} tháng {m} "
                                        "ước đạt 45.320 tỷ đồng, tăng {v}% so với cùng kỳ năm trước."),
    ("exports", "level", "mn USD", "Kim ngạch xuất khẩu của {p} tháng {m} ước đạt {v} triệu USD, tăng 8,2% so cùng kỳ."),
    ("iip", "growth_pct", "%", "Chỉ số sản xuất công nghiệp (IIP) tháng {m} của {p} tăng {v}% so với cùng kỳ."),
    ("cpi", "growth_pct", "%", "Chỉ số giá tiêu dùng (CPI) tháng {m} tại {p} tăng {v}% so với tháng trước."),
    ("budget_revenue", "level", "bn VND", "Thu ngân sách nhà nước trên địa bàn {p} tháng {m} ước thực hiện {v} tỷ "
                                          "đồng, đạt 18,9% dự toán."),
    ("fdi", "level", "mn USD", "Vốn đầu tư trực tiếp nước ngoài (FDI) vào {p} đến tháng {m} đạt {v} triệu USD."),
    ("new_firms", "level", "count", "Trong tháng {m}, {p} có {v} doanh nghiệp thành lập mới với số vốn đăng ký "
                                    "hơn 12.000 tỷ đồng."),
    ("tourists", "level", "count", "Tháng {m}, {p} đón khoảng {v} nghìn lượt khách quốc tế, gấp 1,5 lần cùng kỳ."),
]


GOAL_N = 1_000_000


def _sql_list(items) -> str:
    return "[" + ", ".join("'" + str(x).replace("'", "''") + "'" for x in items) + "]"


def _synthetic_sql(n: int) -> str:
    places, outlets = _sql_list(_PLACES), _sql_list(o for o, _ in _OUTLETS)
    hosts = _sql_list(h for _, h in _OUTLETS)
    metrics_, measures = _sql_list(t[0] for t in _TEMPLATES), _sql_list(t[1] for t in _TEMPLATES)
    units = _sql_list(t[2] for t in _TEMPLATES)
    templates = _sql_list(t[3] for t in _TEMPLATES)
    k = len(_TEMPLATES)
    return f"""
CREATE TEMP TABLE b_docs AS SELECT d, 'bai-' || d AS id,
    {places}[d % {len(_PLACES)} + 1] AS geo, {outlets}[d % {len(_OUTLETS)} + 1] AS source,
    'https://' || {hosts}[d % {len(_OUTLETS)} + 1] || '/kinh-te/bai-viet-' || d || '.html' AS url,
    DATE '2021-01-01' + (d % 1800)::INT AS published
FROM range(0, ({n} + 19) // 20) t(d);
INSERT INTO documents SELECT id, 'archive/' || year(published) || '/' || id || '.html', url, source,
    'Kinh tế ' || geo || ' tháng ' || month(published) || '/' || year(published) || ': tăng trưởng tích cực',
    published, '', now()::TIMESTAMP FROM b_docs ORDER BY d;
INSERT INTO figures SELECT i, d.id, 'archive/' || year(d.published) || '/' || d.id || '.html', d.source, d.url,
    d.published,
    CASE WHEN i % 1000 = 0 THEN '=HYPERLINK("http://x.invalid","bấm")'
         ELSE replace(replace(replace({templates}[i % {k} + 1], '{{p}}', d.geo), '{{m}}',
              month(d.published)::VARCHAR || '/' || year(d.published)::VARCHAR),
              '{{v}}', replace(printf('%.1f', (i * 7919 % 30000) / 10.0), '.', ',')) END,
    40 + (i % 7) * 13, 52 + (i % 7) * 13, replace(printf('%.1f', (i * 7919 % 30000) / 10.0), '.', ','),
    {metrics_}[i % {k} + 1], {measures}[i % {k} + 1], CASE WHEN i % {k} IN (0, 2) THEN 'yoy' ELSE '' END,
    (i * 7919 % 30000) / 10.0, CASE WHEN i % 17 = 0 THEN (i * 7919 % 30000) / 10.0 + 5 END,
    {units}[i % {k} + 1], CASE WHEN i % 11 = 0 THEN 'approx' ELSE 'exact' END,
    CASE WHEN i % 5 = 0 THEN 'estimate' ELSE 'actual' END, 'month',
    date_trunc('month', d.published - INTERVAL 1 MONTH)::DATE, last_day(d.published - INTERVAL 1 MONTH),
    d.geo, '', 'Kinh tế ' || d.geo || ' tháng ' || month(d.published) || '/' || year(d.published) || ': tăng trưởng tích cực'
FROM range(1, {n} + 1) t(i) JOIN b_docs d ON d.d = (i - 1) // 20 ORDER BY i;
INSERT INTO observations SELECT metric, measure, basis, geo, part, period_type, period_start, period_end,
    'actual', unit, max(value), NULL, 'actual', 'exact', count(DISTINCT doc_id), count(*),
    list(figure_id ORDER BY figure_id), min(published), max(published), max(value) > min(value) * 1.02, false,
    false, '' FROM figures GROUP BY ALL;
UPDATE civic_meta SET value = '{n + 1}' WHERE key = 'next_figure_id';
"""


def make_store(path: str, n: int) -> None:
    """A store at ``path`` holding ``n`` synthetic figures (every 1000th sentence a formula) and their observations."""
    import duckdb

    from metrics.store import Store

    Store(path).ingest_documents([])  # creates the schema
    con = duckdb.connect(path)
    con.execute("SET enable_progress_bar = false")
    con.execute(_synthetic_sql(n))
    con.close()


# Peak memory is the child's own VmHWM: Linux carries ru_maxrss over fork and exec, so it would
# report the parent's peak (e.g. after building the store) instead.
PEAK = """
def peak_mb():
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

MEASURE = PEAK + """
import os, sys, time
from metrics.cli import main
t, c = time.perf_counter(), os.times()
rc = main(sys.argv[1:])
e = os.times()
print(time.perf_counter() - t, peak_mb(), e.user + e.system - c.user - c.system, rc)
"""

DIRECT = PEAK + """
import sys, time
import duckdb
from metrics.table import COLUMNS
db, out, fmt = sys.argv[1:4]
cols = ", ".join(f'f."{c}"' for c in COLUMNS)
query = (f"SELECT {cols}, f.figure_id, coalesce(d.title, '') AS title FROM figures f "
         f"LEFT JOIN documents d ON d.id = f.doc_id ORDER BY f.figure_id")
import os
t, c = time.perf_counter(), os.times()
con = duckdb.connect(db, read_only=True)
con.execute("SET enable_progress_bar = false")
opts = {"csv": "FORMAT csv, HEADER", "parquet": "FORMAT parquet", "json": "FORMAT json, ARRAY true"}[fmt]
con.execute(f"COPY ({query}) TO '{out}' ({opts})")
con.close()
e = os.times()
print(time.perf_counter() - t, peak_mb(), e.user + e.system - c.user - c.system, 0)
"""


def _run(code: str, *args: str) -> tuple[float, float, float]:
    """(wall seconds, peak resident MB, CPU seconds) of ``code`` in a fresh process."""
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if res.returncode != 0 or res.stdout.split()[-1:] != ["0"]:
        raise RuntimeError(res.stderr or res.stdout)
    secs, peak, cpu, _ = res.stdout.split()[-4:]
    return float(secs), float(peak), float(cpu)


def measure_export(db: str, out: str, *extra: str) -> tuple[float, float]:
    """(seconds, peak resident MB) of ``civic-metrics export`` in a fresh process."""
    return _run(MEASURE, "export", "--db", db, "--out", out, "--force", *extra)[:2]


def _pairs(k: int, ours: tuple, direct: tuple | None) -> tuple[tuple, tuple | None]:
    """Each export run ``k`` times, ours and DuckDB's in turn (so that a busy moment of a shared
    machine falls on both); per side the fastest wall and CPU time and the highest peak."""
    runs: dict[int, list] = {0: [], 1: []}
    for _ in range(max(1, k)):
        runs[0].append(_run(*ours))
        if direct:
            runs[1].append(_run(*direct))

    def best(rs):
        return (min(r[0] for r in rs), max(r[1] for r in rs), min(r[2] for r in rs)) if rs else None

    return best(runs[0]), best(runs[1])


def _line(label: str, rows: int, m: tuple, path: str, extra: str = "") -> str:
    """Print one export's figures; return them in short for the JSON."""
    secs, peak, cpu = m
    size = os.path.getsize(path) / 2**20
    print(f"  {label:26} {secs:7.2f} s {rows / secs:11,.0f} rows/s  CPU {cpu:6.2f} s  peak {peak:6.0f} MB  "
          f"file {size:6.0f} MB{extra}")
    return f"{secs:.2f} s, {rows / secs:,.0f} rows/s, CPU {cpu:.2f} s, peak {peak:.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(prog="bench/bench_export.py", description=__doc__.split("\n\n")[0],
                                 epilog="\n\n".join(__doc__.split("\n\n")[2:]),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="figures in the store (default 1,000,000)")
    ap.add_argument("--formats", default="csv,csv-vi,parquet,json,xlsx",
                    help="formats to export (default csv,csv-vi,parquet,json,xlsx)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each export (fastest kept; default 1)")
    ap.add_argument("--quick", action="store_true", help="small sizes: --n 20000 --formats csv,parquet,xlsx")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON for bench/results.py")
    args = ap.parse_args()
    if args.quick:
        args.n, args.formats = 20_000, "csv,parquet,xlsx"
    import duckdb
    from results import dump, row

    rows, notes = [], []
    print(f"python {sys.version.split()[0]}, duckdb {duckdb.__version__}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        db = os.path.join(tmp, "bench.duckdb")
        t = time.perf_counter()
        make_store(db, args.n)
        con = duckdb.connect(db, read_only=True)
        n_obs = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        con.close()
        built = time.perf_counter() - t
        print(f"store of {args.n:,} figures, {n_obs:,} observations built in {built:.1f} s "
              f"({os.path.getsize(db) / 2**20:.0f} MB)")
        notes.append(f"A synthetic store of {args.n:,} figures and {n_obs:,} observations, built in {built:.0f} s; "
                     f"each export in a fresh process, best of {max(1, args.repeat)}, ours and DuckDB's in turn.")
        judged = args.n >= GOAL_N  # the goals are stated for 1M figures; a small store is all fixed cost
        at = "" if judged else f" (judged at {GOAL_N:,} figures)"
        for fmt in args.formats.split(","):
            ext = fmt.split("-")[0]
            out = os.path.join(tmp, f"out.{ext}")
            extra = ("--excel-locale", "vi") if fmt == "csv-vi" else ()
            print(f"{fmt}:")
            direct = None if fmt == "xlsx" else (DIRECT, db, out + ".direct", ext)
            ours, theirs = _pairs(args.repeat, (MEASURE, "export", "--db", db, "--out", out, "--force", *extra),
                                  direct)
            goal = ""
            if fmt == "xlsx":
                goal = f"  goal >= 20,000 rows/s: {'met' if args.n / ours[0] >= 20_000 else 'MISSED'}"
            mine = _line("civic-metrics export", args.n, ours, out, goal)
            os.remove(out)
            what = f"export {fmt}, {args.n:,} figures"
            if theirs:
                ratio, cpu_ratio = ours[0] / theirs[0], ours[2] / theirs[2]
                goal = f"  goal <= 1.5x: {'met' if ratio <= 1.5 else 'MISSED'}" if fmt == "csv" else ""
                copy = _line("DuckDB COPY, same query", args.n, theirs, out + ".direct",
                             f"  ratio {ratio:.2f}x (CPU {cpu_ratio:.2f}x){goal}")
                os.remove(out + ".direct")
                rows.append(row(what, f"{mine}; {ratio:.2f}x DuckDB's time (CPU {cpu_ratio:.2f}x)",
                                f"DuckDB COPY: {copy}", ("<= 1.5x DuckDB's COPY" + at) if fmt == "csv" else "",
                                ratio <= 1.5 if fmt == "csv" and judged else None))
            else:
                rows.append(row(what, mine, "no DuckDB writer", (">= 20,000 rows/s" + at) if fmt == "xlsx" else "",
                                args.n / ours[0] >= 20_000 if fmt == "xlsx" and judged else None))
        obs = os.path.join(tmp, "obs.csv")
        mine = _line(f"observations csv ({n_obs:,})", n_obs, _run(MEASURE, "export", "--db", db, "--out", obs,
                                                                   "--what", "observations"), obs)
        rows.append(row(f"export observations csv, {n_obs:,} observations", mine))
    dump(args.json, "export", "Exports", rows, notes)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
