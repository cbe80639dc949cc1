"""ipanalysis: CNIPA yearly task lists (2018–2024) as tidy, cited, reproducible tables.

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
    "parse_file": "document",
    "parse_text": "document",
    "Document": "document",
    "ParseError": "errors",
    "UnknownNameError": "errors",
    "build": "build",
    "build_corpus": "corpus",
    "BuildError": "corpus",
    # targets
    "load_targets": "targets",
    "unmatched_targets": "targets",
    "load_outcomes": "targets",
    "attainment": "targets",
    # themes
    "load_task_codes": "themes",
    "load_measure_codes": "themes",
    "keyness": "themes",
    "tokenize": "themes",
    # departments and actors
    "department_workload": "actors",
    "obligation_profile": "actors",
    "obligation_shares": "actors",
    "actor_shares": "actors",
    "coassignment_edges": "actors",
    "network_measures": "actors",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'ipanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
