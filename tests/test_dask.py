"""The Dask engine on a real local cluster (2 worker processes) gives the local engine's rows."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from metrics.corpus import Report, extract_paths
from metrics.store import Store

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
N_DOCS = 1000


def make_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` articles varied from the dev set: years shifted, numbers changed, each text unique."""
    texts = sorted(DEV.glob("dev*.txt"))
    assert texts, "the dev corpus is missing"
    out = []
    for i in range(n):
        text = texts[i % len(texts)].read_text(encoding="utf-8")
        shift = i // len(texts) % 4
        text = re.sub(r"\b(20[12]\d)\b", lambda m, k=shift: str(int(m[1]) - k), text)
        text = re.sub(r"\b(\d+),(\d)\b", lambda m, k=i % 5: f"{int(m[1]) + k},{m[2]}", text)
        path = folder / f"{i // 100:02d}" / f"bai{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{text}\n\nBài số {i}.\n", encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(folder, N_DOCS)
    (folder / "empty.txt").write_text("")
    return folder


@pytest.mark.slow
def test_dask_extract_equals_local(cluster, corpus):
    from metrics.distributed import extract_paths_dask

    local_report, dask_report = Report(), Report()
    local = extract_paths(corpus, workers=2, progress=False, report=local_report)
    remote = extract_paths_dask([corpus], scheduler=cluster, report=dask_report, progress=False)
    assert dask_report.read == local_report.read == N_DOCS
    assert dask_report.skipped == local_report.skipped == [(str(corpus / "empty.txt"), "empty file")]
    assert dask_report.figures == local_report.figures == len(local) > 0
    pd.testing.assert_frame_equal(remote, local)


@pytest.mark.slow
def test_dask_ingest_equals_local_ingest(cluster, corpus, tmp_path):
    subset = [corpus / "00", corpus / "01", corpus / "empty.txt"]
    local, remote = Store(tmp_path / "local.duckdb"), Store(tmp_path / "dask.duckdb")
    a = local.ingest(subset, workers=2, progress=False)
    b = remote.ingest(subset, engine="dask", scheduler=cluster, progress=False, staging=tmp_path / "stage")
    assert a.new == b.new == 200 and a.figures_added == b.figures_added > 0 and a.skipped == b.skipped
    pd.testing.assert_frame_equal(remote.figures(), local.figures())
    pd.testing.assert_frame_equal(remote.observations(), local.observations())
    assert list((tmp_path / "stage").iterdir()) == []  # the staged parts are removed once loaded
    again = remote.ingest(subset, engine="dask", scheduler=cluster, progress=False)
    assert (again.new, again.unchanged, again.figures_added) == (0, 200, 0)


@pytest.mark.slow
def test_cli_engines_agree(cluster, corpus, tmp_path):
    from tests.test_store import CLI

    part = str(corpus / "02")

    def run(*args):
        res = subprocess.run(CLI + list(args), capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        return res

    run("extract", "--no-progress", part, "--out", str(tmp_path / "local.csv"))
    run("extract", "--engine", "dask", "--scheduler", cluster, part, "--out", str(tmp_path / "dask.csv"))
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    res = run("ingest", "--engine", "dask", "--scheduler", cluster, "--db", str(tmp_path / "d.duckdb"), part)
    assert "documents: 100 new, 0 unchanged, 0 replaced, 0 skipped" in res.stderr
    run("ingest", "--db", str(tmp_path / "l.duckdb"), part)
    pd.testing.assert_frame_equal(Store(tmp_path / "d.duckdb", read_only=True).figures(),
                                  Store(tmp_path / "l.duckdb", read_only=True).figures())
