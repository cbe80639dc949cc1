"""Charts of the departments-and-actors analysis. Each returns ``(figure, data, source)``.

Years, document names and category orders come from the corpus and the label files;
every time axis is a calendar with the years without a list shown as gaps.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ipanalysis.analysis import actors
from ipanalysis.analysis.text import deadline_label
from ipanalysis.analysis.years import Calendar, span, year_range_label
from ipanalysis.report.primitives import (
    CHANGE_CODES,
    calendar_axis,
    calendar_heatmap,
    count_axis,
    headline,
    panel_grid,
    share_panels,
    stacked_shares,
)
from ipanalysis.report.render import mark_laid_out, plain_words
from ipanalysis.report.theme import PALETTE, UNCLASSIFIED_COLOR
from ipanalysis.report.words import (
    code_labeler,
    code_order,
    gap_note,
    glossary_order,
    label,
    localize,
    method_notes,
    source_text,
    tr,
    with_labels,
)


def _unit_label(unit: str, lang: str) -> str:
    return " / ".join(tr(x, lang) for x in unit.split("/"))


def _workload_panel(
    ax: plt.Axes,
    w: pd.DataFrame,
    units: list,
    count: str,
    share: str,
    head: str,
    present: list[int],
    years: list[int],
    size: pd.Series,
    lang: str,
):
    """One heat map of the workload: each cell the count and its share of the year's tasks; returns the image."""
    colour = w.pivot_table(index="assignee", columns="year", values=share, fill_value=0).reindex(units) * 100
    n = w.pivot_table(index="assignee", columns="year", values=count, fill_value=0).reindex(units)
    text = pd.DataFrame(
        [[f"{int(v)}\n{c:.0f}%" if v else "" for v, c in zip(n.loc[u], colour.loc[u], strict=True)] for u in units],
        index=units,
        columns=n.columns,
    )
    im = calendar_heatmap(ax, colour.fillna(0), text, present, years, lang, vmax=70, fontsize=7.5)
    ax.set_title(head, fontsize=12)
    ax.set_xticks(range(len(years)), [f"{y}\nn={size[y]}" if y in size else str(y) for y in years])
    ax.set_xlabel(label("年份（n：当年任务数）", "Year (n: tasks in the year's list)", lang), fontsize=9.5)
    return im


def _tie_text(top: pd.DataFrame, lang: str) -> str:
    """``Tied for most leads: 2019 A = B; …`` ('' when no year has a tie)."""
    ties = (
        top[top.n_top_lead > 1].groupby("year")["assignee"].apply(lambda s: " = ".join(_unit_label(u, lang) for u in s))
    )
    return (
        label("并列第一：", "Tied for most leads: ", lang)
        + ("；" if lang == "zh" else "; ").join(f"{y} {t}" for y, t in ties.items())
        if len(ties)
        else ""
    )


def _workload_notes(tie_text: str, lang: str) -> list[str]:
    """The notes under the workload heat maps: the boxes, the reform lineage, the uncertainty of a cell."""
    return [
        label(
            "橙框：当年牵头任务最多的部门（并列时全部加框）。" + tie_text,
            "Orange box: the department leading most of the year's tasks (every one when tied). " + tie_text,
            lang,
        ),
        label(
            "改革前部门按机构改革沿革（departments.csv）折算为继任部门；* 职能拆分的前身部门，计数属于前身部门，不归入任一继任部门。",
            "Pre-reform departments are shown as their successors (reform lineage in departments.csv); * a split predecessor: its count belongs to the "
            "predecessor, not to one successor.",
            lang,
        ),
        label(
            "当年清单仅 18–25 项任务，单个比例的 95% 区间宽约 ±20 个百分点：每格的区间见本图 CSV（share_low、share_high、"
            "share_led_low、share_led_high）。",
            "A list has only 18–25 tasks: a cell's share is uncertain by about ±20 points; each cell's 95% Wilson "
            "interval is in this chart's CSV (share_low, share_high, share_led_low, share_led_high).",
            lang,
        ),
    ]


WORKLOAD_PANELS = (  # (count, share, title zh, title en) of the two heat maps
    ("n_led", "share_led", "牵头（局内第一个部门，或写明牵头）", "Led (first-named, or stated as lead)"),
    ("n_tasks", "share", "参与（局内列出的全部部门）", "Named in charge (any position in the list)"),
)


def workload_heatmap(
    workload_lineage: pd.DataFrame, calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Tasks led and tasks named per department and year (share of the year's list), through the lineage."""
    w = workload_lineage
    present = list(calendar.present)
    years = span(present, w["year"])
    order = (
        w.groupby("assignee")[["n_led", "n_tasks"]]
        .sum()
        .sort_values(["n_led", "n_tasks"], ascending=False, kind="stable")
    )
    units = list(order.index)
    size = w.groupby("year")["n_tasks_year"].first()
    fig = plt.figure(figsize=(15, 0.46 * len(units) + 3.2))
    gs = fig.add_gridspec(1, 3, width_ratios=[1, 1, 0.03], wspace=0.06)
    axes = [fig.add_subplot(gs[0, 0])]
    axes.append(fig.add_subplot(gs[0, 1], sharey=axes[0]))
    cax = fig.add_subplot(gs[0, 2])
    im = None
    for ax, (count, share, zh, en) in zip(axes, WORKLOAD_PANELS, strict=True):
        im = _workload_panel(ax, w, units, count, share, label(zh, en, lang), present, years, size, lang)
    top = w[w.is_top_lead]
    for r in top.itertuples():
        j, i = years.index(int(r.year)), units.index(r.assignee)
        axes[0].add_patch(plt.Rectangle((j - 0.47, i - 0.45), 0.94, 0.9, fill=False, ec=PALETTE[1], lw=2.2, zorder=4))
    ylabels = [_unit_label(u, lang) + (" *" if u in set(w[w.is_split]["assignee"]) else "") for u in units]
    axes[0].set_yticks(range(len(units)), ylabels)
    axes[1].tick_params(axis="y", labelleft=False)
    assert im is not None  # the heat map was drawn
    cb = fig.colorbar(im, cax=cax)
    cb.set_label(label("占当年任务的百分比", "% of the year's tasks", lang))
    fig.suptitle(
        label(
            f"各部门牵头与参与的任务（数量与占当年任务的比例），{year_range_label(years, 'zh')}",
            f"Tasks each CNIPA department leads and is named in (count and % of the year's tasks), "
            f"{year_range_label(years, 'en')}",
            lang,
        ),
        fontsize=14,
        fontweight="bold",
    )
    fig.text(
        0.01,
        0.035,
        "\n".join(textwrap.fill(n, 150 if lang == "en" else 90) for n in _workload_notes(_tie_text(top, lang), lang)),
        fontsize=8.5,
        va="bottom",
        color="#333333",
    )
    fig.subplots_adjust(left=0.16, right=0.95, top=0.9, bottom=0.135 + 1.0 / (len(units) + 6))
    plain_words(fig, method_notes(["wilson"], lang))
    mark_laid_out(fig)
    return fig, localize(with_labels(w, {"basis": code_labeler(lang)}), lang), source_text(calendar, lang)


def network_by_year(
    coassignment_edges: pd.DataFrame, network_measures: pd.DataFrame, calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Co-assignment network per list year: departments sharing tasks (circle layout)."""
    e, nm = coassignment_edges, network_measures
    years = sorted(nm["year"].unique())
    fig, axes = panel_grid(len(years), 12, 5.5, 0.5)
    for ax, year in zip(axes, years, strict=True):
        nodes = nm[nm.year == year].sort_values("assignee")
        n = len(nodes)
        ang = {u: 2 * math.pi * i / n for i, u in enumerate(nodes["assignee"])}
        pos = {u: (math.cos(a), math.sin(a)) for u, a in ang.items()}
        ey = e[e.year == year]
        wmax = max(ey["weight"].max() if len(ey) else 1, 1)
        for r in ey.itertuples():
            (x1, y1), (x2, y2) = pos[r.assignee_a], pos[r.assignee_b]
            ax.plot(
                [x1, x2],
                [y1, y2],
                color="#0072B2",
                alpha=0.25 + 0.6 * r.weight / wmax,
                lw=0.8 + 3.5 * r.weight / wmax,
                zorder=1,
            )
        for r in nodes.itertuples():
            x, y = pos[r.assignee]
            color = PALETTE[5] if r.is_most_central else PALETTE[0]
            ax.scatter([x], [y], s=60 + 40 * r.n_tasks, color=color, zorder=2, edgecolor="white")
            a = ang[r.assignee]
            ha = "left" if math.cos(a) > 0.2 else "right" if math.cos(a) < -0.2 else "center"
            va = "bottom" if math.sin(a) > 0.2 else "top" if math.sin(a) < -0.2 else "center"
            name = tr(r.assignee, lang) if lang == "zh" else textwrap.fill(tr(r.assignee, lang), 18)
            ax.text(1.13 * x, 1.13 * y, f"{name} ({r.n_tasks})", ha=ha, va=va, fontsize=8.5 if lang == "zh" else 7.5)
        ax.set_title(str(year), fontsize=12)
        ax.set_xlim(-2.2, 2.2)
        ax.set_ylim(-1.6, 1.6)
        ax.set_aspect("equal")
        ax.axis("off")
    headline(
        fig,
        label(
            f"部门共同负责的任务网络，{year_range_label(years, 'zh')}",
            f"Departments named together on tasks, {year_range_label(years, 'en')}",
            lang,
        ),
        label(
            "线越粗，共同任务越多；括号内：局内列出该部门的任务数；橙色：加权度最高的部门。" + gap_note(calendar, "zh"),
            "Thicker line: more shared tasks; in brackets: tasks naming the department; orange: most central. "
            + gap_note(calendar, "en"),
            lang,
        ),
    )
    data = e.merge(
        nm[["year", "assignee", "degree", "weighted_degree"]].rename(columns={"assignee": "assignee_a"}),
        on=["year", "assignee_a"],
        how="left",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 1 - 0.8 / fig.get_figheight()))
    plain_words(fig, method_notes(["weighted_degree"], lang))
    mark_laid_out(fig)
    return fig, localize(data, lang), source_text(calendar, lang)


def _task_totals(data: pd.DataFrame, count: str) -> pd.Series:
    return data.groupby("year")[count].sum()


def obligation_shares_chart(
    obligation_shares: pd.DataFrame, scope_flags: dict[int, str], calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Each obligation profile's share of each list with its 95 % interval and the latest change's verdict."""
    from ipanalysis.analysis.uncertainty import compare

    s, flags = obligation_shares, scope_flags
    years = span(calendar.present, s["year"])
    changes = compare(s, "profile", flags=flags)
    fig = share_panels(
        calendar,
        s,
        "profile",
        code_order("profile"),
        label(
            f"各年任务对省份的约束（占当年任务 %，95%区间），{year_range_label(years, 'zh')}",
            f"How binding each year's tasks are on provinces (% of the year's tasks, 95% interval), "
            f"{year_range_label(years, 'en')}",
            lang,
        ),
        lang,
        changes=changes,
        flags={y: label(f"{y}年文件的范围较窄", f"{y}: {why}", lang) for y, why in flags.items()},
        ncols=4,
    )
    data = pd.concat([s.assign(kind="share"), changes.assign(kind="change")], ignore_index=True)
    data = with_labels(data, {c: code_labeler(lang) for c in ("profile", *CHANGE_CODES)})
    return fig, localize(data, lang), source_text(calendar, lang)


def actor_shares_chart(
    actor_shares: pd.DataFrame, calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    s = actor_shares
    years = span(calendar.present, s["year"])
    fig = stacked_shares(
        calendar,
        s,
        "year",
        "actor_level",
        "share_chars",
        code_order("actor_level"),
        label(
            f"落实举措文字面向谁（占当年举措字数的比例），{year_range_label(years, 'zh')}",
            f"Whom the measure text addresses (% of the year's measure characters), {year_range_label(years, 'en')}",
            lang,
        ),
        label("占当年举措字数 %", "% of the year's measure text", lang),
        lang,
        totals=_task_totals(s, "n_measures"),
        unit=("举措段", "measures"),
    )
    plain_words(fig, method_notes(["text_share"], lang))
    return fig, localize(with_labels(s, {"actor_level": code_labeler(lang)}), lang), source_text(calendar, lang)


def _completion_order(c: pd.DataFrame) -> list[str]:
    """Completion times in the order of the glossary and the code labels, any other after them."""
    order = [x for x in [*glossary_order("completion"), *code_order("completion")] if x in set(c.completion)]
    return order + sorted(set(c.completion) - set(order))


def _completion_bars(ax: plt.Axes, c: pd.DataFrame, present: list[int], years: list[int], lang: str) -> pd.DataFrame:
    """Stacked shares of the completion times per year, counts inside, ``n`` above; returns the counts (year × time)."""
    order = _completion_order(c)
    n = (
        c.pivot_table(index="year", columns="completion", values="n_tasks", fill_value=0)
        .reindex(columns=order, fill_value=0)
        .astype(int)
    )
    share = n.div(n.sum(axis=1), axis=0) * 100
    bottom = np.zeros(len(n))
    x = np.array([int(y) for y in n.index])
    for i, col in enumerate(order):
        color = UNCLASSIFIED_COLOR if col == actors.NOT_STATED else PALETTE[i]
        vals = share[col].values
        ax.bar(x, vals, bottom=bottom, color=color, label=tr(col, lang), width=0.62)
        for xx, v, b, k in zip(x, vals, bottom, n[col].values, strict=True):
            if v >= 8:
                ax.text(
                    xx,
                    b + v / 2,
                    f"{k}",
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color="white" if color in (PALETTE[0], PALETTE[2]) else "black",
                )
        bottom += vals
    for xx, tot in zip(x, n.sum(axis=1).values, strict=True):
        ax.text(xx, 101.5, f"n={tot}", ha="center", va="bottom", fontsize=8.5, color="#333333")
    calendar_axis(ax, present, years, lang)
    ax.set_ylim(0, 108)
    ax.set_title(
        label("完成时间（占当年任务 %，柱内为任务数）", "Completion time (% of the year's tasks; counts inside)", lang),
        fontsize=11.5,
    )
    ax.set_ylabel(label("占当年任务 %", "% of the year's tasks", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncol=2)
    return n


def _deadline_bars(ax: plt.Axes, d: pd.DataFrame, present: list[int], lang: str) -> pd.DataFrame:
    """Dated deadlines inside the measure text, counted per year and month; returns the counts."""
    counts = d.groupby(["year", "deadline", "month"]).size().rename("n").reset_index()
    counts = counts.sort_values(["year", "month", "deadline"])
    labels_ = [f"{r.year} {deadline_label(r.deadline, lang)}" for r in counts.itertuples()]
    ax.barh(labels_[::-1], counts["n"].values[::-1], color=PALETTE[5])
    for i, v in enumerate(counts["n"].values[::-1]):
        ax.text(v + 0.05, i, str(v), va="center", fontsize=9)
    ax.set_title(label("举措文字中写明的期限（次数）", "Dated deadlines inside the measure text", lang), fontsize=11.5)
    ax.set_xlabel(label("出现次数", "Occurrences", lang))
    count_axis(ax.xaxis)
    without = [y for y in present if y not in set(d["year"])]
    if without:
        ax.text(
            1.0,
            -0.2,
            label(
                f"{'、'.join(map(str, without))}年：举措中无写明月份的期限",
                f"{', '.join(map(str, without))}: no dated deadline in the measures",
                lang,
            ),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8.5,
            color="#555555",
        )
    return counts


def _completion_data(c: pd.DataFrame, counts: pd.DataFrame, n: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The completion times and the deadlines in one long table, with the size of each year's list.

    ``value_label`` is the value as the chart writes it: a completion time as its legend
    does, a deadline as its bar is labelled.
    """
    data = pd.concat(
        [
            c.assign(kind="completion").rename(columns={"completion": "value", "n_tasks": "n"}),
            counts.assign(kind="deadline_in_text").rename(columns={"deadline": "value"}),
        ],
        ignore_index=True,
    )[["kind", "year", "value", "n"]]
    data["n_tasks_year"] = data["year"].map(n.sum(axis=1))
    data.insert(
        data.columns.get_loc("value") + 1,
        "value_label",
        [
            deadline_label(v, lang) if k == "deadline_in_text" else tr(v, lang)
            for k, v in zip(data["kind"], data["value"], strict=True)
        ],
    )
    data = with_labels(data, {"kind": code_labeler(lang)})
    if lang == "en":
        data["value"] = [
            deadline_label(v, "en") if k == "deadline_in_text" else v
            for k, v in zip(data["kind"], data["value"], strict=True)
        ]
    return data


def completion_chart(
    completion_categories: pd.DataFrame, deadlines: pd.DataFrame, calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Completion times (share of the year's tasks) and dated deadlines inside the measure text."""
    c, d = completion_categories, deadlines
    present = list(calendar.present)
    years = span(present, c["year"])
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13.5, 5.6), gridspec_kw={"width_ratios": [3, 2]})
    n = _completion_bars(ax1, c, present, years, lang)
    counts = _deadline_bars(ax2, d, present, lang)
    fig.suptitle(
        label(
            f"完成时间与期限，{year_range_label(years, 'zh')}",
            f"Completion times and deadlines, {year_range_label(years, 'en')}",
            lang,
        ),
        fontsize=14,
        fontweight="bold",
    )
    return fig, localize(_completion_data(c, counts, n, lang), lang), source_text(calendar, lang)


CHARTS: dict[str, Callable[..., Any]] = {
    "departments_workload_heatmap": workload_heatmap,
    "departments_network_by_year": network_by_year,
    "obligations_by_year": obligation_shares_chart,
    "actors_by_year": actor_shares_chart,
    "completion_and_deadlines": completion_chart,
}
