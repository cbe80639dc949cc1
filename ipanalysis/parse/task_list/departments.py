"""Sub-grammar of a 局内 line: the bureau's departments, ``条法司、专利局审业部牵头，相关部门参与``.

The line has no end marker of its own (the 2020 PDF interleaves it with the measure
text), so its extent is read name by name against the department vocabulary: it ends
at the first thing that is not a department name.
"""

from __future__ import annotations

import re

from ipanalysis.parse.task_list.markers import Markers
from ipanalysis.parse.task_list.name_lists import NameWords, fill_roles, give_role
from ipanalysis.parse.task_list.tree import Unit
from ipanalysis.parse.vocabulary import Vocabulary

SEPARATORS = "、，,；;/"
# a name the vocabulary does not know, by the ending a department name has
UNKNOWN_DEPT = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]{1,14}?(?:委员会|部门|中心|司|部|局|室|办|委|社)")
# stops an unreadable name after 局内： (局内：张三): a sentence or clause end
UNREAD_STOP = set("。；;，,：:（）()、")
UNREAD_MAX = 30


class DepartmentReader:
    """Reads the departments after a 局内： label."""

    def __init__(self, vocab: Vocabulary, markers: Markers, names: NameWords) -> None:
        self.vocab = vocab
        self.markers = markers
        self.names = names
        self.dept_names = vocab.department_names

    def read(self, c: str, pos: int) -> tuple[list[Unit], int]:
        """Read ``A、B，C`` department names; stop at the first thing that is not one.

        A role word after a run of names gives the run its role (``条法司牵头，相关部门参与``);
        ``等部门`` after a name is kept as a collective unit. Returns the units and the end.
        """
        items: list[Unit] = []
        found = self._dept_at(c, pos, "")
        if not found:
            unread = self._unread_at(c, pos)
            if unread:
                items.append(Unit(unread, unread, unread=True, span=(pos, pos + len(unread))))
                found, pos = self._next_name(c, pos + len(unread), "")
        run = 0  # first unit the next role word applies to
        while found:
            written, lookup = found
            items.append(
                Unit(written, lookup, collective=self.vocab.is_collective(written), span=(pos, pos + len(written)))
            )
            pos += len(written)
            m = re.match(r"^(\S+?局)", lookup)
            prefix = m.group(1) if m and lookup != m.group(1) else ""  # 专利局审业部 → 专利局 (for 自动化部)
            etc = self.names.etc_at(c, pos)
            if etc:
                items.append(Unit(etc, etc, collective=True, span=(pos, pos + len(etc))))
                pos += len(etc)
            word = self.names.word_at(c, pos, ("suffix",)) if not self.markers.label_or_actor_at(c, pos) else None
            if word:
                run = give_role(items, run, word[2])
                pos += len(word[0])
            found, pos = self._next_name(c, pos, prefix)
        fill_roles(items)
        return items, pos

    def _next_name(self, c: str, pos: int, prefix: str) -> tuple[tuple[str, str] | None, int]:
        """After a separator, the next department name and where it starts (else None, ``pos``)."""
        if pos < len(c) and c[pos] in SEPARATORS:
            nxt = self._dept_at(c, pos + 1, prefix)
            if nxt and not self.markers.label_or_actor_at(c, pos + 1):
                return nxt, pos + 1
        return None, pos

    def _dept_at(self, c: str, pos: int, prefix: str) -> tuple[str, str] | None:
        """(name as written, name to look up) of the department starting at ``pos``.

        ``prefix`` is the bureau of the name before (专利局), so that a short name after
        it (自动化部) is looked up as the bureau's own department.
        """
        known = next((name for name in self.dept_names if c.startswith(name, pos)), None)
        coll = self.names.collective_at(c, pos)
        if known and not (coll and len(coll) > len(known)):
            return known, known
        if coll:
            return coll, coll
        m = UNKNOWN_DEPT.match(c, pos)
        if not m:
            return None
        written = m.group()
        chunk = self._chunk_at(c, pos, 14)  # 数据办公室, not 数据办: the name runs to its separator
        if len(chunk) > len(written) and UNKNOWN_DEPT.fullmatch(chunk):
            written = chunk
        if prefix and (prefix + written) in self.vocab.departments:
            return written, prefix + written
        return written, written

    def _chunk_at(self, c: str, pos: int, limit: int) -> str:
        """Text from ``pos`` to the next marker, completion phrase or separator (at most ``limit``)."""
        stop = self.markers.pattern.search(c, pos, pos + limit + 1)
        end = min(stop.start() if stop else len(c), pos + limit, len(c))
        for i in range(pos, end):
            if c[i] in UNREAD_STOP or self.markers.completion_at(c, i):
                return c[pos:i]
        return c[pos:end]

    def _unread_at(self, c: str, pos: int) -> str | None:
        """Text after 局内： that is no department name the grammar knows (局内：张三).

        It runs to the next marker, completion phrase or clause punctuation (at most
        UNREAD_MAX characters), so that it is kept as its own unit, never glued onto
        the measure text.
        """
        chunk = self._chunk_at(c, pos, UNREAD_MAX)
        return chunk if chunk and not chunk.isdigit() else None
