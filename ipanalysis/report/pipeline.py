"""``ipanalysis reproduce``: every output from the raw files, in order, with progress.

Each step prints what it does and what it wrote; the first failure stops the run with a
non-zero exit code. Steps are listed once here, so a new analysis adds one line.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Callable
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


# (what it does, the step, the folder it writes: its own (None) or reports/, which the
# reproduce run builds beside the old one and swaps in whole after the last step)
STEPS: list[tuple[str, Callable[[Path], list[Path]], str | None]] = [
    ("build tables (data/processed)", _build, None),
    ("export figures (figures/, Chinese and English)", _figures, None),
    ("write the Excel workbook (reports/)", _workbook, "reports"),
    ("write the task explorer (reports/explorer.html)", _explorer, "reports"),
    ("execute notebooks, render the HTML report (reports/)", _report, "reports"),
]


def reproduce(
    steps: list[tuple[str, Callable[[Path], list[Path]], str | None]] | None = None, reports: Path = REPORTS
) -> int:
    """Run every step; print a summary; return a process exit code.

    The steps that write ``reports/`` write into a new folder beside it, swapped in whole
    after the last one: a failed or killed run leaves the previous report, workbook and
    explorer as they were, never a mix of two runs.
    """
    from ipanalysis.report.outputs import staged

    steps = steps if steps is not None else STEPS
    summary: list[tuple[str, int, float]] = []
    with contextlib.ExitStack() as stack:
        work: Path | None = None
        for i, (name, step, target) in enumerate(steps, start=1):
            print(f"[{i}/{len(steps)}] {name} …", flush=True)
            t0 = time.perf_counter()
            try:
                if target == "reports" and work is None:
                    work = stack.enter_context(staged(reports, keep=False))
                written = step(work if target == "reports" else reports)
            except Exception as exc:  # report which step failed, then fail the run
                print(f"[{i}/{len(steps)}] FAILED: {name}: {type(exc).__name__}: {exc}", flush=True)
                if work is not None:
                    print(f"{reports} is left as the previous run wrote it", flush=True)
                stack.pop_all()  # the staging folder is removed below, not swapped in
                if work is not None:
                    shutil.rmtree(work, ignore_errors=True)
                return 1
            dt = time.perf_counter() - t0
            if work is not None and target == "reports":
                written = [reports / p.relative_to(work) if p.is_relative_to(work) else p for p in written]
            summary.append((name, len(written), dt))
            print(f"[{i}/{len(steps)}] done in {dt:.1f} s: {len(written)} files", flush=True)
    print("\nsummary")
    for name, n, dt in summary:
        print(f"  {name:<55} {n:>4} files {dt:>7.1f} s")
    print(f"outputs under {ROOT}")
    return 0
