"""Extraction speed: MB of article text per CPU second on one core, and the ratio to a bare
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


def corpus_texts(which: str) -> list[str]:
    """"seeds": long speeches with a few figures; "dev": short reports dense with figures."""
    folder = ROOT / "seeds" if which == "seeds" else ROOT.parent / "shared" / "corpus" / "dev"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def run(which: str, mb_goal: float) -> None:
    base = corpus_texts(which)
    if not base:
        print(f"{which}: no texts found")
        return
    docs, size, i = [], 0, 0
    while size < mb_goal * 1e6:
        t = base[i % len(base)] + f"\n\nBản tin số {i}.\n"
        docs.append(from_text(t, path=f"doc{i}.txt"))
        size += len(t.encode("utf-8"))
        i += 1
    number = re.compile(r"\d+(?:[.,]\d+)*")
    t0 = time.process_time()
    n_numbers = sum(1 for d in docs for _ in number.finditer(d.text))
    scan = time.process_time() - t0
    t0 = time.process_time()
    n_figures = sum(len(extract_document(d)) for d in docs)
    full = time.process_time() - t0
    mb = size / 1e6
    print(f"[{which}] {mb:.1f} MB in {len(docs)} documents; {n_numbers} numbers, {n_figures} figures")
    print(f"[{which}] bare number scan: {scan:.2f} CPU s ({mb / scan:.1f} MB/s)")
    print(f"[{which}] extraction:       {full:.2f} CPU s ({mb / full:.1f} MB/s; goal >= 10)")
    print(f"[{which}] ratio extraction / number scan: {full / scan:.1f}x (goal <= 25)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10, help="megabytes of text per corpus")
    a = ap.parse_args()
    for which in ("seeds", "dev"):
        run(which, a.mb)


if __name__ == "__main__":
    main()
