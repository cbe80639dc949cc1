"""Pass 2: the tree from the accepted markers, one small handler per kind of token.

The builder walks the markers once. Text between two markers goes to the *zone* the
builder is in (preamble, a section or work-item heading, a goal, a task title, a
measure, a completion cell); each handler opens a node, moves the zone, or, where a
marker is out of sequence, leaves it in the text. The sequence warnings are written
here because this is where a number is accepted or read as something else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ipanalysis.parse.marked import Marked
from ipanalysis.parse.task_list.lexer import Token
from ipanalysis.parse.task_list.texts import text_of
from ipanalysis.parse.task_list.tree import Assignment, Group, Measure, ParsedList, Section, Span, Task, Unit
from ipanalysis.parse.text import Compact, clean_text
from ipanalysis.parse.vocabulary import Vocabulary

HEADINGS = ("section", "group", "goal")  # zones in which no task is open for what follows


@dataclass(frozen=True)
class Source:
    """What the handlers read: the text, its compact view, the accepted markers, the vocabulary."""

    marked: Marked
    comp: Compact
    vocab: Vocabulary
    tokens: list[Token]  # the accepted markers
    has_sections: bool  # the list has 一、 sections (else its (一) headings are its sections)

    @property
    def original(self) -> str:
        return self.marked.text

    def zone_has_content(self, k: int) -> bool:
        """Before the next task or section, marker ``k`` is followed by a label, actor or completion."""
        for j in range(k + 1, len(self.tokens)):  # no slice: most calls stop after a few markers
            t = self.tokens[j]
            if t.kind in ("number", "section"):
                return False
            if t.kind in ("label", "actor", "actor_s", "completion", "resp"):
                return True
        return False

    def next_structural(self, k: int) -> Token | None:
        """The next section, work item or number after marker ``k``."""
        for j in range(k + 1, len(self.tokens)):
            if self.tokens[j].kind in ("number", "section", "group"):
                return self.tokens[j]
        return None

    def space_before(self, t: Token) -> bool:
        """The marker follows whitespace in the original text (it opens a line or a cell)."""
        o = self.comp.to_original(t.start)
        return self.original[o - 1 : o].isspace()


@dataclass
class State:
    """Where the builder stands: the tree so far, the open nodes, the zone, the numbers expected next."""

    tree: ParsedList
    zone: str = "preamble"
    section: Section | None = None
    group: Group | None = None
    task: Task | None = None
    next_section: int = 1
    next_group: int = 1
    last_group: int = 0
    next_task: int = 1
    text_start: int = 0  # compact offset where the text not yet given to a zone starts
    numbering_warned: bool = False


Handler = Callable[[Source, State, int, Token, int], None]


def build_structure(src: Source) -> ParsedList:
    """Sections, work items and tasks with the spans of their text (texts are filled later)."""
    st = State(ParsedList())
    for k, t in enumerate(src.tokens):
        add_text(src, st, st.text_start, t.start)
        st.text_start = t.end
        line = src.marked.line_at(src.comp.to_original(t.start))
        HANDLERS[t.kind](src, st, k, t, line)
    add_text(src, st, st.text_start, len(src.comp.text))
    close_title(src, st)
    return st.tree


# --- the zones ---------------------------------------------------------------------------


def _zone_spans(st: State) -> list[Span] | None:
    """Where the current zone's text goes; None: to the open task's last measure (if any)."""
    if st.zone == "preamble":
        return st.tree.preamble_spans
    if st.zone == "section" and st.section:
        return st.section.spans
    if st.zone == "group" and st.group:
        return st.group.spans
    if st.zone == "goal" and st.group:
        return st.group.goal_spans
    if st.zone == "title" and st.task:
        return st.task.title_spans
    if st.zone == "completion" and st.task:
        return st.task.completion_spans
    return None


def add_text(src: Source, st: State, start: int, end: int) -> None:
    """Give the compact text ``[start, end)`` to the current zone."""
    if end <= start:
        return
    span = src.comp.span(start, end)
    spans = _zone_spans(st)
    if st.task and st.zone in ("title", "completion", "measure"):
        st.task.ends_with = st.zone  # a cut-off end shows in what a task ends with (checks.looks_cut)
    if spans is not None:
        spans.append(span)
    elif st.task:
        if not st.task.measures:
            st.task.measures.append(Measure(None, src.vocab.actor_level(""), line=src.marked.line_at(span[0])))
        st.task.measures[-1].spans.append(span)


def close_title(src: Source, st: State) -> None:
    """End a task's title; a title holding a sentence end is the first sentence of a measure."""
    task = st.task
    if task is None or st.zone != "title":
        return
    title = text_of(src.original, task.title_spans)
    if "。" in title:
        # 2018 style: the title is the measure's first sentence; the paragraph is a measure
        task.title = title.split("。", 1)[0]
        task.measures.insert(0, Measure(None, src.vocab.actor_level(""), list(task.title_spans), line=task.line))
    else:
        task.title = title
    st.zone = "measure"


# --- sections and work items -------------------------------------------------------------


def _open_section(st: State, number: int, line: int) -> None:
    st.section = Section(number, line)
    st.tree.sections.append(st.section)
    st.zone = "section"


def _heading_out_of_sequence(src: Source, st: State, k: int, t: Token) -> bool:
    """A section numeral out of sequence that still heads a section (三、 printed as 五、).

    It must skip forward by at most three, and what follows must be a short line
    without a sentence end, then the next task number or the first work item.
    """
    if not (src.has_sections and st.next_section < t.number <= st.next_section + 3):
        return False
    nxt = src.next_structural(k)
    if nxt is None or not (
        (nxt.kind == "number" and nxt.number == st.next_task) or (nxt.kind == "group" and nxt.number == 1)
    ):
        return False
    between = src.comp.text[t.end : nxt.start]
    return 0 < len(between) <= 60 and not any(ch in between for ch in "。；;") and not src.zone_has_content(k)


def on_section(src: Source, st: State, k: int, t: Token, line: int) -> None:
    """``一、``: the next section (a numeral out of sequence is read as the next, with a warning)."""
    if not (t.number == st.next_section or _heading_out_of_sequence(src, st, k, t)):
        st.text_start = t.start
        return
    if t.number != st.next_section:
        st.tree.warnings.append(
            f"line {line}: section numeral '{src.comp.text[t.start : t.end]}' out of sequence "
            f"(expected section {st.next_section}); read as section {st.next_section}"
        )
    close_title(src, st)
    _open_section(st, st.next_section, line)
    st.next_section += 1
    st.next_group = 1
    st.group = None


def on_group(src: Source, st: State, k: int, t: Token, line: int) -> None:
    """``(一)``: a work item; in a list without 一、 sections, a section."""
    if not src.has_sections and t.number == st.next_section:
        close_title(src, st)
        _open_section(st, t.number, line)
        st.next_section += 1
        return
    # work items restart at (一) in every section, or run on across sections
    first_of_section = st.group is None or st.group.section_no != (st.section and st.section.section_no)
    if st.section is None or not (
        t.number == st.next_group or (first_of_section and st.last_group and t.number == st.last_group + 1)
    ):
        st.text_start = t.start
        return
    close_title(src, st)
    st.group = Group(t.number, st.section.section_no, line)
    st.tree.groups.append(st.group)
    st.next_group = t.number + 1
    st.last_group = t.number
    st.zone = "group"


# --- tasks ---------------------------------------------------------------------------------


def _unnumbered_section(src: Source, st: State, k: int, t: Token, line: int) -> bool:
    """A number right before another number: a section heading whose numeral was lost."""
    nxt = src.next_structural(k)
    if src.has_sections or src.zone_has_content(k) or nxt is None or nxt.kind != "number":
        return False
    close_title(src, st)
    if not st.numbering_warned:
        st.tree.warnings.append(
            f"line {line}: section headings carry no numerals of their own "
            f"('{t.number}.' before a task); sections numbered by order"
        )
        st.numbering_warned = True
    _open_section(st, len(st.tree.sections) + 1, line)
    return True


def _is_task(src: Source, st: State, k: int, t: Token, line: int) -> bool:
    """The number opens a task: the one expected, a few skipped, or one repeated (with warnings)."""
    n, expected = t.number, st.next_task
    if n == expected:
        return True
    if expected < n <= expected + 5:
        missing = ", ".join(str(x) for x in range(expected, n))
        st.tree.warnings.append(f"line {line}: task number(s) {missing} missing (found {n} after {expected - 1})")
        return True
    if n < expected and src.zone_has_content(k) and src.space_before(t):
        st.tree.warnings.append(f"line {line}: task number {n} repeated (expected {expected})")
        return True
    return False


def on_number(src: Source, st: State, k: int, t: Token, line: int) -> None:
    """``N.``: a task, a section without its numeral, or a number in the text."""
    if _unnumbered_section(src, st, k, t, line):
        return
    if not _is_task(src, st, k, t, line):
        st.text_start = t.start
        return
    close_title(src, st)
    st.task = Task(
        t.number,
        line,
        section_no=st.section.section_no if st.section else None,
        group_no=st.group.group_no if st.group else None,
    )
    st.tree.tasks.append(st.task)
    st.next_task = max(st.next_task, t.number + 1)
    st.zone = "title"


# --- what a task holds -----------------------------------------------------------------------


def on_actor(src: Source, st: State, k: int, t: Token, line: int) -> None:
    """``各地区：`` or ``各地要…``: a new measure of the open task, by that actor."""
    if st.task is None:
        st.text_start = t.start
        return
    close_title(src, st)
    st.task.measures.append(Measure(t.value, src.vocab.actor_level(t.value), line=line))
    st.zone = "measure"


def _as_written(src: Source, units: list[Unit]) -> list[Unit]:
    """Units the grammar could not read as names keep the source wording (Data Office)."""
    for u in units:
        if u.unread:
            a, b = src.comp.span(*u.span)
            u.written = clean_text(src.original[a:b]) or u.written
    return units


def _assign(st: State, task: Task, label: str, level: str, text: str, units: list[Unit], line: int) -> None:
    task.assignments.append(Assignment(label, level, text, units, line, explicit=any(u.role for u in units)))
    task.ends_with = "assignment"
    st.zone = "measure"


def on_responsibility(src: Source, st: State, k: int, t: Token, line: int) -> None:
    """``（…负责）`` closing a task: its bodies in charge (in a heading it is kept as text)."""
    if st.task is None or st.zone in HEADINGS:
        st.text_start = t.start
        return
    close_title(src, st)
    label = (src.vocab.labels_of("responsibility") or ["负责"])[0]
    a, b = src.comp.span(t.start + 1, t.end - 1)
    text = clean_text(src.original[a:b])
    _assign(st, st.task, label, src.vocab.labels[label][1], text, _as_written(src, t.items), line)


def on_label(src: Source, st: State, k: int, t: Token, line: int) -> None:
    """A label: a goal, the measures, a completion cell, or an assignment (局内： 省份： …)."""
    label_kind, level = src.vocab.labels[t.value]
    if label_kind == "goal":
        st.zone = "goal" if st.group else st.zone
        return
    if label_kind == "measures":
        if st.task is not None and st.zone not in HEADINGS:
            close_title(src, st)
            st.zone = "measure"
        return
    if st.task is None:
        st.tree.warnings.append(f"line {line}: '{t.value}：' before any numbered task; kept in the preamble")
        st.text_start = t.start
        return
    close_title(src, st)
    if label_kind == "completion":
        st.zone = "completion"
        return
    a, b = src.comp.span(t.start, t.end)
    text = re.sub(rf"^{re.escape(t.value)}[：:]", "", clean_text(src.original[a:b]))
    units = _as_written(src, t.items)
    label_role = src.vocab.label_roles.get(t.value)  # 牵头部门： says who leads
    if label_role:
        for u in units:
            u.role = u.role or label_role
    _assign(st, st.task, t.value, level, text, units, line)


def on_completion(src: Source, st: State, k: int, t: Token, line: int) -> None:
    """A completion phrase right after a list of names: the task's completion time."""
    if st.task is not None:
        st.task.completion_spans.append(src.comp.span(t.start, t.end))
        st.task.ends_with = "completion"
    st.zone = "measure"


HANDLERS: dict[str, Handler] = {
    "section": on_section,
    "group": on_group,
    "number": on_number,
    "actor": on_actor,
    "actor_s": on_actor,
    "resp": on_responsibility,
    "label": on_label,
    "completion": on_completion,
}
