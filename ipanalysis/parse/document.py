"""Parse one raw file into tidy tables: ``parse_file`` and the :class:`Document` it returns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ipanalysis import schema
from ipanalysis.errors import ParseError, UnknownNameError
from ipanalysis.parse.decode import read_text
from ipanalysis.parse.layouts import NOTICE, Marked, detect_layout, read
from ipanalysis.parse.task_list import ParsedList, parse_task_list
from ipanalysis.parse.text import clean_text, has_cjk
from ipanalysis.parse.vocabulary import Vocabulary, load_vocabulary
from ipanalysis.parse.work_guide import ParsedGuide, parse_guide

TABLES = ("documents", "sections", "tasks", "measures", "assignments", "guideline_items")


OBLIGATION_NORMAL = {"必做": "必做", "选做": "选做", "选作": "选做"}


@dataclass
class DocSpec:
    """What the catalog (or detection) says of one document inside a file."""

    doc_id: str
    year: int | None
    kind: str  # plan | task_list | work_guide
    role: str = "primary"
    layout: str = ""


@dataclass
class Document:
    """Every table of one raw file, its warnings and the reader output (for audits)."""

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

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)




def _year_of(text: str) -> int | None:
    m = re.search(r"(20\d{2}|19\d{2})\s*年", text)
    if m:
        return int(m.group(1))
    m = re.search(r"[（(]\s*(20\d{2})\s*[)）]", text)
    return int(m.group(1)) if m else None


TITLE = re.compile(
    r"(?:19|20)\d{2}\s*年[^。：:|<>\n ]{2,40}?(?:任务清单|推进计划|工作指引|工作要点|实施计划|计划|清单)"
)


def _title_and_issuer(preamble: str) -> tuple[str, str | None, str]:
    """The title (``YYYY年…清单/计划``, else the first line) and ``【issuer】`` if printed."""
    lines = [ln.strip() for ln in preamble.splitlines() if ln.strip()]
    if not lines:
        return "", None, ""
    issuer = None
    m = re.search(r"【(.+?)】", preamble)
    if m:
        issuer = m.group(1)
    t = TITLE.search(clean_text(preamble))
    title = clean_text(t.group()) if t else clean_text(re.sub(r"^【.+?】", "", lines[0]))
    rest = clean_text(re.sub(r"【.+?】", " ", preamble))
    for _ in range(rest.count(title) if title else 0):
        rest = rest.replace(title, " ", 1)
    rest = clean_text(rest)
    return title, issuer, rest


class _Resolver:
    """Maps department names as written to canonical names; collects unknown ones."""

    def __init__(self, vocab: Vocabulary, path: str) -> None:
        self.vocab = vocab
        self.path = path
        self.unknown: list[tuple[str, str]] = []

    def canonical(self, lookup: str, written: str, line: int) -> str | None:
        dep = self.vocab.department(lookup)
        if dep is None:
            self.unknown.append((written, f"{self.path}:{line}"))
            return None
        return dep.canonical


def _role(position: int) -> dict[str, str]:
    """Lead or participant of a unit in charge, by the convention of Chinese task lists.

    Where the text does not say who leads (牵头), the first-named unit leads and the
    others take part; ``role_basis`` says which of the two the role rests on.
    """
    return {"role": "lead" if position == 1 else "participant", "role_basis": "first_named"}


def _task_list_tables(
    parsed: ParsedList, marked: Marked, spec: DocSpec, source_file: str, resolver: _Resolver, vocab: Vocabulary
) -> dict[str, list[dict]]:
    pre = "\n".join(marked.text[a:b] for a, b in parsed.preamble_spans)
    title, issuer, preamble = _title_and_issuer(pre)
    year = spec.year if spec.year is not None else _year_of(title or pre)
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
                "completion_raw": t.completion_raw,
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
        seq = 0
        named = 0  # bureau units named so far in this task: the first-named leads
        for a in t.assignments:
            for written, second in a.units:
                seq += 1
                base = {
                    "year": year,
                    "doc_id": spec.doc_id,
                    "task_no": t.task_no,
                    "seq": seq,
                    "level": a.level,
                    "label": a.label,
                    "text": a.text,
                    "source": source_file,
                    "line": a.line,
                }
                if a.level == "bureau":
                    canonical = resolver.canonical(second or written, written, a.line)
                    named += 1
                    rows["assignments"].append(
                        {
                            **base,
                            "unit": canonical,
                            "unit_raw": written,
                            "obligation": None,
                            "obligation_raw": None,
                            **_role(named),
                        }
                    )
                else:
                    rows["assignments"].append(
                        {
                            **base,
                            "unit": clean_text(written),
                            "unit_raw": written,
                            "obligation": OBLIGATION_NORMAL.get(second or "", None),
                            "obligation_raw": second,
                            "role": None,
                            "role_basis": None,
                        }
                    )
    rows["documents"].append(
        {
            "year": year,
            "doc_id": spec.doc_id,
            "kind": spec.kind,
            "title": title,
            "issuer": issuer,
            "date": None,
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
    year = spec.year if spec.year is not None else _year_of(parsed.title)
    parts = {p.part_no: p.title for p in parsed.parts}
    rows: dict[str, list[dict]] = {k: [] for k in TABLES}
    for it in parsed.items:
        canon: list[str] = []
        raw: list[str] = []
        for who, line in it.responsible:
            raw.append(who)
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
            "source_file": source_file,
            "role": spec.role,
            "layout": marked.layout,
            "n_sections": len(parsed.parts),
            "n_tasks": 0,
            "preamble": parsed.preamble or None,
        }
    )
    return rows


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
) -> Document:
    """Parse decoded text (see :func:`parse_file`)."""
    vocab = vocab or load_vocabulary()
    path = str(path)
    source_file = Path(path).name
    if not has_cjk(text):
        raise ParseError(path, None, "Chinese text (a CNIPA task list)", "no Chinese characters")
    layout = layout or detect_layout(text)
    marked_parts = read(text, layout, path)
    warnings: list[str] = []
    resolver = _Resolver(vocab, path)
    rows: dict[str, list[dict]] = {k: [] for k in TABLES}
    stem = re.sub(r"\W+", "_", Path(path).stem).strip("_") or "text"
    for i, marked in enumerate(marked_parts):
        is_guide = any(NOTICE.match(ln) for ln in marked.text.splitlines()[:3])
        if specs and i < len(specs):
            spec = specs[i]
        else:
            y = year if year is not None else _year_of(marked.text[:400])
            kind = "work_guide" if is_guide else "task_list"
            spec = DocSpec(f"{y or 'unknown'}_{stem}" + (f"_{i + 1}" if len(marked_parts) > 1 else ""), y, kind)
        if spec.kind == "work_guide":
            parsed_g = parse_guide(marked)
            part_rows = _guide_tables(parsed_g, marked, spec, source_file, resolver)
            warnings += [f"{source_file}: {w}" for w in parsed_g.warnings]
            if not parsed_g.items:
                warnings.append(f"{source_file}: no numbered guide items ((一) …) found in {spec.doc_id}")
        else:
            parsed = parse_task_list(marked, vocab)
            part_rows = _task_list_tables(parsed, marked, spec, source_file, resolver, vocab)
            warnings += [f"{source_file}: {w}" for w in parsed.warnings]
            if not parsed.tasks:
                warnings.append(f"{source_file}: no numbered tasks found in {spec.doc_id}")
        if spec.year is None and part_rows["documents"] and part_rows["documents"][0]["year"] is None:
            warnings.append(f"{source_file}: no year found in the title; pass year=…")
        for k in TABLES:
            rows[k] += part_rows[k]
    if resolver.unknown:
        if strict:
            raise UnknownNameError("department", resolver.unknown, vocab.departments_file)
        warnings += [f"unknown department {n!r} at {w}; add it to {vocab.departments_file}" for n, w in resolver.unknown]
    frames = {k: schema.frame(k, rows[k]) for k in TABLES}
    return Document(path, layout, encoding, warnings=warnings, marked=marked_parts, **frames)


def parse_file(
    path: str | Path,
    year: int | None = None,
    *,
    layout: str | None = None,
    specs: list[DocSpec] | None = None,
    strict: bool = False,
    vocab: Vocabulary | None = None,
) -> Document:
    """Parse any single raw file: detect encoding and layout, return its tables and warnings.

    Raises :class:`~ipanalysis.ParseError` for unreadable, empty, binary or non-Chinese
    input. A department name the reference table lacks becomes a warning (its ``unit``
    stays empty); ``strict=True``, as the build uses, raises
    :class:`~ipanalysis.errors.UnknownNameError` naming it and the file to edit.
    """
    text, encoding = read_text(path)
    return parse_text(
        text, path, year=year, layout=layout, specs=specs, strict=strict, encoding=encoding, vocab=vocab
    )
