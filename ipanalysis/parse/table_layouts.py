"""Readers of the two table layouts: a markdown table from a PDF, tab-separated rows with HTML.

The columns are known by their headers (data/reference/parse/table_columns.csv); a
reader writes each row's cells out as linear text in the order the grammar reads them
(number and title, measures, assignments, completion), adding the labels a table only
implies (``完成时间：``, ``任务目标：``) as text that is not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ipanalysis.config import PARSE_REF
from ipanalysis.errors import ParseError
from ipanalysis.parse.marked import Dropped, Marked, Piece, remove_boilerplate
from ipanalysis.parse.text import width_fold
from ipanalysis.parse.vocabulary import read_csv

TAG = re.compile(r"<[^>]+>")
PARA = re.compile(r"<p>(.*?)</p>", re.DOTALL)
# A measure paragraph that opens with its number: "1. 推进…" (the grammar's task marker at a start).
NUMBER_START = re.compile(r"^\s*\d{1,3}\s*[.．、](?![0-9])")
LABEL_AT = re.compile(r"局\s*内\s*[：:]")


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


def _last_line(lines: list[str]) -> int:
    """The number (1-based) of the last line that is not blank: where a cut file stops."""
    return next((k for k in range(len(lines), 0, -1) if lines[k - 1].strip()), 0)


def _cut_row(out: Marked, line: str, lineno: int, roles: list[str], sep: str) -> list[str] | None:
    """The file's last row with fewer cells than the header (or no closing ``|``): a file cut off.

    Its cells are read as far as they go (the rest empty) with a warning, so the table
    keeps what is there and says what looks missing; a row cut inside a repeated header
    is dropped as one. None where the row is whole (or has too many cells: an error).
    """
    body = line.strip()
    if sep == "|":
        closed = len(body) > 1 and body.endswith("|")
        cells = (body[1:-1] if closed else body[1:]).split("|")
    else:
        closed, cells = True, line.split("\t")
    if len(cells) > len(roles) or (closed and len(cells) == len(roles)):
        return None
    tail = TAG.sub("", cells[-1]).strip()[-20:]
    out.warnings.append(
        f"line {lineno}: the table's last row stops in its cell {len(cells)} of {len(roles)} (…{tail!r}): "
        "the rest of the row is missing; the file looks cut off (truncated?)"
    )
    if any(c.strip() for c in cells) and all(
        not c.strip() or r for c, r in zip(cells, column_roles(cells), strict=True)
    ):
        out.dropped.append(Dropped(body, lineno, "table_header"))  # a repeated header, cut
        return []
    return cells + [""] * (len(roles) - len(cells))


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
    last = _last_line(lines)
    roles: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for i, line in enumerate(lines, start=1):
        s = line.strip()
        if not s.startswith("|"):
            out.add(remove_boilerplate(line, i, out.dropped), i)
            continue
        if re.fullmatch(r"\|[-\s|:]+\|", s) and not (i == last and "-" not in s):  # no row cut to its pipes
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
        cut = _cut_row(out, s, i, roles, "|") if i == last else None
        if cut == []:
            continue
        rows.append((i, dict(zip(roles, cut or _cells(s, i, len(roles), path, "|"), strict=True))))
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
    lines = text.splitlines()
    last = _last_line(lines)
    for i, line in enumerate(lines, start=1):
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
            cut = _cut_row(out, line, i, roles, "\t") if i == last else None
            if cut is None:
                raise ParseError(path, i, f"{len(roles)} tab-separated cells", f"{len(cells)} cells")
            if cut == []:
                continue
            cells = cut
        rows.append((i, dict(zip(roles, cells, strict=True))))
    _emit_rows(out, _rows_per_task(rows, path))
    return out
