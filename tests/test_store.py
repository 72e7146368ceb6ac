"""The store: schema and version checks, idempotent ingest, replacement, filters, and (with real
subprocesses) a killed ingest, a busy store and readers that keep reading."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import metrics.extract
from metrics.document import from_text
from metrics.store import SCHEMA_VERSION, Store, StoreBusy, StoreError
from metrics.table import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv" / "bin" / "civic-metrics")]
if not os.path.exists(CLI[0]):
    CLI = [sys.executable, "-m", "metrics.cli"]
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "corpus" / "dev"

_LINE = re.compile(r"^(\w+) (\d{4})-(\d\d) (-?[\d.]+)(?: (\w+))?$", re.M)


def fake_extract(doc):
    """A stand-in engine: each line "METRIC YYYY-MM VALUE [STATUS]" is a monthly level."""
    rows = []
    for m in _LINE.finditer(doc.text):
        start = dt.date(int(m[2]), int(m[3]), 1)
        end = (pd.Timestamp(start) + pd.offsets.MonthEnd(0)).date()
        rows.append(dict(doc_id=doc.doc_id, path=doc.path, source=doc.source, url=doc.url,
                         published=doc.published, sentence=m[0], start=m.start(), end=m.end(), quote=m[0],
                         metric=m[1], measure="level", basis="", value=float(m[4]), unit="mn USD",
                         qualifier="exact", status=m[5] or "actual", period_type="month",
                         period_start=start, period_end=end, geo="Hà Nội", part=""))
    return rows


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr(metrics.extract, "extract_document", fake_extract)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    c = tmp_path / "corpus"
    write(c / "a.txt", "Xuất khẩu\nexports 2024-01 100\nexports 2024-02 110\n")
    write(c / "b.txt", "Nhập khẩu\nimports 2024-01 90\nexports 2024-03 120 estimate\n")
    return c


def test_ingest_creates_the_store_and_is_idempotent(tmp_path, corpus, fake_engine):
    store = Store(tmp_path / "s.duckdb")
    assert store.is_empty()
    first = store.ingest([corpus], workers=1)
    assert (first.new, first.unchanged, first.replaced, first.figures_added) == (2, 0, 0, 4)
    figs = store.figures()
    assert list(figs.columns) == list(COLUMNS) + ["figure_id", "title"]
    assert figs.figure_id.tolist() == [1, 2, 3, 4]
    again = store.ingest([corpus], workers=1)
    assert (again.new, again.unchanged, again.replaced, again.figures_added) == (0, 2, 0, 0)
    pd.testing.assert_frame_equal(store.figures(), figs)
    assert len(store.observations()) == 4
    assert not store.is_empty()
    assert "2 new, 0 unchanged, 0 replaced, 0 skipped" in first.line()


def test_a_changed_document_replaces_its_figures(tmp_path, corpus, fake_engine):
    store = Store(tmp_path / "s.duckdb")
    store.ingest([corpus], workers=1)
    kept = store.figures(doc_id=store.figures(metric="imports").doc_id[0])
    write(corpus / "a.txt", "Xuất khẩu\nexports 2024-01 101\n")
    s = store.ingest([corpus], workers=1)
    assert (s.new, s.unchanged, s.replaced, s.figures_added, s.figures_removed) == (0, 1, 1, 1, 2)
    figs = store.figures(metric="exports")
    assert figs.value.tolist() == [120.0, 101.0]
    assert figs.figure_id.tolist() == [4, 5]  # new ids, never reused; others keep theirs
    pd.testing.assert_frame_equal(store.figures(doc_id=kept.doc_id[0]), kept)
    assert len(store.documents()) == 2
    obs = store.observations(metric="exports")
    assert obs.set_index("period_start").value.to_dict() == {pd.Timestamp("2024-01-01"): 101.0,
                                                              pd.Timestamp("2024-03-01"): 120.0}


def test_same_url_and_outlet_new_text_replaces_only_when_asked(tmp_path, fake_engine):
    store = Store(tmp_path / "s.duckdb")
    one = from_text("exports 2024-01 100\n", url="https://x.vn/a", source="VnE", path="/a/1.txt")
    s = store.ingest_documents([one, one], upload=False)
    assert (s.new, s.unchanged) == (1, 1)
    two = from_text("exports 2024-01 105\n", url="https://x.vn/a", source="VnE", path="/b/1.txt")
    s = store.ingest_documents([two], upload=False)
    assert (s.new, s.replaced) == (1, 0)  # another file: stored beside
    three = from_text("exports 2024-01 107\n", url="https://x.vn/a", source="Other", path="/c/1.txt")
    s = store.ingest_documents([three], upload=False, replace=True)
    assert (s.new, s.replaced) == (1, 0)  # same URL from another outlet: not the same article
    four = from_text("exports 2024-01 109\n", url="https://x.vn/a", source="VnE", path="/d/1.txt")
    s = store.ingest_documents([four], upload=False, replace=True)
    assert (s.new, s.replaced, s.figures_removed) == (0, 1, 2)  # one new text for two stored ones
    assert sorted(s.replacements) == sorted([("/d/1.txt", one.doc_id), ("/d/1.txt", two.doc_id)])
    assert sorted(store.figures().value.tolist()) == [107.0, 109.0]


def test_two_texts_under_one_url_in_one_batch_do_not_replace_each_other(tmp_path, fake_engine):
    store = Store(tmp_path / "s.duckdb")
    a = from_text("exports 2024-01 100\n", url="https://x.vn/a", path="a.txt")
    store.ingest_documents([a])
    b = from_text("exports 2024-01 100\n(bản in)\n", url="https://x.vn/a", path="a-print.txt")
    s = store.ingest_documents([a, b])
    assert (s.new, s.unchanged, s.replaced) == (1, 1, 0)
    s = store.ingest_documents([a, b])
    assert (s.new, s.unchanged, s.replaced) == (0, 2, 0)


def test_skipped_files_are_counted(tmp_path, corpus, fake_engine):
    write(corpus / "empty.txt", "  \n")
    s = Store(tmp_path / "s.duckdb").ingest([corpus], workers=1)
    assert [p for p, _ in s.skipped] == [str(corpus / "empty.txt")]
    assert "1 skipped" in s.line()


def test_filters_documents_and_document(tmp_path, corpus, fake_engine):
    store = Store(tmp_path / "s.duckdb")
    store.ingest([corpus], workers=1)
    assert set(store.figures(metric=["imports"]).metric) == {"imports"}
    assert len(store.figures(metric=["imports", "exports"])) == 4
    assert len(store.figures(geo="Đà Nẵng")) == 0
    assert store.figures(start="2024-02", end="2024-02").value.tolist() == [110.0]
    assert store.figures(start=dt.date(2024, 2, 15)).value.tolist() == [110.0, 120.0]
    assert store.figures(ids=[2, 3]).figure_id.tolist() == [2, 3]
    assert store.figures(ids=[]).empty
    assert store.observations(start="2024-03").value.tolist() == [120.0]
    docs = store.documents()
    assert list(docs.columns[:6]) == ["id", "path", "url", "source", "title", "published"]
    d = store.document(docs.id[0])
    assert set(d) == {"id", "path", "url", "source", "title", "published", "text"}
    assert d["text"].startswith("Xuất khẩu")
    assert store.document("nope") is None
    assert store.has_document(docs.id[0]) and not store.has_document("nope")


def test_default_path_and_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CIVIC_METRICS_DB", raising=False)
    assert Store().path == os.path.join("data", "civic-metrics.duckdb")
    monkeypatch.setenv("CIVIC_METRICS_DB", str(tmp_path / "other.duckdb"))
    assert Store().path == str(tmp_path / "other.duckdb")


def test_a_missing_store_reads_as_empty(tmp_path):
    store = Store(tmp_path / "none.duckdb", read_only=True)
    assert store.is_empty() and store.figures().empty and store.observations().empty
    assert not (tmp_path / "none.duckdb").exists()


def test_wrong_version_other_database_and_other_file(tmp_path, fake_engine):
    path = tmp_path / "s.duckdb"
    Store(path).ingest_documents([from_text("exports 2024-01 100\n")])
    con = duckdb.connect(str(path))
    con.execute("UPDATE civic_meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match=f"schema version 99; this civic-metrics reads version {SCHEMA_VERSION}"):
        Store(path, read_only=True).figures()
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INT)").close()
    with pytest.raises(StoreError, match="DuckDB database but not a civic-metrics store"):
        Store(other).ingest_documents([])
    text = write(tmp_path / "notes.duckdb", "id,value\n1,2\n")
    with pytest.raises(StoreError, match="not a civic-metrics store .not a DuckDB database file"):
        Store(text)
    for db, msg in ((path, "schema version 99"), (other, "not a civic-metrics store"),
                    (text, "not a DuckDB database file")):
        for cmd in (["export", "--db", str(db), "--out", str(tmp_path / "x.csv")],
                    ["ingest", "--db", str(db), str(SEEDS)]):
            res = subprocess.run(CLI + cmd, capture_output=True, text=True, timeout=60)
            assert res.returncode == 1, res.stderr
            assert msg in res.stderr and "Traceback" not in res.stderr


def test_observations_made_by_older_rules_are_recomputed_when_opened_for_writing(tmp_path):
    """A store from before the flag rules (no observations_version) gets today's flags on its next write."""
    path, corpus = tmp_path / "s.duckdb", tmp_path / "corpus"
    write(corpus / "a.md", "---\nsource: VnE\npublished: 2026-02-05\n---\n"
                           "Tháng 1/2026, kim ngạch xuất khẩu của Hà Nội ước đạt 1,824 tỷ USD.\n")
    write(corpus / "b.md", "---\nsource: Báo Mẫu\npublished: 2026-02-06\n---\n"
                           "Tháng 1/2026, kim ngạch xuất khẩu của Hà Nội ước đạt 2,5 tỷ USD.\n")
    Store(path).ingest([corpus], progress=False)
    right = Store(path, read_only=True).observations()
    assert right.conflict.any()  # the two outlets disagree
    con = duckdb.connect(str(path))  # what an older civic-metrics left behind
    assert con.execute("SELECT value FROM civic_meta WHERE key = 'observations_version'").fetchone() == ("2",)
    con.execute("DELETE FROM civic_meta WHERE key = 'observations_version'")
    con.execute("UPDATE observations SET conflict = false, suspect = false, suspect_reason = ''")
    con.close()
    assert not Store(path, read_only=True).observations().conflict.any()  # reading changes nothing
    summary = Store(path).ingest([corpus], progress=False)  # nothing new to store
    assert (summary.new, summary.unchanged) == (0, 2)
    pd.testing.assert_frame_equal(Store(path, read_only=True).observations(), right)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT value FROM civic_meta WHERE key = 'observations_version'").fetchall() == [("2",)]
    con.close()


# --- with real processes ------------------------------------------------------

def cli(*args, env=None, **kw):
    return subprocess.run(CLI + list(args), capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, **kw)


def start(*args, pause):
    """An ingest in the background that pauses at ``pause`` ("stage:S" or "transaction:S")."""
    proc = subprocess.Popen(CLI + ["ingest", "--no-progress", *args], stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "CIVIC_METRICS_PAUSE": pause})
    line = proc.stderr.readline()
    assert "paused at" in line, line + proc.stderr.read()
    return proc


def snapshot(db):
    store = Store(db, read_only=True)
    return store.documents().drop(columns=[]), store.figures(), store.observations()


def same(a, b):
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y)


def test_a_killed_ingest_leaves_the_store_as_before_and_the_next_run_completes(tmp_path):
    db = str(tmp_path / "s.duckdb")
    assert cli("ingest", "--db", db, str(SEEDS)).returncode == 0
    before = snapshot(db)
    proc = start("--db", db, str(DEV), pause="transaction:60")  # inside the transaction, all rows inserted
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    same(snapshot(db), before)
    done = cli("ingest", "--db", db, str(SEEDS), str(DEV))
    assert done.returncode == 0, done.stderr
    n_dev = len([f for f in os.listdir(DEV) if f.endswith((".txt", ".md"))])
    assert f"{n_dev} new, 5 unchanged, 0 replaced" in done.stderr
    assert len(Store(db, read_only=True).documents()) == 5 + n_dev


def test_a_second_writer_is_told_the_store_is_busy(tmp_path):
    db = str(tmp_path / "s.duckdb")
    first = start("--db", db, str(SEEDS), pause="stage:60")
    try:
        t = time.monotonic()
        busy = cli("ingest", "--db", db, str(SEEDS))
        assert busy.returncode == 1
        assert f"store is busy (another ingest, pid {first.pid}, is writing" in busy.stderr
        waited = cli("ingest", "--wait", "1", "--db", db, str(SEEDS))
        assert waited.returncode == 1 and "store is busy" in waited.stderr
        assert time.monotonic() - t >= 1
        with pytest.raises(StoreBusy):
            Store(db).ingest_documents([])
    finally:
        first.kill()
        first.wait(10)
    assert Store(db, read_only=True).is_empty()


def test_a_waiting_writer_goes_after_the_first(tmp_path):
    db = str(tmp_path / "s.duckdb")
    first = start("--db", db, str(SEEDS), pause="stage:2")
    second = cli("ingest", "--wait", "60", "--db", db, str(SEEDS), str(DEV))
    assert first.wait(60) == 0
    assert second.returncode == 0, second.stderr
    assert "5 unchanged" in second.stderr


def test_readers_keep_reading_while_an_ingest_writes(tmp_path):
    db = str(tmp_path / "s.duckdb")
    assert cli("ingest", "--db", db, str(SEEDS)).returncode == 0
    before = snapshot(db)
    # extracting: the database file is not even open
    writer = start("--db", db, str(DEV), pause="stage:60")
    t = time.monotonic()
    same(snapshot(db), before)
    assert time.monotonic() - t < 5
    writer.kill()
    writer.wait(10)
    # the final transaction: readers wait for it, then see the new documents
    writer = start("--db", db, str(DEV), pause="transaction:3")
    with pytest.raises(StoreBusy, match="store is busy"):
        Store(db, read_only=True, timeout=0.5).figures()
    docs = Store(db, read_only=True, timeout=60).documents()
    assert writer.wait(60) == 0
    assert len(docs) > len(before[0])


def test_figures_page_filters_sorts_and_pages_in_the_database(tmp_path):
    """The data grid's query on a store of the real seeds: filtered, sorted and paged by DuckDB."""
    store = Store(str(tmp_path / "s.duckdb"))
    store.ingest([str(SEEDS)], progress=False)
    everything = store.figures()
    page, total = store.figures_page(
        filter_model={"unit": {"filterType": "text", "type": "equals", "filter": "%"}},
        sort_model=[{"colId": "value", "sort": "desc"}], offset=1, limit=3)
    pcts = everything[everything.unit == "%"].sort_values("value", ascending=False)
    assert total == len(pcts)
    assert page.value.tolist() == pcts.value.tolist()[1:4]
    assert list(page.columns[:len(COLUMNS)]) == list(COLUMNS) and "figure_id" in page and "title" in page
    # OR of two number conditions, a date filter, a case-insensitive text filter
    page, total = store.figures_page(filter_model={
        "value": {"filterType": "number", "operator": "OR",
                  "conditions": [{"type": "lessThan", "filter": 5}, {"type": "greaterThan", "filter": 100000}]},
        "period_start": {"filterType": "date", "type": "greaterThanOrEqual", "dateFrom": "2026-01-01 00:00:00"},
        "quote": {"filterType": "text", "type": "contains", "filter": "ƯỚC"}})
    want = everything[((everything.value < 5) | (everything.value > 100000))
                      & (everything.period_start >= "2026-01-01") & everything.quote.str.lower().str.contains("ước")]
    assert total == len(want) > 0 and sorted(page.figure_id) == sorted(want.figure_id)
    # what a browser sends never becomes SQL: unknown columns are ignored, values are parameters
    page, total = store.figures_page(
        filter_model={"quote); DROP TABLE figures; --": {"filterType": "text", "type": "equals", "filter": "x"},
                      "metric": {"filterType": "text", "type": "equals", "filter": "x' OR '1'='1"}},
        sort_model=[{"colId": "value; DROP TABLE figures", "sort": "asc"}])
    assert total == 0 and page.empty
    assert len(store.figures()) == len(everything)
