"""Document identity: a document is its text (hash) plus where it came from. Run through the real
command line from different working directories, and through the app's real upload path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from metrics.store import UPLOAD_PREFIX, Store

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv" / "bin" / "civic-metrics")]
if not os.path.exists(CLI[0]):
    CLI = [sys.executable, "-m", "metrics.cli"]

ONE = "Hà Nội, ngày 5/2/2026. Tháng 1/2026, kim ngạch xuất khẩu của Hà Nội ước đạt 1,824 tỷ USD.\n"
TWO = "Đà Nẵng, ngày 6/2/2026. Tháng 1/2026, kim ngạch xuất khẩu của Đà Nẵng ước đạt 0,35 tỷ USD.\n"


def cli(*args, cwd=None):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_same_relative_path_in_two_folders_is_two_documents(tmp_path):
    db = str(tmp_path / "s.duckdb")
    write(tmp_path / "a" / "articles" / "bai1.txt", ONE)
    write(tmp_path / "b" / "articles" / "bai1.txt", TWO)
    first = cli("ingest", "--db", db, "articles", cwd=tmp_path / "a")
    assert first.returncode == 0, first.stderr
    second = cli("ingest", "--db", db, "articles", cwd=tmp_path / "b")
    assert second.returncode == 0, second.stderr
    assert "1 new, 0 unchanged, 0 replaced" in second.stderr
    docs = Store(db, read_only=True).documents()
    assert sorted(docs.path) == [str(tmp_path / "a" / "articles" / "bai1.txt"),
                                 str(tmp_path / "b" / "articles" / "bai1.txt")]


def test_a_changed_file_replaces_its_text_and_the_summary_names_it(tmp_path):
    db = str(tmp_path / "s.duckdb")
    f = write(tmp_path / "a" / "bai1.txt", ONE)
    assert cli("ingest", "--db", db, "bai1.txt", cwd=tmp_path / "a").returncode == 0
    old = Store(db, read_only=True).documents().id[0]
    write(f, TWO)
    done = cli("ingest", "--db", db, str(f))  # the same file, named from elsewhere
    assert "0 new, 0 unchanged, 1 replaced" in done.stderr, done.stderr
    assert f"replaced {old} by the new text of {f}" in done.stderr
    assert len(Store(db, read_only=True).documents()) == 1


def test_links_stay_valid_when_the_same_text_is_ingested_again_from_elsewhere(tmp_path):
    db = str(tmp_path / "s.duckdb")
    write(tmp_path / "a" / "bai1.txt", ONE)
    assert cli("ingest", "--db", db, "bai1.txt", cwd=tmp_path / "a").returncode == 0
    before = Store(db, read_only=True).figures()
    write(tmp_path / "copy" / "x.txt", ONE)
    again = cli("ingest", "--db", db, str(tmp_path))
    assert "0 new, 2 unchanged, 0 replaced" in again.stderr, again.stderr
    after = Store(db, read_only=True).figures()
    assert after.figure_id.tolist() == before.figure_id.tolist()
    assert after.doc_id.tolist() == before.doc_id.tolist()


def test_a_sidecar_added_later_updates_the_metadata_and_keeps_the_ids(tmp_path):
    db = str(tmp_path / "s.duckdb")
    f = write(tmp_path / "bai1.txt", ONE)
    assert cli("ingest", "--db", db, str(f)).returncode == 0
    ids = Store(db, read_only=True).figures().figure_id.tolist()
    (tmp_path / "bai1.meta.json").write_text(json.dumps({"source": "Kinh tế Đô thị",
                                                        "url": "https://ktdt.vn/1"}), encoding="utf-8")
    done = cli("ingest", "--db", db, str(f))
    assert "0 new, 1 unchanged, 1 updated, 0 replaced" in done.stderr, done.stderr
    store = Store(db, read_only=True)
    doc = store.documents().iloc[0]
    assert (doc.source, doc.url) == ("Kinh tế Đô thị", "https://ktdt.vn/1")
    figs = store.figures()
    assert figs.figure_id.tolist() == ids
    assert set(figs.source) == {"Kinh tế Đô thị"}


def test_the_cli_replaces_by_url_only_with_replace_and_the_same_outlet(tmp_path):
    db = str(tmp_path / "s.duckdb")
    head = "---\nurl: https://x.vn/bai\nsource: {src}\n---\n"
    write(tmp_path / "one" / "bai.md", head.format(src="VnE") + ONE)
    write(tmp_path / "two" / "bai.md", head.format(src="VnE") + TWO)
    write(tmp_path / "three" / "bai.md", head.format(src="Khác") + ONE + "Cập nhật.\n")
    assert cli("ingest", "--db", db, str(tmp_path / "one")).returncode == 0
    plain = cli("ingest", "--db", db, str(tmp_path / "three"))
    assert "1 new, 0 unchanged, 0 replaced" in plain.stderr, plain.stderr
    other_outlet = cli("ingest", "--replace", "--db", db, str(tmp_path / "three"))
    assert "0 new, 1 unchanged, 0 replaced" in other_outlet.stderr, other_outlet.stderr
    asked = cli("ingest", "--replace", "--db", db, str(tmp_path / "two"))
    assert "0 new, 0 unchanged, 1 replaced" in asked.stderr, asked.stderr
    assert sorted(Store(db, read_only=True).documents().source) == ["Khác", "VnE"]


def test_uploads_never_replace_by_name_or_url(tmp_path):
    from metrics.document import from_text

    db = tmp_path / "s.duckdb"
    f = write(tmp_path / "bai1.txt", "---\nurl: https://x.vn/bai\nsource: VnE\n---\n" + ONE)
    assert cli("ingest", "--db", str(db), str(f)).returncode == 0
    store = Store(db)
    # the same name as the stored file, and front matter claiming its URL and outlet
    hostile = from_text("---\nurl: https://x.vn/bai\nsource: VnE\n---\n" + TWO, path="bai1.txt")
    s = store.ingest_documents([hostile])
    assert (s.new, s.replaced, s.figures_removed) == (1, 0, 0)
    again = from_text("Sửa lại.\n" + TWO, path="bai1.txt")
    s = store.ingest_documents([again])
    assert (s.new, s.replaced) == (1, 0)
    paths = sorted(store.documents().path)
    assert paths == [str(f), UPLOAD_PREFIX + "bai1.txt", UPLOAD_PREFIX + "bai1.txt"]
    s = store.ingest_documents([hostile])
    assert (s.new, s.unchanged, s.replaced) == (0, 1, 0)
