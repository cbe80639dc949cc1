"""Departments and actors: each view recomputed against hand-checkable counts."""

from __future__ import annotations

from ipanalysis.analysis import actors


def test_workload_as_written(tables):
    w = actors.department_workload(tables["assignments"], tables["tasks"])
    row = w[(w.year == 2020) & (w.unit == "运用促进司")].iloc[0]
    # 2020 tasks 8–13 name 运用促进司; 11 and 13 with other departments
    assert (row.n_tasks, row.n_alone, row.n_joint) == (6, 4, 2)
    assert row.share == round(6 / 19, 4)
    assert w[(w.year == 2018) & (w.unit == "专利管理司")]["n_tasks"].item() == 17


def test_workload_through_the_lineage_keeps_split_predecessors(tables):
    w = actors.department_workload(tables["assignments"], tables["tasks"], tables["departments"], lineage=True)
    y18 = w[w.year == 2018].set_index("unit")
    assert y18.loc["运用促进司/保护司", "n_tasks"] == 17 and bool(y18.loc["运用促进司/保护司", "is_split"])
    assert y18.loc["保护司", "n_tasks"] == 5  # 保护协调司, one successor
    assert "运用促进司" not in y18.index  # never silently given to one successor
    assert y18.loc["专利局审业部", "units_as_written"] == "审查业务管理部"


def test_coassignment_edges(tables):
    e = actors.coassignment_edges(tables["assignments"])
    e24 = e[e.year == 2024]
    # 办公室 and 人事司 share 2024 tasks 21 and 22; 办公室 and 联席办 tasks 1 and 23
    assert e24[(e24.unit_a == "人事司") & (e24.unit_b == "办公室")]["weight"].item() == 2
    assert e24[(e24.unit_a == "办公室") & (e24.unit_b == "联席办")]["weight"].item() == 2
    nm = actors.network_measures(tables["assignments"], tables["tasks"])
    assert nm[(nm.year == 2019) & nm.is_most_central]["unit"].item() == "专利局审业部"


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
    c = actors.completion_categories(tables["tasks"]).set_index(["year", "completion"])["n_tasks"]
    assert c[(2024, "无")] == 23 and c[(2019, "年底前完成")] == 3
