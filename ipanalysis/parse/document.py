"""Parse one raw file into tidy tables: ``parse_file`` and the :class:`Document` it returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ipanalysis import schema
from ipanalysis.errors import ParseError, UnknownNameError
from ipanalysis.parse.decode import read_text
from ipanalysis.parse.layouts import Marked, detect_layout, read
from ipanalysis.parse.notice import TITLE, read_head, stated_year
from ipanalysis.parse.task_list import BODY_LEVELS, Assignment, ParsedList, Unit, parse_task_list
from ipanalysis.parse.text import SourceWording, Stripped, clean_text, has_cjk, strip_invisible, to_simplified
from ipanalysis.parse.vocabulary import Vocabulary, load_vocabulary
from ipanalysis.parse.work_guide import ParsedGuide, parse_guide

TABLES = ("documents", "sections", "tasks", "measures", "assignments", "guideline_items")


OBLIGATION_NORMAL = {"必做": "必做", "选做": "选做", "选作": "选做"}
# an issuer printed in brackets at the top of a web page: 【国家知识产权局】 (not a button: 【关闭】)
ISSUER_BRACKETS = re.compile(r"【([^【】\s]{2,40}?(?:局|部|委|会|院|办|室|厅|署|府|中心|政府))】")
# frequent characters that exist only in traditional script (a hint when opencc is missing)
TRADITIONAL_HINT = re.compile("[國產權發專務會關區實經當對開時說現劃體術據]")
# where the grammar of a document's first marker starts: the head (notice, title) ends there
FIRST_MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,3}\s*[.．、](?!\d))", re.M
)


@dataclass
class DocSpec:
    """What the catalog (or detection) says of one document inside a file."""

    doc_id: str
    year: int | None
    kind: str  # plan | task_list | work_guide | ip_power_plan (data/reference/parse/document_kinds.csv)
    role: str = "primary"
    layout: str = ""
    expected: dict[str, int] = field(default_factory=dict)  # table -> count the catalog expects


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


def _title_and_issuer(preamble: str, vocab: Vocabulary) -> tuple[str, str | None, str, str | None, str | None]:
    """Title, issuer, preamble, date and 文号 of a task list from the text before its first task.

    With a notice (``…关于印发《…》的通知``): the title is the document's own title line
    (else the notice's), issuer, date and 文号 come from the notice, and the preamble is
    everything but the title line. Without one: the title is the first ``YYYY年…清单/计划``
    of a line (else a line a document kind recognises, else the first line), ``【issuer】``
    where printed, and the preamble is the rest.
    """
    lines = [ln.strip() for ln in preamble.splitlines() if ln.strip()]
    if not lines:
        return "", None, "", None, None
    head = read_head(preamble, vocab)
    issuer = None
    m = ISSUER_BRACKETS.search(preamble)
    if m:
        issuer = m.group(1)
    if head.notice:
        rest_lines = list(lines)
        if head.title_line is not None and head.title_line.strip() in rest_lines:
            rest_lines.remove(head.title_line.strip())
        rest = clean_text("\n".join(rest_lines))
        return head.title, issuer or head.issuer, rest, head.date, head.doc_number
    t = next(filter(None, (TITLE.search(clean_text(ln)) for ln in lines)), None)
    if t:
        title = clean_text(t.group())
    elif head.title:
        title = head.title
    else:
        title = clean_text(re.sub(r"^【.+?】", "", lines[0]))
    rest = clean_text(re.sub(r"【.+?】", " ", preamble))
    for _ in range(rest.count(title) if title else 0):
        rest = rest.replace(title, " ", 1)
    rest = clean_text(re.sub(r"《\s*》", " ", rest) if title else rest)  # a title line written 《title》
    return title, issuer, rest, head.date, head.doc_number


class _Resolver:
    """Maps names as written to canonical names; collects unknown ones with their place."""

    def __init__(self, vocab: Vocabulary, path: str, wording: SourceWording | None = None) -> None:
        self.vocab = vocab
        self.path = path
        self.unknown: list[tuple[str, str]] = []
        self.unknown_bodies: list[tuple[str, str]] = []
        self.wording = wording

    def canonical(self, lookup: str, written: str, line: int) -> str | None:
        dep = self.vocab.department(lookup)
        if dep is None:
            self.unknown.append((self.raw(written) or written, f"{self.path}:{line}"))
            return None
        return dep.canonical

    def body(self, unit: Unit, default_level: str, line: int) -> tuple[str, str | None]:
        """(level, canonical) of a body named in a responsibility clause or a 局内 line.

        A central body (central_bodies.csv) is at level ministry, a CNIPA department
        (departments.csv) at level bureau; a collective body is kept as written; an
        unknown name keeps the level of its label and is reported.
        """
        name = unit.lookup or unit.written
        if unit.collective:
            return default_level, clean_text(unit.written)
        if default_level == "ministry":
            body = self.vocab.central_body(name)
            if body is not None:
                return "ministry", body.canonical
        dep = self.vocab.department(name)
        if dep is not None:
            return "bureau", dep.canonical
        body = self.vocab.central_body(name)
        if body is not None:
            return "ministry", body.canonical
        where = f"{self.path}:{line}"
        if default_level == "ministry":
            self.unknown_bodies.append((self.raw(unit.written) or unit.written, where))
        else:
            self.unknown.append((self.raw(unit.written) or unit.written, where))
        return default_level, None

    def raw(self, text: str | None) -> str | None:
        """The source wording of a converted fragment (traditional characters kept)."""
        return self.wording.raw(text) if self.wording else text


def _role(position: int) -> dict[str, str]:
    """Lead or participant of a unit in charge, by the convention of Chinese task lists.

    Where the text does not say who leads (牵头), the first-named unit leads and the
    others take part; ``role_basis`` says which of the two the role rests on.
    """
    return {"role": "lead" if position == 1 else "participant", "role_basis": "first_named"}


def _body_rows(a: Assignment, named: int, base: dict, resolver: _Resolver) -> tuple[list[dict], int]:
    """Rows of the units in charge of one assignment (局内 line or （…负责） clause)."""
    rows = []
    for u in a.units:
        named += 1
        level, canonical = resolver.body(u, a.level, a.line)
        role = {"role": u.role, "role_basis": "explicit"} if a.explicit and u.role else _role(named)
        rows.append(
            {
                **base,
                "level": level,
                "unit": canonical,
                "unit_raw": resolver.raw(u.written),
                "obligation": None,
                "obligation_raw": None,
                "is_collective": u.collective,
                **role,
            }
        )
    return rows, named


def _task_list_tables(
    parsed: ParsedList, marked: Marked, spec: DocSpec, source_file: str, resolver: _Resolver, vocab: Vocabulary
) -> dict[str, list[dict]]:
    pre = "\n".join(marked.text[a:b] for a, b in parsed.preamble_spans)
    title, issuer, preamble, date, doc_number = _title_and_issuer(pre, vocab)
    year = spec.year if spec.year is not None else stated_year(title or pre)
    sections = {s.section_no: s.title for s in parsed.sections}
    groups = {(g.section_no, g.group_no): g for g in parsed.groups}
    rows: dict[str, list[dict]] = {k: [] for k in TABLES}
    if marked.section_list and not parsed.sections:
        for i, piece in enumerate(marked.section_list, start=1):
            sections[i] = clean_text(piece.text)
            rows["sections"].append(
                {"year": year, "doc_id": spec.doc_id, "section_no": i, "section": sections[i], "line": piece.line}
            )
    for s in parsed.sections:
        rows["sections"].append(
            {"year": year, "doc_id": spec.doc_id, "section_no": s.section_no, "section": s.title, "line": s.line}
        )
    for t in parsed.tasks:
        g = groups.get((t.section_no, t.group_no))
        texts = [f"{m.actor}：{m.text}" if m.actor and not m.text.startswith(m.actor) else m.text for m in t.measures]
        rows["tasks"].append(
            {
                "year": year,
                "doc_id": spec.doc_id,
                "section_no": t.section_no,
                "section": sections.get(t.section_no) if t.section_no else None,
                "group_no": t.group_no,
                "group": g.title if g else None,
                "goal": (g.goal or None) if g else None,
                "task_no": t.task_no,
                "title": t.title,
                "text": "\n".join(texts),
                "completion": t.completion,
                "completion_raw": resolver.raw(t.completion_raw),
                "n_measures": len(t.measures),
                "line": t.line,
                "source_file": source_file,
            }
        )
        for seq, m in enumerate(t.measures, start=1):
            rows["measures"].append(
                {
                    "year": year,
                    "doc_id": spec.doc_id,
                    "task_no": t.task_no,
                    "seq": seq,
                    "actor": m.actor,
                    "actor_level": m.actor_level,
                    "text": m.text,
                    "line": m.line,
                }
            )
        named = 0  # units in charge named so far in this task: the first-named leads
        task_rows: list[dict] = []
        for a in t.assignments:
            base = {
                "year": year,
                "doc_id": spec.doc_id,
                "task_no": t.task_no,
                "level": a.level,
                "label": a.label,
                "text": a.text,
                "source": source_file,
                "line": a.line,
            }
            if a.level in BODY_LEVELS:
                body_rows, named = _body_rows(a, named, base, resolver)
                task_rows += body_rows
                continue
            for u in a.units:
                task_rows.append(
                    {
                        **base,
                        "unit": clean_text(u.written),
                        "unit_raw": resolver.raw(u.written),
                        "obligation": OBLIGATION_NORMAL.get(u.obligation or "", None),
                        "obligation_raw": resolver.raw(u.obligation),
                        "role": None,
                        "role_basis": None,
                        "is_collective": None,
                    }
                )
        for seq, row in enumerate(task_rows, start=1):
            row["seq"] = seq
        rows["assignments"] += task_rows
    rows["documents"].append(
        {
            "year": year,
            "doc_id": spec.doc_id,
            "kind": spec.kind,
            "title": title,
            "issuer": issuer,
            "date": date,
            "doc_number": doc_number,
            "stated_year": stated_year(title) or (int(date[:4]) if date else None),
            "source_file": source_file,
            "role": spec.role,
            "layout": marked.layout,
            "n_sections": len(sections),
            "n_tasks": len(parsed.tasks),
            "preamble": preamble or None,
        }
    )
    return rows


def _guide_tables(
    parsed: ParsedGuide, marked: Marked, spec: DocSpec, source_file: str, resolver: _Resolver
) -> dict[str, list[dict]]:
    year = spec.year if spec.year is not None else stated_year(parsed.title)
    parts = {p.part_no: p.title for p in parsed.parts}
    rows: dict[str, list[dict]] = {k: [] for k in TABLES}
    for it in parsed.items:
        canon: list[str] = []
        raw: list[str] = []
        for who, line in it.responsible:
            raw.append(resolver.raw(who) or who)
            c = resolver.canonical(who, who, line)
            if c and c not in canon:
                canon.append(c)
        rows["guideline_items"].append(
            {
                "year": year,
                "doc_id": spec.doc_id,
                "part_no": it.part_no,
                "part": parts.get(it.part_no),
                "item_no": it.item_no,
                "title": it.title,
                "text": it.text,
                "departments": ";".join(canon) or None,
                "departments_raw": ";".join(raw) or None,
                "line": it.line,
            }
        )
    for p in parsed.parts:
        rows["sections"].append(
            {"year": year, "doc_id": spec.doc_id, "section_no": p.part_no, "section": p.title, "line": p.line}
        )
    rows["documents"].append(
        {
            "year": year,
            "doc_id": spec.doc_id,
            "kind": spec.kind,
            "title": parsed.title,
            "issuer": parsed.issuer,
            "date": parsed.date,
            "doc_number": parsed.doc_number,
            "stated_year": parsed.stated_year,
            "source_file": source_file,
            "role": spec.role,
            "layout": marked.layout,
            "n_sections": len(parsed.parts),
            "n_tasks": 0,
            "preamble": parsed.preamble or None,
        }
    )
    return rows


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
    wording = None
    if simplified != text:
        changed = sum(1 for a, b in zip(text, simplified, strict=True) if a != b)
        warnings.append(
            f"{source_file}: {changed} traditional character(s) matched as simplified (OpenCC t2s); "
            "the *_raw columns keep the source wording"
        )
        wording = SourceWording(text, simplified)
        text = simplified
    layout = layout or detect_layout(text)
    marked_parts = read(text, layout, path)
    resolver = _Resolver(vocab, path, wording)
    rows: dict[str, list[dict]] = {k: [] for k in TABLES}
    stated: dict[str, int | None] = {}
    stem = re.sub(r"\W+", "_", Path(path).stem).strip("_") or "text"
    for i, marked in enumerate(marked_parts):
        if specs and i < len(specs):
            spec = specs[i]
        else:
            head = read_head(_head(marked), vocab)
            y = year if year is not None else (head.stated_year or stated_year(marked.text[:400]))
            kind = vocab.document_kind(head.title) or "task_list"
            spec = DocSpec(f"{y or 'unknown'}_{stem}" + (f"_{i + 1}" if len(marked_parts) > 1 else ""), y, kind)
        if expected and i == 0 and not spec.expected:
            spec.expected = dict(expected)
        if spec.kind == "work_guide":
            parsed_g = parse_guide(marked)
            part_rows = _guide_tables(parsed_g, marked, spec, source_file, resolver)
            warnings += [f"{source_file}: {w}" for w in parsed_g.warnings]
            if not parsed_g.items:
                warnings.append(f"{source_file}: no numbered guide items ((一) …) found in {spec.doc_id}")
        else:
            parsed = parse_task_list(marked, vocab, spec.expected)
            part_rows = _task_list_tables(parsed, marked, spec, source_file, resolver, vocab)
            warnings += [f"{source_file}: {w}" for w in parsed.warnings]
            if not parsed.tasks:
                warnings.append(f"{source_file}: no numbered tasks found in {spec.doc_id}")
        doc_row = part_rows["documents"][0] if part_rows["documents"] else None
        if spec.year is None and doc_row and doc_row["year"] is None:
            warnings.append(f"{source_file}: no year found in the title; pass year=…")
        if doc_row:
            stated[spec.doc_id] = doc_row["stated_year"]
            if spec.year is not None and doc_row["stated_year"] and doc_row["stated_year"] != spec.year:
                warnings.append(
                    f"{source_file}: year {spec.year} was given for {spec.doc_id}, but the document states "
                    f"{doc_row['stated_year']} ({doc_row['title']!r}); its tables carry the year given"
                )
        for k in TABLES:
            rows[k] += part_rows[k]
    if resolver.unknown or resolver.unknown_bodies:
        if strict and resolver.unknown:
            raise UnknownNameError("department", resolver.unknown, vocab.departments_file)
        if strict:
            raise UnknownNameError("central body", resolver.unknown_bodies, vocab.central_bodies_file)
        warnings += [
            f"unknown department {n!r} at {w}; add it to {vocab.departments_file}" for n, w in resolver.unknown
        ]
        warnings += [
            f"unknown central body {n!r} at {w}; add it to {vocab.central_bodies_file} "
            f"(or, a CNIPA department, to {vocab.departments_file})"
            for n, w in resolver.unknown_bodies
        ]
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
) -> Document:
    """Parse any single raw file: detect encoding and layout, return its tables and warnings.

    Raises :class:`~ipanalysis.ParseError` for unreadable, empty, binary or non-Chinese
    input. A department name the reference table lacks becomes a warning (its ``unit``
    stays empty); ``strict=True``, as the build uses, raises
    :class:`~ipanalysis.errors.UnknownNameError` naming it and the file to edit.

    ``year`` other than the year the document states gives a warning (the tables carry
    the year given; ``Document.stated_years`` has the stated one). ``expected`` maps a
    table (tasks, sections, groups) to the count a catalog expects of the (first)
    document: a shorter one gets a warning that it looks cut off.
    """
    text, encoding = read_text(path)
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
