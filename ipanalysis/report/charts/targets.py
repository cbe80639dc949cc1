"""Charts of the targets tracker. Each returns ``(figure, data, source)``.

Like with like: a target is drawn with the kind of document it comes from (list, work
guide, press report of a document not in the corpus), it is set beside outcomes of its
own period only (a full-year target never over an interim figure), outcomes from
reposts look different from official ones, and a year without a list is a gap.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from ipanalysis.analysis import targets as T
from ipanalysis.analysis.text import period_label
from ipanalysis.analysis.years import Calendar, span, year_range_label
from ipanalysis.report.render import mark_laid_out
from ipanalysis.report.theme import GAP_COLOR, PALETTE
from ipanalysis.report.words import (
    code_labeler,
    gap_label,
    label,
    localize,
    short_label,
    source_text,
    tr,
    with_labels,
    year_runs,
)

FULL_YEAR = "full_year"
REVIEW_CYCLE = "review_cycle"  # the codebook family drawn by review_cycles()
PLEDGE = ("ip_pledge_financing_growth", "ip_pledge_financing_amount")  # codebook ids drawn by pledge_financing()
BOUND_MARKER = {"<=": "v", "<": "v", ">=": "^", ">": "^", "=": "D", "~": "D"}
SYMBOL = {"<=": "≤", ">=": "≥", ">": ">", "<": "<", "~": "≈", "=": ""}


def _src(calendar: Calendar, lang: str) -> str:
    return source_text(
        calendar,
        lang,
        kinds=("plan", "task_list", "work_guide"),
        extra=label(
            "实际值与媒体报道的目标：data/external/reported_outcomes.csv（每行含出处与原文）",
            "outcomes and press-reported targets: data/external/reported_outcomes.csv (each row with its source and quote)",
            lang,
        ),
    )


def _ind_label(ind: str, lang: str) -> str:
    i = {x.id: x for x in T.codebook()}[ind]
    return i.zh if lang == "zh" else i.en


def _kind_short(kind: str, lang: str) -> str:
    """A kind of document in a word (``清单``, ``guide`` …), from data/reference/report/short_labels.csv."""
    return short_label(kind, lang)


def _gap_bands(ax: plt.Axes, present: list[int], years: list[int], lang: str) -> None:
    """Grey bands for the years without a list, labelled at the top (outcomes may lie inside)."""
    for a, b in year_runs([y for y in years if y not in set(present)]):
        ax.axvspan(a - 0.5, b + 0.5, color=GAP_COLOR, zorder=0, lw=0)
        ax.text(
            (a + b) / 2,
            0.985,
            gap_label(lang),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=7.5,
            color="#777777",
            rotation=0 if b > a else 90,
        )
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)


def _official(kind: object) -> bool:
    return kind in ("official", "official_outlet")


TARGET, FULL_YEAR_TARGET = ("目标", "target"), ("全年目标", "full-year target")  # what the legends call a target


def _reported_label(official: bool, lang: str) -> str:
    """The legend entry of a full-year outcome: from an official source or outlet, or from a repost site."""
    if official:
        return label("实际（全年；官方或官方媒体来源）", "reported, full year (official source or outlet)", lang)
    return label("实际（全年；转载网站来源）", "reported, full year (repost site)", lang)


def _target_label(name: tuple[str, str], press: bool, lang: str) -> str:
    """The legend entry of a target: from a document in the corpus, or from a press report."""
    zh, en = (
        ("媒体报道，文件不在语料库", "press report; document not in corpus")
        if press
        else ("语料库中的清单/指引", "list or guide in the corpus")
    )
    return label(f"{name[0]}（{zh}）", f"{name[1]} ({en})", lang)


def _series_label(r, name: tuple[str, str], lang: str) -> str:
    """A row of a target chart's data as the chart's legend names it (an interim figure: as its note does)."""
    if r.series == "target":
        return _target_label(name, r.document == "press", lang)
    if r.period == FULL_YEAR:
        return _reported_label(_official(r.source_kind), lang)
    return label(
        f"期中数（{period_label(r.period, 'zh')}）：未画出",
        f"interim figure, {period_label(r.period, 'en')}: not drawn",
        lang,
    )


def _target_data(data: pd.DataFrame, name: tuple[str, str], lang: str) -> pd.DataFrame:
    """A target chart's data with the words the chart shows beside each code (``series_label`` as its legend)."""
    out = data.copy()
    out.insert(
        out.columns.get_loc("series") + 1, "series_label", [_series_label(r, name, lang) for r in out.itertuples()]
    )
    return with_labels(
        out,
        {
            "indicator": lambda i: _ind_label(i, lang),
            "period": lambda p: period_label(p, lang),
            "document": lambda k: _kind_short(k, lang),
            "source_kind": code_labeler(lang),
        },
    )


def _source_legend(lang: str) -> list:
    return [
        plt.Line2D([], [], color="#555555", marker="o", ls="-", lw=2, label=_reported_label(True, lang)),
        plt.Line2D(
            [], [], color="#555555", marker="o", mfc="white", mew=1.8, ls="", label=_reported_label(False, lang)
        ),
        *_target_handles("v", TARGET, lang),
    ]


def _target_handles(marker: str, name: tuple[str, str], lang: str) -> list:
    """Legend entries of targets: filled from a document in the corpus, hollow from a press report."""
    return [
        plt.Line2D([], [], color="black", marker=marker, mfc=fill, ls="", ms=9, label=_target_label(name, press, lang))
        for fill, press in (("black", False), ("white", True))
    ]


def _relative_note(r, lang: str) -> str:
    """A relative target in words, from its row of the targets table."""
    base = abs(r.baseline_change_pct) if pd.notna(r.baseline_change_pct) else None
    sym = SYMBOL.get(r.comparator, "")
    if lang == "zh":
        head = (
            f"{r.year}年{_kind_short(r.doc_kind, 'zh')}目标：在{r.baseline_year}年已压减{base:g}%的基础上"
            if base
            else f"{r.year}年目标："
        )
        return f"{head}\n再压减{sym}{r.value:g}%（基数未公布，\n无法换算为月数）"
    head = f"{r.year} {_kind_short(r.doc_kind, 'en')} target: a further {sym}{r.value:g}% cut"
    tail = f"\non {r.baseline_year}'s {base:g}% cut" if base else ""
    return f"{head}{tail} (base level not\npublished, not convertible to months)"


def _draw_target(ax, r, fmt: str, offset: tuple[int, int], ha: str, lang: str) -> None:
    """A target as a bound marker on a short bar, labelled with its value and kind of document."""
    ax.plot(
        [r.year],
        [r.target_value],
        BOUND_MARKER.get(r.comparator, "D"),
        ms=10,
        color="black",
        mfc="white" if r.target_kind == "press" else "black",
        zorder=4,
    )
    ax.hlines(r.target_value, r.year - 0.38, r.year + 0.38, color="black", lw=1.3, zorder=4)
    ax.annotate(
        f"{SYMBOL.get(r.comparator, '')}{fmt.format(r.target_value)} {_kind_short(r.target_kind, lang)}",
        (r.year, r.target_value),
        textcoords="offset points",
        xytext=offset,
        ha=ha,
        fontsize=8.5,
        bbox={"fc": "white", "ec": "none", "pad": 0.5, "alpha": 0.8},
        zorder=5,
        gid="target_label",
    )


def _reported_line(ax: plt.Axes, full: pd.DataFrame, color: str) -> None:
    """Full-year outcomes as a line, each point filled when official, hollow when from a repost, its value under it."""
    ax.plot(full["year"], full["value"], "-", color=color, lw=2, zorder=2)
    for r in full.itertuples():
        ax.plot(
            [r.year],
            [r.value],
            "o",
            color=color,
            mfc=color if _official(r.source_kind) else "white",
            mew=1.8,
            ms=7,
            zorder=3,
        )
        ax.annotate(
            f"{r.value:g}",
            (r.year, r.value),
            textcoords="offset points",
            xytext=(0, -16),
            ha="center",
            fontsize=9,
            color=color,
        )


def _relative_box(ax: plt.Axes, r, lang: str) -> None:
    """A relative target (a further cut on an unpublished base) in words, in the panel's corner."""
    ax.text(
        0.03,
        0.03,
        _relative_note(r, lang),
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        fontsize=8,
        color="#333333",
        bbox={"boxstyle": "round", "fc": "#F5F5F5", "ec": "#CCCCCC"},
        zorder=5,
    )


def _cycle_rows(ind: str, rep: pd.DataFrame, tg: pd.DataFrame) -> list[dict]:
    """The rows of a review-cycle panel's data: every reported outcome, then every full-year target."""
    reported = [
        {
            "indicator": ind,
            "year": r.year,
            "series": "reported",
            "value": r.value,
            "unit": r.unit,
            "period": r.period,
            "comparator": None,
            "document": None,
            "source_kind": r.source_kind,
            "source": r.source_url,
        }
        for r in rep.itertuples()
    ]
    target = [
        {
            "indicator": ind,
            "year": r.year,
            "series": "target",
            "value": r.target_value,
            "unit": r.unit,
            "period": r.target_period,
            "comparator": r.comparator,
            "document": r.target_kind,
            "source_kind": None,
            "source": r.target_url if isinstance(r.target_url, str) else r.target_source,
        }
        for r in tg.itertuples()
    ]
    return reported + target


def _cycle_panel(
    ax: plt.Axes,
    ind: str,
    color: str,
    frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    present: list[int],
    years: list[int],
    lang: str,
) -> tuple[list[dict], list[str]]:
    """One indicator's review cycle: outcomes, targets, relative targets; returns its rows and its interim figures."""
    o, a, t = frames
    rep = o[(o.indicator == ind) & (o.outcome_kind == "reported")].sort_values("year")
    _reported_line(ax, rep[rep.period == FULL_YEAR], color)
    interim = [
        f"{_ind_label(ind, lang)} {r.year} {period_label(r.period, lang)}: {r.value:g}"
        for r in rep[rep.period != FULL_YEAR].itertuples()
    ]
    tg = a[(a.indicator == ind) & (a.target_period == FULL_YEAR)]
    for r in tg[~tg.target.str.contains("relative")].itertuples():
        _draw_target(ax, r, "{:g}", (8, 6), "left", lang)
    for r in t[(t.indicator == ind) & t.is_relative].itertuples():
        _relative_box(ax, r, lang)
    ax.set_title(_ind_label(ind, lang), fontsize=12.5)
    lo, hi = ax.get_ylim()
    ax.set_ylim(max(0, lo - 1.5), hi + 2.5)
    _gap_bands(ax, present, years, lang)
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="y", alpha=0.3)
    return _cycle_rows(ind, rep, tg), interim


def review_cycles(
    outcomes: pd.DataFrame, attainment_with_press: pd.DataFrame, targets: pd.DataFrame, calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Review cycles in months: targets as bounds by document kind, full-year outcomes by source kind."""
    o, a, t = outcomes, attainment_with_press, targets
    inds = [i.id for i in T.codebook() if i.family == REVIEW_CYCLE]
    present = list(calendar.present)
    shown = o[o.indicator.isin(inds)]
    years = span(present, shown["year"], a[a.indicator.isin(inds)]["year"])
    fig, axes = plt.subplots(1, len(inds), figsize=(5 * len(inds), 6.6), squeeze=False)
    rows: list[dict] = []
    interim: list[str] = []
    for ax, ind, color in zip(axes[0], inds, PALETTE, strict=False):
        panel_rows, panel_interim = _cycle_panel(ax, ind, color, (o, a, t), present, years, lang)
        rows += panel_rows
        interim += panel_interim
    axes[0][0].set_ylabel(label("月", "months", lang))
    fig.legend(handles=_source_legend(lang), loc="upper center", ncol=2, bbox_to_anchor=(0.5, 0.93), fontsize=9)
    if interim:
        fig.text(
            0.01,
            0.045,
            label(
                "期中数（与全年目标不可比，未画出）：",
                "Interim figures (not comparable with a full-year target, not drawn): ",
                lang,
            )
            + textwrap.fill(("；" if lang == "zh" else "; ").join(interim), 230 if lang == "en" else 150),
            fontsize=8.5,
            color="#333333",
        )
    fig.suptitle(
        label(
            f"审查周期：目标与实际（月），{year_range_label(years, 'zh')}",
            f"Review cycles: targets and reported outcomes (months), {year_range_label(years, 'en')}",
            lang,
        ),
        fontsize=14,
        fontweight="bold",
    )
    fig.tight_layout(rect=(0, 0.07, 1, 0.84))
    mark_laid_out(fig)
    return fig, localize(_target_data(pd.DataFrame(rows), TARGET, lang), lang), _src(calendar, lang)


def _outcome_panel(
    ax,
    o: pd.DataFrame,
    a: pd.DataFrame,
    indicator: str,
    color: str,
    lang: str,
    fmt: str,
    present: list[int],
    years: list[int],
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Full-year outcomes as bars (hatched when from a repost), targets of the same period, n/a where missing."""
    rep = o[(o.indicator == indicator) & (o.outcome_kind == "reported")].sort_values("year")
    full, part = rep[rep.period == FULL_YEAR], rep[rep.period != FULL_YEAR]
    official = full[full.source_kind.map(_official)]
    repost = full[~full.source_kind.map(_official)]
    ax.bar(official["year"], official["value"], color=color, width=0.6, zorder=2)
    ax.bar(repost["year"], repost["value"], color="white", edgecolor=color, hatch="///", width=0.6, lw=1.2, zorder=2)
    top = max(full["value"].max() if len(full) else 1, 1)
    tg = a[(a.indicator == indicator) & (a.target_period == FULL_YEAR)]
    for r in full.itertuples():
        # a target's label sits just above its marker: a value near it goes above that label, never under it
        near = [t for t in tg[tg.year == r.year]["target_value"] if abs(t - r.value) < 0.1 * top]
        y = max([r.value, *near]) + top * (0.075 if near else 0.015)
        ax.text(r.year, y, fmt.format(r.value), ha="center", va="bottom", fontsize=9, gid="outcome_value")
    for y in years:
        if y not in set(full["year"]):
            ax.text(y, top * 0.02, "n/a", ha="center", va="bottom", fontsize=9, color="#777777")
    for r in tg.itertuples():
        _draw_target(ax, r, fmt, (0, 9), "center", lang)
    ax.set_title(_ind_label(indicator, lang), fontsize=12.5)
    ax.set_ylim(0, top * 1.18)
    _gap_bands(ax, present, years, lang)
    interim = [
        f"{r.year} {period_label(r.period, lang)}: {fmt.format(r.value)}"
        + ("" if _official(r.source_kind) else label("（转载）", " (repost)", lang))
        for r in part.itertuples()
    ]
    return rep, tg, interim


def pledge_financing(
    attainment_with_press: pd.DataFrame, outcomes: pd.DataFrame, calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """IP pledge financing: full-year targets vs full-year outcomes (growth and amount); interim figures noted."""
    a, o = attainment_with_press, outcomes
    present = list(calendar.present)
    years = span(present, o[o.indicator.isin(PLEDGE) & (o.outcome_kind == "reported")]["year"])
    fig, axes = plt.subplots(1, 2, figsize=(15, 6.4))
    reps, tgs, notes = [], [], []
    for ax, ind, color, fmt, unit in zip(
        axes,
        PLEDGE,
        (PALETTE[0], PALETTE[2]),
        ("{:g}%", "{:g}"),
        ("%", label("亿元", "100 million yuan", lang)),
        strict=True,
    ):
        rep, tg, interim = _outcome_panel(ax, o, a, ind, color, lang, fmt, present, years)
        ax.set_ylabel(unit)
        reps.append(rep)
        tgs.append(tg)
        if interim:
            notes.append(f"{_ind_label(ind, lang)}: " + ("；" if lang == "zh" else "; ").join(interim))
    legend = [
        plt.Rectangle((0, 0), 1, 1, fc="#777777", label=_reported_label(True, lang)),
        plt.Rectangle((0, 0), 1, 1, fc="white", ec="#777777", hatch="///", label=_reported_label(False, lang)),
        *_target_handles("^", FULL_YEAR_TARGET, lang),
    ]
    fig.legend(handles=legend, loc="upper center", ncol=2, bbox_to_anchor=(0.5, 0.93), fontsize=9)
    fig.suptitle(
        label(
            f"知识产权质押融资：全年目标与全年实际，{year_range_label(years, 'zh')}",
            f"IP pledge financing: full-year targets and full-year outcomes, {year_range_label(years, 'en')}",
            lang,
        ),
        fontsize=14,
        fontweight="bold",
    )
    note = label(
        "n/a：无全年数据。期中数（与全年目标不可比，未画出）：",
        "n/a: no full-year figure. Interim figures (not comparable with a full-year target, not drawn): ",
        lang,
    )
    if notes:
        fig.text(0.01, 0.045, note + " | ".join(notes), fontsize=8.5, color="#333333")
    fig.tight_layout(rect=(0, 0.07, 1, 0.84))
    mark_laid_out(fig)
    cols = ["indicator", "year", "series", "value", "unit", "period", "document", "source_kind", "source_url"]
    rep = pd.concat(reps).assign(series="reported", document=None)
    tg = pd.concat(tgs).rename(columns={"target_value": "value", "target_period": "period", "target_kind": "document"})
    tg = tg.assign(series="target", source_url=tg["target_url"].fillna(tg["target_source"]), source_kind=None)
    data = pd.concat([rep[cols], tg[cols]], ignore_index=True)
    return fig, localize(_target_data(data, FULL_YEAR_TARGET, lang), lang), _src(calendar, lang)


LANE_MARKER = {"list": ("o", True), "work_guide": ("s", True), "press": ("D", False)}


def _timeline_markers(ax: plt.Axes, pres: pd.DataFrame, inds: list[str], years: list[int], lanes: list[str]) -> None:
    """A marker for each target present: on its year's tick, in its indicator's row, the shape of its kind of document.

    Two kinds of document setting one indicator in one year share the tick, one above the other.
    """
    for i, ind in enumerate(inds):
        mine = pres[pres.indicator == ind]
        for r in mine.itertuples():
            marker, filled = LANE_MARKER[r.document]
            cell = [d for d in lanes if d in set(mine[mine.year == r.year]["document"])]
            ax.plot(
                years.index(r.year),
                i + (cell.index(r.document) - (len(cell) - 1) / 2) * 0.3,
                marker,
                ms=10,
                color=PALETTE[lanes.index(r.document)],
                mfc=PALETTE[lanes.index(r.document)] if filled else "white",
                mew=1.8,
                zorder=3,
            )


def _corpus_row(ax: plt.Axes, years: list[int], have: dict, bottom: float, lang: str) -> None:
    """What the corpus holds for each year (its list, its guide or the lack of it), under the last row."""
    from ipanalysis.analysis.years import document_kinds

    for j, y in enumerate(years):
        kinds = have.get(y, ())
        lists = [k for k in kinds if k in {d.kind for d in document_kinds() if d.is_list}]
        lines = [tr(lists[0], lang) if lists else gap_label(lang)]
        if lists:
            lines.append(
                tr("work_guide", lang)
                if "work_guide" in kinds
                else label("指引不在\n语料库", "guide not\nin corpus", lang)
            )
        ax.text(j, bottom, "\n".join(lines), ha="center", va="top", fontsize=7.5, color="#555555")


def _lane_label(lane: str, lang: str) -> str:
    return {
        "list": label("清单（或计划）中的目标", "target in the year's list (or plan)", lang),
        "work_guide": label("工作指引中的目标", "target in the year's work guide", lang),
        "press": label("媒体报道的目标（文件不在语料库）", "target in a press report (document not in corpus)", lang),
    }[lane]


def _lane_handles(lanes: list[str], lang: str) -> list:
    """Legend entries of the kinds of document, in the markers of the chart."""
    return [
        plt.Line2D(
            [],
            [],
            marker=LANE_MARKER[lane][0],
            ls="",
            ms=9,
            color=PALETTE[k],
            mfc=PALETTE[k] if LANE_MARKER[lane][1] else "white",
            mew=1.8,
            label=_lane_label(lane, lang),
        )
        for k, lane in enumerate(lanes)
    ]


def indicator_timeline(
    indicator_presence: pd.DataFrame, calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Which indicators each kind of document targets, on a calendar; what the corpus lacks says so."""
    p = indicator_presence
    years = sorted(p["year"].unique())
    present = list(calendar.present)
    lanes = [x for x in LANE_MARKER if x in set(p["document"])]
    pres = p[p.status == "present"]
    first = pres.groupby("indicator")["year"].min()
    inds = sorted(first.index, key=lambda i: (first[i], _ind_label(i, lang)))
    fig, ax = plt.subplots(figsize=(12, 0.42 * len(inds) + 3.2))
    for j, y in enumerate(years):
        if y not in set(present):
            ax.axvspan(j - 0.5, j + 0.5, color=GAP_COLOR, zorder=0, lw=0)
    _timeline_markers(ax, pres, inds, years, lanes)
    _corpus_row(ax, years, calendar.kinds, len(inds) - 0.2, lang)
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(-0.6, len(inds) + 0.9)
    ax.invert_yaxis()
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(inds)), [_ind_label(i, lang) for i in inds])
    ax.grid(axis="y", alpha=0.25)
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    ax.legend(handles=_lane_handles(lanes, lang), loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=3, fontsize=9)
    ax.set_title(
        label(
            f"各类文件中的量化目标，{year_range_label(years, 'zh')}（底部：该年语料库中的文件；灰色：无清单）",
            f"Quantitative targets by kind of document, {year_range_label(years, 'en')} "
            "(bottom: documents in the corpus that year; grey: no list)",
            lang,
        ),
        fontsize=12.5,
        pad=28,
    )
    fig.text(
        0.01,
        0.04,
        label(
            "未出现的目标不等于被放弃：某年的指引不在语料库中时，只能说“未知”。",
            "A target missing from a year is not a target dropped: where that year's guide is not in the corpus, "
            "nothing can be said.",
            lang,
        ),
        fontsize=8.5,
        color="#333333",
    )
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    mark_laid_out(fig)
    data = with_labels(
        p,
        {
            "indicator": lambda i: _ind_label(i, lang),
            "document": lambda d: _lane_label(d, lang),
            "status": code_labeler(lang),
            "change": code_labeler(lang),
        },
    )
    return fig, localize(data, lang), _src(calendar, lang)


CHARTS: dict[str, Callable[..., Any]] = {
    "targets_review_cycles": review_cycles,
    "targets_pledge_financing": pledge_financing,
    "targets_indicator_timeline": indicator_timeline,
}
