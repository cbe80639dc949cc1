"""Themes: tokenizer, term statistics, coding, reliability, topics, continuity."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pandas as pd
import pytest

from ipanalysis.analysis import themes as th
from ipanalysis.config import ANALYSIS_REF


@pytest.fixture(scope="module")
def docs(tables):
    """The corpus tasks as tokenized documents: what keyness, topics, continuity and terms read."""
    return th.task_documents(tables["tasks"], tables["measures"])


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
    # two fresh interpreters with different hash seeds segment the same way, as the lexicon says
    code = "from ipanalysis.analysis import themes as th; print('|'.join(th.segment('推动知识产权强国建设纲要实施')))"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outs == {"推动|知识产权|强国建设纲要|实施"}
    from ipanalysis.config import ROOT

    assert th.JIEBA_CACHE.is_relative_to(ROOT) and any(th.JIEBA_CACHE.iterdir())


def test_g2_by_hand():
    # two lists of lexicon terms: 专利导航 2 of 3 tokens in one year, 1 of 4 in the other
    tasks = pd.DataFrame(
        {
            "year": [1, 2],
            "task_no": [1, 1],
            "section_no": [1, 1],
            "section": ["", ""],
            "title": ["专利导航、专利导航、质押融资", "质押融资、质押融资、质押融资、专利导航"],
        }
    )
    measures = pd.DataFrame(columns=["year", "task_no", "text"])
    k = th.keyness(th.task_documents(tasks, measures), min_freq=1).set_index(["year", "term"])
    a, b, c, d = 2, 1, 3, 4
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    expected = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert k.loc[(1, "专利导航"), "g2"] == pytest.approx(expected, abs=1e-3)
    assert k.loc[(1, "专利导航"), "direction"] == "over" and k.loc[(2, "专利导航"), "direction"] == "under"
    assert k.loc[(1, "专利导航"), "log_ratio"] == pytest.approx(math.log2((2.5 / 3) / (1.5 / 4)), abs=1e-3)


def test_keyness_both_directions_every_year(docs):
    k = th.keyness(docs)
    for y in (2018, 2019, 2020, 2024):
        g = k[(k.year == y) & (k.p_value < 0.05)]
        assert (g.direction == "over").any() and (g.direction == "under").any(), y
    top24 = k[(k.year == 2024) & (k.direction == "over")].head(5)["term"].tolist()
    assert "存量专利" in top24 and "专利产业化" in top24
    row = k[(k.year == 2024) & (k.term == "存量专利")].iloc[0]
    assert row.freq_other_years == 0 and row.log_ratio > 3
    assert ((k["freq"] + k["freq_other_years"]) >= 3).all()


def test_benjamini_hochberg_by_hand(docs):
    k = th.keyness(docs)
    for _, g in k.groupby("year"):
        p = g["p_value"].sort_values().to_numpy()
        n = len(p)
        by_hand = [min(1.0, min(p[j] * n / (j + 1) for j in range(i, n))) for i in range(n)]
        assert g["p_adjusted"].sort_values().to_numpy() == pytest.approx(by_hand)
    assert (k["p_adjusted"] >= k["p_value"]).all()


def test_keyness_within_the_shared_scope(tables, docs):
    everything = th.keyness(docs)
    shared = th.keyness(docs, th.shared_scope(tables["tasks"], tables["documents"]), scope="shared")
    # the 2018 plan covers patents only: its "under-use" of 商标 / 地理标志 is scope, not agenda
    assert everything[(everything.year == 2018) & (everything.term == "商标")]["direction"].item() == "under"
    assert not shared["term"].str.contains("商标|地理标志").any()
    note = th.shared_scope(tables["tasks"], tables["documents"])
    assert note.ip_types == {"patent"} and note.narrow == {2018: "patents"}
    assert note.outside("驰名商标") and not note.outside("专利导航")


def test_reviewed_noise_terms_are_stopwords(docs):
    k = th.keyness(docs)
    for noise in ("月底", "通知", "成长"):
        assert noise in th.stopwords() and noise not in set(k["term"]), noise


def test_every_task_has_a_stage_and_no_sentence_a_default_instrument(tables):
    tc = th.load_task_codes(tables["tasks"])
    assert len(tc) == 85 and tc["chain_stage"].isin(th.stages()).all() and tc["evidence"].str.len().gt(0).all()
    mc = th.load_measure_codes(tables["measures"])
    assert mc["instrument"].isin(th.instruments()).all() and len(mc) > 400
    no_evidence = mc["evidence"] == "(no keyword)"
    # a sentence without a keyword stays unclassified, never in a policy-instrument class
    assert no_evidence.sum() > 0 and (mc[no_evidence]["instrument"] == th.UNCLASSIFIED).all()
    assert (mc[~no_evidence]["instrument"] != th.UNCLASSIFIED).all()
    u = th.unclassified_shares(tc, mc)
    ins = u[u.scheme == "instrument"].set_index("year")
    assert ins["n_unclassified"].sum() == no_evidence.sum()
    assert ins["n"].to_dict() == mc.groupby("year").size().to_dict()
    row = tc[(tc.year == 2020) & (tc.task_no == 6)].iloc[0]
    assert row.chain_stage == "creation" and "审查" in row.evidence


def test_codebook_orders_the_codes():
    assert th.stages()[0] == "creation" and th.stages()[-1] == th.UNCLASSIFIED
    assert th.instruments() == ("supply", "environment", "demand", th.UNCLASSIFIED)


def test_overrides_are_applied_and_listed(tables, tmp_path, monkeypatch):
    ref = tmp_path / "ref"
    ref.mkdir()
    for f in ANALYSIS_REF.glob("*"):
        if f.is_file():
            (ref / f.name).write_bytes(f.read_bytes())
    (ref / "code_overrides.csv").write_text(
        "scheme,year,task_no,seq,sentence_no,code,reason\nchain_stage,2019,11,,,foundation,a researcher reads it as talent work\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(th, "ANALYSIS_REF", ref)
    tc = th.load_task_codes(tables["tasks"])
    row = tc[(tc.year == 2019) & (tc.task_no == 11)].iloc[0]
    assert row.chain_stage == "foundation" and row.chain_stage_rule == "service" and row.overridden
    assert tc["overridden"].sum() == 1


def test_kappa_recomputed_from_the_blind_coding(tables):
    hand = th.hand_coded()
    assert len(hand) == 85 and set(hand["year"]) == {2018, 2019, 2020, 2024}
    assert set(hand["decided_by"]) <= {"agreement", "adjudicator"}
    tc = th.load_task_codes(tables["tasks"])
    j = hand.merge(tc, on=["year", "task_no"], suffixes=("_hand", ""))
    kappa, cm, n = th.reliability(tc)
    # Cohen's kappa by its definition, from the agreement table of the data files
    agree = (j["chain_stage_hand"] == j["chain_stage_rule"]).mean()
    hand_p = j["chain_stage_hand"].value_counts(normalize=True)
    rule_p = j["chain_stage_rule"].value_counts(normalize=True)
    chance = sum(hand_p.get(c, 0) * rule_p.get(c, 0) for c in set(hand_p.index) | set(rule_p.index))
    assert n == len(tables["tasks"]) and math.isclose(kappa, (agree - chance) / (1 - chance))
    assert int(cm.values.trace()) == int((j["chain_stage_hand"] == j["chain_stage_rule"]).sum())
    # each corpus task is coded by a model that never saw its document: still close to the humans
    assert kappa >= 0.9
    assert tc["method"].str.contains("left out of training").all()


def test_topics_are_deterministic_and_k_is_the_most_stable(docs):
    stab = th.topic_stability(docs)
    k = th.choose_k(stab)
    assert stab.set_index("k").loc[k, "stability"] == stab["stability"].max()
    t1, d1 = th.topics(docs, k=k)
    t2, d2 = th.topics(docs, k=k)
    assert t1.equals(t2) and d1.equals(d2) and len(t1) == k
    shares = th.topic_shares(d1)
    assert shares.groupby("year")["share"].sum().round(2).eq(1).all()
    # labels: distinct, and no term in two labels
    words = [w for lab in t1["label"] for w in lab.split(" · ")]
    assert t1["label"].is_unique and len(words) == len(set(words)) == 2 * k


def test_continuity_counts_each_list_on_its_own(tables, docs):
    s = th.similarities(docs)
    best, summary = th.continuity(s)
    size = tables["tasks"].groupby("year").size()
    assert summary[["year_from", "year_to"]].values.tolist() == [[2018, 2019], [2019, 2020], [2020, 2024]]
    assert summary["years_between"].tolist() == [0, 0, 3]
    for r in summary.itertuples():
        assert r.from_continued + r.from_dropped == r.n_from == size[r.year_from]
        assert r.to_continued + r.to_new == r.n_to == size[r.year_to]
    assert summary["threshold"].iloc[0] == pytest.approx(s["similarity"].quantile(0.95), abs=1e-4)
    new24 = set(best[(best.side == "later") & (best.year_to == 2024) & (best.status == "new")]["task_to"])
    assert {7, 8} <= new24  # the transfer campaign and the stock-patent inventory: new in 2024
    # every continued link counted (min_similarity=0), not only the confident ones
    flows = th.stage_flows(th.load_task_codes(tables["tasks"]), s, best, min_similarity=0.0)
    assert flows.groupby(["year_from", "year_to"])["n_tasks"].sum().tolist() == summary["to_continued"].tolist()


def test_term_frequencies_count_substrings_per_year_and_per_10000_characters(docs):
    from ipanalysis.analysis import terms

    f = terms.term_frequencies(docs, ["质押", "商标"]).set_index(["term", "year"])
    for year, g in docs.groupby("year"):
        text = "\n".join(g["doc"])
        chars = len("".join(text.split()))
        assert f.loc[("质押", year), "count"] == text.count("质押")
        assert f.loc[("质押", year), "n_chars_year"] == chars
        assert f.loc[("商标", year), "per_10000_chars"] == round(text.count("商标") / chars * 10_000, 3)
    assert f.loc[("商标", 2018), "count"] == 0  # the patents-only plan
    m = terms.term_matrix(docs)
    assert list(m.columns) == [2018, 2019, 2020, 2024] and m.loc["存量专利", 2024] == 8 and m.loc["存量专利", 2018] == 0


def test_kwic_finds_every_occurrence_with_its_place(tables):
    from ipanalysis.analysis import terms

    k = terms.kwic(tables["tasks"], tables["measures"], tables["guideline_items"], "质押融资", 10)
    measures = tables["measures"]
    n_measures = sum("".join((t or "").split()).count("质押融资") for t in measures["text"])
    assert (k.found_in == "measure").sum() == n_measures
    assert (k.found_in == "guide_item").any() and (k.keyword == "质押融资").all()
    assert (k.left.str.len() <= 10).all() and (k.right.str.len() <= 10).all()
    row = k[(k.year == 2020) & (k.found_in == "measure")].iloc[0]
    assert row.task_no == 8 and "扩大知识产权" in row.left
