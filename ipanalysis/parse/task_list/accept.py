"""Pass 1: which structure markers are real, by where they stand.

``一、`` ``(一)`` ``N.`` also occur inside sentences (``第1.5倍`` is excluded by the
pattern, ``其中一、二类`` is not); a marker counts only at a boundary: the start of a
line, after punctuation, right after another marker, or glued to a heading that a
flattened page left without an end.
"""

from __future__ import annotations

from ipanalysis.parse.task_list.lexer import Token
from ipanalysis.parse.text import Compact

# Where a section, work item or task marker may start (previous compact char).
BOUNDARY_BEFORE = set("。；;！？!?：:>】」”)）|")
STRUCTURE = ("section", "group", "number")


def accept_markers(tokens: list[Token], original: str, comp: Compact) -> list[Token]:
    """The tokens without the structure markers that stand inside running text."""
    c = comp.text
    prev_end = 0
    last_number = 0
    accepted: list[Token] = []
    for t in tokens:
        if (
            t.kind in STRUCTURE
            and not _at_boundary(c, t.start, prev_end, original, comp)
            and not _glued_to_heading(c, t, accepted, last_number)
        ):
            continue
        accepted.append(t)
        prev_end = t.end
        if t.kind == "number" and t.number == last_number + 1:
            last_number = t.number
    return accepted


def has_sections(accepted: list[Token], original: str, comp: Compact) -> bool:
    """The list has 一、 sections: a 一、, or (its first numeral misprinted) several numerals opening lines."""
    line_sections = [
        t
        for t in accepted
        if t.kind == "section" and original[comp.to_original(t.start) - 1 : comp.to_original(t.start)] in ("\n", "")
    ]
    return any(t.kind == "section" and t.number == 1 for t in accepted) or len(line_sections) >= 2


def _at_boundary(c: str, i: int, prev_end: int, original: str, comp: Compact) -> bool:
    """A structure marker starts a line, follows punctuation or a consumed marker."""
    if i == 0 or i == prev_end:
        return True
    if c[i - 1] in BOUNDARY_BEFORE:
        return True
    o = comp.to_original(i)
    return o > 0 and original[o - 1].isspace()


def _glued_to_heading(c: str, t: Token, accepted: list[Token], last_number: int) -> bool:
    """A marker right after a heading with nothing between them to end it.

    ``一、完善知识产权制度(一)完善…规章1.推进…`` (a page flattened onto one line): the
    work item (一) after a section heading, the next task number after a heading.
    """
    if not accepted or accepted[-1].kind not in ("section", "group"):
        return False
    between = c[accepted[-1].end : t.start]
    if not (0 < len(between) <= 60) or any(ch in between for ch in "。；;！？!?：:"):
        return False
    if t.kind == "number":
        return t.number == last_number + 1
    return t.kind == "group" and accepted[-1].kind == "section" and t.number == 1
