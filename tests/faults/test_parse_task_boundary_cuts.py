"""A copy cut exactly between two whole tasks: what tells, and the limit where nothing does.

A list that states its own count of tasks (``共5项任务``, ``部署118项重点任务``, the
phrases of data/reference/parse/count_phrases.csv) and holds fewer is said to look cut
off, naming the tasks that look missing and where its text stops. A file of data/raw is
checked against the catalog's expected counts as well (test_parse_truncation.py).

The known limit, pinned here: a copy cut exactly at a task boundary (or before a section
heading) of a list that states no count and has no closing part is a well-formed shorter
list, and is not detected. None of the corpus lists ends with a closing element (each
stops with its last task; the 2019 web copy goes straight on to the next document), none
announces its parts but through count words, and a last section shorter than the others
is how whole lists are written too (the 2019 attachment ends with a section of 2 tasks
after sections of 3, the 2020 list with 2 after 5 and 3); so no closing line, footer or
section-size rule could tell such a cut without false alarms on whole documents. What is guaranteed is that nothing is corrupted: the cut
copy holds exactly the whole tasks before the cut, as the whole file has them.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.config import PARSE_REF, RAW
from ipanalysis.corpus.assemble import check_reference
from ipanalysis.errors import ReferenceDataError
from ipanalysis.parse.document import parse_text
from ipanalysis.parse.vocabulary import load_vocabulary

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CUT = re.compile(r"truncated|cut off|missing")
# the two lists, the line their count words go after, and the tasks they hold
LISTS = {
    "2024_task_list_tsv_html.txt": ("## 2024 年推动知识产权高质量发展任务清单\n", 23),
    "2019_task_list_attachment_docx.txt": ("2019年推动知识产权高质量发展任务清单\n", 18),
}
# the only clean cuts a field gap of the (whole) last task tells: its tasks before the cut
TOLD_BY_FIELD_GAPS = {"2024_task_list_tsv_html.txt": [18], "2019_task_list_attachment_docx.txt": [17]}

MINI = """2030年推动知识产权高质量发展任务清单

{count}

一、全面强化知识产权保护

1.高标准落实保护意见
国家知识产权局：加快制定实施落实意见的推进计划。
局内：保护司
年内完成

2.加快构建大保护工作格局
国家知识产权局：优化保护中心建设布局。
局内：保护司、运用促进司
年内有阶段性成果

二、提升知识产权运用效益

3.推进专利转化
国家知识产权局：推动高校专利转化。
局内：运用促进司
年内完成

4.完善运营服务体系
国家知识产权局：建设运营服务平台。{in_text}
局内：运用促进司
年内完成
"""


def _mini(count: str, in_text: str = "") -> list[str]:
    return parse_text(MINI.format(count=count, in_text=in_text), "mini.txt").warnings


def _cut_warnings(warnings: list[str]) -> list[str]:
    return [w for w in warnings if CUT.search(w)]


# --- the document's own count words -------------------------------------------------------------


def test_a_list_saying_5_tasks_but_holding_4_names_what_looks_missing():
    warned = _cut_warnings(_mini("本清单共5项任务。"))
    assert warned == [
        "mini.txt: 4 tasks found, 5 expected (the document states '共5项任务'): task 5 looks missing "
        "(the last task found is 4, line 24); the document looks cut off (truncated?)"
    ]


@pytest.mark.parametrize(
    ("count", "words"),
    [
        ("共5项任务。", "共5项任务"),
        ("共五项任务。", "共五项任务"),
        ("共5项。", "共5项"),
        ("共计5项重点任务。", "共计5项重点任务"),
        ("部署了5项重点任务。", "部署了5项重点任务"),
        ("部署5项重点工作。", "部署5项重点工作"),
        ("围绕两个方面，提出5项重点任务。", "5项重点任务"),
    ],
)
def test_the_forms_of_a_stated_count_of_tasks(count, words):
    warned = _cut_warnings(_mini(count))
    assert len(warned) == 1 and f"4 tasks found, 5 expected (the document states '{words}')" in warned[0]
    assert "task 5 looks missing" in warned[0]


@pytest.mark.parametrize("count", ["共4项任务。", "共3项标准已发布。", "共计4项重点任务。", ""])
def test_no_warning_where_the_count_agrees_or_is_no_count_of_tasks(count):
    assert _mini(count) == []  # 共3项标准 counts standards, not the list's tasks


def test_count_words_inside_a_task_are_not_the_documents_count():
    assert _mini("", in_text="共5项任务。") == []


def test_a_numeral_that_is_no_number_is_no_count():
    assert _cut_warnings(_mini("共十百项任务。")) == []


def test_the_count_phrases_give_the_corpus_no_new_warning():
    """Every raw file and excerpt warns the same with and without count phrases, but the 2025 notice's 118."""
    vocab = load_vocabulary()
    bare = dataclasses.replace(vocab, count_phrases=())
    files = sorted(RAW.glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))
    assert len(files) >= 10
    new = {}
    for f in files:
        text = f.read_text(encoding="utf-8")
        with_counts = parse_text(text, f.name, vocab=vocab).warnings
        without = parse_text(text, f.name, vocab=bare).warnings
        new[f.name] = [w for w in with_counts if w not in without]
        assert all(w in with_counts for w in without), f.name
    told = {k: v for k, v in new.items() if v}
    assert told == {
        "2025_ip_power_plan_gbicom_with_notice.txt": [
            "2025_ip_power_plan_gbicom_with_notice.txt: 5 tasks found, 118 expected (the document states "
            "'部署118项重点任务'): tasks 6–118 look missing (the last task found is 5, line 15); "
            "the document looks cut off (truncated?)",
            "2025_ip_power_plan_gbicom_with_notice.txt: 1 sections found, 7 expected (the document states "
            "'围绕七个方面'): sections 2–7 look missing (the last section found is 1, line 9); "
            "the document looks cut off (truncated?)",
        ]
    }  # an excerpt: the opening of the notice and its list, cut after task 5 (tests/fixtures/README.md)


# --- the 2024 list and the 2019 attachment cut at every task boundary ----------------------------


def _clean_cuts(text: str, name: str) -> list[tuple[int, int]]:
    """(offset, tasks before it) of every cut between two whole tasks, before a section heading where one follows."""
    doc = parse_text(text, name)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    tasks, sections = doc.tasks, doc.sections.set_index("section_no")
    cuts = []
    for k in range(1, len(tasks)):
        prev, task = tasks.iloc[k - 1], tasks.iloc[k]
        line = task.line if task.section_no == prev.section_no else sections.loc[task.section_no, "line"]
        cuts.append((starts[int(line) - 1], k))
    return cuts


def _with_count_words(name: str) -> str:
    after, n = LISTS[name]
    text = (RAW / name).read_text(encoding="utf-8")
    assert after in text
    return text.replace(after, f"{after}共{n}项任务。\n", 1)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_with_count_words_cut_at_every_task_boundary_names_what_looks_missing(name):
    text = _with_count_words(name)
    n = LISTS[name][1]
    assert _cut_warnings(parse_text(text, name).warnings) == []  # the whole list with its count words
    cuts = _clean_cuts(text, name)
    assert len(cuts) == n - 1
    for end, k in cuts:
        warned = _cut_warnings(parse_text(text[:end], name).warnings)
        first = f"task {n}" if k == n - 1 else f"tasks {k + 1}–{n}"
        stated = [w for w in warned if f"{k} tasks found, {n} expected (the document states '共{n}项任务')" in w]
        assert stated and f"{first} look" in stated[0] and f"the last task found is {k}," in stated[0], (k, warned)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_without_count_words_cut_at_a_task_boundary_is_not_detected(name):
    """The known limit: only a field gap of the last whole task (a task lacking what those before it have) tells."""
    text = (RAW / name).read_text(encoding="utf-8")
    whole = parse_text(text, name).tasks
    told = []
    for end, k in _clean_cuts(text, name):
        doc = parse_text(text[:end], name)
        cols = ["task_no", "title", "text", "completion", "n_measures"]
        pd.testing.assert_frame_equal(doc.tasks[cols], whole[cols].iloc[:k], obj=f"cut before task {k + 1}")
        if _cut_warnings(doc.warnings):
            told.append(k)
    assert told == TOLD_BY_FIELD_GAPS[name], "a new signal tells clean cuts: update the known limit in the docs"


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_catalog_tells_a_clean_cut_of_a_file_of_data_raw(name):
    """Where the list states no count, the catalog's expected count (a file of data/raw) tells."""
    text = (RAW / name).read_text(encoding="utf-8")
    n = LISTS[name][1]
    end, k = _clean_cuts(text, name)[-1]
    doc = parse_text(text[:end], name, expected={"tasks": n})
    assert any(
        f"{k} tasks found, {n} expected (the catalog expects it): task {n} looks missing" in w for w in doc.warnings
    )


# --- a count phrase that could count nothing stops with its file and row --------------------------


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ('"共(\\d+)项任务",tasks,no group n', "a group named n"),
        ('"共(?P<n>\\d+)项任务",task,a misspelt table', "tasks or sections or groups"),
    ],
)
def test_a_count_phrase_that_could_count_nothing_is_refused(tmp_path, row, said):
    ref = tmp_path / "parse"
    shutil.copytree(PARSE_REF, ref)
    with (ref / "count_phrases.csv").open("a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    n_rows = len((ref / "count_phrases.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(ReferenceDataError, match=rf"count_phrases\.csv:{n_rows}.*{said}"):
        load_vocabulary(ref)


def test_the_build_checks_what_a_count_phrase_counts(tmp_path):
    ref = tmp_path / "parse"
    shutil.copytree(PARSE_REF, ref)
    with (ref / "count_phrases.csv").open("a", encoding="utf-8") as fh:
        fh.write('"共(?P<n>\\d+)项任务",task,a misspelt table\n')
    with pytest.raises(ReferenceDataError, match=r"count_phrases\.csv.*'table'.*task"):
        check_reference(ref)  # data/schema/inputs.csv: tasks, sections or groups
