"""Bad input gets a clear error naming file, line and what was expected; nothing is silently dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import raw_path

import ipanalysis as ipa
from ipanalysis.errors import UnknownNameError


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-16", "utf-16-le"])
def test_encodings_decode_to_the_same_tables(tmp_path, encoding):
    text = raw_path(2020).read_text(encoding="utf-8")
    p = _write(tmp_path, f"list_{encoding}.txt", text.encode(encoding))
    doc = ipa.parse_file(p, 2020)
    ref = ipa.parse_file(raw_path(2020), 2020)
    assert len(doc.tasks) == 19
    assert doc.tasks["title"].tolist() == ref.tasks["title"].tolist()
    assert doc.assignments["assignee"].tolist() == ref.assignments["assignee"].tolist()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"  \n\n", "non-empty"),
        ("scan.pdf", b"%PDF-1.7\x00\x01\x02\xff\xfe\x00\x00binary", "a PDF document"),
        ("blob.bin", b"\x01\x02\x03\x00\xff\xfe\x00\x00binary", "binary"),
        ("english.txt", b"1. Reduce examination time\n2. Strengthen protection\n", "Chinese"),
    ],
)
def test_unreadable_files_name_the_file_and_what_was_expected(tmp_path, name, content, expected):
    p = _write(tmp_path, name, content)
    with pytest.raises(ipa.ParseError) as e:
        ipa.parse_file(p)
    assert name in str(e.value) and expected in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(ipa.ParseError) as e:
        ipa.parse_file(tmp_path / "nope.txt")
    assert "nope.txt" in str(e.value)


def test_chinese_text_without_tasks_warns(tmp_path):
    p = _write(tmp_path, "notice.txt", "关于开展知识产权宣传周活动的通知\n各地要认真组织。\n".encode())
    doc = ipa.parse_file(p, 2021)
    assert doc.tasks.empty
    assert any("no numbered tasks" in w for w in doc.warnings)


def test_truncated_document_says_what_is_missing(tmp_path):
    text = raw_path(2020).read_text(encoding="utf-8")
    cut = text[: text.index("局内：公共服务\n\n司 \n 任务清单")]  # stops inside task 15, before its 局内 line
    p = _write(tmp_path, "truncated.txt", cut.encode())
    doc = ipa.parse_file(p, 2020)
    assert len(doc.tasks) == 15
    assert any("task 15 has no 局内" in w for w in doc.warnings)


def test_skipped_task_numbers_are_named(tmp_path):
    text = raw_path("2019a").read_text(encoding="utf-8")
    start, end = text.index("\t5.完善快速协同保护体系"), text.index("\t7.完善知识产权运营服务体系")
    p = _write(tmp_path, "skipped.txt", (text[:start] + text[end:]).encode())
    doc = ipa.parse_file(p, 2019)
    assert 5 not in doc.tasks.task_no.tolist() and 6 not in doc.tasks.task_no.tolist()
    assert any("task number(s) 5, 6 missing" in w for w in doc.warnings)
    assert len(doc.tasks) == 16


def test_repeated_task_number_is_named(tmp_path):
    text = raw_path("2019a").read_text(encoding="utf-8").replace("\t5.完善快速协同保护体系", "\t4.完善快速协同保护体系")
    p = _write(tmp_path, "repeated.txt", text.encode())
    doc = ipa.parse_file(p, 2019)
    assert doc.tasks.task_no.tolist()[:6] == [1, 2, 3, 4, 4, 6]
    assert any("task number 4 repeated" in w for w in doc.warnings)


def test_unknown_department_stops_with_the_name_and_the_file_to_edit(tmp_path):
    text = raw_path(2020).read_text(encoding="utf-8").replace("局内：保护司", "局内：数据管理司、保护司", 1)
    p = _write(tmp_path, "unknown.txt", text.encode())
    with pytest.raises(UnknownNameError) as e:
        ipa.parse_file(p, 2020, strict=True)  # as the build does
    msg = str(e.value)
    assert "数据管理司" in msg and "departments.csv" in msg and "unknown.txt:34" in msg
    doc = ipa.parse_file(p, 2020)  # a single file: a warning, the unit left empty
    a = doc.assignments
    assert a[(a.task_no == 1) & (a.level == "bureau")]["assignee_raw"].tolist() == ["数据管理司", "保护司"]
    assert any("数据管理司" in w for w in doc.warnings)


def test_malformed_table_row(tmp_path):
    text = raw_path(2018).read_text(encoding="utf-8").replace("| 年内有阶段性成果 |\n", "\n", 1)
    p = _write(tmp_path, "broken.md", text.encode())
    with pytest.raises(ipa.ParseError) as e:
        ipa.parse_file(p, 2018)
    assert "broken.md:8" in str(e.value) and "table row" in str(e.value)


def test_table_measure_without_its_number(tmp_path):
    text = raw_path(2018).read_text(encoding="utf-8")
    text = text.replace("<p>1. 推进知识产权综合管理改革。", "<p>推进知识产权综合管理改革。", 1)
    p = _write(tmp_path, "shifted.md", text.encode())
    with pytest.raises(ipa.ParseError) as e:
        ipa.parse_file(p, 2018)
    assert "shifted.md:8" in str(e.value) and "numbered measure" in str(e.value)
