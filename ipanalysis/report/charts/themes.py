"""Charts of the themes analysis: functions of the frames they name, each returning ``(figure, data, source)``.

Orders and labels come from the codebook (``unclassified`` shown as such, in grey),
years from the corpus, and every source line names the method.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ipanalysis.analysis import themes as th
from ipanalysis.analysis.years import Calendar, span, year_range_label
from ipanalysis.report.primitives import CHANGE_CODES, annotate_cells, count_axis, headline, panel_grid, share_panels
from ipanalysis.report.render import mark_laid_out, plain_words
from ipanalysis.report.theme import PALETTE, UNCLASSIFIED_COLOR
from ipanalysis.report.words import (
    code_labeler,
    gap_note,
    gloss,
    label,
    localize,
    method_notes,
    source_text,
    term_notes,
    tr,
    with_labels,
)


def _src(calendar: Calendar, lang: str, method: str = "") -> str:
    return source_text(calendar, lang, extra=method) if method else source_text(calendar, lang)


def _coding(lang: str) -> str:
    return label(
        "编码：ipa.code_tasks（关键词类别与盲编码训练的模型；与人工盲编码的一致性见 ipanalysis validate-coding）",
        "coding: ipa.code_tasks (keyword classes and a model trained on blind coding; agreement: ipanalysis validate-coding)",
        lang,
    )


def _code_label(code: str, lang: str) -> str:
    c = {(x.code): x for x in th.codebook()}[code]
    return c.label_zh if lang == "zh" else c.label_en


def _colors(order: tuple[str, ...]) -> dict[str, str]:
    return {c: UNCLASSIFIED_COLOR if c == th.UNCLASSIFIED else PALETTE[i % 8] for i, c in enumerate(order)}


def _gap_text(calendar: Calendar, lang: str) -> str:
    note = gap_note(calendar, lang)
    return label(f"（{note}）", f" ({note})", lang) if note else ""


def stage_shares_chart(
    stage_shares: pd.DataFrame, stage_shifts: pd.DataFrame, scope_flags: dict[int, str], calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Each stage's share of each list with its 95 % interval and the latest change's verdict."""
    s, shifts, flags = stage_shares, stage_shifts, scope_flags
    order = th.stages()
    years = span(calendar.present, s["year"])
    u = s[s.chain_stage == th.UNCLASSIFIED].set_index("year")["n_tasks"]
    fig = share_panels(
        calendar,
        s[s.chain_stage != th.UNCLASSIFIED],
        "chain_stage",
        [c for c in order if c != th.UNCLASSIFIED],
        label(
            f"任务的知识产权链条环节（占当年任务 %，95%区间），{year_range_label(years, 'zh')}",
            f"Tasks by stage of the IP chain (% of the year's tasks, 95% interval), {year_range_label(years, 'en')}",
            lang,
        ),
        lang,
        labeler=lambda c: _code_label(c, lang),
        changes=shifts,
        colors=_colors(order),
        flags={y: label(f"{y}年文件的范围较窄", f"{y}: {why}", lang) for y, why in flags.items()},
        note=label("未分类任务：", "Unclassified tasks: ", lang) + ", ".join(f"{y} {v}" for y, v in u.items()),
        methods=("coding",),
    )
    data = pd.concat([s.assign(kind="share"), shifts.assign(kind="change")], ignore_index=True)
    data = with_labels(
        data, {"chain_stage": lambda c: _code_label(c, lang), **dict.fromkeys(CHANGE_CODES, code_labeler(lang))}
    )
    return fig, localize(data, lang), _src(calendar, lang, _coding(lang))


def stage_instrument_chart(
    stage_instrument: pd.DataFrame, calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Stage × instrument per list year, coloured by share of the year's measure sentences."""
    d = stage_instrument
    years = sorted(d["year"].unique())
    stages, insts = th.stages(), th.instruments()
    fig = plt.figure(figsize=(4 * len(years) + 2.5, 6))
    gs = fig.add_gridspec(1, len(years) + 1, width_ratios=[1] * len(years) + [0.06], wspace=0.08)
    axes = [fig.add_subplot(gs[0, k]) for k in range(len(years))]
    im = None
    for k, (ax, y) in enumerate(zip(axes, years, strict=True)):
        g = d[d.year == y]
        n = g.pivot_table(index="chain_stage", columns="instrument", values="n_sentences", fill_value=0).reindex(
            index=stages, columns=insts, fill_value=0
        )
        total = int(g["n_sentences_year"].iloc[0])
        share = n / total * 100
        im = ax.imshow(share.values, cmap="Blues", vmin=0, vmax=25, aspect="auto")
        for i in range(n.shape[0]):
            for j in range(n.shape[1]):
                v = int(n.values[i, j])
                if v:
                    ax.text(
                        j,
                        i,
                        f"{v}\n{share.values[i, j]:.0f}%",
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color="white" if share.values[i, j] > 14 else "black",
                    )
        ax.set_xticks(range(len(insts)), [_code_label(c, lang) for c in insts], rotation=30, ha="right")
        ax.set_yticks(range(len(stages)), [_code_label(c, lang) if k == 0 else "" for c in stages])
        unc = int(g[g.instrument == th.UNCLASSIFIED]["n_sentences"].sum())
        ax.set_title(
            label(
                f"{y}（n={total}句；未分类{unc / total:.0%}）", f"{y} (n={total}; unclassified {unc / total:.0%})", lang
            ),
            fontsize=11,
        )
        ax.spines[:].set_visible(False)
    assert im is not None  # one panel a year, at least one year
    cb = fig.colorbar(im, cax=fig.add_subplot(gs[0, -1]))
    cb.set_label(label("占当年举措句数 %", "% of the year's measure sentences", lang))
    fig.text(
        0.5,
        0.905,
        label(
            "同一任务的举措句并不独立：每格的 95% 区间按任务重抽样（bootstrap）求得，见本图 CSV（share_low、share_high）。",
            "Sentences of one task are not independent: each cell's 95% interval, from resampling whole tasks "
            "(bootstrap), is in this chart's CSV (share_low, share_high).",
            lang,
        ),
        ha="center",
        fontsize=8.5,
        color="#333333",
    )
    fig.suptitle(
        label(
            f"环节 × 政策工具（句数与占当年举措句数 %），{year_range_label(years, 'zh')}" + _gap_text(calendar, "zh"),
            f"Stage × policy instrument (sentences and % of the year's measure sentences), "
            f"{year_range_label(years, 'en')}" + _gap_text(calendar, "en"),
            lang,
        ),
        fontsize=13,
        fontweight="bold",
    )
    fig.subplots_adjust(left=0.09, right=0.95, top=0.84, bottom=0.2)
    plain_words(fig, method_notes(["bootstrap", "coding"], lang))
    mark_laid_out(fig)
    data = with_labels(d, dict.fromkeys(["chain_stage", "instrument"], lambda c: _code_label(c, lang)))
    return fig, localize(data, lang), _src(calendar, lang, _coding(lang))


def keyness_chart(
    keyness_shared: pd.DataFrame, shared_scope: th.ScopeNote, calendar: Calendar, lang: str, n: int = 8
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Each year against the others within the scope all lists share: G², significance after BH."""
    k, note = keyness_shared, shared_scope
    years = sorted(k["year"].unique())
    fig, axes = panel_grid(len(years), 14, 5.3, 1.4)
    rows = []
    for ax, y in zip(axes, years, strict=True):
        g = k[k.year == y]
        over = g[g.direction == "over"].head(n)
        under = g[g.direction == "under"].head(n)
        sel = pd.concat([over.iloc[::-1], under.iloc[::-1]])
        vals = np.where(sel["direction"] == "over", sel["g2"], -sel["g2"])
        sig = sel["p_adjusted"].values < 0.05
        colors = [
            (PALETTE[0] if v > 0 else PALETTE[5]) if s else ("#A6C8E0" if v > 0 else "#F0B99A")
            for v, s in zip(vals, sig, strict=True)
        ]
        ax.barh(range(len(sel)), vals, color=colors)
        ax.set_yticks(range(len(sel)), [gloss(t, lang) for t in sel["term"]], fontsize=9)
        ax.axvline(0, color="black", lw=0.8)
        n_sig = int((g["p_adjusted"] < 0.05).sum())
        ax.set_title(
            label(f"{y}（校正后显著的词：{n_sig}个）", f"{y} ({n_sig} terms significant after BH)", lang), fontsize=11.5
        )
        ax.set_xlabel(
            label("G²（右：该年多用；左：该年少用）", "G² (right: used more that year; left: less)", lang), fontsize=9.5
        )
        rows.append(sel.assign(signed_g2=vals, significant=sig))
    narrow = ", ".join(f"{y}" for y in note.narrow)
    scope_zh = (
        f"只比较各清单共有的范围（专利）：{narrow}年文件仅涵盖专利，商标、地理标志等词从所有年份中去除。"
        if note.narrow
        else ""
    )
    scope_en = (
        f"Compared within the scope every list shares (patents): the {narrow} document covers patents only, so "
        "trademark, geographical-indication and other non-patent terms are left out of every year. "
        if note.narrow
        else ""
    )
    min_freq = int(k["min_freq"].iloc[0])
    headline(
        fig,
        label(
            "各年关键词：每年对其他年份的对数似然 G²" + _gap_text(calendar, "zh"),
            "Keyness: each year's words against the other years (log-likelihood G²)" + _gap_text(calendar, "en"),
            lang,
        ),
        textwrap.fill(
            label(
                scope_zh + f"仅检验总频次≥{min_freq}的词；深色：Benjamini–Hochberg 校正后 q<0.05，浅色：不显著。"
                "停用词含领域复核（stopwords.txt）。",
                scope_en + f"Only terms used ≥{min_freq} times are tested; dark bars: Benjamini–Hochberg q<0.05, "
                "light: not significant. Stopwords include a domain review (stopwords.txt).",
                lang,
            ),
            110 if lang == "zh" else 180,
        ),
    )
    fig.tight_layout(rect=(0, 0.03, 1, 1 - 1.0 / fig.get_figheight()))
    shown = pd.concat(rows, ignore_index=True)
    plain_words(fig, [*method_notes(["g2", "bh"], lang), *term_notes(shown["term"], lang)])
    mark_laid_out(fig)
    method = label(
        "方法：jieba分词（领域词表），各年对其他年份的 G²，BH 校正",
        "method: jieba tokens (domain lexicon), G² of each year against the others, BH-adjusted",
        lang,
    )
    data = with_labels(shown, dict.fromkeys(["direction", "scope"], code_labeler(lang)))
    return fig, localize(data, lang), _src(calendar, lang, method)


def topic_shares_chart(
    topics: tuple[pd.DataFrame, pd.DataFrame], scope_flags: dict[int, str], calendar: Calendar, lang: str
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Each NMF topic's share of each list with its 95 % interval and the latest change's verdict."""
    tt, doc = topics
    s = th.topic_shares(doc)
    names = {
        r.topic: f"{r.topic}: " + " · ".join(gloss(t, lang) for t in r.label.split(" · ")) for r in tt.itertuples()
    }
    years = span(calendar.present, s["year"])
    full = (
        s.set_index(["year", "topic"])
        .reindex(pd.MultiIndex.from_product([sorted(s["year"].unique()), sorted(names)], names=["year", "topic"]))
        .reset_index()
    )
    full["n_tasks"] = full["n_tasks"].fillna(0).astype(int)
    full["n_tasks_year"] = full["year"].map(s.groupby("year")["n_tasks_year"].first()).astype(int)
    full["share"] = (full["n_tasks"] / full["n_tasks_year"]).round(4)
    full = th.add_interval(full.drop(columns=["share_low", "share_high"]), "n_tasks", "n_tasks_year")
    changes = th.compare(full, "topic", flags=scope_flags)
    fig = share_panels(
        calendar,
        full,
        "topic",
        sorted(names),
        label(
            f"NMF主题（{len(tt)}个）占当年任务的比例（95%区间），{year_range_label(years, 'zh')}",
            f"NMF topics ({len(tt)}): share of each year's tasks (95% interval), {year_range_label(years, 'en')}",
            lang,
        ),
        lang,
        labeler=lambda c: "\n".join(textwrap.wrap(names[c], 26)),
        changes=changes,
        colors={c: PALETTE[i % 8] for i, c in enumerate(sorted(names))},
        flags={y: label(f"{y}年文件的范围较窄", f"{y}: {why}", lang) for y, why in scope_flags.items()},
        methods=("nmf", "tfidf"),
    )
    data = pd.concat(
        [full.merge(tt, on="topic").assign(kind="share"), changes.assign(kind="change")], ignore_index=True
    )
    data = with_labels(data, dict.fromkeys(CHANGE_CODES, code_labeler(lang)))
    starts = len(_default(th.topic_stability, "seeds"))  # the captions say what the analysis did
    method = label(
        f"方法：任务TF-IDF上的NMF（非负矩阵分解，把词频拆成若干“主题”），主题数按{starts}个随机起点的稳定性选定，"
        "每个任务计入权重最大的主题；主题名为该主题最具区分度的两个词",
        f"method: NMF (non-negative matrix factorisation: splits word counts into 'topics') on the tasks' TF-IDF, "
        f"number of topics chosen by stability over {starts} random starts, each task counted in its heaviest topic; "
        "topic names: its two most distinctive words",
        lang,
    )
    return fig, localize(data, lang), _src(calendar, lang, method)


def _default(fn, name: str):
    """A parameter's default, read from the analysis itself (a caption never restates it by hand)."""
    return inspect.signature(fn).parameters[name].default


def _ordinal(x: float) -> str:
    """95 → 95th, 97.5 → 97.5th, 21 → 21st."""
    if not float(x).is_integer():
        return f"{x:g}th"
    n = int(x)
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


CONTINUITY_COLORS = {"continued": PALETTE[0], "dropped": PALETTE[5], "new": PALETTE[2]}


def _continuity_parts(lang: str) -> list[tuple[str, str, str, str, str, str]]:
    """The two bars of a pair of lists: (continued column, other column, size, year, label continued, label other)."""
    return [
        (
            "from_continued",
            "from_dropped",
            "n_from",
            "year_from",
            tr("continued", lang),
            tr("dropped", lang),
        ),
        ("to_continued", "to_new", "n_to", "year_to", tr("continued", lang), tr("new", lang)),
    ]


def _band_label(lang: str) -> str:
    return label(
        f"延续数在{th.BAND[0] * 100:g}–{th.BAND[-1] * 100:g}%分位阈值间的范围",
        f"continued over thresholds at the {_ordinal(th.BAND[0] * 100)}–{_ordinal(th.BAND[-1] * 100)} percentile",
        lang,
    )


def _list_bar(ax0: plt.Axes, xx: int, r, part: tuple, first: bool, sens: pd.DataFrame, lang: str) -> None:
    """One list of a pair: its continued tasks and the rest stacked, the range over thresholds, its size on top."""
    cont, other, size, _, lab_c, lab_o = part
    c, o = getattr(r, cont), getattr(r, other)
    key = "dropped" if other == "from_dropped" else "new"
    ax0.bar(
        xx,
        c,
        color=CONTINUITY_COLORS["continued"],
        width=0.8,
        label=lab_c if first and cont == "from_continued" else None,
    )
    ax0.bar(xx, o, bottom=c, color=CONTINUITY_COLORS[key], width=0.8, label=lab_o if first else None)
    for v, b in ((c, 0), (o, c)):
        if v:
            ax0.text(xx, b + v / 2, str(v), ha="center", va="center", color="white", fontsize=9.5)
    band = sens[(sens.year_from == r.year_from) & (sens.year_to == r.year_to)][cont]
    ax0.errorbar(
        xx + 0.28,
        c,
        yerr=[[c - band.min()], [band.max() - c]],
        fmt="_",
        color="#222222",
        capsize=4,
        lw=1.3,
        label=_band_label(lang) if first and cont == "from_continued" else None,
    )
    ax0.text(xx, getattr(r, size) + 0.4, f"n={getattr(r, size)}", ha="center", va="bottom", fontsize=8.5)


def _between_label(r, lang: str) -> str:
    """``2020 → 2024: 3 years without a list between`` (or adjacent years)."""
    gap = r.years_between
    return label(
        f"{r.year_from} → {r.year_to}：" + (f"中间{gap}年无清单" if gap else "相邻年份"),
        f"{r.year_from} → {r.year_to}: "
        + (f"{gap} year{'s' if gap > 1 else ''} without a list between" if gap else "adjacent years"),
        lang,
    )


def _continuity_bars(ax0: plt.Axes, summary: pd.DataFrame, sens: pd.DataFrame, lang: str) -> None:
    """Each pair of consecutive lists as two stacked bars (earlier, later), how far apart under them."""
    ticks, ticklabels = [], []
    for p, r in enumerate(summary.itertuples()):
        for side, part in enumerate(_continuity_parts(lang)):
            xx = p * 3 + side
            _list_bar(ax0, xx, r, part, p == 0, sens, lang)
            ticks.append(xx)
            ticklabels.append(
                label(
                    f"{getattr(r, part[3])}年清单\n（{'较早' if side == 0 else '较晚'}）",
                    f"{getattr(r, part[3])} list\n({'earlier' if side == 0 else 'later'})",
                    lang,
                )
            )
        ax0.text(
            p * 3 + 0.5,
            -0.33,
            _between_label(r, lang),
            transform=ax0.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=10,
            fontweight="bold",
            color="#D55E00" if r.years_between else "#333333",
        )
    ax0.set_xticks(ticks, ticklabels, fontsize=9)
    ax0.set_ylabel(label("任务数", "tasks", lang))
    ax0.set_ylim(0, summary[["n_from", "n_to"]].max().max() + 3)
    count_axis(ax0.yaxis)
    ax0.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    thr = float(summary["threshold"].iloc[0])
    pct = round(100 * _default(th.continuity_threshold, "quantile"), 6)
    ax0.set_title(
        label(
            f"语料库中相继两份清单的任务延续（每份清单按自身计，合计等于清单任务数；TF-IDF余弦 ≥ {thr:.2f}，"
            f"即全部跨清单配对的{pct:g}%分位）",
            f"Tasks carried over between consecutive lists of the corpus (each list counted on its own, parts sum to "
            f"its size; TF-IDF cosine ≥ {thr:.2f}, the {_ordinal(pct)} percentile of all cross-list pairs)",
            lang,
        ),
        fontsize=11,
    )


def _flow_panel(ax: plt.Axes, m: pd.DataFrame, vmax: int, first: bool, pair: tuple, confident: float, lang: str):
    """Stages of the continued tasks of one pair of lists (earlier × later); returns the image."""
    a, b = pair
    stages = list(m.index)
    im = ax.imshow(m.values, cmap="Greens", vmin=0, vmax=vmax, aspect="auto")
    annotate_cells(ax, m.values, vmax)
    ax.set_xticks(range(len(stages)), [_code_label(c, lang) for c in stages], rotation=45, ha="right")
    ax.set_yticks(range(len(stages)), [_code_label(c, lang) if first else "" for c in stages])
    ax.set_xlabel(label(f"{b}年任务的环节", f"stage in {b}", lang), fontsize=9.5)
    if first:
        ax.set_ylabel(label("较早清单中对应任务的环节", "stage of the matched earlier task", lang), fontsize=9.5)
    ax.set_title(
        label(
            f"{a} → {b}（相似度 ≥ {confident:.2f} 的延续任务）",
            f"{a} → {b} (continued, similarity ≥ {confident:.2f})",
            lang,
        ),
        fontsize=11,
    )
    ax.spines[:].set_visible(False)
    return im


def _flow_panels(fig: plt.Figure, gs, flows: pd.DataFrame, pairs: list, confident: float, lang: str) -> None:
    """One stage-flow heat map per pair of lists on the lower row, and their colour bar."""
    stages = th.stages()
    im = None
    vmax = max(int(flows["n_tasks"].max()) if len(flows) else 1, 1)
    for k, (a, b) in enumerate(pairs):
        ax = fig.add_subplot(gs[1, k])
        f = flows[(flows.year_from == a) & (flows.year_to == b)]
        m = f.pivot_table(index="stage_from", columns="stage_to", values="n_tasks", fill_value=0).reindex(
            index=stages, columns=stages, fill_value=0
        )
        im = _flow_panel(ax, m, vmax, k == 0, (a, b), confident, lang)
    if im is not None:
        cb = fig.colorbar(im, cax=fig.add_subplot(gs[1, -1]), ticks=range(vmax + 1))
        cb.set_label(label("任务数", "tasks", lang))


def _list_parts(summary: pd.DataFrame) -> pd.DataFrame:
    """The bars of the continuity chart, one row each: a list's year, its part (continued, dropped, new) and its tasks."""
    rows = [
        {
            "year_from": r.year_from,
            "year_to": r.year_to,
            "year": getattr(r, year),
            "part": part,
            "n_tasks": getattr(r, column),
        }
        for r in summary.itertuples()
        for year, column, part in (
            ("year_from", "from_continued", "continued"),
            ("year_from", "from_dropped", "dropped"),
            ("year_to", "to_continued", "continued"),
            ("year_to", "to_new", "new"),
        )
    ]
    return pd.DataFrame(rows, columns=["year_from", "year_to", "year", "part", "n_tasks"])


def _continuity_data(
    summary: pd.DataFrame, sens: pd.DataFrame, flows: pd.DataFrame, confident: float, lang: str
) -> pd.DataFrame:
    """The continuity chart's data: the summary, its bars, the sensitivity to the threshold, the stage flows.

    ``kind_label`` says what the rows are as the chart does (the sensitivity rows: as the
    legend names their range); ``part_label`` and the stage labels are the chart's words.
    """
    data = pd.concat(
        [
            summary.assign(kind="summary"),
            _list_parts(summary).assign(kind="list_part"),
            sens.assign(kind="sensitivity"),
            flows.assign(kind="stage_flow", min_similarity=confident),
        ],
        ignore_index=True,
    )
    data["year"] = data["year"].astype("Int64")  # the year of a list part's list (empty on the other rows)
    stage = lambda c: _code_label(c, lang)  # noqa: E731
    kind = lambda k: _band_label(lang) if k == "sensitivity" else tr(k, lang)  # noqa: E731
    return with_labels(data, {"kind": kind, "part": code_labeler(lang), "stage_from": stage, "stage_to": stage})


def continuity_chart(
    continuity: tuple[pd.DataFrame, pd.DataFrame],
    continuity_sensitivity: pd.DataFrame,
    similarities: pd.DataFrame,
    task_codes: pd.DataFrame,
    calendar: Calendar,
    lang: str,
) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Consecutive lists: what of each list continues, on one basis per list; stage flows of continued tasks."""
    best, summary = continuity
    sens = continuity_sensitivity
    confident = th.continuity_threshold(similarities, th.CONFIDENT)
    flows = th.stage_flows(task_codes, similarities, matches=best, min_similarity=confident)
    pairs = list(summary[["year_from", "year_to"]].itertuples(index=False, name=None))
    fig = plt.figure(figsize=(max(15, 5 * len(pairs)), 10.5))
    gs = fig.add_gridspec(2, len(pairs) + 1, height_ratios=[1, 1.5], width_ratios=[1] * len(pairs) + [0.05])
    _continuity_bars(fig.add_subplot(gs[0, :-1]), summary, sens, lang)
    _flow_panels(fig, gs, flows, pairs, confident, lang)
    years = sorted({*summary["year_from"], *summary["year_to"]})
    fig.suptitle(
        label(
            f"任务延续与链条环节流向，{year_range_label(years, 'zh')}" + _gap_text(calendar, "zh"),
            f"Continuity of tasks and flows between stages, {year_range_label(years, 'en')}"
            + _gap_text(calendar, "en"),
            lang,
        ),
        fontsize=14,
        fontweight="bold",
    )
    fig.subplots_adjust(left=0.1, right=0.9, top=0.9, bottom=0.16, hspace=0.62)
    mark_laid_out(fig)
    fig.text(
        0.5,
        0.56,
        label(
            f"下方环节流向只计相似度不低于全部跨清单配对{th.CONFIDENT * 100:g}%分位（{confident:.2f}）的配对：阈值附近的配对可能是误配。",
            f"The stage flows below count only links at or above the {_ordinal(th.CONFIDENT * 100)} percentile of all "
            f"cross-list pairs ({confident:.2f}): links near the threshold may be wrong.",
            lang,
        ),
        ha="center",
        fontsize=9.5,
        color="#333333",
    )
    plain_words(fig, method_notes(["tfidf"], lang))
    method = label("方法：任务标题与举措的TF-IDF余弦相似度", "method: TF-IDF cosine of task titles and measures", lang)
    return fig, localize(_continuity_data(summary, sens, flows, confident, lang), lang), _src(calendar, lang, method)


CHARTS: dict[str, Callable[..., Any]] = {
    "themes_stage_shares": stage_shares_chart,
    "themes_stage_instrument": stage_instrument_chart,
    "themes_keyness": keyness_chart,
    "themes_topic_shares": topic_shares_chart,
    "themes_continuity": continuity_chart,
}
