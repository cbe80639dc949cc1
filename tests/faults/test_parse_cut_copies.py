"""A copy of a raw file cut off, outside data/raw (no catalog, no expected counts), says what looks missing.

Every real raw file is cut at 60, 70 and 90 % of its text, at task boundaries that leave
a trace (inside a table row, after a section or part heading, before the 必做 of a
clause) and by its last character; each cut copy must give a warning saying the
document looks cut off (truncated?), never a silently shorter table. A clean cut between
two whole tasks of a list that states no counts leaves no trace in the text: there the
document's own count words (or the catalog, for a file of data/raw) tell.
"""

from __future__ import annotations

import re

import pytest

from ipanalysis.config import RAW
from ipanalysis.parse.document import parse_text

FILES = sorted(p.name for p in RAW.glob("*.txt"))
CUT = re.compile(r"truncated|cut off|missing")


def _text(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


def _cut_warnings(name: str, text: str) -> list[str]:
    """The warnings of a cut copy that say it looks cut off (no catalog specs are given)."""
    doc = parse_text(text, f"cut_{name}")
    return [w for w in doc.warnings if CUT.search(w)]


def test_there_are_raw_files_to_cut():
    assert len(FILES) >= 5


@pytest.mark.parametrize("name", FILES)
def test_a_whole_file_does_not_look_cut(name):
    assert _cut_warnings(name, _text(name)) == []


@pytest.mark.parametrize("share", [0.6, 0.7, 0.9])
@pytest.mark.parametrize("name", FILES)
def test_a_copy_cut_at_a_share_of_its_text(name, share):
    text = _text(name)
    warned = _cut_warnings(name, text[: int(len(text) * share)])
    assert warned and all("truncated" in w for w in warned), warned


@pytest.mark.parametrize("name", FILES)
def test_a_copy_without_its_last_character(name):
    text = _text(name).rstrip()
    assert _cut_warnings(name, text[:-1]), text[-20:]


TABLE_2018 = "2018_patent_strategy_plan_md_table.txt"


def test_the_2018_table_cut_at_every_task_inside_a_row():
    """A task of the 2018 table starts inside a row (``| | | <p>2. …``): the cut row says it is cut."""
    text = _text(TABLE_2018)
    starts = [m.start() for m in re.finditer(r"<p>\s*\d{1,2}\s*[.．]", text) if text[m.start() - 1] != "\n"]
    assert len(starts) >= 20
    for end in starts:
        warned = _cut_warnings(TABLE_2018, text[:end])
        assert any("the table's last row stops" in w or "looks cut off" in w for w in warned), end


def test_a_table_row_cut_keeps_what_is_there():
    text = _text("2024_task_list_tsv_html.txt")
    end = text.index("积极推进中美欧日") + len("积极推进")
    doc = parse_text(text[:end], "cut.txt")
    assert doc.tasks.text.iloc[-1] == "国家知识产权局：积极推进"  # the cut cell, read as far as it goes
    assert any("the rest of the row is missing" in w for w in doc.warnings)


def test_the_2020_list_cut_after_each_section_heading():
    text = _text("2020_task_list_pdf_text.txt")
    headings = list(re.finditer(r"^[二三四五六]、.*$", text, re.M))
    assert len(headings) == 5
    for m in headings:
        warned = _cut_warnings("2020", text[: m.end()])
        assert any("the last section" in w and "has no task" in w for w in warned), m.group()


def test_the_2020_list_cut_before_the_last_must_do():
    text = _text("2020_task_list_pdf_text.txt")
    warned = _cut_warnings("2020", text[: text.rindex("必做")])
    assert any("stops before 必做/选做" in w for w in warned)


def test_the_2019_attachment_cut_inside_its_last_name():
    text = _text("2019_task_list_attachment_docx.txt").rstrip()
    warned = _cut_warnings("2019", text[:-1])
    assert any("a name cut short ('人事')" in w for w in warned)


@pytest.mark.parametrize("part", ["二、", "三、", "四、", "五、"])
def test_the_2019_work_guide_cut_after_a_part_heading(part):
    text = _text("2019_task_list_web_and_work_guide.txt")
    start = text.index("推动知识产权高质量发展年度工作指引(2019)\n")
    end = text.index("\n", text.index(part, start))
    warned = _cut_warnings("guide", text[:end])
    assert any(f"the last part ({'一二三四五'.index(part[0]) + 1}) has no item" in w for w in warned)


def test_the_2019_work_guide_cut_inside_an_item():
    text = _text("2019_task_list_web_and_work_guide.txt")
    end = text.index("提高政策落实透明度")
    warned = _cut_warnings("guide", text[:end])
    assert any("the last item (4, part 5) stops midway" in w for w in warned)


def test_a_clean_cut_between_tasks_is_told_by_the_documents_count_words():
    """Cut right before its last task, the 2020 list is a well-formed 18-task list; its count words tell."""
    text = _text("2020_task_list_pdf_text.txt")
    stated = text.replace("任务清单 \n", "任务清单 \n\n（部署19项重点任务）\n", 1)
    cut = stated[: stated.index("19.加强知识产权人才")]
    doc = parse_text(cut, "cut.txt")
    assert len(doc.tasks) == 18
    assert any("18 tasks found, 19 expected (the document states '部署19项重点任务')" in w for w in doc.warnings)
