"""The store at scale (issue 10): ingest and every query the app makes. Prints figures; asserts nothing.

Builds, in a temp dir, a store of ``--n`` synthetic figures (default 1,000,000: ten per document,
so 100,000 documents) through the store's own loading path (``Store.ingest_documents`` with
already-extracted rows, ``upload=False``): documents of ~1.5 KB about one of 64 places and one of
120 months, each with ten monthly figures (16 metrics, levels and growth rates; actuals, estimates
and targets; values varying a little between documents, so some observations disagree).
Deterministic for a given ``--n``. Then measures:

- the bulk ingest rate of that build (documents and figures per second);
- an incremental ingest of 100 real-looking articles (``bench_extract.generated``: the seeds and
  dev texts re-mixed, 3-10 KB each) in a child process: wall time and peak RSS, beside the
  extraction of the same articles alone;
- the median latency of each query the app makes, on a read-only store kept open as the app's.

usage: python bench/bench_store.py [--n 1000000] [--json FILE] [--db FILE (keep the store there)]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from metrics.document import Document  # noqa: E402
from metrics.store import _FIGURE_COLS, Store, _with_titles  # noqa: E402

PLACES = ["Việt Nam", "Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Bắc Ninh", "Quảng Ninh",
          "Nghệ An", "Thanh Hóa", "Bình Dương", "Đồng Nai", "Khánh Hòa", "Lâm Đồng"]
PLACES += [f"Tỉnh {i:02d}" for i in range(64 - len(PLACES))]
#: (metric, unit of its level, a typical monthly level, cue words)
METRICS = [("exports", "mn USD", 900, "kim ngạch xuất khẩu"), ("imports", "mn USD", 800, "kim ngạch nhập khẩu"),
           ("retail_sales", "bn VND", 20000, "tổng mức bán lẻ hàng hóa"), ("iip", "%", 0, "chỉ số IIP"),
           ("cpi", "%", 0, "chỉ số giá tiêu dùng"), ("budget_revenue", "bn VND", 3000, "thu ngân sách"),
           ("budget_spending", "bn VND", 2500, "chi ngân sách"), ("tourists", "count", 300000, "lượt khách"),
           ("tourism_revenue", "bn VND", 2000, "doanh thu du lịch"), ("new_firms", "count", 400, "doanh nghiệp mới"),
           ("fdi", "mn USD", 150, "vốn FDI"), ("public_investment", "bn VND", 1500, "giải ngân vốn đầu tư công")]
STATUSES = ["actual"] * 6 + ["estimate"] * 3 + ["target"]
CONTAINS = "xuất khẩu"
#: Words of the sentences, one per run of a "new filter" measurement.
COLD_WORDS = ["nhập khẩu", "bán lẻ", "ngân sách", "du lịch", "doanh nghiệp", "vốn FDI", "giá tiêu dùng", "lượt khách",
              "tăng trưởng", "đầu tư công"]
GOAL_QUERY_MS = {"figures(ids=7)": 10, "figures(doc_id)": 10, "observations(metric=grdp)": 30,
                 "figures_page offset 500k": 100, "figures_page sentence contains": 200}
ANCHORS = {"figures(ids=7)": "238 ms", "figures(doc_id)": "~238 ms", "observations(metric=grdp)": "172 ms",
           "figures_page offset 500k": "736 ms", "figures_page sentence contains": "1,126 ms",
           "incremental ingest of 100 articles": "17-19 s, 1.7 GB peak RSS"}


def synthetic(n_docs: int, per_doc: int = 10):
    """(Document, rows) pairs: ``n_docs`` documents of ``per_doc`` monthly figures each."""
    for i in range(n_docs):
        rnd = random.Random(i)
        geo = PLACES[i % len(PLACES)]
        month = (i // len(PLACES)) % 120
        y, m = 2015 + month // 12, 1 + month % 12
        start = dt.date(y, m, 1)
        end = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
        published = end + dt.timedelta(days=1 + i % 20)
        sentences, rows, pos = [], [], 0
        for k in range(per_doc):
            metric, unit, level, cue = METRICS[(i + k * 5) % len(METRICS)] if k < per_doc - 1 else \
                ("grdp", "%", 0, "tăng trưởng kinh tế GRDP")
            growth = level == 0 or k % 2 == 1
            value = round(rnd.gauss(6.0, 0.3), 1) if growth else round(level * (1 + month / 100) * rnd.uniform(0.99, 1.01))
            quote = f"tăng {value}%" if growth else f"đạt {value} {unit}"
            sentence = f"Tháng {m}/{y}, {cue} của {geo} {quote} so với cùng kỳ năm trước."
            sentences.append(sentence)
            at = pos + sentence.index(quote)
            pos += len(sentence) + 1
            rows.append(dict(sentence=sentence, start=at, end=at + len(quote), quote=quote, metric=metric,
                             measure="growth_pct" if growth else "level", basis="yoy" if growth else "",
                             value=float(value), value_high=None, unit="%" if growth else unit, qualifier="exact",
                             status=STATUSES[rnd.randrange(len(STATUSES))], period_type="month",
                             period_start=start, period_end=end, geo=geo, part=""))
        text = " ".join(sentences) + f"\n\nBản tin số {i}. " + "Nội dung khác của bài báo. " * 30
        doc = Document(text=text, path=f"/synthetic/{i:07d}.txt", title=f"Kinh tế {geo} tháng {m}/{y} ({i})",
                       url=f"https://example.vn/{i}", source=["TTXVN", "VnExpress", "Nhân Dân"][i % 3],
                       published=published)
        ids = dict(doc_id=doc.doc_id, path=doc.path, source=doc.source, url=doc.url, published=published)
        yield doc, [{**ids, **r} for r in rows]


def median_ms(call, runs: int = 7) -> float:
    call()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def paired_ms(first, second, runs: int = 21) -> tuple[float, float]:
    """The median latency of two calls taken in turns, after one warm-up each."""
    first(), second()
    times = ([], [])
    for _ in range(runs):
        for call, out in ((first, times[0]), (second, times[1])):
            t = time.perf_counter()
            call()
            out.append((time.perf_counter() - t) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


#: The incremental ingest, in a process of its own. Its peak RSS is VmHWM (this process's own memory):
#: ru_maxrss would count the pages of the parent it was forked from (the build's, before exec).
CHILD = """
import json, re, resource, sys, time
from metrics.store import Store
t = time.perf_counter()
s = Store(sys.argv[1]).ingest([sys.argv[2]], progress=False)
took = time.perf_counter() - t
try:
    rss = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read())[1]) / 1024
except (OSError, TypeError):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": took, "rss_mb": rss, "line": s.line()}))
"""


def incremental(db: str, tmp: str) -> dict:
    from bench_extract import generated

    from metrics.document import read_path
    from metrics.extract import extract_document

    folder = Path(tmp, "new-articles")
    folder.mkdir()
    for i, text in enumerate(generated(100, seed=1010)):
        (folder / f"new{i:03d}.txt").write_text(text, encoding="utf-8")
    t = time.perf_counter()
    n = sum(len(extract_document(read_path(str(p)))) for p in sorted(folder.glob("*.txt")))
    extraction = time.perf_counter() - t
    out = subprocess.run([sys.executable, "-c", CHILD, db, str(folder)], capture_output=True, text=True,
                         cwd=HERE.parent, check=True)
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "extraction": extraction, "figures": n}


def queries(db: str, n: int) -> dict[str, float]:
    store = Store(db, read_only=True, keep_alive=True)
    con = store.connection()
    ids = [r[0] for r in con.execute("SELECT figure_id FROM figures USING SAMPLE 7 ROWS (reservoir, 1)").fetchall()]
    doc = con.execute("SELECT doc_id FROM figures WHERE figure_id = ?", [ids[0]]).fetchall()[0][0]
    sql, params = store._observations_sql(metric="grdp")
    contains = {"sentence": {"filterType": "text", "type": "contains", "filter": CONTAINS}}
    words = iter(COLD_WORDS)

    def figures_then_titles():
        """figures(ids=7) as it was read before figures.title: the rows (sorted by DuckDB), then
        their documents' titles in a second query."""
        with store._connect() as c:
            rows = c.sql(f"SELECT {_FIGURE_COLS}, f.figure_id FROM figures f WHERE f.figure_id IN "
                         f"({', '.join('?' * len(ids))}) ORDER BY f.figure_id", params=ids).to_arrow_table()
            return _with_titles(c, rows)

    out = {
        # A new filter each run: nothing of it is cached.
        "figures_page sentence contains": median_ms(lambda: store.figures_page(
            filter_model={"sentence": {"filterType": "text", "type": "contains", "filter": next(words)}}, limit=100)),
        # Now and as before, taken in turns (so that both see the same load), 21 runs each.
        **dict(zip(("figures(ids=7)", "figures(ids=7), before: figures, then titles"),
                   paired_ms(lambda: store.figures(ids=ids), figures_then_titles), strict=True)),
        "figures(doc_id)": median_ms(lambda: store.figures(doc_id=doc)),
        "document(doc_id)": median_ms(lambda: store.document(doc)),
        "observations(metric=grdp)": median_ms(lambda: store.observations(metric="grdp")),
        "same SQL to Arrow": median_ms(lambda: con.sql(sql, params=params).to_arrow_table()),
        "figures_page offset 0": median_ms(lambda: store.figures_page(offset=0, limit=100)),
        "figures_page offset 500k": median_ms(lambda: store.figures_page(offset=min(500_000, n // 2), limit=100)),
        "figures_page sentence contains, same filter again": median_ms(
            lambda: store.figures_page(filter_model=contains, limit=100)),
        "figures_page sentence contains, next page": median_ms(
            lambda: store.figures_page(filter_model=contains, offset=100, limit=100)),
        "sources_per_metric": median_ms(lambda: store.sources_per_metric()),
        "documents()": median_ms(lambda: store.documents(), runs=3),
    }
    con.close()
    store.close()
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="figures in the store (ten per document)")
    ap.add_argument("--json", help="write the results here as JSON")
    ap.add_argument("--db", help="build (or reuse, if it exists) the store at this path")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civic-bench-store-") as tmp:
        db = args.db or os.path.join(tmp, "store.duckdb")
        n_docs = max(1, args.n // 10)
        rate = None
        if not os.path.exists(db):
            t = time.perf_counter()
            s = Store(db).ingest_documents(synthetic(n_docs), upload=False)
            took = time.perf_counter() - t
            rate = (s.new / took, s.figures_added / took)
            print(f"built {s.figures_added:,} figures from {s.new:,} documents in {took:.1f} s "
                  f"({rate[0]:,.0f} documents/s, {rate[1]:,.0f} figures/s)", flush=True)
        inc = incremental(db, tmp)
        print(f"incremental ingest of 100 articles ({inc['figures']} figures): {inc['seconds']:.2f} s, "
              f"peak RSS {inc['rss_mb']:.0f} MB; extraction alone {inc['extraction']:.2f} s", flush=True)
        q = queries(db, args.n)
        for k, v in q.items():
            print(f"{k:34s} {v:9.1f} ms", flush=True)
    rows = []
    if rate:
        rows.append({"what": f"bulk ingest ({n_docs:,} documents, {args.n:,} figures)",
                     "measured": f"{rate[0]:,.0f} documents/s ({rate[1]:,.0f} figures/s)", "anchor": "",
                     "goal": "", "met": None})
    inc_goal = inc["seconds"] <= inc["extraction"] * 2 + 2 and inc["rss_mb"] <= 600
    rows.append({"what": "incremental ingest of 100 articles",
                 "measured": f"{inc['seconds']:.2f} s, peak RSS {inc['rss_mb']:.0f} MB "
                             f"(extraction alone {inc['extraction']:.2f} s)",
                 "anchor": ANCHORS["incremental ingest of 100 articles"],
                 "goal": "independent of the store's size (<= 2x extraction + 2 s), RSS <= 600 MB",
                 "met": bool(inc_goal)})
    for k, v in q.items():
        goal = GOAL_QUERY_MS.get(k)
        rows.append({"what": k, "measured": f"{v:.1f} ms", "anchor": ANCHORS.get(k, ""),
                     "goal": f"<= {goal} ms" if goal else "", "met": (v <= goal) if goal else None})
    result = {"section": "store", "title": f"Store at scale: {args.n:,} figures, {n_docs:,} documents",
              "rows": rows,
              "notes": [f"synthetic store built by bench/bench_store.py --n {args.n} (ten figures a document)",
                        "query times: median of 7 runs after one warm-up (documents(): 3; figures(ids=7) and its "
                        "'before' taken in turns, 21 each), read-only store kept open as the app's",
                        "'sentence contains': a new word each run (nothing cached); 'same filter again' and 'next "
                        "page': the ids of a filter, kept while the store stays open, serve its later pages",
                        "anchors: issue 10, measured on a 2-core machine with ~1M figures from ~105k articles",
                        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[1]:.1f} over the last 5 "
                        f"minutes at the end (other work on the machine slows every figure)"]}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
