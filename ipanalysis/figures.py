"""``ipanalysis figures``: every chart of every analysis, exported with its data.

Each analysis module exposes ``CHARTS`` (name → function returning figure, data and
source line); this module only collects them, so a new analysis adds itself there.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from .config import FIGURES

CHART_MODULES = ("charts_actors", "charts_targets", "charts_themes")


def all_charts() -> dict[str, Callable]:
    charts: dict[str, Callable] = {}
    for mod in CHART_MODULES:
        charts.update(import_module(f".{mod}", __package__).CHARTS)
    return charts


def export_all(out: Path = FIGURES, lang: str = "zh", only: list[str] | None = None) -> list[Path]:
    """Render and write every chart (PNG, SVG, CSV); English ones get the suffix ``_en``."""
    from .plotting import missing_glyphs, save, use_style

    use_style()
    written: list[Path] = []
    for name, fn in sorted(all_charts().items()):
        if only and name not in only:
            continue
        fig, data, source = fn(lang)
        missing = missing_glyphs(fig)
        if missing:
            raise RuntimeError(f"chart {name}: glyphs missing from the font: {missing[:3]}")
        stem = out / (name if lang == "zh" else f"{name}_en")
        written += save(fig, data, stem, source)
    return written
