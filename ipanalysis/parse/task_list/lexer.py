"""The lexer: the markers of a compact text, in order, as tokens.

Where a marker opens a list of names (``局内：`` ``省份：`` ``（…负责）``), the lexer
hands over to that list's sub-grammar, which says how far the list runs; scanning goes on
after it, so nothing inside a list is mistaken for a marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipanalysis.parse.task_list.central_bodies import BodyReader
from ipanalysis.parse.task_list.departments import DepartmentReader
from ipanalysis.parse.task_list.markers import Markers
from ipanalysis.parse.task_list.name_lists import NameWords
from ipanalysis.parse.task_list.obligations import read_clauses
from ipanalysis.parse.task_list.tree import Unit
from ipanalysis.parse.vocabulary import Vocabulary, cn_to_int


@dataclass
class Token:
    """One marker found in the compact text."""

    kind: str  # resp label actor actor_s section group number completion
    start: int  # compact offsets
    end: int
    value: str = ""
    number: int = 0
    items: list[Unit] = field(default_factory=list)  # parsed assignment units


class Lexer:
    """Finds the markers of a compact text, reading assignment extents as it goes."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.markers = Markers.of(vocab)
        names = NameWords.of(vocab)
        self.departments = DepartmentReader(vocab, self.markers, names)
        self.bodies = BodyReader(vocab, names)

    def lex(self, c: str) -> list[Token]:
        """Every marker of ``c``, in order, each list of names read to its end."""
        tokens: list[Token] = []
        pos = 0
        while m := self.markers.pattern.search(c, pos):
            kind = self.markers.kind(m)
            if kind == "resp":
                pos = self._completion_after(c, self._responsibility(m, tokens), tokens)
            elif kind == "label":
                pos = self._label(c, m, tokens)
            elif kind == "actor_s":  # a sentence opening with its actor: the actor stays text
                tokens.append(Token("actor_s", m.start(), m.start(), value=m.group("actor_s_name")))
                pos = m.end()
            else:
                tokens.append(self._simple(kind, m))
                pos = m.end()
        return tokens

    def _simple(self, kind: str, m: re.Match[str]) -> Token:
        """A marker that is all there is to read: an actor label or a structure number."""
        if kind == "actor":
            return Token("actor", m.start(), m.end(), value=m.group("actor_name"))
        if kind == "section":
            return Token("section", m.start(), m.end(), number=cn_to_int(m.group("sec_n")))
        if kind == "group":
            return Token("group", m.start(), m.end(), number=cn_to_int(m.group("grp_n")))
        n = m.group("num_n") or m.group("num_p")
        return Token("number", m.start(), m.end(), number=int(n))

    def _responsibility(self, m: re.Match[str], tokens: list[Token]) -> int:
        """A ``（…负责）`` clause: its bodies; returns the position after it."""
        body = m.group("resp_body") + m.group("resp_word")
        tokens.append(Token("resp", m.start(), m.end(), value=body, items=self.bodies.read(body, m.start("resp_body"))))
        return m.end()

    def _label(self, c: str, m: re.Match[str], tokens: list[Token]) -> int:
        """A label; an assignment label reads its list of names. Returns the position after it."""
        name = m.group("label_name")
        label_kind, level = self.vocab.labels[name]
        tok = Token("label", m.start(), m.end(), value=name)
        tokens.append(tok)
        if label_kind != "assignment":
            return m.end()
        if level == "bureau":
            tok.items, tok.end = self.departments.read(c, m.end())
        else:
            tok.items, tok.end = read_clauses(self.markers, c, m.end())
        return self._completion_after(c, tok.end, tokens)

    def _completion_after(self, c: str, pos: int, tokens: list[Token]) -> int:
        """A completion phrase right after a list of names (a table's last cell) becomes a token."""
        comp = self.markers.completion_at(c, pos)
        if not comp:
            return pos
        tokens.append(Token("completion", pos, pos + len(comp), value=comp))
        return pos + len(comp)
