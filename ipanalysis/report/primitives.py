"""Chart primitives every chart is built from: calendar axes with gaps, heat maps, stacked shares, share panels."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import matplotlib

if "ipykernel" not in sys.modules:  # headless export; a notebook keeps its inline backend
    matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axis import Axis
from matplotlib.ticker import MaxNLocator

from ipanalysis.analysis.years import Calendar
from ipanalysis.report.render import mark_laid_out, plain_words
from ipanalysis.report.theme import _DARK, GAP_COLOR, PALETTE
from ipanalysis.report.words import _pp, gap_label, gap_note, label, method_notes, tr, wrap, year_runs


def calendar_axis(
    ax: plt.Axes, present: Iterable[int], years: Iterable[int], lang: str, text: bool = True, fontsize: float = 8
) -> list[int]:
    """A calendar x axis: a tick for every year, years without a list as labelled grey bands.

    ``present`` are the years with a list in the corpus, ``years`` the span to draw;
    returns the gap years. Data is drawn at x = year.
    """
    years = list(years)
    have = set(present)
    gaps = [y for y in years if y not in have]
    for a, b in year_runs(gaps):
        ax.axvspan(a - 0.5, b + 0.5, color=GAP_COLOR, zorder=0, lw=0)
        if text:
            ax.text(
                (a + b) / 2,
                0.5,
                gap_label(lang),
                transform=ax.get_xaxis_transform(),
                rotation=90 if b - a < 2 else 0,
                ha="center",
                va="center",
                fontsize=fontsize,
                color="#777777",
                wrap=True,
            )
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    return gaps


def count_axis(axis: Axis) -> None:
    """An axis of counts: ticks on whole numbers only (never 0.5 of a task), in steps of 1, 2, 5 or 10."""
    axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def calendar_heatmap(
    ax: plt.Axes,
    colour: pd.DataFrame,
    text: pd.DataFrame,
    present: Iterable[int],
    years: list[int],
    lang: str,
    cmap: str = "Blues",
    vmax: float | None = None,
    fontsize: float = 8,
):
    """A heat map whose columns are calendar years: gap years hatched and labelled.

    ``colour`` (rows × years present) gives the colour, ``text`` the annotation of each
    cell (empty: none). Returns the image, for a colour bar.
    """
    have = set(present)
    c = colour.reindex(columns=years)
    vmax = vmax if vmax is not None else float(np.nanmax(c.values)) if c.notna().any().any() else 1.0
    masked = np.ma.masked_invalid(c.values.astype(float))
    im = ax.imshow(masked, cmap=cmap, aspect="auto", vmin=0, vmax=vmax)
    for i, row in enumerate(c.index):
        for j, y in enumerate(years):
            if y not in have:
                continue
            v = c.loc[row, y]
            s = text.loc[row, y] if y in text.columns else ""
            if isinstance(s, str) and s:
                ax.text(
                    j,
                    i,
                    s,
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color="white" if (pd.notna(v) and v > vmax * 0.55) else "black",
                )
    for a, b in year_runs([y for y in years if y not in have]):
        j0, j1 = years.index(a), years.index(b)
        ax.add_patch(
            plt.Rectangle(
                (j0 - 0.5, -0.5),
                j1 - j0 + 1,
                len(c),
                facecolor=GAP_COLOR,
                edgecolor="#CCCCCC",
                hatch="//",
                lw=0,
                zorder=2,
            )
        )
        ax.text(
            (j0 + j1) / 2,
            (len(c) - 1) / 2,
            gap_label(lang),
            rotation=90 if j1 - j0 < 2 else 0,
            ha="center",
            va="center",
            fontsize=fontsize + 0.5,
            color="#555555",
            zorder=3,
            bbox={"fc": GAP_COLOR, "ec": "none", "pad": 1},
        )
    ax.set_xticks(range(len(years)), [str(y) for y in years])
    ax.spines[:].set_visible(False)
    return im


def annotate_cells(ax: plt.Axes, values, vmax: float | None = None, fontsize: float = 9, fmt: str = "{:d}") -> None:
    """Write each non-zero cell's value on a heat map (white on dark cells)."""
    top = vmax if vmax is not None else (values.max() if values.size else 1)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if v:
                ax.text(
                    j,
                    i,
                    fmt.format(int(v)) if fmt == "{:d}" else fmt.format(v),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color="white" if v > top * 0.55 else "black",
                )


def stacked_shares(
    calendar: Calendar,
    data: pd.DataFrame,
    index: str,
    column: str,
    value: str,
    order: list[str],
    title: str,
    ylabel: str,
    lang: str,
    labeler=None,
    min_label: float = 6,
    totals: pd.Series | None = None,
    unit: tuple[str, str] = ("任务", "tasks"),
    colors: dict[str, str] | None = None,
) -> plt.Figure:
    """Stacked bars of shares (0–1) per year on a calendar axis, labelled in %, legend outside.

    ``totals`` (year → size of the year's list) is written above each bar, so a reader
    sees what each 100% is; years without a list are grey bands.
    """
    from ipanalysis.analysis.years import span

    labeler = labeler or (lambda c: tr(c, lang))
    m = data.pivot_table(index=index, columns=column, values=value, fill_value=0).reindex(columns=order, fill_value=0)
    present = list(calendar.present)
    years = span(present, m.index)
    fig, ax = plt.subplots(figsize=(10.5, 5.8))
    bottom = np.zeros(len(m))
    x = np.array([int(y) for y in m.index])
    for i, c in enumerate(m.columns):
        color = (colors or {}).get(c, PALETTE[i % len(PALETTE)])
        vals = m[c].values * 100
        ax.bar(x, vals, bottom=bottom, color=color, label=labeler(c), width=0.62)
        for xx, v, b in zip(x, vals, bottom, strict=True):
            if v >= min_label:
                ax.text(
                    xx,
                    b + v / 2,
                    f"{v:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if color in _DARK else "black",
                )
        bottom += vals
    if totals is not None:
        for xx in x:
            n = int(totals.get(xx, totals.get(str(xx), 0)))
            ax.text(xx, 101.5, label(f"n={n}", f"n={n}", lang), ha="center", va="bottom", fontsize=8.5, color="#333333")
    calendar_axis(ax, present, years, lang)
    ax.set_ylim(0, 108)
    ax.set_yticks(range(0, 101, 20))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(label(f"年份（n：当年{unit[0]}数）", f"Year (n: {unit[1]} in the year's list)", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def headline(fig: plt.Figure, title: str, note: str) -> None:
    """A bold title at the top of a figure and a smaller note right under it (what the chart counts)."""
    fig.suptitle(title, fontsize=14, fontweight="bold", y=0.995, va="top")
    fig.text(
        0.5,
        0.995 - 0.45 / fig.get_figheight(),
        note,
        ha="center",
        va="top",
        fontsize=9.5,
        color="#333333",
        linespacing=1.45,
    )  # CJK glyphs are taller than Latin ones: lines of a Chinese note would touch at the default spacing


def panel_grid(n: int, width: float, panel_height: float, extra: float) -> tuple[plt.Figure, list[plt.Axes]]:
    """One panel per list year, two to a row; panels beyond ``n`` are switched off."""
    ncols = 2
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, panel_height * nrows + extra), squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    return fig, list(axes.flat[:n])


CHANGE_CODES = ("kind", "pair", "verdict", "verdict_without_flag")  # coded columns of shares beside their changes


def _latest_pair(changes: pd.DataFrame | None) -> list | None:
    """The (year_from, year_to) of the latest pair of lists compared, or None."""
    if changes is None or not len(changes):
        return None
    consecutive = changes[changes["year_to"] == changes["year_to"].max()]
    return consecutive.sort_values("year_from").iloc[-1][["year_from", "year_to"]].tolist()


def _panel_top(data: pd.DataFrame, category: str, changes: pd.DataFrame | None) -> float:
    """The top of the shared y axis: room above the highest interval for the counts and the verdict lines."""
    n_clear = 0
    if changes is not None and len(changes) and "pair" in changes:
        c_clear = changes[(changes["pair"] == "consecutive") & changes["verdict"].isin(["rise", "fall"])]
        n_clear = int(c_clear.groupby(category).size().max()) if len(c_clear) else 0
    return max(10.0, float(data["share_high"].max()) * 100) + 22 + 8 * n_clear


def _share_points(ax: plt.Axes, g: pd.DataFrame, color: str, flags: dict[int, str]) -> None:
    """Each year's share with its interval (hollow in a flagged year) and its ``k/n`` above."""
    for r in g.itertuples():
        y, lo, hi = r.share * 100, r.share_low * 100, r.share_high * 100
        hollow = int(r.year) in flags
        ax.errorbar(
            r.year,
            y,
            yerr=[[y - lo], [hi - y]],
            fmt="o",
            color=color,
            ms=6,
            capsize=3,
            lw=1.4,
            mfc="white" if hollow else color,
        )
        ax.annotate(
            f"{int(getattr(r, 'n_tasks', getattr(r, 'n', 0)))}/{int(getattr(r, 'n_tasks_year', getattr(r, 'n_year', 0)))}",
            (r.year, hi),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color="#333333",
        )


def _shown_changes(changes: pd.DataFrame, category: str, c: str, last_pair: list) -> pd.DataFrame:
    """The changes a panel states: any earlier consecutive pair whose change is clear, then the latest pair."""
    mine = changes[changes[category] == c]
    latest = mine[(mine["year_from"] == last_pair[0]) & (mine["year_to"] == last_pair[1])]
    clear = mine[
        (mine.get("pair", "consecutive") == "consecutive")
        & mine["verdict"].isin(["rise", "fall"])
        & ~mine.index.isin(latest.index)
    ]
    return pd.concat([clear.sort_values("year_from"), latest])


def _change_line(r: pd.Series, lang: str) -> str:
    """One change in words: ``2020→2024: fall, -12 (-30…+5)``."""
    word = tr(r["verdict"] if r["verdict"] in ("rise", "fall") else "no clear change", lang)  # code_labels.csv
    return label(
        f"{r['year_from']}→{r['year_to']}：{word} {_pp(r['diff'])}（{_pp(r['diff_low'])}…{_pp(r['diff_high'])}）",
        f"{r['year_from']}→{r['year_to']}: {word}, {_pp(r['diff'])} ({_pp(r['diff_low'])}…{_pp(r['diff_high'])})",
        lang,
    )


def _panel_verdicts(ax: plt.Axes, changes: pd.DataFrame, category: str, c: str, last_pair: list, lang: str) -> None:
    """The latest pair of lists, and any earlier consecutive pair whose change is clear, at the top of a panel."""
    shown = _shown_changes(changes, category, c, last_pair)
    lines = [_change_line(r, lang) for _, r in shown.iterrows()]
    if lines:
        ax.text(
            0.5,
            0.985,
            "\n".join(lines),
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=7.5,
            color="#D55E00" if shown["verdict"].isin(["rise", "fall"]).any() else "#444444",
            bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 1},
        )


def _panels_note(
    calendar: Calendar, flags: dict[int, str], unit: tuple[str, str], extra: str, width: int, lang: str
) -> list[str]:
    """The lines under the title: how to read a panel, the chart's own note, then the years without a list."""
    hollow_note = "".join(label(f"空心点：{t}", f"hollow: {t}", lang) for t in list(flags.values())[:1])
    note = label(
        f"点：占比；竖线：95% Wilson区间；数字：{unit[0]}数/当年{unit[0]}数。上方为最近两份清单之差（及此前的明确变化，百分点）与括号内的95%区间"
        f"（区间含0即“无明确变化”）。" + (hollow_note and f"{hollow_note}。"),
        f"dot: share; bar: 95% Wilson interval; label: {unit[1]}/{unit[1]} in the year. Above: the latest change (and any earlier "
        f"clear one) in percentage points with its 95% interval in brackets (an interval including 0 is 'no clear change')."
        + (hollow_note and f" {hollow_note}."),
        lang,
    ) + (f" {extra}" if extra else "")
    lines = wrap(note, width)
    if gap_note(calendar, lang):  # its own line, never broken: the years without a list are what a reader must not miss
        lines.append(label(f"灰色带 = {gap_note(calendar, lang)}", f"grey bands = {gap_note(calendar, lang)}", lang))
    return lines


def share_panels(
    calendar: Calendar,
    data: pd.DataFrame,
    category: str,
    order: list[str],
    title: str,
    lang: str,
    labeler=None,
    changes: pd.DataFrame | None = None,
    colors: dict[str, str] | None = None,
    flags: dict[int, str] | None = None,
    ncols: int = 4,
    unit: tuple[str, str] = ("任务", "tasks"),
    note: str = "",
    methods: tuple[str, ...] = (),
) -> plt.Figure:
    """One small panel per category: its share of each year's list with the 95 % interval and ``k/n``.

    Shares of 18–25 tasks are uncertain by about ±20 points, so each point carries its
    interval (``share_low`` / ``share_high``) and its count; ``changes`` (from
    :func:`ipanalysis.analysis.uncertainty.compare`) gives each panel's verdict for the
    latest pair of lists. Years in ``flags`` (a document of narrower scope) are drawn
    hollow. All panels share one y axis, so heights compare across panels. The Wilson
    interval, the interval of a change and any other ``methods`` (codes of
    method_notes.csv) are explained in plain words under the chart.
    """
    from ipanalysis.analysis.years import span

    labeler = labeler or (lambda c: tr(c, lang))
    flags = flags or {}
    present = list(calendar.present)
    years = span(present, data["year"])
    cats = [c for c in order if c in set(data[category])]
    nrows = -(-len(cats) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 3.3 * nrows + 1.6), sharey=True, squeeze=False)
    top = _panel_top(data, category, changes)
    last_pair = _latest_pair(changes)
    for ax, c in zip(axes.flat, cats, strict=False):
        color = (colors or {}).get(c, PALETTE[cats.index(c) % len(PALETTE)])
        calendar_axis(ax, present, years, lang, text=False)
        _share_points(ax, data[data[category] == c].sort_values("year"), color, flags)
        ax.set_ylim(0, top)
        ax.set_yticks([t for t in range(0, 101, 20 if top > 60 else 10) if t <= top - 12])
        ax.tick_params(axis="x", labelsize=7.5, rotation=90)
        ax.set_title(labeler(c), fontsize=10.5, color="#222222", pad=4)
        if last_pair is not None and changes is not None:
            _panel_verdicts(ax, changes, category, c, last_pair, lang)
        ax.grid(axis="y", color="#DDDDDD", lw=0.6)
        ax.set_axisbelow(True)
    for ax in axes.flat[len(cats) :]:
        ax.axis("off")
    for row in axes:
        row[0].set_ylabel(label(f"占当年{unit[0]} %", f"% of the year's {unit[1]}", lang))
    fig.suptitle(title, fontsize=13, fontweight="bold", y=0.995, va="top")
    width = int(fig.get_figwidth() * (7 if lang == "zh" else 13))  # characters that fit the figure's width
    lines = _panels_note(calendar, flags, unit, note, width, lang)
    fig.text(
        0.5,
        0.995 - 0.42 / fig.get_figheight(),
        "\n".join(lines),
        ha="center",
        va="top",
        fontsize=8.5,
        color="#333333",
        linespacing=1.45,  # CJK glyphs are taller: lines of a Chinese note touch at the default spacing
    )
    title_lines = max(len(ax.get_title().splitlines()) for ax in axes.flat[: len(cats)])
    fig.subplots_adjust(
        top=1 - (0.95 + 0.18 * len(lines) + 0.18 * title_lines) / fig.get_figheight(),
        hspace=0.45 + 0.12 * title_lines,
        wspace=0.12,
        bottom=1.0 / fig.get_figheight(),
    )
    plain_words(fig, method_notes(("wilson", "newcombe", *methods), lang))
    mark_laid_out(fig)
    return fig
