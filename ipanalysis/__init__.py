"""ipanalysis: CNIPA yearly task lists (the years of data/catalog.csv) as tidy, cited, reproducible tables.

    import ipanalysis as ipa
    ipa.load_tasks()

Submodules load on first use so that ``import ipanalysis`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

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
    "load_targets": "analysis.targets",
    "unmatched_targets": "analysis.targets",
    "load_outcomes": "analysis.targets",
    "attainment": "analysis.targets",
    # themes
    "load_task_codes": "analysis.themes",
    "code_tasks": "analysis.coding",
    "load_measure_codes": "analysis.themes",
    "keyness": "analysis.themes",
    "tokenize": "analysis.themes",
    # departments and actors
    "department_workload": "analysis.actors",
    "obligation_profile": "analysis.actors",
    "obligation_shares": "analysis.actors",
    "actor_shares": "analysis.actors",
    "coassignment_edges": "analysis.actors",
    "network_measures": "analysis.actors",
    "department_series": "analysis.actors",
    # researcher helpers on the text
    "term_frequencies": "analysis.terms",
    "term_matrix": "analysis.terms",
    "kwic": "analysis.terms",
    # a chart of the registry, drawn in the house style
    "chart": "report.charts",
    "chart_names": "report.charts",
    "show_chart": "report.figures",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'ipanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
