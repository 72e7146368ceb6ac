"""Bad inputs through the real CLI: each file is read or skipped with a one-line reason,
no traceback, exit status 1 when something was skipped, and the other files' rows
all present."""

import csv
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CLI = ROOT / ".venv" / "bin" / "civic-metrics"
SUMMARY = re.compile(r"civic-metrics: (\d+) documents read, (\d+) skipped.*?, (\d+) figures found")
#: A short real article (its figures are gold rows) and a longer seed page.
ARTICLE = CORPUS / "dev" / "dev21.txt"
SEED = CORPUS / "seeds" / "000_abc9d9d7dd4bf2d9.txt"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


def extract(*paths, timeout=120):
    """Run ``civic-metrics extract PATHS --out x.csv``: (exit status, stderr, rows by path, summary)."""
    out = Path(paths[0]).parent / f"out-{time.monotonic_ns()}.csv"
    cmd = [str(CLI) if CLI.exists() else sys.executable, *([] if CLI.exists() else ["-m", "metrics.cli"]),
           "extract", *map(str, paths), "--out", str(out), "--no-progress"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    rows: dict[str, int] = {}
    if out.exists():
        with open(out, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                rows[row["path"]] = rows.get(row["path"], 0) + 1
    m = SUMMARY.search(proc.stderr)
    assert m, f"no summary line in stderr:\n{proc.stderr}"
    return proc.returncode, proc.stderr, rows, tuple(map(int, m.groups()))


def assert_clean(stderr: str):
    assert "Traceback" not in stderr, stderr


def rows_alone(tmp_path, article: Path) -> int:
    """How many rows the engine gives ``article`` on its own."""
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(article, alone / article.name)
    status, stderr, rows, _ = extract(alone)
    assert status == 0, stderr
    return sum(rows.values())


BAD_FILES = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\t \r\n\xc2\xa0\n", "empty file"),
    "binary.txt": (bytes(range(256)) * 64, "binary file, not text"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(random.Random(1).randrange(256) for _ in range(4000)),
                  "binary file, not text"),
    "undecodable.txt": (bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x9E, 0xFF, 0xC0]) * 300, "undecodable"),
    "bad-utf16.txt": (b"\xff\xfe" + b"\x00\xd8" * 10, "undecodable"),
    "nested.html": (b"<html><body>" + b"<div>" * 100_000 + b"</div>" * 100_000 + b"</body></html>", "nested too deeply"),
    "scripts.html": (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "no article text"),
    "meta-only.md": ("---\ntitle: Chỉ có tiêu đề\npublished: 2024-01-01\n---\n".encode(), "no article text"),
}


@needs_corpus
def test_bad_files_are_skipped_with_a_reason(tmp_path):
    expected = rows_alone(tmp_path, SEED)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "hostile.html").write_text(
        "<!DOCTYPE html><html><head><title>Xuất khẩu tăng</title><script>alert('x')</script></head>"
        "<body onload=\"alert('y')\"><article><p>Kim ngạch xuất khẩu tháng 5/2022 ước tăng 6,2% so với tháng "
        "trước và tăng 17% so với cùng kỳ.</p><img src=x onerror=\"alert('z')\"><a href=\"javascript:alert(1)\">"
        "link</a></article></body></html>", encoding="utf-8")
    shutil.copy(SEED, folder / SEED.name)
    status, stderr, rows, (read, skipped, _) = extract(folder)
    assert_clean(stderr)
    assert status == 1
    assert (read, skipped) == (2, len(BAD_FILES))
    lines = [line for line in stderr.splitlines() if line.startswith("civic-metrics: skipped ")]
    assert len(lines) == len(BAD_FILES)
    for name, (_, reason) in BAD_FILES.items():
        line = next(line for line in lines if line.startswith(f"civic-metrics: skipped {folder / name}: "))
        assert reason in line
    assert rows.get(str(folder / SEED.name), 0) == expected


@needs_corpus
def test_missing_path_among_others(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ARTICLE, folder / ARTICLE.name)
    status, stderr, _, (read, skipped, _) = extract(folder / ARTICLE.name, folder / "gone.txt")
    assert_clean(stderr)
    assert (status, read, skipped) == (1, 1, 1)
    assert f"skipped {folder / 'gone.txt'}: cannot read" in stderr


@needs_corpus
@pytest.mark.slow
def test_fifty_megabytes_are_read(tmp_path):
    """Within the size cap: read, not skipped. Built from seed articles without figures
    (001, 002), so the run measures reading rather than figure extraction."""
    folder = tmp_path / "big"
    folder.mkdir()
    chunk = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((CORPUS / "seeds").glob("00[12]_*.txt")))
    data = (chunk + "\n\n").encode("utf-8")
    (folder / "big.txt").write_bytes(data * (50 * 2**20 // len(data) + 1))
    assert (folder / "big.txt").stat().st_size >= 50 * 2**20
    start = time.monotonic()
    status, stderr, _, (read, skipped, _) = extract(folder)
    assert_clean(stderr)
    assert (status, read, skipped) == (0, 1, 0)
    assert time.monotonic() - start < 60, "reading 50 MB took over a minute"


def test_over_the_size_cap_is_skipped(tmp_path, monkeypatch):
    from metrics import document
    from metrics.errors import SkipDocument

    monkeypatch.setattr(document, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("Tổng thu ngân sách tăng 12,6%.\n" * 100, encoding="utf-8")
    with pytest.raises(SkipDocument, match="file too large"):
        document.read_path(path)


@needs_corpus
@pytest.mark.slow
def test_five_thousand_small_files(tmp_path):
    expected = rows_alone(tmp_path, ARTICLE)
    folder = tmp_path / "many"
    folder.mkdir()
    data = ARTICLE.read_bytes()
    for i in range(4998):
        (folder / f"a{i:04d}.txt").write_bytes(data)
    (folder / "z-empty.txt").write_bytes(b"")
    (folder / "z-binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    start = time.monotonic()
    status, stderr, rows, (read, skipped, figures) = extract(folder, timeout=180)
    assert_clean(stderr)
    assert (status, read, skipped) == (1, 4998, 2)
    assert figures == expected * 4998
    if expected:
        assert len(rows) == 4998 and set(rows.values()) == {expected}
    assert time.monotonic() - start < 120, "5,000 small files took over two minutes"
