"""Shares with intervals, and changes that are called changes only when they survive them."""

from __future__ import annotations

import pandas as pd

from ipanalysis.analysis import themes as th
from ipanalysis.analysis.uncertainty import NO_CLEAR, RISE, compare, diff_interval, wilson
from ipanalysis.report.findings import shift_sentences, theme_finding


def test_wilson_and_newcombe_match_the_published_examples():
    lo, hi = wilson(81, 263)  # Newcombe (1998), Statistics in Medicine 17: 857-872, table I
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.2553, 0.3662)
    d, lo, hi = diff_interval(48, 80, 56, 70)  # same paper, table II: 56/70 − 48/80
    assert (round(d, 4), round(lo, 4), round(hi, 4)) == (0.2, 0.0524, 0.3339)


def _codes(year_counts: dict[int, dict[str, int]]) -> pd.DataFrame:
    rows = []
    for y, counts in year_counts.items():
        n = 0
        for stage, k in counts.items():
            for _ in range(k):
                n += 1
                rows.append({"year": y, "task_no": n, "chain_stage": stage})
    return pd.DataFrame(rows)


def test_one_task_more_is_no_clear_change():
    codes = _codes({2030: {"protection": 4, "creation": 16}, 2031: {"protection": 5, "creation": 15}})
    shifts = th.stage_shifts(codes, {})  # no list of narrower scope among these
    r = shifts[shifts.chain_stage == "protection"].iloc[0]
    assert (r.k_from, r.n_from, r.k_to, r.n_to) == (4, 20, 5, 20) and r.verdict == NO_CLEAR
    assert r.diff_low < 0 < r.diff_high
    f = theme_finding(shifts)
    assert f.en.startswith("No clear change") and "5 of 20" in f.en and "rose" not in f.en
    assert "无明确变化" in f.zh


def test_a_large_shift_is_a_rise_and_the_sentence_says_so():
    codes = _codes({2030: {"protection": 2, "creation": 18}, 2031: {"protection": 15, "creation": 5}})
    shifts = th.stage_shifts(codes, {})  # no list of narrower scope among these
    r = shifts[shifts.chain_stage == "protection"].iloc[0]
    assert r.verdict == RISE and r.diff_low > 0
    f = theme_finding(shifts)
    assert "protection rose 2030→2031: 2 of 20 → 15 of 20" in f.en and "上升" in f.zh


def test_a_change_the_human_coding_does_not_share_is_not_called():
    auto = pd.DataFrame(
        {
            "year": [1, 1, 2, 2],
            "stage": ["a", "b", "a", "b"],
            "n_tasks": [2, 18, 15, 5],
            "n_tasks_year": [20, 20, 20, 20],
        }
    )
    human = auto.assign(n_tasks=[10, 10, 9, 11])  # the humans see a (small) fall where the coder sees a rise
    assert compare(auto, "stage").query("stage == 'a'").verdict.item() == RISE
    assert compare(auto, "stage", check=human).query("stage == 'a'").verdict.item() == NO_CLEAR
    flagged = compare(auto, "stage", flags={1: "a plan of narrower scope"}).query("stage == 'a'").iloc[0]
    assert flagged.verdict == NO_CLEAR and flagged.verdict_without_flag == RISE and flagged.note


def test_shift_sentences_ignore_flagged_and_first_to_last_pairs():
    auto = pd.DataFrame(
        {
            "year": [1, 1, 2, 2, 3, 3],
            "stage": ["a", "b"] * 3,
            "n_tasks": [1, 19, 10, 10, 18, 2],
            "n_tasks_year": [20] * 6,
        }
    )
    ch = compare(auto, "stage", flags={1: "its plan covers patents only"})
    f = shift_sentences(ch, "stage", {}, ("x", "the shares"))
    assert "2→3" in f.en and "1→2" not in f.en and "1→3" not in f.en
    assert "Comparisons with 1 are not counted, whatever their size: its plan covers patents only" in f.en


def test_corpus_shares_carry_n_and_intervals(run):
    s = run.stage_shares()
    assert {"n_tasks", "n_tasks_year", "share_low", "share_high"} <= set(s.columns)
    assert (s.share_low <= s.share).all() and (s.share <= s.share_high).all()
    r = s[(s.year == 2019)].iloc[0]
    assert r.n_tasks_year == 18 and r.share_high - r.share_low > 0.15  # a share of 18 tasks is that uncertain
    ins = run.instrument_shares()
    assert (ins.share_low <= ins.share).all() and (ins.share <= ins.share_high).all()
    assert ins.groupby("year")["share"].sum().round(2).eq(1).all()


def test_no_stage_shift_of_the_corpus_is_called_a_change_without_surviving_its_interval(run):
    sh = run.stage_shifts()
    called = sh[sh.verdict != NO_CLEAR]
    assert ((called.diff_low > 0) | (called.diff_high < 0)).all()
    assert (sh[sh.year_from == 2018].verdict == NO_CLEAR).all()  # the patents-only plan is never compared as alike
    assert sh["diff_check"].notna().all()  # every comparison was checked against the blind human coding


def test_continuity_across_a_band_of_thresholds(run):
    sens = run.continuity_sensitivity()
    assert sorted(sens["quantile"].unique()) == list(th.BAND)
    for _, g in sens.groupby(["year_from", "year_to"]):
        g = g.sort_values("quantile")
        assert g["from_dropped"].is_monotonic_increasing and g["to_new"].is_monotonic_increasing
    near = run.near_threshold()
    assert near["margin"].abs().is_monotonic_increasing and len(near) == 12
    flows = run.stage_flows()
    confident = th.continuity_threshold(run.similarities(), th.CONFIDENT)
    best, summary = run.continuity()
    strong = best[(best.side == "later") & (best.status == "continued") & (best.similarity >= confident)]
    assert flows["n_tasks"].sum() == len(strong) < summary["to_continued"].sum()


def test_landing_findings_are_about_change_and_name_ties(run):
    from ipanalysis.report.landing import headlines

    h = headlines(run)
    text = " ".join(x[1] for x in h)
    assert "tied at 4 of 18 each" in text and "tied at 5 of 19 each" in text
    assert "95% interval" in text and "no clear change" in text.lower()
    assert "largest rise" not in text and "most frequent stage" not in text
    assert all(len(x) == 3 and x[2] for x in h[2:])  # every finding about change says what it rests on


def test_a_change_in_a_year_without_human_coding_is_not_called():
    auto = pd.DataFrame(
        {"year": [1, 1, 2, 2], "stage": ["a", "b", "a", "b"], "n_tasks": [2, 18, 15, 5], "n_tasks_year": [20] * 4}
    )
    human = auto[auto.year == 1]  # the humans coded only the first list
    r = compare(auto, "stage", check=human).query("stage == 'a'").iloc[0]
    assert r.verdict == NO_CLEAR and r.check_note == "not checked against the human coding"
