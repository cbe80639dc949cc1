"""One reader per layout: each removes only its own layout's noise.

A reader turns raw text into :class:`Marked` text: one linear string in reading order
(the grammar's input), a source line for every character, the pieces of source text it
kept, and the pieces it dropped together with the boilerplate rule that dropped them
(page headers, page numbers, table pipes, web chrome). The two lists are what the
"nothing lost" test checks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from ipanalysis.config import PARSE_REF
from ipanalysis.errors import ParseError
from ipanalysis.parse.notice import NOTICE_LINE as NOTICE
from ipanalysis.parse.text import Compact, width_fold
from ipanalysis.parse.vocabulary import CN_NUMERALS, cn_to_int, load_vocabulary, read_csv

TAG = re.compile(r"<[^>]+>")
PARA = re.compile(r"<p>(.*?)</p>", re.DOTALL)
# A measure paragraph that opens with its number: "1. 推进…" (the grammar's task marker at a start).
NUMBER_START = re.compile(r"^\s*\d{1,3}\s*[.．、](?![0-9])")
LABEL_AT = re.compile(r"局\s*内\s*[：:]")
# a line that opens with a task number: the part of a page before a notice holds a document
TASK_LINE = re.compile(r"^\s*\d{1,3}\s*[.．、](?![0-9])\s*\S", re.MULTILINE)
SECTION_LIST = re.compile(rf"^\s*(?P<n>[{CN_NUMERALS}]+)大(举措|任务|重点任务|方面)\s*$")


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


def read_linear(text: str, layout: str = "plain") -> Marked:
    """Docx text, PDF text and plain text: the reading order is the line order."""
    out = Marked(layout=layout)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = remove_boilerplate(text, 1, out.dropped)
    for i, (line, kept) in enumerate(zip(text.split("\n"), cleaned.split("\n"), strict=True), start=1):
        out.add(kept, i, keep=bool(kept.strip()))
        if kept.strip() and kept != line:
            out.kept[-1] = Piece(kept, i)
    return out


def split_web_documents(text: str) -> list[tuple[int, str]]:
    """A web page may hold a second document, opened by a notice ``关于印发《…》的通知``.

    Returns ``(first_line, text)`` for each document, a notice starting the next one. A
    notice opens a new document only where the text before it holds one (numbered
    tasks); chrome, a category name or a repeated notice line above it belong to the
    document the notice introduces.
    """
    lines = text.splitlines()
    starts = [0]
    for i, line in enumerate(lines):
        if i > starts[-1] and NOTICE.match(line) and TASK_LINE.search("\n".join(lines[starts[-1] : i])):
            starts.append(i)
    bounds = [*starts, len(lines)]
    return [(a + 1, "\n".join(lines[a:b])) for a, b in pairwise(bounds)]


def read_web(text: str, first_line: int = 1) -> Marked:
    """A web page: linear text plus chrome, and maybe a list ``七大举措`` of section titles."""
    out = Marked(layout="web_text")
    lines = text.splitlines()
    pending = 0
    for i, line in enumerate(lines, start=first_line):
        m = SECTION_LIST.match(line.strip())
        if m:
            pending = cn_to_int(m.group("n"))
            out.dropped.append(Dropped(line.strip(), i, "web_section_list_heading"))
            out.add("", i, keep=False)
            continue
        if pending and line.strip():
            out.section_list.append(Piece(line.strip(), i))
            out.kept.append(Piece(line.strip(), i))
            out.add("", i, keep=False)
            pending -= 1
            continue
        out.add(remove_boilerplate(line, i, out.dropped), i)
    return out


def _cells(line: str, lineno: int, n: int | None, path: str | Path | None, sep: str) -> list[str]:
    if sep == "|":
        body = line.strip()
        if not (body.startswith("|") and body.endswith("|")):
            raise ParseError(path, lineno, "a table row that starts and ends with '|'", line[:60])
        cells = body[1:-1].split("|")
    else:
        cells = line.split("\t")
    if n is not None and len(cells) != n:
        raise ParseError(path, lineno, f"{n} table cells", f"{len(cells)} cells in {line[:60]!r}")
    return cells


def _paragraphs(cell: str) -> list[str]:
    """The paragraphs of a table cell (``<p>`` blocks, or the bare cell), tags removed."""
    paras = PARA.findall(cell)
    rest = PARA.sub(" ", cell)
    if TAG.sub("", rest).strip():
        paras = [*paras, rest] if paras else [rest]
    out = [TAG.sub("", p).strip() for p in paras]
    return [p for p in out if p]


def column_roles(headers: list[str]) -> list[str]:
    """Role of each column from its header (``data/reference/parse/table_columns.csv``)."""
    table = {width_fold(re.sub(r"\s+", "", r["header"])): r["role"] for r in read_csv(PARSE_REF / "table_columns.csv")}
    roles = []
    for h in headers:
        key = width_fold(re.sub(r"\s+", "", TAG.sub("", h)))
        roles.append(table.get(key, ""))
    return roles


def _require_roles(roles: list[str], needed: set[str], path: str | Path | None, line: int, headers: list[str]) -> None:
    missing = needed - set(roles)
    if missing:
        raise ParseError(
            path,
            line,
            f"table columns for {sorted(missing)} (see data/reference/parse/table_columns.csv)",
            " | ".join(headers),
        )


@dataclass
class _Measure:
    paras: list[Piece] = field(default_factory=list)
    assignments: list[Piece] = field(default_factory=list)
    completion: list[Piece] = field(default_factory=list)


@dataclass
class _Block:
    head: list[Piece] = field(default_factory=list)
    goal: list[Piece] = field(default_factory=list)
    measures: list[_Measure] = field(default_factory=list)


def _row_pieces(cells: dict[str, str], i: int) -> dict[str, list[Piece]]:
    return {role: [Piece(p, i) for p in _paragraphs(c)] for role, c in cells.items() if role}


def _rows_per_task(rows: list[tuple[int, dict[str, str]]], path: str | Path | None) -> list[dict[str, list[Piece]]]:
    """Tables whose first column holds the numbered task: a row without it continues the task above."""
    tasks: list[dict[str, list[Piece]]] = []
    for i, cells in rows:
        row = _row_pieces(cells, i)
        if row.get("group") or row.get("number"):
            tasks.append(row)
        elif not tasks:
            raise ParseError(path, i, "a task row before a continuation row", " | ".join(cells.values())[:60])
        else:
            for role, pieces in row.items():
                tasks[-1].setdefault(role, []).extend(pieces)
    return tasks


def _emit_rows(out: Marked, tasks: list[dict[str, list[Piece]]]) -> None:
    """Linear text of row-per-task tables: number and title, measures, assignments, completion."""
    for row in tasks:
        number = " ".join(p.text for p in row.get("number", []))
        heads = row.get("group", [])
        if number and re.fullmatch(r"\d{1,3}", number) and heads:
            heads = [Piece(f"{number}. {heads[0].text}", heads[0].line), *heads[1:]]
        for piece in heads + row.get("measures", []) + row.get("assignments", []):
            out.add(piece.text, piece.line)
        if row.get("completion"):
            out.add("完成时间：", row["completion"][0].line, keep=False)
            for piece in row["completion"]:
                out.add(piece.text, piece.line)


def _measure_table(out: Marked, rows: list[tuple[int, dict[str, str]]], path: str | Path | None) -> None:
    """Tables whose measure column numbers the measures (2018): one row may hold several.

    A measure, its department cell and its completion cell continue across pages. The
    department column lists the 局内/省份 lines of the measures in order, so the k-th
    ``局内`` block belongs to the k-th measure; a completion cell belongs to the measures
    that start in its row (or continues the last one when none starts there).
    """
    blocks: list[_Block] = []
    measures: list[_Measure] = []
    next_dept = 0  # index of the measure that gets the next 局内 block
    for i, cells in rows:
        head = _paragraphs(cells.get("group", ""))
        if head or not blocks:
            blocks.append(_Block(head=[Piece(p, i) for p in head]))
        block = blocks[-1]
        block.goal += [Piece(p, i) for p in _paragraphs(cells.get("goal", ""))]
        started: list[_Measure] = []
        for p in _paragraphs(cells.get("measures", "")):
            if NUMBER_START.match(p):
                m = _Measure()
                block.measures.append(m)
                measures.append(m)
                started.append(m)
            elif not measures:
                raise ParseError(path, i, "a numbered measure (e.g. '1. …') before unnumbered measure text", p[:40])
            measures[-1].paras.append(Piece(p, i))
        for p in _paragraphs(cells.get("assignments", "")):
            for part in [x for x in re.split(r"(?=局\s*内\s*[：:])", p) if x.strip()]:
                if LABEL_AT.match(part):
                    if next_dept >= len(measures):
                        raise ParseError(
                            path, i, f"a measure for the 局内 line {part[:30]!r}", "more 局内 lines than measures"
                        )
                    target = measures[next_dept]
                    next_dept += 1
                elif next_dept == 0:
                    raise ParseError(path, i, "a 局内 line before other assignment text", part[:40])
                else:
                    target = measures[next_dept - 1]
                target.assignments.append(Piece(part.strip(), i))
        for p in _paragraphs(cells.get("completion", "")):
            for m in started or measures[-1:]:
                m.completion.append(Piece(p, i))
    for block in blocks:
        for piece in block.head:
            out.add(piece.text, piece.line)
        if block.goal:
            out.add("任务目标：", block.goal[0].line, keep=False)
            for piece in block.goal:
                out.add(piece.text, piece.line)
        for m in block.measures:
            for piece in m.paras + m.assignments:
                out.add(piece.text, piece.line)
            if m.completion:
                out.add("完成时间：", m.completion[0].line, keep=False)
                for piece in m.completion:
                    out.add(piece.text, piece.line)


def read_md_table(text: str, path: str | Path | None = None) -> Marked:
    """Markdown table from a PDF: the header repeats on every page.

    If the first column numbers the tasks (``1. …``), each row is a task and a row without
    a number continues the one above; otherwise the measure column numbers the measures
    and the 2018 alignment of :func:`_measure_table` applies.
    """
    out = Marked(layout="md_table")
    lines = text.splitlines()
    roles: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for i, line in enumerate(lines, start=1):
        s = line.strip()
        if not s.startswith("|"):
            out.add(remove_boilerplate(line, i, out.dropped), i)
            continue
        if re.fullmatch(r"\|[-\s|:]+\|", s):
            out.dropped.append(Dropped(s, i, "table_separator"))
            continue
        nxt = lines[i].strip() if i < len(lines) else ""
        if re.fullmatch(r"\|[-\s|:]+\|", nxt):  # a header row: the row above a separator
            headers = _cells(s, i, None, path, "|")
            if roles is None:
                roles = column_roles(headers)
                _require_roles(roles, {"measures", "assignments"}, path, i, headers)
            out.dropped.append(Dropped(s, i, "table_header"))
            continue
        if roles is None:
            raise ParseError(path, i, "a table header row before the first table row", s[:60])
        rows.append((i, dict(zip(roles, _cells(s, i, len(roles), path, "|"), strict=True))))
    numbered_first = any(NUMBER_START.match(" ".join(_paragraphs(c.get("group", "")))) for _, c in rows) or any(
        c.get("number", "").strip() for _, c in rows
    )
    if numbered_first:
        _emit_rows(out, _rows_per_task(rows, path))
    else:
        _measure_table(out, rows, path)
    return out


def read_tsv_html(text: str, path: str | Path | None = None) -> Marked:
    """Tab-separated rows with HTML (2024): a row that starts with a tab continues the task above."""
    out = Marked(layout="tsv_html")
    roles: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for i, line in enumerate(text.splitlines(), start=1):
        if "\t" not in line:
            out.add(remove_boilerplate(line, i, out.dropped), i)
            continue
        cells = line.split("\t")
        if roles is None:
            roles = column_roles(cells)
            if any(roles):
                _require_roles(roles, {"measures", "assignments"}, path, i, cells)
                out.dropped.append(Dropped(line.strip(), i, "table_header"))
                continue
            raise ParseError(
                path, i, "a header row naming the columns (see data/reference/parse/table_columns.csv)", line[:60]
            )
        if len(cells) != len(roles):
            raise ParseError(path, i, f"{len(roles)} tab-separated cells", f"{len(cells)} cells")
        rows.append((i, dict(zip(roles, cells, strict=True))))
    _emit_rows(out, _rows_per_task(rows, path))
    return out


def detect_layout(text: str) -> str:
    """Guess the layout of an unknown file from its structure."""
    lines = text.splitlines()
    if (
        sum(1 for ln in lines if re.fullmatch(r"\s*\|[-\s|:]+\|\s*", ln)) >= 1
        and sum(1 for ln in lines if ln.strip().startswith("|")) >= 3
    ):
        return "md_table"
    if sum(1 for ln in lines if "\t" in ln and ("<p>" in ln or "<b>" in ln)) >= 2:
        return "tsv_html"
    if re.search(r"\{\{.*?\}\}|^阅读[:：]\s*\d+", text, re.MULTILINE) or any(NOTICE.match(ln) for ln in lines):
        return "web_text"
    return "plain"


def read(text: str, layout: str, path: str | Path | None = None) -> list[Marked]:
    """Dispatch to the layout's reader; a web page may yield two documents."""
    if layout == "md_table":
        return [read_md_table(text, path)]
    if layout == "tsv_html":
        return [read_tsv_html(text, path)]
    if layout == "web_text":
        return [read_web(part, first) for first, part in split_web_documents(text)]
    if layout in ("docx_text", "pdf_text", "plain"):
        return [read_linear(text, layout)]
    raise ParseError(path, None, "a known layout (md_table, tsv_html, web_text, docx_text, pdf_text, plain)", layout)
