"""The Dask engine: extraction on a Dask distributed cluster, for corpora beyond one machine.

The client lists the article files and cuts the list into partitions of consecutive files;
each worker task reads and extracts one partition. :func:`extract_paths_dask` gathers the
rows (the ``extract`` command); :func:`stage_paths_dask` has each task write its documents
and figures as Parquet parts into a staging folder, which the store then loads in one
transaction (``ingest --engine dask``). Either way the rows, and their order, are those of
the local engine on the same files.

Without a scheduler address a local cluster (one single-threaded worker process per core)
is started and stopped. With ``scheduler="tcp://HOST:8786"`` the workers must see the
article files and the staging folder at the same paths (shared storage) and have
civic-metrics installed.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from .corpus import Report, _progress, iter_files, read_and_extract
from .table import to_frame

#: At most this many files a task.
PARTITION_FILES = 500


def _extract_part(paths: list[str]) -> tuple[list[dict], int, list[tuple[str, str]]]:
    """(rows, documents read, skipped) of one partition."""
    rows, read, skipped = [], 0, []
    for path, got, reason in map(read_and_extract, paths):
        if got is None:
            skipped.append((path, reason))
        else:
            read += 1
            rows.extend(got[1])
    return rows, read, skipped


def _stage_part(paths: list[str], stage: str, index: int, first_seq: int) -> tuple[int, int, list[tuple[str, str]]]:
    """Write one partition's documents and figures under ``stage``; (figures, read, skipped)."""
    from .store import write_stage

    items, skipped = [], []
    for path, got, reason in map(read_and_extract, paths):
        if got is None:
            skipped.append((path, reason))
        else:
            items.append(got)
    write_stage(stage, items, prefix=f"p{index:06d}", first_seq=first_seq)
    return sum(len(rows) for _, rows in items), len(items), skipped


@contextmanager
def _client(scheduler: str | None) -> Iterator:
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _run(paths, func, extra, *, scheduler, progress, report: Report) -> tuple[list, list[list[str]]]:
    """Submit ``func(partition, *extra(i, start))`` for each partition; results in file order.

    Folders that cannot be read are added to ``report.skipped``, as the local engine does.
    """
    from distributed import as_completed

    files = list(iter_files(paths, errors=report.skipped))
    with _client(scheduler) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = max(1, min(PARTITION_FILES, math.ceil(len(files) / (workers * 4))))
        parts = [(i, start, files[start:start + size]) for i, start in enumerate(range(0, len(files), size))]
        futures = {client.submit(func, part, *extra(i, start), pure=False): len(part) for i, start, part in parts}
        bar = _progress(len(files), progress, "extract")
        try:
            for fut in as_completed(futures):
                bar.update(futures[fut])
            return client.gather(list(futures)), [p for _, _, p in parts]
        finally:
            bar.close()


def extract_paths_dask(paths, *, scheduler: str | None = None, report: Report | None = None,
                       progress: bool | None = None) -> pd.DataFrame:
    """All figures under ``paths``, extracted on a Dask cluster, as one typed figures table."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    report = report if report is not None else Report()
    results, _ = _run(paths, _extract_part, lambda i, start: (), scheduler=scheduler, progress=progress,
                      report=report)
    rows: list[dict] = []
    for part_rows, read, skipped in results:
        rows.extend(part_rows)
        report.read += read
        report.skipped.extend(skipped)
        report.figures += len(part_rows)
    df = to_frame(rows)
    df.attrs["report"] = report
    return df


def stage_paths_dask(paths, stage: str, *, scheduler: str | None = None, report: Report | None = None,
                     progress: bool | None = None) -> int:
    """Extract ``paths`` on a Dask cluster into Parquet parts under ``stage``; returns documents read.

    ``stage`` must be reachable at the same path by the workers (shared storage).
    """
    from .store import write_stage

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    report = report if report is not None else Report()
    stage = os.path.abspath(stage)
    results, _ = _run(paths, _stage_part, lambda i, start: (stage, i, start), scheduler=scheduler,
                      progress=progress, report=report)
    for figures, read, skipped in results:
        report.read += read
        report.skipped.extend(skipped)
        report.figures += figures
    if not results:
        write_stage(stage, [])  # an empty batch still has its (empty) parts
    return report.read
