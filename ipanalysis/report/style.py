"""The house style of every chart: CJK font, palette, titles, source line, exports.

One module, so that every chart reads the same at briefing size and every export has
its data beside it (PNG at 200 dpi, SVG and CSV with the same stem).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import textwrap
import warnings
from collections.abc import Iterable
from functools import lru_cache

import matplotlib

if "ipykernel" not in sys.modules:  # headless export; a notebook keeps its inline backend
    matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.text import Text

from ipanalysis.analysis.years import Calendar
from ipanalysis.config import REPORT_REF
from ipanalysis.errors import FontNotFoundError

# Fonts with Simplified Chinese glyphs, best first: Linux (Noto/Source Han/WenQuanYi),
# macOS (PingFang, Hiragino, STHeiti), Windows (Microsoft YaHei, SimHei, DengXian).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "PingFang SC",
    "Hiragino Sans GB",
    "STHeiti",
    "Microsoft YaHei",
    "DengXian",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Noto Sans CJK JP",
    "Source Han Sans",
)
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999")
DPI = 200


def _installed() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


@lru_cache(maxsize=1)
def find_cjk_font() -> str:
    """Name of the first installed CJK font of :data:`CJK_FONTS`.

    A font installed after matplotlib built its cache is not seen, so the cache is
    rebuilt once before giving up.
    """
    for attempt in range(2):
        names = _installed()
        for name in CJK_FONTS:
            if name in names:
                return name
        if attempt == 0:
            font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
    raise FontNotFoundError(
        "No font with Chinese glyphs found (tried: " + ", ".join(CJK_FONTS) + "). Install one: "
        "Debian/Ubuntu `apt-get install fonts-noto-cjk`; conda `conda install -c conda-forge font-ttf-noto-cjk`; "
        "macOS and Windows ship PingFang SC / Microsoft YaHei."
    )


def use_style() -> str:
    """Set the house style; return the CJK font used."""
    font = find_cjk_font()
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [font, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": DPI,
            "figure.figsize": (9, 5.5),
            "axes.titlesize": 14,
            "axes.titleweight": "bold",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 9.5,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            "svg.hashsalt": "ipanalysis",
            "svg.fonttype": "path",
            "pdf.fonttype": 42,
        }
    )
    return font


@lru_cache(maxsize=1)
def _labels() -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, list[str]]]:
    """(glossary zh → en, code → {zh, en}, kind → codes or glossary terms in file order)."""
    zh_en: dict[str, str] = {}
    codes: dict[str, dict[str, str]] = {}
    order: dict[str, list[str]] = {}
    with (REPORT_REF / "glossary.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            zh_en[r["zh"]] = r["en"]
            order.setdefault(f"glossary:{r['kind']}", []).append(r["zh"])
    with (REPORT_REF / "code_labels.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            codes[r["code"]] = {"zh": r["zh"], "en": r["en"]}
            order.setdefault(r["kind"], []).append(r["code"])
    return zh_en, codes, order


def code_order(kind: str) -> list[str]:
    """Codes of one kind (actor_level, profile, doc_kind …) in the order of code_labels.csv."""
    return list(_labels()[2].get(kind, []))


def glossary_order(kind: str) -> list[str]:
    """Chinese terms of one kind (completion, department …) in the order of glossary.csv."""
    return list(_labels()[2].get(f"glossary:{kind}", []))


def tr(text: object, lang: str) -> str:
    """Label in the chart language.

    Codes (``binding_all``, ``national`` …) come from code_labels.csv in either language;
    Chinese text stays as written, or becomes English from the glossary
    (data/reference/report/glossary.csv). A Chinese term the glossary lacks stays
    Chinese, and the English-output test names it.
    """
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    zh_en, codes, _ = _labels()
    if s in codes:
        return codes[s][lang]
    if lang == "zh":
        return s
    return zh_en.get(s, s)


def gloss(term: object, lang: str) -> str:
    """A Chinese term for a reader of ``lang``: as written (zh), or ``English (中文)`` (en).

    For words that are the object of the analysis (keyness terms, topic words): the
    English reader sees what the text says and what it means.
    """
    s = tr(term, "zh")
    if lang == "zh" or not has_cjk(s):
        return s
    en = tr(s, "en")
    return f"{en} ({s})" if en != s else s


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PIECES = re.compile(r"(\s*[/;；、·|]\s*|\s+)")
# an English gloss with its Chinese in brackets: "Dept. of IP Protection (保护司)"
_GLOSSED = re.compile(r"[A-Za-z](?:[^()（）/;；、|·]|\([^()\u3400-\u9fff]*\))*[(（][^()（）]*[)）]")
_CJK_PIECE = re.compile(r"[^\s/;；、|·]*[\u3400-\u9fff\uf900-\ufaff][^\s/;；、|·]*")


def has_cjk(text: object) -> bool:
    return isinstance(text, str) and bool(CJK.search(text))


def chinese_only(text: object) -> list[str]:
    """The Chinese pieces of a text that no English gloss accompanies.

    The house form of a gloss is ``English (中文)``; Chinese anywhere else (alone, or
    before its English) is reported.
    """
    if not has_cjk(text):
        return []
    rest = _GLOSSED.sub(" ", str(text))
    return [p for p in _CJK_PIECE.findall(rest) if has_cjk(p)]


def _localize_cell(value: object) -> object:
    if not has_cjk(value):
        return value
    text = str(value)
    whole = gloss(text, "en")
    if whole != text:
        return whole
    return "".join(gloss(p, "en") if has_cjk(p) else p for p in _PIECES.split(text))


def localize(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A chart's data for readers of ``lang``: in English every Chinese value gets its gloss.

    Column names are English in both languages; values keep their Chinese beside the
    English (``Dept. of IP Protection (保护司)``) so a row can be traced to the text.
    """
    if lang == "zh":
        return data
    out = data.copy()
    for c in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c])):
            out[c] = out[c].map(_localize_cell)
    return out


def label(zh: str, en: str, lang: str) -> str:
    """A fixed chart label in the chart language."""
    return zh if lang == "zh" else en


# ---------------------------------------------------------------- corpus facts in words


def source_text(calendar: Calendar, lang: str, kinds: Iterable[str] | None = None, extra: str = "") -> str:
    """The source line of a chart, from the corpus calendar (years and kinds, never typed).

    ``kinds`` restricts it to some kinds of document (targets: lists and work guides).
    """
    parts = []
    for y, ks in calendar.kinds.items():
        ks = [k for k in ks if kinds is None or k in kinds]
        if ks:
            sep = "、" if lang == "zh" else ", "
            names = sep.join(tr(k, lang) for k in ks)
            parts.append(f"{y}年{names}" if lang == "zh" else f"{y} {names}")
    docs = ("；" if lang == "zh" else "; ").join(parts)
    head = label(
        f"来源：语料库文件（data/catalog.csv）：{docs}", f"Source: corpus documents (data/catalog.csv): {docs}", lang
    )
    tail = label("；ipanalysis", "; ipanalysis", lang)
    return head + (("；" if lang == "zh" else "; ") + extra if extra else "") + tail


def source_line(fig: plt.Figure, text: str) -> None:
    """The source at the foot of the figure, wrapped to the figure's width."""
    # characters an inch at 8 pt: a CJK glyph is 8 pt wide (9 an inch), a Latin one about 4.5 pt (15 an inch)
    width = int(fig.get_figwidth() * (8.5 if has_cjk(text) and not re.search(r"[A-Za-z]{4,}\s", text) else 15))
    fig.text(0.01, 0.005, textwrap.fill(text, max(width, 60)), ha="left", va="bottom", fontsize=8, color="#555555")


def _format_options(fmt: str, fig: plt.Figure) -> dict:
    """Metadata that makes a file say what it is and which version made it, with no date.

    PNG: fastest zlib level (the files are ~15 % larger, the save ~0.25 s faster a chart).
    """
    from ipanalysis.release import version

    made_by = f"ipanalysis {version()} (matplotlib {matplotlib.__version__})"
    title = chart_title(fig)
    if fmt == "png":
        return {"metadata": {"Software": made_by, "Title": title}, "pil_kwargs": {"compress_level": 1}}
    if fmt == "svg":
        return {"metadata": {"Date": None, "Creator": made_by, "Title": title}}
    return {}


def chart_title(fig: plt.Figure) -> str:
    """The title a reader sees: the figure's suptitle, else the first axes title (one line)."""
    texts = []
    if getattr(fig, "_suptitle", None) is not None:
        texts.append(fig._suptitle.get_text())
    texts += [ax.get_title(loc) for ax in fig.axes for loc in ("center", "left")]
    return " ".join(next((t for t in texts if t and t.strip()), "").split())


def render(fig: plt.Figure, source: str, formats: Iterable[str] = ("png", "svg")) -> dict[str, bytes]:
    """The chart's files as bytes (format → bytes), with its source line; closes the figure.

    One place makes the bytes, so an exported PNG and the one a notebook shows are the same.
    """
    source_line(fig, source)
    if not getattr(fig, "_ipa_layout_done", False):
        fig.tight_layout(rect=(0, 0.03, 1, 1))
    # the tight box once for every format (``bbox_inches="tight"`` lays the figure out again per file)
    fig.draw_without_rendering()
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
    out = {}
    try:
        for fmt in formats:
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=DPI, bbox_inches=box, **_format_options(fmt, fig))
            out[fmt] = buf.getvalue()
    finally:
        plt.close(fig)
    return out


def csv_bytes(data: pd.DataFrame) -> bytes:
    """A chart's data as CSV (UTF-8 with BOM, so Excel and WPS show Chinese)."""
    return data.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def missing_glyphs(fig: plt.Figure) -> list[str]:
    """Warnings of glyphs the font lacks, found by drawing the figure."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def figure_texts(fig: plt.Figure) -> list[str]:
    """Every piece of text drawn on a figure (titles, ticks, legends, notes)."""
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


# ---------------------------------------------------------------- the calendar


GAP_COLOR = "#EEEEEE"


def year_runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of years: [y, y+1, y+2, y+4] → [(y, y+2), (y+4, y+4)]."""
    runs: list[tuple[int, int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def gap_note(calendar: Calendar, lang: str) -> str:
    """``语料库中无清单的年份：2021–2023年``: the gaps of the corpus calendar as runs ('' when none)."""
    runs = [str(a) if a == b else f"{a}–{b}" for a, b in year_runs(calendar.gaps)]
    if not runs:
        return ""
    return label(
        f"语料库中无清单的年份：{'、'.join(runs)}年", f"Years without a list in the corpus: {', '.join(runs)}", lang
    )


def gap_label(lang: str) -> str:
    return label("语料库中无清单", "no list in corpus", lang)


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


# colours on which white text reads well (dark Okabe–Ito colours)
_DARK = {PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[5], PALETTE[7]}
UNCLASSIFIED_COLOR = "#BBBBBB"


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
    fig.text(0.5, 0.995 - 0.45 / fig.get_figheight(), note, ha="center", va="top", fontsize=9.5, color="#333333")


def panel_grid(n: int, width: float, panel_height: float, extra: float) -> tuple[plt.Figure, list[plt.Axes]]:
    """One panel per list year, two to a row; panels beyond ``n`` are switched off."""
    ncols = 2
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, panel_height * nrows + extra), squeeze=False)
    for ax in axes.flat[n:]:
        ax.axis("off")
    return fig, list(axes.flat[:n])


def _pp(x: float) -> str:
    """Percentage points with a sign; never ``-0``."""
    v = round(x * 100)
    return f"{v:+d}" if v else "0"


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
) -> plt.Figure:
    """One small panel per category: its share of each year's list with the 95 % interval and ``k/n``.

    Shares of 18–25 tasks are uncertain by about ±20 points, so each point carries its
    interval (``share_low`` / ``share_high``) and its count; ``changes`` (from
    :func:`ipanalysis.analysis.uncertainty.compare`) gives each panel's verdict for the
    latest pair of lists. Years in ``flags`` (a document of narrower scope) are drawn
    hollow. All panels share one y axis, so heights compare across panels.
    """
    from ipanalysis.analysis.years import span

    labeler = labeler or (lambda c: tr(c, lang))
    flags = flags or {}
    present = list(calendar.present)
    years = span(present, data["year"])
    cats = [c for c in order if c in set(data[category])]
    nrows = -(-len(cats) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 3.3 * nrows + 1.6), sharey=True, squeeze=False)
    n_clear = 0
    if changes is not None and len(changes) and "pair" in changes:
        c_clear = changes[(changes["pair"] == "consecutive") & changes["verdict"].isin(["rise", "fall"])]
        n_clear = int(c_clear.groupby(category).size().max()) if len(c_clear) else 0
    # room for the counts and the verdict lines
    top = max(10.0, float(data["share_high"].max()) * 100) + 22 + 8 * n_clear
    last_pair = None
    if changes is not None and len(changes):
        consecutive = changes[changes["year_to"] == changes["year_to"].max()]
        last_pair = consecutive.sort_values("year_from").iloc[-1][["year_from", "year_to"]].tolist()
    for ax, c in zip(axes.flat, cats, strict=False):
        g = data[data[category] == c].sort_values("year")
        color = (colors or {}).get(c, PALETTE[cats.index(c) % len(PALETTE)])
        calendar_axis(ax, present, years, lang, text=False)
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
        ax.set_ylim(0, top)
        ax.set_yticks([t for t in range(0, 101, 20 if top > 60 else 10) if t <= top - 12])
        ax.tick_params(axis="x", labelsize=7.5, rotation=90)
        ax.set_title(labeler(c), fontsize=10.5, color="#222222", pad=4)
        if last_pair is not None:
            # the latest pair of lists, and any earlier consecutive pair whose change is clear
            mine = changes[changes[category] == c]
            latest = mine[(mine["year_from"] == last_pair[0]) & (mine["year_to"] == last_pair[1])]
            clear = mine[
                (mine.get("pair", "consecutive") == "consecutive")
                & mine["verdict"].isin(["rise", "fall"])
                & ~mine.index.isin(latest.index)
            ]
            shown = pd.concat([clear.sort_values("year_from"), latest])
            lines = []
            for _, r in shown.iterrows():
                word = {"rise": ("上升", "rise"), "fall": ("下降", "fall")}.get(
                    r["verdict"], ("无明确变化", "no clear change")
                )
                lines.append(
                    label(
                        f"{r['year_from']}→{r['year_to']}：{word[0]} {_pp(r['diff'])}（{_pp(r['diff_low'])}…{_pp(r['diff_high'])}）",
                        f"{r['year_from']}→{r['year_to']}: {word[1]}, {_pp(r['diff'])} ({_pp(r['diff_low'])}…{_pp(r['diff_high'])})",
                        lang,
                    )
                )
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
        ax.grid(axis="y", color="#DDDDDD", lw=0.6)
        ax.set_axisbelow(True)
    for ax in axes.flat[len(cats) :]:
        ax.axis("off")
    for row in axes:
        row[0].set_ylabel(label(f"占当年{unit[0]} %", f"% of the year's {unit[1]}", lang))
    hollow_note = "".join(label(f"空心点：{t}", f"hollow: {t}", lang) for t in list(flags.values())[:1])
    fig.suptitle(title, fontsize=13, fontweight="bold", y=0.995, va="top")
    extra = note
    note = label(
        f"点：占比；竖线：95% Wilson区间；数字：{unit[0]}数/当年{unit[0]}数。上方为最近两份清单之差（及此前的明确变化，百分点）与括号内的95%区间"
        f"（区间含0即“无明确变化”）。" + (hollow_note and f"{hollow_note}。"),
        f"dot: share; bar: 95% Wilson interval; label: {unit[1]}/{unit[1]} in the year. Above: the latest change (and any earlier "
        f"clear one) in percentage points with its 95% interval in brackets (an interval including 0 is 'no clear change')."
        + (hollow_note and f" {hollow_note}."),
        lang,
    ) + (f" {extra}" if extra else "")
    width = int(fig.get_figwidth() * (7 if lang == "zh" else 13))  # characters that fit the figure's width
    lines = textwrap.wrap(note, width)
    if gap_note(calendar, lang):  # its own line, never broken: the years without a list are what a reader must not miss
        lines.append(label(f"灰色带 = {gap_note(calendar, lang)}", f"grey bands = {gap_note(calendar, lang)}", lang))
    fig.text(
        0.5,
        0.995 - 0.42 / fig.get_figheight(),
        "\n".join(lines),
        ha="center",
        va="top",
        fontsize=8.5,
        color="#333333",
    )
    title_lines = max(len(ax.get_title().splitlines()) for ax in axes.flat[: len(cats)])
    fig.subplots_adjust(
        top=1 - (0.95 + 0.16 * len(lines) + 0.18 * title_lines) / fig.get_figheight(),
        hspace=0.45 + 0.12 * title_lines,
        wspace=0.12,
        bottom=1.0 / fig.get_figheight(),
    )
    fig._ipa_layout_done = True
    return fig
