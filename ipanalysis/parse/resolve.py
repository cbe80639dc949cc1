"""Names as written → canonical names, collecting the unknown ones with their place.

One resolver serves a whole file, so that all its unknown names are reported (or, in a
strict build, raised) together, each with the line it stands on.
"""

from __future__ import annotations

from ipanalysis.parse.task_list import Unit
from ipanalysis.parse.text import SourceWording, clean_text
from ipanalysis.parse.vocabulary import Vocabulary


class NameResolver:
    """Maps names as written to canonical names; collects unknown ones with their place."""

    def __init__(self, vocab: Vocabulary, path: str, wording: SourceWording | None = None) -> None:
        self.vocab = vocab
        self.path = path
        self.unknown: list[tuple[str, str]] = []
        self.unknown_bodies: list[tuple[str, str]] = []
        self.wording = wording

    def canonical(self, lookup: str, written: str, line: int) -> str | None:
        """The canonical name of a department (None, and recorded, when unknown)."""
        dep = self.vocab.department(lookup)
        if dep is None:
            self.unknown.append((self.raw(written) or written, f"{self.path}:{line}"))
            return None
        return dep.canonical

    def body(self, unit: Unit, default_level: str, line: int) -> tuple[str, str | None]:
        """(level, canonical) of a body named in a responsibility clause or a 局内 line.

        A central body (central_bodies.csv) is at level ministry, a CNIPA department
        (departments.csv) at level bureau; a collective body is kept as written; an
        unknown name keeps the level of its label and is reported.
        """
        name = unit.lookup or unit.written
        if unit.collective:
            return default_level, clean_text(unit.written)
        if default_level == "ministry":
            body = self.vocab.central_body(name)
            if body is not None:
                return "ministry", body.canonical
        dep = self.vocab.department(name)
        if dep is not None:
            return "bureau", dep.canonical
        body = self.vocab.central_body(name)
        if body is not None:
            return "ministry", body.canonical
        where = f"{self.path}:{line}"
        if default_level == "ministry":
            self.unknown_bodies.append((self.raw(unit.written) or unit.written, where))
        else:
            self.unknown.append((self.raw(unit.written) or unit.written, where))
        return default_level, None

    def raw(self, text: str | None) -> str | None:
        """The source wording of a converted fragment (traditional characters kept)."""
        return self.wording.raw(text) if self.wording else text
