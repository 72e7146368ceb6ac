"""Uploads through the app's real path (the child reader, a real store file): nothing stored is
deleted or replaced, every refused file gets a reason, and readers are one bounded queue."""

from __future__ import annotations

import base64
import os
import threading
import time

import pytest

pytest.importorskip("dash")

from dashboard import upload_worker  # noqa: E402
from dashboard.data import Data  # noqa: E402
from dashboard.views import upload  # noqa: E402
from metrics.store import UPLOAD_PREFIX, Store  # noqa: E402

ONE = ("---\nurl: https://x.vn/bai\nsource: VnE\npublished: 2026-02-05\n---\n"
       "Tháng 1/2026, kim ngạch xuất khẩu của Hà Nội ước đạt 1,824 tỷ USD, tăng 32,4% so cùng kỳ.\n")
TWO = ("---\nurl: https://x.vn/bai\nsource: VnE\npublished: 2026-02-06\n---\n"
       "Tháng 1/2026, kim ngạch xuất khẩu của Đà Nẵng ước đạt 350 triệu USD.\n")


def data_url(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return "data:text/plain;base64," + base64.b64encode(raw).decode()


def upload_and_save(data, name: str, text: str, lang: str = "vi") -> str:
    children, token, disabled = upload.preview([data_url(text)], [name], lang)
    assert token and not disabled, str(children)
    return str(upload.save(data, token, lang))


@pytest.fixture
def data(tmp_path):
    return Data(str(tmp_path / "s.duckdb"))


def test_an_upload_never_deletes_an_article_by_name_or_url(tmp_path, data):
    first = upload_and_save(data, "bai1.md", ONE)
    assert "Đã lưu 1 bài viết" in first
    second = upload_and_save(data, "bai1.md", TWO)  # same name, same URL and outlet, new text
    assert "Đã lưu 1 bài viết" in second
    docs = Store(tmp_path / "s.duckdb", read_only=True).documents()
    assert len(docs) == 2 and set(docs.path) == {UPLOAD_PREFIX + "bai1.md"}
    again = upload_and_save(data, "other-name.md", ONE)
    assert "Đã lưu" not in again and "1 bài đã có sẵn trong kho" in again
    assert len(Store(tmp_path / "s.duckdb", read_only=True).documents()) == 2


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085"])
def test_line_and_paragraph_separators_in_an_upload(data, sep):
    text = ONE.replace("kim ngạch", f"kim{sep}ngạch", 1) + f"Ghi chú{sep}cuối.\n"
    children, token, _ = upload.preview([data_url(text)], ["sep.md"], "vi")
    assert token, str(children)
    assert "Không đọc được" not in str(children)


def test_the_reader_runs_from_the_installed_package_not_the_working_directory(tmp_path, monkeypatch):
    fake = tmp_path / "cwd" / "dashboard"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "upload_worker.py").write_text('print(\'{"error": "hijacked"}\')\n')
    article = tmp_path / "a.txt"
    article.write_text(ONE, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "cwd")
    out = upload_worker.parse_file(str(article), timeout=60)
    assert out.get("error") != "hijacked" and "doc" in out


def test_refused_files_say_why(data):
    children, token, _ = upload.preview(["data:text/plain;base64,@@not base64@@"], ["a.txt"], "en")
    assert token is None and "invalid base64" in str(children)
    big = data_url(b"a" * (upload.MAX_BYTES + 10))
    children, _, _ = upload.preview([big], ["big.txt"], "en")
    assert "larger than 2 MB" in str(children)
    children, _, _ = upload.preview([data_url("x")], ["x.pdf"], "en")
    assert "only .txt" in str(children)
    dropzone = upload.layout("vi").children[2]
    # The browser must not filter files itself: it would drop them without a word.
    assert getattr(dropzone, "max_size", -1) == -1 and not getattr(dropzone, "accept", None)


def test_long_names_keep_their_extension():
    name = upload.safe_name("a" * 300 + ".html")
    assert len(name) <= upload.MAX_NAME and name.endswith(".html")
    assert upload.safe_name("../../etc/passwd.txt") == "passwd.txt"


def test_many_pending_previews_lose_none_and_an_expired_one_says_so(data):
    tokens = []
    for i in range(12):
        _, token, _ = upload.preview([data_url(ONE + f"Bản {i}.\n")], [f"b{i}.md"], "vi")
        tokens.append(token)
    assert "Đã lưu 1 bài viết" in str(upload.save(data, tokens[0], "vi"))
    gone = str(upload.save(data, tokens[0], "vi"))
    assert "hết hạn" in gone


def test_the_preview_shows_place_basis_and_qualifier_and_links_open_the_place(data):
    text = ONE + "Năm 2025, tốc độ tăng trưởng GRDP của Hà Nội đạt hơn 8%.\n"
    children, token, _ = upload.preview([data_url(text)], ["bai.md"], "en")
    shown = str(children)
    assert "Hà Nội" in shown and "year on year" in shown
    assert "GRDP: > 8%" in shown  # "hơn 8%" keeps its qualifier
    result = str(upload.save(data, token, "en"))
    assert "/en/explore/exports?geo=H%C3%A0+N%E1%BB%99i" in result


def test_an_article_without_date_or_outlet_is_accepted_with_a_warning(tmp_path, data):
    bare = "Kim ngạch xuất khẩu của Hà Nội tháng 1/2026 đạt 1,9 tỷ USD.\n"
    children, token, _ = upload.preview([data_url(bare)], ["bare.txt"], "en")
    assert token and "No publication date found" in str(children) and "No outlet found" in str(children)
    note = upload.set_metadata(token, "2026-02-10", "Báo Mẫu", "en")
    assert "10/02/2026" in note and "Báo Mẫu" in note
    assert "Saved 1 articles" in str(upload.save(data, token, "en"))
    store = Store(tmp_path / "s.duckdb", read_only=True)
    doc = store.documents().iloc[0]
    assert doc.source == "Báo Mẫu" and str(doc.published.date()) == "2026-02-10"
    assert set(store.figures().source) == {"Báo Mẫu"}


def test_readers_are_one_bounded_queue(monkeypatch):
    inside, release, seen = [], threading.Event(), []

    def fake_run(path, timeout):
        inside.append(path)
        seen.append(len(inside))
        release.wait(30)
        inside.remove(path)
        return {"error": "unreadable"}

    monkeypatch.setattr(upload_worker, "_run", fake_run)
    threads = [threading.Thread(target=upload_worker.parse_file, args=(f"f{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for _ in range(400):
        if upload_worker.queued() == 6 and len(inside) == upload_worker.PARSERS:
            break
        time.sleep(0.01)
    assert upload_worker.queued() == 6 and len(inside) == upload_worker.PARSERS
    monkeypatch.setattr(upload_worker, "MAX_WAITING", 6)
    assert upload_worker.parse_file("one-too-many") == {"error": "busy", "queued": 6}
    release.set()
    for t in threads:
        t.join(30)
    assert max(seen) == upload_worker.PARSERS and upload_worker.queued() == 0


def test_store_errors_shown_to_the_browser_name_no_server_path(tmp_path):
    db = tmp_path / "not-a-store.duckdb"
    db.write_bytes(b"x" * 4096)
    children, token, _ = upload.preview([data_url(ONE)], ["bai.md"], "en")
    result = str(upload.save(Data(str(db)), token, "en"))
    assert "Could not save" in result and str(tmp_path) not in result and os.sep + "tmp" not in result


def test_a_preview_can_be_saved_by_another_server_process(tmp_path, monkeypatch, data):
    monkeypatch.setenv("CIVIC_METRICS_PENDING_DIR", str(tmp_path / "pending"))
    (tmp_path / "pending").mkdir()
    monkeypatch.setattr(upload, "_PENDING", upload._Pending())
    _, token, _ = upload.preview([data_url(ONE)], ["bai.md"], "vi")
    assert os.listdir(tmp_path / "pending") == [token + ".pickle"]
    monkeypatch.setattr(upload, "_PENDING", upload._Pending())  # as in another process
    assert "Đã lưu 1 bài viết" in str(upload.save(data, token, "vi"))
    assert os.listdir(tmp_path / "pending") == []


def test_the_preview_says_how_many_files_were_read_first(data, monkeypatch):
    monkeypatch.setattr(upload, "queued", lambda: 7)
    children, token, _ = upload.preview([data_url(ONE)], ["bai.md"], "en")
    assert token and "7 files from other users were waiting to be read" in str(children)


def test_a_changed_upload_is_stored_beside_and_the_observation_takes_the_newer(tmp_path, data):
    assert "Đã lưu 1 bài viết" in upload_and_save(data, "bai.md", ONE)
    newer = ONE.replace("1,824 tỷ USD", "1,9 tỷ USD")
    assert "Đã lưu 1 bài viết" in upload_and_save(data, "bai.md", newer)
    store = Store(tmp_path / "s.duckdb", read_only=True)
    assert len(store.documents()) == 2
    obs = store.observations(metric="exports", geo="Hà Nội")
    level = obs[obs.measure == "level"]
    assert level.value.tolist() == [1900.0] and level.n_sources.tolist() == [2]
