"""Compute each analysis once per run: a cache shared by the charts of both languages.

Drawing every chart in Chinese and in English called the same analyses again and again
(``load_targets``, ``attainment``, ``topics`` with its 45 NMF fits …), each time from the
same tables. Inside :func:`shared_analyses` the public functions of the analysis modules
remember their results by their arguments: a call with hashable arguments (``lang``,
numbers, ``None`` for "the published tables") is computed once and then served as a deep
copy, so a caller that changes its result cannot change the next caller's. Calls with a
table as argument are not cached (a DataFrame is not hashable) and run as before. The
cache lives only as long as the ``with`` block, i.e. one run on unchanged inputs.
"""

from __future__ import annotations

import copy
import functools
import importlib
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

MODULES = ("ipanalysis.analysis.actors", "ipanalysis.analysis.targets", "ipanalysis.analysis.themes")


def _memo(fn: Callable, store: dict) -> Callable:
    @functools.wraps(fn)
    def cached(*args: Any, **kwargs: Any) -> Any:
        key = (fn.__qualname__, args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:  # a table or list as argument: compute as usual
            return fn(*args, **kwargs)
        if key not in store:
            store[key] = fn(*args, **kwargs)
        return copy.deepcopy(store[key])

    cached.__wrapped_by_runcache__ = True  # type: ignore[attr-defined]
    return cached


@contextmanager
def shared_analyses(modules: tuple[str, ...] = MODULES) -> Iterator[dict]:
    """Within the block, each public analysis function runs once per distinct hashable argument set."""
    store: dict = {}
    patched: list[tuple[object, str, Callable]] = []
    for name in modules:
        mod = importlib.import_module(name)
        for attr, fn in list(vars(mod).items()):
            if attr.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != name:
                continue
            if getattr(fn, "__wrapped_by_runcache__", False):
                continue  # already inside an outer block
            setattr(mod, attr, _memo(fn, store))
            patched.append((mod, attr, fn))
    try:
        yield store
    finally:
        for mod, attr, fn in patched:
            setattr(mod, attr, fn)
