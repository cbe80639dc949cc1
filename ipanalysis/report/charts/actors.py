"""Charts of the departments-and-actors analysis. Each returns ``(figure, data, source)``."""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ipanalysis.analysis import actors
from ipanalysis.report.style import PALETTE, annotate_cells, label, stacked_shares, tr

SOURCE_ZH = "来源：国家知识产权局2018年推进计划、2019/2020/2024年任务清单；ipanalysis"
SOURCE_EN = "Source: CNIPA 2018 plan and 2019/2020/2024 task lists; ipanalysis"


def _src(lang: str) -> str:
    return SOURCE_ZH if lang == "zh" else SOURCE_EN


def workload_heatmap(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    """Tasks led per department and year, 2018 through the reform lineage."""
    w = actors.department_workload(lineage=True)
    m = w.pivot_table(index="unit", columns="year", values="n_tasks", fill_value=0)
    m = m.loc[m.sum(axis=1).sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(m) + 1.8))
    ax.imshow(m.values, cmap="Blues", aspect="auto", vmin=0)
    annotate_cells(ax, m.values)
    ax.set_xticks(range(m.shape[1]), [str(y) for y in m.columns])
    ylabels = [tr(u, lang) if "/" not in u else " / ".join(tr(x, lang) for x in u.split("/")) for u in m.index]
    split = set(w[w.is_split]["unit"])
    ylabels = [f"{lab} *" if u in split else lab for u, lab in zip(m.index, ylabels, strict=True)]
    ax.set_yticks(range(m.shape[0]), ylabels)
    ax.spines[:].set_visible(False)
    ax.set_title(label("各部门牵头任务数（局内），2018–2024年", "Tasks led per CNIPA department, 2018–2024", lang))
    ax.set_xlabel(label("年份", "Year", lang))
    note = label(
        "2018年部门按2018年机构改革沿革折算为继任部门；* 职能拆分的前身部门，不归入任一继任部门",
        "2018 departments shown as their post-reform successors; * a split predecessor, not assigned to one successor",
        lang,
    )
    ax.text(0, -0.9 / max(len(m), 1) - 0.02, note, transform=ax.transAxes, fontsize=8, va="top", color="#333333")
    data = w[["year", "unit", "n_tasks", "n_alone", "n_joint", "share", "is_split", "units_as_written"]]
    return fig, data, _src(lang)


def network_by_year(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    """Co-assignment network per year: departments sharing tasks (circle layout)."""
    e = actors.coassignment_edges()
    nm = actors.network_measures()
    years = sorted(nm["year"].unique())
    fig, axes = plt.subplots(2, 2, figsize=(12, 11))
    for ax, year in zip(axes.flat, years, strict=False):
        nodes = nm[nm.year == year].sort_values("unit")
        n = len(nodes)
        ang = {u: 2 * math.pi * i / n for i, u in enumerate(nodes["unit"])}
        pos = {u: (math.cos(a), math.sin(a)) for u, a in ang.items()}
        ey = e[e.year == year]
        wmax = max(ey["weight"].max() if len(ey) else 1, 1)
        for r in ey.itertuples():
            (x1, y1), (x2, y2) = pos[r.unit_a], pos[r.unit_b]
            ax.plot(
                [x1, x2],
                [y1, y2],
                color="#0072B2",
                alpha=0.25 + 0.6 * r.weight / wmax,
                lw=0.8 + 3.5 * r.weight / wmax,
                zorder=1,
            )
        for r in nodes.itertuples():
            x, y = pos[r.unit]
            color = PALETTE[5] if r.is_most_central else PALETTE[0]
            ax.scatter([x], [y], s=60 + 40 * r.n_tasks, color=color, zorder=2, edgecolor="white")
            a = ang[r.unit]
            ha = "left" if math.cos(a) > 0.2 else "right" if math.cos(a) < -0.2 else "center"
            va = "bottom" if math.sin(a) > 0.2 else "top" if math.sin(a) < -0.2 else "center"
            name = tr(r.unit, lang) if lang == "zh" else textwrap.fill(tr(r.unit, lang), 18)
            ax.text(1.13 * x, 1.13 * y, f"{name} ({r.n_tasks})", ha=ha, va=va, fontsize=8.5 if lang == "zh" else 7.5)
        ax.set_title(str(year), fontsize=12)
        ax.set_xlim(-2.2, 2.2)
        ax.set_ylim(-1.6, 1.6)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.suptitle(
        label(
            "部门共同牵头网络（线越粗，共同任务越多；橙色：加权度最高），2018–2024年",
            "Departments sharing tasks (thicker line: more shared tasks; orange: most central), 2018–2024",
            lang,
        ),
        fontsize=13,
        fontweight="bold",
    )
    data = e.merge(
        nm[["year", "unit", "degree", "weighted_degree"]].rename(columns={"unit": "unit_a"}),
        on=["year", "unit_a"],
        how="left",
    )
    return fig, data, _src(lang)


def obligation_shares_chart(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    s = actors.obligation_shares()
    fig = stacked_shares(
        s,
        "year",
        "profile",
        "share",
        list(actors.PROFILES),
        label(
            "各年任务对省份的约束（按任务计），2018–2024年",
            "How binding each year's tasks are on provinces, 2018–2024",
            lang,
        ),
        label("占当年任务 %", "% of the year's tasks", lang),
        lang,
    )
    return fig, s, _src(lang)


def actor_shares_chart(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    s = actors.actor_shares()
    order = ["national", "all_localities", "provinces", "cities", "localities"]
    fig = stacked_shares(
        s,
        "year",
        "actor_level",
        "share_chars",
        order,
        label(
            "落实举措文字面向谁（按字数），2018–2024年",
            "Whom the measure text addresses (share of characters), 2018–2024",
            lang,
        ),
        label("占当年举措字数 %", "% of the year's measure text", lang),
        lang,
    )
    return fig, s, _src(lang)


def completion_chart(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    c = actors.completion_categories()
    d = actors.deadlines()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5.2), gridspec_kw={"width_ratios": [3, 2]})
    order = [x for x in ["年内有阶段性成果", "年内完成", "年底前完成", "无"] if x in set(c.completion)]
    order += sorted(set(c.completion) - set(order))
    m = c.pivot_table(index="year", columns="completion", values="n_tasks", fill_value=0).reindex(
        columns=order, fill_value=0
    )
    bottom = np.zeros(len(m))
    for i, col in enumerate(m.columns):
        color = "#BBBBBB" if col == "无" else PALETTE[i]
        ax1.bar([str(y) for y in m.index], m[col].values, bottom=bottom, color=color, label=tr(col, lang), width=0.6)
        bottom += m[col].values
    ax1.set_title(label("完成时间（任务数）", "Completion time (tasks)", lang))
    ax1.set_ylabel(label("任务数", "Tasks", lang))
    ax1.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncol=2)
    counts = d.groupby(["year", "deadline"]).size().rename("n").reset_index()
    counts = counts.sort_values(["year", "deadline"], key=lambda s: s.map(_deadline_key) if s.name == "deadline" else s)
    labels_ = [f"{r.year} {_deadline_label(r.deadline, lang)}" for r in counts.itertuples()]
    ax2.barh(labels_[::-1], counts["n"].values[::-1], color=PALETTE[5])
    ax2.set_title(label("举措文字中的期限（次数）", "Deadlines inside the measure text", lang))
    ax2.set_xlabel(label("出现次数", "Occurrences", lang))
    fig.suptitle(
        label("完成时间与期限，2018–2024年", "Completion times and deadlines, 2018–2024", lang),
        fontsize=14,
        fontweight="bold",
    )
    data = pd.concat(
        [
            c.assign(kind="completion").rename(columns={"completion": "value", "n_tasks": "n"}),
            counts.assign(kind="deadline_in_text").rename(columns={"deadline": "value"}),
        ],
        ignore_index=True,
    )[["kind", "year", "value", "n"]]
    return fig, data, _src(lang)


def _deadline_label(v: str, lang: str) -> str:
    if lang == "zh":
        return v
    digits = "".join(ch for ch in v if ch.isdigit())
    return (
        f"by end of month {digits}"
        if digits
        else {"年底前": "by year end", "上半年": "first half", "下半年": "second half"}.get(v, v)
    )


def _deadline_key(v: str) -> int:
    digits = "".join(ch for ch in v if ch.isdigit())
    return int(digits) if digits else 12


CHARTS = {
    "departments_workload_heatmap": workload_heatmap,
    "departments_network_by_year": network_by_year,
    "obligations_by_year": obligation_shares_chart,
    "actors_by_year": actor_shares_chart,
    "completion_and_deadlines": completion_chart,
}
