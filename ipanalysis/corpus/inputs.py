"""Check every input table (catalog, reference CSVs, vocabularies, schema, reported outcomes) before it is used.

What each file must hold is data: ``data/schema/inputs.csv`` (file, column, type,
required, allowed, unique, fix). This module only applies it, so a new column or a new
allowed value is a row of that file. It is the one checker: the parser's facts, the
vocabularies (``data/reference/vocabularies``), ``data/schema/fields.csv`` and
``tables.csv`` and ``data/external/reported_outcomes.csv`` fail the same way. Every
problem names the file, the row and the column and says how to fix it
(:class:`~ipanalysis.errors.ReferenceDataError`), and all problems of a file are
reported at once.

Files are read as UTF-8 with or without a byte-order mark (Excel writes one) and with
``\\n`` or ``\\r\\n`` line ends; anything else (GBK, GB18030 …) is an error that says how
to re-save the file. Extra columns are accepted.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath

from ipanalysis.config import REFERENCE, SCHEMA
from ipanalysis.errors import BuildError, PathEscapeError, ReferenceDataError
from ipanalysis.parse.text import fold

# the validation spec sits beside the table schema (data/schema/)
INPUTS = SCHEMA.parent / "inputs.csv"
# which counts every document of a kind must state in expected_counts.csv (part of the input schema)
COUNT_TABLES = SCHEMA.parent / "count_tables.csv"
SPEC_COLUMNS = ("file", "column", "type", "required", "allowed", "unique", "fix")
TYPES = ("str", "id", "int", "number", "url", "sha256", "regex", "raw_path", "file")
SHA256 = re.compile(r"[0-9a-f]{64}")
ID = re.compile(r"[\w.\-]+")
NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
URL = re.compile(r"https?://\S+")
RANGE = re.compile(r"(-?\d+)\.\.(-?\d+)")
LISTED = 12  # a vocabulary this short is listed in full in an error


@dataclass(frozen=True)
class Rule:
    """What one column of one input file must hold (a row of ``inputs.csv``)."""

    file: str  # catalog.csv, or a reference file by folder: parse/departments.csv …
    column: str  # "*" with type file: a rule of the whole file (required "no": the file is optional)
    type: str
    required: str  # value | column | no | "value if COL=VAL"
    allowed: str  # a|b|c, lo..hi, or @key:column (values of another input file, or of a file under data/reference)
    unique: str  # name of a unique key (columns sharing it form one key)
    fix: str
    line: int  # line of the rule in inputs.csv (named when the rule itself is wrong)


@dataclass(frozen=True)
class Table:
    """A checked input CSV: its rows as dicts (all strings) with their line numbers."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    lines: tuple[int, ...]

    def values(self, column: str) -> set[str]:
        return {r.get(column, "") for r in self.rows}


@lru_cache(maxsize=4)
def load_rules(path: Path = INPUTS) -> dict[str, tuple[Rule, ...]]:
    """File name → its column rules, checked themselves (a bad rule names inputs.csv)."""
    table = read_table(path)
    missing = [c for c in SPEC_COLUMNS if c not in table.header]
    if missing:
        raise ReferenceDataError(path, 1, f"the columns {', '.join(SPEC_COLUMNS)}", f"missing {missing}")
    out: dict[str, list[Rule]] = {}
    problems = []
    for line, r in zip(table.lines, table.rows, strict=True):
        rule = Rule(*(r[c].strip() for c in SPEC_COLUMNS), line=line)  # type: ignore[arg-type,misc]
        if rule.type not in TYPES:
            problems.append(ReferenceDataError(path, line, f"a type of {TYPES}", rule.type, column="type"))
        if not (rule.required in ("value", "column", "no") or re.fullmatch(r"value if \w+=\w*", rule.required)):
            problems.append(
                ReferenceDataError(
                    path, line, "value, column, no or 'value if COL=VAL'", rule.required, column="required"
                )
            )
        out.setdefault(rule.file, []).append(rule)
    if problems:
        raise ReferenceDataError.combine(problems)
    return {f: tuple(rs) for f, rs in out.items()}


def read_table(path: Path) -> Table:
    """Decode and split a CSV: UTF-8 (BOM optional), any line end; a clear error otherwise."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReferenceDataError(path, None, "the file to exist", "no such file", fix="restore it from git") from None
    except OSError as exc:
        raise ReferenceDataError(path, None, "a readable file", exc.strerror or str(exc)) from exc
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        guess = "GBK/GB18030" if _decodes(data, "gb18030") else "not UTF-8"
        raise ReferenceDataError(
            path,
            line,
            "UTF-8 text",
            f"bytes {data[exc.start : exc.start + 4]!r} ({guess})",
            fix="save the file as UTF-8 (Excel: 'CSV UTF-8'; iconv -f GBK -t UTF-8)",
        ) from None
    if "\x00" in text:
        raise ReferenceDataError(path, text[: text.index("\x00")].count("\n") + 1, "text", "a NUL byte")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = [(reader.line_num, rec) for rec in reader]
    except csv.Error as exc:
        raise ReferenceDataError(path, reader.line_num, "well-formed CSV", str(exc)) from None
    if not records or not any(records[0][1]):
        raise ReferenceDataError(path, 1, "a header row", "an empty file")
    header = tuple(h.strip() for h in records[0][1])
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise ReferenceDataError(path, 1, "each column name once", ", ".join(dupes))
    rows, lines, problems = [], [], []
    for line, rec in records[1:]:
        if not any(v.strip() for v in rec):
            continue  # blank line
        if len(rec) != len(header):
            problems.append(
                ReferenceDataError(
                    path,
                    line,
                    f"{len(header)} fields like the header",
                    f"{len(rec)} fields",
                    fix="quote values that contain a comma",
                )
            )
            continue
        rows.append(dict(zip(header, rec, strict=True)))
        lines.append(line)
    if problems:
        raise ReferenceDataError.combine(problems)
    return Table(path, header, tuple(rows), tuple(lines))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def check_table(path: Path, key: str, others: dict[str, Table] | None = None, rules_path: Path = INPUTS) -> Table:
    """Read ``path`` and check it against the rules of ``key`` (e.g. ``parse/departments.csv``).

    ``others`` are already checked tables (by key) that ``@key:column`` rules refer to.
    """
    rules = load_rules(rules_path).get(key)
    if rules is None:
        raise ReferenceDataError(rules_path, None, f"rules for {key}", "none", fix=f"add rows for {key}")
    optional = is_optional(key, rules_path)
    rules = tuple(r for r in rules if r.column != "*")
    table = read_table(path)
    problems: list[ReferenceDataError] = []
    absent = [r for r in rules if r.required != "no" and r.column not in table.header]
    for r in absent:
        problems.append(
            ReferenceDataError(
                path, 1, f"a column named {r.column!r}", ",".join(table.header), column=r.column, fix=r.fix
            )
        )
    if absent:
        raise ReferenceDataError.combine(problems)
    if not table.rows and not optional:
        raise ReferenceDataError(path, 2, "at least one row below the header", "a header only")
    present = [r for r in rules if r.column in table.header]
    for line, row in zip(table.lines, table.rows, strict=True):
        for rule in present:
            problem = _check_value(rule, row, path, line, others or {}, rules_path)
            if problem:
                problems.append(problem)
    escapes = [p for p in problems if isinstance(p, PathEscapeError)]
    if escapes:  # a path out of data/raw is a BuildError too: say it first
        raise PathEscapeError.combine(escapes)
    problems += _check_unique(present, table)
    if problems:
        raise ReferenceDataError.combine(problems)
    return table


def _check_value(
    rule: Rule, row: dict[str, str], path: Path, line: int, others: dict[str, Table], rules_path: Path
) -> ReferenceDataError | None:
    value = row[rule.column].strip()

    def err(expected: str, found: str = value) -> ReferenceDataError:
        cls = PathEscapeError if rule.type == "raw_path" else ReferenceDataError
        return cls(path, line, expected, found, column=rule.column, fix=rule.fix)

    if not value:
        if rule.required == "value":
            return err("a value", "an empty cell")
        m = re.fullmatch(r"value if (\w+)=(\w*)", rule.required)
        if m and row.get(m.group(1), "").strip() == m.group(2):
            return err(f"a value where {m.group(1)} is {m.group(2)!r}", "an empty cell")
        return None
    if value != row[rule.column] and (rule.type != "str" or rule.allowed):
        return err("no spaces around the value", row[rule.column])
    if rule.type == "int":
        if not re.fullmatch(r"-?\d+", value):
            return err("a whole number")
    elif rule.type == "number" and not NUMBER.fullmatch(value):
        return err("a number (digits, a '.' for decimals)")
    elif rule.type == "url" and not URL.fullmatch(value):
        return err("an address starting http:// or https://")
    elif rule.type == "id" and not ID.fullmatch(value):
        return err("an id of letters, digits, '_', '.' or '-'")
    elif rule.type == "sha256" and not SHA256.fullmatch(value):
        return err("a sha256 of 64 lowercase hex digits")
    elif rule.type == "regex":
        try:
            re.compile(value)
        except re.error as exc:
            return err(f"a valid regular expression ({exc})")
    elif rule.type == "raw_path":
        reason = unsafe_path(value)
        if reason:
            return err(f"a file name inside data/raw ({reason})")
    return _check_allowed(rule, value, err, others, rules_path)


def _check_allowed(
    rule: Rule, value: str, err, others: dict[str, Table], rules_path: Path
) -> ReferenceDataError | None:
    allowed = rule.allowed
    if not allowed:
        return None
    if allowed.startswith("@"):
        file, _, column = allowed[1:].partition(":")
        if file in others:
            known = others[file].values(column)
            return None if value in known else err(f"a {column} of {file}")
        if not (REFERENCE / file).is_file():
            raise ReferenceDataError(rules_path, rule.line, f"{file} checked before {rule.file}", "", column="allowed")
        vocabulary = reference_table(file)
        if column not in vocabulary.header:
            raise ReferenceDataError(rules_path, rule.line, f"a column {column!r} in {vocabulary.path}", allowed)
        return None if value in vocabulary.values(column) else err(vocabulary_text(vocabulary, column))
    m = RANGE.fullmatch(allowed)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return None if lo <= float(value) <= hi else err(f"a number from {lo} to {hi}")
    options = allowed.split("|")
    return None if value in options else err(f"one of {', '.join(options)}")


@lru_cache(maxsize=64)
def reference_table(key: str, root: Path = REFERENCE) -> Table:
    """A file under data/reference by key (``vocabularies/layouts.csv``), checked by its rules if inputs.csv has some.

    The vocabularies the catalog, the reference tables and the published fields refer to
    are read here, once, so every reader sees one checked copy.
    """
    path = root / key
    return check_table(path, key) if key in load_rules() else read_table(path)


def vocabulary_text(table: Table, column: str, rows: list[dict[str, str]] | None = None, where: object = None) -> str:
    """What a value must be, for an error: a short vocabulary in full, in its file's order.

    ``rows`` narrows the table (a filtered vocabulary), ``where`` names it instead of the file.
    """
    values = list(dict.fromkeys(r[column] for r in (table.rows if rows is None else rows)))
    where = table.path if where is None else where
    if len(values) <= LISTED:
        return f"one of {', '.join(values)} ({where})"
    return f"a {column} of {where}"


def _check_unique(rules: list[Rule], table: Table) -> list[ReferenceDataError]:
    """Unique keys, compared as the parser compares names (folded: no spaces, same width)."""
    keys: dict[str, list[str]] = {}
    for r in rules:
        if r.unique:
            keys.setdefault(r.unique, []).append(r.column)
    problems = []
    for cols in keys.values():
        seen: dict[tuple[str, ...], int] = {}
        for line, row in zip(table.lines, table.rows, strict=True):
            key = tuple(fold(row[c]) for c in cols)
            if key in seen:
                fix = next(r.fix for r in rules if r.column == cols[0])
                problems.append(
                    ReferenceDataError(
                        table.path,
                        line,
                        f"each {' + '.join(cols)} once",
                        f"{' + '.join(row[c] for c in cols)} again (first at line {seen[key]})",
                        column=cols[0],
                        fix=fix,
                    )
                )
            else:
                seen[key] = line
    return problems


def unsafe_path(name: str) -> str:
    """Why ``name`` is not a plain relative path (empty when it is one)."""
    if "\x00" in name:
        return "a NUL character"
    if "\\" in name:
        return "a backslash; use '/'"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        return "an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "'..' leads out of the folder"
    return ""


def confined(raw: Path, name: str) -> Path:
    """The path of catalogued file ``name`` inside ``raw``, resolved; a BuildError if it leaves ``raw``.

    Checked before the file is opened or hashed: an absolute path, ``..`` or a symbolic
    link pointing outside ``raw`` would read (and publish) a file that is not a raw document.
    """
    reason = unsafe_path(name)
    if reason:
        raise BuildError(f"{name!r} in the catalog is not a file inside {raw}: {reason}")
    root = raw.resolve()
    target = (raw / name).resolve()
    if not target.is_relative_to(root) or target == root:
        raise BuildError(
            f"{raw / name} resolves to {target}, outside {root}: catalogued files must be inside data/raw "
            "(copy the file there, do not link to it)"
        )
    return target


def is_optional(key: str, rules_path: Path = INPUTS) -> bool:
    """Whether the file may be absent or hold no rows (a ``*,file,no`` rule)."""
    return any(r.column == "*" and r.required == "no" for r in load_rules(rules_path).get(key, ()))


def check_folder(folder: Path, group: str, rules_path: Path = INPUTS) -> dict[str, Table]:
    """Check every file the rules name under ``group/`` (e.g. all of ``parse/``) in ``folder``.

    An optional file that is absent is skipped; rules referring to other files of the
    folder (``@parse/document_kinds.csv:kind``) see the ones checked before them.
    """
    keys = sorted(k for k in load_rules(rules_path) if k.startswith(f"{group}/"))
    out: dict[str, Table] = {}
    for k in keys:
        path = folder / k.partition("/")[2]
        if not path.exists() and is_optional(k, rules_path):
            continue
        out[k] = check_table(path, k, dict(out), rules_path=rules_path)
    return out


def parser_reads_the_same(table: Table, read_csv) -> None:
    """The parser's own reader must see the header this check saw (a BOM it keeps would rename a column)."""
    rows = read_csv(table.path)
    if rows and tuple(k.strip() for k in rows[0]) != table.header:
        raise ReferenceDataError(
            table.path,
            1,
            f"a header the parser reads as {','.join(table.header)}",
            ",".join(rows[0]),
            fix="save the file as UTF-8 without a byte-order mark",
        )
