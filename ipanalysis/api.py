"""The public loaders researchers call: ``ipa.load_tasks()`` and friends.

They read ``data/processed`` when it was built from the current inputs (checked against
its manifest) and otherwise build the tables in memory, so a loader never returns
tables older than the raw files, reference tables or code.
"""

from __future__ import annotations

import json
import warnings
from functools import lru_cache

import pandas as pd

from ipanalysis.config import PROCESSED


@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    from ipanalysis.corpus.manifest import MANIFEST, inputs_digest
    from ipanalysis.schema import corpus_tables

    published = corpus_tables()

    manifest = PROCESSED / MANIFEST
    if manifest.exists():
        stored = json.loads(manifest.read_text(encoding="utf-8")).get("inputs")
        if stored == inputs_digest() and all((PROCESSED / f"{t}.parquet").exists() for t in published):
            return {t: pd.read_parquet(PROCESSED / f"{t}.parquet") for t in published}
        warnings.warn(
            "data/processed is older than its inputs; building the tables in memory "
            "(run `ipanalysis build` to refresh it)",
            stacklevel=3,
        )
    from ipanalysis.corpus.assemble import build_corpus

    return build_corpus().tables


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
    """Forget loaded tables (after a rebuild in the same session)."""
    _tables.cache_clear()
