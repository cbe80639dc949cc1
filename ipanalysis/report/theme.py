"""The house style's look: the CJK font every chart needs, the palette, sizes and colours.

One place, so that every chart reads the same at briefing size; a missing font is an
error naming what to install, never tofu boxes.
"""

from __future__ import annotations

import sys
from functools import lru_cache

import matplotlib
from cycler import cycler

if "ipykernel" not in sys.modules:  # headless export; a notebook keeps its inline backend
    matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager

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
            font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)  # type: ignore[attr-defined]
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
            "axes.prop_cycle": cycler(color=PALETTE),
            "svg.hashsalt": "ipanalysis",
            "svg.fonttype": "path",
            "pdf.fonttype": 42,
        }
    )
    return font


GAP_COLOR = "#EEEEEE"


# colours on which white text reads well (dark Okabe–Ito colours)
_DARK = {PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[5], PALETTE[7]}
UNCLASSIFIED_COLOR = "#BBBBBB"
