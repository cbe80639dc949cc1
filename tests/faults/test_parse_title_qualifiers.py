"""Title qualifiers (（试行） （征求意见稿） （2024年版）) belong to the title, not to the preamble."""

from __future__ import annotations

import pytest

from ipanalysis.parse.document import parse_text

BODY = """
一、全面强化知识产权保护

1.高标准落实保护意见
国家知识产权局：加快制定实施落实意见的推进计划。
局内：保护司
年内完成

2.加快构建大保护工作格局
国家知识产权局：优化保护中心建设布局。
局内：保护司、运用促进司
年内完成
"""
TITLE = "2025年推动知识产权高质量发展任务清单"


@pytest.mark.parametrize(
    "qualifier",
    ["（试行）", "（征求意见稿）", "（2024年版）", "(试行)", "（公开征求意见稿）", "（暂行）", "（试行）（2024年版）"],
)
def test_a_qualifier_stays_in_the_title(qualifier):
    doc = parse_text(f"{TITLE}{qualifier}\n{BODY}", "list.txt")
    row = doc.documents.iloc[0]
    assert row.title == TITLE + qualifier.replace("(", "（").replace(")", "）")
    assert row.preamble is None or qualifier.strip("（）()") not in row.preamble
    assert row.stated_year == 2025 and len(doc.tasks) == 2


def test_a_qualifier_in_book_title_marks_and_after_a_space():
    for line in [f"《{TITLE}（试行）》", f"{TITLE} （试行）"]:
        doc = parse_text(f"{line}\n{BODY}", "list.txt")
        assert doc.documents.title.iloc[0] == f"{TITLE}（试行）", line
        assert doc.documents.preamble.iloc[0] is None, line


def test_a_qualifier_in_a_notice():
    notice = f"国家知识产权局关于印发《{TITLE}（征求意见稿）》的通知\n各省、自治区、直辖市知识产权局：\n现予印发。\n"
    doc = parse_text(f"{notice}{TITLE}（征求意见稿）\n{BODY}", "list.txt")
    assert doc.documents.title.iloc[0] == f"{TITLE}（征求意见稿）"


def test_a_bracket_that_is_no_qualifier_is_not_taken():
    doc = parse_text(f"{TITLE}（附件）\n{BODY}", "list.txt")
    assert doc.documents.title.iloc[0] == TITLE and doc.documents.preamble.iloc[0] == "（附件）"
