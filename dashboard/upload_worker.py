"""Read and extract one uploaded file in a child process with memory and CPU limits.

``python -m dashboard.upload_worker FILE`` prints one JSON object: {"doc": {...}, "rows": [...]} or
{"error": "..."}. The app runs it with a wall-clock timeout (:func:`parse_file`), so a hostile file
can neither hang nor exhaust the server.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

MEMORY = 1 << 30  # bytes of address space for the child
CPU_SECONDS = 20


def _limit() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    except (ImportError, ValueError, OSError):
        pass


def _jsonable(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if hasattr(v, "isoformat"):
        return None if str(v) == "NaT" else v.isoformat()
    if isinstance(v, float) and v != v:
        return None
    return str(v)


def main(path: str) -> int:
    _limit()
    from metrics.document import read_path
    from metrics.errors import CivicMetricsError
    from metrics.extract import extract_document

    try:
        doc = read_path(path)
        rows = extract_document(doc)
    except CivicMetricsError as e:
        print(json.dumps({"error": str(e) or "unreadable"}))
        return 0
    out = {"doc": {"text": doc.text, "title": doc.title, "url": doc.url, "source": doc.source,
                   "published": doc.published.isoformat() if doc.published else None,
                   "excluded": [list(x) for x in doc.excluded]},
           "rows": rows}
    print(json.dumps(out, default=_jsonable, ensure_ascii=False))
    return 0


def parse_file(path: str, timeout: float = 20.0) -> dict:
    """Run the worker on ``path``; {"error": "timeout"} if it takes longer than ``timeout`` seconds."""
    try:
        proc = subprocess.run([sys.executable, "-m", "dashboard.upload_worker", path], capture_output=True,
                              timeout=timeout, text=True, encoding="utf-8")
    except subprocess.TimeoutExpired:
        return {"error": "timeout"}
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": (proc.stderr.strip().splitlines() or ["the reader failed"])[-1][:200]}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
