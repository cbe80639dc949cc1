"""What the two lists of names share: role words, collective names and filling in roles.

A 局内 line (:mod:`.departments`) and a ``（…负责）`` clause (:mod:`.central_bodies`) both
say who leads with the same words (``牵头`` ``参与``, role_words.csv) and both may end a
run of names with ``等部门``; reading those in one place keeps the two grammars agreeing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipanalysis.parse.task_list.tree import Unit
from ipanalysis.parse.vocabulary import Vocabulary


@dataclass(frozen=True)
class NameWords:
    """Collective names, the ``等部门`` suffixes and the role words of one vocabulary."""

    collective: list[re.Pattern[str]]  # 相关部门, 联席会议有关成员单位 …
    etc: list[re.Pattern[str]]  # after a name: 等部门
    words: list[tuple[str, str, str]]  # (word, kind, role), longest first; kind "label" is the closing 负责

    @classmethod
    def of(cls, vocab: Vocabulary) -> NameWords:
        words = [(w, *vocab.role_words[w]) for w in vocab.role_words]
        words += [(w, "label", "") for w in vocab.labels_of("responsibility")]
        return cls(
            [re.compile(p.pattern) for p in vocab.collective],
            [re.compile(p.pattern) for p in vocab.collective_suffix],
            sorted(words, key=lambda x: len(x[0]), reverse=True),
        )

    def collective_at(self, c: str, pos: int) -> str | None:
        """The longest collective name starting at ``pos``."""
        return _longest(self.collective, c, pos)

    def etc_at(self, c: str, pos: int) -> str | None:
        """The longest ``等部门`` suffix starting at ``pos``."""
        return _longest(self.etc, c, pos)

    def word_at(self, c: str, pos: int, kinds: tuple[str, ...]) -> tuple[str, str, str] | None:
        """The role word (or closing label) of one of ``kinds`` starting at ``pos``."""
        for word, kind, role in self.words:
            if kind in kinds and c.startswith(word, pos):
                return word, kind, role
        return None


def _longest(patterns: list[re.Pattern[str]], c: str, pos: int) -> str | None:
    best = ""
    for p in patterns:
        m = p.match(c, pos)
        if m and len(m.group()) > len(best):
            best = m.group()
    return best or None


def give_role(units: list[Unit], run: int, role: str) -> int:
    """A role word after a run of names: the run (``units[run:]``) takes it; the next run starts."""
    for u in units[run:]:
        u.role = role
    return len(units)


def fill_roles(units: list[Unit]) -> None:
    """Where the text gives some roles, the units it leaves without one get theirs from them.

    Nobody said to lead: the units without a role word are the ones in charge (lead);
    somebody said to lead: the others take part. Units of a text without any role word
    keep ``role=None`` (the first-named convention applies later).
    """
    if not any(u.role for u in units):
        return
    has_lead = any(u.role == "lead" for u in units)
    for u in units:
        if u.role is None:
            u.role = "participant" if has_lead else "lead"
