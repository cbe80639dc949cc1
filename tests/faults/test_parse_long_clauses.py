"""A responsibility clause of any length keeps every body it names (a 推进计划 task may name 35 and more)."""

from __future__ import annotations

import time

from ipanalysis.parse.document import parse_text
from ipanalysis.parse.task_list.lexer import Lexer
from ipanalysis.parse.vocabulary import load_vocabulary

HEAD = "2025年知识产权强国建设推进计划\n一、完善知识产权制度\n(一)完善知识产权法律法规规章\n"


def _bodies(n: int) -> list[str]:
    vocab = load_vocabulary()
    names = sorted({b.canonical for b in vocab.central_bodies.values()})
    assert len(names) >= n
    return names[:n]


def test_a_clause_of_forty_bodies_keeps_them_all():
    bodies = _bodies(40)
    clause = "、".join(bodies) + "按职责分工负责"
    assert len(clause) > 200
    text = HEAD + f"1.加快推进商标法修改。（{clause}）\n2.推进条例修订。（国家知识产权局、司法部负责）\n"
    doc = parse_text(text, "plan.txt")
    first = doc.assignments[doc.assignments.task_no == 1]
    assert first.assignee_raw.tolist() == bodies
    assert not any("has no （…负责） clause" in w for w in doc.warnings)
    assert doc.tasks.title.tolist() == ["加快推进商标法修改", "推进条例修订"]


def test_a_clause_with_roles_and_bracketed_names_over_200_characters():
    bodies = _bodies(36)
    clause = f"{bodies[0]}牵头，" + "、".join(bodies[1:]) + "参与"
    text = HEAD + f"1.加快推进商标法修改。（{clause}）\n2.推进条例修订。（中央宣传部（国家版权局）、司法部负责）\n"
    doc = parse_text(text, "plan.txt")
    first = doc.assignments[doc.assignments.task_no == 1]
    assert len(first) == 36 and first.role.tolist() == ["lead"] + ["participant"] * 35
    assert len(doc.assignments[doc.assignments.task_no == 2]) == 2


def test_reading_clauses_stays_linear():
    """A long unclosed bracket or a huge clause costs time in proportion to its length."""
    lexer = Lexer(load_vocabulary())

    def seconds(n: int) -> float:
        t = time.perf_counter()
        lexer.lex("（" + "国家知识产权局、" * n)  # never closed
        lexer.lex("（" + "司法部、" * n + "负责）")
        return time.perf_counter() - t

    small, large = seconds(2_000), seconds(16_000)
    assert large < 2.0 and large < 30 * small + 0.05
