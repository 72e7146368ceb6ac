"""Golden tests: the seeds and the dev corpus against their gold labels, scored by the shared scorer."""

import importlib.util
import json
from pathlib import Path

import pytest

import metrics

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"

pytestmark = pytest.mark.skipif(not (SHARED / "tools" / "score_figures.py").exists(),
                                reason="../shared (gold sets and scorer) is not beside the checkout")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_figures", SHARED / "tools" / "score_figures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _score(folder: Path, tmp_path):
    sf = _scorer()
    df = metrics.extract_paths([folder])
    out = tmp_path / "figures.csv"
    df.to_csv(out, index=False, date_format="%Y-%m-%d")
    gold = sf.load_gold(str(folder))
    docs = {g["doc"] for g in gold} | {json.loads(line)["doc"] for line in open(folder / "docs.jsonl") if line.strip()}
    matches, misses, extras = sf.score(sf.load_pred(str(out), docs), gold)
    return sf.summary(matches, misses, extras), misses, extras, df


@pytest.mark.parametrize("name", ["seeds", "dev"])
def test_gold_set_accuracy(name, tmp_path):
    s, misses, extras, _ = _score(SHARED / "corpus" / name, tmp_path)
    report = "\n".join([f"missed: {g['doc']} {g['metric']} {g['quote']!r}" for g in misses]
                       + [f"extra:  {p['path']} {p['metric']} {p['quote']!r}" for p in extras])
    assert s["precision"] >= 0.97 and s["recall"] >= 0.95, report
    for attr in ("status", "qualifier", "basis"):
        assert s["attribute_accuracy"][attr] >= 0.95, (attr, s["attribute_accuracy"])


def test_project_seeds_are_the_shared_seeds():
    for f in (SHARED / "corpus" / "seeds").glob("*.txt"):
        assert (SEEDS / f.name).read_bytes() == f.read_bytes()


def test_seed_documents_metadata(tmp_path):
    """published, source and url of every seed as docs.jsonl states them."""
    _, _, _, df = _score(SHARED / "corpus" / "seeds", tmp_path)
    from metrics.document import read_path

    for line in open(SHARED / "corpus" / "seeds" / "docs.jsonl"):
        want = json.loads(line)
        doc = read_path(SEEDS / want["doc"])
        assert (doc.published.isoformat() if doc.published else None) == want["published"], want["doc"]
        assert doc.source == want["source"], want["doc"]
        assert doc.url == want["url"], want["doc"]


def test_every_quote_is_at_its_offsets():
    df = metrics.extract_paths([SHARED / "corpus" / "dev", SEEDS])
    from metrics.document import read_path

    texts = {}
    for r in df.itertuples():
        text = texts.setdefault(r.path, read_path(r.path).text)
        assert text[r.start:r.end] == r.quote
        assert r.quote in r.sentence
