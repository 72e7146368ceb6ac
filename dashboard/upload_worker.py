"""Read and extract one uploaded file in a child process with memory and CPU limits.

``python -I -m dashboard.upload_worker FILE`` prints one JSON object: {"doc": {...}, "rows": [...]}
or {"error": "..."}. The app runs it through :func:`parse_file`: one bounded queue for the whole
server (:data:`PARSERS` children at a time, at most :data:`MAX_WAITING` files waiting), a CPU-time
limit in the child and a wall-clock limit that starts when the child does, so that neither a hostile
file nor many clients at once can hang or exhaust the server.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading

MEMORY = 1 << 30  # bytes of address space for the child
CPU_SECONDS = 20
#: Children reading uploads at the same time, for the whole server (``serve`` with several
#: processes gives each its share through CIVIC_METRICS_PARSERS).
PARSERS = int(os.environ.get("CIVIC_METRICS_PARSERS") or 0) or max(1, min(2, (os.cpu_count() or 1)))
#: Files waiting for a reader beyond which an upload is refused as "busy".
MAX_WAITING = 40

_SLOTS = threading.BoundedSemaphore(PARSERS)
_COUNT_LOCK = threading.Lock()
_queued = 0  # files waiting or being read


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
        out = {"error": str(e).replace(path, "the file") or "unreadable"}
    except MemoryError:
        out = {"error": "too large to read in the memory allowed"}
    except RecursionError:
        out = {"error": "too deeply nested to read"}
    except Exception as e:  # one line for the user, never a traceback or a server path
        out = {"error": f"the reader failed ({type(e).__name__})"}
    else:
        out = {"doc": {"text": doc.text, "title": doc.title, "url": doc.url, "source": doc.source,
                       "published": doc.published.isoformat() if doc.published else None,
                       "excluded": [list(x) for x in doc.excluded]},
               "rows": rows}
    # ASCII-only JSON: no U+2028, U+2029 or U+0085 that a reader might take for a line end.
    sys.stdout.write(json.dumps(out, default=_jsonable, ensure_ascii=True) + "\n")
    return 0


def queued() -> int:
    """Files waiting for a reader or being read, server-wide."""
    return _queued


def parse_file(path: str, timeout: float = 60.0) -> dict:
    """Run the worker on ``path`` once a reader slot is free.

    {"error": "timeout"} past ``timeout`` seconds of reading, {"error": "busy", "queued": N} when
    too many files are waiting already.
    """
    global _queued
    with _COUNT_LOCK:
        ahead = _queued
        if ahead >= MAX_WAITING:
            return {"error": "busy", "queued": ahead}
        _queued += 1
    try:
        with _SLOTS:
            out = _run(path, timeout)
    finally:
        with _COUNT_LOCK:
            _queued -= 1
    return out


def _run(path: str, timeout: float) -> dict:
    # -I: the installed package, never a "dashboard" folder in the server's working directory.
    with tempfile.TemporaryDirectory(prefix="civic-reader-") as cwd:
        try:
            proc = subprocess.run([sys.executable, "-I", "-m", "dashboard.upload_worker", path],
                                  capture_output=True, timeout=timeout, cwd=cwd)
        except subprocess.TimeoutExpired:
            return {"error": "timeout"}
    lines = proc.stdout.decode("utf-8", errors="replace").rstrip("\n").rsplit("\n", 1)
    try:
        out = json.loads(lines[-1])
        if isinstance(out, dict) and ("doc" in out or "error" in out):
            return out
    except ValueError:
        pass
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return {"error": "timeout"}
    if b"MemoryError" in proc.stderr:
        return {"error": "too large to read in the memory allowed"}
    return {"error": "the reader failed"}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
