"""Places: provinces and cities, the nation, and communes/wards, as the contract names them."""

from __future__ import annotations

import regex

from .engine.cues import CueMatcher

NATION = "Việt Nam"

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
