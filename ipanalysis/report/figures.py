"""``ipanalysis figures``: every chart of every analysis, exported with its data.

The charts are listed in ``ipanalysis.report.charts.REGISTRY``; this module draws and
saves them, and writes an index (``index.csv``, ``index_en.csv``: name, title, files)
that the report's gallery and the notebooks' alt texts read.
"""

from __future__ import annotations

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


def export_all(out: Path = FIGURES, lang: str = "zh", only: list[str] | None = None) -> list[Path]:
    """Render and write every chart (PNG, SVG, CSV) and the index; English ones get the suffix ``_en``."""
    from ipanalysis.report.style import missing_glyphs, save, use_style

    use_style()
    written: list[Path] = []
    rows = []
    for name, fn in sorted(all_charts().items()):
        if only and name not in only:
            continue
        fig, data, source = fn(lang)
        missing = missing_glyphs(fig)
        if missing:
            raise ChartError(f"chart {name}: glyphs missing from the font: {missing[:3]}")
        title = chart_title(fig)
        stem = out / stem_of(name, lang)
        files = save(fig, data, stem, source)
        written += files
        by_ext = {p.suffix.lstrip("."): p.name for p in files}
        rows.append(
            {"name": name, "lang": lang, "title": title, **{e: by_ext.get(e, "") for e in ("png", "svg", "csv")}}
        )
    written.append(write_index(out, lang, pd.DataFrame(rows, columns=INDEX_COLUMNS), replace=not only))
    return written
