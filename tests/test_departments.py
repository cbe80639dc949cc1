"""Departments as data: every name resolved, the 2018 reform lineage explicit."""

from __future__ import annotations


def test_every_bureau_assignment_has_a_canonical_department(tables):
    a = tables["assignments"]
    bureau = a[a.level == "bureau"]
    assert bureau["assignee"].notna().all()
    known = set(tables["departments"]["canonical"])
    assert set(bureau["assignee"]) <= known


def test_pre_reform_names_and_their_successors(tables):
    d = tables["departments"].set_index("name")
    assert d.loc["专利管理司", "successor"] == "运用促进司;保护司"  # split: both named, never one
    assert d.loc["规划发展司", "successor"] == "战略规划司;运用促进司"
    assert d.loc["保护协调司", "successor"] == "保护司"
    assert d.loc["审查业务管理部", "successor"] == "专利局审业部"
    assert d.loc["专利复审委员会", "successor"] == "专利局复审和无效审理部"
    pre = d[d.era == "pre_reform"]
    assert set(pre["years"]) == {"2018"}
    assert pre["note"].notna().all()
    # every successor is itself a canonical department
    successors = {s for v in d["successor"].dropna() for s in v.split(";")}
    assert successors <= set(d["canonical"])


def test_abbreviations_and_years(tables):
    d = tables["departments"].set_index("name")
    assert d.loc["自动化部", "canonical"] == "专利局自动化部"  # 专利局审业部、自动化部
    assert d.loc["文献部", "canonical"] == "专利局文献部"
    assert d.loc["运用促进司", "years"] == "2019;2020;2024"
    assert d.loc["条法司", "years"] == "2018;2019;2020;2024"
    assert d.loc["联席办", "years"] == "2019;2024"


def test_department_counts_2020(tables):
    a = tables["assignments"]
    led = a[(a.year == 2020) & (a.level == "bureau")].groupby("assignee")["task_no"].nunique()
    assert led["保护司"] == 5 and led["运用促进司"] == 6 and led["国际合作司"] == 4
