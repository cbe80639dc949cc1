"""``ipanalysis build``: raw files → data/processed (Parquet, CSV, data dictionary).

Load inputs (catalog, raw files, reference tables) / process (parse, merge, check
counts) / save outputs. Output bytes depend only on the inputs: rows are sorted and
nothing time- or machine-dependent is written.

Saving is atomic: every file is written into a fresh folder beside the target, synced,
hashed into ``manifest.json`` (written last), and only then is the folder swapped in for
the old one. A build killed at any moment, a full disk or a read-only folder leaves the
previous build as it was (or, killed in the instant between two renames, no build),
never a mix or a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from ipanalysis import schema
from ipanalysis.config import PROCESSED
from ipanalysis.corpus.assemble import Corpus, build_corpus
from ipanalysis.corpus.manifest import MANIFEST, inputs_digest, manifest_text, read_manifest, sha256_bytes
from ipanalysis.errors import OutputError

Extra = Callable[[Path], Sequence[Path]]  # writes files into a build folder, returns their paths

try:  # POSIX: serialise the swap of two builds running at once
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None  # type: ignore[assignment]


def data_dictionary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every published table and column: type, meaning (from the schema), an example."""
    rows = []
    for name in schema.corpus_tables():
        df = tables[name]
        meanings = {c.name: c.meaning for c in schema.load_schema()[name]}
        for col in df.columns:
            meaning = meanings[col]
            vals = df[col].dropna()
            example = str(vals.iloc[0]) if len(vals) else ""
            rows.append(
                {
                    "table": name,
                    "column": col,
                    "dtype": str(df[col].dtype),
                    "meaning": meaning,
                    "example": example[:80],
                    "n_rows": len(df),
                }
            )
    return pd.DataFrame(rows)


def write_file(df: pd.DataFrame, path: Path) -> None:
    """One table as Parquet (zstd) or CSV (UTF-8 with BOM, so that Excel and WPS show Chinese)."""
    if path.suffix == ".parquet":
        df.to_parquet(path, index=False, engine="pyarrow", compression="zstd")
    else:
        df.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def output_names() -> list[str]:
    """The files a build writes, manifest last."""
    stems = [*schema.corpus_tables(), "data_dictionary"]
    return [f"{s}.{ext}" for s in stems for ext in ("parquet", "csv")] + [MANIFEST]


def _datapackage(folder: Path) -> list[Path]:
    from ipanalysis.release import write_datapackage

    return [write_datapackage(folder)]


def build(
    out: Path = PROCESSED, verbose: bool = True, corpus: Corpus | None = None, extras: Sequence[Extra] | None = None
) -> list[Path]:
    """Build every table into ``out`` (atomically), with ``datapackage.json``; return the files written.

    ``ipa.build()`` and ``ipanalysis build`` are this function: one build, the same files.
    ``corpus`` is an already built corpus to publish (the tests and benchmarks pass one);
    ``extras`` replace the files written beside the tables (default: the data package, see
    :func:`publish`).
    """
    corpus = corpus if corpus is not None else build_corpus()
    written = publish(corpus, Path(out), [_datapackage] if extras is None else extras)
    if verbose:
        counts = corpus.tables["tasks"].groupby("year").size()
        print("tasks per year: " + ", ".join(f"{y}: {n}" for y, n in counts.items()))
        for w in corpus.warnings:
            print(f"warning: {w}")
        print(f"wrote {len(written)} files to {out}")
    return written


def publish(corpus: Corpus, out: Path, extras: Sequence[Extra] = ()) -> list[Path]:
    """Write the corpus into a fresh folder beside ``out``, then swap it in whole.

    Each of ``extras`` is called with the fresh folder once the tables are in it and
    returns the files it wrote there (a higher layer's ``datapackage.json``): they are
    hashed into the manifest and swapped in with the tables, so they are atomic too. A value
    its field does not allow stops it first (:class:`~ipanalysis.schema.ValueNotAllowedError`).
    """
    out = Path(os.path.abspath(out))
    # every value allowed by its field (data/schema/fields.csv), checked before anything is written
    schema.check_tables({name: corpus.tables[name] for name in schema.corpus_tables()})
    _previous_outputs(out)  # refuse a folder that is not a build before any work
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = parent / f".{out.name}.building-{os.getpid()}-{secrets.token_hex(4)}"
        tmp.mkdir()  # the umask's mode, as any new folder
    except OSError as exc:
        raise OutputError(
            parent, f"cannot write here ({exc.strerror or exc})", f"nothing in {out} was changed"
        ) from exc
    try:
        extra = _write_all(corpus, tmp, extras)
        with _locked(parent):  # another build may swap ``out`` until we hold the lock
            _remove_stale(parent, out.name)
            previous = _previous_outputs(out)
            if out.is_dir():
                tmp.chmod(out.stat().st_mode & 0o7777)  # the swapped-in folder keeps the old one's mode
            _carry_over(out, tmp, previous)
            _sync(tmp)
            _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / n for n in output_names()[:-1]] + [out / n for n in extra] + [out / MANIFEST]


def _write_all(corpus: Corpus, folder: Path, extras: Sequence[Extra] = ()) -> list[str]:
    """Every table, the data dictionary, the extras and, last, the manifest with the hash of each file.

    Returns the names of the files the extras wrote.
    """
    tables = {name: corpus.tables[name] for name in schema.corpus_tables()}
    tables["data_dictionary"] = data_dictionary(corpus.tables)
    hashes: dict[str, str] = {}
    for name, df in tables.items():
        for ext in ("parquet", "csv"):
            path = folder / f"{name}.{ext}"
            try:
                write_file(df, path)
                hashes[path.name] = _synced_hash(path)
            except OSError as exc:
                raise OutputError(
                    path, f"cannot write ({exc.strerror or exc})", "the previous build is unchanged"
                ) from exc
    extra: list[str] = []
    for write in extras:
        try:
            paths = write(folder)
        except OSError as exc:
            raise OutputError(
                folder, f"cannot write ({exc.strerror or exc})", "the previous build is unchanged"
            ) from exc
        for p in paths:
            p = Path(p)
            if p.parent.resolve() != folder.resolve() or p.name in hashes or p.name == MANIFEST:
                raise OutputError(p, f"an extra output must be a new file directly in {folder}")
            hashes[p.name] = _synced_hash(p)
            extra.append(p.name)
    path = folder / MANIFEST
    try:
        path.write_text(manifest_text(inputs_digest(), hashes), encoding="utf-8")
        _synced_hash(path)
    except OSError as exc:
        raise OutputError(path, f"cannot write ({exc.strerror or exc})", "the previous build is unchanged") from exc
    return extra


def _synced_hash(path: Path) -> str:
    """Flush the file to disk and hash what is there (the bytes a loader will read)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return sha256_bytes(path.read_bytes())


def _sync(folder: Path) -> None:
    """Flush a folder's entries (file names) to disk; a no-op where folders cannot be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _previous_outputs(out: Path) -> set[str]:
    """Names the previous build in ``out`` wrote; an OutputError if ``out`` is not a build folder.

    A folder holding other files and no manifest (``--out ~`` by mistake) is refused,
    since swapping it would remove them.
    """
    if not out.exists():
        return set()
    if not out.is_dir():
        raise OutputError(out, "exists and is not a folder", "choose a folder for the build")
    ours = set(output_names())
    try:
        listed = set(read_manifest(out)["outputs"])
    except OutputError:
        listed = set()
    try:
        entries = {p.name for p in out.iterdir()}
    except FileNotFoundError:  # swapped away by another build meanwhile (checked again under the lock)
        return ours | listed
    foreign = sorted(n for n in entries - ours - listed if not n.startswith("."))
    if foreign and not (out / MANIFEST).exists():
        raise OutputError(
            out,
            f"holds files a build did not write ({', '.join(foreign[:5])}{' …' if len(foreign) > 5 else ''})",
            "build into an empty or new folder",
        )
    return ours | listed


def _carry_over(out: Path, tmp: Path, previous: set[str]) -> None:
    """Keep files of ``out`` a build did not write (``.gitkeep``, notes) in the new folder."""
    if not out.is_dir():
        return
    for p in sorted(out.iterdir()):
        if p.name in previous:
            continue
        target = tmp / p.name
        try:
            if p.is_dir() and not p.is_symlink():
                shutil.copytree(p, target, symlinks=True)
            else:
                try:
                    os.link(p, target, follow_symlinks=False)
                except OSError:
                    shutil.copy2(p, target, follow_symlinks=False)
        except OSError as exc:
            raise OutputError(p, f"cannot keep it in the new build ({exc.strerror or exc})") from exc


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (two builds swap one after the other)."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _swap(tmp: Path, out: Path) -> None:
    """Put ``tmp`` where ``out`` is: two renames in one folder, the old build removed after."""
    old = None
    try:
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(out, old)
        try:
            os.rename(tmp, out)
        except OSError:
            if old is not None:
                os.rename(old, out)  # put the previous build back
            raise
    except OSError as exc:
        raise OutputError(out, f"cannot replace it ({exc.strerror or exc})", "the previous build is unchanged") from exc
    _sync(out.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


STALE = re.compile(r"\.(?P<name>.+)\.(?:building|old)-(?P<pid>\d+)-")


def _remove_stale(parent: Path, name: str) -> None:
    """Remove folders left by builds that were killed (their process is gone)."""
    for p in parent.glob(f".{name}.*-*-*"):
        m = STALE.match(p.name)
        if not m or m.group("name") != name or _alive(int(m.group("pid"))):
            continue
        shutil.rmtree(p, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
