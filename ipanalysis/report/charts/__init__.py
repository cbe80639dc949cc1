"""Every chart, by name: the one registry that ``figures``, the report and the notebooks draw from.

A chart is a plain function of the frames it reads and the language, returning
``(figure, data, source line)``; its parameters name its inputs after the tables and
analysis results of :mod:`ipanalysis.analysis.registry` (``stage_shares``,
``calendar`` …), so :func:`chart_inputs` says what a chart shows and a test can draw it
from small frames. Each theme's module lists its own in ``CHARTS``; this module imports
them explicitly, so a reader (or a tool) can follow every chart from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ipanalysis.errors import ChartError, did_you_mean
from ipanalysis.report.charts import actors, targets, themes

if TYPE_CHECKING:
    import matplotlib.pyplot as plt
    import pandas as pd

    from ipanalysis.analysis.registry import Analyses

REGISTRY: dict[str, Callable] = {**actors.CHARTS, **targets.CHARTS, **themes.CHARTS}
LANGS = ("zh", "en")  # every language a chart is drawn in


def chart_names() -> list[str]:
    """The names of every chart, sorted."""
    return sorted(REGISTRY)


def unknown_chart(*names: str) -> ChartError:
    """The error for chart names not in the registry: each with the closest names, then all of them."""
    each = "; ".join(f"no chart named {n!r}{did_you_mean(n, chart_names())}" for n in names)
    return ChartError(f"{each} (the charts: {', '.join(chart_names())})")


def _function(name: str) -> Callable:
    if name not in REGISTRY:
        raise unknown_chart(name)
    return REGISTRY[name]


def chart_inputs(name: str) -> list[str]:
    """The tables and analysis results a chart reads, in the order of its parameters."""
    from ipanalysis.analysis.registry import inputs_of

    return inputs_of(_function(name))


def inputs_for(name: str, analyses: Analyses) -> dict[str, Any]:
    """A chart's inputs, taken from one analysis run (each computed once by the run)."""
    return {p: analyses.get(p) for p in chart_inputs(name)}


def draw_chart(name: str, inputs: dict[str, Any], lang: str) -> tuple[plt.Figure, pd.DataFrame, str]:
    """Draw one chart from its inputs (:func:`inputs_for`) in the house style: ``(figure, data, source)``.

    An unknown chart or language is a :class:`ChartError` naming the known ones, raised
    before anything is drawn.
    """
    from ipanalysis.report.theme import use_style

    fn = _function(name)
    if lang not in LANGS:
        raise ChartError(f"no language {lang!r}; charts are drawn in {', '.join(LANGS)}")
    missing = sorted(set(chart_inputs(name)) - set(inputs))
    if missing:
        raise ChartError(f"chart {name} needs {', '.join(missing)}")
    use_style()
    return fn(**{p: inputs[p] for p in chart_inputs(name)}, lang=lang)
