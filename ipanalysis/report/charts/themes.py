"""Charts of the themes analysis. Each returns ``(figure, data, source)``."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ipanalysis.analysis import themes as th
from ipanalysis.report.style import PALETTE, annotate_cells, label, stacked_shares

SRC_ZH = "来源：国家知识产权局2018年推进计划、2019/2020/2024年任务清单；ipanalysis编码（data/reference/codebook.csv）"
SRC_EN = "Source: CNIPA 2018 plan and 2019/2020/2024 task lists; ipanalysis coding (data/reference/codebook.csv)"


def _src(lang: str) -> str:
    return SRC_ZH if lang == "zh" else SRC_EN


def _stage_label(code: str, lang: str) -> str:
    c = {x.code: x for x in th.codebook()}[code]
    return c.label_zh if lang == "zh" else c.label_en


def stage_shares_chart(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    s = th.stage_shares()
    fig = stacked_shares(
        s,
        "year",
        "chain_stage",
        "share",
        list(th.STAGES),
        label("任务的知识产权链条环节构成，2018–2024年", "Tasks by stage of the IP chain, 2018–2024", lang),
        label("占当年任务 %", "% of the year's tasks", lang),
        lang,
        labeler=lambda c: _stage_label(c, lang),
    )
    return fig, s, _src(lang)


def stage_instrument_chart(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    d = th.stage_instrument()
    years = sorted(d["year"].unique())
    fig, axes = plt.subplots(1, len(years), figsize=(15, 5.2), sharey=True)
    inst_labels = {
        "supply": label("供给型", "supply", lang),
        "environment": label("环境型", "environment", lang),
        "demand": label("需求型", "demand", lang),
    }
    vmax = d["n_sentences"].max()
    for ax, y in zip(axes, years, strict=True):
        m = (
            d[d.year == y]
            .pivot_table(index="chain_stage", columns="instrument", values="n_sentences", fill_value=0)
            .reindex(index=th.STAGES, columns=th.INSTRUMENTS, fill_value=0)
        )
        ax.imshow(m.values, cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
        annotate_cells(ax, m.values, vmax)
        ax.set_xticks(range(3), [inst_labels[c] for c in th.INSTRUMENTS])
        ax.set_yticks(range(len(th.STAGES)), [_stage_label(c, lang) for c in th.STAGES])
        ax.set_title(str(y), fontsize=12)
        ax.spines[:].set_visible(False)
    fig.suptitle(
        label(
            "环节 × 政策工具（举措句数），2018–2024年", "Stage × policy instrument (measure sentences), 2018–2024", lang
        ),
        fontsize=14,
        fontweight="bold",
    )
    return fig, d, _src(lang)


def keyness_chart(lang: str = "zh", n: int = 8) -> tuple[plt.Figure, pd.DataFrame, str]:
    k = th.keyness()
    years = sorted(k["year"].unique())
    fig, axes = plt.subplots(2, 2, figsize=(13, 10))
    rows = []
    for ax, y in zip(axes.flat, years, strict=False):
        g = k[(k.year == y) & (k.p_value < 0.05)]
        over = g[g.direction == "over"].head(n)
        under = g[g.direction == "under"].head(n)
        sel = pd.concat([over.iloc[::-1], under.iloc[::-1]])
        vals = np.where(sel["direction"] == "over", sel["g2"], -sel["g2"])
        colors = [PALETTE[0] if v > 0 else PALETTE[5] for v in vals]
        ax.barh(range(len(sel)), vals, color=colors)
        ax.set_yticks(range(len(sel)), sel["term"])
        ax.axvline(0, color="black", lw=0.8)
        ax.set_title(str(y), fontsize=12)
        ax.set_xlabel(label("G²（右：该年多用；左：该年少用）", "G² (right: used more that year; left: less)", lang))
        rows.append(sel.assign(signed_g2=vals))
    fig.suptitle(
        label(
            "各年关键词（对其他年份的对数似然 G²，p<0.05）",
            "Keyness of each year against the others (G², p<0.05)",
            lang,
        ),
        fontsize=14,
        fontweight="bold",
    )
    return fig, pd.concat(rows, ignore_index=True), _src(lang)


def topic_shares_chart(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    tt, doc = th.topics()
    s = th.topic_shares(doc)
    names = {r.topic: f"{r.topic}: " + " ".join(r.terms.split()[:3]) for r in tt.itertuples()}
    m = s.pivot_table(index="year", columns="topic", values="share", fill_value=0)
    fig, ax = plt.subplots(figsize=(11, 6))
    bottom = np.zeros(len(m))
    hatches = ("", "//", "..", "xx")  # beyond the eight colour-blind-safe colours, patterns tell topics apart
    for i, c in enumerate(m.columns):
        v = m[c].values * 100
        ax.bar(
            [str(y) for y in m.index],
            v,
            bottom=bottom,
            color=PALETTE[i % 8],
            hatch=hatches[(i // 8) % 4],
            edgecolor="white",
            width=0.62,
            label=names[c],
        )
        bottom += v
    ax.set_ylabel(label("占当年任务 %", "% of the year's tasks", lang))
    ax.set_title(
        label(
            f"NMF主题（{len(tt)}个，按跨种子稳定性选定）在各年任务中的占比",
            f"NMF topics ({len(tt)}, chosen by stability across seeds): share of each year's tasks",
            lang,
        )
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8.5)
    data = s.merge(tt, on="topic")
    return fig, data, _src(lang)


def continuity_chart(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    best, summary = th.continuity()
    flows = th.stage_flows(matches=best)
    pairs = list(summary[["year_from", "year_to"]].itertuples(index=False, name=None))
    fig = plt.figure(figsize=(15, 9))
    gs = fig.add_gridspec(2, len(pairs), height_ratios=[1, 1.6])
    ax0 = fig.add_subplot(gs[0, :])
    x = np.arange(len(pairs))
    for i, (col, lab) in enumerate(
        [
            ("persistent", label("延续", "persistent", lang)),
            ("new", label("新增", "new", lang)),
            ("dropped", label("不再出现", "dropped", lang)),
        ]
    ):
        ax0.bar(x + (i - 1) * 0.25, summary[col], width=0.25, color=PALETTE[[0, 2, 5][i]], label=lab)
        for xx, v in zip(x, summary[col], strict=True):
            ax0.text(xx + (i - 1) * 0.25, v + 0.3, str(v), ha="center", fontsize=9)
    ax0.set_xticks(x, [f"{a}→{b}" for a, b in pairs])
    ax0.set_ylabel(label("任务数", "tasks", lang))
    ax0.legend(loc="upper right", ncol=3)
    ax0.set_title(
        label(
            f"相邻年份任务的延续（TF-IDF余弦 ≥ {summary['threshold'].iloc[0]:.2f}，即随机配对的95%分位）",
            f"Tasks carried over between lists (TF-IDF cosine ≥ {summary['threshold'].iloc[0]:.2f}, the 95th percentile of all pairs)",
            lang,
        ),
        fontsize=12,
    )
    for k, (a, b) in enumerate(pairs):
        ax = fig.add_subplot(gs[1, k])
        f = flows[(flows.year_from == a) & (flows.year_to == b)]
        m = f.pivot_table(index="stage_from", columns="stage_to", values="n_tasks", fill_value=0).reindex(
            index=th.STAGES, columns=th.STAGES, fill_value=0
        )
        ax.imshow(m.values, cmap="Greens", vmin=0, aspect="auto")
        annotate_cells(ax, m.values)
        ax.set_xticks(range(7), [_stage_label(c, lang) for c in th.STAGES], rotation=45, ha="right")
        ax.set_yticks(range(7), [_stage_label(c, lang) if k == 0 else "" for c in th.STAGES])
        ax.set_title(label(f"{a}年环节 → {b}年环节", f"stage {a} → stage {b}", lang), fontsize=11)
        ax.spines[:].set_visible(False)
    fig.suptitle(
        label(
            "任务延续与链条环节流向，2018 → 2019 → 2020 → 2024",
            "Continuity of tasks and flows between stages, 2018 → 2019 → 2020 → 2024",
            lang,
        ),
        fontsize=14,
        fontweight="bold",
    )
    data = pd.concat([summary.assign(kind="summary"), flows.assign(kind="stage_flow")], ignore_index=True)
    return fig, data, _src(lang)


CHARTS = {
    "themes_stage_shares": stage_shares_chart,
    "themes_stage_instrument": stage_instrument_chart,
    "themes_keyness": keyness_chart,
    "themes_topic_shares": topic_shares_chart,
    "themes_continuity": continuity_chart,
}
