"""Every sentence of every raw file is in a table or in the tested list of dropped boilerplate."""

from __future__ import annotations

import re

import pytest

from ipanalysis.config import PARSE_REF
from ipanalysis.parse.nothing_lost import fragments, uncovered
from ipanalysis.parse.vocabulary import read_csv


@pytest.mark.parametrize(
    "file",
    [
        "2018_patent_strategy_plan_md_table.txt",
        "2019_task_list_attachment_docx.txt",
        "2019_task_list_web_and_work_guide.txt",
        "2020_task_list_pdf_text.txt",
        "2024_task_list_tsv_html.txt",
    ],
)
def test_every_kept_sentence_is_in_a_table(corpus, file):
    doc = corpus.files[file]
    kept = [f for m in doc.marked for p in m.kept for f in fragments(p.text)]
    assert len(kept) > 100  # the check looked at real text
    assert uncovered(doc) == []


def test_the_audit_notices_a_lost_sentence(corpus):
    doc = corpus.files["2020_task_list_pdf_text.txt"]
    m = doc.measures
    lost = m.index[(m.task_no == 11) & (m.seq == 3)]
    doc2 = type(doc)(**{**doc.__dict__, "measures": m.drop(lost)})
    # the sentence survives in tasks.text, so drop it there too
    t = doc2.tasks.copy()
    t.loc[t.task_no == 11, "text"] = t.loc[t.task_no == 11, "text"].str.replace("密集型产业增加值核算", "", regex=False)
    doc2 = type(doc)(**{**doc2.__dict__, "tasks": t})
    missing = uncovered(doc2)
    assert missing and all(line in (652, 654) for line, _ in missing)


def test_dropped_boilerplate_is_the_documented_kind(tables):
    rules = {r["rule"]: r for r in read_csv(PARSE_REF / "boilerplate.csv")}
    dropped = tables["dropped_boilerplate"]
    assert set(dropped["rule"]) <= set(rules)
    for _, row in dropped.iterrows():
        rule = rules[row["rule"]]
        if rule["scope"] == "text":
            assert re.search(rule["pattern"], row["text"]), (row["rule"], row["text"])
    counts = dropped.groupby(["source_file", "rule"]).size().to_dict()
    assert counts[("2020_task_list_pdf_text.txt", "column_header")] == 12  # one page header a page
    assert counts[("2020_task_list_pdf_text.txt", "page_number")] == 1
    assert counts[("2018_patent_strategy_plan_md_table.txt", "table_header")] == 15
    assert counts[("2019_task_list_attachment_docx.txt", "docx_bookmark")] == 1
    assert counts[("2019_task_list_web_and_work_guide.txt", "web_template")] == 4
    # nothing but boilerplate: no dropped text carries a department line or a task number
    assert not dropped["text"].str.contains("局内|国家知识产权局：").any()


def test_dropped_web_chrome_lines(tables):
    d = tables["dropped_boilerplate"]
    web = d[d.source_file == "2019_task_list_web_and_work_guide.txt"]
    assert "阅读:948 2019-06-11 13:37:28" in web["text"].tolist()
    assert "立即购买 联系客服" in web["text"].tolist()
