"""Extraction speed and its scale curve, as a caller pays them. Prints figures; asserts nothing.

usage: python bench/bench_extract.py [--mb MB] [--scale N,N,...] [--batch N] [--sink parquet|count]
                                     [--pool-files N] [--rounds N] [--quick] [--json FILE]

Speed, per corpus: MB of article text per CPU second of the engine on one core, and the ratio
to a bare number scan of the same text in the same run (goals: >= 10 MB/s, <= 25x). Corpora: the
real pool (data/pool, rebuilt by ../shared/corpus/real/rebuild.sh) when present, and
"generated": articles varied deterministically from the seeds and the dev set, with page
furniture, 3-10 KB each. The scan and the engine take turns over the corpus --rounds times and
each keeps its best pass: one pass moves by +-20% with the machine's neighbours, and the first
one also pays for warming up.

Per call: the cost of one ``metrics.extract_text`` call on one sentence and on a typical article,
split into the engine (reading the text and extracting) and the table (``metrics.table.to_frame`` of
the rows), each timed on its own as the best of 5 rounds of 40 calls (goal: a fixed cost <= 1 ms).

Scale curve: N generated articles through the streaming path, each size in its own process so
that its peak resident memory is its own: articles are generated lazily, extracted one by one and
handed to the store's staging writer (metrics.store.write_stage, what `civic-metrics ingest` uses),
which writes a Parquet part of documents and one of figures every --batch articles (or, with --sink
count, their rows are counted and dropped). Prints CPU ms per article and peak RSS per size; goals: time
per article within 25% of the smallest size's (linear), peak RSS within 20% of it (flat).

Options:
  --mb MB            megabytes of generated text for the speed figures (default 5)
  --scale N,N,...    article counts of the scale curve (default 1000,10000,100000; empty: none)
  --batch N          articles per Parquet part (default 500; the store's own is 2000)
  --sink KIND        parquet (default: parts in a temporary folder, under $BENCH_TMP if set) or count
  --pool-files N     read only the first N files of data/pool (default: all)
  --rounds N         passes of the scan and of the engine over each corpus, the best kept (default 3)
  --quick            small sizes: --mb 0.2 --scale 100,400 --batch 50 --pool-files 200 --rounds 1
  --json FILE        also write the figures as JSON for bench/results.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import metrics  # noqa: E402
from metrics.document import from_text, read_path  # noqa: E402
from metrics.extract import extract_document  # noqa: E402
from metrics.table import to_frame  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
FURNITURE = "\n\nĐọc thêm\nGiá vàng hôm nay tăng 2%\nXuất khẩu gạo tháng 5 đạt 500 triệu USD\n\nBình luận (3)\nLượt xem: 1.204\n"
GOAL_MBS, GOAL_RATIO, GOAL_CALL_MS = 10.0, 25.0, 1.0
LINEAR, FLAT = 1.25, 1.20


def _paragraphs() -> list[str]:
    base = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    base += [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("dev*.txt"))]
    return [p for t in base for p in t.split("\n") if len(p) > 80]


def iter_generated(n: int, seed: int = 7) -> Iterator[str]:
    """``n`` articles built from the project's seed and dev texts, one at a time: paragraphs
    shuffled and re-dated, numbers varied, page furniture appended; deterministic for a seed."""
    rng = random.Random(seed)
    paras = _paragraphs()
    for i in range(n):
        body, size = [], rng.randint(3000, 10000)
        while sum(map(len, body)) < size:
            p = rng.choice(paras)
            p = re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m[1]) - rng.randint(0, 3)), p)
            p = re.sub(r"\b(\d+),(\d)\b", lambda m: f"{int(m[1]) + rng.randint(0, 4)},{m[2]}", p)
            body.append(p)
        yield f"Bản tin kinh tế số {i}\n\n" + "\n\n".join(body) + FURNITURE


def generated(n: int, seed: int = 7) -> list[str]:
    """The articles of :func:`iter_generated` as a list."""
    return list(iter_generated(n, seed))


def speed(name: str, texts: list[str], rounds: int = 3) -> list[dict]:
    """Engine MB/s on ``texts`` and its ratio to a bare number scan, each the best of ``rounds`` passes taken
    in turn; prints and returns rows."""
    from results import row

    docs = [from_text(t, path=f"{name}{i}.txt") for i, t in enumerate(texts)]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    scan = full = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for d in docs:
            for _ in NUMBER.finditer(d.text):
                pass
        scan = min(scan, max(time.process_time() - t0, 1e-6))
        t0 = time.process_time()
        n = sum(len(extract_document(d)) for d in docs)
        full = min(full, max(time.process_time() - t0, 1e-6))
    print(f"[{name}] {mb:.1f} MB, {len(docs)} articles, {n} figures ({n / mb:,.0f} per MB); best of {rounds} passes")
    print(f"[{name}]   bare number scan {scan:.2f} CPU s ({mb / scan:.0f} MB/s); engine {full:.2f} CPU s "
          f"({mb / full:.2f} MB/s, goal >= {GOAL_MBS:g}); ratio {full / scan:.0f}x (goal <= {GOAL_RATIO:g})")
    what = f"{name}: {len(docs):,} articles, {mb:.1f} MB, {n / mb:,.0f} figures per MB"
    return [row(f"engine speed, {what}", f"{mb / full:.2f} MB/s ({full:.1f} CPU s)",
                f"bare number scan {mb / scan:.0f} MB/s", f">= {GOAL_MBS:g} MB/s", mb / full >= GOAL_MBS),
            row(f"engine / bare number scan, {name}", f"{full / scan:.0f}x",
                f"scan {scan:.2f} CPU s, engine {full:.2f} CPU s", f"<= {GOAL_RATIO:g}x", full / scan <= GOAL_RATIO)]


def per_call(texts: list[str]) -> list[dict]:
    """The cost of one ``metrics.extract_text`` call, engine and table apart; prints and returns rows."""
    from results import row

    short = "Tháng 1/2026, kim ngạch xuất khẩu của Hà Nội ước đạt 1,824 tỷ USD, tăng 32,4% so cùng kỳ."
    rows = []
    def best(func, arg, rounds: int = 5, n: int = 40) -> float:
        times = []
        for _ in range(rounds):
            t0 = time.process_time()
            for _ in range(n):
                func(arg)
            times.append((time.process_time() - t0) / n)
        return min(times)

    for label, text in (("one sentence", short), ("a typical article", texts[0])):
        call = best(metrics.extract_text, text)
        engine = best(lambda t: extract_document(from_text(t)), text)
        # the table timed on its own: call - engine was mostly the noise of the machine
        table = best(to_frame, extract_document(from_text(text)))
        print(f"[extract_text] {label}: {call * 1e3:.2f} ms a call, of which the engine "
              f"{engine * 1e3:.2f} ms and the table {table * 1e3:.2f} ms (goal: fixed cost <= {GOAL_CALL_MS:g} ms)")
        if label == "one sentence":  # on one sentence the whole call is the fixed cost
            rows.append(row("`metrics.extract_text`, one sentence", f"{call * 1e3:.2f} ms a call",
                            f"engine alone {engine * 1e3:.2f} ms, table {table * 1e3:.2f} ms",
                            f"<= {GOAL_CALL_MS:g} ms fixed cost", call * 1e3 <= GOAL_CALL_MS))
        else:
            rows.append(row(f"`metrics.extract_text`, {label} ({len(text.encode()) / 1e3:.1f} KB)",
                            f"{call * 1e3:.2f} ms a call",
                            f"engine alone {engine * 1e3:.2f} ms, table {table * 1e3:.2f} ms"))
    return rows


def _peak_mb() -> float:
    """This process's own peak resident memory (VmHWM; ru_maxrss would carry the parent's over exec)."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream(n: int, batch: int, sink: str) -> dict:
    """Extract ``n`` generated articles through the store's staging writer (Parquet parts of
    ``batch`` documents, text and figures) or count and drop their rows: one size of the scale
    curve, run in a process of its own. CPU time of the text's generation is kept apart."""
    from metrics import store

    start = _peak_mb()
    gen = 0.0
    rows = 0

    def items():
        nonlocal gen, rows
        articles = iter_generated(n, seed=n)
        for i in range(n):
            t0 = time.process_time()
            text = next(articles)
            gen += time.process_time() - t0
            doc = from_text(text, path=f"g{i}.txt")
            found = extract_document(doc)
            rows += len(found)
            yield doc, found

    nbytes = parts = 0
    t0 = time.process_time()
    if sink == "parquet":
        store.PART_SIZE = batch  # the staging writer's documents per part
        with tempfile.TemporaryDirectory(prefix="bench-extract-", dir=os.environ.get("BENCH_TMP")) as tmp:
            store.write_stage(tmp, items())
            written = [f for f in Path(tmp).rglob("*.parquet")]
            nbytes, parts = sum(f.stat().st_size for f in written), len(written) // 2
    else:
        for _ in items():
            pass
    work = time.process_time() - t0 - gen
    return {"n": n, "cpu": work, "generate": gen, "rows": rows, "parts": parts, "mb_out": nbytes / 2**20,
            "start_mb": start, "peak_mb": _peak_mb()}


def scale(sizes: list[int], batch: int, sink: str) -> tuple[list[dict], list[str]]:
    """The scale curve, one process per size; prints and returns rows and notes."""
    from results import row

    out, rows, notes = [], [], []
    for n in sizes:
        cmd = [sys.executable, __file__, "--child", str(n), "--batch", str(batch), "--sink", sink]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["no message"])[-1]
            print(f"[scale] {n:>7} articles: failed ({tail})")
            rows.append(row(f"streaming path, {n:,} generated articles", f"failed: {tail}", met=False))
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        out.append(r)
        ms = r["cpu"] / n * 1e3
        print(f"[scale] {n:>7} articles: {r['cpu']:.1f} CPU s ({ms:.2f} ms an article), {r['rows']} rows in "
              f"{r['parts']} parts ({r['mb_out']:.0f} MB), peak RSS {r['peak_mb']:.0f} MB "
              f"(after imports {r['start_mb']:.0f} MB); generating the text {r['generate']:.1f} CPU s, not counted")
        base = out[0]
        base_ms = base["cpu"] / base["n"] * 1e3
        first = r is base
        rows.append(row(f"streaming path, {n:,} generated articles ({r['rows']:,} rows)",
                        f"{ms:.2f} ms an article, peak RSS {r['peak_mb']:.0f} MB",
                        "" if first else f"{base['n']:,} articles: {base_ms:.2f} ms, {base['peak_mb']:.0f} MB",
                        "" if first else f"time linear (<= {LINEAR:g}x), memory flat (<= {FLAT:g}x)",
                        None if first else (ms <= base_ms * LINEAR and r["peak_mb"] <= base["peak_mb"] * FLAT)))
    if out:
        notes.append("Scale curve: " + (f"the store's staging writer, Parquet parts of {batch} articles"
                                         if sink == "parquet" else "rows counted and dropped")
                     + "; CPU time of extraction and writing, the text's generation not counted; "
                     "each size in its own process (peak RSS is its VmHWM).")
    return rows, notes


def main(argv: list[str] | None = None) -> int:
    from results import dump, man

    ap = argparse.ArgumentParser(prog="bench/bench_extract.py", **man(__doc__))
    ap.add_argument("--mb", type=float, metavar="MB", default=5, help="megabytes of generated text (default 5)")
    ap.add_argument("--scale", metavar="N,N,...", default="1000,10000,100000",
                    help="article counts of the scale curve (default 1000,10000,100000)")
    ap.add_argument("--batch", type=int, metavar="N", default=500, help="articles per Parquet part (default 500; the store's own is 2000)")
    ap.add_argument("--sink", choices=("parquet", "count"), default="parquet",
                    help="what the streaming path does with each batch's table (default parquet)")
    ap.add_argument("--pool-files", type=int, metavar="N", help="read only the first N files of data/pool (default all)")
    ap.add_argument("--rounds", type=int, metavar="N", default=3,
                    help="passes of the scan and of the engine over each corpus, the best kept (default 3)")
    ap.add_argument("--quick", action="store_true",
                    help="small sizes: --mb 0.2 --scale 100,400 --batch 50 --pool-files 200 --rounds 1")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON for bench/results.py")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)  # one size of the scale curve
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(stream(a.child, a.batch, a.sink)))
        return 0
    if a.quick:
        a.mb, a.scale, a.batch, a.pool_files, a.rounds = 0.2, "100,400", 50, a.pool_files or 200, 1
    rows, notes = [], []
    pool = ROOT / "data" / "pool"
    if pool.is_dir():
        files = sorted(pool.glob("*.txt"))[:a.pool_files]
        rows += speed("pool", [read_path(p).text for p in files], a.rounds)
    else:
        print("[pool] not measured: rebuild it with ../shared/corpus/real/rebuild.sh (see its README)")
        notes.append("The real pool (data/pool) is absent: rebuild it with ../shared/corpus/real/rebuild.sh.")
    gen, size = [], 0
    for text in iter_generated(10**9):
        if size >= a.mb * 1e6 and gen:
            break
        gen.append(text)
        size += len(text.encode("utf-8"))
    rows += speed("generated", gen, a.rounds)
    rows += per_call(gen)
    del gen
    srows, snotes = scale([int(x) for x in a.scale.split(",") if x.strip()], a.batch, a.sink)
    dump(a.json, "extract", "Extraction speed and scale", rows + srows, notes + snotes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
