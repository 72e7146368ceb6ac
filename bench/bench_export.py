"""Export throughput and peak memory on a synthetic store (not a test: prints figures).

    .venv/bin/python bench/bench_export.py [N_FIGURES] [--formats csv,parquet,json,xlsx]

Builds a store of N figures (default 1,000,000) with DuckDB SQL, then exports it once per
format, each in a fresh process, and prints rows/s and the peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

SYNTHETIC_SQL = """
INSERT INTO documents SELECT 'doc' || d, 'archive/' || d || '.txt', 'https://example.vn/bai-' || d,
    'VTC News', 'Kinh tế Hà Nội tháng ' || (d % 12 + 1), DATE '2020-01-01' + (d % 2000)::INT, '', now()::TIMESTAMP
FROM range(0, ({n} + 19) // 20) t(d);
INSERT INTO figures SELECT i, 'doc' || (i // 20), 'archive/' || (i // 20) || '.txt', 'VTC News',
    'https://example.vn/bai-' || (i // 20), DATE '2020-01-01' + ((i // 20) % 2000)::INT,
    CASE WHEN i % 1000 = 0 THEN '=HYPERLINK("http://x.invalid","bấm")'
         ELSE 'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tháng ' || (i % 12 + 1)
              || ' ước đạt ' || i || ' tỷ đồng, tăng 12,6% so với cùng kỳ năm trước.' END,
    10, 40, 'tăng 12,6% so với cùng kỳ', 'retail_sales', 'growth_pct', 'yoy', (i % 1000) / 10.0, NULL, '%',
    'exact', 'actual', 'month', DATE '2020-01-01' + INTERVAL (i % 60) MONTH,
    last_day(DATE '2020-01-01' + INTERVAL (i % 60) MONTH), 'Hà Nội', ''
FROM range(1, {n} + 1) t(i);
UPDATE civic_meta SET value = '{next}' WHERE key = 'next_figure_id';
"""


def make_store(path: str, n: int) -> None:
    """A store at ``path`` holding ``n`` synthetic figures (every 1000th sentence a formula)."""
    import duckdb

    from metrics.store import Store

    Store(path).ingest_documents([])  # creates the schema
    con = duckdb.connect(path)
    con.execute(SYNTHETIC_SQL.format(n=n, next=n + 1))
    con.close()


MEASURE = """
import resource, sys, time
from metrics.cli import main
t = time.perf_counter()
rc = main(sys.argv[1:])
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, rc)
"""


def measure_export(db: str, out: str, *extra: str) -> tuple[float, float]:
    """(seconds, peak resident MB) of ``civic-metrics export`` in a fresh process."""
    cmd = [sys.executable, "-c", MEASURE, "export", "--db", db, "--out", out, *extra]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    secs, peak, rc = res.stdout.split()[-3:]
    if rc != "0":
        raise RuntimeError(res.stderr)
    return float(secs), float(peak)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=1_000_000)
    ap.add_argument("--formats", default="csv,parquet,json,xlsx")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.duckdb")
        t = time.perf_counter()
        make_store(db, args.n)
        print(f"store of {args.n:,} figures built in {time.perf_counter() - t:.1f} s")
        for fmt in args.formats.split(","):
            secs, peak = measure_export(db, os.path.join(tmp, f"out.{fmt}"))
            size = os.path.getsize(os.path.join(tmp, f"out.{fmt}")) / 2**20
            print(f"{fmt:8} {args.n / secs:10,.0f} rows/s  {secs:6.1f} s  peak {peak:6.0f} MB  file {size:6.0f} MB")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
