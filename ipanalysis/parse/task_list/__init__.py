"""One grammar for every year's task list, driven by structure markers, not line breaks.

The grammar reads the *compact* text (all whitespace removed, see
:class:`~ipanalysis.parse.text.Compact`), so a marker broken over lines or pages is still
a marker. Markers:

* sections ``一、``, work items ``(一)``, tasks ``N.`` (in sequence, at a boundary);
* actor paragraphs: labels ``国家知识产权局：`` ``各地区：`` ``有关省份：`` … and sentences
  opening with an actor and 要/应 (``各地要…``, ``有关省份要…``);
* assignment labels ``局内：`` ``省份：`` ``地市：`` ``涉及地方：``, whose extent is read
  against the department vocabulary (局内) or as ``…必做/…选做`` clauses (the others);
* completion phrases (vocabulary) right after an assignment, or after ``完成时间：``;
* the goal labels ``任务目标：`` (2018 work items) and ``工作目标：`` (earlier plans);
* responsibility clauses closing a task, ``（国家知识产权局、司法部负责）`` (推进计划), read
  as a list of bodies with their role words (``牵头`` ``参与`` ``会同``, role_words.csv).

Because the extent of every assignment comes from its own grammar, a department cell
interleaved with the measure text (2020 PDF) or a whole list on one line parses alike.

The steps, one module each: :mod:`.lexer` (markers, handing lists of names to
:mod:`.departments`, :mod:`.central_bodies` or :mod:`.obligations`), :mod:`.accept`
(which markers are structure), :mod:`.structure` (the tree), :mod:`.texts` (the texts of
its nodes) and :mod:`.checks` (warnings); the tree's types are in :mod:`.tree`.
"""

from __future__ import annotations

from ipanalysis.parse.marked import Marked
from ipanalysis.parse.task_list.accept import accept_markers, has_sections
from ipanalysis.parse.task_list.checks import run_checks
from ipanalysis.parse.task_list.lexer import Lexer
from ipanalysis.parse.task_list.structure import Source, build_structure
from ipanalysis.parse.task_list.texts import fill_texts
from ipanalysis.parse.task_list.tree import (
    BODY_LEVELS,
    Assignment,
    Group,
    Measure,
    ParsedList,
    Section,
    Task,
    Unit,
)
from ipanalysis.parse.text import Compact
from ipanalysis.parse.vocabulary import Vocabulary


def parse_task_list(marked: Marked, vocab: Vocabulary, expected: dict[str, int] | None = None) -> ParsedList:
    """Parse a task list's marked text into sections, work items and tasks.

    ``expected`` maps a table (tasks, sections, groups) to the count a catalog expects;
    a shorter document gets a warning that it looks cut off.
    """
    original = marked.text
    comp = Compact.of(original)
    tokens = accept_markers(Lexer(vocab).lex(comp.text), original, comp)
    tree = build_structure(Source(marked, comp, vocab, tokens, has_sections(tokens, original, comp)))
    fill_texts(tree, original, vocab)
    n_sections = max(len(tree.sections), len(marked.section_list))  # a list of sections printed before the text
    tree.warnings += run_checks(tree, vocab, expected or {}, n_sections)
    return tree


__all__ = [
    "BODY_LEVELS",
    "Assignment",
    "Group",
    "Measure",
    "ParsedList",
    "Section",
    "Task",
    "Unit",
    "parse_task_list",
]
