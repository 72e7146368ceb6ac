"""Extraction speed: MB of article text per second on one core, and the ratio to a bare
number scan of the same text (goals: >= 10 MB/s, <= 25x). Prints figures; asserts nothing.

usage: python bench/bench_extract.py [--mb 20]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from metrics.document import from_text
from metrics.extract import extract_document

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    texts += [p.read_text(encoding="utf-8") for p in sorted(dev.glob("*.txt"))] if dev.exists() else []
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20, help="megabytes of text to extract")
    a = ap.parse_args()
    base = corpus_texts()
    docs, size, i = [], 0, 0
    while size < a.mb * 1e6:
        t = base[i % len(base)] + f"\n\nBản tin số {i}.\n"
        docs.append(from_text(t, path=f"doc{i}.txt"))
        size += len(t.encode("utf-8"))
        i += 1
    number = re.compile(r"\d+(?:[.,]\d+)*")
    t0 = time.perf_counter()
    n_numbers = sum(1 for d in docs for _ in number.finditer(d.text))
    scan = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_figures = sum(len(extract_document(d)) for d in docs)
    full = time.perf_counter() - t0
    mb = size / 1e6
    print(f"text: {mb:.1f} MB in {len(docs)} documents; {n_numbers} numbers, {n_figures} figures")
    print(f"bare number scan: {scan:.2f} s ({mb / scan:.1f} MB/s)")
    print(f"extraction:       {full:.2f} s ({mb / full:.1f} MB/s; goal >= 10)")
    print(f"ratio extraction / number scan: {full / scan:.1f}x (goal <= 25)")


if __name__ == "__main__":
    main()
