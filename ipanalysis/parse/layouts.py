"""One reader per layout: each removes only its own layout's noise.

A reader turns raw text into :class:`~ipanalysis.parse.marked.Marked` text, the
grammar's input. Here: the layout of an unknown file (:func:`detect_layout`), the
readers of running text (docx, PDF, plain, web pages) and the dispatch to the table
readers of :mod:`.table_layouts`.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from ipanalysis.errors import ParseError
from ipanalysis.parse.marked import Dropped, Marked, Piece, remove_boilerplate
from ipanalysis.parse.notice import NOTICE_LINE as NOTICE
from ipanalysis.parse.table_layouts import read_md_table, read_tsv_html
from ipanalysis.parse.vocabulary import CN_NUMERALS, cn_to_int

# a line that opens with a task number: the part of a page before a notice holds a document
TASK_LINE = re.compile(r"^\s*\d{1,3}\s*[.．、](?![0-9])\s*\S", re.MULTILINE)
SECTION_LIST = re.compile(rf"^\s*(?P<n>[{CN_NUMERALS}]+)大(举措|任务|重点任务|方面)\s*$")


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
