"""Themes: tokenizer, term statistics, coding, reliability, topics, continuity."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from ipanalysis.analysis import themes as th
from ipanalysis.config import ANALYSIS_REF


def test_lexicon_has_150_terms_and_each_survives_segmentation():
    terms = th.lexicon()
    assert len(terms) >= 150
    assert {
        "知识产权",
        "高价值专利",
        "质押融资",
        "非正常专利申请",
        "专利导航",
        "地理标志",
        "放管服",
        "一带一路",
    } <= set(terms)
    broken = [t for t in terms if th.segment(t) != [t]]
    assert broken == []
    # and inside a sentence
    assert "非正常专利申请" in th.segment("严厉打击非正常专利申请行为")
    assert "高价值专利" in th.segment("培育高价值专利组合和高价值专利")


def test_stopwords_leave_content_words():
    toks = th.tokenize("各地区要进一步加强知识产权质押融资工作，积极推进专利导航。")
    assert "进一步" not in toks and "加强" not in toks and "积极" not in toks
    assert {"知识产权质押融资", "专利导航"} <= set(toks)


def test_tokenizer_is_deterministic_and_cached_in_the_project():
    text = "推动知识产权强国建设纲要实施"
    assert th.segment(text) == th.segment(text)
    assert th.CACHE.is_relative_to(th.ROOT) and any(th.CACHE.iterdir())


def test_g2_by_hand():
    # a term 10 times in 1000 tokens vs 5 in 4000
    g2 = th.log_likelihood_check(10, 5, 1000, 4000)
    e1, e2 = 1000 * 15 / 5000, 4000 * 15 / 5000
    assert math.isclose(g2, 2 * (10 * math.log(10 / e1) + 5 * math.log(5 / e2)))


def test_keyness_both_directions_every_year(tables):
    k = th.keyness(tables["tasks"])
    for y in (2018, 2019, 2020, 2024):
        g = k[(k.year == y) & (k.p_value < 0.05)]
        assert (g.direction == "over").any() and (g.direction == "under").any(), y
    top24 = k[(k.year == 2024) & (k.direction == "over")].head(5)["term"].tolist()
    assert "存量专利" in top24 and "专利产业化" in top24
    row = k[(k.year == 2024) & (k.term == "存量专利")].iloc[0]
    assert row.freq_other_years == 0 and row.log_ratio > 3


def test_every_task_has_a_stage_and_every_sentence_an_instrument(tables):
    tc = th.load_task_codes(tables["tasks"])
    assert len(tc) == 85 and tc["chain_stage"].isin(th.STAGES).all() and tc["evidence"].str.len().gt(0).all()
    mc = th.load_measure_codes(tables["measures"])
    assert mc["instrument"].isin(th.INSTRUMENTS).all() and mc["evidence"].str.len().gt(0).all()
    assert len(mc) > 400
    row = tc[(tc.year == 2020) & (tc.task_no == 6)].iloc[0]
    assert row.chain_stage == "creation" and "审查" in row.evidence


def test_overrides_are_applied_and_listed(tables, tmp_path, monkeypatch):
    ref = tmp_path / "ref"
    ref.mkdir()
    for f in ANALYSIS_REF.glob("*"):
        (ref / f.name).write_bytes(f.read_bytes())
    (ref / "code_overrides.csv").write_text(
        "scheme,year,task_no,seq,sentence_no,code,reason\nchain_stage,2019,11,,,service,university information centres are services\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(th, "ANALYSIS_REF", ref)
    tc = th.load_task_codes(tables["tasks"])
    row = tc[(tc.year == 2019) & (tc.task_no == 11)].iloc[0]
    assert row.chain_stage == "service" and row.chain_stage_rule == "utilization" and row.overridden
    assert tc["overridden"].sum() == 1


def test_kappa_recomputed_from_the_data_files(tables):
    hand = pd.read_csv(ANALYSIS_REF / "hand_coded_tasks.csv")
    assert len(hand) >= 40 and set(hand["year"]) == {2018, 2019, 2020, 2024}
    tc = th.load_task_codes(tables["tasks"])
    j = hand.merge(tc, on=["year", "task_no"], suffixes=("_hand", ""))
    expected = cohen_kappa_score(j["chain_stage_hand"], j["chain_stage_rule"])
    kappa, cm, n = th.reliability(tc)
    assert n == 85 and math.isclose(kappa, expected)
    assert int(cm.values.trace()) == int((j["chain_stage_hand"] == j["chain_stage_rule"]).sum())
    assert kappa >= 0.7


def test_topics_are_deterministic_and_k_is_the_most_stable(tables):
    stab = th.topic_stability(tasks=tables["tasks"])
    k = th.choose_k(stab)
    assert stab.set_index("k").loc[k, "stability"] == stab["stability"].max()
    t1, d1 = th.topics(k, tasks=tables["tasks"])
    t2, d2 = th.topics(k, tasks=tables["tasks"])
    assert t1.equals(t2) and d1.equals(d2) and len(t1) == k
    shares = th.topic_shares(d1)
    assert shares.groupby("year")["share"].sum().round(2).eq(1).all()


def test_continuity(tables):
    best, summary = th.continuity(tables["tasks"])
    assert summary[["year_from", "year_to"]].values.tolist() == [[2018, 2019], [2019, 2020], [2020, 2024]]
    assert (summary["persistent"] + summary["new"]).tolist() == [18, 19, 23]
    s = th.similarities(tables["tasks"])
    assert summary["threshold"].iloc[0] == pytest.approx(s["similarity"].quantile(0.95), abs=1e-4)
    new24 = set(best[(best.year_to == 2024) & (best.status == "new")]["task_to"])
    assert {7, 8, 9} <= new24  # transfer campaign, stock patents, SMEs: new in 2024
    flows = th.stage_flows(th.load_task_codes(tables["tasks"]), best)
    assert flows.groupby(["year_from", "year_to"])["n_tasks"].sum().tolist() == summary["persistent"].tolist()
