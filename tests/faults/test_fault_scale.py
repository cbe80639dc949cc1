"""Merging sources grows linearly with the corpus (issue 13), and gives the same rows at any scale."""

from __future__ import annotations

import dataclasses
import time

import pandas as pd
import pytest

from ipanalysis import schema
from ipanalysis.config import CATALOG
from ipanalysis.corpus.assemble import load_catalog, merge_sources
from ipanalysis.parse.document import TABLES


@pytest.fixture(scope="module")
def unmerged(corpus):
    tables = {t: pd.concat([d.table(t) for d in corpus.files.values()], ignore_index=True) for t in TABLES}
    return {t: df[schema.columns(t)] for t, df in tables.items()}, load_catalog(CATALOG)


def copies(unmerged, n: int):
    """``n`` copies of the corpus, each under its own doc_ids and years."""
    tables, entries = unmerged
    out = {}
    for t, df in tables.items():
        parts = []
        for k in range(n):
            x = df.copy()
            x["doc_id"] = x["doc_id"] + f"_c{k}"
            x["year"] = x["year"] + 1000 * k
            parts.append(x)
        out[t] = pd.concat(parts, ignore_index=True)
    es = [dataclasses.replace(e, doc_id=f"{e.doc_id}_c{k}", year=e.year + 1000 * k) for k in range(n) for e in entries]
    return out, es


def test_copies_merge_like_the_corpus(unmerged):
    one, disc1 = merge_sources(*copies(unmerged, 1))
    many, disc5 = merge_sources(*copies(unmerged, 5))
    assert len(disc5) == 5 * len(disc1) > 0
    for t in ("tasks", "assignments", "measures", "sections"):
        assert len(many[t]) == 5 * len(one[t]), t
    a = many["assignments"]
    first = a[a.doc_id.str.endswith("_c0")].reset_index(drop=True)
    assert first.drop(columns="doc_id").equals(one["assignments"].reset_index(drop=True).drop(columns="doc_id"))


def test_merge_cost_grows_linearly(unmerged):
    def seconds(n: int) -> float:
        tables, entries = copies(unmerged, n)
        best = float("inf")
        for _ in range(3):
            fresh = {t: df.copy() for t, df in tables.items()}
            t0 = time.perf_counter()
            merge_sources(fresh, entries)
            best = min(best, time.perf_counter() - t0)
        return best

    small, large = seconds(20), seconds(160)
    # 8x the corpus: linear is ~8x; the per-task filtering this replaced was ~17x here
    assert large / small < 12, (small, large)
