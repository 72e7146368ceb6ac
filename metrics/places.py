"""Places: provinces and cities, the nation, and communes/wards, as the contract names them."""

from __future__ import annotations

import unicodedata

import regex

from .engine.cues import CueMatcher

NATION = "Việt Nam"
#: The place of an article that speaks of its own province without naming it (and no outlet tells which).
UNNAMED = ""

#: Provinces and centrally-run cities, by the name the figures table uses.
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh",
    "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế",
    "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)

#: Other ways of writing a place: (pattern, name).
ALIASES: tuple[tuple[str, str], ...] = (
    (r"T(?:P|p)(?:\.)?\s*HCM", "Hồ Chí Minh"), (r"TPHCM", "Hồ Chí Minh"), (r"VN", "Việt Nam"), (r"Sài Gòn", "Hồ Chí Minh"),
    (r"Thủ đô", "Hà Nội"), (r"Bà Rịa\s*(?:-|–)?\s*Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    (r"Thừa Thiên\s*(?:-|–)?\s*Huế", "Thừa Thiên Huế"), (r"Đắc Lắc", "Đắk Lắk"),
    (r"Thái Bình Dương", ""),  # the Pacific, not the province: matched so as to be dropped
)

#: The nation: "cả nước", "toàn quốc", "Việt Nam" (not inside an organisation's name).
NATION_CUES = (
    r"(?:c|C)ả nước", r"CẢ NƯỚC", r"(?:t|T)oàn quốc", r"TOÀN QUỐC", r"(?:n|N)ước ta", r"Việt Nam",
)

#: Communes and wards keep their unit word; names are one or two capitalised syllables.
LOCAL = regex.compile(r"(?<!\w)(xã|phường|thị trấn|huyện|quận|thị xã) ((?:\p{Lu}\p{Ll}*)(?: \p{Lu}\p{Ll}*)?)(?!\w)")

#: Words before "Việt Nam" that make it part of an organisation's name.
_ORGANISATION = regex.compile(r"(?<!\w)(?:Tổ quốc|MTTQ|Cộng sản|Nhà nước|Ngân hàng|Hội|Liên đoàn|Tập đoàn|Tổng công ty|"
                              r"Công ty|Hiệp hội) $")

_MATCHER = CueMatcher([(("a", i), p) for i, (p, _) in enumerate(ALIASES)]
                      + [(("n", i), p) for i, p in enumerate(NATION_CUES)]
                      + [(("p", i), regex.escape(p)) for i, p in enumerate(PROVINCES)], case_sensitive=True)


def find_places(text: str, start: int = 0, end: int | None = None):
    """(start, end, name) for each place named in ``text[start:end]``, in order.

    Province names match case-sensitively ("Hòa Bình" the province, not "hòa bình");
    the nation's cues match in any case. A name of no specific place ("các địa phương")
    is not a place here.
    """
    end = len(text) if end is None else end
    found = []
    for a, b, (kind, idx) in _MATCHER.find(text, text, start, end):
        if kind == "n" and _ORGANISATION.search(text, max(0, a - 24), a):
            continue  # "Ngân hàng Nhà nước Việt Nam": an organisation's name, not the place
        name = ALIASES[idx][1] if kind == "a" else NATION if kind == "n" else PROVINCES[idx]
        if name:
            found.append((a, b, name))
    span = text[start:end]
    if "xã" in span or "phường" in span or "huyện" in span or "quận" in span or "thị trấn" in span:
        for m in LOCAL.finditer(text, start, end):
            found.append((m.start(), m.end(), f"{m.group(1)} {m.group(2)}"))
        found.sort()
    return found


# --- the outlet's own province ------------------------------------------------------------

#: Outlets whose name does not spell their province: (a word of the web address, province).
OUTLETS: tuple[tuple[str, str], ...] = (
    ("hanoimoi", "Hà Nội"), ("kinhtedothi", "Hà Nội"), ("sggp", "Hồ Chí Minh"), ("hcmcpv", "Hồ Chí Minh"),
    ("qrt", "Quảng Trị"), ("vinh24h", "Nghệ An"), ("nghean24h", "Nghệ An"), ("baobariavungtau", "Bà Rịa - Vũng Tàu"),
    ("baria-vungtau", "Bà Rịa - Vũng Tàu"), ("thuathienhue", "Thừa Thiên Huế"), ("baothuathienhue", "Thừa Thiên Huế"),
    ("dnrtv", "Đồng Nai"), ("btv", "Bình Dương"), ("ctv", "Cần Thơ"), ("qtv", "Quảng Ninh"), ("thtg", "Tiền Giang"),
)
#: How a province's own paper, portal or station writes its name in a web address ("baophutho.vn",
#: "quangninh.gov.vn", "baoquangninh.vn", "thanhhoatv.vn"): the name without marks or spaces, with these around it.
OUTLET_FORMS = (r"bao{}", r"{}\.gov", r"{}tv", r"{}24h", r"truyenhinh{}", r"{}online")


def _folded(name: str) -> str:
    """"Bắc Giang" -> "bacgiang": the name as a web address writes it."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c)).lower()


_OUTLET = regex.compile(
    r"(?<![a-z])(?:" + "|".join(
        [f"(?P<o{i}>{regex.escape(w)})" for i, (w, _) in enumerate(OUTLETS)]
        + [f"(?P<p{i}>" + "|".join(f.format(_folded(p)) for f in OUTLET_FORMS) + ")"
           for i, p in enumerate(PROVINCES)]) + r")(?![a-z])")


def outlet_place(url: str) -> str | None:
    """The province whose own outlet published ``url`` (its host), else None."""
    host = regex.sub(r"^[a-z]+://", "", (url or "").lower()).split("/", 1)[0]
    m = _OUTLET.search(host)
    if m is None:
        return None
    kind, i = m.lastgroup[0], int(m.lastgroup[1:])
    return OUTLETS[i][1] if kind == "o" else PROVINCES[i]


#: Words by which an article calls its own province or city without naming it: "trên địa bàn tỉnh",
#: "toàn tỉnh", "UBND tỉnh", "của thành phố" (not "các tỉnh", nor "tỉnh Nghệ An").
SELF_LOCAL = regex.compile(
    r"(?<!\w)(?:(?:trên địa bàn|toàn|của|về|tại|đến|UBND|HĐND|Tỉnh ủy|Thành ủy|Ủy ban nhân dân|Hội đồng nhân dân|Cục Thống kê)"
    r" (?:tỉnh|thành phố|Tỉnh|Thành phố)|tỉnh ta|thành phố ta)(?!\s+\p{Lu})(?!\w)")


#: The province's statistics office, as it was called until the 2025 reform ("Tổng cục Thống kê" was the
#: nation's); from March 2025 "Cục Thống kê" is the nation's office.
PROVINCIAL_OFFICE = regex.compile(r"(?<!Tổng )(?<!\w)Cục Thống kê(?! (?:tỉnh|thành phố|TP|Tp)\b)(?! \p{Lu})(?!\w)")
PROVINCIAL_OFFICE_UNTIL = (2025, 3)


def names_itself(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` speaks of its own province or city without naming it."""
    return SELF_LOCAL.search(text, start, len(text) if end is None else end) is not None
