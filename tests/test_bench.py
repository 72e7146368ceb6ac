"""bench/results.py: the page it writes, and that a broken benchmark is reported, not fatal.

No timing is asserted: the scripts' figures depend on the machine.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.py"


def generate(tmp_path: Path, *args: str, timeout: float = 120) -> tuple[subprocess.CompletedProcess, str]:
    out = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, str(RESULTS), "--out", str(out), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    return done, out.read_text(encoding="utf-8") if out.exists() else ""


def tables(page: str) -> list[str]:
    """The section headings followed by a table of figures."""
    return re.findall(r"^## (.+)\n\n`[^\n]*\n\n\| what \| measured \| anchor", page, flags=re.M)


@pytest.mark.slow
def test_quick_run_of_two_real_sections(tmp_path):
    done, page = generate(tmp_path, "--quick", "--only", "reader", "--only", "accuracy")
    assert done.returncode == 0, done.stderr
    for key in ("CPU", "memory", "OS", "Python", "DuckDB / pandas", "commit", "date", "load average"):
        assert re.search(rf"^\| {re.escape(key)}[^|]* \| \S", page, flags=re.M), key
    assert len(tables(page)) == 2, page
    assert "(`reader`)" in page and "(`accuracy`)" in page
    assert "--quick" in page and "## Summary" in page
    assert "## Exports" not in page  # --only kept the other sections out


FAKE = {
    # a script that follows the convention, without the project's imports
    "bench_good.py": """
        import argparse, json
        ap = argparse.ArgumentParser()
        ap.add_argument("--quick", action="store_true")
        ap.add_argument("--json")
        a = ap.parse_args()
        print("printed by good")
        rows = [{"what": "widgets", "measured": "3 a|b", "anchor": "1", "goal": ">= 2", "met": True},
                {"what": "gadgets", "measured": "1", "anchor": "", "goal": ">= 2", "met": False},
                {"what": "gizmos", "measured": "7", "anchor": "", "goal": "", "met": None}]
        json.dump({"section": "good", "title": "Good things", "rows": rows, "notes": ["a note"]}, open(a.json, "w"))
    """,
    "bench_boom.py": """
        import sys
        if "--help" in sys.argv:
            print("--quick --json FILE"); sys.exit(0)
        raise SystemExit("boom: deliberately broken")
    """,
    "bench_nojson.py": """
        import argparse
        argparse.ArgumentParser().parse_args()
    """,
    "bench_garbled.py": """
        import sys
        if "--help" in sys.argv:
            print("--quick --json FILE"); sys.exit(0)
        open(sys.argv[sys.argv.index("--json") + 1], "w").write("{not json")
    """,
    "bench_broken.py": """
        import no_such_module_anywhere
    """,
    "bench_sleepy.py": """
        import sys, time
        if "--help" in sys.argv:
            print("--quick --json FILE"); sys.exit(0)
        time.sleep(120)
    """,
}


@pytest.fixture
def fake_bench(tmp_path):
    bench = tmp_path / "bench"
    bench.mkdir()
    for name, code in FAKE.items():
        (bench / name).write_text(textwrap.dedent(code), encoding="utf-8")
    notes = tmp_path / "NOTES.md"
    notes.write_text("Not copied.\n\n## preamble\n\nWritten by hand, kept.\n\n## good\n\nWhy gadgets miss.\n",
                     encoding="utf-8")
    return bench, notes


def test_broken_scripts_are_reported_not_fatal(tmp_path, fake_bench):
    bench, notes = fake_bench
    done, page = generate(tmp_path, "--quick", "--bench-dir", str(bench), "--notes", str(notes),
                          "--timeout", "3", "--only", "good", "--only", "boom", "--only", "nojson",
                          "--only", "garbled", "--only", "sleepy", "--only", "broken", "--only", "store")
    assert done.returncode == 0, done.stderr
    assert tables(page) == ["Good things (`good`)"]
    assert "3 a\\|b" in page  # a cell's pipe is escaped
    assert "- a note" in page and "printed by good" in page
    assert "Written by hand, kept." in page and "Why gadgets miss." in page and "Not copied" not in page
    assert re.search(r"\*\*FAILED\*\*: `bench/bench_boom.py --quick` — exit status 1", page)
    assert "boom: deliberately broken" in page
    assert re.search(r"\*\*FAILED\*\*: `bench/bench_nojson.py`.*does not accept --json", page)
    assert re.search(r"\*\*FAILED\*\*: `bench/bench_garbled.py --quick` — no valid JSON", page)
    assert re.search(r"\*\*FAILED\*\*: `bench/bench_sleepy.py --quick` — stopped after the 3 s timeout", page)
    assert re.search(r"\*\*FAILED\*\*: `bench/bench_broken.py` — --help ended with exit status 1", page)
    assert "No module named 'no_such_module_anywhere'" in page
    assert re.search(r"\*\*MISSING\*\*: `bench/bench_store.py`", page)
    assert "1 goals met, 1 missed, 1 rows without a goal." in page
    assert "- good: gadgets: 1 (goal >= 2)" in page
    for section in ("boom", "nojson", "garbled", "sleepy", "broken", "store"):
        assert f"- {section}: " in page.split("Not measured:")[1]


def test_render_from_a_kept_run_takes_the_new_notes(tmp_path, fake_bench):
    bench, notes = fake_bench
    kept = tmp_path / "kept.json"
    done, first = generate(tmp_path, "--quick", "--bench-dir", str(bench), "--notes", str(notes),
                           "--only", "good", "--keep", str(kept))
    assert done.returncode == 0, done.stderr
    notes.write_text("## good\n\nA better explanation.\n", encoding="utf-8")
    done, again = generate(tmp_path, "--render", str(kept), "--notes", str(notes))
    assert done.returncode == 0, done.stderr
    assert "A better explanation." in again and "Why gadgets miss." not in again
    assert tables(again) == tables(first) and "printed by good" in again
    assert "Generated by `python bench/results.py --quick --bench-dir" in again and str(kept) not in again


def test_quick_skips_a_script_without_a_quick_profile(tmp_path, fake_bench):
    bench, notes = fake_bench
    (bench / "bench_slowonly.py").write_text("import sys\nprint('--json FILE')\n", encoding="utf-8")
    done, page = generate(tmp_path, "--quick", "--bench-dir", str(bench), "--only", "slowonly")
    assert done.returncode == 0, done.stderr
    assert "**SKIPPED**" in page and "no quick profile" in page


def test_usage_errors(tmp_path):
    done, _ = generate(tmp_path, "--only", "nosuchsection")
    assert done.returncode == 2 and "no such section" in done.stderr
    done, _ = generate(tmp_path, "--args", "extract")
    assert done.returncode == 2 and "SECTION=ARGS" in done.stderr


def test_the_json_convention_helpers(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import results
    finally:
        sys.path.remove(str(ROOT / "bench"))
    out = tmp_path / "x.json"
    results.dump(out, "x", "X", [results.row("a", "1 ms", "scan 2 ms", "<= 1 ms", False)], ["n"])
    assert json.loads(out.read_text()) == {"section": "x", "title": "X", "notes": ["n"], "rows": [
        {"what": "a", "measured": "1 ms", "anchor": "scan 2 ms", "goal": "<= 1 ms", "met": False}]}
