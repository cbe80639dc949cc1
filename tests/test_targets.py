"""Targets: every one the documents state, the non-targets kept out, attainment cell by cell."""

from __future__ import annotations

import pandas as pd
import pytest

from ipanalysis.analysis import targets as T
from ipanalysis.config import EXTERNAL

EXPECTED = {
    # (year, source, task_no or item_no, indicator): (value, unit, comparator)
    (2019, "task", 18, "talent_training_classes"): (40, "期", ">"),
    (2019, "task", 18, "talent_trained"): (1, "万人", ">"),
    (2019, "guide", 3, "high_value_patent_portfolios"): (300, "个", "~"),
    (2019, "guide", 3, "patent_review_cycle_high_value"): (15, "%", ">="),
    (2019, "guide", 3, "trademark_review_cycle"): (5, "month", "<="),
    (2019, "guide", 3, "invention_backlog_reduction"): (10, "万件", ">="),
    (2019, "guide", 3, "ops_fund_investment_growth"): (50, "%", ">"),
    (2019, "guide", 3, "ip_insurance_growth"): (20, "%", ">="),
    (2019, "guide", 3, "ip_pledge_financing_growth"): (10, "%", ">="),
    (2019, "guide", 3, "ip_pledge_financing_amount"): (1350, "亿元", ">"),
    (2019, "guide", 3, "ip_ops_institutions"): (40, "家", "="),
    (2019, "guide", 3, "ip_service_revenue_growth"): (20, "%", "="),
    (2020, "task", 6, "patent_review_cycle_high_value"): (16, "month", "<="),
    (2020, "task", 6, "patent_examination_satisfaction"): (85, "分", ">="),
    (2020, "task", 6, "invention_examination_accuracy"): (85, "%", ">="),
    (2020, "task", 7, "trademark_review_cycle"): (4, "month", "<="),
    (2020, "task", 8, "ip_pledge_financing_growth"): (20, "%", ">="),
    (2024, "task", 8, "stock_patent_inventory_share"): (30, "%", ">="),
    (2024, "task", 11, "ip_pledge_financing_growth"): (10, "%", ">="),
    (2024, "task", 11, "sme_beneficiaries_growth"): (10, "%", ">="),
    (2024, "task", 16, "patent_topic_databases_new"): (5, "个", "="),
}


@pytest.fixture(scope="module")
def tg(tables):
    return T.load_targets(tables["measures"], tables["guideline_items"])


def test_every_target_of_the_documents(tg):
    got = {}
    for r in tg.itertuples():
        key = (r.year, r.source, r.task_no if r.source == "task" else r.item_no, r.indicator)
        got[key] = (r.value, r.unit, r.comparator)
    assert got == EXPECTED


def test_relative_target_keeps_its_baseline(tg):
    r = tg[(tg.indicator == "patent_review_cycle_high_value") & (tg.year == 2019)].iloc[0]
    assert r.is_relative and r.direction == "reduce"
    assert (r.baseline_year, r.baseline_change_pct) == (2018, -10.0)


def test_directions_and_deadline(tg):
    d = dict(zip(zip(tg.year, tg.indicator, strict=False), tg.direction, strict=True))
    assert d[(2020, "trademark_review_cycle")] == "reduce"
    assert d[(2020, "ip_pledge_financing_growth")] == "increase"
    r = tg[tg.indicator == "stock_patent_inventory_share"].iloc[0]
    assert r.deadline == "6月底前"
    assert "完成30%以上存量专利盘点入库" in r.sentence


@pytest.mark.parametrize(
    "text",
    [
        "做好2019年执法绩效考核。",  # a year
        "办好第13次中美欧日韩五局局长会。",  # an ordinal
        "落实《通知》（国办发〔2016〕106号）关于…的部署要求。",  # a document number
        "启动《企业知识产权管理规范》（GB/T29490-2013）修订工作。",  # a standard
        "办好中国加入《专利合作条约》体系30周年纪念活动。",  # an anniversary
        "在6月底前制定出台本地区细化落实方案。",  # a date: a deadline
        "办好第三届会议，完成第四批重点城市评价。",  # Chinese ordinals
    ],
)
def test_non_targets_stay_out(text):
    found, unmatched = T.find_targets(text)
    assert found == [] and unmatched == []


def test_numbers_broken_by_spaces_and_full_width_percent():
    found, _ = T.find_targets("高价值专利审查周期压减至 16\n个月以内，满意度指数在 85 分以上，准确率在85％以上。")
    assert [(f["indicator"], f["value"], f["unit"]) for f in found] == [
        ("patent_review_cycle_high_value", 16.0, "month"),
        ("patent_examination_satisfaction", 85.0, "分"),
        ("invention_examination_accuracy", 85.0, "%"),
    ]


def test_unmatched_candidates_are_reported(tables):
    u = T.unmatched_targets(tables["measures"], tables["guideline_items"])
    assert u[["year", "task_no", "number_raw"]].values.tolist() == [[2024, 8, "2所"]]


def test_outcomes_validate_and_keep_sources():
    o = T.load_outcomes()
    assert len(o) == 34 and o["source_url"].str.startswith("http").all()
    assert set(o["kind"]) == {"reported", "target_press"}


def test_outcomes_with_an_unknown_indicator_stop(tmp_path):
    bad = tmp_path / "outcomes.csv"
    text = (EXTERNAL / "reported_outcomes.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace("2019,trademark_review_cycle,4.5", "2019,trademark_cycle,4.5"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"outcomes.csv:7: indicator 'trademark_cycle'"):
        T.load_outcomes(bad)


def test_attainment_agrees_with_the_data_files_cell_by_cell(tg):
    a = T.attainment(tg)
    o = pd.read_csv(EXTERNAL / "reported_outcomes.csv")
    full = o[(o.kind == "reported") & (o.period == "full_year")]
    for r in a.itertuples():
        match = full[(full.indicator == r.indicator) & (full.year == r.year)]
        if r.status in ("met", "missed"):
            assert len(match) == 1 and match["value"].item() == r.reported_value
            assert match["source_url"].item() == r.source_url
            v, rep = r.target_value, r.reported_value
            ok = {"<=": rep <= v, ">=": rep >= v, ">": rep > v}[r.comparator]
            assert (r.status == "met") == ok
        else:
            assert r.note
    status = dict(zip(zip(a.year, a.indicator, a.target_source.str[:5], strict=False), a.status, strict=True))
    assert status[(2019, "trademark_review_cycle", "2019_")] == "met"  # 4.5 <= 5
    assert status[(2020, "patent_review_cycle_high_value", "2020_")] == "met"  # 14 <= 16
    assert status[(2019, "ip_pledge_financing_amount", "2019_")] == "met"  # 1515 > 1350
    assert status[(2019, "patent_review_cycle_high_value", "2019_")] == "unknown"  # relative, base unknown
    assert status[(2024, "ip_pledge_financing_growth", "2024_")] == "unknown"  # only H1 reported
    assert (a.status == "missed").sum() == 0 and (a.status == "met").sum() == 10


def test_indicator_presence(tg):
    p = T.indicator_presence(tg, years=[2018, 2019, 2020, 2024])
    st = dict(zip(zip(p.indicator, p.year, strict=False), p.status, strict=True))
    assert st[("ip_pledge_financing_growth", 2024)] == "persists"
    assert st[("trademark_review_cycle", 2024)] == "disappears"
    assert st[("sme_beneficiaries_growth", 2024)] == "appears"
    assert not p[p.year == 2018]["present"].any()


@pytest.mark.parametrize(
    "text,expected",
    [
        ("商标注册平均审查周期不超过4个月。", ("trademark_review_cycle", 4.0, "<=")),
        ("发明专利审查周期压减至15个月以下。", ("patent_review_cycle_invention", 15.0, "<=")),
        ("培育专业化的知识产权运营服务机构100多家。", ("ip_ops_institutions", 100.0, ">")),
        ("知识产权质押融资规模增长不低于15%。", ("ip_pledge_financing_growth", 15.0, ">=")),
        ("质押融资金额约2000亿元。", ("ip_pledge_financing_amount", 2000.0, "~")),
    ],
)
def test_comparator_words(text, expected):
    found, _ = T.find_targets(text)
    assert [(f["indicator"], f["value"], f["comparator"]) for f in found] == [expected]
