"""Encodings through the real command line: UTF-16 without a byte order mark is read; TCVN3 (ABC)
and VNI files are skipped with their encoding named, never stored as mojibake."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from metrics.document import read_path

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(ROOT / ".venv" / "bin" / "civic-metrics")]
if not os.path.exists(CLI[0]):
    CLI = [sys.executable, "-m", "metrics.cli"]

TEXT = ("Hà Nội, ngày 5/2/2026. Tháng 1/2026, kim ngạch xuất khẩu của Hà Nội ước đạt 1,824 tỷ USD, "
        "tăng 32,4% so cùng kỳ.\n")
#: The same kind of sentence as TCVN3 and VNI bytes (what a legacy editor saves).
TCVN3 = ("Kim ng¹ch xuÊt khÈu th¸ng 1 n¨m 2026 cña Hµ Néi ®¹t 2 tû USD, t¨ng 10% so víi cïng kú n¨m "
         "tr\xadíc; vµ c¸c doanh nghiÖp ®· ®\xadîc hç trî.\n").encode("cp1252")
VNI = ("Kim ngaïch xuaát khaåu thaùng 1 naêm 2026 cuûa Haø Noäi ñaït 2 tyû USD, taêng 10% so vôùi cuøng "
       "kyø naêm tröôùc; vaø caùc doanh nghieäp ñaõ ñöôïc hoã trôï.\n").encode("cp1252")


def test_utf16_without_a_byte_order_mark_is_read(tmp_path):
    for enc in ("utf-16-le", "utf-16-be"):
        f = tmp_path / f"{enc}.txt"
        f.write_bytes(TEXT.encode(enc))
        assert read_path(f).text == TEXT
    done = subprocess.run([*CLI, "extract", str(tmp_path), "--out", str(tmp_path / "o.csv")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "2 documents read, 0 skipped" in done.stderr


def test_tcvn3_and_vni_are_skipped_with_their_encoding_named(tmp_path):
    (tmp_path / "tcvn3.txt").write_bytes(TCVN3 * 3)
    (tmp_path / "vni.txt").write_bytes(VNI * 3)
    db = tmp_path / "s.duckdb"
    done = subprocess.run([*CLI, "ingest", "--db", str(db), str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert f"skipped {tmp_path / 'tcvn3.txt'}: legacy Vietnamese encoding (TCVN3/ABC)" in done.stderr
    assert f"skipped {tmp_path / 'vni.txt'}: legacy Vietnamese encoding (VNI)" in done.stderr
    assert "0 new" in done.stderr


def test_plain_text_is_read_under_the_same_time_limit_as_html(tmp_path, monkeypatch):
    import pytest

    import metrics.document as document
    from metrics.errors import SkipDocument

    f = tmp_path / "long.txt"
    f.write_text("Tin.\n" + "Nguồn: https://x.vn/a " * 200_000, encoding="utf-8")
    monkeypatch.setattr(document, "PARSE_SECONDS", 0.001)
    with pytest.raises(SkipDocument, match="the text took longer than 0.001 s to read"):
        read_path(f)
