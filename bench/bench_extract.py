"""Extraction speed, as a caller pays it. Prints figures; asserts nothing.

For each corpus: MB of article text per CPU second of the engine on one core, the ratio to a
bare number scan of the same text in the same run (goals: >= 10 MB/s, <= 25x), the cost of
``metrics.extract_text`` per call (goal: <= 1 ms fixed cost), and a scale curve of the batch
path (one table for many articles: time should grow linearly, memory stay flat).

Corpora: the real pool (data/pool, rebuilt by ../shared/corpus/real/rebuild.sh) when present;
"generated": articles varied deterministically from the seeds and the dev set, with page
furniture, 3-10 KB each.

usage: python bench/bench_extract.py [--mb 5] [--scale 1000,10000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time
from pathlib import Path

import metrics
from metrics.document import from_text, read_path
from metrics.extract import extract_document
from metrics.table import to_frame

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
FURNITURE = "\n\nĐọc thêm\nGiá vàng hôm nay tăng 2%\nXuất khẩu gạo tháng 5 đạt 500 triệu USD\n\nBình luận (3)\nLượt xem: 1.204\n"


def generated(n: int, seed: int = 7) -> list[str]:
    """``n`` articles built from the project's seed and dev texts: paragraphs shuffled and
    re-dated, numbers varied, page furniture appended; deterministic for a seed."""
    rng = random.Random(seed)
    base = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    base += [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("dev*.txt"))]
    paras = [p for t in base for p in t.split("\n") if len(p) > 80]
    out = []
    for i in range(n):
        body, size = [], rng.randint(3000, 10000)
        while sum(map(len, body)) < size:
            p = rng.choice(paras)
            p = re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m[1]) - rng.randint(0, 3)), p)
            p = re.sub(r"\b(\d+),(\d)\b", lambda m: f"{int(m[1]) + rng.randint(0, 4)},{m[2]}", p)
            body.append(p)
        out.append(f"Bản tin kinh tế số {i}\n\n" + "\n\n".join(body) + FURNITURE)
    return out


def speed(name: str, texts: list[str]) -> None:
    docs = [from_text(t, path=f"{name}{i}.txt") for i, t in enumerate(texts)]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t0 = time.process_time()
    for d in docs:
        for _ in NUMBER.finditer(d.text):
            pass
    scan = time.process_time() - t0
    t0 = time.process_time()
    n = sum(len(extract_document(d)) for d in docs)
    full = time.process_time() - t0
    print(f"[{name}] {mb:.1f} MB, {len(docs)} articles, {n} figures")
    print(f"[{name}]   bare number scan {scan:.2f} CPU s ({mb / scan:.0f} MB/s); engine {full:.2f} CPU s "
          f"({mb / full:.2f} MB/s, goal >= 10); ratio {full / scan:.0f}x (goal <= 25)")


def per_call(texts: list[str]) -> None:
    short = "Tháng 1/2026, kim ngạch xuất khẩu của Hà Nội ước đạt 1,824 tỷ USD, tăng 32,4% so cùng kỳ."
    for label, text in (("one sentence", short), ("a typical article", texts[0])):
        n = 200
        t0 = time.process_time()
        for _ in range(n):
            metrics.extract_text(text)
        call = (time.process_time() - t0) / n
        t0 = time.process_time()
        for _ in range(n):
            extract_document(from_text(text))
        engine = (time.process_time() - t0) / n
        print(f"[extract_text] {label}: {call * 1e3:.2f} ms a call, of which the engine "
              f"{engine * 1e3:.2f} ms and the table {max(call - engine, 0) * 1e3:.2f} ms (goal: fixed cost <= 1 ms)")


def scale(sizes: list[int]) -> None:
    for n in sizes:
        texts = generated(n, seed=n)
        t0 = time.process_time()
        rows = [r for t in texts for r in extract_document(from_text(t))]
        df = to_frame(rows)
        cpu = time.process_time() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"[scale] {n:>7} articles: {cpu:.1f} CPU s ({cpu / n * 1e3:.2f} ms an article), {len(df)} rows, "
              f"peak RSS {peak:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5, help="megabytes of generated text (default 5)")
    ap.add_argument("--scale", default="1000,10000", help="article counts for the scale curve (default 1000,10000)")
    a = ap.parse_args()
    pool = ROOT / "data" / "pool"
    if pool.is_dir():
        speed("pool", [read_path(p).text for p in sorted(pool.glob("*.txt"))])
    else:
        print("[pool] not measured: rebuild it with ../shared/corpus/real/rebuild.sh (see its README)")
    gen = generated(max(1, int(a.mb * 1e6 / 6500)))
    speed("generated", gen)
    per_call(gen)
    scale([int(x) for x in a.scale.split(",") if x])


if __name__ == "__main__":
    main()
