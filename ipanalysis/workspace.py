"""``ipanalysis init DIR``: a workspace of one's own, the package's data copied in to be extended."""

from __future__ import annotations

import shutil
from pathlib import Path

from ipanalysis.config import DATA, NOTEBOOKS, WORKSPACE_VARIABLE
from ipanalysis.errors import OutputError

COPIED = ("catalog.csv", "schema", "reference", "raw", "external")  # the inputs; outputs are made by the commands


def init(folder: Path) -> list[str]:
    """Copy the data (and the notebooks, when the package has them) into ``folder``; what to do next, as lines.

    Refuses a folder that exists and is not empty: a workspace is never written over.
    """
    folder = Path(folder).expanduser().resolve()
    if folder.exists() and any(folder.iterdir()):
        raise OutputError(folder, "exists and is not empty", "a workspace is made in a new or empty folder")
    (folder / "data" / "processed").mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = DATA / name
        if src.is_dir():
            shutil.copytree(src, folder / "data" / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, folder / "data" / name)
    if NOTEBOOKS.is_dir():
        shutil.copytree(NOTEBOOKS, folder / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return [
        f"made the workspace {folder}",
        f"  data/ holds the catalog, raw documents, schema and reference data (from {DATA}):",
        "  add your documents to data/raw and data/catalog.csv, your names to data/reference/parse/",
        f"then: ipanalysis --workspace {folder} build   (or {WORKSPACE_VARIABLE}={folder} ipanalysis build)",
    ]
