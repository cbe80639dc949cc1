"""Write docs/reference.md: every public name of ``ipanalysis`` (``ipa.…``) with its signature and docstring.

.venv/bin/python scripts/make_docs.py          # rewrite docs/reference.md
.venv/bin/python scripts/make_docs.py --check  # exit 1 when it is out of date (the tests run this)
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import ipanalysis as ipa
from ipanalysis import config
from ipanalysis.analysis.registry import ANALYSES, TABLES

OUT = Path(__file__).resolve().parents[1] / "docs" / "reference.md"
GROUPS = {
    "Tables (the loaders)": lambda n: n.startswith("load_") or n in ("clear_cache", "build", "build_corpus"),
    "Analyses over the published tables": lambda n: n in ipa._FRONT or n in ("analyses", "code_tasks", "tokenize"),
    "Parsing any file": lambda n: n in ("parse_file", "parse_text", "Document"),
    "Charts": lambda n: n in ("chart", "chart_names", "show_chart"),
    "Runs of analyses": lambda n: n in ("Analyses", "Tables"),
    "Errors": lambda n: n.endswith("Error") or n.endswith("Warning"),
}


def _named(path: str) -> str:
    """A default path as the config constant it is under (``config.EXTERNAL / 'reported_outcomes.csv'``)."""
    for const in (
        "CATALOG",
        "PROCESSED",
        "RAW",
        "PARSE_REF",
        "CORPUS_REF",
        "EXTERNAL",
        "FIGURES",
        "REPORTS",
        "NOTEBOOKS",
    ):
        base = str(getattr(config, const))
        if path == base:
            return f"config.{const}"
        if path.startswith(base + "/"):
            return f"config.{const} / {path[len(base) + 1 :]!r}"
    return repr(Path(path).name)


def _entry(name: str) -> str:
    obj = getattr(ipa, name)
    try:
        sig = str(inspect.signature(obj))
    except (TypeError, ValueError):
        sig = ""
    sig = re.sub(r"\w*Path\('([^']*)'\)", lambda m: _named(m.group(1)), sig)  # the same page on every machine
    doc = inspect.getdoc(obj) or ""
    kind = "class" if inspect.isclass(obj) else "function"
    return f"### `ipa.{name}{sig if kind == 'function' else ''}`\n\n{doc}\n"


def reference() -> str:
    names = sorted(ipa.__all__)
    parts = [
        "# ipanalysis reference\n",
        "Every public name of `import ipanalysis as ipa`, with its signature and docstring "
        "(written by `scripts/make_docs.py`; do not edit by hand). The README explains the ideas; "
        "this page is what each name does.\n",
    ]
    done: set[str] = set()
    for title, belongs in GROUPS.items():
        chosen = [n for n in names if belongs(n) and n not in done]
        if not chosen:
            continue
        parts.append(f"## {title}\n")
        parts += [_entry(n) for n in chosen]
        done.update(chosen)
    rest = [n for n in names if n not in done]
    if rest:
        parts.append("## Other\n")
        parts += [_entry(n) for n in rest]
    parts.append("## Analysis results by name (`ipa.analyses().<name>()`)\n")
    parts.append("| name | function | fixed arguments |\n|---|---|---|")
    parts += [f"| `{r}` | `ipanalysis.analysis.{m}.{f}` | {fixed or ''} |" for r, (m, f, fixed) in ANALYSES.items()]
    parts.append(f"\nTables of a run: {', '.join(f'`{t}`' for t in TABLES)}.\n")
    return "\n".join(parts)


if __name__ == "__main__":
    text = reference()
    if "--check" in sys.argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run scripts/make_docs.py")
            sys.exit(1)
        sys.exit(0)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
