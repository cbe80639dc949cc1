"""Issue #19: code in small named steps, each readable in one sitting.

No function of the package over 80 lines (``end_lineno - lineno + 1``, decorators aside)
and no module of ipanalysis/parse (the grammar) over 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ipanalysis"
PARSE = sorted((PACKAGE / "parse").rglob("*.py"))
FILES = sorted(PACKAGE.rglob("*.py"))
MAX_FUNCTION, MAX_PARSE_MODULE = 80, 400


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{n.name} ({n.end_lineno - n.lineno + 1} lines, line {n.lineno})"
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        and n.end_lineno is not None
        and n.end_lineno - n.lineno + 1 > MAX_FUNCTION
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_over_80_lines(path):
    assert _long_functions(path) == []


@pytest.mark.parametrize("path", PARSE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_parse_module_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_PARSE_MODULE
