"""Parse one raw file into tidy tables: ``parse_file`` and the :class:`Document` it returns.

The steps: decode, make the text readable for the grammar (invisible characters out,
traditional script matched as simplified), read the layout into one or more documents,
run each document's grammar, turn its tree into rows (:mod:`.rows`) and report the names
no reference table knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ipanalysis import schema
from ipanalysis.errors import ParseError, UnknownNameError
from ipanalysis.parse.decode import MAX_BYTES, read_text
from ipanalysis.parse.layouts import detect_layout, read
from ipanalysis.parse.marked import Marked, attach_dropped, drop_markup_blocks
from ipanalysis.parse.notice import read_head, stated_year
from ipanalysis.parse.resolve import NameResolver
from ipanalysis.parse.rows import TABLES, DocSpec, Rows, guide_rows, task_list_rows
from ipanalysis.parse.task_list import parse_task_list
from ipanalysis.parse.text import SourceWording, Stripped, has_cjk, strip_invisible, to_simplified
from ipanalysis.parse.vocabulary import Vocabulary, load_vocabulary
from ipanalysis.parse.work_guide import parse_guide

# frequent characters that exist only in traditional script (a hint when opencc is missing)
TRADITIONAL_HINT = re.compile("[國產權發專務會關區實經當對開時說現劃體術據]")
# where the grammar of a document's first marker starts: the head (notice, title) ends there
FIRST_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,3}\s*[.．、](?!\d))", re.M
)

__all__ = ["TABLES", "DocSpec", "Document", "parse_file", "parse_text"]


@dataclass
class Document:
    """Every table of one raw file, its warnings and the reader output (for audits).

    ``stated_years`` maps each doc_id to the year its title (or notice) states, so that a
    caller giving another year (``parse_file(year=…)``, a catalog row) can be checked.
    """

    path: str
    layout: str
    encoding: str
    documents: pd.DataFrame
    sections: pd.DataFrame
    tasks: pd.DataFrame
    measures: pd.DataFrame
    assignments: pd.DataFrame
    guideline_items: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    marked: list[Marked] = field(default_factory=list)
    stripped: list[Stripped] = field(default_factory=list)
    stated_years: dict[str, int | None] = field(default_factory=dict)
    converted: bool = False  # traditional characters were matched after conversion to simplified

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


def _head(marked: Marked) -> str:
    """The text of a document before its first structure marker (notice, title, introduction)."""
    m = FIRST_MARKER.search(marked.text)
    return marked.text[: m.start()] if m else marked.text[:2000]


def _stripped_warning(stripped: list[Stripped]) -> str:
    """One warning recording the invisible and control characters removed before parsing."""
    kinds: dict[str, list[int]] = {}
    for s in stripped:
        kinds.setdefault(f"{s.codepoint} {s.name}", []).append(s.line)
    parts = [
        f"{k} ×{len(v)} (line{'s' if len(v) > 1 else ''} {', '.join(map(str, sorted(set(v))[:5]))}"
        f"{' …' if len(set(v)) > 5 else ''})"
        for k, v in sorted(kinds.items())
    ]
    return f"removed {len(stripped)} invisible or control character(s) before parsing: " + "; ".join(parts)


def _readable(text: str, path: str, source_file: str) -> tuple[str, list[Stripped], SourceWording | None, list[str]]:
    """The text the grammar reads: invisible characters out, traditional script as simplified.

    Returns the text, the characters removed, the source wording (where the script was
    converted) and the warnings saying so. Raises ParseError for text without Chinese.
    """
    warnings: list[str] = []
    text, stripped = strip_invisible(text)
    if stripped:
        warnings.append(f"{source_file}: {_stripped_warning(stripped)}")
    if not has_cjk(text):
        raise ParseError(path, None, "Chinese text (a CNIPA task list)", "no Chinese characters")
    try:
        simplified = to_simplified(text)
    except ModuleNotFoundError:  # an environment installed before opencc became a dependency
        simplified = text
        if TRADITIONAL_HINT.search(text):
            warnings.append(
                f"{source_file}: traditional characters found but the opencc package is not installed "
                "(pip install opencc): names in traditional script are not matched"
            )
    if simplified == text:
        return text, stripped, None, warnings
    changed = sum(1 for a, b in zip(text, simplified, strict=True) if a != b)
    warnings.append(
        f"{source_file}: {changed} traditional character(s) matched as simplified (OpenCC t2s); "
        "the *_raw columns keep the source wording"
    )
    return simplified, stripped, SourceWording(text, simplified), warnings


def _detected_spec(marked: Marked, i: int, n_parts: int, year: int | None, stem: str, vocab: Vocabulary) -> DocSpec:
    """The spec of a document no catalog describes: its year and kind from its head."""
    head = read_head(_head(marked), vocab)
    y = year if year is not None else (head.stated_year or stated_year(marked.text[:400]))
    kind = vocab.document_kind(head.title) or "task_list"
    return DocSpec(f"{y or 'unknown'}_{stem}" + (f"_{i + 1}" if n_parts > 1 else ""), y, kind)


def _parse_document(
    marked: Marked, spec: DocSpec, source_file: str, resolver: NameResolver, vocab: Vocabulary
) -> tuple[Rows, list[str]]:
    """One document's rows and warnings, by the grammar of its kind."""
    if spec.kind == "work_guide":
        guide = parse_guide(marked)
        warnings = [f"{source_file}: {w}" for w in guide.warnings]
        if not guide.items:
            warnings.append(f"{source_file}: no numbered guide items ((一) …) found in {spec.doc_id}")
        return guide_rows(guide, marked, spec, source_file, resolver), warnings
    parsed = parse_task_list(marked, vocab, spec.expected)
    warnings = [f"{source_file}: {w}" for w in parsed.warnings]
    if not parsed.tasks:
        warnings.append(f"{source_file}: no numbered tasks found in {spec.doc_id}")
    return task_list_rows(parsed, marked, spec, source_file, resolver, vocab), warnings


def _year_warnings(spec: DocSpec, doc_row: dict | None, source_file: str) -> list[str]:
    """No year at all, or a year given that is not the one the document states."""
    warnings = []
    if spec.year is None and doc_row and doc_row["year"] is None:
        warnings.append(f"{source_file}: no year found in the title; pass year=…")
    if doc_row and spec.year is not None and doc_row["stated_year"] and doc_row["stated_year"] != spec.year:
        warnings.append(
            f"{source_file}: year {spec.year} was given for {spec.doc_id}, but the document states "
            f"{doc_row['stated_year']} ({doc_row['title']!r}); its tables carry the year given"
        )
    return warnings


def _unknown_names(resolver: NameResolver, vocab: Vocabulary, strict: bool) -> list[str]:
    """A warning for every name no reference table knows; strict: the first kind found raises."""
    if not (resolver.unknown or resolver.unknown_bodies):
        return []
    if strict and resolver.unknown:
        raise UnknownNameError("department", resolver.unknown, vocab.departments_file)
    if strict:
        raise UnknownNameError("central body", resolver.unknown_bodies, vocab.central_bodies_file)
    return [f"unknown department {n!r} at {w}; add it to {vocab.departments_file}" for n, w in resolver.unknown] + [
        f"unknown central body {n!r} at {w}; add it to {vocab.central_bodies_file} "
        f"(or, a CNIPA department, to {vocab.departments_file})"
        for n, w in resolver.unknown_bodies
    ]


def parse_text(
    text: str,
    path: str | Path = "<text>",
    *,
    year: int | None = None,
    layout: str | None = None,
    specs: list[DocSpec] | None = None,
    strict: bool = False,
    encoding: str = "utf-8",
    vocab: Vocabulary | None = None,
    expected: dict[str, int] | None = None,
) -> Document:
    """Parse decoded text (see :func:`parse_file`)."""
    vocab = vocab or load_vocabulary()
    path = str(path)
    source_file = Path(path).name
    text, stripped, wording, warnings = _readable(text, path, source_file)
    text, blocks, block_warnings = drop_markup_blocks(text)  # <script>/<style>: never parsed
    warnings += [f"{source_file}: {w}" for w in block_warnings]
    layout = layout or detect_layout(text)
    marked_parts = read(text, layout, path)
    attach_dropped(marked_parts, blocks)
    resolver = NameResolver(vocab, path, wording)
    rows: Rows = {k: [] for k in TABLES}
    stated: dict[str, int | None] = {}
    stem = re.sub(r"\W+", "_", Path(path).stem).strip("_") or "text"
    for i, marked in enumerate(marked_parts):
        if specs and i < len(specs):
            spec = specs[i]
        else:
            spec = _detected_spec(marked, i, len(marked_parts), year, stem, vocab)
        if expected and i == 0 and not spec.expected:
            spec.expected = dict(expected)
        part_rows, part_warnings = _parse_document(marked, spec, source_file, resolver, vocab)
        warnings += [f"{source_file}: {w}" for w in marked.warnings] + part_warnings
        doc_row = part_rows["documents"][0] if part_rows["documents"] else None
        warnings += _year_warnings(spec, doc_row, source_file)
        if doc_row:
            stated[spec.doc_id] = doc_row["stated_year"]
        for k in TABLES:
            rows[k] += part_rows[k]
    warnings += _unknown_names(resolver, vocab, strict)
    frames = {k: schema.frame(k, rows[k]) for k in TABLES}
    return Document(
        path,
        layout,
        encoding,
        warnings=warnings,
        marked=marked_parts,
        stripped=stripped,
        stated_years=stated,
        converted=wording is not None,
        **frames,
    )


def parse_file(
    path: str | Path,
    year: int | None = None,
    *,
    layout: str | None = None,
    specs: list[DocSpec] | None = None,
    strict: bool = False,
    vocab: Vocabulary | None = None,
    expected: dict[str, int] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Document:
    """Parse any single raw file: detect encoding and layout, return its tables and warnings.

    Raises :class:`~ipanalysis.ParseError` for unreadable, empty, binary or non-Chinese
    input, and its :class:`~ipanalysis.errors.InputRefusedError` for a path that is no
    regular file (a device, FIFO or folder), a file over ``max_bytes`` (20 MB unless
    raised), or a PDF or Office file (export its text first). A department name the
    reference table lacks becomes a warning (its ``assignee`` stays empty); ``strict=True``,
    as the build uses, raises
    :class:`~ipanalysis.errors.UnknownNameError` naming it and the file to edit.

    ``year`` other than the year the document states gives a warning (the tables carry
    the year given; ``Document.stated_years`` has the stated one). ``expected`` maps a
    table (tasks, sections, groups) to the count a catalog expects of the (first)
    document: a shorter one gets a warning that it looks cut off.
    """
    text, encoding = read_text(path, max_bytes)
    return parse_text(
        text,
        path,
        year=year,
        layout=layout,
        specs=specs,
        strict=strict,
        encoding=encoding,
        vocab=vocab,
        expected=expected,
    )
