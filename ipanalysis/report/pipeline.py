"""``ipanalysis reproduce``: every output from the raw files, in order, with progress.

Each step prints what it does and what it wrote; the first failure stops the run with a
non-zero exit code. Steps are listed once here, so a new analysis adds one line.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ipanalysis.config import PROCESSED, REPORTS, ROOT


def build_release(out: Path = PROCESSED, verbose: bool = True) -> list[Path]:
    """``ipanalysis build``: the corpus tables into ``out``, then ``datapackage.json`` describing them.

    The data package is written here, by the report layer, because it carries the release
    facts (version, licence, citation) that the corpus layer does not know; it is written
    inside the atomic build, so it is hashed in the manifest and swapped in with the tables.
    """
    from ipanalysis.corpus.publish import build
    from ipanalysis.report.release import write_datapackage

    return build(out, verbose=verbose, extras=[lambda folder: [write_datapackage(folder)]])


def _build(_: Path) -> list[Path]:
    return build_release(PROCESSED, verbose=False)  # swapped in whole by the build itself


def _figures(_: Path) -> list[Path]:
    from ipanalysis.api import clear_cache
    from ipanalysis.report.figures import export_figures

    clear_cache()
    return export_figures(langs=("zh", "en"))  # both languages, one process a core; swapped in whole


def _workbook(reports: Path) -> list[Path]:
    from ipanalysis.report.workbook import write_workbook

    return write_workbook(reports / "ipanalysis_tables.xlsx")


def _explorer(reports: Path) -> list[Path]:
    from ipanalysis.report.explorer import write_explorer

    return [write_explorer(reports / "explorer.html")]


def write_report(out_dir: Path = REPORTS) -> list[Path]:
    """The HTML report: every notebook executed and rendered as a page, then the landing page over them."""
    from ipanalysis.report.landing import write_landing
    from ipanalysis.report.notebooks import render_all

    written = render_all(out_dir=out_dir)
    pages = [p for p in written if p.suffix == ".html"]
    return written + write_landing(out_dir, pages)


def _report(reports: Path) -> list[Path]:
    return write_report(reports)


@dataclass(frozen=True)
class Step:
    """One step of ``reproduce``: a name to run it by, what it does, the function and the folder it writes.

    ``target`` ``"reports"`` marks the steps that write ``reports/``: the run builds that
    folder beside the old one and swaps it in whole after the last of them. ``fresh``
    says, before the step runs, whether its outputs were made from what it reads now.
    """

    id: str
    name: str
    run: Callable[[Path], list[Path]]
    target: str | None = None
    fresh: Callable[[], bool] | None = None


def _build_fresh() -> bool:
    """``data/processed`` is a complete build of the current inputs (the loaders' own check)."""
    from ipanalysis.api import read_processed

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_processed(PROCESSED) is not None


def _figures_fresh() -> bool:
    """Every chart of the registry in both languages, as the manifest recorded it under the current key."""
    from ipanalysis.config import FIGURES
    from ipanalysis.report.figures import LANGS, all_charts, current_file, current_files, read_index, stem_of

    files = current_files(FIGURES)
    if not files:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lang in LANGS:
            if set(read_index(FIGURES, lang)["name"]) != set(all_charts()):
                return False
    wanted = [f"{stem_of(n, lang)}.{e}" for n in all_charts() for lang in LANGS for e in ("png", "svg", "csv")]
    return all(current_file(FIGURES, f, files) is not None for f in wanted)


REPORT_STATE = ".pipeline.json"  # in reports/: the key the report steps ran under


def reports_key() -> str:
    """A digest of everything the workbook, the explorer and the report are made from.

    The built tables and charts (their manifests), the code, the notebooks, the reference
    and external data, and the versions of the libraries that write the pages.
    """
    from importlib import metadata

    from ipanalysis.config import ANALYSIS_REF, EXTERNAL, FIGURES, NOTEBOOKS, REPORT_REF
    from ipanalysis.corpus.manifest import MANIFEST, PACKAGE

    parts: dict[str, str] = {}
    files = [PROCESSED / MANIFEST, FIGURES / "manifest.json"]
    for folder, pattern in (
        (PACKAGE, "*.py"),
        (NOTEBOOKS, "*.py"),
        (ANALYSIS_REF, "*"),
        (REPORT_REF, "*"),
        (EXTERNAL, "*"),
    ):
        files += sorted(folder.rglob(pattern))
    files += sorted((PACKAGE / "report" / "templates").rglob("*"))
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            parts[str(f.relative_to(ROOT))] = hashlib.sha256(f.read_bytes()).hexdigest()
    libs = {}
    for lib in ("pandas", "matplotlib", "nbconvert", "nbclient", "openpyxl", "itables", "jupytext"):
        try:
            libs[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            libs[lib] = None
    return hashlib.sha256(json.dumps({"files": parts, "libraries": libs}, sort_keys=True).encode()).hexdigest()


def _reports_fresh(reports: Path = REPORTS) -> bool:
    try:
        state = json.loads((reports / REPORT_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(state, dict) and state.get("key") == reports_key()


STEPS: list[Step] = [
    Step("build", "build tables (data/processed)", _build, None, _build_fresh),
    Step("figures", "export figures (figures/, Chinese and English)", _figures, None, _figures_fresh),
    Step("workbook", "write the Excel workbook (reports/)", _workbook, "reports", _reports_fresh),
    Step("explorer", "write the task explorer (reports/explorer.html)", _explorer, "reports", _reports_fresh),
    Step("report", "execute notebooks, render the HTML report (reports/)", _report, "reports", _reports_fresh),
]


def reproduce(
    steps: list[Step] | None = None, reports: Path = REPORTS, force: bool = False, only: list[str] | None = None
) -> int:
    """Run the steps whose outputs are not fresh; print a summary; return a process exit code.

    A step whose outputs were made from what it reads now is skipped and said to be
    fresh (``force`` runs every step). ``only`` runs the named steps alone (by ``id``).
    The steps that write ``reports/`` write into a new folder beside it, swapped in whole
    after the last one: a failed or killed run leaves the previous report, workbook and
    explorer as they were, never a mix of two runs. They are fresh or stale together: a
    run that does only some of them starts from a copy of the current folder and leaves
    the report marked as not fresh, so the next full run redoes it.
    """
    from ipanalysis.report.outputs import staged

    steps = steps if steps is not None else STEPS
    if only:
        unknown = sorted(set(only) - {s.id for s in steps})
        if unknown:
            print(f"error: no step named {', '.join(unknown)}; the steps are {', '.join(s.id for s in steps)}")
            return 2
        steps = [s for s in steps if s.id in only]
    summary: list[tuple[str, str, float]] = []
    with contextlib.ExitStack() as stack:
        work: Path | None = None
        for i, step in enumerate(steps, start=1):
            head = f"[{i}/{len(steps)}] {step.name}"
            t0 = time.perf_counter()
            try:
                if not force and not only and step.fresh is not None and step.fresh():
                    print(f"{head}: fresh, skipped", flush=True)
                    summary.append((step.name, "fresh", time.perf_counter() - t0))
                    continue
                print(f"{head} …", flush=True)
                if step.target == "reports" and work is None:
                    work = stack.enter_context(staged(reports, keep=bool(only)))
                    (work / REPORT_STATE).unlink(missing_ok=True)
                written = step.run(work if step.target == "reports" else reports)
            except Exception as exc:  # report which step failed, then fail the run
                print(f"{head}: FAILED: {type(exc).__name__}: {exc}", flush=True)
                stack.pop_all()  # the staging folder is removed here, never swapped in
                if work is not None:
                    shutil.rmtree(work, ignore_errors=True)
                    print(f"{reports} is left as the previous run wrote it", flush=True)
                return 1
            dt = time.perf_counter() - t0
            summary.append((step.name, f"{len(written)} files", dt))
            print(f"{head}: done in {dt:.1f} s: {len(written)} files", flush=True)
        if work is not None and not only:
            (work / REPORT_STATE).write_text(json.dumps({"key": reports_key()}) + "\n", encoding="utf-8")
    print("\nsummary")
    for name, what, dt in summary:
        print(f"  {name:<55} {what:>9} {dt:>7.1f} s")
    print(f"outputs under {ROOT}")
    return 0
