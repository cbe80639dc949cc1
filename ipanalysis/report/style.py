"""The house style of every chart: CJK font, palette, titles, source line, exports.

One module, so that every chart reads the same at briefing size and every export has
its data beside it (PNG at 200 dpi, SVG and CSV with the same stem).
"""

from __future__ import annotations

import csv
import sys
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import matplotlib

if "ipykernel" not in sys.modules:  # headless export; a notebook keeps its inline backend
    matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

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
def _translations() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    with (REPORT_REF / "translations.csv").open(encoding="utf-8", newline="") as fh:
        zh_en = {r["zh"]: r["en"] for r in csv.DictReader(fh)}
    with (REPORT_REF / "code_labels.csv").open(encoding="utf-8", newline="") as fh:
        codes = {r["code"]: {"zh": r["zh"], "en": r["en"]} for r in csv.DictReader(fh)}
    return zh_en, codes


def tr(text: object, lang: str) -> str:
    """Label in the chart language.

    Codes (``binding_all``, ``national`` …) come from code_labels.csv in either language;
    Chinese text stays as written, or becomes English from translations.csv.
    """
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    zh_en, codes = _translations()
    if s in codes:
        return codes[s][lang]
    if lang == "zh":
        return s
    return zh_en.get(s, s)


def label(zh: str, en: str, lang: str) -> str:
    """A fixed chart label in the chart language."""
    return zh if lang == "zh" else en


def source_line(fig: plt.Figure, text: str) -> None:
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=8, color="#555555")


def save(
    fig: plt.Figure, data: pd.DataFrame, stem: Path, source: str, formats: Iterable[str] = ("png", "svg")
) -> list[Path]:
    """Write the chart (PNG, SVG) and its data (CSV) with one stem; close the figure."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    source_line(fig, source)
    if not getattr(fig, "_ipa_layout_done", False):
        fig.tight_layout(rect=(0, 0.03, 1, 1))
    written = []
    for fmt in formats:
        p = stem.with_suffix(f".{fmt}")
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(p, dpi=DPI, metadata=meta, bbox_inches="tight")
        written.append(p)
    p = stem.with_suffix(".csv")
    data.to_csv(p, index=False, encoding="utf-8-sig", lineterminator="\n")
    written.append(p)
    plt.close(fig)
    return written


def missing_glyphs(fig: plt.Figure) -> list[str]:
    """Warnings of glyphs the font lacks, found by drawing the figure."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def annotate_cells(ax: plt.Axes, values, vmax: float | None = None, fontsize: float = 9) -> None:
    """Write each non-zero cell's value on a heat map (white on dark cells)."""
    top = vmax if vmax is not None else (values.max() if values.size else 1)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = int(values[i, j])
            if v:
                ax.text(
                    j,
                    i,
                    str(v),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color="white" if v > top * 0.55 else "black",
                )


# colours on which white text reads well (dark Okabe–Ito colours)
_DARK = {PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[5], PALETTE[7]}


def stacked_shares(
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
) -> plt.Figure:
    """Stacked bars of shares (0–1) per year, labelled in %, legend outside on the right."""
    labeler = labeler or (lambda c: tr(c, lang))
    m = data.pivot_table(index=index, columns=column, values=value, fill_value=0).reindex(columns=order, fill_value=0)
    fig, ax = plt.subplots(figsize=(10, 5.8))
    bottom = np.zeros(len(m))
    for i, c in enumerate(m.columns):
        color = PALETTE[i % len(PALETTE)]
        vals = m[c].values * 100
        ax.bar([str(y) for y in m.index], vals, bottom=bottom, color=color, label=labeler(c), width=0.6)
        for x, (v, b) in enumerate(zip(vals, bottom, strict=True)):
            if v >= min_label:
                ax.text(
                    x,
                    b + v / 2,
                    f"{v:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if color in _DARK else "black",
                )
        bottom += vals
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(label("年份", "Year", lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
