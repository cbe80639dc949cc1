"""ipanalysis: CNIPA yearly task lists (the years of data/catalog.csv) as tidy, cited, reproducible tables.

    import ipanalysis as ipa
    ipa.load_tasks()

Submodules load on first use so that ``import ipanalysis`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.2.0"

_LAZY = {
    "load_documents": "api",
    "load_sections": "api",
    "load_tasks": "api",
    "load_measures": "api",
    "load_assignments": "api",
    "load_guideline_items": "api",
    "load_departments": "api",
    "load_discrepancies": "api",
    "load_dropped": "api",
    "load_warnings": "api",
    "clear_cache": "api",
    "upgrade_columns": "schema",
    "parse_file": "parse.document",
    "parse_text": "parse.document",
    "Document": "parse.document",
    "ParseError": "errors",
    "UnknownNameError": "errors",
    "build": "corpus.publish",
    "build_corpus": "corpus.assemble",
    "BuildError": "errors",
    "IpanalysisError": "errors",
    "SchemaError": "errors",
    "FontNotFoundError": "errors",
    "OutputError": "errors",
    "PathEscapeError": "errors",
    "ReferenceDataError": "errors",
    "StaleDataWarning": "errors",
    # targets
    "load_outcomes": "analysis.targets",
    # themes
    "code_tasks": "analysis.coding",
    "tokenize": "analysis.themes",
    # departments and actors
    # researcher helpers on the text
    # a chart of the registry, drawn in the house style
    "chart": "api",
    "chart_names": "report.charts",
    "show_chart": "api",
    "analyses": "api",
    "for_readers": "report.reading",
    "Analyses": "analysis.registry",
    "Tables": "analysis.registry",
}

# the analyses, their tables filled from the published ones (ipanalysis.api.FRONT)
_FRONT = (
    "load_targets",
    "unmatched_targets",
    "attainment",
    "load_task_codes",
    "load_measure_codes",
    "keyness",
    "stage_shares",
    "stage_shifts",
    "topics",
    "continuity",
    "department_workload",
    "department_series",
    "obligation_profile",
    "obligation_shares",
    "actor_shares",
    "coassignment_edges",
    "network_measures",
    "term_frequencies",
    "term_matrix",
    "kwic",
)

__all__ = sorted([*_LAZY, *_FRONT])


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    if name in _FRONT:
        return import_module(".api", __name__).front(name)
    raise AttributeError(f"module 'ipanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, *_FRONT])
