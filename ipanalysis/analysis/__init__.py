"""Layer 3, analysis: one documented front door, ``from ipanalysis.analysis import keyness``.

Departments and actors (``actors``), quantitative targets (``targets``), themes
(``themes``), term counts and keyword in context (``terms``) and the corpus calendar
(``years``). Every function defaults to the published tables (``ipa.load_*()``) and
returns a tidy DataFrame with ``year``. Names load on first use, so importing this
package stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name → (module, attribute): the public names of the analyses
_NAMES: dict[str, tuple[str, str]] = {
    # departments and actors
    **{
        n: ("actors", n)
        for n in (
            "department_workload",
            "department_series",
            "coassignment_edges",
            "network_measures",
            "obligation_clauses",
            "obligation_profile",
            "obligation_shares",
            "classify_scope",
            "actor_shares",
            "deadlines",
            "completion_categories",
        )
    },
    # targets
    **{
        n: ("targets", n)
        for n in (
            "load_targets",
            "unmatched_targets",
            "load_outcomes",
            "attainment",
            "indicator_presence",
            "find_targets",
        )
    },
    "indicators": ("targets", "codebook"),
    # themes
    **{
        n: ("themes", n)
        for n in (
            "lexicon",
            "stopwords",
            "segment",
            "tokenize",
            "task_documents",
            "top_terms",
            "keyness",
            "shared_scope",
            "emerging_vanishing",
            "load_task_codes",
            "load_measure_codes",
            "stages",
            "instruments",
            "hand_coded",
            "reliability",
            "stage_shares",
            "stage_instrument",
            "unclassified_shares",
            "topic_stability",
            "choose_k",
            "topics",
            "topic_shares",
            "similarities",
            "continuity",
            "continuity_sensitivity",
            "near_threshold",
            "stage_flows",
            "stage_shifts",
            "instrument_shares",
            "scope_flags",
        )
    },
    "coding_scheme": ("themes", "codebook"),
    "code_tasks": ("coding", "code_tasks"),
    "stage_lexicon": ("coding", "stage_lexicon"),
    **{n: ("validation", n) for n in ("agreement", "per_stage", "confusion", "disagreements", "coded_gold")},
    # terms
    **{n: ("terms", n) for n in ("term_frequencies", "term_matrix", "kwic")},
    # the corpus calendar
    **{n: ("years", n) for n in ("list_years", "gaps", "span", "kinds_by_year", "document_scopes")},
}

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        module, attr = _NAMES[name]
        return getattr(import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'ipanalysis.analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_NAMES])
