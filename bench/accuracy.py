"""Accuracy on every gold set this machine has: precision and recall, all rows and --strict.

    python bench/accuracy.py [--show N] [--set real] [--quick] [--json FILE]

Scores ../shared/corpus/{seeds,dev} and, once its texts are rebuilt into data/real
(../shared/corpus/real/README.md), the real articles, with the shared scorer; also data/modern
against data/modern_gold where this machine has them (an in-house set, see GOLD). The gold sets
carry no goal: the rows report, they do not judge. --quick is accepted for bench/results.py and
changes nothing (a full run takes seconds); --json FILE also writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
SHARED = TOP.parent / "shared"
SETS = {"seeds": SHARED / "corpus" / "seeds", "dev": SHARED / "corpus" / "dev", "real": TOP / "data" / "real",
        "modern": TOP / "data" / "modern"}
#: Where each set's gold labels are. "modern" is a working set of 2019-2026 web articles labelled in-house
#: (texts and labels both kept in data/, out of git); the others are ../shared's.
GOLD = {name: SHARED / "corpus" / name for name in ("seeds", "dev", "real")} | {"modern": TOP / "data" / "modern_gold"}


def scorer():
    spec = importlib.util.spec_from_file_location("score_figures", SHARED / "tools" / "score_figures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def score(name: str, texts: Path, sf, show: int = 0) -> dict:
    import metrics

    gold_dir = GOLD[name]
    df = metrics.extract_paths([texts])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.csv"
        df.to_csv(out, index=False, date_format="%Y-%m-%d")
        docs = {json.loads(line)["doc"] for line in open(gold_dir / "docs.jsonl") if line.strip()}
        result = {}
        gold = sf.load_gold(str(gold_dir))
        docs |= {g["doc"] for g in gold}
        for strict in (False, True):
            matches, misses, extras = sf.score(sf.load_pred(str(out), docs), gold)
            if strict:  # as the scorer's --strict: a borderline row counts neither way
                matches = [(g, p) for g, p in matches if not g.get("borderline")]
                misses = [g for g in misses if not g.get("borderline")]
            result["strict" if strict else "all"] = sf.summary(matches, misses, extras)
            if show and not strict:
                for g in misses[:show]:
                    print(f"  missed {g['doc']} {g['metric']} {g['measure']} {g.get('value')} {g['quote']!r}")
                for p in extras[:show]:
                    print(f"  extra  {Path(p['path']).name} {p['metric']} {p['measure']} {p['value']} "
                          f"{p['quote']!r}")
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", action="append", choices=sorted(SETS), help="score only these sets")
    ap.add_argument("--show", type=int, default=0, help="list this many misses and extras per set")
    ap.add_argument("--quick", action="store_true", help="accepted for bench/results.py; changes nothing")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON for bench/results.py")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from results import dump, row

    rows, notes = [], []
    if not (SHARED / "tools" / "score_figures.py").exists():
        print("../shared is not beside the checkout: nothing to score", file=sys.stderr)
        return 2
    sf = scorer()
    for name in args.set or list(SETS):
        texts = SETS[name]
        if not texts.is_dir() or not GOLD[name].is_dir():
            missing = texts if not texts.is_dir() else GOLD[name]
            print(f"{name:6} not measured: {missing} is missing")
            notes.append(f"{name}: not measured, {missing} is missing.")
            continue
        r = score(name, texts, sf, args.show)
        a, s = r["all"], r["strict"]
        attrs = " ".join(f"{k} {v:.3f}" for k, v in a["attribute_accuracy"].items() if k in ("status", "qualifier",
                                                                                              "basis"))
        print(f"{name:6} all: P {a['precision']:.3f} R {a['recall']:.3f} (tp {a['tp']}, fp {a['fp']}, fn {a['fn']})"
              f"  strict: P {s['precision']:.3f} R {s['recall']:.3f}  {attrs}")
        rows.append(row(f"gold set {name} (tp {a['tp']}, fp {a['fp']}, fn {a['fn']})",
                        f"P {a['precision']:.3f}, R {a['recall']:.3f}",
                        f"strict: P {s['precision']:.3f}, R {s['recall']:.3f}; {attrs}"))
    dump(args.json, "accuracy", "Accuracy on the gold sets", rows, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
