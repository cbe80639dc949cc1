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
from typing import TYPE_CHECKING, Any

import pandas as pd

from ipanalysis.config import FIGURES, REPORT_REF, label
from ipanalysis.errors import ChartError
from ipanalysis.report.charts import LANGS, unknown_chart

if TYPE_CHECKING:
    from ipanalysis.analysis.registry import Analyses

INDEX_COLUMNS = ["name", "lang", "title", "png", "svg", "csv"]
MANIFEST = "manifest.json"
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
    index = index[ok]
    twice = index[index["name"].duplicated()]
    if len(twice):
        warnings.warn(f"{path}: a chart listed twice, its first row kept: {', '.join(twice['name'])}", stacklevel=2)
    return index.drop_duplicates("name").reset_index(drop=True)[INDEX_COLUMNS]


def write_index(out: Path, lang: str, rows: pd.DataFrame, replace: bool = True) -> Path:
    """Write the folder's index of charts; ``replace=False`` (a partial export) keeps the other charts' rows."""
    old = read_index(out, lang) if not replace else rows.iloc[:0]
    index = pd.concat([old[~old["name"].isin(rows["name"])], rows], ignore_index=True).sort_values("name")
    path = index_path(out, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    index.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def rendered(
    name: str, lang: str, inputs: dict[str, Any], formats: tuple[str, ...] = ("png", "svg")
) -> tuple[dict[str, bytes], str]:
    """One chart drawn from its inputs: its files as bytes (format → bytes, data as ``csv``) and its title.

    Missing glyphs are caught while the PNG is drawn (no extra draw): a ChartError names
    the chart and the glyphs, and nothing is returned.
    """
    from ipanalysis.report.charts import draw_chart
    from ipanalysis.report.render import chart_title, csv_bytes, render

    fig, data, source = draw_chart(name, inputs, lang)
    title = chart_title(fig)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        files = render(fig, source, formats)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    if missing:
        raise ChartError(f"chart {name} ({lang}): glyphs missing from the font: {missing[:3]}")
    return {**files, "csv": csv_bytes(data)}, title


def _draw(job: tuple[str, tuple[str, ...], Path, dict[str, Any]]) -> list[tuple[list[Path], dict[str, str]]]:
    """One chart in every language, from its inputs: files saved into ``out`` and the index rows."""
    name, langs, out, inputs = job
    results = []
    for lang in langs:
        files, title = rendered(name, lang, inputs)
        written = []
        for ext, blob in files.items():
            p = out / f"{stem_of(name, lang)}.{ext}"
            p.write_bytes(blob)
            written.append(p)
        row = {"name": name, "lang": lang, "title": title, **{e: f"{stem_of(name, lang)}.{e}" for e in FILE_KINDS}}
        results.append((written, row))
    return results


def _workers(requested: int | None, jobs: int) -> int:
    if requested is not None:
        return max(1, min(requested, jobs))
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, jobs))


FILE_KINDS = ("png", "svg", "csv")


def export_figures(
    analyses: Analyses,
    out: Path = FIGURES,
    langs: tuple[str, ...] = LANGS,
    only: list[str] | None = None,
    workers: int | None = None,
    force: bool = False,
) -> list[Path]:
    """Every chart in every language from one analysis run: files, indexes and the manifest.

    Incremental: a chart whose key (:func:`chart_keys`: its data, its own code, the shared
    chart code, fonts and libraries) is the one recorded in ``out``'s manifest, with every
    file as recorded, is kept as it is; only the others are drawn (``force``: all). Their
    inputs are computed once, here, by ``analyses``; the drawing runs in parallel (one
    process a core), each chart receiving only its frames. The new folder is built beside
    the old one and swapped in whole. Output bytes do not depend on the number of workers.
    """
    unknown = sorted(set(only or ()) - set(all_charts()))
    if unknown:
        raise unknown_chart(*unknown)
    names = [n for n in sorted(all_charts()) if not only or n in only]
    keys = chart_keys(analyses, names)
    from ipanalysis.report.outputs import staged

    with staged(out, keep=True) as work:  # the new folder is built beside the old one and swapped in whole
        dirty = names if force else stale_charts(work, keys, langs)
        written = _export_into(work, analyses, names, dirty, tuple(langs), workers, keys)
    return [out / p.relative_to(work) for p in written]


def _export_into(
    out: Path,
    analyses: Analyses,
    names: list[str],
    dirty: list[str],
    langs: tuple[str, ...],
    workers: int | None,
    keys: dict[str, str],
) -> list[Path]:
    """Draw ``dirty`` into ``out`` (a staging folder), then the indexes and the manifest (last)."""
    from ipanalysis.report.charts import inputs_for

    n = _workers(workers, len(dirty))
    if n <= 1:
        results = [_draw((name, langs, out, inputs_for(name, analyses))) for name in dirty]
    else:
        import multiprocessing as mp

        from ipanalysis.report.theme import use_style

        use_style()  # the font, found once before the workers start
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        with mp.get_context(method).Pool(n) as pool:
            # each chart goes to a worker as soon as its inputs are computed (here, once each),
            # so the workers draw while the slower analyses of the later charts are computed
            pending = [pool.apply_async(_draw, ((name, langs, out, inputs_for(name, analyses)),)) for name in dirty]
            results = [p.get() for p in pending]
    written: list[Path] = []
    for lang in langs:
        rows = [row for per_chart in results for _, row in per_chart if row["lang"] == lang]
        written += [f for per_chart in results for files, row in per_chart if row["lang"] == lang for f in files]
        old = read_index(out, lang)
        kept = old[old["name"].isin(set(names) - set(dirty))]  # current charts, as they are
        index = pd.concat([kept, pd.DataFrame(rows, columns=INDEX_COLUMNS)], ignore_index=True)
        written.append(write_index(out, lang, index, replace=not only_some(names)))
    drawn = {stem_of(n, lang): keys[n] for n in dirty for lang in langs}
    written.append(write_manifest(out, written, drawn))
    return written


def only_some(names: list[str]) -> bool:
    """The export covers part of the registry (its index and manifest keep the other charts)."""
    return set(names) != set(all_charts())


# ---------------------------------------------------------------- what a figures folder holds


def _sha(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


@lru_cache(maxsize=1)
def _shared_code_key() -> str:
    """A digest of what every chart's bytes depend on besides its data and its own code.

    The report's reference data (labels), the chart code shared by every chart (theme,
    words, render, primitives, this module, the registry), matplotlib and Pillow, the CJK font and the version.
    """
    from matplotlib import font_manager

    from ipanalysis.analysis.cache import library_versions
    from ipanalysis.corpus.manifest import PACKAGE
    from ipanalysis.release import version
    from ipanalysis.report.theme import find_cjk_font

    files = {}
    shared = [PACKAGE / "report" / n for n in ("theme.py", "words.py", "render.py", "primitives.py", "figures.py")]
    shared += [PACKAGE / "report" / "charts" / "__init__.py", PACKAGE / "release.py"]
    for f in sorted([*REPORT_REF.rglob("*"), *shared, *(PACKAGE / "analysis").glob("years.py")]):
        if f.is_file():
            files[label(f)] = _sha(f.read_bytes())
    font = find_cjk_font()
    font_file = Path(font_manager.findfont(font, fallback_to_default=False))
    doc = {
        "files": files,
        "libraries": library_versions(*RENDERING),
        "font": [font, font_file.name, font_file.stat().st_size],
        "version": version(),
    }
    return _sha(json.dumps(doc, sort_keys=True).encode())


def _code_of(name: str) -> str:
    """A digest of one chart's own code: its function, and the rest of its module without the other charts.

    Editing one chart's function changes its key only; editing a helper of its module
    changes the keys of that module's charts.
    """
    import inspect

    fn = all_charts()[name]
    module = inspect.getmodule(fn)
    assert module is not None, name
    rest = inspect.getsource(module)
    for other in all_charts().values():
        if inspect.getmodule(other) is module:
            rest = rest.replace(inspect.getsource(other), "")
    return _sha((inspect.getsource(fn) + "\0" + rest).encode())


def chart_keys(analyses: Analyses, names: list[str] | None = None) -> dict[str, str]:
    """Name → key of each chart: a digest of its data (the run's tables and the code of the analyses it reads), its own code and the shared chart code.

    Cheap: nothing is drawn or analysed. A chart whose key and files match the manifest
    of a folder is current there.
    """
    import inspect

    from ipanalysis.analysis.cache import code_key, imported_analysis_modules
    from ipanalysis.analysis.registry import inputs_of

    shared = _shared_code_key()
    charts = all_charts()
    keys = {}
    for n in names or sorted(charts):
        fn = charts[n]
        own = imported_analysis_modules(Path(inspect.getsourcefile(fn) or ""))  # what the chart's module imports
        data = _sha(f"{analyses.tables.digest}|{code_key(inputs_of(fn), also=own)}".encode())
        keys[n] = _sha(f"{data}|{shared}|{_code_of(n)}".encode())
    return keys


def read_manifest(out: Path = FIGURES) -> dict:
    """The figures folder's manifest (version, each chart's key, sha256 of every file); empty when absent or unreadable."""
    try:
        doc = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    ok = isinstance(doc, dict) and isinstance(doc.get("files"), dict) and isinstance(doc.get("charts"), dict)
    return doc if ok else {}


def write_manifest(out: Path, written: list[Path], drawn: dict[str, str]) -> Path:
    """``manifest.json``: the version, the key each chart was drawn under (per language) and every file's sha256.

    ``drawn`` maps the stems (``name``, ``name_en``) drawn now to their key; ``written``
    are the files written now, hashed here. Every other chart of the registry keeps the
    entry (key and hashes) the previous manifest recorded for it, never a hash of its file
    as it is now, so an edited file stays stale. The manifest is where a chart's CSV says
    which version made it (a CSV has no place for it), and what :func:`show_chart`, the
    gallery and the next export check; it is written last.
    """
    from ipanalysis.release import version

    old = read_manifest(out)
    stems = {stem_of(n, lang) for n in all_charts() for lang in LANGS}
    charts = {s: k for s, k in old.get("charts", {}).items() if s in stems and s not in drawn}
    indexes = {index_path(out, lang).name for lang in LANGS}
    files = {f: h for f, h in old.get("files", {}).items() if f.rsplit(".", 1)[0] in charts or f in indexes}
    charts.update(drawn)
    for p in written:
        if p.parent == out and p.name != MANIFEST and p.exists():
            files[p.name] = _sha(p.read_bytes())
    doc = {
        "ipanalysis_version": version(),
        "charts": dict(sorted(charts.items())),
        "files": dict(sorted(files.items())),
    }
    path = out / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def _chart_files(name: str, langs: tuple[str, ...] = LANGS) -> list[str]:
    return [f"{stem_of(name, lang)}.{e}" for lang in langs for e in FILE_KINDS]


def stale_charts(out: Path, keys: dict[str, str], langs: tuple[str, ...] = LANGS) -> list[str]:
    """The charts of ``keys`` that ``out`` does not hold as current: another key, a file missing, edited or unindexed."""
    doc = read_manifest(out)
    recorded, files = doc.get("charts", {}), doc.get("files", {})
    indexed = {lang: set(read_index(out, lang)["name"]) for lang in langs}
    stale = []
    for name, key in keys.items():
        ok = all(recorded.get(stem_of(name, lang)) == key and name in indexed[lang] for lang in langs)
        ok = ok and all(current_file(out, f, files) is not None for f in _chart_files(name, langs))
        if not ok:
            stale.append(name)
    return stale


def current_files(out: Path) -> dict[str, str]:
    """File name → sha256 recorded in the folder's manifest (empty when it has none)."""
    return dict(read_manifest(out).get("files", {}))


def current_file(out: Path, name: str, files: dict[str, str] | None = None) -> bytes | None:
    """The bytes of an exported file when the manifest records it and it is as recorded; ``None`` otherwise.

    ``files`` is :func:`current_files` of ``out``, read once by a caller that asks for many.
    Only plain file names of the folder are read (never a path elsewhere).
    """
    files = current_files(out) if files is None else files
    if name not in files or Path(name).name != name:
        return None
    try:
        blob = (out / name).read_bytes()
    except OSError:
        return None
    return blob if _sha(blob) == files[name] else None


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(blob: bytes) -> tuple[int, int] | None:
    """Width and height in pixels, from the PNG header; ``None`` for anything that is not a PNG."""
    if len(blob) < 24 or not blob.startswith(PNG_SIGNATURE) or blob[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", blob[16:24])


def show_chart(analyses: Analyses, name: str, langs: tuple[str, ...] = LANGS, folder: Path = FIGURES) -> None:
    """Show a chart of the registry in a notebook, in Chinese and English (``ipa.show_chart`` fills ``analyses``).

    When ``folder`` holds the chart drawn under its current key (:func:`chart_keys`), its
    PNG is shown as it is (the figures step drew it; nothing is drawn twice); otherwise
    the chart is drawn now from ``analyses``, into the same bytes. Either way each image
    carries its title (the page's alt text), its language and its file name, so a report
    page can link the file.
    """
    from IPython.display import Image, display

    from ipanalysis.report.charts import inputs_for

    if name not in all_charts():
        raise unknown_chart(name)
    keys = chart_keys(analyses, [name])
    current = current_files(folder)
    inputs = None
    for lang in langs:
        file = f"{stem_of(name, lang)}.png"
        fresh = not stale_charts(folder, keys, (lang,))  # this language's files, under the chart's current key
        blob = current_file(folder, file, current) if fresh else None
        if blob is not None and png_size(blob) is None:
            blob = None  # recorded, but not a PNG (a zero-byte file): draw it instead
        titles = read_index(folder, lang).set_index("name")["title"]
        if blob is not None and name in titles.index:
            title = str(titles[name])
        else:
            inputs = inputs if inputs is not None else inputs_for(name, analyses)
            files, title = rendered(name, lang, inputs, ("png",))
            blob = files["png"]
        width, _ = png_size(blob) or (1600, 0)
        meta = {"alt": title, "ipanalysis_figure": file, "ipanalysis_lang": lang}
        display(Image(data=blob, format="png", width=width // 2, metadata=meta))
