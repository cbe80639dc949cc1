"""Every chart, by name: the one registry that ``figures`` and the notebooks draw from.

A chart is a function ``(lang) -> (figure, data, source line)``; each theme's module
lists its own in ``CHARTS`` and this module imports them explicitly, so a reader (or a
tool) can follow every chart from here.
"""

from __future__ import annotations

from collections.abc import Callable

from ipanalysis.report.charts import actors, targets, themes

REGISTRY: dict[str, Callable] = {**actors.CHARTS, **targets.CHARTS, **themes.CHARTS}
