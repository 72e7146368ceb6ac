"""Regenerate bench/RESULTS.md: run every benchmark, one page of figures with the machine they ran on.

usage: python bench/results.py [--quick] [--only SECTION]... [--args SECTION=ARGS]... [--out FILE]
                               [--notes FILE] [--bench-dir DIR] [--timeout SECONDS] [--keep FILE]
       python bench/results.py --render FILE [--out FILE] [--notes FILE]

Runs each bench/bench_*.py and bench/accuracy.py in its own process with ``--json FILE`` and
writes one markdown page: a header with the machine (CPU model and count, memory, OS, Python,
DuckDB and pandas versions, git commit, date, load average before and after), then per section
a table (what | measured | anchor in the same run | goal | met), the script's notes, the
hand-written text of that section from bench/NOTES.md and the script's printed output, and last
a summary of the goals met and missed. A script that is missing, fails, times out or writes no
valid JSON is reported as such on the page; the generator itself does not stop.

The JSON each script writes (``--json FILE``)::

    {"section": "extract", "title": "Extraction speed",
     "rows": [{"what": str, "measured": str, "anchor": str, "goal": str, "met": true | false | null}],
     "notes": [str]}

``anchor`` is a reference measured in the same run (a bare number scan, DuckDB's own COPY, the
smallest size of a curve), so a figure can be read on a busy or a different machine. ``met`` is
null for a row without a goal. Scripts may ``from results import dump, row`` to write it.

Options:
  --quick            small sizes: a script whose --help lists --quick gets --quick; bench_load
                     gets a short run (QUICK_ARGS); any other script is skipped and says so
  --only SECTION     run only this section (repeatable): extract, store, export, reader, load,
                     app, accuracy, or any bench_NAME.py found
  --args SEC=ARGS    extra arguments for one section's script, e.g. --args "extract=--scale 1000"
  --out FILE         the page to write (default bench/RESULTS.md)
  --notes FILE       the hand-written text merged into the page (default bench/NOTES.md)
  --bench-dir DIR    where the scripts are (default: this file's folder)
  --timeout SECONDS  stop a script after this long (default: none; 900 with --quick)
  --keep FILE        also keep what the run collected, as JSON
  --render FILE      run nothing: rewrite the page from a --keep file (e.g. after editing NOTES.md)

Exit status: 0 when the page was written (whatever the scripts did), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: The sections the page always lists, in this order (a missing script shows as missing).
SECTIONS = ("extract", "store", "export", "reader", "load", "app", "accuracy")
#: Arguments for --quick when a script does not list --quick itself.
QUICK_ARGS = {"load": ["--docs", "300", "--clients", "10", "--seconds", "10"]}
QUICK_TIMEOUT = 900.0


def row(what: str, measured: str, anchor: str = "", goal: str = "", met: bool | None = None) -> dict:
    """One row of a section's table."""
    return {"what": what, "measured": measured, "anchor": anchor, "goal": goal, "met": met}


def man(doc: str) -> dict:
    """ArgumentParser keywords for a man-page --help from a module docstring: its first paragraph
    as the description, the rest but the usage and Options paragraphs (argparse lists those) as the epilog."""
    paras = doc.strip().split("\n\n")
    rest = [p for p in paras[1:] if not p.lstrip().startswith(("usage:", "Options:"))]
    return {"description": paras[0], "epilog": "\n\n".join(rest),
            "formatter_class": argparse.RawDescriptionHelpFormatter}


def dump(path: str | os.PathLike | None, section: str, title: str, rows: list[dict], notes=()) -> None:
    """Write a section's JSON to ``path`` (nothing when ``path`` is None)."""
    if path is None:
        return
    doc = {"section": section, "title": title, "rows": rows, "notes": list(notes)}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---- the machine ------------------------------------------------------------------------------

def _first(path: str, pattern: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.match(pattern, line)
            if m:
                return m.group(1).strip()
    except OSError:
        pass
    return ""


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # noqa: BLE001 - not installed is an answer, not an error
        return "not installed"


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=20)
        return out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine() -> dict[str, str]:
    """What the figures depend on: hardware, software, commit, date and load."""
    cpu = _first("/proc/cpuinfo", r"model name\s*:\s*(.*)") or platform.processor() or platform.machine()
    kb = _first("/proc/meminfo", r"MemTotal:\s*(\d+)")
    ram = f"{int(kb) / 2**20:.1f} GiB" if kb else "unknown"
    osname = _first("/etc/os-release", r'PRETTY_NAME="?([^"]*)"?') or platform.system()
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "CPU": f"{cpu}, {os.cpu_count()} logical CPUs",
        "memory": ram,
        "OS": f"{osname}, kernel {platform.release()}",
        "Python": platform.python_version(),
        "DuckDB / pandas": f"{_version('duckdb')} / {_version('pandas')}",
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# ---- running the scripts ----------------------------------------------------------------------

def scripts(bench_dir: Path) -> dict[str, Path]:
    """Section name -> script: bench_NAME.py gives NAME, accuracy.py gives accuracy."""
    found = {p.stem.removeprefix("bench_"): p for p in sorted(bench_dir.glob("bench_*.py"))}
    if (bench_dir / "accuracy.py").exists():
        found["accuracy"] = bench_dir / "accuracy.py"
    return found


def _help(script: Path) -> tuple[str, str]:
    """The script's --help text, and what went wrong when it gave none."""
    try:
        out = subprocess.run([sys.executable, str(script), "--help"], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as e:
        return "", f"--help did not answer ({type(e).__name__})"
    if out.returncode != 0:
        return "", f"--help ended with exit status {out.returncode}\n{_tail(out.stderr or out.stdout)}"
    return out.stdout, ""


def _tail(text: str, n: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-n:])


def _valid(doc) -> str:
    """'' when ``doc`` follows the convention, else what is wrong."""
    if not isinstance(doc, dict):
        return "the JSON is not an object"
    if not isinstance(doc.get("rows"), list) or not all(isinstance(r, dict) for r in doc["rows"]):
        return "the JSON has no list of rows"
    if not isinstance(doc.get("notes", []), list):
        return "the JSON's notes are not a list"
    bad = [r for r in doc["rows"] if r.get("met") not in (True, False, None)]
    return "a row's met is not true, false or null" if bad else ""


def _stop(proc: subprocess.Popen) -> None:
    """End a script that ran out of time and whatever it started (its own process group):
    SIGTERM, ten seconds' grace, then SIGKILL to what is left."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            pass


def run(section: str, script: Path | None, extra: list[str], quick: bool, timeout: float | None) -> dict:
    """Run one section's script and return its result: the JSON's fields plus ``status``
    (ok, missing, failed, skipped), ``why``, ``args``, ``seconds`` and ``output``."""
    res = {"section": section, "title": section, "rows": [], "notes": [], "status": "ok", "why": "",
           "args": [], "seconds": 0.0, "output": "", "script": script.name if script else f"bench_{section}.py"}
    if script is None:
        return {**res, "status": "missing", "why": f"no bench/{res['script']} in this checkout"}
    helptext, broken = _help(script)
    if broken:
        return {**res, "status": "failed", "why": broken}
    if "--json" not in helptext:
        return {**res, "status": "failed",
                "why": "the script does not accept --json (see bench/results.py for the convention)"}
    args = []
    if quick:
        if "--quick" in helptext:
            args = ["--quick"]
        elif section in QUICK_ARGS:
            args = list(QUICK_ARGS[section])
        else:
            return {**res, "status": "skipped", "why": "no quick profile (the script lists no --quick)"}
    args += extra
    with tempfile.TemporaryDirectory(prefix="bench-results-") as tmp:
        out = Path(tmp) / f"{section}.json"
        cmd = [sys.executable, str(script), *args, "--json", str(out)]
        res["args"] = args
        t = time.monotonic()
        # Output goes to files, not pipes: a grandchild left running cannot hold the generator up.
        with open(Path(tmp) / "stdout", "w+") as so, open(Path(tmp) / "stderr", "w+") as se:
            try:
                proc = subprocess.Popen(cmd, cwd=ROOT, stdout=so, stderr=se, start_new_session=True)
            except OSError as e:
                return {**res, "status": "failed", "why": f"could not start: {e}"}
            try:
                rc = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                _stop(proc)
                rc = None
            res["seconds"] = time.monotonic() - t
            so.seek(0)
            se.seek(0)
            res["output"], err = so.read(), se.read()
        if rc is None:
            return {**res, "status": "failed", "why": f"stopped after the {timeout:g} s timeout\n{_tail(err)}"}
        if rc != 0:
            return {**res, "status": "failed", "why": f"exit status {rc}\n{_tail(err or res['output'])}"}
        try:
            doc = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            return {**res, "status": "failed", "why": f"no valid JSON written ({type(e).__name__}: {e})"}
    wrong = _valid(doc)
    if wrong:
        return {**res, "status": "failed", "why": wrong}
    rows = [{k: r.get(k, None if k == "met" else "") for k in ("what", "measured", "anchor", "goal", "met")}
            for r in doc["rows"]]
    return {**res, "title": str(doc.get("title") or section), "rows": rows,
            "notes": [str(n) for n in doc.get("notes") or []]}


# ---- the page ---------------------------------------------------------------------------------

def read_notes(path: Path) -> dict[str, str]:
    """bench/NOTES.md split at its ``## NAME`` headings: NAME -> text ("preamble" opens the page)."""
    if not path.exists():
        return {}
    notes: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"##\s+(\S+)\s*$", line)
        if m:
            current = m.group(1).lower()
            notes[current] = []
        elif current is not None:
            notes[current].append(line)
    return {k: "\n".join(v).strip() for k, v in notes.items()}


def _cell(v) -> str:
    return str(v).replace("\n", " ").replace("|", "\\|").strip()


def _met(v) -> str:
    return {True: "yes", False: "**no**", None: ""}[v]


def render(info: dict[str, str], results: list[dict], notes: dict[str, str], command: str) -> str:
    """The markdown page."""
    out = ["# Benchmark results", "",
           f"Generated by `{command}`; do not edit by hand: the explanations live in `bench/NOTES.md`.", ""]
    out += ["| machine | |", "|---|---|"]
    out += [f"| {k} | {_cell(v)} |" for k, v in info.items()]
    out.append("")
    if notes.get("preamble"):
        out += [notes["preamble"], ""]
    for r in results:
        out += [f"## {r['title']}" + (f" (`{r['section']}`)" if r["title"] != r["section"] else ""), ""]
        run_line = f"`bench/{r['script']}" + (" " + shlex.join(r["args"]) if r["args"] else "") + "`"
        if r["status"] == "ok":
            out += [f"{run_line}, {r['seconds']:.0f} s.", ""]
            if r["rows"]:
                out += ["| what | measured | anchor (same run) | goal | met |", "|---|---|---|---|---|"]
                out += [f"| {_cell(x['what'])} | {_cell(x['measured'])} | {_cell(x['anchor'])} | "
                        f"{_cell(x['goal'])} | {_met(x['met'])} |" for x in r["rows"]]
                out.append("")
            out += [f"- {_cell(n)}" for n in r["notes"]]
            if r["notes"]:
                out.append("")
        else:
            why = r["why"].splitlines() or [""]
            out += [f"**{r['status'].upper()}**: {run_line} — {why[0]}", ""]
            if len(why) > 1:
                out += ["```", *why[1:], "```", ""]
        if notes.get(r["section"]):
            out += [notes[r["section"]], ""]
        if r["output"].strip():
            out += ["<details><summary>printed output</summary>", "", "```", r["output"].rstrip(), "```", "",
                    "</details>", ""]
    rows = [(r, x) for r in results for x in r["rows"]]
    met = [x for _, x in rows if x["met"] is True]
    missed = [(r, x) for r, x in rows if x["met"] is False]
    out += ["## Summary", "",
            f"{len(met)} goals met, {len(missed)} missed, {sum(x['met'] is None for _, x in rows)} rows without a goal."]
    if missed:
        out += ["", "Missed:", ""]
        out += [f"- {r['section']}: {_cell(x['what'])}: {_cell(x['measured'])} (goal {_cell(x['goal'])})"
                for r, x in missed]
    others = [r for r in results if r["status"] != "ok"]
    if others:
        out += ["", "Not measured:", ""]
        out += [f"- {r['section']}: {r['status']} ({r['why'].splitlines()[0] if r['why'] else ''})" for r in others]
    out.append("")
    return "\n".join(out)


def _shown(argv: list[str]) -> list[str]:
    """The options that decide what ran (not where the page, the notes or a kept run went)."""
    out, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--out", "--notes", "--keep", "--render"):
            skip = True
        elif not arg.startswith(("--out=", "--notes=", "--keep=", "--render=")):
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(prog="bench/results.py", **man(__doc__))
    ap.add_argument("--quick", action="store_true",
                    help="small sizes: --quick to each script whose --help lists it, QUICK_ARGS to "
                         "bench_load.py, any other script skipped")
    ap.add_argument("--only", action="append", metavar="SECTION", help="run only this section (repeatable)")
    ap.add_argument("--args", action="append", default=[], metavar="SEC=ARGS",
                    help="extra arguments for one section's script, e.g. --args 'extract=--scale 1000'")
    ap.add_argument("--out", type=Path, metavar="FILE", default=HERE / "RESULTS.md",
                    help="page to write (default bench/RESULTS.md)")
    ap.add_argument("--notes", type=Path, metavar="FILE", default=HERE / "NOTES.md",
                    help="hand-written text (default bench/NOTES.md)")
    ap.add_argument("--bench-dir", type=Path, metavar="DIR", default=HERE,
                    help="folder of the scripts (default: this one)")
    ap.add_argument("--timeout", type=float, metavar="SECONDS",
                    help="seconds before a script is stopped (default none; 900 with --quick)")
    ap.add_argument("--keep", type=Path, metavar="FILE", help="also keep what the run collected, as JSON")
    ap.add_argument("--render", type=Path, metavar="FILE",
                    help="run nothing: write the page from a file kept by --keep (after editing NOTES.md)")
    a = ap.parse_args(argv)
    if a.render:
        try:
            kept = json.loads(a.render.read_text(encoding="utf-8"))
            info, results = kept["machine"], kept["results"]
            command = shlex.join(_shown(shlex.split(kept["command"])))
        except (OSError, ValueError, KeyError, TypeError) as e:
            ap.error(f"--render {a.render}: not a file kept by --keep ({e})")
        a.out.write_text(render(info, results, read_notes(a.notes), command), encoding="utf-8")
        print(f"[results] wrote {a.out} from {a.render}", file=sys.stderr)
        return 0
    extra: dict[str, list[str]] = {}
    for spec in a.args:
        section, sep, rest = spec.partition("=")
        if not sep:
            ap.error(f"--args {spec!r}: expected SECTION=ARGS")
        extra.setdefault(section, []).extend(shlex.split(rest))
    found = scripts(a.bench_dir)
    order = list(SECTIONS) + [s for s in found if s not in SECTIONS]
    if a.only:
        unknown = [s for s in a.only if s not in order]
        if unknown:
            ap.error(f"--only {', '.join(unknown)}: no such section (known: {', '.join(order)})")
        order = [s for s in order if s in a.only]
    timeout = a.timeout if a.timeout is not None else (QUICK_TIMEOUT if a.quick else None)
    info = machine()  # before the runs: the commit measured, not one made while they ran
    load_before = _load()
    results = []
    for section in order:
        print(f"[results] {section} ...", file=sys.stderr, flush=True)
        r = run(section, found.get(section), extra.get(section, []), a.quick, timeout)
        print(f"[results] {section}: {r['status']} in {r['seconds']:.0f} s"
              + (f" ({r['why'].splitlines()[0]})" if r["why"] else ""), file=sys.stderr, flush=True)
        results.append(r)
    info["load average (1, 5, 15 min)"] = f"{load_before} before, {_load()} after"
    command = shlex.join(["python", "bench/results.py", *_shown(argv)])
    if a.keep:
        a.keep.write_text(json.dumps({"machine": info, "results": results, "command": command},
                                     ensure_ascii=False, indent=1), encoding="utf-8")
    a.out.write_text(render(info, results, read_notes(a.notes), command), encoding="utf-8")
    print(f"[results] wrote {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
