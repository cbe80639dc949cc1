"""局内 lines whose value is no department name: their own row as written, a warning, nothing glued."""

from __future__ import annotations

import pytest

import ipanalysis as ipa
from ipanalysis.config import RAW
from ipanalysis.errors import UnknownNameError

LISTS = {
    2019: ("2019_task_list_attachment_docx.txt", "局内：条法司，专利局审业部、自动化部，商标局"),
    2020: ("2020_task_list_pdf_text.txt", "局内：保护司"),
    2024: ("2024_task_list_tsv_html.txt", "局内：办公室、联席办、战略规划司、保护司"),
}


def _replace_first_bureau_line(tmp_path, year: int, value: str):
    name, line = LISTS[year]
    text = (RAW / name).read_text(encoding="utf-8")
    assert line in text
    p = tmp_path / f"names_{year}.txt"
    p.write_text(text.replace(line, f"局内：{value}", 1), encoding="utf-8")
    return p, ipa.parse_file(RAW / name, year)


@pytest.mark.parametrize("year", sorted(LISTS))
@pytest.mark.parametrize("value", ["张三", "Data Office"])
def test_an_unknown_name_keeps_its_own_row(tmp_path, year, value):
    p, ref = _replace_first_bureau_line(tmp_path, year, value)
    doc = ipa.parse_file(p, year)
    a = doc.assignments
    first = a[(a.task_no == 1) & (a.level == "bureau")]
    assert first["assignee_raw"].tolist() == [value]
    assert first["assignee"].isna().all() and first["role"].tolist() == ["lead"]
    assert any(repr(value) in w and "departments.csv" in w for w in doc.warnings)
    # never glued onto the measure text, and the rest of the task is read as before
    assert not doc.tasks["text"].str.contains(value.split()[0]).any()
    assert doc.measures["text"].tolist() == ref.measures["text"].tolist()
    assert doc.tasks["completion"].tolist() == ref.tasks["completion"].tolist()
    others = a[a.level != "bureau"][["task_no", "level", "assignee", "obligation"]].values.tolist()
    assert (
        others
        == ref.assignments[ref.assignments.level != "bureau"][
            ["task_no", "level", "assignee", "obligation"]
        ].values.tolist()
    )


def test_an_unknown_name_before_known_ones(tmp_path):
    p, ref = _replace_first_bureau_line(tmp_path, 2020, "数据 办公室、保护司，运用促进司")
    doc = ipa.parse_file(p, 2020)
    a = doc.assignments
    first = a[(a.task_no == 1) & (a.level == "bureau")]
    assert first[["assignee", "assignee_raw"]].fillna("").values.tolist() == [
        ["", "数据办公室"],
        ["保护司", "保护司"],
        ["运用促进司", "运用促进司"],
    ]
    assert doc.measures["text"].tolist() == ref.measures["text"].tolist()


def test_the_build_stops_on_an_unknown_name(tmp_path):
    p, _ = _replace_first_bureau_line(tmp_path, 2020, "张三")
    with pytest.raises(UnknownNameError, match="张三"):
        ipa.parse_file(p, 2020, strict=True)


def test_a_zero_width_space_inside_a_name(tmp_path):
    p, ref = _replace_first_bureau_line(tmp_path, 2020, "保\u200b护司")
    doc = ipa.parse_file(p, 2020)
    a = doc.assignments
    assert a[(a.task_no == 1) & (a.level == "bureau")][["assignee", "assignee_raw"]].values.tolist() == [
        ["保护司", "保护司"]
    ]
    assert doc.measures["text"].tolist() == ref.measures["text"].tolist()
    assert any("U+200B" in w and "ZERO WIDTH SPACE" in w for w in doc.warnings)
