"""<script> and <style> blocks are dropped as recorded boilerplate, never parsed as the document's text."""

from __future__ import annotations

import pytest

from ipanalysis.parse.document import parse_text

TASKS = """<p>2025年推动知识产权高质量发展任务清单</p>
<p>一、全面强化知识产权保护</p>
<p>1.高标准落实保护意见{inline}</p>
<p>国家知识产权局：加快制定实施落实意见的推进计划。</p>
<p>局内：运用促进司</p>
<p>年内完成</p>
<p>2.加快构建大保护工作格局</p>
<p>国家知识产权局：优化保护中心建设布局。</p>
<p>局内：运用促进司</p>
<p>年内完成</p>
"""
PAGE = """<html><head>
<STYLE type="text/css">
  p {{ color: red }}  /* 局内：保护司 */
</STYLE>
<Script type="text/javascript">
  var task = "3.局内：保护司";
  document.write("局内：保护司");
</sCRIPT>
</head><body>
{tasks}</body></html>
"""


def _dropped(doc) -> list:
    return [d for m in doc.marked for d in m.dropped]


def test_an_html_page_whose_script_names_a_department():
    doc = parse_text(PAGE.format(tasks=TASKS.format(inline="")), "page.html")
    assert len(doc.tasks) == 2
    assert "保护司" not in set(doc.assignments.assignee) and not doc.assignments.text.str.contains("保护司").any()
    rules = [d.rule for d in _dropped(doc)]
    assert rules.count("html_style") == 1 and rules.count("html_script") == 1
    script = next(d for d in _dropped(doc) if d.rule == "html_script")
    assert script.line == 5 and "局内：保护司" in script.text  # recorded whole, at its source line
    assert doc.tasks.line.tolist() == [12, 16]  # line numbers stay those of the source


@pytest.mark.parametrize("block", ["<script>alert(1)</script>", "<SCRIPT>\nalert(1)\n</SCRIPT >", "<style>b{}</style>"])
def test_a_block_in_a_plain_text_list_never_joins_a_title(block):
    text = TASKS.format(inline=block).replace("<p>", "").replace("</p>", "")
    doc = parse_text(text, "list.txt")
    assert doc.tasks.title.iloc[0] == "高标准落实保护意见"
    assert not any("alert" in str(v) or "b{}" in str(v) for v in doc.tasks.to_numpy().ravel())
    assert [d.rule for d in _dropped(doc)] == ["html_script" if "script" in block.lower() else "html_style"]


def test_a_script_never_closed_is_named():
    text = TASKS.format(inline="<script>").replace("<p>", "").replace("</p>", "")
    doc = parse_text(text, "list.txt")
    assert any("'<script>' without its closing tag" in w for w in doc.warnings)


def test_the_build_publishes_the_dropped_block(sandbox):
    text = (
        (sandbox.raw / "list_2022.txt")
        .read_text(encoding="utf-8")
        .replace("2022年", "2023年")
        .replace("局内：运用促进司\n", "局内：运用促进司\n<script>\nvar a = '局内：保护司';\n</script>\n")
    )
    sandbox.add_list(2023, "list_2023", text=text)
    corpus = sandbox.build()
    dropped = corpus.tables["dropped_boilerplate"]
    rows = dropped[dropped.rule == "html_script"]
    assert rows.source_file.tolist() == ["list_2023.txt"] and "局内：保护司" in rows.text.iloc[0]
    a = corpus.tables["assignments"]
    assert "保护司" not in set(a[(a.year == 2023) & (a.task_no == 3)].assignee)
