"""The parse tree of a task list: what the grammar hands to the table builder.

Nodes keep the *original* spans of their text (not the compact offsets the grammar
reads), so every text is cut from the source as written and cleaned once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# assignment levels whose units are bodies in charge (the others are scopes with an obligation)
BODY_LEVELS = ("bureau", "ministry")

Span = tuple[int, int]


@dataclass
class Unit:
    """One unit of an assignment: a body in charge, or a scope with its obligation."""

    written: str  # as written (compact)
    lookup: str | None = None  # name to look up (an abbreviation completed: 初审流程部 → 专利局初审流程部)
    obligation: str | None = None  # 必做 / 选做 as written (clauses)
    role: str | None = None  # lead | participant where the text says so (牵头 / 参与 …)
    collective: bool = False  # 相关部门, 联席会议有关成员单位, 等部门 …
    unread: bool = False  # no name the grammar reads (局内：张三): kept as written, with a warning
    span: Span = (0, 0)  # compact offsets


@dataclass
class Assignment:
    """Who a task is assigned to: a label (局内 / 省份 / 负责 …) and the units it names."""

    label: str
    level: str
    text: str  # whole clause after the label, cleaned
    units: list[Unit]
    line: int
    explicit: bool = False  # the text says who leads or takes part (牵头 / 参与 / a 牵头部门： label)


@dataclass
class Measure:
    """A paragraph of a task's text, with the actor it opens with (各地区：, 各地要…) if any."""

    actor: str | None
    actor_level: str
    spans: list[Span] = field(default_factory=list)  # original spans
    line: int = 0
    text: str = ""


@dataclass
class Task:
    """A numbered task (``N.``): title, measures, assignments and completion time."""

    task_no: int
    line: int
    section_no: int | None = None
    group_no: int | None = None
    title_spans: list[Span] = field(default_factory=list)
    title: str = ""
    measures: list[Measure] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    completion_spans: list[Span] = field(default_factory=list)
    completion_raw: str | None = None
    completion: str | None = None
    ends_with: str = ""  # what came last in the source: title, measure, assignment or completion


@dataclass
class Section:
    """A section heading (``一、``)."""

    section_no: int
    line: int
    spans: list[Span] = field(default_factory=list)
    title: str = ""


@dataclass
class Group:
    """A work item (``(一)``) inside a section: heading and goal."""

    group_no: int
    section_no: int | None
    line: int
    spans: list[Span] = field(default_factory=list)
    goal_spans: list[Span] = field(default_factory=list)
    title: str = ""
    goal: str = ""


@dataclass
class ParsedList:
    """A whole task list: preamble, sections, work items, tasks and the grammar's warnings."""

    preamble_spans: list[Span] = field(default_factory=list)
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
