"""Each figure keeps its document's title (``figures.title``), so a sources panel is one point lookup:
the frames read are the same, column for column and value for value, whatever the store's shape (a
store made before that column, rows with no title written by other tools, missing values of every
type), and a store made before it gets the column on its next write. Real DuckDB files throughout."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from metrics.document import Document
from metrics.store import _FEW_ROWS, Store
from metrics.table import COLUMNS
from tests.test_store_scale import article

N = 140  # 560 figures: more than _FEW_ROWS


def reads(path) -> list[pd.DataFrame]:
    """What the app and the exports read of the store at ``path``, by each route figures take."""
    store = Store(path, read_only=True, keep_alive=True)
    try:
        every = store.figures()  # in one query (Arrow), with its titles
        ids = every.figure_id.tolist()
        few = ids[3:10][::-1]
        return [every, store.figures(ids=few), store.figures(ids=ids[5]), store.figures(ids=[ids[7]]),
                store.figures(ids=[]), store.figures(ids=[-1, ids[0]]), store.figures(ids=iter(few)),
                store.figures(ids=ids[: _FEW_ROWS + 20]),  # more ids than a point lookup reads as rows
                store.figures(doc_id=every.doc_id.iloc[4]), store.figures(metric="exports", geo="Hà Nội"),
                store.figures_page(limit=20, offset=11)[0],
                store.figures_page(filter_model={"sentence": {"filterType": "text", "type": "contains",
                                                              "filter": "bản 0"}}, limit=15, offset=5)[0],
                store.figures_page(sort_model=[{"colId": "title", "sort": "desc"}], limit=25)[0],
                store.figures_page(limit=_FEW_ROWS + 10)[0],
                next(store.iter_figures(batch_size=40))]
    finally:
        store.close()


def same(a: list[pd.DataFrame], b: list[pd.DataFrame]) -> None:
    for x, y in zip(a, b, strict=True):
        assert list(x.columns) == list(COLUMNS) + ["figure_id", "title"]
        pd.testing.assert_frame_equal(x, y, check_exact=True)


def columns(path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'figures' "
                                          "ORDER BY column_index").fetchall()]
    finally:
        con.close()


def make_older(path) -> None:
    """Turn the store at ``path`` into what civic-metrics wrote before ``figures.title``."""
    con = duckdb.connect(str(path))
    indexes = con.execute("SELECT index_name, sql FROM duckdb_indexes() WHERE table_name = 'figures'").fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')  # DuckDB alters no table that has indexes
    con.execute("ALTER TABLE figures DROP COLUMN title")
    for _, sql in indexes:
        con.execute(sql)
    con.close()


@pytest.fixture
def titled(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).ingest_documents([article(i) for i in range(N)], upload=False)
    assert columns(path)[-1] == "title"
    return path


def test_titles_are_kept_with_the_figures_and_read_from_them(titled):
    con = duckdb.connect(str(titled), read_only=True)
    wrong = con.execute("""SELECT count(*) FROM figures f JOIN documents d ON d.id = f.doc_id
                           WHERE f.title IS DISTINCT FROM coalesce(d.title, '')""").fetchone()[0]
    con.close()
    assert wrong == 0
    figs = Store(titled, read_only=True).figures(ids=[1, 2, 3])
    assert figs.title.tolist() == ["Bài 0"] * 3 and figs.figure_id.tolist() == [1, 2, 3]


def test_a_store_made_before_the_titles_reads_the_same_and_gets_them_on_its_next_write(titled, tmp_path):
    before = reads(titled)
    make_older(titled)
    assert "title" not in columns(titled)
    same(reads(titled), before)  # read as it is: titles from the documents
    assert "title" not in columns(titled)  # reading changes nothing
    reader = Store(titled, read_only=True, keep_alive=True)
    reader.figures(ids=[1])  # a reader kept open across the write
    summary = Store(titled).ingest_documents([article(i) for i in range(N, N + 3)], upload=False)
    assert summary.new == 3
    assert columns(titled)[-1] == "title"
    con = duckdb.connect(str(titled), read_only=True)
    assert con.execute("SELECT count(*) FROM figures WHERE title IS NULL").fetchone()[0] == 0
    indexes = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    con.close()
    assert {"figures_figure_id", "figures_doc_id", "documents_id"} <= indexes
    after = reads(titled)
    kept = (1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14)  # the reads the three new articles do not change
    same([after[i] for i in kept], [before[i] for i in kept])
    assert len(after[0]) == len(before[0]) + 12
    pd.testing.assert_frame_equal(after[0].iloc[: len(before[0])], before[0])
    pd.testing.assert_frame_equal(reader.figures(ids=[1, 2]), before[0].iloc[:2])
    reader.close()


def test_rows_without_a_title_written_by_other_tools_read_their_documents_title(titled):
    before = reads(titled)
    con = duckdb.connect(str(titled))
    con.execute("UPDATE figures SET title = NULL WHERE figure_id % 3 = 0")
    con.close()
    same(reads(titled), before)


def test_missing_values_of_every_type_read_the_same_by_every_route(tmp_path):
    """A point lookup builds its frame from Python rows, the other routes through Arrow: NULL text,
    offsets, values and dates come out the same ('' , -1, NaN, NaT)."""
    path = tmp_path / "s.duckdb"
    doc = Document(text="Xuất khẩu tăng 5%.", path="/corpus/x.txt", title=None, url="", source="",
                   published=None)
    row = dict(doc_id=doc.doc_id, path=doc.path, source=None, url=None, published=None, sentence=None,
               start=None, end=None, quote=None, metric="exports", measure="growth_pct", basis=None, value=None,
               value_high=None, unit=None, qualifier=None, status=None, period_type=None, period_start=None,
               period_end=None, geo=None, part=None)
    full = {**row, "sentence": "Xuất khẩu tăng 5%.", "start": 10, "end": 17, "value": 5.0, "value_high": 6.5,
            "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 1, 31), "published": dt.date(2024, 2, 3)}
    Store(path).ingest_documents([(doc, [row, full, row])], upload=False)
    con = duckdb.connect(str(path))
    con.execute("UPDATE figures SET sentence = NULL, start = NULL, value = NULL, published = NULL, "
                "period_start = NULL WHERE figure_id = 1")
    con.execute("UPDATE figures SET title = NULL WHERE figure_id = 3")
    con.close()
    store = Store(path, read_only=True)
    arrow = store.figures()  # through Arrow
    rows = store.figures(ids=[3, 1, 2])  # through Python rows
    pd.testing.assert_frame_equal(rows, arrow, check_exact=True)
    assert arrow.title.tolist() == ["", "", ""] and arrow.start.tolist() == [-1, 10, -1]
    assert arrow.sentence.iloc[0] == "" and pd.isna(arrow.value.iloc[0]) and pd.isna(arrow.published.iloc[0])
    assert arrow.value_high.iloc[1] == 6.5 and arrow.period_end.iloc[1] == pd.Timestamp(2024, 1, 31)
    page, total = store.figures_page(limit=10)
    pd.testing.assert_frame_equal(page, arrow, check_exact=True)
    assert total == 3


def test_new_metadata_for_unchanged_text_updates_the_titles_kept_with_its_figures(titled):
    doc, rows = article(4)
    retitled = Document(text=doc.text, path=doc.path, title="Bài 4 (sửa)", url=doc.url, source=doc.source,
                        published=doc.published)
    summary = Store(titled).ingest_documents([(retitled, rows)], upload=False)
    assert summary.updated == 1
    store = Store(titled, read_only=True)
    figs = store.figures(doc_id=doc.doc_id)
    assert set(figs.title) == {"Bài 4 (sửa)"}
    assert set(store.figures(ids=figs.figure_id.tolist()).title) == {"Bài 4 (sửa)"}
    con = duckdb.connect(str(titled), read_only=True)
    assert con.execute("SELECT DISTINCT title FROM figures WHERE doc_id = ?", [doc.doc_id]).fetchall() == \
        [("Bài 4 (sửa)",)]
    con.close()
