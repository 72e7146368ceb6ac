"""Exports: every format read back, spreadsheet-safe CSV, xlsx cells and links, the CLI (no file
overwritten without --force, one-line errors), and a streaming export of 1,000,000 figures within a
memory bound."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import metrics.export
from metrics.export import inert, write_chunks, write_table
from metrics.store import Store
from metrics.table import to_frame
from tests.test_store import CLI, fake_extract

ROOT = Path(__file__).resolve().parent.parent
DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", "=HYPERLINK(\"http://x\",\"bấm\")"]


def figures() -> pd.DataFrame:
    rows = []
    for i, sentence in enumerate(["Tổng mức bán lẻ tăng 12,6% so với cùng kỳ.", "GRDP giảm 7,02%; \"quý III\"",
                                  "dòng một\ndòng hai, có dấu phẩy", *DANGEROUS]):
        rows.append(dict(doc_id=f"d{i}", path=f"bài {i}.txt", source="Nhân Dân",
                         url=["https://nhandan.vn/a", "http://x.vn/b", "javascript:alert(1)", "ftp://x/y",
                              ""][i % 5],
                         published=f"2024-03-0{i % 9 + 1}", sentence=sentence, start=i, end=i + 5,
                         quote=sentence[:10], metric="retail_sales", measure="growth_pct", basis="yoy",
                         value=[12.6, -7.02, 1500.0][i % 3], value_high=None if i % 2 else 13.5, unit="%",
                         qualifier="exact", status="actual", period_type="month", period_start="2024-02-01",
                         period_end="2024-02-29", geo="Hà Nội", part=""))
    df = to_frame(rows)
    df["figure_id"] = range(1, len(df) + 1)
    return df


def test_inert():
    s = pd.Series(DANGEROUS + ["ok", "", "a=b", "-"])
    assert inert(s).tolist() == ["'" + x for x in DANGEROUS] + ["ok", "", "a=b", "'-"]


def test_csv_for_spreadsheets(tmp_path):
    df = figures()
    out = tmp_path / "f.csv"
    write_table(df, str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    # pandas
    back = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    assert list(back.columns) == list(df.columns)
    assert back.value.tolist() == df.value.tolist() and back.value.dtype == float
    assert back.start.tolist() == df.start.tolist()
    assert back.published.tolist() == df.published.dt.strftime("%Y-%m-%d").tolist()
    assert back.sentence.tolist()[:3] == df.sentence.tolist()[:3]
    assert back.sentence.tolist()[3:] == ["'" + x for x in DANGEROUS]
    # the csv module, with and without BOM handling
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "doc_id" and len(rows) == len(df) + 1
    assert {r[5] for r in rows[1:]} >= {"'=1+1", "'\tTAB", "'\rCR", "dòng một\ndòng hai, có dấu phẩy"}
    assert not [c for r in rows[1:] for c in r if c and c[0] in "=+-@\t\r" and not _number(c)]
    with open(out, encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh))[0] == "\ufeffdoc_id"
    # numbers are numbers, not quoted text
    text = raw.decode("utf-8-sig")
    assert ",-7.02," in text and ",2024-03-02," in text


def _number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_csv_for_vietnamese_excel(tmp_path):
    df = figures()
    out = tmp_path / "vi.csv"
    write_table(df, str(out), excel_locale="vi")
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("doc_id;path;source;")
    assert ";12,6;13,5;" in text and ";-7,02;;" in text and ";1500,0;13,5;" in text
    back = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert back.value.tolist() == df.value.tolist()
    assert back.value_high.dropna().tolist() == [13.5] * int(df.value_high.notna().sum())


def test_csv_to_a_stream_has_no_bom():
    buf = io.StringIO()
    write_table(figures().head(2), buf)
    assert buf.getvalue().startswith("doc_id,")


def test_csv_to_a_text_stream_keeps_long_vietnamese_text():
    df = pd.DataFrame({"sentence": ["đ" * (1 << 20)], "value": [1.5]})  # past a 1 MiB block, mid-character
    buf = io.StringIO()
    write_chunks([df.iloc[:0], df, df.iloc[:0]], buf)  # an empty frame first does not make numbers text
    limit = csv.field_size_limit(1 << 22)
    try:
        rows = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    finally:
        csv.field_size_limit(limit)
    assert rows == [["sentence", "value"], ["đ" * (1 << 20), "1.5"]]
    assert buf.getvalue().endswith(",1.5\n")


def test_xlsx(tmp_path):
    df = figures()
    out = tmp_path / "f.xlsx"
    write_table(df, str(out))
    ws = openpyxl.load_workbook(out).active
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header == list(df.columns)
    col = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(df)
    for r, (_, f) in zip(rows, df.iterrows(), strict=True):
        assert r[col["value"]].data_type == "n" and r[col["value"]].value == f.value
        assert r[col["start"]].value == f.start
        assert r[col["published"]].is_date and r[col["published"]].value.date() == f.published.date()
        assert r[col["sentence"]].data_type == "s" and r[col["sentence"]].value == f.sentence
        link = r[col["url"]].hyperlink
        if f.url.startswith(("http://", "https://")):
            assert link is not None and link.target == f.url
        else:
            assert link is None
    formulas = [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


@pytest.mark.parametrize("ext", ["parquet", "json"])
def test_parquet_and_json_read_back(tmp_path, ext):
    df = figures()
    out = tmp_path / f"f.{ext}"
    write_chunks([df.iloc[:4], df.iloc[4:]], str(out))
    if ext == "parquet":
        back = pd.read_parquet(out)
        pd.testing.assert_frame_equal(back, df, check_dtype=False)
    else:
        back = json.loads(out.read_text(encoding="utf-8"))
        assert len(back) == len(df) and back[0]["published"] == "2024-03-01"
        assert back[0]["sentence"] == df.sentence[0] and back[1]["value_high"] is None
        assert back[5]["sentence"] == DANGEROUS[2]  # JSON is data, not a spreadsheet: kept as is


def test_unknown_type_and_no_half_written_file(tmp_path):
    from metrics.errors import UsageError

    with pytest.raises(UsageError):
        write_table(figures(), str(tmp_path / "f.txt"))

    def broken():
        yield figures()
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_chunks(broken(), str(tmp_path / "f.csv"))
    assert os.listdir(tmp_path) == []


@pytest.fixture
def store(tmp_path, monkeypatch):
    import metrics.extract
    from metrics.document import from_text

    monkeypatch.setattr(metrics.extract, "extract_document", fake_extract)
    s = Store(tmp_path / "s.duckdb")
    s.ingest_documents([from_text("exports 2024-01 100\nexports 2024-02 110\nimports 2024-02 90\n",
                                  url="https://a.vn/1", source="VTC News"),
                        from_text("exports 2024-02 110\nexports 2024-03 9000\nexports 2024-04 120\n"
                                  "exports 2024-05 125\n", url="https://b.vn/2")])
    return s


def run_cli(*args):
    return subprocess.run(CLI + list(args), capture_output=True, text=True, timeout=120)


def test_cli_export_filters_and_observations(store, tmp_path):
    out = tmp_path / "x.csv"
    res = run_cli("export", "--db", store.path, "--metric", "exports", "--from", "2024-02", "--to", "2024-03",
                  "--out", str(out))
    assert res.returncode == 0, res.stderr
    back = pd.read_csv(out, encoding="utf-8-sig")
    assert back.value.tolist() == [110.0, 110.0, 9000.0]
    res = run_cli("export", "--db", store.path, "--what", "observations", "--metric", "exports",
                  "--metric", "imports", "--geo", "Hà Nội", "--out", str(tmp_path / "o.parquet"))
    assert res.returncode == 0, res.stderr
    obs = pd.read_parquet(tmp_path / "o.parquet")
    feb = obs[(obs.metric == "exports") & (obs.period_start == "2024-02-01")].iloc[0]
    assert list(feb.figure_ids) == [2, 4] and feb.n_sources == 2
    assert obs[obs.value == 9000.0].suspect.all()
    for ext in ("csv", "json", "xlsx"):
        assert run_cli("export", "--db", store.path, "--what", "observations",
                       "--out", str(tmp_path / f"o.{ext}")).returncode == 0
    assert "2 4" in (tmp_path / "o.csv").read_text(encoding="utf-8-sig")
    assert json.loads((tmp_path / "o.json").read_text())[0]["figure_ids"] == [1]
    assert openpyxl.load_workbook(tmp_path / "o.xlsx").active.max_row == len(obs) + 1


def test_cli_export_errors(store, tmp_path):
    res = run_cli("export", "--db", store.path, "--out", str(tmp_path / "x.txt"))
    assert res.returncode == 2 and ".csv, .xlsx, .parquet, .json" in res.stderr
    res = run_cli("export", "--db", store.path, "--from", "March", "--out", str(tmp_path / "x.csv"))
    assert res.returncode == 2 and "YYYY-MM" in res.stderr
    res = run_cli("export", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "x.csv"))
    assert res.returncode == 1 and "no store at" in res.stderr


def test_empty_export_still_has_its_header(tmp_path, store):
    out = tmp_path / "e.csv"
    write_chunks(store.iter_figures(metric="cpi"), str(out))
    assert out.read_text(encoding="utf-8-sig").startswith("doc_id,path,")


@pytest.mark.slow
def test_a_million_figures_stream(tmp_path):
    """1,000,000 figures to CSV in a fresh process, far below one in-memory copy."""
    sys.path.insert(0, str(ROOT))
    from bench.bench_export import make_store, measure_export

    db, out = str(tmp_path / "big.duckdb"), str(tmp_path / "big.csv")
    make_store(db, 1_000_000)
    secs, peak_mb = measure_export(db, out)
    # the whole table as one DataFrame takes about 1.5 GB (3 GB peak while loading)
    assert peak_mb < 800, peak_mb
    lines = inert = 0
    with open(out, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 24), b""):
            lines += chunk.count(b"\n")
            inert += chunk.count(b"\"'=HYPERLINK(")
    assert (lines, inert) == (1_000_001, 1000)


def test_xlsx_rows_past_a_sheet_go_on_to_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(metrics.export, "XLSX_MAX_ROWS", 4)
    df = figures()
    out = tmp_path / "f.xlsx"
    write_chunks([df.iloc[:3], df.iloc[3:]], str(out))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["data", "data (2)", "data (3)"][: -(-len(df) // 4)]
    assert sum(ws.max_row - 1 for ws in wb.worksheets) == len(df)
    assert all(ws.freeze_panes == "A2" and ws["A1"].value == "doc_id" for ws in wb.worksheets)


_texts = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                          max_size=30), min_size=1, max_size=8)


@settings(max_examples=80, deadline=None)
@given(_texts, st.sampled_from(["en", "vi"]))
def test_any_text_comes_back_from_csv_inert(texts, locale):
    df = pd.DataFrame({"sentence": texts, "value": [float(i) - 2.5 for i in range(len(texts))]})
    buf = io.BytesIO()
    write_table(df, buf, excel_locale=locale)
    rows = list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8"), newline=""),
                           delimiter=";" if locale == "vi" else ","))
    assert rows[0] == ["sentence", "value"] and len(rows) == len(texts) + 1
    for i, ((cell, number), text) in enumerate(zip(rows[1:], texts, strict=True)):
        assert cell == ("'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text)
        assert float(number.replace(",", ".")) == df.value[i]


# --- the store's exports, read back against the store itself ----------------------------------------

ODD = ["ligne\rCR au milieu", "\rCR", "a\r\nb", "ctl\x01\x08chars", " khoảng trắng ", "x" * 40_000, "-", "="]


@pytest.fixture
def odd_store(tmp_path):
    """A store, through the staging path, whose figures hold formula-like, multi-line, control-character
    and over-long texts, several URLs (http, https, javascript:, none) and a missing value_high."""
    from metrics.document import from_text

    df = figures()
    rows = df.drop(columns=["figure_id"]).to_dict("records")
    for i, text in enumerate(ODD):
        rows.append({**rows[i % len(rows)], "sentence": text, "quote": text[:20], "part": text[:5]})
    doc = from_text("Bài báo\nxuất khẩu", url="https://nhandan.vn/bai", source="Nhân Dân", title="=Tiêu đề")
    other = from_text("Bài khác", url="http://x.vn/b", title="Báo cáo kinh tế")
    s = Store(tmp_path / "odd.duckdb")
    s.ingest_documents([(doc, rows[:10]), (other, rows[10:])])
    return s


def _expected_csv(v, locale):
    if isinstance(v, str):
        return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
    if isinstance(v, pd.Timestamp):
        return "" if pd.isna(v) else v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        return "" if v != v else (repr(v).replace(".", ",") if locale == "vi" else repr(v))
    return str(v)


@pytest.mark.parametrize("locale", ["en", "vi"])
def test_store_csv_is_the_store_made_inert(odd_store, tmp_path, monkeypatch, locale):
    monkeypatch.setattr(metrics.export, "WINDOW", 4)  # several windows, each sorted and appended
    out = tmp_path / "f.csv"
    n = metrics.export.export_store(odd_store.path, out, excel_locale=locale)
    want = odd_store.figures()
    assert n == len(want) == len(figures()) + len(ODD)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";" if locale == "vi" else ","))
    assert rows[0] == list(want.columns)
    assert [r[want.columns.get_loc("figure_id")] for r in rows[1:]] == [str(i) for i in want.figure_id]
    for r, (_, f) in zip(rows[1:], want.iterrows(), strict=True):
        assert r == [_expected_csv(v, locale) for v in f.tolist()]
    assert not [c for r in rows[1:] for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")
                and not _number(c.replace(",", "."))]
    if locale == "en":  # text quoted, numbers and dates not
        line = raw.decode("utf-8-sig").splitlines()[1]
        assert line.startswith('"') and ',2024-03-01,' in line and ',12.6,' in line


def test_store_json_and_parquet_are_the_store(odd_store, tmp_path, monkeypatch):
    monkeypatch.setattr(metrics.export, "WINDOW", 4)
    want = odd_store.figures()
    metrics.export.export_store(odd_store.path, tmp_path / "f.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "f.parquet"), want, check_dtype=False)
    metrics.export.export_store(odd_store.path, tmp_path / "f.json")
    back = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert len(back) == len(want)
    for rec, (_, f) in zip(back, want.iterrows(), strict=True):
        assert list(rec) == list(want.columns)
        for k, v in f.items():
            if isinstance(v, pd.Timestamp):
                assert rec[k] == (None if pd.isna(v) else v.strftime("%Y-%m-%d"))
            elif isinstance(v, float) and v != v:
                assert rec[k] is None
            else:
                assert rec[k] == v, k  # JSON is data, not a spreadsheet: texts as they are


def test_store_xlsx_is_the_store(odd_store, tmp_path, monkeypatch):
    monkeypatch.setattr(metrics.export, "XLSX_WINDOW", 4)
    monkeypatch.setattr(metrics.export, "XLSX_MAX_ROWS", 7)  # sheets change inside a window
    out = tmp_path / "f.xlsx"
    metrics.export.export_store(odd_store.path, out)
    want = odd_store.figures()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["data", "data (2)", "data (3)"]
    rows = []
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2" and [c.value for c in ws[1]] == list(want.columns)
        assert all(c.font.b for c in ws[1])
        rows += list(ws.iter_rows(min_row=2))
    assert len(rows) == len(want)
    col = {name: i for i, name in enumerate(want.columns)}
    for r, (_, f) in zip(rows, want.iterrows(), strict=True):
        for name, v in f.items():
            cell = r[col[name]]
            if isinstance(v, str):
                text = v.replace("\x01", "").replace("\x08", "")[:32767]
                assert cell.value == (text or None), name
                assert cell.data_type in ("s", "n") and (cell.data_type == "s" or not text)
            elif isinstance(v, pd.Timestamp):
                assert cell.is_date and cell.value.date() == v.date()
            elif isinstance(v, float) and v != v:
                assert cell.value is None
            else:
                assert cell.value == v and cell.data_type == "n"
        link = r[col["url"]].hyperlink
        assert (link.target if link else None) == (f.url if f.url.startswith(("http://", "https://")) else None)
    assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_store_xlsx_sheets_stay_below_zip64(odd_store, tmp_path, monkeypatch):
    monkeypatch.setattr(metrics.export, "BATCH", 3)
    monkeypatch.setattr(metrics.export, "XLSX_MAX_BYTES", 20_000)  # the 40,000-character sentence fills one
    out = tmp_path / "f.xlsx"
    metrics.export.export_store(odd_store.path, out)
    with zipfile.ZipFile(out) as z:
        sheets = [i for i in z.infolist() if i.filename.startswith("xl/worksheets/sheet")]
        assert len(sheets) >= 2 and all(i.file_size < (1 << 31) and not i.extra for i in sheets)
    wb = openpyxl.load_workbook(out)
    values = [r[5] for ws in wb.worksheets for r in ws.iter_rows(min_row=2, values_only=True)]
    assert values == [s.replace("\x01", "").replace("\x08", "")[:32767] or None for s in odd_store.figures().sentence]


def test_empty_store_exports_have_their_columns(store, tmp_path):
    for ext in ("csv", "json", "parquet", "xlsx"):
        out = tmp_path / f"e.{ext}"
        assert metrics.export.export_store(store.path, out, metric="cpi") == 0
    assert (tmp_path / "e.csv").read_text(encoding="utf-8-sig").splitlines()[0].startswith("doc_id,path,")
    assert json.loads((tmp_path / "e.json").read_text()) == []
    assert list(pd.read_parquet(tmp_path / "e.parquet").columns)[-2:] == ["figure_id", "title"]
    ws = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert ws.max_row == 1 and ws["A1"].value == "doc_id"


# --- safe output: never overwrite without --force, clear errors ----------------------------------------

def _outputs(folder) -> list[str]:
    return sorted(n for n in os.listdir(folder) if not n.startswith("s.duckdb"))


def test_export_refuses_to_overwrite_without_force(store, tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("planner's own notes", encoding="utf-8")
    res = run_cli("export", "--db", store.path, "--out", str(out))
    assert res.returncode == 1 and "exists" in res.stderr and "--force" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    assert out.read_text(encoding="utf-8") == "planner's own notes"
    res = run_cli("export", "--db", store.path, "--out", str(out), "--force")
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8-sig").startswith("doc_id,")
    assert _outputs(tmp_path) == ["x.csv"]  # no temporary file left behind


def test_export_never_touches_an_unrelated_part_file(store, tmp_path):
    part = tmp_path / "x.xlsx.part"
    part.write_bytes(b"someone else's download")
    assert run_cli("export", "--db", store.path, "--out", str(tmp_path / "x.xlsx")).returncode == 0
    assert part.read_bytes() == b"someone else's download"

    def broken():
        yield figures()
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_chunks(broken(), str(tmp_path / "x.csv"))
    assert part.read_bytes() == b"someone else's download"
    assert _outputs(tmp_path) == ["x.xlsx", "x.xlsx.part"]


@pytest.mark.parametrize("ext", ["csv", "xlsx", "parquet", "json"])
def test_export_to_a_missing_folder_or_a_folder_says_so(store, tmp_path, ext):
    missing = tmp_path / "no" / "such" / f"x.{ext}"
    res = run_cli("export", "--db", store.path, "--out", str(missing))
    assert res.returncode == 1 and "no folder" in res.stderr and str(missing.parent) in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr and "LxmlSyntaxError" not in res.stderr
    folder = tmp_path / f"d.{ext}"
    folder.mkdir()
    res = run_cli("export", "--db", store.path, "--out", str(folder), "--force")
    assert res.returncode == 1 and "is a folder" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert folder.is_dir() and list(folder.iterdir()) == []


@pytest.mark.parametrize("ext", ["csv", "xlsx", "parquet", "json"])
def test_export_past_the_file_size_limit_says_so(odd_store, tmp_path, ext):
    """A file-size limit (EFBIG, as a full disk gives ENOSPC) ends in one line, exit 1, nothing left."""
    import resource
    import signal

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    out = tmp_path / "big" / f"x.{ext}"
    out.parent.mkdir()
    res = subprocess.run(CLI + ["export", "--db", odd_store.path, "--out", str(out)], capture_output=True,
                         text=True, timeout=120, preexec_fn=limit)
    assert res.returncode == 1, res.stderr
    assert f"cannot write {out}: File too large (free some space" in res.stderr, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("ext", ["csv", "json"])
def test_windows_reach_the_file_the_same_whichever_way(odd_store, tmp_path, monkeypatch, ext):
    """Windows go through a pipe spliced onto the file; where the file's filesystem cannot splice, through
    memory; where there are no pipes, through a part file appended. The same bytes each way."""
    import errno

    monkeypatch.setattr(metrics.export, "WINDOW", 4)
    metrics.export.export_store(odd_store.path, tmp_path / f"pipe.{ext}")

    def no_splice(*a, **k):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "splice", no_splice)
    metrics.export.export_store(odd_store.path, tmp_path / f"memory.{ext}")

    def no_fifo(*a, **k):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "mkfifo", no_fifo)
    metrics.export.export_store(odd_store.path, tmp_path / f"part.{ext}")
    pipe = (tmp_path / f"pipe.{ext}").read_bytes()
    assert len(pipe) > 1000 and pipe.count(b"https://nhandan.vn/") > 1
    assert (tmp_path / f"memory.{ext}").read_bytes() == pipe == (tmp_path / f"part.{ext}").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == f".{ext}") == \
        [f"memory.{ext}", f"part.{ext}", f"pipe.{ext}"]
