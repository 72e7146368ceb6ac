"""Why each number of an article is, or is not, a row: the engine's decisions, made visible.

``explain_document`` runs the engine with a trace and pairs every number candidate (a
number with a percent sign, a currency or a count unit) with its decision: the rows it
became, or a reason code from :data:`metrics.catalogue.REASONS` with the words that decided.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from .catalogue import REASONS
from .document import Document
from .extract import extract_document


@dataclass
class Decision:
    start: int
    end: int
    text: str
    code: str
    detail: str = ""
    rows: list[dict] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """The reason in words ("foreign place: Thái Lan"); "row" for a figure that became rows."""
        msg = REASONS.get(self.code, self.code)
        return msg.format(self.detail) if "{}" in msg else msg


def explain_document(doc: Document) -> list[Decision]:
    """One decision per number candidate of ``doc``, in text order."""
    trace: list = []
    rows = extract_document(doc, trace)
    by_fig: dict[int, list[dict]] = {}
    for r in rows:
        by_fig.setdefault(r["start"], []).append(r)
    out: dict[tuple[int, int], Decision] = {}
    for a, b, code, detail in trace:
        key = (a, b)
        if key in out and out[key].code == "row":
            continue  # a figure read twice (a period attached after it): the row stands
        out[key] = Decision(a, b, doc.text[a:b], code, detail)
    decided = sorted(out.values(), key=lambda d: d.start)
    for r in rows:  # a row's quote starts at its verb, before the number: attach it to the number it covers
        d = next((d for d in decided if d.code == "row" and r["start"] <= d.start < r["end"] + 1), None)
        if d is not None:
            d.rows.append(r)
    return decided


def render_text(doc: Document, decisions: list[Decision]) -> str:
    """A report a planner can read: each number with its sentence context and decision."""
    lines = [f"{doc.path or '(text)'}: {len(decisions)} number candidates, "
             f"{sum(1 for d in decisions if d.code == 'row')} became rows"]
    for d in decisions:
        context = doc.text[max(0, d.start - 60):d.end + 20].replace("\n", " ")
        lines.append(f"\n@{d.start} {d.text!r}  …{context}…")
        if d.code == "row":
            for r in d.rows:
                period = f"{r['period_start']}..{r['period_end']}" if r["period_start"] else "(no period)"
                part = f"/{r['part']}" if r["part"] else ""
                high = f"–{r['value_high']:g}" if r["value_high"] is not None else ""
                lines.append(f"  ROW  {r['metric']}{part} {r['measure']} {r['value']:g}{high} {r['unit']} "
                             f"{r['qualifier']} {r['status']} {r['basis'] or '-'} {r['period_type'] or '-'} "
                             f"{period} {r['geo']}")
        else:
            lines.append(f"  no row: {d.reason}")
    return "\n".join(lines)


def render_json(doc: Document, decisions: list[Decision]) -> str:
    """The same decisions as JSON, for tools: one object per candidate."""
    def plain(v):
        return v.isoformat() if isinstance(v, dt.date) else v

    items = [{"start": d.start, "end": d.end, "text": d.text, "decision": d.code, "reason": d.reason,
              "detail": d.detail, "rows": [{k: plain(v) for k, v in r.items() if k not in ("sentence",)}
                                            for r in d.rows]}
             for d in decisions]
    return json.dumps({"path": doc.path, "doc_id": doc.doc_id, "candidates": items}, ensure_ascii=False, indent=1)
