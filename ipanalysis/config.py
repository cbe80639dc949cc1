"""Every path of the project, defined once: the data the library ships, and the workspace it writes.

Two places, kept apart:

* **the data** the library reads: raw documents, catalog, schema, reference data, reported
  outcomes. In a clone it is the clone's ``data/``; a wheel ships the same files inside the
  package (``ipanalysis/_data``, copied at build time by ``setup.py``); a workspace made by
  ``ipanalysis init`` holds its own copy, to be extended.
* **the workspace** the library writes: ``data/processed``, ``figures/``, ``reports/`` and
  ``.cache/``. It is ``$IPANALYSIS_WORKSPACE`` (``ipanalysis --workspace DIR``) when set,
  else the clone the package runs from, else a folder in the user's cache
  (``~/.cache/ipanalysis/<version>``), so ``ipa.load_tasks()`` works from any folder
  after a plain ``pip install``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE = PACKAGE_DIR.parent  # the clone, when the package runs from one
BUNDLED = PACKAGE_DIR / "_data"  # what a wheel ships: the clone's data/ and its citation files
WORKSPACE_VARIABLE = "IPANALYSIS_WORKSPACE"


def _is_clone(folder: Path) -> bool:
    return (folder / "pyproject.toml").is_file() and (folder / "data" / "schema").is_dir()


def _user_cache() -> Path:
    from ipanalysis import __version__

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ipanalysis" / __version__


def workspace() -> Path:
    """The folder outputs are written to (see the module docstring)."""
    named = os.environ.get(WORKSPACE_VARIABLE)
    if named:
        return Path(named).expanduser().resolve()
    if _is_clone(SOURCE):
        return SOURCE
    return _user_cache()


ROOT = workspace()
# the data read: the workspace's own when it has one (a clone, or `ipanalysis init`), else the package's
DATA = ROOT / "data" if (ROOT / "data" / "schema").is_dir() else BUNDLED
RAW = DATA / "raw"
EXTERNAL = DATA / "external"
CATALOG = DATA / "catalog.csv"
SCHEMA = DATA / "schema" / "tables.csv"
RESOURCES = DATA / "schema" / "resources.csv"
REFERENCE = DATA / "reference"
# reference data by who reads it: the parser, the corpus checks, the analyses, the report
PARSE_REF = REFERENCE / "parse"
CORPUS_REF = REFERENCE / "corpus"
ANALYSIS_REF = REFERENCE / "analysis"
REPORT_REF = REFERENCE / "report"
# the citation files: the clone's, else the copies the package ships
META = SOURCE if (SOURCE / "CITATION.cff").is_file() else BUNDLED
# the outputs, always in the workspace
PROCESSED = ROOT / "data" / "processed"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
CACHE = ROOT / ".cache"


def label(path: Path) -> str:
    """A file's name as the manifests record it, the same wherever the data or the package lie.

    ``data/raw/…`` for the data, ``ipanalysis/…`` for the code, else the path relative to
    the workspace (or the name alone).
    """
    path = Path(path)
    for candidate in (path, path.resolve()):
        for base, prefix in ((DATA, "data"), (PACKAGE_DIR, "ipanalysis"), (ROOT, "")):
            if candidate.is_relative_to(base):
                rel = candidate.relative_to(base).as_posix()
                return f"{prefix}/{rel}" if prefix else rel
    return path.name
