"""Building blocks shared by the views. Everything from a document is passed as text children,
never as markup, so React escapes it."""

from __future__ import annotations

from dash import dcc, html

from .. import i18n, urls


def el(type_: str, children=None, *, core: bool = False, **props) -> dict:
    """A component as the JSON Dash sends (``{"type", "namespace", "props"}``): for long lists, whose
    thousands of component objects cost more to build and serialise than the rest of a callback.
    ``core``: a dcc component (e.g. "Link"), else an html one. Text children stay text."""
    if children is not None:
        props["children"] = children
    return {"type": type_, "namespace": "dash_core_components" if core else "dash_html_components", "props": props}


def highlight(sentence: str, quote: str, *, class_name: str = "quote") -> list:
    """``sentence`` as text with ``quote`` (its first occurrence) in a <mark>."""
    sentence, quote = str(sentence or ""), str(quote or "")
    i = sentence.find(quote) if quote else -1
    if i < 0:
        return [sentence]
    return [sentence[:i], html.Mark(quote, className=class_name), sentence[i + len(quote):]]


def message(text: str, *, kind: str = "info", children=None) -> html.Div:
    """A friendly empty, error or success state."""
    return html.Div([html.P(text), *(children or [])], className=f"message message-{kind}",
                    role="alert" if kind == "error" else "status")


def not_found(lang: str, text: str | None = None) -> html.Div:
    return html.Div([
        html.H1(i18n.t(lang, "not_found")),
        message(text or i18n.t(lang, "not_found"), kind="error",
                children=[dcc.Link(i18n.t(lang, "back_home"), href=urls.href(lang, "overview"))]),
    ], className="not-found", **{"data-status": "404"})


def source_line(row, lang: str) -> str:
    outlet = row.get("source") or i18n.t(lang, "source_unknown")
    return f"{outlet} · {i18n.date_text(row.get('published'), lang)}"


def value_of(row, lang: str) -> str:
    """An observation's or figure's value with its qualifier and unit."""
    return i18n.value_text(row["value"], row["unit"], lang, row.get("value_high"), row.get("qualifier", ""))


def growth_words(value: float, basis: str, lang: str) -> str:
    """"tăng 32,4% so với cùng kỳ": a change says what it compares with."""
    if lang == "en":
        word = "up" if value >= 0 else "down"
    else:
        word = "tăng" if value >= 0 else "giảm"
    return " ".join(x for x in (word, f"{i18n.number(abs(value), lang)}%", i18n.basis_name(basis, lang)) if x)


#: Outlets and dates named at most for one disagreeing value (then "… (+N)").
WHO_SHOWN = 8


def disagreement(data, row, lang: str, members: dict | None = None) -> list[str]:
    """For a conflicting observation: each value stated, with the outlets and dates that state it.

    ``members``: {observation key: its figures}, as :meth:`Data.observation_figures` gives (read
    here when not passed)."""
    key = int(row.get("key") or 0)
    if not key:
        return []
    figs = (members if members is not None else data.observation_figures([key])).get(key) or []
    groups: dict[tuple, list[dict]] = {}
    for f in figs:  # oldest first
        groups.setdefault((f["value"], f["status"]), []).append(f)
    out = []
    for g in groups.values():
        who = list(dict.fromkeys(source_line(r, lang) for r in g))
        who = "; ".join(who[:WHO_SHOWN]) + (f"; … (+{len(who) - WHO_SHOWN})" if len(who) > WHO_SHOWN else "")
        out.append(f"{value_of(g[0], lang)} ({i18n.status_name(g[0]['status'], lang)}) — {who}")
    return out


def flag_lines(data, row, lang: str, members: dict | None = None) -> list:
    """The warnings of an observation as text elements: the disagreeing values, "suspect"."""
    lines = []
    if row.get("conflict"):
        lines.append(html.P(["⚠ " + i18n.t(lang, "sources_differ"),
                             html.Ul([html.Li(x) for x in disagreement(data, row, lang, members)])],
                            className="flag-conflict"))
    if row.get("suspect"):
        lines.append(html.P("⚠ " + i18n.t(lang, "suspect_short"), className="flag-suspect",
                            title=str(row.get("suspect_reason") or "")))
    return lines


#: The dropdowns' own words (Dash's are English).
DROPDOWN_VI = {"select_all": "Chọn tất cả", "deselect_all": "Bỏ chọn tất cả", "selected_count": "đã chọn {num_selected}",
               "search": "Tìm", "clear_search": "Xóa ô tìm", "clear_selection": "Bỏ chọn",
               "no_options_found": "Không có lựa chọn nào"}


def dropdown_labels(lang: str) -> dict:
    """``labels`` for a dcc.Dropdown in the interface language."""
    return DROPDOWN_VI if i18n.lang_of(lang) == "vi" else {}
