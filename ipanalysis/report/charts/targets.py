"""Charts of the targets tracker. Each returns ``(figure, data, source)``."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ipanalysis.analysis import targets as T
from ipanalysis.report.style import PALETTE, label

SRC_ZH = "来源：国家知识产权局2019年工作指引、2019/2020/2024年任务清单（目标）；data/external/reported_outcomes.csv（实际，含出处）"
SRC_EN = "Source: CNIPA 2019 work guide and 2019/2020/2024 task lists (targets); data/external/reported_outcomes.csv (outcomes)"
CYCLES = ["patent_review_cycle_high_value", "patent_review_cycle_invention", "trademark_review_cycle"]
BOUND_MARKER = {"<=": "v", "<": "v", ">=": "^", ">": "^", "=": "D", "~": "D"}


def _src(lang: str) -> str:
    return SRC_ZH if lang == "zh" else SRC_EN


def _ind_label(ind: str, lang: str) -> str:
    i = {x.id: x for x in T.codebook()}[ind]
    return i.zh if lang == "zh" else i.en


def review_cycles(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    """Review cycles in months: targets as bounds (▼ = at most), reported outcomes as lines."""
    a = T.attainment()
    o = T.load_outcomes()
    years = list(range(2018, 2025))
    fig, axes = plt.subplots(1, 3, figsize=(15, 6.2))
    rows = []
    for ax, ind, color in zip(axes, CYCLES, PALETTE, strict=False):
        rep = o[(o.indicator == ind) & (o.kind == "reported")]
        full = rep[rep.period == "full_year"].sort_values("year")
        ax.plot(
            full["year"],
            full["value"],
            "-o",
            color=color,
            lw=2,
            label=label("实际（全年）", "reported (full year)", lang),
        )
        for r in full.itertuples():
            ax.annotate(
                f"{r.value:g}",
                (r.year, r.value),
                textcoords="offset points",
                xytext=(0, -16),
                ha="center",
                fontsize=9,
                color=color,
            )
        part = rep[rep.period != "full_year"]
        if len(part):
            ax.plot(
                part["year"],
                part["value"],
                "o",
                mfc="white",
                color=color,
                label=label("实际（期中）", "reported (interim)", lang),
            )
        tg = a[(a.indicator == ind)]
        for r in tg.itertuples():
            if "relative" in r.target:
                ax.text(
                    0.97,
                    0.96,
                    label(
                        f"{r.year}年目标：在2018年压减10%基础上\n再压减{r.target_value:g}%以上（基数未公布，\n无法换算为月数）",
                        f"{r.year} target: a further {r.target_value:g}% cut on\n2018's 10% cut (base not published,\nnot convertible to months)",
                        lang,
                    ),
                    transform=ax.transAxes,
                    ha="right",
                    va="top",
                    fontsize=8.5,
                    color="#333333",
                    bbox={"boxstyle": "round", "fc": "#F5F5F5", "ec": "#CCCCCC"},
                )
                continue
            press = str(r.target_source).startswith("press")
            ax.plot(
                [r.year],
                [r.target_value],
                BOUND_MARKER.get(r.comparator, "D"),
                ms=11,
                color="black",
                mfc="white" if press else "black",
            )
            ax.hlines(r.target_value, r.year - 0.35, r.year + 0.35, color="black", lw=1.2)
            sym = {"<=": "≤", ">=": "≥", ">": ">", "<": "<", "~": "≈"}.get(r.comparator, "")
            ax.annotate(
                f"{sym}{r.target_value:g}",
                (r.year, r.target_value),
                textcoords="offset points",
                xytext=(9, 7),
                fontsize=9,
                color="black",
            )
        ax.set_title(_ind_label(ind, lang))
        lo, hi = ax.get_ylim()
        ax.set_ylim(max(0, lo - 1.5), hi + 1.5)
        ax.set_xticks(years)
        ax.set_xlim(2017.5, 2024.5)
        ax.grid(axis="y", alpha=0.3)
        for r in full.itertuples():
            rows.append(
                {
                    "indicator": ind,
                    "year": r.year,
                    "series": "reported",
                    "value": r.value,
                    "unit": r.unit,
                    "period": r.period,
                    "comparator": None,
                    "source": r.source_url,
                }
            )
        for r in tg.itertuples():
            rows.append(
                {
                    "indicator": ind,
                    "year": r.year,
                    "series": "target",
                    "value": r.target_value,
                    "unit": r.unit,
                    "period": None,
                    "comparator": r.comparator,
                    "source": r.target_source,
                }
            )
    axes[0].set_ylabel(label("月", "months", lang))
    handles = [
        plt.Line2D(
            [],
            [],
            color="black",
            marker="v",
            ls="",
            ms=10,
            label=label("目标上限（文件）", "target: at most (documents)", lang),
        ),
        plt.Line2D(
            [],
            [],
            color="black",
            marker="v",
            mfc="white",
            ls="",
            ms=10,
            label=label("目标上限（媒体报道）", "target: at most (press)", lang),
        ),
        plt.Line2D(
            [], [], color="#555555", marker="o", lw=2, label=label("实际（全年）", "reported (full year)", lang)
        ),
        plt.Line2D(
            [],
            [],
            color="#555555",
            marker="o",
            mfc="white",
            ls="",
            label=label("实际（期中，1–9月）", "reported (interim, Jan–Sep)", lang),
        ),
    ]
    fig.legend(handles=handles, loc="upper center", ncol=4, bbox_to_anchor=(0.5, 0.94))
    fig.suptitle(
        label("审查周期：目标与实际，2018–2024年", "Review cycles: targets and reported outcomes, 2018–2024", lang),
        fontsize=14,
        fontweight="bold",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 0.88))
    fig._ipa_layout_done = True
    return fig, pd.DataFrame(rows), _src(lang)


def _outcome_panel(
    ax,
    o: pd.DataFrame,
    a: pd.DataFrame,
    indicator: str,
    color: str,
    lang: str,
    names: tuple[str, str, str],
    fmt: str,
    offset: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reported outcomes as bars (hatched when interim) and document targets as lower bounds."""
    rep = o[(o.indicator == indicator) & (o.kind == "reported")].sort_values("year")
    full, part = rep[rep.period == "full_year"], rep[rep.period != "full_year"]
    ax.bar(
        full["year"],
        full["value"],
        color=color,
        width=0.6,
        label=label(f"实际{names[0]}（全年）", f"reported {names[1]} (full year)", lang),
    )
    ax.bar(
        part["year"],
        part["value"],
        color="white",
        edgecolor=color,
        hatch="//",
        width=0.6,
        label=label(f"实际{names[0]}（上半年）", f"reported {names[1]} (H1)", lang),
    )
    for r in rep.itertuples():
        ax.text(r.year, r.value + offset, fmt.format(r.value), ha="center", fontsize=9)
    tg = a[a.indicator == indicator]
    sym = {">=": "≥", ">": ">", "<=": "≤"}
    for r in tg.itertuples():
        ax.plot([r.year], [r.target_value], "^", ms=12, color="black")
        ax.hlines(r.target_value, r.year - 0.4, r.year + 0.4, color="black", lw=1.5)
        ax.text(
            r.year + 0.42,
            r.target_value,
            sym.get(r.comparator, "") + fmt.format(r.target_value),
            va="center",
            fontsize=9,
        )
    ax.plot([], [], "^", color="black", ms=10, label=label("目标下限（文件）", "target: lower bound (documents)", lang))
    ax.set_title(label(names[2].split("|")[0], names[2].split("|")[1], lang))
    ax.set_xticks(range(2018, 2025))
    ax.legend(loc="upper left")
    return rep, tg


def pledge_financing(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    """IP pledge financing: targeted vs reported growth, and reported amounts."""
    a = T.attainment()
    o = T.load_outcomes()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(14, 5.6))
    g, tg = _outcome_panel(
        ax1,
        o,
        a,
        "ip_pledge_financing_growth",
        PALETTE[0],
        lang,
        ("增长", "growth", "质押融资增长：目标与实际|Pledge financing growth: target vs reported"),
        "{:g}%",
        1,
    )
    ax1.set_ylabel("%")
    amt, ta = _outcome_panel(
        ax2,
        o,
        a,
        "ip_pledge_financing_amount",
        PALETTE[2],
        lang,
        ("金额", "amount", "质押融资金额（亿元）|Pledge financing amount (100 million yuan)"),
        "{:g}",
        80,
    )
    ax2.set_ylabel(label("亿元", "100 million yuan", lang))
    fig.suptitle(
        label("知识产权质押融资，2018–2024年", "IP pledge financing, 2018–2024", lang), fontsize=14, fontweight="bold"
    )
    cols = ["year", "series", "value", "unit", "period", "source_url"]
    targets_ = (
        pd.concat([tg, ta])
        .drop(columns=["source_url"])
        .rename(columns={"target_value": "value", "target_source": "source_url", "reported_period": "period"})
    )
    data = pd.concat(
        [
            g.assign(series="reported_growth")[cols],
            amt.assign(series="reported_amount")[cols],
            targets_.assign(series="target")[cols],
        ],
        ignore_index=True,
    )
    return fig, data, _src(lang)


def indicator_timeline(lang: str = "zh") -> tuple[plt.Figure, pd.DataFrame, str]:
    """Which indicators each year targets: appear, persist, disappear."""
    p = T.indicator_presence()
    years = sorted(p["year"].unique())
    inds = sorted(p["indicator"].unique(), key=lambda i: (-p[(p.indicator == i) & p.present]["year"].min(), i))
    inds = sorted(inds, key=lambda i: (p[(p.indicator == i) & p.present]["year"].min(), i))
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(inds) + 1.8))
    colors = {"appears": PALETTE[2], "persists": PALETTE[0], "disappears": "#DDDDDD", "absent": "white"}
    for y_i, ind in enumerate(inds):
        for x_i, year in enumerate(years):
            st = p[(p.indicator == ind) & (p.year == year)]["status"].item()
            ax.add_patch(
                plt.Rectangle(
                    (x_i - 0.45, y_i - 0.4), 0.9, 0.8, color=colors[st], ec="#BBBBBB" if st == "absent" else None
                )
            )
            if st != "absent":
                ax.text(
                    x_i,
                    y_i,
                    {"appears": "新出现", "persists": "延续", "disappears": "不再出现"}[st] if lang == "zh" else st,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="#555555" if st == "disappears" else "white",
                )
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(-0.6, len(inds) - 0.4)
    ax.invert_yaxis()
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.set_yticks(range(len(inds)), [_ind_label(i, lang) for i in inds])
    ax.spines[:].set_visible(False)
    ax.set_title(
        label(
            "文件中的量化目标：出现、延续与消失（2018年计划无量化目标）",
            "Quantitative targets in the documents: appear, persist, disappear (none in the 2018 plan)",
            lang,
        )
    )
    return fig, p, _src(lang)


CHARTS = {
    "targets_review_cycles": review_cycles,
    "targets_pledge_financing": pledge_financing,
    "targets_indicator_timeline": indicator_timeline,
}
