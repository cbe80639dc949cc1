"""Departments and actors: each view recomputed against hand-checkable counts."""

from __future__ import annotations

import pytest

from ipanalysis.analysis import actors
from ipanalysis.errors import NameNotFoundError


def test_workload_as_written(tables):
    w = actors.department_workload(tables["assignments"], tables["tasks"])
    row = w[(w.year == 2020) & (w.assignee == "运用促进司")].iloc[0]
    # 2020 tasks 8–13 name 运用促进司; 11 and 13 with other departments; it is named first in 8–12
    assert (row.n_tasks, row.n_led, row.n_alone, row.n_joint) == (6, 5, 4, 2)
    assert row.share == round(6 / 19, 4) and row.share_led == round(5 / 19, 4) and row.n_tasks_year == 19
    assert w[(w.year == 2018) & (w.assignee == "专利管理司")]["n_tasks"].item() == 17


def test_every_task_has_exactly_one_lead(tables):
    w = actors.department_workload(tables["assignments"], tables["tasks"])
    per_year = tables["tasks"].groupby("year").size()
    assert w.groupby("year")["n_led"].sum().to_dict() == per_year.to_dict()
    assert (w["n_led"] <= w["n_tasks"]).all()


def test_ties_for_the_most_leads_are_visible(tables):
    w = actors.department_workload(tables["assignments"], tables["tasks"])
    top = w[w.is_top_lead]
    # 2019 and 2020: 运用促进司 and 保护司 lead as many tasks (4 and 4; 5 and 5)
    for year, n in ((2019, 4), (2020, 5)):
        t = top[top.year == year]
        assert (
            sorted(t["assignee"]) == ["保护司", "运用促进司"] and set(t["n_led"]) == {n} and set(t["n_top_lead"]) == {2}
        )
    assert top[top.year == 2024]["assignee"].tolist() == ["运用促进司"]


def test_workload_through_the_lineage_keeps_split_predecessors(tables):
    w = actors.department_workload(tables["assignments"], tables["tasks"], tables["departments"], lineage=True)
    y18 = w[w.year == 2018].set_index("assignee")
    assert y18.loc["运用促进司/保护司", "n_tasks"] == 17 and bool(y18.loc["运用促进司/保护司", "is_split"])
    assert y18.loc["运用促进司/保护司", "n_led"] == 15
    assert y18.loc["保护司", "n_tasks"] == 5  # 保护协调司, one successor
    assert "运用促进司" not in y18.index  # never silently given to one successor
    assert y18.loc["专利局审业部", "assignees_as_written"] == "审查业务管理部"


def test_department_series_under_its_lineage(tables):
    s = actors.department_series(
        "运用促进司", tables["assignments"], tables["tasks"], tables["departments"], tables["documents"]
    )
    assert sorted(set(s["year"])) == [2018, 2019, 2020, 2024]
    y18 = s[s.year == 2018]
    assert y18["is_split"].all() and set(y18["assignee"]) == {"运用促进司/保护司", "战略规划司/运用促进司"}
    later = s[s.year > 2018].set_index("year")
    assert later["n_tasks"].to_dict() == {2019: 7, 2020: 6, 2024: 9}
    assert later.loc[2020, "n_led"] == 5 and not later["is_split"].any()
    # a pre-reform name resolves to its successors
    old = actors.department_series(
        "专利管理司", tables["assignments"], tables["tasks"], tables["departments"], tables["documents"]
    )
    assert set(old[old.year == 2019]["assignee"]) == {"运用促进司", "保护司"}
    with pytest.raises(NameNotFoundError, match="不存在司"):
        actors.department_series(
            "不存在司", tables["assignments"], tables["tasks"], tables["departments"], tables["documents"]
        )


def test_a_misspelt_or_english_department_name_is_understood_or_answered_with_the_closest(tables):
    args = (tables["assignments"], tables["tasks"], tables["departments"], tables["documents"])
    with pytest.raises(NameNotFoundError, match="did you mean '运用促进司'"):
        actors.department_series("运用促近司", *args)
    english = actors.department_series("Dept. of IP Protection", *args)
    assert english.equals(actors.department_series("保护司", *args))
    with pytest.raises(NameNotFoundError, match=r"Dept\. of IP Protection"):
        actors.department_series("Dept of IP protecton", *args)
    assert actors.department_series("dept of ip  protection", *args).equals(english)  # stops and spaces as written


def test_a_central_body_named_as_a_department_is_told_where_its_tasks_are(tables):
    args = (tables["assignments"], tables["tasks"], tables["departments"], tables["documents"])
    with pytest.raises(NameNotFoundError, match=r"市场监管总局 is a central body.*level == 'ministry'"):
        actors.department_series("国家市场监督管理总局", *args)
    with pytest.raises(NameNotFoundError, match="central bodies with a name like it: 市场监管总局"):
        actors.department_series("市场监管总句", *args)


def test_coassignment_edges(tables):
    e = actors.coassignment_edges(tables["assignments"])
    e24 = e[e.year == 2024]
    # 办公室 and 人事司 share 2024 tasks 21 and 22; 办公室 and 联席办 tasks 1 and 23
    assert e24[(e24.assignee_a == "人事司") & (e24.assignee_b == "办公室")]["weight"].item() == 2
    assert e24[(e24.assignee_a == "办公室") & (e24.assignee_b == "联席办")]["weight"].item() == 2
    nm = actors.network_measures(tables["assignments"], tables["tasks"])
    assert nm[(nm.year == 2019) & nm.is_most_central]["assignee"].item() == "专利局审业部"


def test_obligation_profile_2024(tables):
    p = actors.obligation_profile(tables["assignments"], tables["tasks"])
    p24 = p[p.year == 2024].set_index("task_no")["profile"]
    # 各省必做 in 16 tasks; 12 (示范区), 3, 5, 6 bind some; 20 各省选做 only; 18, 19 none
    assert (p24 == "binding_all").sum() == 16
    assert sorted(p24[p24 == "binding_some"].index) == [3, 5, 6, 12]
    assert list(p24[p24 == "optional_only"].index) == [20]
    assert sorted(p24[p24 == "none"].index) == [18, 19]
    assert p[p.year < 2024][["has_city", "has_locality"]].sum().sum() == 0
    assert p[p.year == 2024]["has_city"].sum() == 3 and p[p.year == 2024]["has_locality"].sum() == 3


def test_scope_classes():
    assert actors.classify_scope("各类省份") == "all_provinces"
    assert actors.classify_scope("各省") == "all_provinces"
    assert actors.classify_scope("其他省份") == "other_provinces"
    assert actors.classify_scope("一、二类省份") == "province_category"
    assert actors.classify_scope("知识产权保护中心涉及省份") == "programme"
    assert actors.classify_scope("第一批、第二批示范区") == "programme"


def test_actor_shares_sum_to_one(tables):
    s = actors.actor_shares(tables["measures"])
    assert s.groupby("year")["share_chars"].sum().round(2).eq(1.0).all()
    assert set(s[s.year == 2024]["actor_level"]) == {"national", "all_localities", "provinces", "cities", "localities"}
    assert s[(s.year == 2024) & (s.actor_level == "cities")]["n_measures"].item() == 3


def test_deadlines_2024(tables):
    d = actors.deadlines(tables["measures"])
    assert d["year"].unique().tolist() == [2024]
    assert sorted(d["deadline"]) == ["12月底前", "3月底前", "6月底前", "6月底前", "6月底前", "年底前"]
    assert sorted(d["month"]) == [3, 6, 6, 6, 12, 12]  # 年底前: the year's last month
    c = actors.completion_categories(tables["tasks"]).set_index(["year", "completion"])["n_tasks"]
    assert c[(2024, actors.NOT_STATED)] == 23 and c[(2019, "年底前完成")] == 3


def test_tasks_binding_particular_provinces_are_counted_apart_from_the_profile(tables):
    """One profile per task hides a 'binding_all' task that also binds a programme's provinces."""
    p = actors.obligation_profile(tables["assignments"], tables["tasks"])
    assert p.groupby("year")["binds_particular"].sum().to_dict() == {2018: 16, 2019: 7, 2020: 8, 2024: 5}
    y20 = p[p.year == 2020]
    assert (y20.profile == "binding_some").sum() == 0 and (
        y20.binds_particular & (y20.profile == "binding_all")
    ).sum() == 8
