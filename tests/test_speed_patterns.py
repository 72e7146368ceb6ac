"""The faster forms of the engine's scanning patterns find exactly what their plain forms find.

``cues.WORD_START`` (``\\m``) stands for ``(?<!\\w)`` before a pattern whose every match starts with a word
character, which `regex` scans a third faster. Each pattern written so is compared, match for match, with its
plain form on the project's seed articles, the dev set when present, and phrases shaped to catch a match that
would start on a mark or a digit run.
"""

from pathlib import Path

import pytest
import regex

from metrics import catalogue as cat
from metrics import periods, places
from metrics.engine import cues, license, tokens

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
TEXTS += [p.read_text(encoding="utf-8") for p in sorted((ROOT.parent / "shared" / "corpus" / "dev").glob("dev*.txt"))]
TEXTS += [
    "Quý III/2024, GDP tăng 7,4% so với cùng kỳ; 9 tháng đầu năm tăng 6,82%, cùng kỳ năm 2023 là 5%.",
    "(Tháng 5-2025) xuất khẩu đạt 1.234,5 triệu USD;-3,2% so cùng kỳ.12% cùng kỳ, -4% /năm, v2.5%, A-12%.",
    "Dự kiến,mục tiêu: 8%/năm; “phấn đấu” tăng 10%. Kế hoạch năm 2026 đặt ra chỉ tiêu thu 1.500 tỷ đồng.",
    "Theo dự báo của IMF, năm nay kinh tế có thể tăng 6,5%; các địa phương, nhiều tỉnh ước đạt 120 nghìn lượt.",
    "Trên thực tế, lạm phát đứng ở mức 4%, khiến GDP giảm 0,3%; thay vào đó xuất khẩu và nhập khẩu lần lượt đạt "
    "40 tỷ USD và 38 tỷ USD, tương ứng là 5% và 4%. Tỉnh cấp cho Ủy ban 3 tỷ đồng, cho Sở 2 tỷ đồng, làm cho "
    "thu ngân sách tăng 9%, từ đó tăng 1,2%; dao động 3-4%; thực tế là 7%.",
    "lũy kế từ đầu năm đến nay;hết quý II/2025,giai đoạn 2021-2025 (2021 – 2025), tháng Mười Một năm 2024.",
]


def _plain(rx, fast: str, plain: str):
    assert rx.pattern.startswith(fast), rx.pattern[:40]
    return regex.compile(plain + rx.pattern[len(fast):], rx.flags)


WORD = cues.WORD_START
PATTERNS = {
    "periods": (periods._PERIOD_RE, WORD + cues.openings([p for _, p in periods.PATTERNS], regex.I), r"(?<!\w)"),
    "comparators": (periods._COMP_RE, WORD + cues.openings([p for _, p in periods.COMPARATORS], regex.I), r"(?<!\w)"),
    "estimate": (tokens._ESTIMATE, WORD, r"(?<!\w)"),
    "forecast": (tokens._FORECAST, WORD, r"(?<!\w)"),
    "target": (tokens._TARGET, WORD + cues.openings(cat.TARGET_WORDS, regex.I | regex.V1), r"(?<!\w)"),
    "nonspecific": (tokens._NONSPECIFIC, WORD, r"(?<!\w)"),
    "figure": (tokens.FIGURE, WORD + r"(?<![.,/-])", r"(?<![\w.,/-])"),
    "cue trie": (tokens._CUES.trie, WORD, r"(?<!\w)"),
    "place trie": (places._MATCHER.trie, WORD, r"(?<!\w)"),
    "place count": (tokens.PLACE_COUNT, WORD + r"(?<![.,])", r"(?<![\w.,])"),
    "foreign place": (license._FOREIGN, WORD, r"(?<!\w)"),
}
# the phrases the resolver looks for around each figure
PATTERNS.update({name: (getattr(tokens, name), WORD, r"(?<!\w)") for name in (
    "QUAL", "SUBSET", "MULTIPLE", "GROWTH_WORD", "LOOK_BACK", "LEVEL_GROWTH", "ABOUT", "RESPECTIVELY", "STOCK",
    "SINCE_JANUARY", "CONSEQUENCE", "CAUSE", "IMPACT", "ACTION", "CONTRAST", "RATE_LEVEL", "QUOTE_LEAD", "_AGENCY")})


@pytest.mark.parametrize("name", PATTERNS)
def test_word_start_finds_what_the_look_behind_finds(name):
    rx, fast, plain = PATTERNS[name]
    slow = _plain(rx, fast, plain)
    found = 0
    for text in TEXTS:
        for t in (text, tokens.lower(text)):
            got = [(m.span(), m.lastgroup) for m in rx.finditer(t)]
            assert got == [(m.span(), m.lastgroup) for m in slow.finditer(t)]
            found += len(got)
            # as the resolver searches: the words before and after each figure, a window that may cut a word
            for f in tokens.FIGURE.finditer(t):
                for a, b in ((max(0, f.start() - 40), f.start()), (f.end(), f.end() + 40), (f.start() + 1, f.end() + 9)):
                    m, n = rx.search(t, a, b), slow.search(t, a, b)
                    assert (m and (m.span(), m.lastgroup)) == (n and (n.span(), n.lastgroup))
                    found += m is not None
    assert found > 3  # not two empty lists


def test_word_start_only_where_every_match_starts_a_word():
    """A trie of phrases one of which opens on a mark keeps the look-behind."""
    m = cues.CueMatcher([("a", "xuất khẩu"), ("b", r"\(tạm tính\)")])
    assert not m.trie.pattern.startswith(WORD)
    assert [k for _, _, k in m.find("(tạm tính) xuất khẩu", "(tạm tính) xuất khẩu", 0, 20)] == ["b", "a"]
    assert cues.CueMatcher([("a", "xuất khẩu")]).trie.pattern.startswith(WORD)


TABLES = {"periods": ([p for _, p in periods.PATTERNS], regex.I), "comparators": ([p for _, p in periods.COMPARATORS], regex.I),
          "target words": (cat.TARGET_WORDS, regex.I | regex.V1)}


@pytest.mark.parametrize("name", TABLES)
def test_every_match_of_every_entry_passes_the_openings(name):
    """Each entry of a table alone, wherever it matches in the texts, matches where the table's look-ahead does."""
    patterns, flags = TABLES[name]
    ahead = regex.compile(cues.openings(patterns, flags), flags)
    assert ahead.pattern.startswith("(?=")  # the table has a look-ahead to check
    seen = 0
    for p in patterns:
        rx = regex.compile(r"(?<!\w)(?:" + p + ")", flags)
        for text in TEXTS:
            for m in rx.finditer(text):
                assert ahead.match(text, m.start()), (p, m.group())
                seen += 1
    assert seen > 50


@pytest.mark.parametrize(("patterns", "ahead"), [
    ((r"tháng (\d{1,2})", r"quý (I{1,3}|IV|[1-4])"), ["tháng 5", "Quý IV", "QUÝ 2"]),
    ((r"(?<!vượt )mục tiêu", r"(?<=%\s{0,2})(?:so )?cùng kỳ", r"(\d{1,2}) tháng"), ["mục tiêu", "cùng kỳ", "so cùng", "9 tháng"]),
    ((r"ba(?=\s)", r"[a-c]x"), ["ba ", "bx"]),
])
def test_openings_pass_what_the_patterns_match(patterns, ahead):
    rx = regex.compile(cues.openings(patterns, regex.I), regex.I)
    assert all(rx.match(text) for text in ahead)
    assert not rx.match("xuất khẩu")


@pytest.mark.parametrize("patterns", [(r"\w+ tháng",), (r"tháng \d", r"[^,]{0,9}năm"), (r"x(?<=%x)",)])
def test_no_openings_when_a_pattern_opens_on_what_cannot_be_listed(patterns):
    assert cues.openings(patterns, regex.I) == ""


def test_tone_rewrite_by_class_is_the_rewrite_by_pairs():
    """The tone rewrite scans for a vowel and a tone mark; it rewrites exactly the listed pairs, as the plain
    alternation of the pairs does."""
    plain = regex.compile(r"(?<![qQ])(?:" + "|".join(tokens._TONES) + r")(?!\w)")
    texts = [*TEXTS, "Thanh Hoá, hoà bình, Khánh Hoà; thuỷ sản, Quỳnh, quý, Qúy, oỳ, uà, OÀ, Oà, hoàn, thoả thuận"]
    changed = 0
    for text in texts:
        want = plain.sub(lambda m: tokens._TONES[m.group()], text)
        got = tokens._TONE_RE.sub(lambda m: tokens._TONES.get(m.group(), m.group()), text)
        assert got == want
        changed += got != text
    assert changed >= 1
    assert tokens.match_text("Thanh Hoá, oỳ, Qúy I") == "Thanh Hóa, oỳ, Quý I"
