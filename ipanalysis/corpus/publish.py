"""``ipanalysis build``: raw files → data/processed (Parquet, CSV, data dictionary).

Load inputs (catalog, raw files, reference tables) / process (parse, merge, check
counts) / save outputs. Output bytes depend only on the inputs: rows are sorted and
nothing time- or machine-dependent is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ipanalysis import schema
from ipanalysis.config import PROCESSED
from ipanalysis.corpus.assemble import build_corpus
from ipanalysis.corpus.manifest import MANIFEST, inputs_digest


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
    for name in schema.corpus_tables():
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
