"""Named checks over a finished tree: what a reader of the tables should be warned about.

Each check looks at the parsed list (or one task) and returns its warnings; none changes
the tree. They run in a fixed order (``run_checks``), so the warnings of a task stay
together and the document's warnings come out the same way every run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ipanalysis.parse.task_list.tree import BODY_LEVELS, ParsedList, Task
from ipanalysis.parse.text import fold
from ipanalysis.parse.vocabulary import Vocabulary, cn_to_int

# the last bracket of a task, or a label: the form its bodies in charge may be written in
_TRAILING_BRACKET = re.compile(r"[（(]([^（）()]{2,})[)）][。.]?$")
_LABEL_FORM = re.compile(r"([\u4e00-\u9fff]{2,6})[：:]")
SENTENCE_END = ("。", "；", ";", "！", "？", "!", "?")


def run_checks(tree: ParsedList, vocab: Vocabulary, expected: dict[str, int], n_sections: int) -> list[str]:
    """Every check, in order: the whole list, each task, a cut-off end, the counts."""
    facts = ListFacts.of(tree, vocab)
    warnings = no_body_in_any_task(tree, vocab)
    for task in tree.tasks:
        for check in TASK_CHECKS:
            warnings += check(task, facts)
    warnings += looks_cut(tree, vocab)
    warnings += counts_differ(tree, vocab, expected, n_sections)
    return warnings


def has_body(t: Task) -> bool:
    """The task names a body in charge (a department or a central body)."""
    return any(a.level in BODY_LEVELS for a in t.assignments)


@dataclass(frozen=True)
class ListFacts:
    """What a task is checked against: how the list as a whole is written."""

    n_tasks: int
    any_body: bool
    any_completion: bool
    clause_form: bool  # more tasks name their bodies in （…负责） clauses than in 局内 lines

    @classmethod
    def of(cls, tree: ParsedList, vocab: Vocabulary) -> ListFacts:
        resp = vocab.labels_of("responsibility")
        resp_form = sum(any(a.label in resp for a in t.assignments) for t in tree.tasks)
        bureau_form = sum(any(a.level == "bureau" for a in t.assignments) for t in tree.tasks)
        return cls(
            len(tree.tasks),
            any(has_body(t) for t in tree.tasks),
            any(bool(t.completion_raw) for t in tree.tasks),
            resp_form > bureau_form,
        )


# --- the whole list ---------------------------------------------------------------------------


def no_body_in_any_task(tree: ParsedList, vocab: Vocabulary) -> list[str]:
    """No task names a body in charge: one warning naming the form the grammar does not read."""
    if len(tree.tasks) <= 1 or any(has_body(t) for t in tree.tasks):
        return []
    form = _unread_form(tree, vocab)
    what = f"their text has {form}, a form the grammar does not read" if form else "none is written in a form it reads"
    return [
        f"no responsible body found in any of the {len(tree.tasks)} tasks ({what}; it reads '局内：…' lines and "
        f"'（…负责）' clauses: add the label to labels.csv or the role word to role_words.csv)"
    ]


def _unread_form(tree: ParsedList, vocab: Vocabulary) -> str | None:
    """The recurring form of the tasks' text the grammar did not read as bodies in charge.

    A bracket closing most tasks (``（…牵头）``) or a label opening a clause in most tasks
    (``责任单位：``); None when no form recurs.
    """
    counts: dict[str, int] = {}
    for t in tree.tasks:
        forms = set()
        for text in [t.title, *(m.text for m in t.measures)]:
            m = _TRAILING_BRACKET.search(text)
            if m:
                forms.add(f"（…{m.group(1)[-2:]}）")
            forms |= {f"{x}：" for x in _LABEL_FORM.findall(text) if x not in vocab.labels}
        for f in forms:
            counts[f] = counts.get(f, 0) + 1
    if not counts:
        return None
    form, n = max(sorted(counts.items()), key=lambda kv: kv[1])
    return f"'{form}' in {n} of {len(tree.tasks)} tasks" if n * 2 >= len(tree.tasks) else None


# --- each task -------------------------------------------------------------------------------


def body_missing(t: Task, facts: ListFacts) -> list[str]:
    """A task without a body in charge, where the list names them (else the list-wide warning)."""
    if has_body(t) or (facts.n_tasks > 1 and not facts.any_body):
        return []
    if facts.clause_form:
        return [f"line {t.line}: task {t.task_no} has no （…负责） clause naming the bodies in charge"]
    return [f"line {t.line}: task {t.task_no} has no 局内 (department) line"]


def completion_missing(t: Task, facts: ListFacts) -> list[str]:
    """A task without a completion time, where other tasks of the list have one."""
    if facts.any_completion and not t.completion_raw:
        return [f"line {t.line}: task {t.task_no} has no completion time in this source"]
    return []


def measure_missing(t: Task, facts: ListFacts) -> list[str]:
    """A task with a number and title only: often a document cut off."""
    return [] if t.measures else [f"line {t.line}: task {t.task_no} has no measure text (document truncated?)"]


def obligation_missing(t: Task, facts: ListFacts) -> list[str]:
    """A scope (省份：…) without 必做/选做."""
    return [
        f"line {a.line}: task {t.task_no} '{a.label}：{u.written}' has no 必做/选做"
        for a in t.assignments
        for u in a.units
        if a.level not in BODY_LEVELS and u.obligation is None
    ]


TASK_CHECKS: tuple[Callable[[Task, ListFacts], list[str]], ...] = (
    body_missing,
    completion_missing,
    measure_missing,
    obligation_missing,
)


# --- a cut-off end and the counts ---------------------------------------------------------------


def looks_cut(tree: ParsedList, vocab: Vocabulary) -> list[str]:
    """The last task (or section) lacks what the ones before it have: a cut-off document.

    Fields: measure text, a body in charge, a province (city, locality) clause, a
    completion time, and a measure text that ends its sentence. Where the task before the
    last lacks the field too (2019 attachment: no completion time in tasks 17–18), it is
    how the document is written, not where it was cut. A document ending in the middle
    of its last list of names (``局内：人事`` of 人事司, ``省份：各类省份`` before 必做) is
    cut off whatever the tasks before it have.

    A cut exactly between two whole tasks leaves nothing of this kind: there only the
    document's own count words (``共23项任务``, :func:`counts_differ`) or the catalog's
    expected counts tell. A list that states no count and has no closing part, cut so, is
    a well-formed shorter list (a known limit, pinned in
    tests/faults/test_parse_task_boundary_cuts.py).
    """
    if len(tree.tasks) < 2:
        return []
    last = tree.tasks[-1]
    if tree.sections and last.section_no != tree.sections[-1].section_no:
        s = tree.sections[-1]
        return [
            f"line {s.line}: the last section ({s.section_no}) has no task, unlike the sections before it: "
            "the document looks cut off (truncated?)"
        ]
    unlike = _missing_at_end(tree.tasks)
    problems = unlike + _cut_in_names(last, tree.tasks[:-1], vocab)
    if not problems:
        return []
    return [
        f"line {last.line}: the last task ({last.task_no}) has {' and '.join(problems)}"
        f"{', unlike the tasks before it' if unlike else ''}: the document looks cut off (truncated?)"
    ]


def _province_clause(t: Task) -> bool:
    return any(a.level not in BODY_LEVELS for a in t.assignments)


def _missing_at_end(tasks: list[Task]) -> list[str]:
    """What the last task lacks that the task before it and most others have."""
    last, before = tasks[-1], tasks[:-1]
    fields: dict[str, Callable[[Task], bool]] = {
        "measure text": lambda t: bool(t.measures),
        "responsible body": has_body,
        "province clause": _province_clause,
        "completion time": lambda t: bool(t.completion_raw),
    }
    problems = [
        f"no {name}"
        for name, has in fields.items()
        if not has(last) and has(before[-1]) and 2 * sum(1 for t in before if has(t)) > len(before)
    ]
    ends = [m.text.rstrip().endswith(SENTENCE_END) for t in before for m in t.measures if m.text]
    if (
        last.measures
        and last.measures[-1].text
        and not last.measures[-1].text.rstrip().endswith(SENTENCE_END)
        and len(ends) >= 3
        and sum(ends) >= 0.9 * len(ends)
    ):
        problems.append("a last sentence that stops midway")
    problems += _text_after_its_cells(last, before)
    if problems == ["no province clause"] and sum(1 for t in before if _province_clause(t)) < 0.8 * len(before):
        # alone, it may be how the last task is written: only where nearly every task has one
        return []
    return problems


def _text_after_its_cells(last: Task, before: list[Task]) -> list[str]:
    """Measure text after the last task's assignments and completion, where (nearly) no task before ends so.

    A table row broken over pages (2020 PDF) goes on with its text on the next page and
    then with the rest of its cells; a document that stops after that text has lost them.
    """
    closed = [t for t in before if t.ends_with in ("assignment", "completion")]
    ordered = last.ends_with == "measure" and (last.assignments or last.completion_raw)
    if not ordered or len(before) < 2 or len(closed) < 0.9 * len(before) or not last.measures:
        return []
    return [f"text after its assignments and completion time ('…{last.measures[-1].text[-12:]}')"]


def _cut_in_names(last: Task, before: list[Task], vocab: Vocabulary) -> list[str]:
    """The document ends inside the last task's last list of names (nothing follows it).

    A body's name that only starts a known name (``人事`` of ``人事司``), or a province
    clause without the 必做/选做 that the clauses of the tasks before it have.
    """
    if last.completion_raw or not last.assignments or not last.assignments[-1].units:
        return []
    a, unit = last.assignments[-1], last.assignments[-1].units[-1]
    if a.level in BODY_LEVELS:
        name = unit.lookup or unit.written
        names = vocab.department_names + [b.name for b in vocab.central_bodies.values()]
        if name not in names and any(n.startswith(name) for n in names):
            return [f"a name cut short ('{unit.written}')"]
        return []
    clauses = [u for t in before for b in t.assignments if b.level not in BODY_LEVELS for u in b.units]
    if unit.obligation is None and clauses and sum(u.obligation is not None for u in clauses) >= 0.9 * len(clauses):
        return [f"a province clause that stops before 必做/选做 ('{a.label}：{unit.written}')"]
    return []


def _stated_counts(preamble: str, vocab: Vocabulary) -> dict[str, tuple[int, str]]:
    """Counts a document states of itself (``部署118项重点任务``, ``共5项任务``, ``围绕七个方面``): table → (n, words).

    The first phrase of count_phrases.csv that matches decides a table's count; a numeral
    that is no number (``十百``) is no count.
    """
    out: dict[str, tuple[int, str]] = {}
    key = fold(preamble)
    for pattern, table in vocab.count_phrases:
        m = pattern.search(key)
        if m and table not in out:
            n = m.group("n")
            try:
                out[table] = (int(n) if n.isdigit() else cn_to_int(n), m.group())
            except (KeyError, ValueError):
                continue
    return out


def counts_differ(tree: ParsedList, vocab: Vocabulary, expected: dict[str, int], n_sections: int) -> list[str]:
    """Found counts against the document's own count words and the catalog's expected counts.

    A shorter document is said to look cut off, naming the tasks (sections) that look
    missing and the last one found.
    """
    found = {"tasks": len(tree.tasks), "sections": n_sections, "groups": len(tree.groups)}
    checks = [
        (t, n, f"the document states '{words}'") for t, (n, words) in _stated_counts(tree.preamble, vocab).items()
    ]
    checks += [(t, n, "the catalog expects it") for t, n in expected.items() if t in found]
    warnings = []
    for table, n, why in checks:
        if table not in found or found[table] == n:
            continue
        if found[table] < n:
            missing = _what_looks_missing(tree, table, n)
            warnings.append(
                f"{found[table]} {table} found, {n} expected ({why}): {missing}"
                f"{'; ' if missing else ''}the document looks cut off (truncated?)"
            )
        else:
            warnings.append(f"{found[table]} {table} found, {n} expected ({why})")
    return warnings


def _what_looks_missing(tree: ParsedList, table: str, n: int) -> str:
    """The numbers 1..n the document lacks of ``table``, and where its text stops: '' where they are not numbered.

    ``task 5 looks missing (the last task found is 4, line 20)``; numbers skipped
    between two that are found are named as skipped.
    """
    items: list[tuple[int, int]]  # (number, line)
    if table == "tasks":
        items, word = [(t.task_no, t.line) for t in tree.tasks], "task"
    elif table == "sections" and tree.sections:
        items, word = [(s.section_no, s.line) for s in tree.sections], "section"
    else:
        return ""
    have = {no for no, _ in items}
    missing = [no for no in range(1, n + 1) if no not in have]
    if not missing:
        return ""
    verb = "looks" if len(missing) == 1 else "look"
    what = f"{word}{'s' if len(missing) > 1 else ''} {_ranges(missing)} {verb} missing"
    if not items:
        return f"{what} (no {word} found)"
    last_no, last_line = max(items)
    after = [no for no in missing if no > last_no]
    skipped = [no for no in missing if no < last_no]
    parts = [f"the last {word} found is {last_no}, line {last_line}"] if after else []
    parts += [f"{_ranges(skipped)} skipped between the numbers found"] if skipped else []
    return f"{what} ({'; '.join(parts)})"


def _ranges(numbers: list[int]) -> str:
    """``[3, 5, 6, 7]`` → ``3, 5–7``."""
    runs: list[list[int]] = []
    for no in numbers:
        if runs and no == runs[-1][-1] + 1:
            runs[-1].append(no)
        else:
            runs.append([no])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
