"""Every published table, defined once: ``data/schema/fields.csv`` and ``data/schema/tables.csv``.

``fields.csv`` has one row per field name: dtype, unit, a short label (``label``,
``label_zh``: the header a reader sees) and a description in English and Chinese, and
the values the field may hold, as an ``allowed`` list (``a|b|c``) or range (``lo..hi``), a
``pattern`` or a ``vocabulary`` (``FILE:COLUMN`` of a CSV under data/reference). ``tables.csv`` says which fields each table has, in which ``order``, and
its sort ``key``. One name means one thing in every table: a name that meant two things
was renamed (``renames.csv``; :func:`upgrade_columns` reads files written before). Column lists, dtypes, sort keys, the data dictionary and the
check of every published value are read from these two files, so a field is added,
described or constrained in one place.

Both files, and the vocabularies, are checked by the one input checker
(:mod:`ipanalysis.corpus.inputs`, rules in ``data/schema/inputs.csv``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ipanalysis.config import REFERENCE, RESOURCES, SCHEMA
from ipanalysis.corpus.inputs import RANGE, Table, check_table, reference_table, vocabulary_text
from ipanalysis.errors import ReferenceDataError, SchemaError

DTYPES = {"int": "Int64", "float": "float64", "str": None, "bool": "bool"}
VALUE_COLUMNS = ("allowed", "pattern", "vocabulary")
SHOWN = 5  # bad values named in an error


@dataclass(frozen=True)
class Values:
    """The values a field may hold: one of an allowed list or range, a pattern, a vocabulary (or none)."""

    allowed: str = ""  # a|b|c, or lo..hi for a number
    pattern: str = ""  # a Python regular expression matched against the whole value
    vocabulary: str = ""  # FILE:COLUMN under data/reference
    source: str = ""  # file:line that says so (named in errors)

    def __bool__(self) -> bool:
        return bool(self.allowed or self.pattern or self.vocabulary)


@dataclass(frozen=True)
class Field:
    """A row of ``fields.csv``: one published name, whatever table it is in."""

    name: str
    dtype: str  # int | float | str | bool
    unit: str
    description: str
    description_zh: str
    values: Values
    label: str = ""  # a short name for readers, in English (a workbook header, a report table's column)
    label_zh: str = ""  # the same in Chinese

    @property
    def header(self) -> str:
        """The field as a reader's column header: ``负责对象 Assignee``."""
        return f"{self.label_zh} {self.label}"


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    dtype: str  # int | float | str | bool
    key: int | None  # position in the table's sort key
    unit: str
    meaning: str  # the field's description (fields.csv)
    meaning_zh: str = ""  # the field's description in Chinese (fields.csv description_zh)
    values: Values = Values()  # what its values may be (its field's, fields.csv)
    label: str = ""  # the field's short name in English (fields.csv label)
    label_zh: str = ""  # the field's short name in Chinese (fields.csv label_zh)

    @property
    def header(self) -> str:
        """The column as a reader's header: ``负责对象 Assignee``."""
        return f"{self.label_zh} {self.label}"


class ValueNotAllowedError(SchemaError):
    """A value of a table is not one its field allows: names the table, the column and the values."""

    def __init__(self, table: str, column: str, found: list[str], n_rows: int, expected: str, source: str) -> None:
        self.table, self.column, self.values = table, column, found
        shown = ", ".join(repr(v) for v in found[:SHOWN]) + (
            f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
        )
        super().__init__(source, None, expected, shown)
        self.args = (
            f"table {table!r}, column {column!r}: {shown} ({n_rows} row{'s' if n_rows != 1 else ''}) "
            f"not allowed; expected {expected} (as {source} says)",
        )


def fields_path(tables: Path) -> Path:
    """``fields.csv`` beside a ``tables.csv``."""
    return tables.parent / "fields.csv"


def load_schema(path: Path | None = None) -> dict[str, tuple[Column, ...]]:
    """Table name → its columns in order (``tables.csv`` and ``fields.csv`` beside it, checked)."""
    return _load_schema(Path(path) if path is not None else SCHEMA)


@lru_cache(maxsize=4)
def _load_schema(path: Path) -> dict[str, tuple[Column, ...]]:
    fields = load_fields(fields_path(path))
    used = _checked(path, "tables.csv", {"fields.csv": _fields_table(fields_path(path))})
    out: dict[str, list[tuple[int, Column]]] = {}
    for r in used.rows:
        f = fields[r["field"]]
        key = int(r["key"]) if r["key"].strip() else None
        col = Column(
            r["table"], f.name, f.dtype, key, f.unit, f.description, f.description_zh, f.values, f.label, f.label_zh
        )
        out.setdefault(r["table"], []).append((int(r["order"]), col))
    for table, cols in out.items():
        _check_numbering(path, table, cols)
    unused = sorted(set(fields) - {c.name for cols in out.values() for _, c in cols})
    if unused:
        raise SchemaError(fields_path(path), None, "every field used by a table of tables.csv", ", ".join(unused))
    return {t: tuple(c for _, c in sorted(cols, key=lambda oc: oc[0])) for t, cols in out.items()}


@lru_cache(maxsize=4)
def load_fields(path: Path) -> dict[str, Field]:
    """Field name → its definition (``fields.csv``, checked: a known dtype, one way to give its values)."""
    table = _fields_table(path)
    out = {}
    for line, r in zip(table.lines, table.rows, strict=True):
        values = _values(r, path, line, r["dtype"])
        out[r["field"]] = Field(
            r["field"], r["dtype"], r["unit"], r["description"], r["description_zh"], values, r["label"], r["label_zh"]
        )
    return out


def field_headers() -> dict[str, str]:
    """Field name → its header for readers, ``负责对象 Assignee`` (``label_zh`` and ``label`` of fields.csv)."""
    return {name: f.header for name, f in load_fields(fields_path(SCHEMA)).items()}


@lru_cache(maxsize=4)
def _fields_table(path: Path) -> Table:
    return _checked(path, "fields.csv")


def _checked(path: Path, key: str, others: dict[str, Table] | None = None) -> Table:
    """A schema file through the input checker; its problems as one SchemaError (a schema file is wrong)."""
    try:
        return check_table(path, key, others)
    except ReferenceDataError as exc:
        err = SchemaError(exc.path, exc.line, exc.expected, exc.found)
        err.args = exc.args
        raise err from exc


def _values(row: Mapping[str, str], path: Path, line: int, dtype: str) -> Values:
    """The values a row of fields.csv or tables.csv allows, checked to be one kind that fits the dtype."""
    given = {c: (row.get(c) or "").strip() for c in VALUE_COLUMNS}
    named = [c for c, v in given.items() if v]
    if len(named) > 1:
        raise SchemaError(path, line, "one of allowed, pattern or vocabulary", ", ".join(named))
    v = Values(given["allowed"], given["pattern"], given["vocabulary"], f"{path}:{line}")
    if v.allowed and dtype in ("int", "float") and not RANGE.fullmatch(v.allowed):
        raise SchemaError(path, line, f"a range lo..hi for a {dtype} field", v.allowed)
    if v.allowed and dtype == "bool":
        raise SchemaError(path, line, "no allowed values for a bool field", v.allowed)
    if (v.pattern or v.vocabulary) and dtype != "str":
        raise SchemaError(path, line, "a pattern or vocabulary only for a str field", dtype)
    if v.vocabulary:
        m = VOCABULARY.fullmatch(v.vocabulary)
        if not m or not (REFERENCE / m["file"]).is_file():
            raise SchemaError(
                path,
                line,
                "a vocabulary FILE:COLUMN (or FILE:COLUMN?KEY=VALUE) of a CSV under data/reference",
                v.vocabulary,
            )
        if m["key"] and not vocabulary_rows(v.vocabulary):  # a mistyped filter would allow nothing
            have = sorted({r.get(m["key"], "") for r in reference_table(m["file"]).rows})
            raise SchemaError(path, line, f"a {m['key']} of {m['file']} ({', '.join(have)})", m["value"])
    return v


VOCABULARY = re.compile(r"(?P<file>[^:?]+\.csv):(?P<column>\w+)(?:\?(?P<key>\w+)=(?P<value>[^=?]+))?")


def vocabulary_rows(spec: str) -> list[dict[str, str]]:
    """The rows of a vocabulary ``FILE:COLUMN`` (``?KEY=VALUE`` keeps the rows whose KEY is VALUE).

    ``analysis/codebook.csv:code?scheme=chain_stage`` is the chain-stage codes of the
    codebook: one file holds the codes of two schemes, and each field takes its own.
    """
    m = VOCABULARY.fullmatch(spec)
    if not m:
        raise SchemaError(
            SCHEMA.with_name("fields.csv"), None, "a vocabulary FILE:COLUMN or FILE:COLUMN?KEY=VALUE", spec
        )
    table = reference_table(m["file"])
    for col in (m["column"], m["key"]):
        if col and col not in table.header:
            raise SchemaError(
                table.path, 1, f"a column {col!r} (a vocabulary of fields.csv names it)", ",".join(table.header)
            )
    return [r for r in table.rows if not m["key"] or r[m["key"]] == m["value"]]


def _check_numbering(path: Path, table: str, cols: list[tuple[int, Column]]) -> None:
    """Orders 1..n and sort-key positions 1..k, each once: a gap names the fields around it."""
    by_order = dict(cols)
    if len(by_order) != len(cols):
        twice = sorted(f"{c.name} ({o})" for o, c in cols if [x for x, _ in cols].count(o) > 1)
        raise SchemaError(path, None, f"each order once in table {table!r}", ", ".join(twice))
    for n in range(1, len(cols) + 1):
        if n not in by_order:
            before = by_order.get(n - 1)
            after = min((o for o in by_order if o > n), default=None)
            around = (f"after {before.name!r}" if before else "at the start") + (
                f", before {by_order[after].name!r}" if after else ""
            )
            raise SchemaError(path, None, f"table {table!r} to have a field at order {n}", f"none ({around})")
    keys = sorted(c.key for _, c in cols if c.key is not None)
    if keys != list(range(1, len(keys) + 1)):
        raise SchemaError(path, None, f"sort key positions 1..{len(keys)} in table {table!r}", str(keys))


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
    """Rows → a DataFrame with exactly the table's columns.

    A row holding a field the schema does not list for the table stops here, naming it:
    a row removed from tables.csv would otherwise drop the column silently.
    """
    names = columns(table)
    extra = sorted({k for r in rows for k in r} - set(names))
    if extra:
        raise SchemaError(
            SCHEMA, None, f"a row {table},<field>,… in tables.csv for every field of table {table!r}", ", ".join(extra)
        )
    return pd.DataFrame(rows, columns=names)


def conform(table: str, df: pd.DataFrame, sort: bool = True) -> pd.DataFrame:
    """The table's columns in order, its dtypes (nullable integers), sorted rows, a fresh index.

    Deterministic output: the same rows give the same bytes whatever order they came in.
    Every value is checked against its field's allowed values (:func:`check_values`).
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
    check_values(table, df)
    keys = sort_key(table)
    if sort and keys:
        df = df.sort_values(keys, kind="stable", na_position="first")
    return df.reset_index(drop=True)


def check_values(table: str, df: pd.DataFrame) -> None:
    """Stop on the first column of ``df`` holding a value its field does not allow (nulls pass)."""
    for c in _table(table):
        if c.values and c.name in df.columns:
            problem = _not_allowed(table, c, df[c.name])
            if problem:
                raise problem


def check_tables(tables: Mapping[str, pd.DataFrame]) -> None:
    """:func:`check_values` for every table (what a build publishes)."""
    for name, df in tables.items():
        check_values(name, df)


def _not_allowed(table: str, col: Column, series: pd.Series) -> ValueNotAllowedError | None:
    values = series.dropna()
    if values.empty:
        return None
    distinct = pd.unique(values)
    allows, expected = _rule(col.values)
    bad = [v for v in distinct if not allows(v)]
    if not bad:
        return None
    n_rows = int(values.isin(bad).sum())
    return ValueNotAllowedError(table, col.name, [str(v) for v in bad], n_rows, expected, col.values.source)


@lru_cache(maxsize=256)
def _rule(v: Values):
    """(test of one value, what is expected) for a field's values (made once per field: conform runs often)."""
    if v.vocabulary:
        m = VOCABULARY.fullmatch(v.vocabulary)
        assert m is not None  # checked when the schema was read
        rows = vocabulary_rows(v.vocabulary)
        known = frozenset(r[m["column"]] for r in rows)
        expected = vocabulary_text(reference_table(m["file"]), m["column"], rows, f"data/reference/{v.vocabulary}")
        return (lambda x: str(x) in known), expected
    if v.pattern:
        rx = re.compile(v.pattern)
        return (lambda x: rx.fullmatch(str(x)) is not None), f"a value matching {v.pattern}"
    m = RANGE.fullmatch(v.allowed)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return (lambda x: lo <= float(x) <= hi), f"a number from {lo} to {hi}"
    options = v.allowed.split("|")
    return (lambda x: str(x) in options), f"one of {', '.join(options)}"


def vocabulary(file: str, column: str) -> frozenset[str]:
    """The values of ``column`` in the vocabulary ``file`` under data/reference (checked by inputs.csv)."""
    return frozenset(r[column] for r in vocabulary_rows(f"{file}:{column}"))


def _table(table: str) -> tuple[Column, ...]:
    schema = load_schema()
    if table not in schema:
        raise SchemaError(SCHEMA, None, f"a table named {table!r}", f"tables {sorted(schema)}")
    return schema[table]


# ---- the vocabularies code reads (data/reference/vocabularies): one home each


@dataclass(frozen=True)
class DocKind:
    kind: str
    order: int
    is_list: bool  # a list of tasks: a year with one is a list year
    note: str
    merged: bool = False  # a secondary source of it merges into the primary list of its year


@dataclass(frozen=True)
class Level:
    level: str
    order: int  # order of a task's assignment rows after a merge
    is_body: bool  # a body in charge (a role), not an obligation clause
    note: str


def _rows(file: str) -> list[dict[str, str]]:
    return list(reference_table(file).rows)


@lru_cache(maxsize=1)
def document_kinds() -> tuple[DocKind, ...]:
    """Kinds of document in their order (data/reference/vocabularies/document_kinds.csv)."""
    kinds = [
        DocKind(r["kind"], int(r["order"]), r["is_list"] == "true", r.get("note", ""), r["merged"] == "true")
        for r in _rows("vocabularies/document_kinds.csv")
    ]
    return tuple(sorted(kinds, key=lambda k: k.order))


def list_kinds() -> tuple[str, ...]:
    """Kinds whose documents are lists (a year with one has a list)."""
    return tuple(k.kind for k in document_kinds() if k.is_list)


def merged_kinds() -> tuple[str, ...]:
    """Kinds whose secondary source is merged into the primary list of its year."""
    return tuple(k.kind for k in document_kinds() if k.merged)


@lru_cache(maxsize=1)
def assignment_levels() -> tuple[Level, ...]:
    """Assignment levels in their order (data/reference/vocabularies/assignment_levels.csv)."""
    levels = [
        Level(r["level"], int(r["order"]), r["is_body"] == "true", r.get("note", ""))
        for r in _rows("vocabularies/assignment_levels.csv")
    ]
    return tuple(sorted(levels, key=lambda x: x.order))


def outcome_kinds() -> tuple[str, ...]:
    """Kinds of reported outcome (data/reference/vocabularies/outcome_kinds.csv)."""
    return tuple(r["kind"] for r in _rows("vocabularies/outcome_kinds.csv"))


def source_kinds() -> dict[str, bool]:
    """Source kind of an outcome → whether its quote is required (data/reference/vocabularies/source_kinds.csv)."""
    return {r["source_kind"]: r["quote_required"] == "true" for r in _rows("vocabularies/source_kinds.csv")}


@dataclass(frozen=True)
class Rename:
    """A published column renamed in ``version`` (``data/schema/renames.csv``)."""

    version: str
    table: str
    old: str
    new: str
    why: str


def renames(path: Path | None = None) -> tuple[Rename, ...]:
    """Every column renamed since 0.1.0, checked (the new name is a field, the table exists)."""
    path = Path(path) if path is not None else SCHEMA.with_name("renames.csv")
    return _renames(path)


@lru_cache(maxsize=2)
def _renames(path: Path) -> tuple[Rename, ...]:
    fields = {"fields.csv": _fields_table(fields_path(SCHEMA))}
    others = {"tables.csv": _checked(SCHEMA, "tables.csv", fields), **fields}
    table = _checked(path, "renames.csv", others)
    return tuple(Rename(r["version"], r["table"], r["old"], r["new"], r["why"]) for r in table.rows)


def upgrade_columns(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """A table read from an older release's CSV or Parquet with today's column names.

    Readers of files written before a rename (``data/schema/renames.csv``, CHANGELOG)
    call ``ipa.upgrade_columns(pd.read_csv(old_file), "assignments")``; a column already
    under its new name is left as it is. An unknown ``table`` is an error, not a no-op.
    """
    if table not in load_schema():
        raise SchemaError(SCHEMA, None, f"a published table ({', '.join(sorted(load_schema()))})", table)
    mapping = {r.old: r.new for r in renames() if r.table == table and r.old in df.columns and r.new not in df.columns}
    return df.rename(columns=mapping)
