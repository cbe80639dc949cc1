"""Sub-grammar of a responsibility clause: the bodies in ``（国家知识产权局、司法部负责）``.

The clause is closed by its bracket, so unlike a 局内 line its extent is known; the
grammar only splits it into bodies and gives each its role (推进计划 documents).
"""

from __future__ import annotations

import re

from ipanalysis.parse.task_list.name_lists import NameWords, fill_roles, give_role
from ipanalysis.parse.task_list.tree import Unit
from ipanalysis.parse.text import widen
from ipanalysis.parse.vocabulary import Vocabulary

# separators of the bodies of a responsibility clause (a name is tried before 和 splits it)
BODY_SEPARATORS = "、，,；;/和及与"
PUNCTUATION = BODY_SEPARATORS[:6]  # what ends a name the grammar cannot read (not 和及与)
# a bracket right after a name is part of it: 中央网信办（国家网信办）
BRACKETED = re.compile(r"（[^（）]{1,12}）")
WORDS = ("suffix", "infix", "qualifier", "label")


class BodyReader:
    """Reads the bodies (central bodies and the bureau's departments) of a responsibility clause."""

    def __init__(self, vocab: Vocabulary, names: NameWords) -> None:
        self.names = names
        self.body_names = sorted(set(vocab.department_names) | set(vocab.central_bodies), key=len, reverse=True)

    def read(self, text: str, offset: int = 0) -> list[Unit]:
        """The bodies of a responsibility clause (``国家知识产权局、司法部负责``) with their roles.

        Names are read longest first against the central bodies and the departments;
        ``等部门`` and collective names are flagged; a run of names followed by a role
        word (``牵头`` ``参与``) takes its role, ``A会同B`` makes A lead and B take part;
        qualifiers (``按职责分工``) and the closing ``负责`` carry no role. Anything else
        between separators is kept as written (resolved, or warned about, later).
        ``offset`` is where ``text`` starts in the compact text (for the units' spans).
        """
        units: list[Unit] = []
        pos, run, pending = 0, 0, None
        key = widen(text)  # names are written with full-width brackets in the data
        while pos < len(text):
            if text[pos] in BODY_SEPARATORS:
                pos += 1
                continue
            word = self.names.word_at(text, pos, WORDS)
            if word:
                w, kind, role = word
                if kind in ("suffix", "infix"):
                    run = give_role(units, run, role)
                if kind == "infix":  # A会同B: who follows takes the other role
                    pending = "participant" if role == "lead" else "lead"
                pos += len(w)
                continue
            unit = self._unit_at(text, key, pos, after_name=bool(units))
            unit.span = (offset + pos, offset + pos + len(unit.written))
            if pending:
                unit.role = pending
            units.append(unit)
            pos += len(unit.written)
        fill_roles(units)
        return units

    def _unit_at(self, text: str, key: str, pos: int, after_name: bool) -> Unit:
        """The body starting at ``pos``: a known name, a collective, or text read up to a separator."""
        etc = self.names.etc_at(text, pos) if after_name else None
        name = next((n for n in self.body_names if key.startswith(n, pos)), None)
        coll = self.names.collective_at(key, pos)
        if etc and not name:
            return Unit(etc, etc, collective=True)
        if name and not (coll and len(coll) > len(name)):
            extra = BRACKETED.match(key, pos + len(name))
            written = text[pos : extra.end() if extra else pos + len(name)]
            return Unit(written, widen(written) if extra and widen(written) in self.body_names else name)
        if coll:
            return Unit(coll, coll, collective=True)
        end = pos
        while end < len(text) and text[end] not in PUNCTUATION:
            if end > pos and self.names.word_at(text, end, WORDS):
                break
            end += 1
        return Unit(text[pos:end], text[pos:end], unread=True)
