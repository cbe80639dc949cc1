"""``ipanalysis reproduce``: every output from the raw files, as a pipeline of declared steps.

The steps are declared once, in :data:`STEPS`, in the order they run::

    tables ─► charts ─┐
       │              ├─► notebooks ─► report
       ├─► workbook   │
       └─► explorer ──┘

Each step is a plain function with what it reads (``reads``: tables, analysis results,
code, files) and the folder it writes. A step runs only when the key of what it reads
(a checksum of its inputs, its own code and the library versions) differs from the key
recorded with its outputs; ``reproduce`` says which steps ran and which were fresh.
Steps that are made of parts are incremental part by part: a chart is redrawn only when
its own key changed (:func:`ipanalysis.report.figures.chart_keys`), a notebook executed
again only when it, the library or the data changed.

The tables are read once and every analysis computed once, by one
:class:`~ipanalysis.analysis.registry.Analyses` that the steps receive: the charts, the
workbook, the explorer and the landing page show the same frames. ``reports/`` is built
beside the old folder and swapped in whole, with the keys (``reports/.pipeline.json``)
written last: a failed or killed run leaves the previous report as it was.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ipanalysis.analysis.cache import library_versions
from ipanalysis.analysis.registry import Analyses
from ipanalysis.config import EXTERNAL, FIGURES, NOTEBOOKS, PROCESSED, REFERENCE, REPORT_REF, REPORTS, ROOT, SCHEMA

REPORT_STATE = ".pipeline.json"  # in reports/: the key each part of the report was made under


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text if isinstance(text, bytes) else text.encode()).hexdigest()


def _files_key(paths: list[Path]) -> str:
    """A digest of files' names and bytes (folders: every file inside); a path that is not there is an error."""
    missing = [str(p) for p in paths if not p.exists() and p.suffix in (".py", ".csv")]
    if missing:
        raise FileNotFoundError(f"a step reads files that do not exist: {', '.join(missing)}")
    parts = {}
    for p in paths:  # named relative to the path given, so a staging copy has the key of the real folder
        for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
            if f.is_file() and "__pycache__" not in f.parts:
                parts[f"{p.name}/{f.relative_to(p)}" if p.is_dir() else p.name] = _sha(f.read_bytes())
    return _sha(json.dumps(parts, sort_keys=True))


@dataclass
class Run:
    """What the steps of one ``reproduce`` share: the analysis run, the folders, the keys recorded and made."""

    reports: Path = REPORTS
    figures: Path = FIGURES
    force: bool = False
    work: Path | None = None  # the staging copy of ``reports`` the report steps write into
    recorded: dict[str, str] = field(default_factory=dict)  # part → key, as the current reports/ holds them
    made: dict[str, str] = field(default_factory=dict)  # part → key, of what this run wrote or kept
    files: dict[str, dict[str, str]] = field(default_factory=dict)  # part → {file in reports/: sha256}

    def record(self, part: str, key: str, written: list[Path]) -> None:
        """A part of the report was made under ``key``: remember it and the sha256 of every file it wrote."""
        assert self.work is not None
        self.made[part] = key
        self.files[part] = {
            str(p.relative_to(self.work)): _sha(p.read_bytes())
            for p in written
            if p.is_file() and p.is_relative_to(self.work)
        }

    def holds(self, part: str, key: str) -> bool:
        """The report folder holds ``part`` made under ``key``, every file of it as it was written."""
        folder = self.work or self.reports
        files = self.files.get(part)
        if self.recorded.get(part) != key or not files:
            return False
        for name, sha in files.items():
            try:
                if _sha((folder / name).read_bytes()) != sha:
                    return False
            except OSError:
                return False
        return True

    _analyses: Analyses | None = None

    @property
    def analyses(self) -> Analyses:
        """The tables read once and every analysis computed once, for every step (after the tables step)."""
        if self._analyses is None:
            from ipanalysis.api import published_analyses

            self._analyses = published_analyses()
        return self._analyses

    def data_key(self) -> str:
        """The tables' content and the analysis code: what every analysis result is made from."""
        from ipanalysis.analysis.cache import code_key

        return _sha(f"{self.analyses.tables.digest}|{code_key()}")


# ---------------------------------------------------------------- the keys of the report's parts

PACKAGE = Path(__file__).resolve().parents[1]


def _key(run: Run, *parts: object) -> str:
    return _sha(json.dumps([run.data_key(), *[str(p) for p in parts]]))


def workbook_key(run: Run) -> str:
    code = [PACKAGE / "report" / "workbook.py", PACKAGE / "release.py", SCHEMA.parent]
    return _key(run, _files_key(code), library_versions("openpyxl", "pandas"))


def explorer_key(run: Run) -> str:
    code = [*(PACKAGE / "report" / n for n in ("explorer.py", "words.py", "templates/explorer"))]
    code += [PACKAGE / "release.py", REPORT_REF]
    return _key(run, _files_key(code), library_versions("itables", "pandas"))


# what a notebook runs besides its own source: the library it calls (not the other steps' code)
NOTEBOOK_CODE = (
    "__init__.py",
    "api.py",
    "config.py",
    "errors.py",
    "schema.py",
    "analysis",
    "corpus",
    "parse",
    "report/findings.py",
    "report/figures.py",
    "report/theme.py",
    "report/words.py",
    "report/render.py",
    "report/primitives.py",
    "release.py",
    "report/notebooks.py",
    "report/templates",
)


def shown_charts(source: Path) -> list[str]:
    """The charts a notebook shows (``ipa.show_chart("name")``)."""
    return sorted(set(re.findall(r"show_chart\(\s*[\"']([A-Za-z0-9_]+)[\"']", source.read_text(encoding="utf-8"))))


def notebook_key(run: Run, source: Path) -> str:
    """A notebook's page is made from its source, the library it calls, the data and the charts it shows.

    A chart enters by its key in the figures manifest: redrawing one chart re-executes
    only the notebooks that show it.
    """
    from ipanalysis.report.figures import read_manifest

    charts = read_manifest(run.figures).get("charts", {})
    inputs = [source, *(PACKAGE / p for p in NOTEBOOK_CODE), REFERENCE, EXTERNAL]
    return _key(
        run,
        _files_key(inputs),
        {c: charts.get(c) for c in shown_charts(source)},
        library_versions("nbconvert", "nbclient", "jupytext", "matplotlib", "pandas"),
    )


def landing_key(run: Run, pages: list[Path]) -> str:
    code = [
        *(PACKAGE / "report" / n for n in ("landing.py", "findings.py", "words.py", "templates/landing")),
        PACKAGE / "release.py",
        REPORT_REF,
    ]
    return _key(run, _files_key([*code, *pages, run.figures / "manifest.json"]))


# ---------------------------------------------------------------- the steps


def _tables(run: Run) -> list[Path]:
    from ipanalysis.corpus.publish import build

    written = build(PROCESSED, verbose=False)  # ipa.build(): tables and datapackage.json, swapped in whole
    from ipanalysis.api import clear_cache

    clear_cache()
    run._analyses = None  # the new tables
    return written


def _tables_fresh(run: Run) -> bool:
    """``data/processed`` is a complete build of the current inputs (the loaders' own check)."""
    from ipanalysis.api import read_processed

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_processed(PROCESSED) is not None


def _charts(run: Run) -> list[Path]:
    from ipanalysis.report.figures import chart_keys, export_figures, stale_charts

    stale = sorted(chart_keys(run.analyses)) if run.force else stale_charts(run.figures, chart_keys(run.analyses))
    print(f"      charts drawn: {', '.join(stale) or 'none'}", flush=True)
    return export_figures(run.analyses, run.figures, force=run.force)  # redraws stale charts only; swapped in whole


def _charts_fresh(run: Run) -> bool:
    from ipanalysis.report.figures import chart_keys, stale_charts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return not stale_charts(run.figures, chart_keys(run.analyses))


def _workbook(run: Run) -> list[Path]:
    from ipanalysis.report.workbook import write_workbook

    assert run.work is not None
    written = write_workbook(run.analyses, run.work / "ipanalysis_tables.xlsx")
    run.record("workbook", workbook_key(run), written)
    return written


def _explorer(run: Run) -> list[Path]:
    from ipanalysis.report.explorer import explorer_table, write_explorer

    assert run.work is not None
    written = [write_explorer(run.analyses.call(explorer_table), run.work / "explorer.html")]
    run.record("explorer", explorer_key(run), written)
    return written


def _stale_notebooks(run: Run) -> list[Path]:
    from ipanalysis.report.notebooks import list_notebooks

    out = []
    for source in list_notebooks(NOTEBOOKS):
        part = f"notebook:{source.stem}"
        if run.force or not run.holds(part, notebook_key(run, source)):
            out.append(source)
    return out


def _notebooks(run: Run) -> list[Path]:
    """Execute the notebooks whose key changed (one kernel a core) and render their pages."""
    from ipanalysis.report.notebooks import render_all

    assert run.work is not None
    stale = _stale_notebooks(run)
    written = render_all(stale, out_dir=run.work) if stale else []
    for source in stale:
        made = [run.work / f"{source.stem}.html", run.work / "notebooks" / f"{source.stem}.ipynb"]
        run.record(f"notebook:{source.stem}", notebook_key(run, source), made)
    print(f"      notebooks executed: {', '.join(s.stem for s in stale) or 'none'}", flush=True)
    return written


def _pages(run: Run) -> list[Path]:
    from ipanalysis.report.notebooks import list_notebooks

    folder = run.work or run.reports
    return [folder / f"{s.stem}.html" for s in list_notebooks(NOTEBOOKS)]


def _report(run: Run) -> list[Path]:
    """The landing page over the notebook pages, with the gallery of every chart."""
    from ipanalysis.report.landing import write_landing

    assert run.work is not None
    written = write_landing(run.analyses, run.work, _pages(run), figures=run.figures)
    run.record("report", landing_key(run, _pages(run)), written)
    return written


def _recorded_fresh(part: str, key: Callable[[Run], str]) -> Callable[[Run], bool]:
    def fresh(run: Run) -> bool:
        return run.holds(part, key(run))

    return fresh


def _notebooks_fresh(run: Run) -> bool:
    return not _stale_notebooks(run)


@dataclass(frozen=True)
class Step:
    """One step of ``reproduce``: its name, what it does, what it reads, the function and the folder it writes.

    ``target`` ``"reports"`` marks the steps that write ``reports/``: the run builds that
    folder beside the old one and swaps it in whole after the last of them. ``fresh``
    says, before the step runs, whether its outputs were made from what it reads now.
    """

    id: str
    name: str
    reads: str
    run: Callable[[Run], list[Path]]
    fresh: Callable[[Run], bool]
    target: str | None = None


STEPS: list[Step] = [
    Step(
        "tables",
        "build tables (data/processed)",
        "data/raw, data/catalog.csv, data/reference/parse, data/schema, the parser",
        _tables,
        _tables_fresh,
    ),
    Step(
        "charts",
        "draw charts (figures/, Chinese and English)",
        "each chart's analyses, its own code, the chart style, fonts",
        _charts,
        _charts_fresh,
    ),
    Step(
        "workbook",
        "write the Excel workbook (reports/)",
        "tables, targets, attainment, task and measure codes, the schema",
        _workbook,
        _recorded_fresh("workbook", workbook_key),
        "reports",
    ),
    Step(
        "explorer",
        "write the task explorer (reports/explorer.html)",
        "tables, task and measure codes, targets",
        _explorer,
        _recorded_fresh("explorer", explorer_key),
        "reports",
    ),
    Step(
        "notebooks",
        "execute notebooks, render their pages (reports/)",
        "each notebook, the library, the data, the charts",
        _notebooks,
        _notebooks_fresh,
        "reports",
    ),
    Step(
        "report",
        "write the landing page and gallery (reports/index.html)",
        "headline findings, the pages, the charts",
        _report,
        lambda run: run.holds("report", landing_key(run, _pages(run))),
        "reports",
    ),
]
ALIASES = {"build": "tables", "figures": "charts"}  # the names of earlier versions


def read_state(reports: Path) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(part → key, part → {file: sha256}) recorded in ``reports/.pipeline.json`` (empty when absent or unreadable)."""
    try:
        state = json.loads((reports / REPORT_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    parts = state.get("parts") if isinstance(state, dict) else None
    files = state.get("files") if isinstance(state, dict) else None
    if not isinstance(parts, dict) or not isinstance(files, dict):
        return {}, {}
    ok = {k: v for k, v in files.items() if isinstance(v, dict)}
    return {str(k): str(v) for k, v in parts.items()}, ok


def _with_current_tables(steps: list[Step], chosen: list[Step], run: Run) -> list[Step]:
    """The chosen steps, after the tables step where data/processed is stale: every later step reads the tables.

    Without it a page executed from tables built in memory would carry their warning, and
    be recorded as fresh once the tables are rebuilt with the same content.
    """
    tables = next((s for s in steps if s.id == "tables"), None)
    if tables is None or tables in chosen or tables.fresh(run):
        return chosen
    print("data/processed is older than its inputs: building the tables first (the other steps read them)")
    return [tables, *chosen]


def reproduce(
    steps: list[Step] | None = None, reports: Path = REPORTS, force: bool = False, only: list[str] | None = None
) -> int:
    """Run the steps whose outputs are not fresh; print what ran and what was fresh; return an exit code.

    ``force`` redoes every step; ``only`` runs the named steps alone (by ``id``), each
    only where it is stale unless ``force``. The steps that write ``reports/`` write into
    a copy of it, swapped in whole after the last one with the keys of every part: a
    failed or killed run leaves the previous report, workbook and explorer as they were.
    """
    from ipanalysis.report.outputs import staged

    steps = steps if steps is not None else STEPS
    if only:
        only = [ALIASES.get(s, s) for s in only]
        unknown = sorted(set(only) - {s.id for s in steps})
        if unknown:
            print(f"error: no step named {', '.join(unknown)}; the steps are {', '.join(s.id for s in steps)}")
            return 2
        chosen = [s for s in steps if s.id in only]
    recorded, files = read_state(reports)
    run = Run(reports=reports, force=force, recorded=recorded, files=files)
    if only:
        steps = _with_current_tables(steps, chosen, run)
    summary: list[tuple[str, str, float]] = []
    try:
        with staged(reports, keep=True) as work:
            for i, step in enumerate(steps, start=1):
                head = f"[{i}/{len(steps)}] {step.name}"
                t0 = time.perf_counter()
                try:
                    if step.target == "reports":
                        run.work = work
                    if not force and step.fresh(run):
                        print(f"{head}: fresh, skipped", flush=True)
                        summary.append((step.name, "fresh", time.perf_counter() - t0))
                        continue
                    print(f"{head} …", flush=True)
                    written = step.run(run)
                except Exception as exc:  # report which step failed, then fail the run
                    print(f"{head}: FAILED: {type(exc).__name__}: {exc}", flush=True)
                    raise _Failed from exc
                dt = time.perf_counter() - t0
                summary.append((step.name, f"ran: {len(written)} files", dt))
                print(f"{head}: done in {dt:.1f} s: {len(written)} files", flush=True)
            kept = {p: k for p, k in run.recorded.items() if p not in run.made}  # fresh parts, as they were
            parts = {**kept, **run.made}
            files = {p: run.files[p] for p in parts if p in run.files}
            state = {"parts": dict(sorted(parts.items())), "files": dict(sorted(files.items()))}
            (work / REPORT_STATE).write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    except _Failed:
        print(f"{reports} is left as the previous run wrote it", flush=True)
        return 1
    print("\nsummary")
    for name, what, dt in summary:
        print(f"  {name:<58} {what:>16} {dt:>7.1f} s")
    print(f"outputs under {ROOT}")
    return 0


class _Failed(Exception):
    """A step failed (already reported): the staging folder is dropped, ``reports/`` left as it was."""


def describe() -> str:
    """The pipeline in words: each step, what it reads and where it writes (``ipanalysis reproduce --list``)."""
    rows = [f"{s.id:<10} {s.name}\n{'':<10} reads: {s.reads}" for s in STEPS]
    return "\n".join(rows)


def reports_fresh(reports: Path = REPORTS) -> bool:
    """Every part of ``reports/`` was made from what it reads now (no step would run)."""
    recorded, files = read_state(reports)
    run = Run(reports=reports, recorded=recorded, files=files, work=reports)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return all(s.fresh(run) for s in STEPS if s.target == "reports")
