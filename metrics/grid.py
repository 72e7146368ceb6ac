"""Data-grid queries as SQL: a filter model and a sort model, in the JSON form AG Grid sends
(``{"value": {"filterType": "number", "type": "greaterThan", "filter": 30}}``,
``[{"colId": "value", "sort": "desc"}]``), turned into a WHERE and an ORDER BY clause.

Only known columns are used (whitelisted by the caller) and every value is a bound
parameter, so nothing a browser sends becomes SQL text.
"""

from __future__ import annotations

import datetime as dt

from .errors import RequestTooLarge

#: What the grid's interface can send: two conditions per column filter (AG Grid's default),
#: a typed value of modest length, one filter and one sort key per column.
MAX_CONDITIONS = 2
MAX_VALUE_CHARS = 500

#: "contains" is a case-insensitive regular expression of the literal text (RE2's ``(?i)``: three times
#: as fast as lowering every value first).
TEXT_OPS = {
    "contains": "regexp_matches(coalesce({c}, ''), ?)",
    "notContains": "NOT regexp_matches(coalesce({c}, ''), ?)",
    "equals": "lower(coalesce({c}, '')) = lower(?)",
    "notEqual": "lower(coalesce({c}, '')) <> lower(?)",
    "startsWith": "starts_with(lower(coalesce({c}, '')), lower(?))",
    "endsWith": "suffix(lower(coalesce({c}, '')), lower(?))",
}
RANGE_OPS = {
    "equals": "{c} = ?", "notEqual": "{c} <> ?", "lessThan": "{c} < ?", "lessThanOrEqual": "{c} <= ?",
    "greaterThan": "{c} > ?", "greaterThanOrEqual": "{c} >= ?", "inRange": "{c} BETWEEN ? AND ?",
}


def where(filter_model: dict | None, columns: dict[str, str]) -> tuple[str, list]:
    """("WHERE ...", params) for the filter model; ``columns`` maps a column id to its SQL
    expression. Unknown columns and malformed conditions are ignored, not errors."""
    clauses, params = [], []
    if filter_model is not None and not isinstance(filter_model, dict):
        raise RequestTooLarge("the filter model must be an object")
    if len(filter_model or {}) > len(columns):
        raise RequestTooLarge(f"more column filters than columns ({len(filter_model)})")
    for col_id, f in (filter_model or {}).items():
        if col_id not in columns or not isinstance(f, dict):
            continue
        conds = f.get("conditions") or [f[k] for k in ("condition1", "condition2") if isinstance(f.get(k), dict)]
        if not isinstance(conds, list) or len(conds) > MAX_CONDITIONS:
            raise RequestTooLarge(f"at most {MAX_CONDITIONS} conditions per column filter")
        for c in conds or [f]:
            if isinstance(c, dict) and any(len(str(c.get(k) or "")) > MAX_VALUE_CHARS
                                           for k in ("filter", "filterTo", "dateFrom", "dateTo")):
                raise RequestTooLarge(f"a filter value is longer than {MAX_VALUE_CHARS} characters")
        parts = []
        for c in conds or [f]:
            if isinstance(c, dict):
                sql = _condition(columns[col_id], {"filterType": f.get("filterType"), **c}, params)
                if sql:
                    parts.append(sql)
        if parts:
            joiner = " OR " if f.get("operator") == "OR" else " AND "
            clauses.append("(" + joiner.join(parts) + ")")
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def order_by(sort_model: list | None, columns: dict[str, str], default: str) -> str:
    """"ORDER BY ..." for the sort model (NULLs last), ending with ``default`` for a stable order."""
    keys = []
    if sort_model is not None and (not isinstance(sort_model, list) or len(sort_model) > len(columns)):
        raise RequestTooLarge("the sort model must be a list of at most one key per column")
    for s in sort_model or []:
        if isinstance(s, dict) and s.get("colId") in columns and s.get("sort") in ("asc", "desc"):
            keys.append(f"{columns[s['colId']]} {s['sort'].upper()} NULLS LAST")
    return "ORDER BY " + ", ".join(keys + [default])


def _condition(col: str, f: dict, params: list) -> str | None:
    kind, op = f.get("filterType"), f.get("type", "")
    if op == "blank":
        return f"({col} IS NULL OR CAST({col} AS VARCHAR) = '')"
    if op == "notBlank":
        return f"NOT ({col} IS NULL OR CAST({col} AS VARCHAR) = '')"
    if kind == "text":
        if op not in TEXT_OPS or f.get("filter") is None:
            return None
        text = str(f["filter"])
        params.append("(?i)" + literal(text) if op in ("contains", "notContains") else text)
        return TEXT_OPS[op].format(c=col)
    if op not in RANGE_OPS:
        return None
    if kind == "date":
        a, b = _date(f.get("dateFrom")), _date(f.get("dateTo"))
    elif kind == "number":
        a, b = _number(f.get("filter")), _number(f.get("filterTo"))
    else:
        return None
    if a is None or (op == "inRange" and b is None):
        return None
    params.extend([a, b] if op == "inRange" else [a])
    return RANGE_OPS[op].format(c=col)


#: Characters with a meaning in RE2 patterns.
_RE2_SPECIAL = set("\\.^$|?*+()[]{}")


def literal(text: str) -> str:
    """An RE2 pattern matching ``text`` itself."""
    return "".join("\\" + ch if ch in _RE2_SPECIAL else ch for ch in text)


def _date(v) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


def _number(v) -> float | None:
    try:
        return float(v) if v is not None and v != "" else None
    except (TypeError, ValueError):
        return None
