"""Targets: every one the documents state, the non-targets kept out, attainment cell by cell."""

from __future__ import annotations

import pandas as pd
import pytest

from ipanalysis.analysis import targets as T
from ipanalysis.config import EXTERNAL
from ipanalysis.errors import ReferenceDataError

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
    return T.load_targets(tables["measures"], tables["guideline_items"], tables["documents"])


@pytest.fixture(scope="module")
def outcomes():
    return T.load_outcomes()


def test_every_target_of_the_documents(tg):
    got = {}
    for r in tg.itertuples():
        key = (r.year, r.found_in, r.task_no if r.found_in == "task" else r.item_no, r.indicator)
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
    u = T.unmatched_targets(tables["measures"], tables["guideline_items"], tables["documents"])
    assert u[["year", "task_no", "number_raw"]].values.tolist() == [[2024, 8, "2所"]]


def test_targets_carry_their_document_kind_and_period(tg):
    kinds = tg.groupby("found_in")["doc_kind"].unique()
    assert list(kinds["guide"]) == ["work_guide"] and list(kinds["task"]) == ["task_list"]
    period = dict(zip(tg.indicator, tg.period, strict=False))
    assert period["stock_patent_inventory_share"] == "interim_h1"  # 6月底前: a first-half target
    assert (tg[tg.indicator != "stock_patent_inventory_share"]["period"] == "full_year").all()


def test_outcomes_validate_and_keep_sources():
    o = T.load_outcomes()
    raw = pd.read_csv(EXTERNAL / "reported_outcomes.csv")
    assert len(o) == len(raw) and o["source_url"].str.startswith("http").all()
    assert set(o["outcome_kind"]) == {"reported", "target_press"}
    assert set(o["source_kind"]) == {"official", "official_outlet", "repost"}
    official = o[o.source_kind != "repost"]
    assert official["quote"].str.len().gt(20).all()  # an official source comes with its sentence


def _broken(tmp_path, old: str, new: str):
    bad = tmp_path / "outcomes.csv"
    text = (EXTERNAL / "reported_outcomes.csv").read_text(encoding="utf-8")
    assert old in text
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    return bad


def test_outcomes_with_an_unknown_indicator_stop(tmp_path):
    bad = _broken(tmp_path, "2019,trademark_review_cycle,4.5", "2019,trademark_cycle,4.5")
    with pytest.raises(ReferenceDataError, match=r"outcomes.csv:7, column 'indicator': .*found 'trademark_cycle'"):
        T.load_outcomes(bad)


def test_outcomes_with_a_bad_source_kind_or_no_quote_stop(tmp_path):
    bad = _broken(tmp_path, 'confirmed by the State Council.",official', 'confirmed by the State Council.",offical')
    with pytest.raises(ReferenceDataError, match=r"column 'source_kind': expected one of official, .*found 'offical'"):
        T.load_outcomes(bad)
    o = pd.read_csv(EXTERNAL / "reported_outcomes.csv")
    row = o[o.source_kind == "official"].index[0]
    o.loc[row, "quote"] = None
    path = tmp_path / "no_quote.csv"
    o.to_csv(path, index=False)
    with pytest.raises(
        ReferenceDataError,
        match=rf"no_quote.csv:{row + 2}, column 'quote': expected the sentence as published \(.* an official source\)",
    ):
        T.load_outcomes(path)


MET = {  # (year, indicator): the full-year outcome that meets the document target
    (2019, "trademark_review_cycle"): 4.5,  # <= 5, work guide
    (2019, "ip_pledge_financing_amount"): 1515,  # > 1350, work guide
    (2019, "ip_pledge_financing_growth"): 23.8,  # >= 10, work guide
    (2020, "patent_review_cycle_high_value"): 14,  # <= 16
    (2020, "trademark_review_cycle"): 4,  # <= 4
    (2020, "ip_pledge_financing_growth"): 43.9,  # >= 20
}


def test_attainment_counts_document_targets_only_by_default(tg, outcomes):
    a = T.attainment(tg, outcomes)
    assert len(a) == len(tg) and set(a["target_kind"]) == {"task_list", "work_guide"}
    met = a[a.status == "met"]
    assert dict(zip(zip(met.year, met.indicator, strict=True), met.reported_value, strict=True)) == MET
    assert (a.status == "missed").sum() == 0
    assert (a[a.status == "unknown"]["note"].str.len() > 0).all()
    assert (a[a.status == "met"]["reported_period"] == "full_year").all()
    assert a[a.status == "met"]["source_kind"].notna().all() and a[a.status == "met"]["quote"].notna().all()
    rel = a[(a.year == 2019) & (a.indicator == "patent_review_cycle_high_value")].iloc[0]
    assert rel.status == "unknown" and "baseline" in rel.note


def test_periods_must_match(tg, outcomes):
    a = T.attainment(tg, outcomes)
    r = a[(a.year == 2024) & (a.indicator == "ip_pledge_financing_growth")].iloc[0]
    # a full-year target; only H1 (57%) and Jan–Sep (60%) were reported: never judged on them
    assert r.status == "unknown" and pd.isna(r.reported_value)
    assert "H1" in r.note and "Jan–Sep" in r.note and "not comparable" in r.note


def test_press_targets_only_when_asked_and_labelled(tg, outcomes):
    o = outcomes
    a = T.attainment(tg, o, include_press=True)
    press = a[a.target_kind == "press"]
    assert len(press) == (o.outcome_kind == "target_press").sum() and len(a) == len(tg) + len(press)
    assert press["target_source"].str.startswith("press:").all() and press["target_url"].str.startswith("http").all()
    growth = press[press.indicator == "ip_pledge_financing_growth"].iloc[0]
    assert growth.comparator == ">=" and growth.status == "met"  # a growth target is a lower bound


def test_indicator_presence_says_not_in_corpus_never_dropped(tg, outcomes, tables):
    p = T.indicator_presence(tg, outcomes, tables["documents"])
    st = {
        (r.indicator, r.year, r.document): (r.status, r.change if isinstance(r.change, str) else None)
        for r in p.itertuples()
    }
    assert st[("ip_pledge_financing_growth", 2024, "list")] == ("present", "repeated")
    assert st[("sme_beneficiaries_growth", 2024, "list")] == ("present", "new")
    assert st[("talent_trained", 2020, "list")] == ("absent", "not_repeated")
    # 2019 guide targets: no guide of 2020 or 2024 is in the corpus, so nothing is said about them
    assert st[("ip_insurance_growth", 2019, "work_guide")] == ("present", "new")
    assert st[("ip_insurance_growth", 2020, "work_guide")] == ("not_in_corpus", None)
    assert st[("ip_insurance_growth", 2024, "work_guide")] == ("not_in_corpus", None)
    # years without a list: not in corpus for lists too; the plan year is a list with no targets
    assert st[("trademark_review_cycle", 2022, "list")][0] == "not_in_corpus"
    assert st[("trademark_review_cycle", 2018, "list")][0] == "absent"
    assert st[("trademark_review_cycle", 2022, "press")][0] == "present"
    assert sorted(p["year"].unique())[:7] == list(range(2018, 2025))


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


def test_two_outcomes_for_one_indicator_year_and_period_stop(tmp_path):
    """attainment() matches one outcome per target: a duplicate would be a silent choice."""
    import pandas as pd

    from ipanalysis.config import EXTERNAL
    from ipanalysis.errors import ReferenceDataError

    src = pd.read_csv(EXTERNAL / "reported_outcomes.csv", dtype=str, keep_default_na=False)
    p = tmp_path / "outcomes.csv"
    pd.concat([src, src.iloc[[0]]]).to_csv(p, index=False)
    with pytest.raises(
        ReferenceDataError,
        match=f"outcomes.csv:{len(src) + 2}, column 'year': expected each year \\+ indicator \\+ period \\+ outcome_kind once",
    ):
        T.load_outcomes(p)


def test_one_indicator_by_id_chinese_or_english_name(tables):
    from ipanalysis.errors import NameNotFoundError

    t, o = T.load_targets(tables["measures"], tables["guideline_items"], tables["documents"]), T.load_outcomes()
    by_id = T.attainment(t, o, indicator="trademark_review_cycle")
    assert by_id["year"].tolist() == [2019, 2020] and set(by_id["status"]) == {"met"}
    assert by_id.equals(T.attainment(t, o, indicator="商标注册审查周期"))
    assert by_id.equals(T.attainment(t, o, indicator=" Trademark Registration Review Cycle "))
    with pytest.raises(NameNotFoundError, match="did you mean '商标注册审查周期'"):
        T.attainment(t, o, indicator="商标审查周期")
    with pytest.raises(NameNotFoundError, match="did you mean 'patent_review_cycle_invention'"):
        T.attainment(t, o, indicator="patent_review_cycle_inventon")
