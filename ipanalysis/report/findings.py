"""Headline findings about change from list to list, each with its basis and its uncertainty.

The landing page and notebook 2.2 state what changed between the lists in departments,
provincial obligations, targets and themes. Every sentence is computed here, in Chinese
and English, from the analyses: a share's change is called a rise or a fall only when
its 95 % interval excludes zero (:mod:`ipanalysis.analysis.uncertainty`), ties are named
as ties, and comparisons with a document of narrower scope (the 2018 plan) are flagged.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ipanalysis.analysis.uncertainty import FALL, NO_CLEAR, RISE, compare, diff_interval, verdict
from ipanalysis.report.words import _pp  # one formatting of percentage points, shared with the charts

if TYPE_CHECKING:
    from ipanalysis.analysis.registry import Analyses

WORD = {RISE: ("上升", "rose"), FALL: ("下降", "fell"), NO_CLEAR: ("无明确变化", "no clear change")}


@dataclass(frozen=True)
class Finding:
    """One headline: what it is about, the sentence in both languages and what it rests on."""

    topic: str  # departments | obligations | targets | themes
    zh: str
    en: str
    basis: str


def _interval(r) -> tuple[str, str]:
    lo, hi = _pp(r["diff_low"]), _pp(r["diff_high"])
    return f"{_pp(r['diff'])} 个百分点（95% 区间 {lo} 至 {hi}）", f"{_pp(r['diff'])} points (95% interval {lo} to {hi})"


def _names(units: list[str], lang: str) -> str:
    from ipanalysis.report.words import tr

    if lang == "zh":
        return "、".join(units)
    return " and ".join(" / ".join(tr(p, "en") for p in u.split("/")) + f" ({u})" for u in units)


def shift_sentences(
    changes: pd.DataFrame, category: str, labels: dict[str, tuple[str, str]], what: tuple[str, str]
) -> Finding:
    """One finding from a table of :func:`compare`: the clear changes, or that there are none, with the largest move.

    ``what`` names the shares in Chinese and English ("任务的链条环节", "stage shares").
    Only comparisons of consecutive lists that are not flagged count; the largest move is
    reported with its interval and ``n`` so a reader sees why it is not a change.
    """
    consecutive = changes[(changes["note"] == "") & (changes["pair"] == "consecutive")]
    clear = consecutive[consecutive["verdict"].isin([RISE, FALL])]
    lab = lambda k, i: labels.get(k, (k, k))[i]  # noqa: E731
    if len(clear):
        parts_zh, parts_en = [], []
        for _, r in clear.sort_values(["year_from", "diff"]).iterrows():
            zh_i, en_i = _interval(r)
            w = WORD[r["verdict"]]
            parts_zh.append(
                f"{r['year_from']}→{r['year_to']} 年“{lab(r[category], 0)}”{w[0]}："
                f"{r['k_from']}/{r['n_from']} → {r['k_to']}/{r['n_to']}，{zh_i}"
            )
            parts_en.append(
                f"{lab(r[category], 1)} {w[1]} {r['year_from']}→{r['year_to']}: "
                f"{r['k_from']} of {r['n_from']} → {r['k_to']} of {r['n_to']}, {en_i}"
            )
        zh = f"{what[0]}的明确变化：" + "；".join(parts_zh) + "。相继清单之间的其余变化均在不确定性范围内。"
        en = (
            f"Clear changes in {what[1]}: "
            + "; ".join(parts_en)
            + ". Every other move between consecutive lists compared is within the uncertainty."
        )
    elif not len(consecutive):
        zh = f"{what[0]}：没有可比较的相继清单。"
        en = f"{what[1]}: no consecutive lists to compare."
    else:
        biggest = consecutive["diff"].abs().max()
        tied = consecutive[consecutive["diff"].abs() == biggest]
        big = tied.sort_values(["year_from", category]).iloc[0]
        zh_i, en_i = _interval(big)
        zh = (
            f"{what[0]}在相继清单之间均无明确变化：最大的变动是 {big['year_from']}→{big['year_to']} 年"
            f"“{lab(big[category], 0)}”{big['k_from']}/{big['n_from']} → {big['k_to']}/{big['n_to']}，{zh_i}，区间含 0。"
        )
        en = (
            f"No clear change in {what[1]} between consecutive lists: the largest move, {lab(big[category], 1)} "
            f"{big['year_from']}→{big['year_to']} ({big['k_from']} of {big['n_from']} → {big['k_to']} of {big['n_to']}), "
            f"is {en_i}, an interval that includes zero."
        )
        if len(tied) > 1:
            zh += f"（另有 {len(tied) - 1} 项变动同样大。）"
            en += f" ({len(tied) - 1} other move(s) are as large.)"
    flagged = changes[changes["note"] != ""]
    if len(flagged):
        year, _, why = flagged["note"].iloc[0].partition(": ")
        zh += f"（与 {year} 年的比较不计：该年文件范围较窄，其差异不归于时间。）"
        en += f" (Comparisons with {year} are not counted, whatever their size: {why}.)"
    basis = f"{len(consecutive)} comparisons of consecutive lists; Newcombe 95% interval of the difference" + (
        "; the blind human coding must move the same way" if changes["diff_check"].notna().any() else ""
    )
    return Finding("", zh, en, basis)


def department_finding(workload_lineage: pd.DataFrame) -> Finding:
    """Who leads most tasks in each list (ties named), and whether the latest leader's share changed."""
    w = workload_lineage
    years = sorted(int(y) for y in w["year"].unique())
    per_zh, per_en = [], []
    for y in years:
        top = w[(w["year"] == y) & w["is_top_lead"]].sort_values("assignee")
        units = top["assignee"].tolist()
        r = top.iloc[0]
        tie_zh = f"并列（各 {r.n_led}/{r.n_tasks_year}）" if len(units) > 1 else f"{r.n_led}/{r.n_tasks_year}"
        tie_en = f"tied at {r.n_led} of {r.n_tasks_year} each" if len(units) > 1 else f"{r.n_led} of {r.n_tasks_year}"
        split = " *" if bool(r.is_split) else ""
        per_zh.append(f"{y} 年 {_names(units, 'zh')}{split} {tie_zh}")
        per_en.append(f"{y}: {_names(units, 'en')}{split}, {tie_en}")
    a, b = years[-2], years[-1]
    last = w[(w["year"] == b) & w["is_top_lead"]]["assignee"].tolist()
    moves_zh, moves_en = [], []
    for u in last:
        k1 = w[(w["year"] == a) & (w["assignee"] == u)]["n_led"].sum()
        n1 = int(w[w["year"] == a]["n_tasks_year"].iloc[0])
        row = w[(w["year"] == b) & (w["assignee"] == u)].iloc[0]
        d, lo, hi = diff_interval(int(k1), n1, int(row.n_led), int(row.n_tasks_year))
        v = verdict(lo, hi)
        r = {"diff": d, "diff_low": lo, "diff_high": hi}
        zh_i, en_i = _interval(r)
        moves_zh.append(f"{u}牵头占比 {a}→{b} 年 {int(k1)}/{n1} → {row.n_led}/{row.n_tasks_year}，{zh_i}：{WORD[v][0]}")
        moves_en.append(
            f"{_names([u], 'en')}'s share of leads {a}→{b}, {int(k1)} of {n1} → {row.n_led} of {row.n_tasks_year}, "
            f"{en_i}: {WORD[v][1]}"
        )
    zh = "牵头任务最多的部门：" + "；".join(per_zh) + "。" + "；".join(moves_zh) + "。"
    en = "Department leading the most tasks: " + "; ".join(per_en) + ". " + "; ".join(moves_en) + "."
    if w["is_split"].any():
        split = w[w["is_split"]].sort_values("year").iloc[0]
        zh += f"（* {split.assignees_as_written}：职能在改革后分属 {split.assignee}，其任务不归入其中一个。）"
        en += (
            f" (* {_names([split.assignees_as_written], 'en')}: a department whose functions were later split between "
            f"{' and '.join(_names([u], 'en') for u in split.assignee.split('/'))}; its tasks are not given to one successor.)"
        )
    return Finding(
        "departments", zh, en, "department_workload(lineage=True); ties: every department with the year's most leads"
    )


def obligation_finding(
    obligation_shares: pd.DataFrame, obligation_profile: pd.DataFrame, scope_flags: dict[int, str]
) -> Finding:
    """How binding the tasks are on provinces, with the tasks that bind particular provinces whatever their profile.

    The profile is one per task, so a task binding all provinces and particular ones too is
    counted under "all": a fall of "binding on some" can be a move of such tasks, not fewer
    tasks binding particular provinces. The second sentence counts those directly.
    """
    from ipanalysis.report.words import code_order, tr

    ch = compare(obligation_shares, "profile", flags=scope_flags)
    labels = {c: (tr(c, "zh"), tr(c, "en")) for c in code_order("profile")}
    f = shift_sentences(ch, "profile", labels, ("各年任务对省份的约束", "how binding the tasks are on provinces"))
    per = obligation_profile.groupby("year")["binds_particular"].agg(["sum", "size"])
    counts = [(int(y), int(r["sum"]), int(r["size"])) for y, r in per.iterrows()]
    zh = (
        "每项任务只归入一类（约束全部省份者优先）；另行统计，对特定省份（试点、类别等）必做的任务："
        + "，".join(f"{y} 年 {k}/{n}" for y, k, n in counts)
        + "。"
    )
    en = (
        "Each task has one profile (binding on all provinces first); counted apart, tasks that bind particular "
        "provinces (a programme, a category …): " + ", ".join(f"{k}/{n} in {y}" for y, k, n in counts) + "."
    )
    return Finding("obligations", f"{f.zh}{zh}", f"{f.en} {en}", f.basis)


def target_finding(indicator_presence: pd.DataFrame) -> Finding:
    """Which indicators the task lists set, kept, dropped or added from list to list (whole documents: counts, no sampling)."""
    from ipanalysis.analysis import targets as tg

    p = indicator_presence
    names = {i.id: (i.zh, i.en) for i in tg.codebook()}
    lists = p[(p["document"] == "list") & (p["status"] != "not_in_corpus")]
    years = sorted(int(y) for y in lists["year"].unique())
    present = {y: set(lists[(lists["year"] == y) & (lists["status"] == "present")]["indicator"]) for y in years}
    zh_parts, en_parts = [], []
    for a, b in itertools.pairwise(years):
        kept, dropped, new = present[a] & present[b], present[a] - present[b], present[b] - present[a]
        if not (kept or dropped or new):
            continue
        fz = lambda s: "、".join(names[i][0] for i in sorted(s)) or "无"  # noqa: E731
        fe = lambda s: ", ".join(names[i][1] for i in sorted(s)) or "none"  # noqa: E731
        zh_parts.append(f"{a}→{b} 年：保留：{fz(kept)}；不再出现：{fz(dropped)}；新增：{fz(new)}")
        en_parts.append(f"{a}→{b}: kept: {fe(kept)}; not repeated: {fe(dropped)}; new: {fe(new)}")
    counts = {y: len(present[y]) for y in years}
    zh = (
        "任务清单中的量化指标（"
        + "，".join(f"{y} 年 {n} 个" for y, n in counts.items())
        + "）："
        + "；".join(zh_parts)
        + "。"
    )
    en = (
        "Quantitative indicators in the task lists ("
        + ", ".join(f"{n} in {y}" for y, n in counts.items())
        + "): "
        + "; ".join(en_parts)
        + "."
    )
    return Finding(
        "targets",
        zh,
        en,
        "indicator_presence(): whole documents compared list with list (a work guide's targets are not a list's), counts, no sampling",
    )


def theme_finding(stage_shifts: pd.DataFrame) -> Finding:
    from ipanalysis.analysis import themes

    ch = stage_shifts
    labels = {c.code: (c.label_zh, c.label_en) for c in themes.codebook() if c.scheme == "chain_stage"}
    f = shift_sentences(ch, "chain_stage", labels, ("各环节的任务占比", "the shares of the stages of the IP chain"))
    return Finding("themes", f.zh, f.en, f.basis)


FINDINGS = (department_finding, obligation_finding, target_finding, theme_finding)


def headline_findings(analyses: Analyses) -> list[Finding]:
    """The findings about change, in the order departments, obligations, targets, themes, from one analysis run."""
    return [analyses.call(f) for f in FINDINGS]
