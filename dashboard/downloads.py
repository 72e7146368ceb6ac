"""Downloads a reader can open and understand: readable headers and values in the interface
language, the codes kept apart (a second sheet), what was filtered, when and from which sources,
and a file name that says what is in it. CSV is UTF-8 with a BOM; the Vietnamese-Excel CSV uses
";" and decimal commas. Cells a spreadsheet would run as a formula are made inert.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

import pandas as pd

from . import i18n

#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def slug(text: str) -> str:
    """"Hồ Chí Minh" -> "ho-chi-minh" (ASCII, for file names)."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def file_name(*parts: str) -> str:
    """"civic-metrics_chart_exports_level_ha-noi_month" (no extension)."""
    return "_".join(["civic-metrics", *[slug(p) for p in parts if p and slug(p)]])[:150]


def inert(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def outlets(data, rows: pd.DataFrame) -> list[str]:
    """The outlets of the figures behind ``rows`` (observations), in alphabetical order."""
    if "key" in rows:
        return data.outlets([int(k) for k in rows["key"]])
    ids = sorted({int(i) for ids in rows.get("figure_ids", []) for i in (ids if ids is not None else [])})
    if not ids:
        return []
    figs = data.figures_by_id(ids)
    return sorted({str(s) for s in figs["source"] if s}) if len(figs) else []


def _source_texts(data, rows: pd.DataFrame, lang: str) -> dict[int, str]:
    """figure id -> "outlet, date, url" for the figures behind ``rows``."""
    ids = sorted({int(i) for ids in rows["figure_ids"] for i in (ids if ids is not None else [])})
    figs = data.figures_by_id(ids) if ids else pd.DataFrame()
    out = {}
    for _, f in figs.iterrows():
        bits = [f.get("source") or i18n.t(lang, "source_unknown"), i18n.date_text(f.get("published"), lang)]
        if f.get("url"):
            bits.append(str(f["url"]))
        out[int(f["figure_id"])] = ", ".join(bits)
    return out


#: The observation columns of a series download: (code, Vietnamese header, English header).
SERIES_COLUMNS = (
    ("geo", "Địa phương", "Place"), ("metric", "Chỉ tiêu", "Metric"), ("measure", "Loại số liệu", "Measure"),
    ("basis", "So với", "Compared with"), ("part", "Thành phần", "Part"), ("period", "Kỳ", "Period"),
    ("period_type", "Loại kỳ", "Period type"), ("period_start", "Từ ngày", "From"), ("period_end", "Đến ngày", "To"),
    ("status", "Trạng thái", "Status"), ("qualifier", "Mức", "Qualifier"), ("value", "Giá trị", "Value"),
    ("value_high", "Giá trị cao", "High value"), ("unit", "Đơn vị", "Unit"), ("n_sources", "Số nguồn", "Sources"),
    ("flags", "Cần lưu ý", "Flags"), ("sources", "Các nguồn", "Source list"),
)
QUALIFIER_WORDS = {"exact": ("chính xác", "exact"), "approx": ("khoảng", "about"), "at_least": ("từ … trở lên", "at least"),
                   "more_than": ("hơn", "more than"), "less_than": ("dưới", "less than")}


def series_frames(data, rows: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(readable, codes): the observations shown with their sources, one row per observation."""
    lang = i18n.lang_of(lang)
    src = _source_texts(data, rows, lang) if len(rows) else {}
    codes, words = [], []
    for _, r in rows.sort_values(["geo", "period_end", "period_start", "status"]).iterrows():
        ids = [int(i) for i in (r["figure_ids"] if r["figure_ids"] is not None else [])]
        flags = [f for f in ("conflict", "suspect") if r.get(f)]
        sources = " | ".join(dict.fromkeys(src[i] for i in ids if i in src))
        base = {"geo": r["geo"], "period_start": r["period_start"].date(), "period_end": r["period_end"].date(),
                "value": float(r["value"]), "value_high": None if pd.isna(r["value_high"]) else float(r["value_high"]),
                "n_sources": int(r["n_sources"]), "sources": sources}
        codes.append({**base, "metric": r["metric"], "measure": r["measure"], "basis": r["basis"], "part": r["part"],
                      "period": f"{r['period_start'].date()}/{r['period_end'].date()}", "period_type": r["period_type"],
                      "status": r["status"], "qualifier": r["qualifier"], "unit": r["unit"], "flags": ",".join(flags),
                      "suspect_reason": r.get("suspect_reason", "")})
        flag_words = [i18n.t(lang, "conflict") if f == "conflict" else
                      i18n.t(lang, "suspect") + (f": {r.get('suspect_reason')}" if r.get("suspect_reason") else "")
                      for f in flags]
        words.append({**base, "metric": i18n.metric_name(r["metric"], lang), "measure": i18n.measure_name(r["measure"], lang),
                      "basis": i18n.basis_name(r["basis"], lang), "part": i18n.part_name(r["part"], lang) if r["part"] else "",
                      "period": i18n.period_text(r["period_type"], r["period_start"], r["period_end"], lang),
                      "period_type": i18n.period_type_name(r["period_type"], lang),
                      "status": i18n.status_name(r["status"], lang),
                      "qualifier": QUALIFIER_WORDS.get(r["qualifier"], (r["qualifier"],) * 2)[lang == "en"],
                      "unit": unit_words(r["unit"], lang), "flags": "; ".join(flag_words)})
    pick = 1 if lang == "vi" else 2
    readable = pd.DataFrame(words, columns=[c[0] for c in SERIES_COLUMNS]).rename(
        columns={c[0]: c[pick] for c in SERIES_COLUMNS})
    code_cols = [c[0] for c in SERIES_COLUMNS] + ["suspect_reason"]
    return readable, pd.DataFrame(codes, columns=code_cols)


def unit_words(unit: str, lang: str) -> str:
    """The canonical unit in words, unscaled ("triệu USD", "tỷ đồng", "số lượng")."""
    if unit == "count":
        return i18n.t(lang, "count")
    return i18n.scaled(0, unit, lang)[1] if unit else ""


def csv_bytes(df: pd.DataFrame, about: list[tuple[str, str]], *, locale: str = "en") -> bytes:
    """``df`` as CSV with ``#`` comment lines stating ``about`` first; ``locale="vi"``: ";" and decimal commas."""
    sep = ";" if locale == "vi" else ","
    buf = io.StringIO()
    for key, value in about:
        buf.write(f"# {key}: {value}".replace("\n", " ") + "\n")
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow([inert(c) for c in df.columns])
    for row in df.itertuples(index=False):
        cells = []
        for v in row:
            if v is None or (isinstance(v, float) and pd.isna(v)):
                cells.append("")
            elif isinstance(v, float):
                text = repr(v) if v != int(v) else str(int(v))
                cells.append(text.replace(".", ",") if locale == "vi" else text)
            else:
                cells.append(inert(str(v)))
        w.writerow(cells)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: list[tuple[str, pd.DataFrame]]) -> bytes:
    """Sheets (name, frame) as an xlsx workbook; text cells made inert."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        for name, df in sheets:
            df = df.copy()
            for c in df.columns:
                if df[c].dtype == object:
                    df[c] = df[c].map(inert)
            df.to_excel(xw, sheet_name=name[:31], index=False)
            ws = xw.sheets[name[:31]]
            for col in ws.columns:
                width = max((len(str(c.value)) for c in col[:200] if c.value is not None), default=8)
                ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    return out.getvalue()


def about_rows(lang: str, *, what: str, filter_text: str, sources: list[str], n: int) -> list[tuple[str, str]]:
    """The "about" lines of a download: what, filter, date, sources, rows."""
    today = pd.Timestamp.now().normalize()
    return [("civic-metrics", what), (i18n.t(lang, "filter"), filter_text or i18n.t(lang, "no_filter")),
            (i18n.t(lang, "downloaded_at"), i18n.date_text(today, lang)),
            (i18n.t(lang, "sources"), ", ".join(sources) if sources else "–"), (i18n.t(lang, "rows"), str(n))]


def package(readable: pd.DataFrame, codes: pd.DataFrame, about: list[tuple[str, str]], kind: str,
            lang: str) -> bytes:
    """The bytes of a download: ``kind`` "csv", "csv-vi" or "xlsx"."""
    if kind == "xlsx":
        info = pd.DataFrame(about, columns=[i18n.t(lang, "about"), ""])
        return xlsx_bytes([(i18n.t(lang, "data_sheet"), readable), (i18n.t(lang, "codes_sheet"), codes),
                           (i18n.t(lang, "about"), info)])
    codes_line = (i18n.t(lang, "codes_sheet"), ",".join(map(str, codes.columns[:len(readable.columns)])))
    return csv_bytes(readable, [*about, codes_line], locale="vi" if kind == "csv-vi" else "en")
