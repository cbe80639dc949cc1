"""Output folders written like ``data/processed``: built beside the old one and swapped in whole.

A run that fails, is killed or runs out of disk while it writes ``figures/`` or
``reports/`` leaves the previous folder as it was: readers never see half of a new run
beside half of an old one. Only the final renames touch the real name.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ipanalysis.errors import OutputError


def _staging(final: Path) -> Path:
    return final.parent / f".{final.name}.staging-{os.getpid()}"


def sweep(final: Path) -> None:
    """Remove staging and old copies that a killed run left beside ``final`` (never ``final`` itself)."""
    for p in final.parent.glob(f".{final.name}.*"):
        if p.is_dir() and (".staging-" in p.name or ".old-" in p.name):
            shutil.rmtree(p, ignore_errors=True)


@contextmanager
def staged(final: Path, keep: bool = True) -> Iterator[Path]:
    """A folder to write the new ``final`` into; swapped in whole when the block ends without error.

    ``keep=True`` starts from a copy of the current folder (a partial export keeps the
    other files); ``keep=False`` starts empty. On any error, or on a disk error while
    writing, the staging folder is removed and ``final`` is left untouched; disk errors are
    raised as :class:`OutputError` naming the path.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    sweep(final)
    staging = _staging(final)
    try:
        if keep and final.exists():
            shutil.copytree(final, staging)
        else:
            staging.mkdir(parents=True)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(staging, f"could not prepare the new folder ({exc.strerror or exc})") from None
    try:
        yield staging
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(
            final, f"could not be written ({exc.strerror or exc}); the previous folder is unchanged"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    try:
        if final.exists():
            final.rename(old)
        staging.rename(final)
    except OSError as exc:
        if old.exists() and not final.exists():
            old.rename(final)
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(
            final, f"could not be swapped in ({exc.strerror or exc}); the previous folder is unchanged"
        ) from None
    shutil.rmtree(old, ignore_errors=True)
