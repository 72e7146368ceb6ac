"""The reader's hostile corners: one long line of URLs, of "Nguồn", of "Nguồn: URL", of numbers.
For each, CPU seconds to read 1 MB and 4 MB into a Document, and the ratio (about 4 when every
reader step is linear; 16 when one is quadratic). Prints figures; asserts nothing.

usage: python bench/bench_reader.py [--mb 4]
"""

from __future__ import annotations

import argparse
import resource
import time

from metrics.document import from_text

LINES = {
    "urls": "https://vnexpress.net/kinh-te-123.html ",
    "nguon": "Nguồn ",
    "nguon+url": "Nguồn: https://x.vn/a ",
    "numbers": "1.234,5 ",
    "percent": "tăng 12,5% ",
}


def seconds(unit: str, mb: float) -> float:
    text = "Tin kinh tế.\n" + unit * int(mb * 1e6 / len(unit.encode()))
    t = time.process_time()
    from_text(text)
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=4.0)
    mb = ap.parse_args().mb
    print(f"{'line of':12} {'1 MB s':>8} {f'{mb:g} MB s':>8} {'ratio':>6}")
    for name, unit in LINES.items():
        a, b = seconds(unit, 1.0), seconds(unit, mb)
        print(f"{name:12} {a:8.2f} {b:8.2f} {b / max(a, 1e-3):6.1f}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
