"""Slow analysis results kept on disk, as data: Parquet or JSON in a verified zip, never pickle.

A few results take seconds (the tokenized tasks, NMF topics and their stability over 45
fits, task similarities, the task codes); :class:`ipanalysis.analysis.registry.Analyses`
keeps them in ``.cache/analyses/`` so the notebooks' kernels and the next run reuse what
the figures computed. An entry's key is the result's name and arguments, a digest of the
frames it was computed from and :func:`code_key` (analysis code, reference data,
numerical libraries): any change gives a new key, never a stale result. Every entry
carries a manifest with each part's sha256 and is checked on read; a damaged, edited or
foreign entry is removed with a warning and computed again. A file lock makes a second
process wait for the first (and say so) instead of computing the same result.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ipanalysis.config import ANALYSIS_REF, CACHE, CATALOG, EXTERNAL, label

DISK_DIR = CACHE / "analyses"
LIBRARIES = ("numpy", "pandas", "scipy", "scikit-learn", "jieba")  # distributions, read without importing them


def library_versions(*names: str) -> dict[str, str | None]:
    """Installed version of each distribution (``None`` when absent), read without importing it."""
    out: dict[str, str | None] = {}
    for lib in names:
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            out[lib] = None
    return out


def code_key(results: Iterable[str] | None = None, also: Iterable[str] = ()) -> str:
    """A digest of what a result depends on besides its input frames: analysis code, reference data, libraries.

    ``results`` (result names of the registry) narrows the code to the analysis modules
    those results are computed by, with the results they read and the modules those
    import (:func:`analysis_modules`), so editing the theme analyses leaves the key of a
    department chart as it was; ``also`` adds modules by name (those a chart's own module
    imports); ``None``: every analysis module. The catalog is in it (the
    policy scope of each document is read from it). Read afresh at every call (a few
    milliseconds), so a long session notices an edited codebook.
    """
    from ipanalysis.corpus.manifest import PACKAGE

    modules = sorted((PACKAGE / "analysis").rglob("*.py")) if results is None else analysis_modules(results, also)
    files = {}
    for f in [CATALOG, *sorted(ANALYSIS_REF.rglob("*")), *sorted(EXTERNAL.rglob("*")), *modules]:
        if f.is_file():
            files[label(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    blob = json.dumps({"files": files, "versions": library_versions(*LIBRARIES)}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


ALWAYS = ("__init__", "registry", "cache")  # how every result is computed and kept


def analysis_modules(results: Iterable[str], also: Iterable[str] = ()) -> list[Path]:
    """The files of ``ipanalysis.analysis`` that ``results`` depend on: their modules, those of the results they read, and what these import."""
    from ipanalysis.analysis.registry import ANALYSES, function, inputs_of

    names, stack = {*ALWAYS, *also}, [r for r in results if r in ANALYSES]
    seen: set[str] = set()
    while stack:
        result = stack.pop()
        if result not in seen:
            seen.add(result)
            names.add(ANALYSES[result][0])
            stack += [p for p in inputs_of(function(result)) if p in ANALYSES]
    return [_ANALYSIS / f"{m}.py" for m in sorted(_import_closure(names))]


_ANALYSIS = Path(__file__).resolve().parent


def _import_closure(names: set[str]) -> set[str]:
    """Module names of ipanalysis.analysis, with every sibling module they import (anywhere in the file)."""
    out, stack = set(), list(names)
    while stack:
        name = stack.pop()
        path = _ANALYSIS / f"{name}.py"
        if name in out or not path.is_file():
            continue
        out.add(name)
        stack += imported_analysis_modules(path, inside=True)
    return out


def imported_analysis_modules(path: Path, inside: bool = False) -> list[str]:
    """Names of the ipanalysis.analysis modules a file imports, anywhere in it (``inside``: it is one of them)."""
    return list(_imports_in(path.read_text(encoding="utf-8"), inside))


@lru_cache(maxsize=64)
def _imports_in(source: str, inside: bool) -> tuple[str, ...]:
    """The analysis modules a source imports: parsed once per content (chart keys ask for every chart, every run)."""
    import ast

    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level and inside:  # from .text import x, from . import text
                found += [module.split(".")[0]] if module else [a.name for a in node.names]
            elif module == "ipanalysis.analysis":
                found += [a.name for a in node.names]
            elif module.startswith("ipanalysis.analysis."):
                found.append(module.split(".")[2])
        elif isinstance(node, ast.Import):
            found += [a.name.split(".")[2] for a in node.names if a.name.startswith("ipanalysis.analysis.")]
    return tuple(found)


def _digest(key: str, data: str) -> str:
    return hashlib.sha256(f"{code_key()}|{data}|{key}".encode()).hexdigest()


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


def _write_entry(path: Path, name: str, digest: str, value: Any) -> None:
    """One zip holding the parts and a manifest (function, key digest, each part's sha256), replaced atomically."""
    encoded = _encode(value)
    if encoded is None:
        return
    kind, parts = encoded
    manifest = {
        "function": name,
        "key": digest,
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


def _load(path: Path, name: str = "", digest: str = "") -> tuple[bool, Any]:
    """(found, value) of a stored result, verified: its manifest names this function and key, every part its hash.

    A damaged, edited or foreign entry is removed with a warning and computed again; it is
    only ever parsed as Parquet or JSON, never executed.
    """
    if not path.exists():
        return False, None
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read("manifest.json"))
            if name and (manifest.get("function") != name or manifest.get("key") != digest):
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


def from_disk(folder: Path, name: str, key: str, data: str, compute: Callable[[], Any]) -> Any:
    """The stored result ``name`` for arguments ``key`` and input digest ``data``, or compute and store it.

    Stored atomically (never half a file); a folder that cannot be written only costs time.
    """
    digest = _digest(key, data)
    path = folder / f"{name}-{digest[:32]}.zip"
    found, value = _load(path, name, digest)
    if found:
        return value
    with _locked(path):
        found, value = _load(path, name, digest)  # another process may have stored it while we waited
        if found:
            return value
        value = compute()
        try:
            _write_entry(path, name, digest, value)
            _prune(folder, name)
        except OSError:  # a read-only checkout still runs, only slower
            pass
    return value


KEEP = 4  # entries kept per result: the newest, for switching back and forth between branches


def _prune(folder: Path, name: str) -> None:
    """Remove all but the newest :data:`KEEP` entries of one result (older inputs or code)."""
    entries = sorted(folder.glob(f"{name}-*.zip"), key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
