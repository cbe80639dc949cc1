"""Every chart, by name: the one registry that ``figures`` and the notebooks draw from.

A chart is a function ``(lang) -> (figure, data, source line)``; each theme's module
lists its own in ``CHARTS`` and this module imports them explicitly, so a reader (or a
tool) can follow every chart from here.
"""

from __future__ import annotations

from collections.abc import Callable

from ipanalysis.report.charts import actors, targets, themes

REGISTRY: dict[str, Callable] = {**actors.CHARTS, **targets.CHARTS, **themes.CHARTS}


def chart_names() -> list[str]:
    """The names of every chart, sorted."""
    return sorted(REGISTRY)


def chart(name: str, lang: str = "zh"):
    """Draw one chart of the registry in the house style: ``(figure, data, source)``.

    ``ipa.chart("departments_workload_heatmap", "en")``; unknown names list the known ones.
    """
    from ipanalysis.report.style import use_style

    if name not in REGISTRY:
        raise KeyError(f"no chart {name!r}; charts: {', '.join(chart_names())}")
    use_style()
    return REGISTRY[name](lang)
