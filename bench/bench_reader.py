"""The reader's hostile corners: one long line of URLs, of "Nguồn", of "Nguồn: URL", of numbers, of
percentages. Prints figures; asserts nothing.

usage: python bench/bench_reader.py [--mb MB] [--quick] [--json FILE]

For each kind of line, the CPU seconds (best of 3) to read 1 MB and MB megabytes of it into a Document, and
their ratio: about MB when every reader step is linear, MB squared when one is quadratic. Goal:
a ratio at most 1.5 times the linear one. The 1 MB time is the anchor of the same run.

Options: --mb MB is the larger size (default 4); --quick is --mb 2; --json FILE also writes the
figures as JSON for bench/results.py.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metrics.document import from_text  # noqa: E402

LINES = {
    "urls": "https://vnexpress.net/kinh-te-123.html ",
    "nguon": "Nguồn ",
    "nguon+url": "Nguồn: https://x.vn/a ",
    "numbers": "1.234,5 ",
    "percent": "tăng 12,5% ",
}
SLACK = 1.5


def seconds(unit: str, mb: float, runs: int = 3) -> float:
    """CPU seconds to read a document of one line of ``unit`` repeated to ``mb`` megabytes (best of ``runs``)."""
    text = "Tin kinh tế.\n" + unit * int(mb * 1e6 / len(unit.encode()))
    best = float("inf")
    for _ in range(runs):
        t = time.process_time()
        from_text(text)
        best = min(best, time.process_time() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    from results import dump, row

    ap = argparse.ArgumentParser(prog="bench/bench_reader.py", description=__doc__.split("\n\n")[0],
                                 epilog="\n\n".join(__doc__.split("\n\n")[2:]),
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=4.0, help="the larger size in MB (default 4)")
    ap.add_argument("--quick", action="store_true", help="small sizes: --mb 2")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON for bench/results.py")
    a = ap.parse_args(argv)
    mb = 2.0 if a.quick else a.mb
    rows = []
    print(f"{'line of':12} {'1 MB s':>8} {f'{mb:g} MB s':>8} {'ratio':>6}")
    for name, unit in LINES.items():
        one, big = seconds(unit, 1.0), seconds(unit, mb)
        ratio = big / max(one, 1e-3)
        print(f"{name:12} {one:8.2f} {big:8.2f} {ratio:6.1f}")
        rows.append(row(f"one {mb:g} MB line of {name!r} ({unit.strip()!r})", f"{big:.2f} CPU s, {ratio:.1f}x 1 MB",
                        f"1 MB: {one:.2f} CPU s", f"<= {mb * SLACK:g}x (linear: {mb:g}x)", ratio <= mb * SLACK))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak memory {peak} MB")
    dump(a.json, "reader", "The reader's hostile corners", rows, [f"Peak memory of the whole run {peak} MB."])
    return 0


if __name__ == "__main__":
    sys.exit(main())
