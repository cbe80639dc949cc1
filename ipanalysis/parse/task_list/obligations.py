"""Sub-grammar of a scope label (省份： 地市： 涉及地方：): ``scope必做；scope选做`` clauses.

Its extent ends after the last obligation word, so a clause followed by measure text on
the same line (or a whole list flattened onto one line) is cut where the clauses end.
"""

from __future__ import annotations

import re

from ipanalysis.parse.task_list.markers import Markers
from ipanalysis.parse.task_list.tree import Unit

OBLIGATION = re.compile(r"必做|选做|选作")
SENTENCE = "。：:"  # a scope never holds these: an obligation word after one belongs to other text


def read_clauses(markers: Markers, c: str, pos: int) -> tuple[list[Unit], int]:
    """Read ``scope必做；scope选做`` clauses; the extent ends after the last obligation.

    Without any 必做/选做 the clause runs to the next marker, as one unit without an
    obligation (warned about later). Returns the units and the end.
    """
    items: list[Unit] = []
    start = pos
    while True:
        m = OBLIGATION.search(c, pos, pos + 80)
        stop = markers.pattern.search(c, pos)
        if not m or (stop and stop.start() < m.start() and stop.group("label")):
            break
        scope = c[pos : m.start()]
        if not scope or any(ch in scope for ch in SENTENCE):
            break
        items.append(Unit(scope, None, obligation=m.group(), span=(pos, m.start())))
        pos = m.end()
        if _another_clause(markers, c, pos):
            pos += 1
            continue
        if pos < len(c) and c[pos] in "。；;":
            pos += 1
        break
    if not items:
        stop = markers.pattern.search(c, pos)
        end = stop.start() if stop else len(c)
        if end > start:
            items.append(Unit(c[start:end], None, span=(start, end)))
        return items, end
    return items, pos


def _another_clause(markers: Markers, c: str, j: int) -> bool:
    """After ``j`` (a clause separator) another ``scope必做`` follows before any marker."""
    if not (j < len(c) and c[j] in "；;，,"):
        return False
    nxt = OBLIGATION.search(c, j + 1, j + 81)
    stop = markers.pattern.search(c, j + 1)
    return bool(
        nxt and not (stop and stop.start() < nxt.start()) and not any(ch in c[j + 1 : nxt.start()] for ch in SENTENCE)
    )
