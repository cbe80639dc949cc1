"""``ipanalysis build``: raw files → data/processed (Parquet, CSV, data dictionary).

Load inputs (catalog, raw files, reference tables) / process (parse, merge, check
counts) / save outputs. Output bytes depend only on the inputs: rows are sorted and
nothing time- or machine-dependent is written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from .config import CATALOG, PROCESSED, RAW, REFERENCE, ROOT
from .corpus import build_corpus
from .vocab import read_csv

PUBLISHED = (
    "documents",
    "sections",
    "tasks",
    "measures",
    "assignments",
    "guideline_items",
    "departments",
    "discrepancies",
    "dropped_boilerplate",
    "parse_warnings",
)
MANIFEST = "manifest.json"
# the modules whose code decides the tables (analysis and chart modules do not)
TABLE_MODULES = (
    "build",
    "config",
    "corpus",
    "document",
    "errors",
    "grammar",
    "guide",
    "rawio",
    "readers",
    "textnorm",
    "vocab",
)


def input_files() -> list[Path]:
    """Every file whose content decides the output."""
    files = [CATALOG, *sorted(RAW.glob("*")), *sorted(REFERENCE.glob("*.csv"))]
    files += [ROOT / "ipanalysis" / f"{m}.py" for m in TABLE_MODULES]
    return [f for f in files if f.is_file()]


def inputs_digest() -> dict[str, str]:
    return {str(f.relative_to(ROOT)): hashlib.sha256(f.read_bytes()).hexdigest() for f in input_files()}


def column_meanings() -> dict[tuple[str, str], str]:
    """(table, column) → meaning, from data/reference/data_dictionary.csv."""
    return {(r["table"], r["column"]): r["meaning"] for r in read_csv(REFERENCE / "data_dictionary.csv")}


def data_dictionary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every published table and column: type, meaning, an example."""
    meanings = column_meanings()
    rows = []
    missing = []
    for name in PUBLISHED:
        df = tables[name]
        for col in df.columns:
            meaning = meanings.get((name, col))
            if meaning is None:
                missing.append(f"{name}.{col}")
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
    if missing:
        raise RuntimeError(f"columns without a meaning in {REFERENCE / 'data_dictionary.csv'}: {', '.join(missing)}")
    return pd.DataFrame(rows)


def write_table(df: pd.DataFrame, stem: Path) -> list[Path]:
    """Parquet and CSV (UTF-8 with BOM, so that Excel and WPS show Chinese)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    pq = stem.with_suffix(".parquet")
    df.to_parquet(pq, index=False, engine="pyarrow", compression="zstd")
    csv = stem.with_suffix(".csv")
    df.to_csv(csv, index=False, encoding="utf-8-sig", lineterminator="\n")
    return [pq, csv]


def build(out: Path = PROCESSED, verbose: bool = True) -> list[Path]:
    """Build every table into ``out``; return the files written."""
    corpus = build_corpus()
    written: list[Path] = []
    for name in PUBLISHED:
        written += write_table(corpus.tables[name], out / name)
    written += write_table(data_dictionary(corpus.tables), out / "data_dictionary")
    manifest = out / MANIFEST
    manifest.write_text(
        json.dumps({"inputs": inputs_digest()}, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    written.append(manifest)
    if verbose:
        counts = corpus.tables["tasks"].groupby("year").size()
        print("tasks per year: " + ", ".join(f"{y}: {n}" for y, n in counts.items()))
        for w in corpus.warnings:
            print(f"warning: {w}")
        print(f"wrote {len(written)} files to {out}")
    return written
