"""A drawn figure to files: its title, source line, PNG and SVG bytes (no dates, same bytes), its data as CSV."""

from __future__ import annotations

import io
import re
import sys
import warnings
from collections.abc import Iterable

import matplotlib

if "ipykernel" not in sys.modules:  # headless export; a notebook keeps its inline backend
    matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.text import Text

from ipanalysis.report.theme import DPI
from ipanalysis.report.words import has_cjk, wrap


def _renderer(fig: plt.Figure):
    """The renderer of the figure's canvas (Agg, or the notebook's)."""
    return fig.canvas.get_renderer()  # type: ignore[attr-defined]


PLAIN_WORDS = "plain_words"  # gid of a chart's notes in plain language (what its methods mean)


def _foot_width(fig: plt.Figure, text: str) -> int:
    """Characters of ``text`` at 8 pt that fit the figure's width (never under 60)."""
    # characters an inch at 8 pt: a CJK glyph is 8 pt wide (9 an inch), a Latin one about 4.5 pt (15 an inch)
    width = int(fig.get_figwidth() * (8.5 if has_cjk(text) and not re.search(r"[A-Za-z]{4,}\s", text) else 15))
    return max(width, 60)


def _below_everything(fig: plt.Figure) -> float:
    """The y (figure fraction) just under the lowest text or axis laid out so far."""
    fig.draw_without_rendering()
    lowest = fig.get_tightbbox(_renderer(fig)).y0 / fig.get_figheight()
    return min(0.005, lowest - 0.06 / fig.get_figheight())


def source_line(fig: plt.Figure, text: str) -> None:
    """The source under everything else on the figure, wrapped to the figure's width.

    It is placed below the lowest text or axis already laid out (the export's tight box
    grows to hold it), so it never runs into a note at the foot of a chart.
    """
    width = _foot_width(fig, text)
    y = _below_everything(fig)
    fig.text(0.01, y, "\n".join(wrap(text, width)), ha="left", va="top", fontsize=8, color="#555555")


def plain_words(fig: plt.Figure, notes: Iterable[str]) -> None:
    """Notes in plain language on a chart: one line a method it rests on (``G²: how much more often …``).

    The notes are texts of the figure from the moment the chart is drawn; :func:`lay_out`
    moves them under everything else, each wrapped to the figure's width, just above the
    source line.
    """
    lines = [n for n in notes if n]
    if lines:
        fig.text(0.01, 0.0, "\n".join(lines), gid=PLAIN_WORDS, ha="left", va="top", fontsize=8, color="#333333")


def _place_plain_words(fig: plt.Figure) -> None:
    """The chart's notes in plain words under everything laid out, one block after another."""
    notes = [t for t in fig.texts if t.get_gid() == PLAIN_WORDS]
    for t in notes:
        t.set_visible(False)
    for t in notes:
        lines = t.get_text().split("\n")
        t.set_text("\n".join(w for line in lines for w in wrap(line, _foot_width(fig, line))))
        t.set_y(_below_everything(fig))
        t.set_visible(True)


def mark_laid_out(fig: plt.Figure) -> None:
    """A chart that placed its own axes and notes: the export keeps its layout (no ``tight_layout``)."""
    setattr(fig, "_ipa_layout_done", True)  # noqa: B010 (an attribute of our own on a matplotlib object)


def lay_out(fig: plt.Figure, source: str) -> None:
    """The figure as it is exported: laid out, its notes in plain words and its source line under everything."""
    if not getattr(fig, "_ipa_layout_done", False):
        fig.tight_layout(rect=(0, 0.03, 1, 1))
    _place_plain_words(fig)
    source_line(fig, source)
    fig.draw_without_rendering()


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
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None:
        texts.append(suptitle.get_text())
    texts += [ax.get_title(loc) for ax in fig.axes for loc in ("center", "left")]
    return " ".join(next((t for t in texts if t and t.strip()), "").split())


def render(fig: plt.Figure, source: str, formats: Iterable[str] = ("png", "svg")) -> dict[str, bytes]:
    """The chart's files as bytes (format → bytes), with its source line; closes the figure.

    One place makes the bytes, so an exported PNG and the one a notebook shows are the same.
    """
    lay_out(fig, source)
    # the tight box once for every format (``bbox_inches="tight"`` lays the figure out again per file)
    box = fig.get_tightbbox(_renderer(fig)).padded(plt.rcParams["savefig.pad_inches"])
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
