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
import io
import json
import os
import warnings
import zipfile
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


def _digest(key: tuple) -> str:
    return hashlib.sha256(f"{inputs_key()}|{key!r}".encode()).hexdigest()


def _disk_path(name: str, key: tuple) -> Path:
    return DISK_DIR / f"{name}-{_digest(key)[:32]}.zip"


def _frame_bytes(df: Any) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=True)
    return buf.getvalue()


def _frame_from(blob: bytes) -> Any:
    """A frame back from Parquet, with list cells as lists again (Parquet gives arrays)."""
    import numpy as np
    import pandas as pd

    df = pd.read_parquet(io.BytesIO(blob))
    for c in df.columns:
        if df[c].dtype == object and len(df) and isinstance(df[c].iloc[0], np.ndarray):
            df[c] = [list(v) for v in df[c]]
    return df


def _encode(value: Any) -> tuple[str, dict[str, bytes]] | None:
    """(kind, parts) of a result as data: Parquet for frames, JSON for plain values; None for anything else.

    Never pickle: a cache file is data, so a planted or edited one can at worst be refused.
    """
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return "frame", {"0.parquet": _frame_bytes(value)}
    if isinstance(value, tuple) and value and all(isinstance(v, pd.DataFrame) for v in value):
        return "frames", {f"{i}.parquet": _frame_bytes(v) for i, v in enumerate(value)}
    try:
        return "json", {"value.json": json.dumps(value, sort_keys=True).encode()}
    except (TypeError, ValueError):
        return None


def _write_entry(path: Path, name: str, key: tuple, value: Any) -> None:
    """One zip holding the parts and a manifest (function, key digest, each part's sha256), replaced atomically."""
    encoded = _encode(value)
    if encoded is None:
        return
    kind, parts = encoded
    manifest = {
        "function": name,
        "key": _digest(key),
        "kind": kind,
        "parts": {p: hashlib.sha256(b).hexdigest() for p, b in sorted(parts.items())},
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as z:
        for p, b in sorted(parts.items()):
            z.writestr(p, b)
        z.writestr("manifest.json", json.dumps(manifest, sort_keys=True))
    tmp.replace(path)


LOCK_WARN_AFTER = 10.0  # seconds waiting for another process before saying so
LOCK_GIVE_UP_AFTER = 120.0  # seconds after which the result is computed without the lock (a stuck holder)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s lock file: a second process computing the same result waits for the first.

    Waiting is said, not silent: after ``LOCK_WARN_AFTER`` seconds a warning names the lock
    file, and after ``LOCK_GIVE_UP_AFTER`` the result is computed without it (a holder that
    is stuck costs one computation, never a hang). Where locks are not available (no
    ``fcntl``, a read-only folder, a file system without locks) it does not lock: the
    result is then at worst computed twice, never wrong.
    """
    import time

    handle = None
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_name(f".{path.name}.lock")
        handle = open(lock, "a+b")
        start, warned = time.monotonic(), False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                if waited >= LOCK_GIVE_UP_AFTER:
                    warnings.warn(
                        f"{lock}: still held after {waited:.0f} s; computing without it "
                        "(delete the file if no other ipanalysis process is running)",
                        stacklevel=3,
                    )
                    handle.close()
                    handle = None
                    break
                if waited >= LOCK_WARN_AFTER and not warned:
                    warnings.warn(f"{lock}: waiting for another process computing the same result", stacklevel=3)
                    warned = True
                time.sleep(0.05)
    except (ImportError, OSError):
        pass  # no lock: see above
    try:
        yield
    finally:
        if handle is not None:
            handle.close()  # releases the lock


def _load(path: Path, name: str = "", key: tuple = ()) -> tuple[bool, Any]:
    """(found, value) of a stored result, verified: its manifest names this function and key, every part its hash.

    A damaged, edited or foreign entry is removed with a warning and computed again; it is
    only ever parsed as Parquet or JSON, never executed.
    """
    if not path.exists():
        return False, None
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json"))
            if name and (manifest.get("function") != name or manifest.get("key") != _digest(key)):
                raise ValueError("the entry was made for another function or other inputs")
            parts = {p: z.read(p) for p in manifest["parts"]}
        for p, b in parts.items():
            if hashlib.sha256(b).hexdigest() != manifest["parts"][p]:
                raise ValueError(f"part {p} does not match its checksum")
        kind = manifest["kind"]
        if kind == "frame":
            return True, _frame_from(parts["0.parquet"])
        if kind == "frames":
            return True, tuple(_frame_from(parts[f"{i}.parquet"]) for i in range(len(parts)))
        if kind == "json":
            return True, json.loads(parts["value.json"])
        raise ValueError(f"unknown kind {kind!r}")
    except Exception as e:  # any unreadable entry is only a lost cache entry: never served
        warnings.warn(f"{path}: cache entry refused and computed again ({e})", stacklevel=3)
        path.unlink(missing_ok=True)
    return False, None


def _from_disk(name: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """The stored result for these inputs, or compute it and store it (atomically: never half a file)."""
    path = _disk_path(name, key)
    found, value = _load(path, name, key)
    if found:
        return value
    with _locked(path):
        found, value = _load(path, name, key)  # another process may have stored it while we waited
        if found:
            return value
        value = compute()
        try:
            _write_entry(path, name, key, value)
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
