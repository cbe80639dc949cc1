"""The text of every node, cut from the original by its spans once the tree is built.

Spans are collected while the builder walks the markers; joining and cleaning them only
at the end means a node's text is cleaned once, whatever page breaks split it.
"""

from __future__ import annotations

import re

from ipanalysis.parse.task_list.tree import ParsedList, Span
from ipanalysis.parse.text import clean_text, normalise_completion
from ipanalysis.parse.vocabulary import Vocabulary


def text_of(original: str, spans: list[Span]) -> str:
    """The cleaned text of ``spans`` of ``original``, one line each."""
    return clean_text("\n".join(original[a:b] for a, b in spans))


def fill_texts(tree: ParsedList, original: str, vocab: Vocabulary) -> None:
    """Titles, goals, measure texts, completion times and the preamble from their spans.

    A measure left without text or actor (an empty paragraph) is dropped.
    """
    for s in tree.sections:
        s.title = text_of(original, s.spans)
    for g in tree.groups:
        head = "\n".join(original[a:b] for a, b in g.spans)
        if g.goal_spans:
            g.title = clean_text(head)
            g.goal = text_of(original, g.goal_spans)
        else:
            g.title, g.goal = heading_and_goal(head)
    for task in tree.tasks:
        for m in task.measures:
            m.text = text_of(original, m.spans)
        task.measures = [m for m in task.measures if m.text or m.actor]
        if task.completion_spans:
            raw = " ".join(original[a:b] for a, b in task.completion_spans)
            task.completion_raw = clean_text(raw)
            task.completion = normalise_completion(raw, vocab.completions)
    tree.preamble = text_of(original, tree.preamble_spans)


def heading_and_goal(text: str) -> tuple[str, str]:
    """A work item heading without a goal label: its first line; what follows is its goal.

    ``（一）完善专利法规政策`` / ``强化专利立法前瞻性研究……体系。`` (pre-2018 plans). On one
    line, the heading ends at the first space before a sentence that ends in 。.
    """
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1:
        return clean_text(lines[0]), clean_text("\n".join(lines[1:]))
    one = text.strip()
    m = re.match(r"(\S+)\s+(\S.*。.*)$", one, re.DOTALL)
    if m and "。" not in m.group(1):
        return clean_text(m.group(1)), clean_text(m.group(2))
    return clean_text(one), ""
