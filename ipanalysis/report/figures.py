"""``ipanalysis figures``: every chart of every analysis, exported with its data.

The charts are listed in ``ipanalysis.report.charts.REGISTRY``; this module draws and
saves them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ipanalysis.config import FIGURES
from ipanalysis.errors import ChartError


def all_charts() -> dict[str, Callable]:
    """Name → chart function, from the registry."""
    from ipanalysis.report.charts import REGISTRY

    return dict(REGISTRY)


def export_all(out: Path = FIGURES, lang: str = "zh", only: list[str] | None = None) -> list[Path]:
    """Render and write every chart (PNG, SVG, CSV); English ones get the suffix ``_en``."""
    from ipanalysis.report.style import missing_glyphs, save, use_style

    use_style()
    written: list[Path] = []
    for name, fn in sorted(all_charts().items()):
        if only and name not in only:
            continue
        fig, data, source = fn(lang)
        missing = missing_glyphs(fig)
        if missing:
            raise ChartError(f"chart {name}: glyphs missing from the font: {missing[:3]}")
        stem = out / (name if lang == "zh" else f"{name}_en")
        written += save(fig, data, stem, source)
    return written
