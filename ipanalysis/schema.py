"""Every published table, defined once: ``data/schema/tables.csv``.

One row per column (table, column, dtype, key, unit, meaning, meaning_zh: the meaning in
Chinese, for the workbook and the data package). Column lists, integer
columns, sort keys and the data dictionary are all read from it, so a column is added
or renamed in one place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ipanalysis.config import RESOURCES, SCHEMA
from ipanalysis.errors import SchemaError

DTYPES = {"int": "Int64", "float": "float64", "str": None, "bool": "bool"}


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    dtype: str  # int | float | str | bool
    key: int | None  # position in the table's sort key
    unit: str
    meaning: str
    meaning_zh: str = ""  # the meaning in Chinese (data/schema/tables.csv column meaning_zh)


@lru_cache(maxsize=2)
def load_schema(path: Path = SCHEMA) -> dict[str, tuple[Column, ...]]:
    """Table name → its columns in order (checked: known dtype, no duplicate column)."""
    out: dict[str, list[Column]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line, r in enumerate(csv.DictReader(fh), start=2):
            missing = {"table", "column", "dtype", "key", "unit", "meaning"} - set(r)
            if missing:
                raise SchemaError(path, line, f"columns {sorted(missing)}", ", ".join(r))
            if r["dtype"] not in DTYPES:
                raise SchemaError(path, line, f"dtype one of {sorted(DTYPES)}", r["dtype"])
            cols = out.setdefault(r["table"], [])
            if any(c.name == r["column"] for c in cols):
                raise SchemaError(path, line, "each column once per table", f"{r['table']}.{r['column']} again")
            key = int(r["key"]) if r["key"].strip() else None
            meaning_zh = (
                r.get("meaning_zh") or ""
            ).strip()  # a row added without it reads as empty (a test asks for it)
            cols.append(Column(r["table"], r["column"], r["dtype"], key, r["unit"], r["meaning"], meaning_zh))
    return {t: tuple(c) for t, c in out.items()}


@dataclass(frozen=True)
class Resource:
    table: str
    stage: str  # corpus (built into data/processed) | analysis (computed from the corpus)
    loader: str
    one_row_per: str
    description: str


@lru_cache(maxsize=2)
def resources(path: Path = RESOURCES) -> tuple[Resource, ...]:
    """Every table with its stage, loader and what one row is (``data/schema/resources.csv``)."""
    schema = load_schema()
    out = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line, r in enumerate(csv.DictReader(fh), start=2):
            if r.get("table") not in schema:
                raise SchemaError(path, line, f"a table of {SCHEMA}", str(r.get("table")))
            if r["stage"] not in ("corpus", "analysis"):
                raise SchemaError(path, line, "stage corpus or analysis", r["stage"])
            out.append(Resource(r["table"], r["stage"], r["loader"], r["one_row_per"], r["description"]))
    return tuple(out)


def corpus_tables() -> tuple[str, ...]:
    """The tables ``ipanalysis build`` writes to data/processed, in order."""
    return tuple(r.table for r in resources() if r.stage == "corpus")


def columns(table: str) -> list[str]:
    """The table's columns in order."""
    return [c.name for c in _table(table)]


def sort_key(table: str) -> list[str]:
    """The table's sort key, in order."""
    keyed = sorted((c for c in _table(table) if c.key is not None), key=lambda c: c.key or 0)
    return [c.name for c in keyed]


def empty(table: str) -> pd.DataFrame:
    return pd.DataFrame(columns=columns(table))


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows → a DataFrame with exactly the table's columns."""
    return pd.DataFrame(rows, columns=columns(table))


def conform(table: str, df: pd.DataFrame, sort: bool = True) -> pd.DataFrame:
    """The table's columns in order, its dtypes (nullable integers), sorted rows, a fresh index.

    Deterministic output: the same rows give the same bytes whatever order they came in.
    """
    cols = _table(table)
    names = [c.name for c in cols]
    extra = [c for c in df.columns if c not in names]
    absent = [c for c in names if c not in df.columns]
    if extra or absent:
        raise SchemaError(SCHEMA, None, f"the columns of table {table!r}", f"extra {extra}, missing {absent}")
    df = df[names].copy()
    for c in cols:
        if c.dtype == "int":
            df[c.name] = pd.to_numeric(df[c.name]).astype("Int64")
        elif c.dtype == "float":
            df[c.name] = pd.to_numeric(df[c.name]).astype("float64")
    keys = sort_key(table)
    if sort and keys:
        df = df.sort_values(keys, kind="stable", na_position="first")
    return df.reset_index(drop=True)


def _table(table: str) -> tuple[Column, ...]:
    schema = load_schema()
    if table not in schema:
        raise SchemaError(SCHEMA, None, f"a table named {table!r}", f"tables {sorted(schema)}")
    return schema[table]
