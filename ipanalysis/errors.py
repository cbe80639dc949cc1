"""One error hierarchy: every error says which file, which line and what to do.

``IpanalysisError`` is what the command line catches; anything else is a bug and shows
its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    """A catalog or reference CSV is malformed (missing column, bad value, bad pattern).

    ``column`` names the CSV column and ``fix`` says what to write instead; ``problems``
    holds every problem found in one pass (this error is the first of them), so a user
    fixes a file once rather than once per rerun.
    """

    def __init__(
        self,
        path: str | Path | None,
        line: int | None,
        expected: str,
        found: str = "",
        *,
        column: str | None = None,
        fix: str = "",
    ) -> None:
        self.column = column
        self.fix = fix
        self.problems: list[ReferenceDataError] = [self]
        super().__init__(path, line, expected, found)
        where = f"{self.path}:{line}" if line is not None else self.path
        msg = f"{where}" + (f", column {column!r}" if column else "") + f": expected {expected}"
        msg += f"; found {found!r}" if found else ""
        msg += f" (fix: {fix})" if fix else ""
        self.args = (msg,)

    @classmethod
    def combine(cls, problems: Sequence[ReferenceDataError]) -> ReferenceDataError:
        """One error listing every problem (raised when a check found several)."""
        first = problems[0]
        if len(problems) == 1:
            return first
        err = cls(first.path, first.line, first.expected, first.found)
        err.column, err.fix, err.problems = first.column, first.fix, list(problems)
        err.args = (f"{len(problems)} problems in the input tables:\n" + "\n".join(f"  {p}" for p in problems),)
        return err


class BuildError(IpanalysisError, RuntimeError):
    """The corpus does not match what the catalog or the expected counts say."""


class PathEscapeError(ReferenceDataError, BuildError):
    """A catalogued file name leads outside ``data/raw`` (absolute, ``..``): stops the build before any file is opened."""


class OutputError(IpanalysisError, RuntimeError):
    """A build could not be written, or a built folder is incomplete, edited or unreadable.

    The message names the path; a failed write leaves the previous build as it was.
    """

    def __init__(self, path: str | Path, problem: str, fix: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}" + (f" ({fix})" if fix else ""))


class FontNotFoundError(IpanalysisError, RuntimeError):
    """No CJK font is installed, so Chinese chart text would render as empty boxes."""


class ChartError(IpanalysisError, RuntimeError):
    """A chart could not be drawn faithfully (a glyph missing from the font …), or no chart has that name."""


def close_names(name: str, known: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The known names most like a misspelt one: as written, then in lower case (English names), each once."""
    import difflib

    known = list(known)
    close = difflib.get_close_matches(name, known, n=n, cutoff=cutoff)
    lower = {k.lower(): k for k in known}
    close += [lower[m] for m in difflib.get_close_matches(name.lower(), list(lower), n=2, cutoff=cutoff)]
    return list(dict.fromkeys(close))


def _hint(suggestions: list[str]) -> str:
    return f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""


def did_you_mean(name: str, known: Iterable[str], n: int = 3) -> str:
    """``"; did you mean 'a' or 'b'?"`` for the known names closest to a misspelt one, else ``""``."""
    return _hint(close_names(name, known, n))


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


class NameNotFoundError(IpanalysisError, LookupError):
    """A researcher asked for a name that no table holds: the closest names are suggested."""

    def __init__(self, kind: str, name: str, suggestions: list[str], table: Path, note: str = "") -> None:
        self.kind, self.name, self.suggestions = kind, name, suggestions
        note = f"; {note}" if note else ""
        super().__init__(
            f"no {kind} named {name!r}{_hint(suggestions)}{note} (the names, Chinese and as written, are in {table})"
        )


class StaleDataWarning(UserWarning):
    """``data/processed`` could not be trusted (older than its inputs, edited, half-written): tables built in memory."""


class InputRefusedError(ParseError):
    """A path that is no text to parse: a device, FIFO or folder, too big, or a PDF or Office file.

    Refused before the file is read (a FIFO would block, ``/dev/zero`` never ends); the
    message names the path, what it is and what to do instead.
    """

    def __init__(self, path: str | Path | None, problem: str, fix: str = "") -> None:
        super().__init__(path, None, "a regular text file", problem)
        self.problem = problem
        self.fix = fix
        self.args = (f"{self.path}: {problem}" + (f"; {fix}" if fix else ""),)
