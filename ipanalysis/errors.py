"""One error hierarchy: every error says which file, which line and what to do.

``IpanalysisError`` is what the command line catches; anything else is a bug and shows
its traceback.
"""

from __future__ import annotations

from pathlib import Path


class IpanalysisError(Exception):
    """Base of every error ipanalysis raises on purpose (bad input, stale data, missing font)."""


class LocatedError(IpanalysisError, ValueError):
    """An error at a place in a file: ``path``, ``line`` (1-based, or ``None``), ``expected``, ``found``."""

    def __init__(self, path: str | Path | None, line: int | None, expected: str, found: str = "") -> None:
        self.path = str(path) if path is not None else "<text>"
        self.line = line
        self.expected = expected
        self.found = found
        where = f"{self.path}:{line}" if line is not None else self.path
        msg = f"{where}: expected {expected}"
        if found:
            msg += f"; found {found!r}"
        super().__init__(msg)


class ParseError(LocatedError):
    """A raw document could not be read as a task list."""


class SchemaError(LocatedError):
    """A table does not match ``data/schema/tables.csv``, or the schema file itself is malformed."""


class ReferenceDataError(LocatedError):
    """A catalog or reference CSV is malformed (missing column, bad value, bad pattern)."""


class BuildError(IpanalysisError, RuntimeError):
    """The corpus does not match what the catalog or the expected counts say."""


class FontNotFoundError(IpanalysisError, RuntimeError):
    """No CJK font is installed, so Chinese chart text would render as empty boxes."""


class ChartError(IpanalysisError, RuntimeError):
    """A chart could not be drawn faithfully (a glyph missing from the font …)."""


class UnknownNameError(IpanalysisError, RuntimeError):
    """A name found in the text is missing from a reference table (the OWID etl habit)."""

    def __init__(self, kind: str, names: list[tuple[str, str]], table: Path) -> None:
        self.kind = kind
        self.names = names
        self.table = table
        listed = "\n".join(f"  - {name!r} (at {where})" for name, where in names)
        super().__init__(
            f"{len(names)} unknown {kind} name(s):\n{listed}\n"
            f"Add each to {table} (column 'name', with its canonical form and a note), then build again."
        )
