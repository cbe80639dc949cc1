"""What every reader hands to the grammar: :class:`Marked` text, and boilerplate removal.

A reader (:mod:`.layouts`, :mod:`.table_layouts`) turns raw text into one linear string
in reading order (the grammar's input), a source line for every character, the pieces of
source text it kept, and the pieces it dropped together with the boilerplate rule that
dropped them (page headers, page numbers, table pipes, web chrome). The two lists are
what the "nothing lost" test checks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ipanalysis.parse.text import Compact, width_fold
from ipanalysis.parse.vocabulary import load_vocabulary


@dataclass
class Piece:
    """A piece of source text and the line it stands on."""

    text: str
    line: int


@dataclass
class Dropped:
    """Source text a reader removed, and the boilerplate rule that removed it."""

    text: str
    line: int
    rule: str


@dataclass
class Marked:
    """Linear text in reading order with a source line for every character.

    Pieces are collected in a list and joined once when the text is first read, so a
    reader's cost grows linearly with the size of its input.
    """

    parts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    kept: list[Piece] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    section_list: list[Piece] = field(default_factory=list)
    layout: str = ""
    warnings: list[str] = field(default_factory=list)  # what the reader found wrong (a table row cut off)
    _joined: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._joined is None:
            self._joined = "".join(self.parts)
        return self._joined

    def add(self, text: str, line: int, keep: bool = True) -> None:
        """Append ``text`` (and a line break) as coming from ``line``."""
        self.parts.append(text + "\n")
        self._joined = None
        self.lines.extend([line] * (len(text) + 1))
        if keep and text.strip():
            self.kept.append(Piece(text, line))

    def line_at(self, offset: int) -> int:
        if not self.lines:
            return 1
        return self.lines[min(max(offset, 0), len(self.lines) - 1)]


@lru_cache(maxsize=8)
def _line_rules(rules: tuple) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """The line rules (``^…$``) as one alternation, first rule first, and their names."""
    line = [(rule, pattern) for rule, pattern, _what in rules if pattern.pattern.startswith("^")]
    if not line:
        return None, ()
    joined = "|".join(f"(?P<r{i}>{p.pattern})" for i, (_, p) in enumerate(line))
    return re.compile(joined, re.MULTILINE), tuple(rule for rule, _ in line)


def remove_boilerplate(text: str, first_line: int, dropped: list[Dropped], rules: tuple | None = None) -> str:
    """Blank out every boilerplate match of ``text`` (offsets and line breaks kept).

    Rules without ``^`` are matched first, in the compact text, so a page header or page
    number broken over lines is still found; then line rules (``^…$``) must match what is
    left of a whole line (the first rule that does names the drop).
    """
    rules = rules if rules is not None else load_vocabulary().boilerplate
    chars = list(text)
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line_of(offset: int) -> int:
        return first_line + bisect_right(line_starts, offset) - 1

    def blank(a: int, b: int) -> None:
        chars[a:b] = ["\n" if ch == "\n" else " " for ch in chars[a:b]]

    comp = Compact.of(text)
    folded = width_fold(comp.text)  # rules match whatever the width of brackets and colons
    taken = bytearray(len(comp.text))
    for rule, pattern, _what in rules:
        if pattern.pattern.startswith("^"):
            continue
        for m in pattern.finditer(folded):
            if m.end() <= m.start() or taken.find(1, m.start(), m.end()) != -1:
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            a, b = comp.span(m.start(), m.end())
            dropped.append(Dropped(comp.text[m.start() : m.end()], line_of(a), rule))
            blank(a, b)
    line_re, names = _line_rules(rules)
    if line_re is None:
        return "".join(chars)
    offset = 0
    for raw_line in "".join(chars).split("\n"):
        stripped = raw_line.strip()
        m = line_re.fullmatch(width_fold(stripped)) if stripped else None
        if m:
            rule = next(names[i] for i in range(len(names)) if m.group(f"r{i}") is not None)
            dropped.append(Dropped(stripped, line_of(offset), rule))
            blank(offset, offset + len(raw_line))
        offset += len(raw_line) + 1
    return "".join(chars)


# a <script> or <style> block of a saved web page: code and layout, never text of the document
MARKUP_BLOCK = re.compile(r"<(?P<tag>script|style)\b[^>]*>.*?</(?P=tag)\s*>", re.IGNORECASE | re.DOTALL)
MARKUP_OPEN = re.compile(r"<(?P<tag>script|style)\b[^>]*>", re.IGNORECASE)


def drop_markup_blocks(text: str) -> tuple[str, list[Dropped], list[str]]:
    """Blank out ``<script>…</script>`` and ``<style>…</style>`` blocks before any reader runs.

    Offsets and line breaks are kept, so every line number stays that of the source.
    Returns the text, a :class:`Dropped` record per block (rule ``html_script`` or
    ``html_style``) and a warning for an opening tag never closed (its content is read).
    """
    if "<" not in text or not MARKUP_OPEN.search(text):
        return text, [], []
    chars = list(text)
    dropped: list[Dropped] = []
    line, pos = 1, 0
    for m in MARKUP_BLOCK.finditer(text):
        line, pos = line + text.count("\n", pos, m.start()), m.start()
        dropped.append(Dropped(m.group(), line, f"html_{m.group('tag').lower()}"))
        chars[m.start() : m.end()] = ["\n" if ch == "\n" else " " for ch in m.group()]
    blanked = "".join(chars)
    warnings = [
        f"line {blanked.count(chr(10), 0, m.start()) + 1}: {m.group()[:40]!r} without its closing tag: "
        "what follows is read as text"
        for m in MARKUP_OPEN.finditer(blanked)
    ]
    return blanked, dropped, warnings


def attach_dropped(parts: list[Marked], records: list[Dropped]) -> None:
    """Give each record to the document whose lines hold it (else the first), in line order."""
    for rec in records:
        target = next((m for m in parts if m.lines and min(m.lines) <= rec.line <= max(m.lines)), parts[0])
        at = next((i for i, d in enumerate(target.dropped) if d.line > rec.line), len(target.dropped))
        target.dropped.insert(at, rec)
