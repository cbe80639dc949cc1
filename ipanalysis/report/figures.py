"""``ipanalysis figures``: every chart of every analysis, exported with its data.

The charts are listed in ``ipanalysis.report.charts.REGISTRY``; this module draws and
saves them, and writes an index (``index.csv``, ``index_en.csv``: name, title, files)
that the report's gallery and the notebooks' alt texts read.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ipanalysis.config import FIGURES
from ipanalysis.errors import ChartError

INDEX_COLUMNS = ["name", "lang", "title", "png", "svg", "csv"]


def all_charts() -> dict[str, Callable]:
    """Name → chart function, from the registry."""
    from ipanalysis.report.charts import REGISTRY

    return dict(REGISTRY)


def chart_title(fig) -> str:
    """The title a reader sees: the figure's suptitle, else the first axes title (one line)."""
    texts = []
    if getattr(fig, "_suptitle", None) is not None:
        texts.append(fig._suptitle.get_text())
    texts += [ax.get_title(loc) for ax in fig.axes for loc in ("center", "left")]
    title = next((t for t in texts if t and t.strip()), "")
    return " ".join(title.split())


def stem_of(name: str, lang: str) -> str:
    return name if lang == "zh" else f"{name}_{lang}"


def index_path(out: Path, lang: str) -> Path:
    return out / ("index.csv" if lang == "zh" else f"index_{lang}.csv")


def read_index(out: Path = FIGURES, lang: str = "zh") -> pd.DataFrame:
    """The charts written to ``out`` in one language (empty when none were)."""
    path = index_path(out, lang)
    if not path.exists():
        return pd.DataFrame(columns=INDEX_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def write_index(out: Path, lang: str, rows: pd.DataFrame, replace: bool = True) -> Path:
    """Write the folder's index of charts; ``replace=False`` (a partial export) keeps the other charts' rows."""
    old = read_index(out, lang) if not replace else rows.iloc[:0]
    index = pd.concat([old[~old["name"].isin(rows["name"])], rows], ignore_index=True).sort_values("name")
    path = index_path(out, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    index.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def draw(name: str, lang: str, out: Path) -> tuple[list[Path], dict[str, str]]:
    """Draw one chart and save it (PNG, SVG, CSV); its index row.

    Missing glyphs are caught while the PNG is drawn for saving (no extra draw): the
    files are removed again and a ChartError names the chart and the glyphs.
    """
    from ipanalysis.report.style import save

    fig, data, source = all_charts()[name](lang)
    title = chart_title(fig)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = save(fig, data, out / stem_of(name, lang), source)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    if missing:
        for p in files:
            p.unlink(missing_ok=True)
        raise ChartError(f"chart {name} ({lang}): glyphs missing from the font: {missing[:3]}")
    by_ext = {p.suffix.lstrip("."): p.name for p in files}
    row = {"name": name, "lang": lang, "title": title, **{e: by_ext.get(e, "") for e in ("png", "svg", "csv")}}
    return files, row


def _draw_all_languages(job: tuple[str, tuple[str, ...], Path]) -> list[tuple[list[Path], dict[str, str]]]:
    """One chart in every language, in one process (its analyses computed once, see runcache)."""
    from ipanalysis.report.runcache import shared_analyses
    from ipanalysis.report.style import use_style

    name, langs, out = job
    use_style()
    with shared_analyses():
        return [draw(name, lang, out) for lang in langs]


def _workers(requested: int | None, jobs: int) -> int:
    if requested is not None:
        return max(1, min(requested, jobs))
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, jobs))


def export_figures(
    out: Path = FIGURES,
    langs: tuple[str, ...] = ("zh", "en"),
    only: list[str] | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Every chart in every language, drawn in parallel (one process a core); files and indexes.

    Each worker draws whole charts (all their languages) and keeps the analyses it
    computed for the rest of its charts, so nothing is computed twice for a language.
    Output bytes do not depend on the number of workers.
    """
    unknown = sorted(set(only or ()) - set(all_charts()))
    if unknown:
        raise ChartError(f"no chart named {', '.join(unknown)}; the charts are {', '.join(sorted(all_charts()))}")
    names = [n for n in sorted(all_charts()) if not only or n in only]
    jobs = [(n, tuple(langs), out) for n in names]
    n = _workers(workers, len(jobs))
    out.mkdir(parents=True, exist_ok=True)
    if n == 1:
        from ipanalysis.report.runcache import shared_analyses

        with shared_analyses():  # one cache for the whole run
            results = [_draw_all_languages(j) for j in jobs]
    else:
        import multiprocessing as mp

        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        with mp.get_context(method).Pool(n, initializer=_worker_init) as pool:
            results = pool.map(_draw_all_languages, jobs, chunksize=1)
    written: list[Path] = []
    for lang in langs:
        rows = []
        for per_chart in results:
            for files, row in per_chart:
                if row["lang"] == lang:
                    written += files
                    rows.append(row)
        written.append(write_index(out, lang, pd.DataFrame(rows, columns=INDEX_COLUMNS), replace=not only))
    return written


def _worker_init() -> None:
    """A worker keeps its analyses for all its charts (the cache of _draw_all_languages nests in this one)."""
    from ipanalysis.report.runcache import enable_for_process

    enable_for_process()


def export_all(
    out: Path = FIGURES, lang: str = "zh", only: list[str] | None = None, workers: int | None = 1
) -> list[Path]:
    """Every chart in one language (PNG, SVG, CSV) and the index; English ones get the suffix ``_en``."""
    return export_figures(out, (lang,), only=only, workers=workers)
