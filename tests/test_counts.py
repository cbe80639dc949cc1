"""Counts, sections and titles per year: what a researcher cites first."""

from __future__ import annotations

import pandas as pd


def test_tasks_per_year(tables, expected_tasks):
    counts = tables["tasks"].groupby("year").size().to_dict()
    assert counts == expected_tasks and len(counts) >= 4


def test_task_numbers_are_complete_sequences(tables):
    for year, g in tables["tasks"].groupby("year"):
        assert list(g["task_no"]) == list(range(1, len(g) + 1)), year


def test_sections_per_document(tables, expected):
    s = tables["sections"].groupby("doc_id").size().to_dict()
    want = {d: n for (d, t), n in expected.items() if t in ("sections", "parts") and d in s}
    assert s == want and len(want) == 5


def test_section_titles(tables):
    s = tables["sections"]
    get = lambda doc, n: s[(s.doc_id == doc) & (s.section_no == n)]["section"].item()  # noqa: E731
    assert get("2018_plan", 2) == "“专利制度运行保障体系建设”主体任务"
    # the 2019 attachment prints every section as "1."; they are numbered by order
    assert get("2019_task_list", 1) == "提高知识产权审查质量和审查效率"
    assert get("2019_task_list", 7) == "夯实知识产权事业发展基础"
    assert get("2020_task_list", 6) == "知识产权事业综合保障"
    assert get("2024_task_list", 4) == "全面完善知识产权保护体系"


def test_tasks_in_sections(tables):
    t = tables["tasks"]
    per = t.groupby(["year", "section_no"]).size()
    assert per.loc[2019].tolist() == [3, 3, 3, 2, 3, 2, 2]
    assert per.loc[2020].tolist() == [5, 2, 5, 3, 2, 2]
    assert per.loc[2024].tolist() == [3, 3, 5, 3, 3, 3, 3]
    assert per.loc[2018].tolist() == [7, 11, 7]


def test_titles(tables):
    t = tables["tasks"].set_index(["year", "task_no"])["title"]
    assert t[(2018, 1)] == "推进知识产权综合管理改革"
    assert t[(2018, 24)] == "深化“一带一路”知识产权国际交流合作"
    assert t[(2019, 2)] == "深入实施专利质量提升工程"  # broken over two lines in the attachment
    assert t[(2019, 8)] == "助力产业转型升级"
    assert t[(2019, 18)] == "加强各类知识产权人才培养"  # "各类…" must not read as an actor label
    assert t[(2020, 1)] == "高标准落实《关于强化知识产权保护的意见》"  # broken over three lines
    assert t[(2020, 13)] == "深化知识产权领域“放管服”改革"
    assert t[(2024, 1)] == "持续推进《纲要》和《规划》实施"
    assert t[(2024, 18)] == "推动“一带一路”知识产权合作迈上新台阶"


def test_2018_work_items_and_goals(tables):
    t = tables["tasks"][tables["tasks"].year == 2018]
    items = t[["section_no", "group_no", "group"]].drop_duplicates()
    assert len(items) == 9
    assert items["group"].tolist()[3] == "强化知识产权运用效益"
    assert "专利引领产业升级" in items["group"].tolist()  # "专利引 领产业 升级" in the source
    goal = t[t.task_no == 6]["goal"].item()
    # the goal cell continues on the next page: "…完善知识产权法规政策" + "体系,为各项任务…"
    assert goal.endswith("不断完善知识产权法规政策体系，为各项任务开展提供法律依据和政策支持。")
    goal = t[t.task_no == 16]["goal"].item()
    assert goal.endswith("夯实知识产权事业发展基础，培育新的经济增长点。")


def test_completion_times(tables):
    t = tables["tasks"]
    by_year = t.groupby(["year", "completion"]).size().to_dict()
    assert by_year[(2018, "年内完成")] == 6
    assert by_year[(2018, "年内有阶段性成果")] == 18
    assert pd.isna(t[(t.year == 2018) & (t.task_no == 4)]["completion"].item())  # no completion cell in the source
    assert by_year[(2019, "年底前完成")] == 3
    assert t[(t.year == 2019) & t.task_no.isin([17, 18])]["completion"].isna().all()
    assert t[(t.year == 2020) & (t.task_no == 15)]["completion"].isna().item()
    assert (t[(t.year == 2020) & (t.task_no != 15)]["completion"] == "年内有阶段性成果").all()
    assert t[t.year == 2024]["completion"].isna().all()  # the 2024 list has no completion column


def test_documents(tables):
    d = tables["documents"].set_index("doc_id")
    assert d.loc["2019_work_guide", "title"] == "推动知识产权高质量发展年度工作指引（2019）"
    assert d.loc["2019_work_guide", "date"] == "2019-06-06"
    assert d.loc["2019_work_guide", "issuer"] == "国家知识产权局"
    assert d.loc["2019_task_list_web", "issuer"] == "国家知识产权局"
    assert d.loc["2018_plan", "title"] == "2018年全国专利事业发展战略推进计划"
    assert d.loc["2020_task_list", "n_tasks"] == 19
    assert d.loc["2019_task_list_web", "doc_role"] == "secondary"
    assert "特此通知" in d.loc["2019_work_guide", "preamble"]
