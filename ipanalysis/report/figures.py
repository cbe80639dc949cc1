"""``ipanalysis figures``: every chart of every analysis, exported with its data.

The charts are listed in ``ipanalysis.report.charts.REGISTRY``; this module draws and
saves them, and writes an index (``index.csv``, ``index_en.csv``: name, title, files)
that the report's gallery and the notebooks' alt texts read.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ipanalysis.config import FIGURES, REPORT_REF, ROOT
from ipanalysis.errors import ChartError

INDEX_COLUMNS = ["name", "lang", "title", "png", "svg", "csv"]
MANIFEST = "manifest.json"
LANGS = ("zh", "en")  # every language a chart is drawn in
RENDERING = ("matplotlib", "pillow")  # libraries whose version changes a chart's bytes


def all_charts() -> dict[str, Callable]:
    """Name → chart function, from the registry."""
    from ipanalysis.report.charts import REGISTRY

    return dict(REGISTRY)


def stem_of(name: str, lang: str) -> str:
    return name if lang == "zh" else f"{name}_{lang}"


def index_path(out: Path, lang: str) -> Path:
    return out / ("index.csv" if lang == "zh" else f"index_{lang}.csv")


def read_index(out: Path = FIGURES, lang: str = "zh") -> pd.DataFrame:
    """The charts written to ``out`` in one language (empty when none were)."""
    path = index_path(out, lang)
    if not path.exists():
        return pd.DataFrame(columns=INDEX_COLUMNS)
    try:
        index = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError) as exc:
        warnings.warn(f"{path}: unreadable index, ignored ({exc})", stacklevel=2)
        return pd.DataFrame(columns=INDEX_COLUMNS)
    if set(INDEX_COLUMNS) - set(index.columns):
        warnings.warn(f"{path}: not an index of charts (columns {INDEX_COLUMNS} expected), ignored", stacklevel=2)
        return pd.DataFrame(columns=INDEX_COLUMNS)
    # a row names a chart of the registry and exactly the files that chart is saved as: a path
    # elsewhere (../../…) or another chart's file is refused, never read or written
    charts = set(all_charts())
    ok = [
        r["name"] in charts
        and r["lang"] == lang
        and all(r[e] in ("", f"{stem_of(r['name'], lang)}.{e}") for e in ("png", "svg", "csv"))
        for _, r in index.iterrows()
    ]
    bad = index[[not k for k in ok]]
    if len(bad):
        warnings.warn(
            f"{path}: {len(bad)} row(s) refused (not a chart of the registry, or a file that is not its own): "
            + ", ".join(f"line {i + 2}" for i in bad.index[:5]),
            stacklevel=2,
        )
    return index[ok].reset_index(drop=True)[INDEX_COLUMNS]


def write_index(out: Path, lang: str, rows: pd.DataFrame, replace: bool = True) -> Path:
    """Write the folder's index of charts; ``replace=False`` (a partial export) keeps the other charts' rows."""
    old = read_index(out, lang) if not replace else rows.iloc[:0]
    index = pd.concat([old[~old["name"].isin(rows["name"])], rows], ignore_index=True).sort_values("name")
    path = index_path(out, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    index.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def rendered(name: str, lang: str, formats: tuple[str, ...] = ("png", "svg")) -> tuple[dict[str, bytes], str]:
    """One chart's files as bytes (format → bytes, data as ``csv``) and its title.

    Missing glyphs are caught while the PNG is drawn (no extra draw): a ChartError names
    the chart and the glyphs, and nothing is returned.
    """
    from ipanalysis.report.style import chart_title, csv_bytes, render, use_style

    if name not in all_charts():
        raise ChartError(f"no chart named {name}; the charts are {', '.join(sorted(all_charts()))}")
    use_style()
    fig, data, source = all_charts()[name](lang)
    title = chart_title(fig)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = render(fig, source, formats)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    if missing:
        raise ChartError(f"chart {name} ({lang}): glyphs missing from the font: {missing[:3]}")
    return {**files, "csv": csv_bytes(data)}, title


def draw(name: str, lang: str, out: Path) -> tuple[list[Path], dict[str, str]]:
    """Draw one chart and save it (PNG, SVG, CSV); its index row."""
    files, title = rendered(name, lang)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ext, blob in files.items():
        p = out / f"{stem_of(name, lang)}.{ext}"
        p.write_bytes(blob)
        written.append(p)
    row = {
        "name": name,
        "lang": lang,
        "title": title,
        **{e: f"{stem_of(name, lang)}.{e}" for e in ("png", "svg", "csv")},
    }
    return written, row


def _draw_all_languages(job: tuple[str, tuple[str, ...], Path]) -> list[tuple[list[Path], dict[str, str]]]:
    """One chart in every language, in one process (its analyses computed once, see ipanalysis.analysis.cache)."""
    from ipanalysis.analysis.cache import shared_analyses

    name, langs, out = job
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
    from ipanalysis.report.outputs import staged

    with staged(out, keep=True) as work:  # the new folder is built beside the old one and swapped in whole
        partial = bool(only) or set(langs) != set(LANGS)
        written = _export_into(work, names, tuple(langs), workers, partial=partial, replace_index=not only)
    return [out / p.relative_to(work) for p in written]


def _export_into(
    out: Path, names: list[str], langs: tuple[str, ...], workers: int | None, partial: bool, replace_index: bool
) -> list[Path]:
    """Draw ``names`` into ``out`` (a staging folder), then the indexes and the manifest (last)."""
    jobs = [(n, tuple(langs), out) for n in names]
    n = _workers(workers, len(jobs))
    if n == 1:
        from ipanalysis.analysis.cache import shared_analyses

        with shared_analyses():  # one cache for the whole run
            results = [_draw_all_languages(j) for j in jobs]
    else:
        import multiprocessing as mp

        from ipanalysis.analysis.cache import WARM_FIRST

        _prepare_parent()
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        with mp.get_context(method).Pool(n, initializer=_worker_init) as pool:
            # the longest chain of slow analyses first (to the disk cache), the charts on the other cores
            from ipanalysis.report.charts import themes as theme_charts

            needs_topics = any(n in theme_charts.CHARTS for n in names)
            tasks = [("warm", name) for name in WARM_FIRST if needs_topics] + [("chart", job) for job in jobs]
            results = [r for r in pool.map(_run, tasks, chunksize=1) if r is not None]
    written: list[Path] = []
    for lang in langs:
        rows = []
        for per_chart in results:
            for files, row in per_chart:
                if row["lang"] == lang:
                    written += files
                    rows.append(row)
        written.append(write_index(out, lang, pd.DataFrame(rows, columns=INDEX_COLUMNS), replace=replace_index))
    written.append(write_manifest(out, written, partial=partial))
    return written


def _run(task: tuple[str, object]) -> list[tuple[list[Path], dict[str, str]]] | None:
    kind, what = task
    if kind == "warm":
        from ipanalysis.analysis.cache import warm

        warm(what)
        return None
    return _draw_all_languages(what)


def _prepare_parent() -> None:
    """What every worker needs, done once before they are forked: the style and font, the tables."""
    from ipanalysis import api
    from ipanalysis.report.style import use_style

    use_style()
    for load in (api.load_documents, api.load_tasks, api.load_measures, api.load_assignments):
        load()


def _worker_init() -> None:
    """A worker keeps its analyses for all its charts (the cache of _draw_all_languages nests in this one)."""
    from ipanalysis.analysis.cache import enable_for_process

    enable_for_process()


def export_all(
    out: Path = FIGURES, lang: str = "zh", only: list[str] | None = None, workers: int | None = 1
) -> list[Path]:
    """Every chart in one language (PNG, SVG, CSV) and the index; English ones get the suffix ``_en``."""
    return export_figures(out, (lang,), only=only, workers=workers)


# ---------------------------------------------------------------- what a figures folder holds


@lru_cache(maxsize=1)
def figures_key() -> str:
    """A digest of everything a chart's bytes depend on.

    The analyses' inputs (:func:`ipanalysis.analysis.cache.inputs_key`: corpus inputs,
    analysis reference data, outcomes, analysis code, numerical libraries), the report's
    reference data and code, matplotlib and Pillow, the CJK font and the version. A
    notebook shows an exported chart only when its folder was written under this key.
    """
    from importlib import metadata

    from matplotlib import font_manager

    from ipanalysis.analysis.cache import inputs_key
    from ipanalysis.corpus.manifest import PACKAGE
    from ipanalysis.report.release import version
    from ipanalysis.report.style import find_cjk_font

    files = {}
    for f in sorted([*REPORT_REF.rglob("*"), *(PACKAGE / "report").rglob("*")]):
        if f.is_file() and "__pycache__" not in f.parts:
            files[str(f.relative_to(ROOT))] = hashlib.sha256(f.read_bytes()).hexdigest()
    font = find_cjk_font()
    font_file = Path(font_manager.findfont(font, fallback_to_default=False))
    doc = {
        "analyses": inputs_key(),
        "files": files,
        "libraries": {lib: metadata.version(lib) for lib in RENDERING},
        "font": [font, font_file.name, font_file.stat().st_size],
        "version": version(),
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def read_manifest(out: Path = FIGURES) -> dict:
    """The figures folder's manifest (version, key, sha256 of every file); empty when absent or unreadable."""
    try:
        doc = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) and isinstance(doc.get("files"), dict) else {}


def write_manifest(out: Path, written: list[Path], partial: bool = False) -> Path:
    """``manifest.json``: the version and key the charts were made under and every file's sha256.

    It is where a chart's CSV says which version made it (a CSV has no place for it), and
    what :func:`show_chart` checks before showing an exported chart. A partial export keeps
    the other charts' entries only when they were made under the same key.
    """
    from ipanalysis.report.release import version

    key = figures_key()
    old = read_manifest(out) if partial else {}
    files = dict(old.get("files", {})) if old.get("key") == key else {}
    for p in written:
        if p.parent == out and p.name != MANIFEST:
            files[p.name] = hashlib.sha256(p.read_bytes()).hexdigest()
    doc = {"ipanalysis_version": version(), "key": key, "files": dict(sorted(files.items()))}
    path = out / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def current_files(out: Path) -> dict[str, str]:
    """File name → sha256 of the folder's manifest when it was made under the current key; empty otherwise."""
    doc = read_manifest(out)
    return dict(doc["files"]) if doc and doc.get("key") == figures_key() else {}


def current_file(out: Path, name: str, files: dict[str, str] | None = None) -> bytes | None:
    """The bytes of an exported file when its folder is current and the file is as recorded.

    ``files`` is :func:`current_files` of ``out``, read once by a caller that asks for many.
    """
    files = current_files(out) if files is None else files
    if name not in files:
        return None
    try:
        blob = (out / name).read_bytes()
    except OSError:
        return None
    return blob if hashlib.sha256(blob).hexdigest() == files[name] else None


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(blob: bytes) -> tuple[int, int] | None:
    """Width and height in pixels, from the PNG header; ``None`` for anything that is not a PNG."""
    if len(blob) < 24 or not blob.startswith(PNG_SIGNATURE) or blob[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", blob[16:24])


def show_chart(name: str, langs: tuple[str, ...] = ("zh", "en"), folder: Path = FIGURES) -> None:
    """Show a chart of the registry in a notebook, in Chinese and English.

    When ``folder`` holds the chart made under the current key, its PNG is shown as it is
    (the figures step drew it; nothing is drawn twice); otherwise the chart is drawn now,
    into the same bytes. Either way each image carries its title (the page's alt text),
    its language and its file name, so a report page can link the file.
    """
    from IPython.display import Image, display

    if name not in all_charts():
        raise ChartError(f"no chart named {name}; the charts are {', '.join(sorted(all_charts()))}")
    current = current_files(folder)
    for lang in langs:
        file = f"{stem_of(name, lang)}.png"
        blob = current_file(folder, file, current)
        if blob is not None and png_size(blob) is None:
            blob = None  # recorded, but not a PNG (a zero-byte file): draw it instead
        titles = read_index(folder, lang).set_index("name")["title"] if blob is not None else None
        if blob is not None and name in titles.index:
            title = str(titles[name])
        else:
            files, title = rendered(name, lang, ("png",))
            blob = files["png"]
        width, _ = png_size(blob) or (1600, 0)
        meta = {"alt": title, "ipanalysis_figure": file, "ipanalysis_lang": lang}
        display(Image(data=blob, format="png", width=width // 2, metadata=meta))
