"""The public loaders researchers call: ``ipa.load_tasks()`` and friends.

They read ``data/processed`` only when it is a complete build of the current inputs:
its manifest names the inputs it was made from and the sha256 of every file it wrote,
and each table is read from the very bytes that were checked. A folder older than its
inputs, edited, truncated or left half-written by an interrupted build is never served:
the loaders say what is wrong (a :class:`~ipanalysis.errors.StaleDataWarning`) and build
the tables in memory instead, so a loader never returns a partial or outdated table.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ipanalysis.config import PROCESSED
from ipanalysis.errors import OutputError, StaleDataWarning


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
    """Forget loaded tables (a rebuild or an edited input is noticed without it; this frees the memory)."""
    _tables_for.cache_clear()
