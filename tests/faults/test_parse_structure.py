"""Section numerals out of sequence: warned, read as sections in order, never glued into a task."""

from __future__ import annotations

import pytest

import ipanalysis as ipa
from ipanalysis.config import RAW

NAME = "2020_task_list_pdf_text.txt"


@pytest.mark.parametrize("printed,as_", [("三、", "五、"), ("二、", "四、"), ("一、", "三、"), ("六、", "七、")])
def test_a_misprinted_section_numeral(tmp_path, printed, as_):
    text = (RAW / NAME).read_text(encoding="utf-8")
    i = text.index(printed)
    p = tmp_path / "numerals.txt"
    p.write_text(text[:i] + as_ + text[i + len(printed) :], encoding="utf-8")
    ref, doc = ipa.parse_file(RAW / NAME, 2020), ipa.parse_file(p, 2020)
    assert (
        doc.sections[["section_no", "section"]].values.tolist()
        == ref.sections[["section_no", "section"]].values.tolist()
    )
    assert (
        doc.tasks[["task_no", "section_no", "title", "text"]].values.tolist()
        == ref.tasks[["task_no", "section_no", "title", "text"]].values.tolist()
    )
    warned = [w for w in doc.warnings if "out of sequence" in w]
    assert len(warned) == 1 and f"'{as_}'" in warned[0]


def test_the_numeral_of_a_repeated_province_class_is_no_section(tmp_path):
    # 一、二类省份 inside a clause must stay a clause, whatever the list's sections
    doc = ipa.parse_file(RAW / "2018_patent_strategy_plan_md_table.txt", 2018)
    assert len(doc.sections) == 3 and not any("out of sequence" in w for w in doc.warnings)
