"""The tables an analysis runs on, every analysis by name, and a run that computes each once.

Every analysis is a plain function of data frames: its parameters name what it reads
(``tasks``, ``task_codes``, ``similarities`` …). :data:`ANALYSES` lists them, in one
place, by the name other analyses and the charts use for their result. An
:class:`Analyses` over a :class:`Tables` fills those parameters by name, computing each
result once and handing out copies, so a chart, the workbook and the explorer receive
the same frames and a reader can follow a table into a chart through the parameter
names alone::

    tables = ipanalysis.api.published_tables()   # the loaders, called once
    a = Analyses(tables)
    a.stage_shares()                     # themes.stage_shares(task_codes=a.task_codes())
    a.tasks()                            # a copy of the tasks table

A test builds ``Tables`` from small frames; nothing in here loads the published tables
(``ipa.analyses()`` is the run over them, in :mod:`ipanalysis.api`). Slow results (tokenizing, 45 NMF fits, similarities)
are also kept on disk as Parquet/JSON, keyed by a digest of the frames they were
computed from and of the analysis code (:mod:`ipanalysis.analysis.cache`).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

# the published tables an analysis may read (``outcomes``: the reported outcomes in data/external)
TABLES = (
    "documents",
    "sections",
    "tasks",
    "measures",
    "assignments",
    "guideline_items",
    "departments",
    "discrepancies",
    "outcomes",
)

# result name → (module in ipanalysis.analysis, function, fixed arguments)
ANALYSES: dict[str, tuple[str, str, dict[str, Any]]] = {
    # the corpus calendar
    "list_years": ("years", "list_years", {}),
    "calendar": ("years", "calendar", {}),
    # departments and actors
    "workload": ("actors", "department_workload", {}),
    "workload_lineage": ("actors", "department_workload", {"lineage": True}),
    "coassignment_edges": ("actors", "coassignment_edges", {}),
    "network_measures": ("actors", "network_measures", {}),
    "obligation_clauses": ("actors", "obligation_clauses", {}),
    "obligation_profile": ("actors", "obligation_profile", {}),
    "obligation_shares": ("actors", "obligation_shares", {}),
    "actor_shares": ("actors", "actor_shares", {}),
    "deadlines": ("actors", "deadlines", {}),
    "completion_categories": ("actors", "completion_categories", {}),
    # targets
    "targets": ("targets", "load_targets", {}),
    "unmatched_targets": ("targets", "unmatched_targets", {}),
    "attainment": ("targets", "attainment", {}),
    "attainment_with_press": ("targets", "attainment", {"include_press": True}),
    "indicator_presence": ("targets", "indicator_presence", {}),
    # themes
    "task_documents": ("themes", "task_documents", {}),
    "task_codes": ("themes", "load_task_codes", {}),
    "measure_codes": ("themes", "load_measure_codes", {}),
    "top_terms": ("themes", "top_terms", {}),
    "shared_scope": ("themes", "shared_scope", {}),
    "keyness": ("themes", "keyness", {}),
    "keyness_shared": ("themes", "keyness", {"scope": "shared"}),
    "emerging_vanishing": ("themes", "emerging_vanishing", {}),
    "reliability": ("themes", "reliability", {}),
    "stage_shares": ("themes", "stage_shares", {}),
    "scope_flags": ("themes", "scope_flags", {}),
    "stage_shifts": ("themes", "stage_shifts", {}),
    "stage_instrument": ("themes", "stage_instrument", {}),
    "unclassified_shares": ("themes", "unclassified_shares", {}),
    "instrument_shares": ("themes", "instrument_shares", {}),
    "topic_stability": ("themes", "topic_stability", {}),
    "topics": ("themes", "topics", {}),
    "similarities": ("themes", "similarities", {}),
    "continuity": ("themes", "continuity", {}),
    "continuity_sensitivity": ("themes", "continuity_sensitivity", {}),
    "near_threshold": ("themes", "near_threshold", {}),
    "stage_flows": ("themes", "stage_flows", {}),
    # terms
    "term_frequencies": ("terms", "term_frequencies", {}),
}

# results worth a file: seconds to compute, read by charts and notebook kernels alike
ON_DISK = frozenset({"task_documents", "topic_stability", "topics", "similarities", "task_codes"})


def function(name: str) -> Callable:
    """The analysis function behind a result name."""
    module, attr, _ = ANALYSES[name]
    return getattr(importlib.import_module(f"ipanalysis.analysis.{module}"), attr)


def inputs_of(fn: Callable) -> list[str]:
    """The parameters of ``fn`` that name a table or an analysis result: what it reads."""
    return [p for p in inspect.signature(fn).parameters if p in TABLES or p in ANALYSES]


def frame_digest(value: Any) -> str:
    """A digest of a frame (or of frames, or plain data) by content: same content, same digest."""
    h = hashlib.sha256()
    if isinstance(value, pd.DataFrame):
        h.update(repr((list(map(str, value.columns)), [str(t) for t in value.dtypes])).encode())
        try:
            h.update(pd.util.hash_pandas_object(value, index=False).to_numpy().tobytes())
        except TypeError:  # unhashable cells (lists): their text
            h.update(value.astype(str).to_csv(index=False).encode())
    elif isinstance(value, (tuple, list)):
        for v in value:
            h.update(frame_digest(v).encode())
    else:
        h.update(repr(value).encode())
    return h.hexdigest()


def _copy(value: Any) -> Any:
    """A copy no caller can change the stored result through: frames deep, list cells too."""
    if isinstance(value, pd.DataFrame):
        out = value.copy(deep=True)
        for c in out.columns:
            if out[c].dtype == object and any(isinstance(v, (list, dict, set)) for v in out[c].head(50)):
                out[c] = [copy.deepcopy(v) for v in out[c]]
        return out
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return copy.deepcopy(value)


def _bind(name: str, fn: Callable, fixed: dict[str, Any], args: tuple, params: dict[str, Any]) -> dict[str, Any]:
    """Positional arguments to the parameters that are not tables or results, in order, as a call would bind them."""
    _positional_frames(name, args)
    free = [p for p in inspect.signature(fn).parameters if p not in fixed and p not in TABLES and p not in ANALYSES]
    if len(args) > len(free):
        raise TypeError(f"{name}() takes at most {len(free)} positional argument(s) ({', '.join(free)})")
    twice = sorted(set(free[: len(args)]) & set(params))
    if twice:
        raise TypeError(f"{name}() got multiple values for {', '.join(twice)}")
    return {**fixed, **dict(zip(free, args, strict=False)), **params}


def _positional_frames(name: str, args: tuple) -> None:
    """A table passed by position would land on another parameter: say how to pass it."""
    if any(isinstance(a, pd.DataFrame) for a in args):
        raise TypeError(f"{name}(): pass tables by name (e.g. targets=my_targets), not by position")


@dataclass(frozen=True)
class Tables:
    """The published tables an analysis run reads, as data frames (by name, see :data:`TABLES`)."""

    frames: Mapping[str, pd.DataFrame]

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "frames", MappingProxyType(dict(self.frames))
        )  # read-only: a run's tables stay its own
        unknown = sorted(set(self.frames) - set(TABLES))
        if unknown:
            raise ValueError(f"not a table of the corpus: {', '.join(unknown)}; the tables are {', '.join(TABLES)}")

    def get(self, name: str) -> pd.DataFrame:
        """A copy of one table; a clear error when the run was given no such table."""
        if name not in self.frames:
            raise KeyError(f"this run has no table {name!r} (it has {', '.join(sorted(self.frames)) or 'none'})")
        return self.frames[name].copy()

    @functools.cached_property
    def digest(self) -> str:
        """A digest of every table's content: what a stored result was computed from."""
        return hashlib.sha256(
            "|".join(f"{n}:{frame_digest(self.frames[n])}" for n in sorted(self.frames)).encode()
        ).hexdigest()


@dataclass
class Analyses:
    """Every analysis of :data:`ANALYSES` over one :class:`Tables`, each computed once.

    ``a.<name>(**arguments)`` returns a copy of the result (a caller that changes it cannot
    change the next caller's); parameters that name a table or a result are filled from
    this run unless given. ``disk`` is the folder of stored slow results (``None``: memory
    only). ``read`` lists every table and result asked for, in order.
    """

    tables: Tables
    disk: Path | None = None
    _memo: dict = field(default_factory=dict, repr=False)
    read: list[str] = field(default_factory=list, repr=False)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_") or (name not in TABLES and name not in ANALYSES):
            raise AttributeError(f"no table or analysis named {name!r}")
        return functools.partial(self.get, name)

    def get(self, name: str, *args: Any, **params: Any) -> Any:
        """One table (a copy) or one analysis result with ``params`` (copied)."""
        if name not in self.read:
            self.read.append(name)
        if name in TABLES and name not in ANALYSES:
            if args or params:
                raise TypeError(f"{name} is a table: it takes no arguments")
            return self.tables.get(name)
        if name not in ANALYSES:
            raise KeyError(f"no analysis named {name!r}; the analyses are {', '.join(sorted(ANALYSES))}")
        fn = function(name)
        fixed = ANALYSES[name][2]
        given = _bind(name, fn, fixed, args, params)
        # the key is every argument that is not filled from the run, defaults included:
        # keyness() and keyness(min_freq=3) are one result
        defaults = {
            p: v.default
            for p, v in inspect.signature(fn).parameters.items()
            if v.default is not inspect.Parameter.empty and p not in TABLES and p not in ANALYSES
        }
        try:
            key = (name, tuple(sorted({**defaults, **given}.items())))
            hash(key)
        except TypeError:  # a frame among the arguments: computed, not kept
            return self._compute(name, fn, given, None)
        if key not in self._memo:
            self._memo[key] = self._compute(name, fn, given, key)
        return _copy(self._memo[key])

    def call(self, fn: Callable, *args: Any, **params: Any) -> Any:
        """Any analysis function, its table and result parameters filled from this run (not kept).

        Positional arguments go to the parameters that are not tables or results, in order;
        a table is passed by its name (``targets=my_targets``).
        """
        given = _bind(getattr(fn, "__name__", "the function"), fn, {}, args, params)
        return fn(**self._filled(fn, given))

    def _filled(self, fn: Callable, given: dict[str, Any]) -> dict[str, Any]:
        args = dict(given)
        for p in inputs_of(fn):
            if p not in args:
                args[p] = self.get(p)
        return args

    def _compute(self, name: str, fn: Callable, given: dict[str, Any], key: tuple | None) -> Any:
        args = self._filled(fn, given)
        if key is None or self.disk is None or name not in ON_DISK:
            return fn(**args)
        from ipanalysis.analysis.cache import from_disk

        return from_disk(self.disk, name, repr(key), self.tables.digest, lambda: fn(**args))
