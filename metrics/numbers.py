"""Numbers as Vietnamese reporting writes them.

Vietnamese style groups thousands with "." and marks decimals with ","
(432.700 = 432700; 12,6 = 12.6). Some outlets write the English way
(3,329 = 3329; 17.4 = 17.4). A lone separator followed by exactly three digits
("1,824", "3.200") is the only ambiguous case; it is read in the document's
style, which :func:`detect_style` decides from the unambiguous numbers.
"""

from __future__ import annotations

import regex

VI, EN = "vi", "en"

#: Scale words, longest first: value multipliers.
SCALES: tuple[tuple[str, float], ...] = (
    ("triệu tỷ", 1e15),
    ("nghìn tỷ", 1e12),
    ("ngàn tỷ", 1e12),
    ("tỷ", 1e9),
    ("tỉ", 1e9),
    ("triệu", 1e6),
    ("nghìn", 1e3),
    ("ngàn", 1e3),
)


#: A number with a separator, followed by a percent sign, a scale word or a unit.
_EVIDENCE = regex.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)+)\s*(?:%|" + "|".join(s for s, _ in SCALES)
                          + r"|USD|đồng|lượt)")


def detect_style(text: str) -> str:
    """"vi" or "en": the number style of a document, from numbers followed by % or a unit.

    Only numbers with an unambiguous separator count ("17.4%", "12,6%", "1.156,271").
    Ties and documents without evidence are Vietnamese.
    """
    vi = en = 0
    for m in _EVIDENCE.finditer(text):
        tok = m.group(1)
        if "." in tok and "," in tok:
            if tok.rfind(",") > tok.rfind("."):
                vi += 1
            else:
                en += 1
            continue
        sep = "." if "." in tok else ","
        groups = tok.split(sep)
        if len(groups) == 2 and len(groups[1]) != 3:
            if sep == ",":
                vi += 1
            else:
                en += 1
        elif len(groups) > 2:  # "3.730.000" groups thousands
            if sep == ".":
                vi += 1
            else:
                en += 1
    return EN if en > vi else VI


def parse_number(token: str, style: str = VI) -> float:
    """The value of a number token in the given style.

    >>> parse_number("432.700"), parse_number("12,6"), parse_number("1.156,271")
    (432700.0, 12.6, 1156.271)
    >>> parse_number("3,329", EN), parse_number("17.4", EN)
    (3329.0, 17.4)
    """
    token = token.strip()
    has_dot, has_comma = "." in token, "," in token
    if has_dot and has_comma:
        dec = "," if token.rfind(",") > token.rfind(".") else "."
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        groups = token.split(sep)
        if len(groups) > 2:
            dec = None  # repeated separators group thousands: "3.730.000"
        elif len(groups[1]) != 3:
            dec = sep  # "12,6" or "17.4": a decimal whatever the style
        else:
            dec = "," if style == VI else "."
            if sep != dec:
                dec = None
    else:
        dec = None
    if dec is None:
        value = float(token.replace(".", "").replace(",", ""))
    else:
        thousands = "." if dec == "," else ","
        value = float(token.replace(thousands, "").replace(dec, "."))
    if not value < MAX_NUMBER:  # also catches inf and nan
        raise ValueError(f"{token[:20]}...: too long to be a figure")
    return value


#: No figure of the catalogue is written with more digits than this (a trillion trillion).
MAX_NUMBER = 1e18


def format_number(value: float, decimals: int = 3, style: str = VI) -> str:
    """A float written in a style, at most ``decimals`` decimals, no trailing zeros:
    1824.5 -> "1.824,5" (vi) or "1,824.5" (en); 432700 -> "432.700"."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if style == VI:
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def scale_of(word: str) -> float:
    """Multiplier of a scale word ("nghìn tỷ" -> 1e12); 1 for anything else."""
    word = " ".join(word.lower().split())
    for w, f in SCALES:
        if word == w:
            return f
    return 1.0
