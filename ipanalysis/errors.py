"""Errors that say which file, which line and what was expected."""

from __future__ import annotations

from pathlib import Path


class ParseError(ValueError):
    """A raw document could not be read as a task list.

    Carries ``path``, ``line`` (1-based, or ``None`` for the whole file) and
    ``expected`` so that the message points a person at the place to look.
    """

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


class UnknownNameError(RuntimeError):
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
