"""Precision audit of the engine on the unlabeled pool of real articles (issue 7).

Runs the engine on data/pool, excludes nothing, and draws 100 rows at random with a
fixed seed. The draw is stable under rule changes: every row gets a pseudo-random
rank, sha256("2026:<file>:<start>:<end>:<k>") (k counts rows sharing one span), and
the 100 rows of lowest rank are the sample. A row whose place in its article is
unchanged keeps its rank on a newer commit, so the sample only moves where the
engine's output moved (rows dropped, rows added).

Verdicts are keyed by the row's identity, not by its number in the sample:
(file, start, end, metric, part, measure, value, status, period_start, period_end,
geo). On a newer commit a sampled row identical in all of these reuses its verdict;
a new or changed row is "unjudged" until someone judges it. The verdicts CSV has
those columns plus quote (for the reader only), verdict ("right"/"wrong") and reason
(a wrong reason starts with its kind: "period: ...", "metric: ...", ...). It may hold
verdicts of rows no longer sampled; they are kept and ignored.

Rerun (from the repository root):
    python bench/audit.py --out /tmp/skeleton.md
        draws the sample and shows, for each row, its verdict from
        bench/audit_verdicts.csv or "unjudged"; --todo FILE also writes the
        unjudged rows as CSV lines to fill in and append to the verdicts file.
    python bench/audit.py --judged bench/audit_verdicts.csv --out docs/audit.md
        renders the report (share right, 95% Wilson interval, wrong rows by kind,
        the full table); refuses if a sampled row has no verdict.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

import metrics

POOL = "data/pool"
N, SEED = 100, 2026
VERDICTS = "bench/audit_verdicts.csv"
KEY = ["file", "start", "end", "metric", "part", "measure", "value", "status",
       "period_start", "period_end", "geo"]
CSV_COLS = [*KEY, "quote", "verdict", "reason"]
COLS = ["metric", "part", "measure", "basis", "value", "value_high", "unit", "status"]
# Earlier audits this report supersedes, kept for history.
HISTORY = ["Audit of commit `069de8b` (312 rows in the pool output, `DataFrame.sample(n=100, "
           "random_state=2026)`): 51 of 100 right (51%, 95% Wilson interval 41.3%–60.6%).",
           "Audit of commit `6c1a120` (320 rows, same draw): 60 of 100 right (60%, 95% Wilson "
           "interval 50.2%–69.1%).",
           "Audit of commit `cff5a0c` (the hash-ranked draw used since): 70 of 100 right (70%, 95% Wilson "
           "interval 60.4%–78.1%).",
           "Audit of commit `5ff37d2` (same draw): 78 of 100 right (78%, 95% Wilson interval 68.9%–85.0%).",
           "Audit of commit `039f684` (same draw): 82 of 100 right (82%, 95% Wilson interval 73.3%–88.3%)."]


def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval for k successes out of n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return mid - half, mid + half


def blank(x) -> bool:
    return x is None or x is pd.NaT or (isinstance(x, float) and math.isnan(x)) or (
        not isinstance(x, str) and pd.isna(x))


def cell(x, limit: int = 250) -> str:
    s = "" if blank(x) else str(x)
    s = " ".join(s.split()).replace("|", "\\|")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def norm(field: str, x) -> str:
    """One identity field as a canonical string (same for a CSV cell and a table cell)."""
    if blank(x):
        return ""
    if field == "value":
        return repr(float(x))
    if field in ("start", "end"):
        return str(int(float(x)))
    if field in ("period_start", "period_end"):
        return str(x)[:10]
    return str(x).strip()


def identity(r) -> tuple[str, ...]:
    return tuple(norm(f, r.get(f)) for f in KEY)


def period(r) -> str:
    start, end = cell(r.get("period_start"))[:10], cell(r.get("period_end"))[:10]
    return f"{cell(r.get('period_type'))} {start}..{end}".strip()


def draw(df: pd.DataFrame) -> pd.DataFrame:
    """The N rows of lowest seeded hash rank (all rows if fewer), in rank order."""
    df = df.copy()
    df["file"] = df["path"].map(lambda p: Path(str(p)).name)
    df = df.sort_values(["file", "start", "end", "metric", "part", "geo"], kind="stable")
    k = df.groupby(["file", "start", "end"]).cumcount()
    df["rank"] = [hashlib.sha256(f"{SEED}:{f}:{s}:{e}:{i}".encode()).hexdigest()
                  for f, s, e, i in zip(df["file"], df["start"], df["end"], k, strict=True)]
    return df.sort_values("rank").head(N).reset_index(drop=True)


def read_verdicts(path: str) -> dict[tuple, tuple[str, str]]:
    if not Path(path).exists():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        return {identity(r): (r["verdict"].strip(), r["reason"].strip())
                for r in csv.DictReader(f) if r.get("verdict", "").strip()}


def table(sample, verdicts: dict) -> list[str]:
    head = ["n", "file", "start", *COLS, "period", "geo", "quote", "sentence", "verdict", "reason"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, r in sample.iterrows():
        v, why = verdicts.get(identity(r), ("unjudged", ""))
        row = [str(i + 1), r["file"], norm("start", r["start"]), *(cell(r.get(c)) for c in COLS),
               period(r), cell(r.get("geo")), cell(r.get("quote")), cell(r.get("sentence")), v,
               cell(why, 400)]
        out.append("| " + " | ".join(row) + " |")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judged", help="verdicts CSV; render the final report (all rows judged)")
    ap.add_argument("--out", help="write Markdown here instead of stdout")
    ap.add_argument("--todo", help="skeleton mode: write the unjudged rows here as verdict CSV")
    args = ap.parse_args(argv)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    df = metrics.extract_paths([POOL]).reset_index(drop=True)
    sample = draw(df)
    verdicts = read_verdicts(args.judged or VERDICTS)
    ids = [identity(r) for _, r in sample.iterrows()]
    missing = [i for i in ids if i not in verdicts]
    if args.judged and missing:
        print(f"refusing: {len(missing)} of {len(sample)} sampled rows have no verdict in "
              f"{args.judged} (run without --judged to see them)", file=sys.stderr)
        return 1

    lines = ["# Precision audit of the engine on the real-article pool", "",
             f"Engine at commit `{commit}`, run on `{POOL}` ({df['path'].nunique()} files with rows, "
             f"{len(df)} rows in all, nothing excluded). {len(sample)} rows drawn at random with a "
             f"fixed seed ({SEED}): each row is ranked by sha256 of the seed and its place "
             "(file, start, end), and the lowest ranks are the sample, so the draw only moves "
             "where the engine's output moves. Each row is judged right or wrong against the "
             "figures-table contract and LABELING.md: a row is right only if every field "
             "(metric, part, measure, basis, value, unit, status, period, geo) is right.", "",
             "Rerun: `python bench/audit.py --judged bench/audit_verdicts.csv --out docs/audit.md`; "
             "without `--judged` it writes the skeleton, marking rows with no verdict yet. "
             "Verdicts are keyed by the row's identity (file, start, end, metric, part, measure, "
             "value, status, period_start, period_end, geo), so a row unchanged on a newer "
             "commit keeps its verdict and only new or changed rows need judging.", "",
             f"This audit of `{commit}` supersedes the earlier ones below (a different draw "
             "of the same kind of sample, so not row-for-row comparable).", "",
             *(f"- {h}" for h in HISTORY), ""]
    if args.judged:
        got = [verdicts[i] for i in ids]
        k = sum(v == "right" for v, _ in got)
        n = len(got)
        lo, hi = wilson(k, n)
        lines += [f"**{k} of {n} right ({k / n:.0%}, 95% Wilson interval {lo:.1%}–{hi:.1%})**", "",
                  f"Wrong rows by kind of error ({n - k} wrong rows; a row wrong in two fields counts "
                  "under both; \"not a figure\" = not a row at all: product, market, company, "
                  "project, foreign economy, ...):", "", "| kind | rows |", "|---|---|"]
        kinds = Counter(kind.strip() for v, why in got if v != "right"
                        for kind in why.split(":")[0].split(" and "))
        lines += [f"| {kind} | {c} |" for kind, c in kinds.most_common()] + [""]
    else:
        lines += [f"**Skeleton: {len(sample) - len(missing)} of {len(sample)} sampled rows have a "
                  f"verdict in {VERDICTS}; {len(missing)} unjudged.**", ""]
        if args.todo:
            with open(args.todo, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(CSV_COLS)
                for _, r in sample.iterrows():
                    if identity(r) not in verdicts:
                        w.writerow([*identity(r), cell(r.get("quote")), "", ""])
    lines += table(sample, verdicts)
    text = "\n".join(lines) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"commit {commit}, {len(df)} rows, sample {len(sample)}, "
          f"{len(sample) - len(missing)} with a verdict, {len(missing)} unjudged", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
