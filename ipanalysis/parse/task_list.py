"""One grammar for every year's task list, driven by structure markers, not line breaks.

The grammar reads the *compact* text (all whitespace removed, see
:class:`~ipanalysis.textnorm.Compact`), so a marker broken over lines or pages is still
a marker. Markers:

* sections ``一、``, work items ``(一)``, tasks ``N.`` (in sequence, at a boundary);
* actor paragraphs: labels ``国家知识产权局：`` ``各地区：`` ``有关省份：`` … and sentences
  opening with an actor and 要/应 (``各地要…``, ``有关省份要…``);
* assignment labels ``局内：`` ``省份：`` ``地市：`` ``涉及地方：``, whose extent is read
  against the department vocabulary (局内) or as ``…必做/…选做`` clauses (the others);
* completion phrases (vocabulary) right after an assignment, or after ``完成时间：``;
* the goal label ``任务目标：`` (2018 work items).

Because the extent of every assignment comes from its own grammar, a department cell
interleaved with the measure text (2020 PDF) or a whole list on one line parses alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipanalysis.parse.layouts import Marked
from ipanalysis.parse.text import Compact, clean_text, fold
from ipanalysis.parse.vocabulary import CN_NUMERALS, Vocabulary, cn_to_int

CN = f"[{CN_NUMERALS}]{{1,3}}"
SEPARATORS = "、，,；;/"
OBLIGATION = re.compile(r"必做|选做|选作")
# a dated deadline inside measure text (3月底前, 年底前 …): not a completion column, not a target value
DEADLINE = re.compile(r"(?:(?P<month>\d{1,2})\s*月底前|(?P<yearend>年底前)|(?P<h1>上半年)|(?P<h2>下半年))")
# Where a section, work item or task marker may start (previous compact char).
BOUNDARY_BEFORE = set("。；;！？!?：:>】」”)）|")
GENERIC_ACTOR = r"(?:有关|各)(?:[^\s：:。；，、（）()国]|[（(][^）)]{0,8}[)）]){0,6}?(?:省份|地市|地方|地区|城市|知识产权局|知识产权管理部门)"
SENTENCE_ACTOR = r"(?:(?:各|有关|有条件的|获批)(?:(?!国家)[\w“”\-（）]){0,10}?(?:地区|地方|省份|地市|城市|知识产权局|知识产权管理部门)|各地)"


@dataclass
class Token:
    kind: str  # section group number label actor actor_s completion
    start: int  # compact offsets
    end: int
    value: str = ""
    number: int = 0
    items: list = field(default_factory=list)  # parsed assignment items


@dataclass
class Assignment:
    label: str
    level: str
    text: str  # whole clause after the label, cleaned
    units: list[tuple[str, str | None]]  # (unit as written, obligation)
    line: int


@dataclass
class Measure:
    actor: str | None
    actor_level: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # original spans
    line: int = 0
    text: str = ""


@dataclass
class Task:
    task_no: int
    line: int
    section_no: int | None = None
    group_no: int | None = None
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""
    measures: list[Measure] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    completion_spans: list[tuple[int, int]] = field(default_factory=list)
    completion_raw: str | None = None
    completion: str | None = None


@dataclass
class Section:
    section_no: int
    line: int
    spans: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""


@dataclass
class Group:
    group_no: int
    section_no: int | None
    line: int
    spans: list[tuple[int, int]] = field(default_factory=list)
    goal_spans: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""
    goal: str = ""


@dataclass
class ParsedList:
    preamble_spans: list[tuple[int, int]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Lexer:
    """Finds the markers of a compact text, reading assignment extents as it goes."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        assign = "|".join(
            map(re.escape, vocab.labels_of("assignment") + vocab.labels_of("goal") + vocab.labels_of("completion"))
        )
        actors = "|".join(map(re.escape, vocab.labels_of("actor")))
        self.marker = re.compile(
            rf"(?P<label>(?P<label_name>{assign})[：:])"
            rf"|(?P<actor>(?P<actor_name>{actors}|{GENERIC_ACTOR})[：:])"
            rf"|(?P<actor_s>(?<=[。；;])(?P<actor_s_name>{SENTENCE_ACTOR})(?=要|应))"
            rf"|(?P<section>(?P<sec_n>{CN})、)"
            rf"|(?P<group>[（(](?P<grp_n>{CN})[)）])"
            rf"|(?P<number>(?<![0-9.．])(?P<num_n>\d{{1,3}})[.．、](?![0-9])|[（(](?P<num_p>\d{{1,3}})[)）])"
        )
        self.dept_names = vocab.department_names
        self.completions = sorted(vocab.completions, key=len, reverse=True)
        self.unknown_dept = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]{1,14}?(?:委员会|部门|中心|司|部|局|室|办|委|社)")

    def lex(self, c: str) -> list[Token]:
        tokens: list[Token] = []
        pos = 0
        while True:
            m = self.marker.search(c, pos)
            if not m:
                break
            kind = m.lastgroup
            # lastgroup is the innermost named group that matched last; find the outer one
            for k in ("label", "actor", "actor_s", "section", "group", "number"):
                if m.group(k) is not None:
                    kind = k
                    break
            if kind == "label":
                name = m.group("label_name")
                label_kind, level = self.vocab.labels[name]
                tok = Token("label", m.start(), m.end(), value=name)
                end = m.end()
                if label_kind == "assignment":
                    if level == "bureau":
                        tok.items, end = self.departments(c, m.end())
                    else:
                        tok.items, end = self.clauses(c, m.end())
                    tok.end = end
                tokens.append(tok)
                pos = end
                if label_kind == "assignment":
                    comp = self.completion_at(c, pos)
                    if comp:
                        tokens.append(Token("completion", pos, pos + len(comp), value=comp))
                        pos += len(comp)
                continue
            if kind == "actor":
                tokens.append(Token("actor", m.start(), m.end(), value=m.group("actor_name")))
            elif kind == "actor_s":
                tokens.append(Token("actor_s", m.start(), m.start(), value=m.group("actor_s_name")))
                pos = m.end()
                continue
            elif kind == "section":
                tokens.append(Token("section", m.start(), m.end(), number=cn_to_int(m.group("sec_n"))))
            elif kind == "group":
                tokens.append(Token("group", m.start(), m.end(), number=cn_to_int(m.group("grp_n"))))
            else:
                n = m.group("num_n") or m.group("num_p")
                tokens.append(Token("number", m.start(), m.end(), number=int(n)))
            pos = m.end()
        return tokens

    def completion_at(self, c: str, pos: int) -> str | None:
        for phrase in self.completions:
            if c.startswith(phrase, pos):
                return phrase
        return None

    def _dept_at(self, c: str, pos: int, prefix: str) -> tuple[str, str] | None:
        """(name as written, name to look up) of the department starting at ``pos``."""
        for name in self.dept_names:
            if c.startswith(name, pos):
                return name, name
        m = self.unknown_dept.match(c, pos)
        if m:
            written = m.group()
            if prefix and (prefix + written) in self.vocab.departments:
                return written, prefix + written
            return written, written
        return None

    def departments(self, c: str, pos: int) -> tuple[list[tuple[str, str | None]], int]:
        """Read ``A、B，C`` department names; stop at the first thing that is not one."""
        items: list[tuple[str, str | None]] = []
        prefix = ""
        found = self._dept_at(c, pos, prefix)
        while found:
            written, lookup = found
            items.append((written, lookup))
            pos += len(written)
            m = re.match(r"^(\S+?局)", lookup)
            prefix = m.group(1) if m and lookup != m.group(1) else ""
            if pos < len(c) and c[pos] in SEPARATORS:
                nxt = self._dept_at(c, pos + 1, prefix)
                if nxt and not self._starts_marker(c, pos + 1):
                    pos += 1
                    found = nxt
                    continue
            break
        return items, pos

    def _starts_marker(self, c: str, pos: int) -> bool:
        m = self.marker.match(c, pos)
        return bool(m and (m.group("label") or m.group("actor")))

    def clauses(self, c: str, pos: int) -> tuple[list[tuple[str, str | None]], int]:
        """Read ``scope必做；scope选做`` clauses; the extent ends after the last obligation."""
        items: list[tuple[str, str | None]] = []
        start = pos
        while True:
            m = OBLIGATION.search(c, pos, pos + 80)
            stop = self.marker.search(c, pos)
            if not m or (stop and stop.start() < m.start() and stop.group("label")):
                break
            scope = c[pos : m.start()]
            if not scope or any(ch in scope for ch in "。：:"):
                break
            items.append((scope, m.group()))
            pos = m.end()
            j = pos
            if j < len(c) and c[j] in "；;，,":
                nxt = OBLIGATION.search(c, j + 1, j + 81)
                stop2 = self.marker.search(c, j + 1)
                if (
                    nxt
                    and not (stop2 and stop2.start() < nxt.start())
                    and not any(ch in c[j + 1 : nxt.start()] for ch in "。：:")
                ):
                    pos = j + 1
                    continue
            if j < len(c) and c[j] in "。；;":
                pos = j + 1
            break
        if not items:
            # no 必做/选做: the clause runs to the next marker
            stop = self.marker.search(c, pos)
            end = stop.start() if stop else len(c)
            if end > start:
                items.append((c[start:end], None))
            return items, end
        return items, pos


def _at_boundary(c: str, i: int, prev_end: int, original: str, comp: Compact) -> bool:
    """A structure marker starts a line, follows punctuation or a consumed marker."""
    if i == 0 or i == prev_end:
        return True
    if c[i - 1] in BOUNDARY_BEFORE:
        return True
    o = comp.to_original(i)
    return o > 0 and original[o - 1].isspace()


def parse_task_list(marked: Marked, vocab: Vocabulary) -> ParsedList:
    """Parse a task list's marked text into sections, work items and tasks."""
    original = marked.text
    comp = Compact.of(original)
    c = comp.text
    tokens = Lexer(vocab).lex(c)
    out = ParsedList()

    # Pass 1: which structure markers are real (boundary + sequence).
    prev_end = 0
    accepted: list[Token] = []
    for t in tokens:
        if t.kind in ("section", "group", "number") and not _at_boundary(c, t.start, prev_end, original, comp):
            continue
        accepted.append(t)
        prev_end = t.end
    has_sections = any(t.kind == "section" and t.number == 1 for t in accepted)

    def zone_has_content(k: int) -> bool:
        for t in accepted[k + 1 :]:
            if t.kind in ("number", "section"):
                return False
            if t.kind in ("label", "actor", "actor_s", "completion"):
                return True
        return False

    def next_structural(k: int) -> Token | None:
        for t in accepted[k + 1 :]:
            if t.kind in ("number", "section", "group"):
                return t
        return None

    sec_expected = 1
    group_expected = 1
    task_expected = 1
    zone = "preamble"
    cur_task: Task | None = None
    cur_group: Group | None = None
    cur_section: Section | None = None
    lost_numbering_warned = False
    text_start = 0

    def add_text(start: int, end: int) -> None:
        if end <= start:
            return
        span = comp.span(start, end)
        if zone == "preamble":
            out.preamble_spans.append(span)
        elif zone == "section" and cur_section:
            cur_section.spans.append(span)
        elif zone == "group" and cur_group:
            cur_group.spans.append(span)
        elif zone == "goal" and cur_group:
            cur_group.goal_spans.append(span)
        elif zone == "title" and cur_task:
            cur_task.title_spans.append(span)
        elif zone == "completion" and cur_task:
            cur_task.completion_spans.append(span)
        elif cur_task:
            if not cur_task.measures:
                cur_task.measures.append(Measure(None, vocab.actor_level(""), line=marked.line_at(span[0])))
            cur_task.measures[-1].spans.append(span)

    def close_title() -> None:
        nonlocal zone
        if cur_task is None or zone != "title":
            return
        title = clean_text("\n".join(original[a:b] for a, b in cur_task.title_spans))
        if "。" in title:
            # 2018 style: the title is the measure's first sentence; the paragraph is a measure
            cur_task.title = title.split("。", 1)[0]
            m = Measure(None, vocab.actor_level(""), list(cur_task.title_spans), line=cur_task.line)
            cur_task.measures.insert(0, m)
        else:
            cur_task.title = title
        zone = "measure"

    for k, t in enumerate(accepted):
        add_text(text_start, t.start)
        text_start = t.end
        line = marked.line_at(comp.to_original(t.start))
        if t.kind == "section":
            if t.number == sec_expected:
                close_title()
                cur_section = Section(t.number, line)
                out.sections.append(cur_section)
                sec_expected += 1
                group_expected = 1
                cur_group = None
                zone = "section"
            else:
                text_start = t.start
        elif t.kind == "group" and not has_sections and t.number == sec_expected:
            # no 一、 sections in this list: its (一) headings are the sections
            close_title()
            cur_section = Section(t.number, line)
            out.sections.append(cur_section)
            sec_expected += 1
            zone = "section"
        elif t.kind == "group":
            if cur_section is not None and t.number == group_expected:
                close_title()
                cur_group = Group(t.number, cur_section.section_no, line)
                out.groups.append(cur_group)
                group_expected += 1
                zone = "group"
            else:
                text_start = t.start
        elif t.kind == "number":
            n = t.number
            nxt = next_structural(k)
            if not has_sections and not zone_has_content(k) and nxt is not None and nxt.kind == "number":
                close_title()
                if not lost_numbering_warned:
                    out.warnings.append(
                        f"line {line}: section headings carry no numerals of their own "
                        f"('{n}.' before a task); sections numbered by order"
                    )
                    lost_numbering_warned = True
                cur_section = Section(len(out.sections) + 1, line)
                out.sections.append(cur_section)
                zone = "section"
                continue
            is_task = False
            if n == task_expected:
                is_task = True
            elif task_expected < n <= task_expected + 5:
                missing = ", ".join(str(x) for x in range(task_expected, n))
                out.warnings.append(
                    f"line {line}: task number(s) {missing} missing (found {n} after {task_expected - 1})"
                )
                is_task = True
            elif (
                n < task_expected
                and zone_has_content(k)
                and original[comp.to_original(t.start) - 1 : comp.to_original(t.start)].isspace()
            ):
                out.warnings.append(f"line {line}: task number {n} repeated (expected {task_expected})")
                is_task = True
            if not is_task:
                text_start = t.start
                continue
            close_title()
            cur_task = Task(
                n,
                line,
                section_no=cur_section.section_no if cur_section else None,
                group_no=cur_group.group_no if cur_group else None,
            )
            out.tasks.append(cur_task)
            task_expected = max(task_expected, n + 1)
            zone = "title"
        elif t.kind in ("actor", "actor_s"):
            if cur_task is None:
                text_start = t.start
                continue
            close_title()
            actor = t.value
            cur_task.measures.append(Measure(actor, vocab.actor_level(actor), line=line))
            zone = "measure"
        elif t.kind == "label":
            label_kind, level = vocab.labels[t.value]
            if label_kind == "goal":
                zone = "goal" if cur_group else zone
                continue
            if cur_task is None:
                out.warnings.append(f"line {line}: '{t.value}：' before any numbered task; kept in the preamble")
                text_start = t.start
                continue
            close_title()
            if label_kind == "completion":
                zone = "completion"
                continue
            raw_span = comp.span(t.start, t.end)
            text = clean_text(original[raw_span[0] : raw_span[1]])
            text = re.sub(rf"^{re.escape(t.value)}[：:]", "", text)
            cur_task.assignments.append(Assignment(t.value, level, text, t.items, line))
            zone = "measure"
        elif t.kind == "completion":
            if cur_task is not None:
                cur_task.completion_spans.append(comp.span(t.start, t.end))
            zone = "measure"
    add_text(text_start, len(c))
    close_title()

    for s in out.sections:
        s.title = clean_text("\n".join(original[a:b] for a, b in s.spans))
    for g in out.groups:
        g.title = clean_text("\n".join(original[a:b] for a, b in g.spans))
        g.goal = clean_text("\n".join(original[a:b] for a, b in g.goal_spans))
    for task in out.tasks:
        for m in task.measures:
            m.text = clean_text("\n".join(original[a:b] for a, b in m.spans))
        task.measures = [m for m in task.measures if m.text or m.actor]
        if task.completion_spans:
            raw = " ".join(original[a:b] for a, b in task.completion_spans)
            task.completion_raw = clean_text(raw)
            task.completion = normalise_completion(raw, vocab)
    _check_tasks(out, vocab)
    return out


def normalise_completion(raw: str, vocab: Vocabulary) -> str:
    """Completion time in its standard wording.

    Pieces of a completion cell split across pages are joined; where the join repeats a
    character (``年内有阶`` + ``阶段性成果``) and only the joined text without the
    repeat is a known phrase, the repeat is dropped. Unknown wording is kept as written.
    """
    pieces = [fold(p) for p in raw.split() if p.strip()]
    joined = "".join(pieces)
    if joined in vocab.completions:
        return joined
    out = pieces[0] if pieces else ""
    for p in pieces[1:]:
        if out and p and out[-1] == p[0] and (out + p[1:]) in vocab.completions:
            out += p[1:]
        else:
            out += p
    return out


def _check_tasks(out: ParsedList, vocab: Vocabulary) -> None:
    any_completion = any(t.completion_raw for t in out.tasks)
    for t in out.tasks:
        if not any(a.level == "bureau" for a in t.assignments):
            out.warnings.append(f"line {t.line}: task {t.task_no} has no 局内 (department) line")
        if any_completion and not t.completion_raw:
            out.warnings.append(f"line {t.line}: task {t.task_no} has no completion time in this source")
        if not t.measures:
            out.warnings.append(f"line {t.line}: task {t.task_no} has no measure text (document truncated?)")
        for a in t.assignments:
            for unit, ob in a.units:
                if a.level != "bureau" and ob is None:
                    out.warnings.append(f"line {a.line}: task {t.task_no} '{a.label}：{unit}' has no 必做/选做")
