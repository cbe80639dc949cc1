"""The public loaders researchers call: ``ipa.load_tasks()`` and friends.

They read ``data/processed`` only when it is a complete build of the current inputs:
its manifest names the inputs it was made from and the sha256 of every file it wrote,
and each table is read from the very bytes that were checked. A folder older than its
inputs, edited, truncated or left half-written by an interrupted build is never served:
the loaders say what is wrong (a :class:`~ipanalysis.errors.StaleDataWarning`) and build
the tables in memory instead, so a loader never returns a partial or outdated table.
"""

from __future__ import annotations

import functools
import io
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ipanalysis.config import PROCESSED
from ipanalysis.errors import OutputError, StaleDataWarning

if TYPE_CHECKING:
    from ipanalysis.analysis.registry import Analyses, Tables


def _state() -> str:
    """What the served tables depend on: the inputs (raw files, catalog, code) and the build's manifest.

    Read at every load (about 2 ms), so a session notices an edited input or a rebuild
    instead of serving the tables it loaded first.
    """
    import hashlib
    import json

    from ipanalysis.corpus.manifest import MANIFEST, inputs_digest

    try:
        manifest = (PROCESSED / MANIFEST).read_bytes()
    except OSError:
        manifest = b""
    blob = json.dumps(inputs_digest(), sort_keys=True).encode() + b"\0" + manifest
    return hashlib.sha256(blob).hexdigest()


def _tables() -> dict[str, pd.DataFrame]:
    return _tables_for(_state())


@lru_cache(maxsize=1)
def _tables_for(state: str) -> dict[str, pd.DataFrame]:
    tables = read_processed(PROCESSED)
    if tables is not None:
        return tables
    from ipanalysis.corpus.assemble import build_corpus

    return {name: as_published(df) for name, df in build_corpus().tables.items()}


def as_published(df: pd.DataFrame) -> pd.DataFrame:
    """A table as a reader of its Parquet file sees it: same dtypes whether served from disk or built in memory.

    (Built in memory, text columns may be ``object``; read from Parquet they are ``str``.)
    """
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow")
    return pd.read_parquet(io.BytesIO(buf.getvalue()))


def read_processed(folder: Path, stacklevel: int = 5) -> dict[str, pd.DataFrame] | None:
    """The corpus tables of a built ``folder``, or ``None`` (with a warning saying why) when it cannot be trusted.

    ``None`` without a warning when the folder was never built.
    """
    from ipanalysis.corpus.manifest import MANIFEST, inputs_digest, read_manifest, read_outputs
    from ipanalysis.schema import corpus_tables

    if not (folder / MANIFEST).exists():
        return None
    rebuild = f"building the tables in memory (run `ipanalysis build` to rewrite {folder})"
    try:
        manifest = read_manifest(folder)
    except OutputError as exc:
        warnings.warn(f"{exc}; {rebuild}", StaleDataWarning, stacklevel=stacklevel)
        return None
    if manifest["inputs"] != inputs_digest():
        warnings.warn(f"{folder} is older than its inputs; {rebuild}", StaleDataWarning, stacklevel=stacklevel)
        return None
    names = [f"{t}.parquet" for t in corpus_tables()]
    data, problems = read_outputs(folder, manifest, names)
    if problems:
        listed = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        warnings.warn(
            f"{folder} does not match its manifest (edited, or a build was interrupted): {listed}; {rebuild}",
            StaleDataWarning,
            stacklevel=stacklevel,
        )
        return None
    return {t: pd.read_parquet(io.BytesIO(data[f"{t}.parquet"])) for t in corpus_tables()}


def _load(name: str) -> pd.DataFrame:
    return _tables()[name].copy()


def load_documents() -> pd.DataFrame:
    """One row per document: year, doc_id, kind, title, issuer, date, source_file, role, n_tasks, preamble."""
    return _load("documents")


def load_sections() -> pd.DataFrame:
    """Sections of every document: year, doc_id, section_no, section (parts of the work guide too)."""
    return _load("sections")


def load_tasks() -> pd.DataFrame:
    """One row per numbered task (2018: measure); 2019 merged from its two sources."""
    return _load("tasks")


def load_measures() -> pd.DataFrame:
    """The actor paragraphs of each task."""
    return _load("measures")


def load_assignments() -> pd.DataFrame:
    """Who is in charge (局内) and who must or may act (省份 / 地市 / 涉及地方), one row per unit or clause."""
    return _load("assignments")


def load_guideline_items() -> pd.DataFrame:
    """Items of the 2019 work guide with their responsible departments."""
    return _load("guideline_items")


def load_departments() -> pd.DataFrame:
    """Department names as written → canonical, full name, reform lineage (successor), note."""
    return _load("departments")


def load_discrepancies() -> pd.DataFrame:
    """Fields where two sources of one year differ (2019: attachment vs web page)."""
    return _load("discrepancies")


def load_dropped() -> pd.DataFrame:
    """Boilerplate the readers dropped (page headers, page numbers, web chrome), with its rule."""
    return _load("dropped_boilerplate")


def load_warnings() -> pd.DataFrame:
    """What the parser noticed in each file (missing completion times, lost numerals …)."""
    return _load("parse_warnings")


def clear_cache() -> None:
    """Forget loaded tables and analyses (a rebuild or an edited input is noticed without it; this frees the memory)."""
    _tables_for.cache_clear()
    _analyses_for.cache_clear()


# ---------------------------------------------------------------- the analyses, over the published tables


def analyses() -> Analyses:
    """Every analysis over the published tables (:class:`~ipanalysis.analysis.registry.Analyses`).

    One run per build: each result is computed once and handed out as a copy; a rebuild
    or an edited input gives a new run (the same check as the loaders).
    """
    from ipanalysis.analysis.cache import code_key

    return _analyses_for(f"{_state()}|{code_key()}")  # the tables, and the analysis code and reference data


@lru_cache(maxsize=1)
def _analyses_for(state: str) -> Analyses:
    return published_analyses()


def published_tables() -> Tables:
    """The published tables, each read once (the loaders above) with the reported outcomes."""
    from ipanalysis.analysis.registry import TABLES, Tables
    from ipanalysis.analysis.targets import load_outcomes

    tables = _tables()  # one state for every table: never two builds in one run
    frames = {n: tables[n].copy() for n in TABLES if n != "outcomes"}
    frames["outcomes"] = load_outcomes()
    return Tables(frames)


def published_analyses(disk: Path | None = None) -> Analyses:
    """A new run of every analysis over the published tables, slow results kept in ``disk`` (default ``.cache/analyses``)."""
    from ipanalysis.analysis.cache import DISK_DIR
    from ipanalysis.analysis.registry import Analyses

    return Analyses(published_tables(), disk if disk is not None else DISK_DIR)


# researcher's name → (module of ipanalysis.analysis, function): the analyses offered as ``ipa.<name>()``
FRONT: dict[str, tuple[str, str]] = {
    "load_targets": ("targets", "load_targets"),
    "unmatched_targets": ("targets", "unmatched_targets"),
    "attainment": ("targets", "attainment"),
    "load_task_codes": ("themes", "load_task_codes"),
    "load_measure_codes": ("themes", "load_measure_codes"),
    "keyness": ("themes", "keyness"),
    "stage_shares": ("themes", "stage_shares"),
    "stage_shifts": ("themes", "stage_shifts"),
    "topics": ("themes", "topics"),
    "continuity": ("themes", "continuity"),
    "department_workload": ("actors", "department_workload"),
    "department_series": ("actors", "department_series"),
    "obligation_profile": ("actors", "obligation_profile"),
    "obligation_shares": ("actors", "obligation_shares"),
    "actor_shares": ("actors", "actor_shares"),
    "coassignment_edges": ("actors", "coassignment_edges"),
    "network_measures": ("actors", "network_measures"),
    "term_frequencies": ("terms", "term_frequencies"),
    "term_matrix": ("terms", "term_matrix"),
    "kwic": ("terms", "kwic"),
}


def front(name: str) -> Callable[..., Any]:
    """``ipa.<name>``: the analysis function with its tables filled from the published ones.

    Arguments that are not tables are passed on (``ipa.kwic("质押")``,
    ``ipa.department_workload(lineage=True)``); a table given by name replaces the
    published one (``ipa.stage_shares(task_codes=my_codes)``).
    """
    import importlib

    from ipanalysis.analysis.registry import ANALYSES

    module, attr = FRONT[name]
    fn = getattr(importlib.import_module(f"ipanalysis.analysis.{module}"), attr)
    result = next((r for r, (m, f, fixed) in ANALYSES.items() if (m, f) == (module, attr) and not fixed), None)

    @functools.wraps(fn)
    def published(*args: Any, **kwargs: Any) -> Any:
        run = analyses()
        if result is not None:
            return run.get(result, *args, **kwargs)
        return run.call(fn, *args, **kwargs)

    published.__doc__ = (fn.__doc__ or "") + "\n\n(Tables: the published ones, unless given by name.)"
    return published


def chart(name: str, lang: str = "zh") -> tuple[Any, pd.DataFrame, str]:
    """Draw one chart of the registry from the published tables: ``(figure, data, source)``.

    ``ipa.chart("departments_workload_heatmap", "en")``; an unknown name or language is a
    ``ChartError`` listing the known ones.
    """
    from ipanalysis.errors import ChartError
    from ipanalysis.report.charts import LANGS, chart_inputs, draw_chart, inputs_for

    chart_inputs(name)  # an unknown name fails here, before any analysis runs
    if lang not in LANGS:
        raise ChartError(f"no language {lang!r}; charts are drawn in {', '.join(LANGS)}")
    return draw_chart(name, inputs_for(name, analyses()), lang)


def show_chart(name: str, langs: tuple[str, ...] = ("zh", "en"), folder: Path | None = None) -> None:
    """Show a chart in a notebook in Chinese and English: the exported PNG when current, else drawn now."""
    from ipanalysis.config import FIGURES
    from ipanalysis.report.figures import show_chart as show

    show(analyses(), name, langs, folder if folder is not None else FIGURES)
