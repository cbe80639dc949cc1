"""Invisible and control characters are removed in one place before parsing, and recorded."""

from __future__ import annotations

import pytest

import ipanalysis as ipa
from ipanalysis.config import RAW
from ipanalysis.parse.text import strip_invisible

CHARS = {
    "rtl_mark": "\u200f",
    "zero_width_space": "\u200b",
    "bom_inside": "\ufeff",
    "bell": "\x07",
    "escape": "\x1b",
    "delete": "\x7f",
    "c1_string_terminator": "\x9c",
    "next_line": "\x85",
    "form_feed": "\x0c",
}
COLS = {
    "tasks": ["task_no", "section_no", "title", "text", "completion"],
    "measures": ["task_no", "seq", "actor", "text"],
    "assignments": ["task_no", "level", "assignee", "assignee_raw", "obligation"],
    "sections": ["section_no", "section"],
}


@pytest.mark.parametrize("char", sorted(CHARS))
@pytest.mark.parametrize(
    "name,year", [("2020_task_list_pdf_text.txt", 2020), ("2019_task_list_attachment_docx.txt", 2019)]
)
def test_after_every_full_stop_the_tables_stay_the_same(tmp_path, char, name, year):
    text = (RAW / name).read_text(encoding="utf-8")
    p = tmp_path / f"{char}.txt"
    p.write_text(text.replace("。", "。" + CHARS[char]), encoding="utf-8")
    ref, doc = ipa.parse_file(RAW / name, year), ipa.parse_file(p, year)
    assert len(doc.measures) == len(ref.measures) > 30
    for table, cols in COLS.items():
        assert doc.table(table)[cols].fillna("").values.tolist() == ref.table(table)[cols].fillna("").values.tolist()
    n = text.count("。")
    assert len(doc.stripped) == n
    assert sum(f"removed {n} invisible or control character" in w for w in doc.warnings) == 1


def test_line_numbers_survive_stripping():
    text = "1.甲\u200b乙\n2.丙\x0c丁\u2028戊\n"
    out, found = strip_invisible(text)
    assert out == "1.甲乙\n2.丙 丁 戊\n"
    assert [(s.line, s.codepoint) for s in found] == [(1, "U+200B"), (2, "U+000C"), (2, "U+2028")]
    assert strip_invisible("干净的文本\n") == ("干净的文本\n", [])
