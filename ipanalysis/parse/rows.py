"""The rows of the published tables, from a parsed task list or work guide.

The grammars give trees with texts as written; here they become rows of the tables of
``data/schema`` (one dict a row), with names resolved to their canonical form and the
role of every body in charge (as the text says, or by the first-named convention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipanalysis.parse.marked import Marked
from ipanalysis.parse.notice import TITLE, read_head, stated_year
from ipanalysis.parse.resolve import NameResolver
from ipanalysis.parse.task_list import BODY_LEVELS, Assignment, Group, ParsedList, Task, Unit
from ipanalysis.parse.text import clean_text
from ipanalysis.parse.vocabulary import Vocabulary
from ipanalysis.parse.work_guide import GuideItem, ParsedGuide

TABLES = ("documents", "sections", "tasks", "measures", "assignments", "guideline_items")
Rows = dict[str, list[dict]]

OBLIGATION_NORMAL = {"必做": "必做", "选做": "选做", "选作": "选做"}
# an issuer printed in brackets at the top of a web page: 【国家知识产权局】 (not a button: 【关闭】)
ISSUER_BRACKETS = re.compile(r"【([^【】\s]{2,40}?(?:局|部|委|会|院|办|室|厅|署|府|中心|政府))】")


@dataclass
class DocSpec:
    """What the catalog (or detection) says of one document inside a file."""

    doc_id: str
    year: int | None
    kind: str  # plan | task_list | work_guide | ip_power_plan (data/reference/parse/document_kinds.csv)
    role: str = "primary"
    layout: str = ""
    expected: dict[str, int] = field(default_factory=dict)  # table -> count the catalog expects


def task_list_rows(
    parsed: ParsedList, marked: Marked, spec: DocSpec, source_file: str, resolver: NameResolver, vocab: Vocabulary
) -> Rows:
    """Every table's rows of one task list."""
    pre = "\n".join(marked.text[a:b] for a, b in parsed.preamble_spans)
    title, issuer, preamble, date, doc_number = _title_and_issuer(pre, vocab)
    year = spec.year if spec.year is not None else stated_year(title or pre)
    doc = {"year": year, "doc_id": spec.doc_id}
    rows: Rows = {k: [] for k in TABLES}
    sections = {s.section_no: s.title for s in parsed.sections}
    if marked.section_list and not parsed.sections:  # a list of section titles printed before the text
        for i, piece in enumerate(marked.section_list, start=1):
            sections[i] = clean_text(piece.text)
            rows["sections"].append(_section_row(doc, i, sections[i], piece.line))
    rows["sections"] += [_section_row(doc, s.section_no, s.title, s.line) for s in parsed.sections]
    groups = {(g.section_no, g.group_no): g for g in parsed.groups}
    for t in parsed.tasks:
        g = groups.get((t.section_no, t.group_no))  # type: ignore[arg-type]
        rows["tasks"].append(_task_row(doc, t, sections, g, source_file, resolver))
        rows["measures"] += _measure_rows(doc, t)
        rows["assignments"] += _assignment_rows(doc, t, source_file, resolver)
    rows["documents"].append(
        _document_row(
            doc,
            spec,
            source_file,
            marked,
            title=title,
            issuer=issuer,
            date=date,
            doc_number=doc_number,
            stated=stated_year(title) or (int(date[:4]) if date else None),
            n_sections=len(sections),
            n_tasks=len(parsed.tasks),
            preamble=preamble,
        )
    )
    return rows


def guide_rows(parsed: ParsedGuide, marked: Marked, spec: DocSpec, source_file: str, resolver: NameResolver) -> Rows:
    """Every table's rows of one work guide (its parts are its sections)."""
    year = spec.year if spec.year is not None else stated_year(parsed.title)
    doc = {"year": year, "doc_id": spec.doc_id}
    parts = {p.part_no: p.title for p in parsed.parts}
    rows: Rows = {k: [] for k in TABLES}
    rows["guideline_items"] = [_guide_item_row(doc, it, parts, resolver) for it in parsed.items]
    rows["sections"] = [_section_row(doc, p.part_no, p.title, p.line) for p in parsed.parts]
    rows["documents"].append(
        _document_row(
            doc,
            spec,
            source_file,
            marked,
            title=parsed.title,
            issuer=parsed.issuer,
            date=parsed.date,
            doc_number=parsed.doc_number,
            stated=parsed.stated_year,
            n_sections=len(parsed.parts),
            n_tasks=0,
            preamble=parsed.preamble,
        )
    )
    return rows


def _section_row(doc: dict, number: int, title: str, line: int) -> dict:
    return {**doc, "section_no": number, "section": title, "line": line}


def _document_row(
    doc: dict,
    spec: DocSpec,
    source_file: str,
    marked: Marked,
    *,
    title: str,
    issuer: str | None,
    date: str | None,
    doc_number: str | None,
    stated: int | None,
    n_sections: int,
    n_tasks: int,
    preamble: str,
) -> dict:
    return {
        **doc,
        "doc_kind": spec.kind,
        "title": title,
        "issuer": issuer,
        "date": date,
        "doc_number": doc_number,
        "stated_year": stated,
        "source_file": source_file,
        "doc_role": spec.role,
        "layout": marked.layout,
        "n_sections": n_sections,
        "n_tasks": n_tasks,
        "preamble": preamble or None,
    }


def _task_row(
    doc: dict, t: Task, sections: dict[int, str], g: Group | None, source_file: str, resolver: NameResolver
) -> dict:
    texts = [f"{m.actor}：{m.text}" if m.actor and not m.text.startswith(m.actor) else m.text for m in t.measures]
    return {
        **doc,
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


def _measure_rows(doc: dict, t: Task) -> list[dict]:
    return [
        {
            **doc,
            "task_no": t.task_no,
            "seq": seq,
            "actor": m.actor,
            "actor_level": m.actor_level,
            "text": m.text,
            "line": m.line,
        }
        for seq, m in enumerate(t.measures, start=1)
    ]


def _assignment_rows(doc: dict, t: Task, source_file: str, resolver: NameResolver) -> list[dict]:
    """A task's assignment rows, numbered in order (``seq``)."""
    named = 0  # units in charge named so far in this task: the first-named leads
    task_rows: list[dict] = []
    for a in t.assignments:
        base = {
            **doc,
            "task_no": t.task_no,
            "level": a.level,
            "label": a.label,
            "text": a.text,
            "source_file": source_file,
            "line": a.line,
        }
        if a.level in BODY_LEVELS:
            body_rows, named = _body_rows(a, named, base, resolver)
            task_rows += body_rows
        else:
            task_rows += [_scope_row(base, u, resolver) for u in a.units]
    for seq, row in enumerate(task_rows, start=1):
        row["seq"] = seq
    return task_rows


def _scope_row(base: dict, u: Unit, resolver: NameResolver) -> dict:
    """A scope (省份 / 地市 …) and its obligation: no body, no role."""
    return {
        **base,
        "assignee": clean_text(u.written),
        "assignee_raw": resolver.raw(u.written),
        "obligation": OBLIGATION_NORMAL.get(u.obligation or "", None),
        "obligation_raw": resolver.raw(u.obligation),
        "role": None,
        "role_basis": None,
        "is_collective": None,
    }


def _role(position: int) -> dict[str, str]:
    """Lead or participant of a unit in charge, by the convention of Chinese task lists.

    Where the text does not say who leads (牵头), the first-named unit leads and the
    others take part; ``role_basis`` says which of the two the role rests on.
    """
    return {"role": "lead" if position == 1 else "participant", "role_basis": "first_named"}


def _body_rows(a: Assignment, named: int, base: dict, resolver: NameResolver) -> tuple[list[dict], int]:
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
                "assignee": canonical,
                "assignee_raw": resolver.raw(u.written),
                "obligation": None,
                "obligation_raw": None,
                "is_collective": u.collective,
                **role,
            }
        )
    return rows, named


def _guide_item_row(doc: dict, it: GuideItem, parts: dict[int, str], resolver: NameResolver) -> dict:
    canon: list[str] = []
    raw: list[str] = []
    for who, line in it.responsible:
        raw.append(resolver.raw(who) or who)
        c = resolver.canonical(who, who, line)
        if c and c not in canon:
            canon.append(c)
    return {
        **doc,
        "part_no": it.part_no,
        "part": parts.get(it.part_no),
        "item_no": it.item_no,
        "title": it.title,
        "text": it.text,
        "departments": ";".join(canon) or None,
        "departments_raw": ";".join(raw) or None,
        "line": it.line,
    }


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
