"""What a build of data/processed was made from: the manifest both the writer and the loaders read."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ipanalysis.config import CATALOG, CORPUS_REF, PARSE_REF, RAW, RESOURCES, ROOT, SCHEMA

PACKAGE = ROOT / "ipanalysis"
MANIFEST = "manifest.json"
# what decides the tables: the catalog, the raw files, the parser and corpus facts, the
# schema and the code of the layers that make them (analysis, report labels and
# translations do not, so editing a chart label does not mark data/processed stale)
CODE = ("config.py", "errors.py", "schema.py", "parse", "corpus")


def input_files() -> list[Path]:
    """Every file whose content decides the output."""
    files = [CATALOG, SCHEMA, RESOURCES, *sorted(RAW.glob("*"))]
    files += [*sorted(PARSE_REF.glob("*.csv")), *sorted(CORPUS_REF.glob("*.csv"))]
    for c in CODE:
        p = PACKAGE / c
        files += sorted(p.rglob("*.py")) if p.is_dir() else [p]
    return [f for f in files if f.is_file()]


def inputs_digest() -> dict[str, str]:
    return {str(f.relative_to(ROOT)): hashlib.sha256(f.read_bytes()).hexdigest() for f in input_files()}
