"""Compute each analysis once per run: results shared by the charts of both languages, the notebooks and the workbook.

Drawing every chart in Chinese and in English called the same analyses again and again
(``load_targets``, ``attainment``, ``topics`` with its 45 NMF fits …), each time from the
same tables. The public functions of the analysis modules are wrapped once, where they
are defined (:func:`share_results` at the foot of ``actors``, ``targets`` and
``themes``); the wrapper does nothing until a run opens :func:`shared_analyses`. Inside
it, a call with hashable arguments (``lang``, numbers, ``None`` for "the published
tables"; defaults filled in, so ``f()`` and ``f(tasks=None)`` are one call) is computed
once and then served as a deep copy, so a caller that changes its result cannot change
the next caller's. Calls with a table as argument are not cached (a DataFrame is not
hashable) and run as before. The results live as long as the ``with`` block, i.e. one
run on unchanged inputs. Because the wrapper is the function itself, a name imported
with ``from ipanalysis.analysis.themes import topics`` shares the results too.

A few results that take seconds (the tokenized tasks, NMF topics and their stability
over 45 fits, task similarities) are also kept on disk (``.cache/analyses/``), so the
notebooks' kernels and the next run reuse what the figures computed; a file lock makes a
second process wait for the first instead of computing the same result. Their key is
the function, its arguments and a digest of every input: the corpus inputs of the
manifest, the analysis reference data, the reported outcomes, the analysis code and the
versions of the numerical libraries; any change gives a new key, never a stale result.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import inspect
import json
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

from ipanalysis.config import ANALYSIS_REF, EXTERNAL, ROOT

DISK_DIR = ROOT / ".cache" / "analyses"
# results worth a file: seconds to compute, called by figures and notebooks alike
ON_DISK = frozenset(
    {
        "ipanalysis.analysis.themes.task_documents",
        "ipanalysis.analysis.themes.topic_stability",
        "ipanalysis.analysis.themes.topics",
        "ipanalysis.analysis.themes.similarities",
    }
)
# computed first by ``figures`` while the other cores draw: ``topics`` tokenizes the tasks
# (``task_documents``) and computes ``topic_stability`` (45 NMF fits), the longest chain of
# slow results; ``similarities`` (fast once the tasks are tokenized) is left to its chart,
# so no core waits on the tokenizing
WARM_FIRST = ("ipanalysis.analysis.themes.topics",)
LIBRARIES = ("numpy", "pandas", "scipy", "scikit-learn", "jieba")  # distributions, read without importing them


@functools.lru_cache(maxsize=1)
def inputs_key() -> str:
    """A digest of everything an analysis result depends on (see the module docstring)."""
    from ipanalysis.corpus.manifest import PACKAGE, inputs_digest

    files = dict(inputs_digest())
    extra = [
        *sorted(ANALYSIS_REF.rglob("*")),
        *sorted(EXTERNAL.rglob("*")),
        *sorted((PACKAGE / "analysis").rglob("*.py")),
        PACKAGE / "api.py",  # the loaders decide which tables, and which dtypes, the analyses see
        PACKAGE / "__init__.py",
    ]
    for f in extra:
        if f.is_file():
            files[str(f.relative_to(ROOT))] = hashlib.sha256(f.read_bytes()).hexdigest()
    versions = {}
    for lib in LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = None
    blob = json.dumps({"files": files, "versions": versions}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _disk_path(name: str, key: tuple) -> Path:
    digest = hashlib.sha256(f"{inputs_key()}|{key!r}".encode()).hexdigest()[:32]
    return DISK_DIR / f"{name}-{digest}.pkl"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s lock file: a second process computing the same result waits for the first.

    Where locks are not available (no ``fcntl``, a read-only folder, a file system
    without locks) it does not lock: the result is then at worst computed twice, never wrong.
    """
    handle = None
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(f".{path.name}.lock"), "a+b")
        fcntl.flock(handle, fcntl.LOCK_EX)
    except (ImportError, OSError):
        pass  # no lock: see above
    try:
        yield
    finally:
        if handle is not None:
            handle.close()  # releases the lock


def _load(path: Path) -> tuple[bool, Any]:
    if path.exists():
        try:
            return True, pickle.loads(path.read_bytes())
        except Exception:  # an unreadable file is only a lost cache entry: compute again
            path.unlink(missing_ok=True)
    return False, None


def _from_disk(name: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """The stored result for these inputs, or compute it and store it (atomically: never half a file)."""
    path = _disk_path(name, key)
    found, value = _load(path)
    if found:
        return value
    with _locked(path):
        found, value = _load(path)  # another process may have stored it while we waited
        if found:
            return value
        value = compute()
        try:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
        except OSError:  # a read-only checkout still runs, only slower
            pass
    return value


def warm(name: str) -> None:
    """Compute one of the slow results (:data:`ON_DISK`) with its default arguments, for the disk cache.

    ``ipanalysis figures`` gives these (:data:`WARM_FIRST`) to a worker before the charts, so
    the charts that need them find them on disk instead of computing them late.
    """
    module, _, attr = name.rpartition(".")
    with shared_analyses():
        getattr(importlib.import_module(module), attr)()


_ACTIVE: list[tuple[dict, bool]] = []  # the open block's store and whether slow results go to disk


def _shared(fn: Callable) -> Callable:
    """``fn``, sharing its results inside :func:`shared_analyses` (and calling it plainly outside)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def shared(*args: Any, **kwargs: Any) -> Any:
        if not _ACTIVE:
            return fn(*args, **kwargs)
        store, disk = _ACTIVE[-1]
        try:  # f(), f(None) and f(tasks=None) are one call: the key is every argument, defaults filled in
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            key = (fn.__qualname__, tuple(bound.arguments.items()))
            hash(key)
        except TypeError:  # a table or list as argument (or a call that will fail): compute as usual
            return fn(*args, **kwargs)
        if key not in store:
            if disk and name in ON_DISK:
                store[key] = _from_disk(name, key, lambda: fn(*args, **kwargs))
            else:
                store[key] = fn(*args, **kwargs)
        return copy.deepcopy(store[key])

    shared.__shares_results__ = True  # type: ignore[attr-defined]
    return shared


def share_results(namespace: dict[str, Any]) -> None:
    """Wrap every public function defined in a module (called with ``globals()`` at its foot)."""
    module = namespace["__name__"]
    for attr, fn in list(namespace.items()):
        if attr.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module:
            continue
        if not getattr(fn, "__shares_results__", False):
            namespace[attr] = _shared(fn)


@contextmanager
def shared_analyses(disk: bool = True) -> Iterator[dict]:
    """Within the block, each public analysis function runs once per distinct hashable argument set.

    A block opened inside another shares the outer one's results. ``disk=False`` keeps the
    slow results in memory only (no ``.cache/analyses``).
    """
    if _ACTIVE:
        yield _ACTIVE[-1][0]
        return
    _ACTIVE.append(({}, disk))
    try:
        yield _ACTIVE[-1][0]
    finally:
        _ACTIVE.pop()


_PROCESS: list = []  # the block kept open by enable_for_process (a reference, so it is never closed early)


def enable_for_process() -> None:
    """Share analyses for the rest of this process (a figures worker, a notebook kernel)."""
    if not _PROCESS:
        block = shared_analyses()
        block.__enter__()
        _PROCESS.append(block)
