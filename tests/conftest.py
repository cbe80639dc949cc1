"""Shared fixtures: the corpus is built once per test session."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from ipanalysis.config import CATALOG, CORPUS_REF, RAW
from ipanalysis.corpus.assemble import Corpus, build_corpus
from ipanalysis.parse.vocabulary import read_csv

FILES = {
    2018: "2018_patent_strategy_plan_md_table.txt",
    "2019a": "2019_task_list_attachment_docx.txt",
    "2019w": "2019_task_list_web_and_work_guide.txt",
    2020: "2020_task_list_pdf_text.txt",
    2024: "2024_task_list_tsv_html.txt",
}


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return build_corpus()


@pytest.fixture(scope="session")
def tables(corpus: Corpus) -> dict:
    return corpus.tables


@pytest.fixture(scope="session")
def run():
    """Every analysis over the published tables, computed once for the session (``ipa.analyses()``).

    Tests call ``run.stage_shares()``, ``run.tasks()`` …; a result is handed out as a copy.
    """
    from ipanalysis.api import analyses

    return analyses()


@pytest.fixture(scope="session")
def charts(run) -> dict[tuple[str, str], tuple]:
    """Every chart of the registry in both languages, drawn once a session and laid out as exported.

    ``(name, lang) → (figure, data, source)``: the tests that read a chart's texts, ticks,
    legends and markers share these figures and change none of them (each gets the data
    as a copy). The exported files are checked once, by the export test.
    """
    import matplotlib.pyplot as plt

    from ipanalysis.report.charts import LANGS, REGISTRY, draw_chart, inputs_for
    from ipanalysis.report.render import lay_out

    out = {}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "More than 20 figures", RuntimeWarning)  # 26 kept open on purpose
        for name in sorted(REGISTRY):
            inputs = inputs_for(name, run)
            for lang in LANGS:
                fig, data, source = draw_chart(name, inputs, lang)
                lay_out(fig, source)
                out[name, lang] = (fig, data, source)
    yield _Charts(out)
    for fig, *_ in out.values():
        plt.close(fig)


class _Charts(dict):
    """The session's charts; each lookup hands out the data as a copy."""

    def __getitem__(self, key):
        fig, data, source = super().__getitem__(key)
        return fig, data.copy(), source


@pytest.fixture(scope="session")
def expected() -> dict[tuple[str, str], int]:
    """(doc_id, table) → count, from the one place counts are written: expected_counts.csv."""
    return {(r["doc_id"], r["table"]): int(r["count"]) for r in read_csv(CORPUS_REF / "expected_counts.csv")}


@pytest.fixture(scope="session")
def expected_tasks(expected) -> dict[int, int]:
    """Tasks per year of the merged corpus: the primary source of each year."""
    primary = {
        r["doc_id"]: int(r["year"]) for r in read_csv(CATALOG) if r["role"] == "primary" and r["kind"] != "work_guide"
    }
    return {primary[d]: n for (d, t), n in expected.items() if t == "tasks" and d in primary}


def raw_path(key) -> Path:
    return RAW / FILES[key]


def assignment_summary(assignments, year: int, task_no: int, level: str) -> list[tuple]:
    a = assignments[(assignments.year == year) & (assignments.task_no == task_no) & (assignments.level == level)]
    if level == "bureau":
        return list(a["assignee"])
    return list(zip(a["assignee"], a["obligation"], strict=True))


# the fast group: the parser and the corpus (`pytest -m fast`, under half a minute); the rest draws
# charts, executes notebooks, builds wheels or drives a browser
FAST = {
    "test_layouts.py",
    "test_hard_cases.py",
    "test_families.py",
    "test_counts.py",
    "test_nothing_lost.py",
    "test_bad_input.py",
    "test_departments.py",
    "test_fault_inputs.py",
}


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if item.path.name in FAST:
            item.add_marker(pytest.mark.fast)
