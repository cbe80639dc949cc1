"""A new year in data/raw + catalog flows through the build and every chart with no code change.

The corpus is copied to a temporary data folder with one more list: a raw file of the
corpus under a new year (its title says so), its catalog row (sha256 of the copy) and
its expected counts. Every chart of the registry is drawn in both languages from that
corpus; each must show the new year, and no chart may know the corpus years.
"""

from __future__ import annotations

import csv
import hashlib
import shutil

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from ipanalysis.analysis import years as corpus_years
from ipanalysis.analysis.registry import TABLES, Analyses, Tables
from ipanalysis.analysis.targets import load_outcomes
from ipanalysis.config import CATALOG, CORPUS_REF, RAW
from ipanalysis.corpus.assemble import build_corpus
from ipanalysis.report.charts import REGISTRY, draw_chart, inputs_for
from ipanalysis.report.render import figure_texts

SOURCE_DOC = "2020_task_list"  # a list with targets, outcomes and every kind of assignment


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """(new year, corpus tables, catalog path) of the corpus plus one synthetic year."""
    tmp = tmp_path_factory.mktemp("synthetic")
    raw, checks = tmp / "raw", tmp / "checks"
    shutil.copytree(RAW, raw)
    checks.mkdir()
    catalog = _rows(CATALOG)
    src = next(r for r in catalog if r["doc_id"] == SOURCE_DOC)
    old = int(src["year"])
    new = max(int(r["year"]) for r in catalog) + 2  # leaves a gap year before it
    text = (RAW / src["file"]).read_text(encoding="utf-8").replace(f"{old} 年", f"{new} 年", 1)
    assert f"{new} 年" in text  # the title carries the new year
    name = f"{new}_synthetic_{src['file']}"
    (raw / name).write_text(text, encoding="utf-8")
    row = {
        **src,
        "doc_id": f"{new}_task_list",
        "file": name,
        "year": str(new),
        "sha256": hashlib.sha256((raw / name).read_bytes()).hexdigest(),
    }
    _write(tmp / "catalog.csv", [*catalog, row])
    counts = _rows(CORPUS_REF / "expected_counts.csv")
    _write(
        checks / "expected_counts.csv",
        [*counts, *({**c, "doc_id": row["doc_id"]} for c in counts if c["doc_id"] == SOURCE_DOC)],
    )
    corpus = build_corpus(raw=raw, catalog=tmp / "catalog.csv", checks=checks)
    return new, corpus.tables, tmp / "catalog.csv"


@pytest.fixture(scope="module")
def synthetic_run(synthetic):
    """Every analysis over the synthetic corpus (and the reported outcomes), each computed once.

    The document scopes are read from the synthetic catalog while the module's tests run.
    """
    _, tables, catalog = synthetic
    frames = {n: tables[n] for n in TABLES if n in tables}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(corpus_years, "CATALOG", catalog)
        yield Analyses(Tables({**frames, "outcomes": load_outcomes()}))


def test_the_build_holds_the_new_year(synthetic):
    new, tables, _ = synthetic
    docs = tables["documents"]
    assert docs[docs.year == new]["n_tasks"].tolist() == [19]
    assert (tables["tasks"]["year"] == new).sum() == 19


def test_the_calendar_comes_from_the_corpus(synthetic):
    new, tables, _ = synthetic
    years = corpus_years.list_years(tables["documents"])
    assert years[-1] == new and new - 1 in corpus_years.gaps(years)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_chart_draws_the_new_year(synthetic, synthetic_run, name, lang):
    new = synthetic[0]
    fig, data, source = draw_chart(name, inputs_for(name, synthetic_run), lang)
    try:
        year_cols = [c for c in ("year", "year_from", "year_to") if c in data.columns]
        assert year_cols, f"{name}: its data has no year column"
        shown = set(pd.concat([pd.to_numeric(data[c], errors="coerce") for c in year_cols]).dropna().astype(int))
        assert new in shown, f"{name}: {new} not in its data"
        assert str(new) in "\n".join(figure_texts(fig)), f"{name}: {new} not on the chart"
        assert str(new) in source, f"{name}: the source line does not name the {new} list"
    finally:
        plt.close(fig)
