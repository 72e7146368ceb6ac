"""Precision audit of the engine on the unlabeled pool of real articles (issue 7).

Runs the engine on data/pool, excludes nothing, draws 100 rows with a fixed seed
(pandas ``sample(n=100, random_state=2026)``; all rows if fewer) and writes a
Markdown table of them with empty "verdict" and "reason" columns, plus the git
commit and the total number of rows.

With ``--judged FILE`` (CSV with columns n, verdict, reason; verdict is "right" or
"wrong", and a wrong reason starts with its kind of error, e.g. "period: ...") it
renders the final report: share right, 95% Wilson score interval, a breakdown of
wrong rows by kind, and the full table.

Rerun (from the repository root):
    python bench/audit.py --out /tmp/skeleton.md
    python bench/audit.py --judged bench/audit_verdicts.csv --out docs/audit.md
"""
from __future__ import annotations

import argparse
import csv
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

import metrics

POOL = "data/pool"
N, SEED = 100, 2026
COLS = ["metric", "part", "measure", "basis", "value", "value_high", "unit", "status"]
# Earlier audits this report supersedes, kept for history.
HISTORY = ["Audit of commit `069de8b` (312 rows in the pool output, same seed): 51 of 100 right "
           "(51%, 95% Wilson interval 41.3%–60.6%)."]


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval for k successes out of n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return mid - half, mid + half


def cell(x, limit: int = 250) -> str:
    s = "" if x is None or x is pd.NaT or (isinstance(x, float) and math.isnan(x)) else str(x)
    s = " ".join(s.split()).replace("|", "\\|")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def period(r) -> str:
    start, end = cell(r.get("period_start"))[:10], cell(r.get("period_end"))[:10]
    return f"{cell(r.get('period_type'))} {start}..{end}".strip()


def table(sample, verdicts: dict) -> list[str]:
    head = ["n", "file", *COLS, "period", "geo", "quote", "sentence", "verdict", "reason"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, (_, r) in enumerate(sample.iterrows(), 1):
        v, why = verdicts.get(i, ("", ""))
        row = [str(i), Path(str(r["path"])).name, *(cell(r.get(c)) for c in COLS), period(r),
               cell(r.get("geo")), cell(r.get("quote")), cell(r.get("sentence")), v, cell(why, 400)]
        out.append("| " + " | ".join(row) + " |")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judged", help="CSV of verdicts (n, verdict, reason)")
    ap.add_argument("--out", help="write Markdown here instead of stdout")
    args = ap.parse_args(argv)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    df = metrics.extract_paths([POOL]).reset_index(drop=True)
    sample = df.sample(n=min(N, len(df)), random_state=SEED)
    verdicts: dict[int, tuple[str, str]] = {}
    if args.judged:
        with open(args.judged, encoding="utf-8") as f:
            verdicts = {int(r["n"]): (r["verdict"].strip(), r["reason"].strip())
                        for r in csv.DictReader(f)}

    lines = ["# Precision audit of the engine on the real-article pool", "",
             f"Engine at commit `{commit}`, run on `{POOL}` ({df['path'].nunique()} files with rows, "
             f"{len(df)} rows in all, nothing excluded). {len(sample)} rows drawn with "
             f"`DataFrame.sample(n={N}, random_state={SEED})`, each judged right or wrong against "
             "the figures-table contract and LABELING.md: a row is right only if every field "
             "(metric, part, measure, basis, value, unit, status, period, geo) is right.", "",
             "Rerun: `python bench/audit.py --judged bench/audit_verdicts.csv --out docs/audit.md` "
             "(without `--judged` it prints the skeleton to judge).", "",
             f"This audit of `{commit}` supersedes the earlier ones below. A row identical in every "
             "field to a row judged in an earlier audit keeps that verdict (its reason says so); "
             "every other row was judged afresh.", "",
             *(f"- {h}" for h in HISTORY), ""]
    if verdicts:
        k = sum(v == "right" for v, _ in verdicts.values())
        n = len(verdicts)
        lo, hi = wilson(k, n)
        lines += [f"**{k} of {n} right ({k / n:.0%}, 95% Wilson interval {lo:.1%}–{hi:.1%})**", "",
                  f"Wrong rows by kind of error ({n - k} wrong rows; a row wrong in two fields counts "
                  "under both; \"scope\" = not a row at all: product, market, item, project, foreign):",
                  "", "| kind | rows |", "|---|---|"]
        kinds = Counter(kind.strip() for v, why in verdicts.values() if v != "right"
                        for kind in why.split(":")[0].split(" and "))
        lines += [f"| {kind} | {c} |" for kind, c in kinds.most_common()] + [""]
    lines += table(sample, verdicts)
    text = "\n".join(lines) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"commit {commit}, {len(df)} rows, sample {len(sample)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
