"""A document cut off anywhere says so: field gaps in its last task, count words, expected counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ipanalysis as ipa
from ipanalysis.config import RAW

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LISTS = {
    2019: ("2019_task_list_attachment_docx.txt", {"tasks": 18, "sections": 7}),
    2020: ("2020_task_list_pdf_text.txt", {"tasks": 19, "sections": 6}),
    2024: ("2024_task_list_tsv_html.txt", {"tasks": 23, "sections": 7}),
}
TASK_START = re.compile(r"^\s*(?:<p>)?\s*(\d{1,2})\s*[.．]", re.M)


def _cut(tmp_path, year: int, end: int) -> Path:
    name, _ = LISTS[year]
    text = (RAW / name).read_text(encoding="utf-8")
    p = tmp_path / f"cut_{year}_{end}.txt"
    p.write_text(text[:end], encoding="utf-8")
    return p


def test_the_2020_list_cut_at_60_percent(tmp_path):
    text = (RAW / LISTS[2020][0]).read_text(encoding="utf-8")
    doc = ipa.parse_file(_cut(tmp_path, 2020, int(len(text) * 0.6)), 2020)
    assert 0 < len(doc.tasks) < 19
    cut = [w for w in doc.warnings if "looks cut off" in w]
    assert len(cut) == 1 and f"the last task ({doc.tasks.task_no.max()})" in cut[0]


@pytest.mark.parametrize("year", [2019, 2020])
@pytest.mark.parametrize("share", [0.3, 0.45, 0.6, 0.75, 0.9])
def test_a_list_cut_inside_a_task(tmp_path, year, share):
    text = (RAW / LISTS[year][0]).read_text(encoding="utf-8")
    doc = ipa.parse_file(_cut(tmp_path, year, int(len(text) * share)), year)
    assert any("looks cut off" in w for w in doc.warnings)


@pytest.mark.parametrize("year", sorted(LISTS))
def test_a_list_cut_at_every_task_boundary_with_its_expected_counts(tmp_path, year):
    name, expected = LISTS[year]
    text = (RAW / name).read_text(encoding="utf-8")
    starts = [m.start() for m in TASK_START.finditer(text) if 1 < int(m.group(1)) <= expected["tasks"]]
    assert len(starts) >= expected["tasks"] - 1
    for end in starts:
        doc = ipa.parse_file(_cut(tmp_path, year, end), year, expected=expected)
        found = len(doc.tasks)
        assert found < expected["tasks"]
        warned = [w for w in doc.warnings if f"{found} tasks found, {expected['tasks']} expected" in w]
        assert warned and "the catalog expects it" in warned[0] and "cut off" in warned[0], end


@pytest.mark.parametrize("year", sorted(LISTS))
def test_a_whole_list_with_its_expected_counts_gives_no_such_warning(year):
    name, expected = LISTS[year]
    doc = ipa.parse_file(RAW / name, year, expected=expected)
    assert not any("expected" in w or "cut off" in w for w in doc.warnings)


def test_a_section_heading_with_nothing_after_it(tmp_path):
    text = (RAW / LISTS[2020][0]).read_text(encoding="utf-8")
    doc = ipa.parse_file(_cut(tmp_path, 2020, text.index("18.加强知识产权文化")), 2020)  # after 六、…
    assert any("the last section (6) has no task" in w for w in doc.warnings)


def test_the_count_words_of_a_notice():
    doc = ipa.parse_file(FIXTURES / "2025_ip_power_plan_gbicom_with_notice.txt")
    assert any("118 expected (the document states '部署118项重点任务')" in w for w in doc.warnings)


def test_one_warning_for_a_responsibility_form_the_grammar_does_not_read(tmp_path):
    text = (FIXTURES / "2025_ip_power_plan_gbicom_with_notice.txt").read_text(encoding="utf-8")
    p = tmp_path / "form.txt"
    p.write_text(text.replace("负责)", "落实)"), encoding="utf-8")
    doc = ipa.parse_file(p)
    assert doc.assignments.empty
    form = [w for w in doc.warnings if "responsible body" in w]
    assert len(form) == 1
    assert "'（…落实）' in 5 of 5 tasks" in form[0] and "does not read" in form[0]
    assert not any("task 1 has no" in w for w in doc.warnings)  # not one warning per task


def test_one_warning_for_a_label_form_the_grammar_does_not_read(tmp_path):
    text = (RAW / LISTS[2019][0]).read_text(encoding="utf-8").replace("局内：", "主办司局：")
    p = tmp_path / "label.txt"
    p.write_text(text, encoding="utf-8")
    doc = ipa.parse_file(p, 2019)
    form = [w for w in doc.warnings if "responsible body" in w]
    assert len(form) == 1 and "'主办司局：' in 18 of 18 tasks" in form[0]
    assert not any("has no 局内" in w for w in doc.warnings)
