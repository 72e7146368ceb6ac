"""Corpora: finding the article files under the paths a user gives, and extracting
them all, in this process or a pool of processes, with a progress bar."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import pandas as pd

from .document import SUFFIXES, Document, read_path
from .errors import CivicMetricsError, SkipDocument
from .table import to_frame

#: More files than this and a progress bar is drawn on stderr.
PROGRESS_FROM = 20


@dataclass
class Report:
    """What a run did: documents read, skipped (path, reason) and figures found."""

    read: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    figures: int = 0

    def line(self) -> str:
        reasons: dict[str, int] = {}
        for _, r in self.skipped:
            reasons[r] = reasons.get(r, 0) + 1
        why = "; ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda kv: -kv[1]))
        skipped = f"{len(self.skipped)} skipped" + (f" ({why})" if why else "")
        return f"{self.read} documents read, {skipped}, {self.figures} figures found"


def iter_files(paths: Iterable[str | os.PathLike], errors: list | None = None) -> Iterator[str]:
    """Each path as given if it is a file; for a folder, its article files, recursively, sorted.

    A path that does not exist is yielded as is, so the reader reports it as skipped. A folder
    that cannot be read is added to ``errors`` as (path, reason).
    """
    def unreadable(e: OSError) -> None:
        if errors is not None:
            errors.append((e.filename or "?", f"cannot read the folder: {e.strerror or e}"))

    for p in paths:
        p = str(p)
        if os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(os.path.join(root, f) for f in files
                             if f.lower().endswith(SUFFIXES) and not f.startswith("."))
            yield from sorted(found)
        else:
            yield p


def read_and_extract(path: str) -> tuple[str, tuple[Document, list[dict]] | None, str]:
    """(path, (document, rows), "") for a file read, (path, None, reason) for one skipped. Never raises."""
    from .extract import extract_document

    try:
        _pause_here()
        doc = read_path(path)
        return path, (doc, extract_document(doc)), ""
    except SkipDocument as e:
        return path, None, str(e) or "unreadable"
    except CivicMetricsError as e:
        return path, None, str(e)
    except RecursionError:
        return path, None, "too deeply nested to parse"
    except MemoryError:
        return path, None, "too large to parse in memory"
    except Exception as e:  # a bug of ours must not cost the user the rest of the run
        first = str(e).splitlines()[0][:120] if str(e) else ""
        return path, None, f"internal error ({type(e).__name__}: {first}); please report this file"


def _pause_here() -> None:
    if os.environ.get("CIVIC_METRICS_PAUSE", "").startswith("extract:"):
        from .store import _pause

        _pause("extract")


def _die_with_parent(parent: int) -> None:
    """Pool initializer: the kernel kills this worker when its parent dies (even by SIGKILL)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def extract_file(path: str) -> tuple[str, list[dict] | None, str]:
    """(path, rows, "") for a file read, (path, None, reason) for one skipped. Never raises."""
    path, got, reason = read_and_extract(path)
    return path, (got[1] if got else None), reason


def _progress(total: int, enabled: bool | None, desc: str):
    from tqdm import tqdm

    if enabled is None:
        enabled = total >= PROGRESS_FROM and sys.stderr.isatty()
    return tqdm(total=total, disable=not enabled, desc=desc, unit="doc", file=sys.stderr, leave=False)


def run(paths: Iterable[str | os.PathLike], *, workers: int | None = 1, progress: bool | None = None,
        report: Report | None = None, documents: bool = False) -> Iterator[tuple]:
    """Yield (path, rows) for each readable file, in file order; skips go into ``report``.

    ``workers`` > 1 (or None: all cores) uses a process pool; results keep file order.
    ``documents=True`` yields (Document, rows) instead, for callers that keep the text (the store).
    """
    report = report if report is not None else Report()
    files = list(iter_files(paths, errors=report.skipped))
    if workers is None:
        workers = os.cpu_count() or 1
    workers = max(1, min(workers, len(files) or 1))
    bar = _progress(len(files), progress, "extract")
    try:
        func = read_and_extract if documents else extract_file
        if workers == 1:
            results: Iterable = map(func, files)
        else:
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent,
                                       initargs=(os.getpid(),))
            results = pool.map(func, files, chunksize=max(1, min(64, len(files) // (workers * 8) or 1)))
        for path, got, reason in results:
            bar.update(1)
            if got is None:
                report.skipped.append((path, reason))
                continue
            rows = got[1] if documents else got
            report.read += 1
            report.figures += len(rows)
            yield got if documents else (path, rows)
        if workers > 1:
            pool.shutdown()
    finally:
        bar.close()


def extract_paths(paths, *, workers: int | None = 1, progress: bool | None = None,
                  report: Report | None = None) -> pd.DataFrame:
    """All figures of the article files under ``paths`` as one typed figures table.

    Files that cannot be read are skipped; pass a :class:`Report` to learn which and why
    (the same report is also left in ``df.attrs["report"]``).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    report = report if report is not None else Report()
    rows: list[dict] = []
    for _, r in run(paths, workers=workers, progress=progress, report=report):
        rows.extend(r)
    df = to_frame(rows)
    df.attrs["report"] = report
    return df
