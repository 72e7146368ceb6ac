"""Numbers as Vietnamese (and some English-style) reporting writes them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.numbers import EN, VI, detect_style, format_number, parse_number, scale_of


@pytest.mark.parametrize("token, style, expected", [
    ("432.700", VI, 432700.0),        # "." groups thousands
    ("12,6", VI, 12.6),               # "," marks decimals
    ("1,824", VI, 1.824),             # three decimals read the document's way
    ("29.812", VI, 29812.0),
    ("1.156,271", VI, 1156.271),      # both separators
    ("3.730.000", VI, 3730000.0),     # repeated groups
    ("10.221,8", VI, 10221.8),
    ("24", VI, 24.0),
    ("3,329", EN, 3329.0),            # English style: "," groups thousands
    ("17.4", EN, 17.4),               # one digit after "." is a decimal whatever the style
    ("0.7", VI, 0.7),
    ("1,580", EN, 1580.0),
    ("1,234.5", EN, 1234.5),
])
def test_parse_number(token, style, expected):
    assert parse_number(token, style) == pytest.approx(expected)


@pytest.mark.parametrize("text, style", [
    ("kim ngạch ước đạt 3,329 triệu USD, tăng 17.4% so với cùng kỳ", EN),
    ("Kim ngạch xuất khẩu ước đạt 1,824 tỷ USD, tăng 32,4% so cùng kỳ", VI),
    ("tổng thu 122.705 tỷ đồng", VI),
    ("không có số nào", VI),
    ("đường Vành đai 2.5 và tăng 3,43%", VI),  # a road name is not evidence: no unit after it
])
def test_detect_style(text, style):
    assert detect_style(text) == style


@pytest.mark.parametrize("word, factor", [
    ("nghìn", 1e3), ("ngàn", 1e3), ("triệu", 1e6), ("tỷ", 1e9), ("nghìn tỷ", 1e12), ("ngàn  tỷ", 1e12), ("đồng", 1),
])
def test_scale_words(word, factor):
    assert scale_of(word) == factor


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=3))
def test_vietnamese_numbers_parse_back(n, decimals):
    """Any number written the Vietnamese way parses back to itself."""
    value = n / 10**decimals
    text = format_number(value, decimals)
    assert parse_number(text, VI) == pytest.approx(value)


@settings(deadline=None)  # the first call compiles the engine's tables
@given(st.integers(min_value=1, max_value=999_999), st.integers(min_value=0, max_value=2),
       st.sampled_from(["nghìn", "triệu", "tỷ", "nghìn tỷ"]))
def test_vietnamese_numbers_with_scale_words_parse_back(n, decimals, scale):
    """ "1.234,5 tỷ đồng" is 1234.5 × 1e9 đồng, through the extractor's own figure pattern."""
    import metrics

    value = n / 10**decimals
    text = f"Tổng thu ngân sách của Hà Nội năm 2024 đạt {format_number(value, decimals)} {scale} đồng."
    df = metrics.extract_text(text, published="2025-01-10")
    assert len(df) == 1
    assert df.value[0] == pytest.approx(value * scale_of(scale) / 1e9)
