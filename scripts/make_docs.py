"""The documentation: docs/reference.md, and the pages of the site generated from the schema and the API.

.venv/bin/python scripts/make_docs.py          # rewrite docs/reference.md
.venv/bin/python scripts/make_docs.py --check  # exit 1 when it is out of date (the tests run this)
.venv/bin/mkdocs build --strict                # the site (mkdocs.yml), into site/

``docs/reference.md`` is every public name of ``ipanalysis`` (``ipa.…``) with its signature
and docstring, on one page that reads on GitHub. This file is also the hook module of
``mkdocs.yml``: at every build it generates one page per published table (from
``data/schema/tables.csv``, ``fields.csv``, ``resources.csv`` and the vocabularies they
name) and one API page per group of ``ipanalysis.__all__`` (rendered by mkdocstrings),
adds them to the navigation and fills the ``<!-- docs: … -->`` markers of the hand-written
pages. Nothing generated is committed, so no page can be stale.
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


# ---------------------------------------------------------------- the site (mkdocs.yml hooks)

ROOT = Path(__file__).resolve().parents[1]
TYPES = {
    "int": "whole number (empty where missing)",
    "float": "number",
    "str": "text",
    "bool": "true / false",
}
STAGES = {
    "corpus": "corpus table: built from data/raw by `ipanalysis build`, written to `data/processed/{t}.parquet` "
    "and `data/processed/{t}.csv`",
    "analysis": "analysis table: computed from the corpus tables when asked for",
}
API_PAGES = {  # GROUPS title → page under api/
    "Tables (the loaders)": "loaders",
    "Analyses over the published tables": "analyses",
    "Parsing any file": "parsing",
    "Charts": "charts",
    "Runs of analyses": "runs",
    "Errors": "errors",
}


def _text(s: str) -> str:
    """Plain text from a CSV cell, safe inside Markdown (no tag, link or emphasis made by accident)."""
    s = s.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([`*_\[\]|])", r"\\\1", s)


def _code(s: str) -> str:
    """A value as inline code (backticks inside it kept)."""
    fence = "``" if "`" in s else "`"
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _vocabulary_lines(spec: str) -> list[str]:
    """``FILE:COLUMN`` of data/reference → one line per value, with what the file says of it."""
    from ipanalysis.schema import VOCABULARY, vocabulary_rows

    m = VOCABULARY.fullmatch(spec)
    assert m is not None, spec
    file, column = m["file"], m["column"]
    lines, seen = [], set()
    for row in vocabulary_rows(spec):
        value = row.get(column, "")
        if value in seen:
            continue
        seen.add(value)
        say = next((row[c] for c in ("note", "en", "label_en") if row.get(c)), "")
        zh = next((row[c] for c in ("zh", "label_zh") if row.get(c)), "")
        words = "; ".join(_text(w) for w in (say, zh) if w)
        lines.append(f"    - {_code(value)}" + (f": {words}" if words else ""))
    where = f" where `{m['key']}` is `{m['value']}`" if m["key"] else ""
    return [f"one of the values of `data/reference/{file}` (column `{column}`{where}):", "", *lines]


def _values_lines(values) -> list[str]:
    """What a column may hold (:class:`ipanalysis.schema.Values`) as Markdown lines."""
    from ipanalysis.corpus.inputs import RANGE

    if values.vocabulary:
        return _vocabulary_lines(values.vocabulary)
    if values.pattern:
        return [f"text matching the regular expression {_code(values.pattern)}"]
    m = RANGE.fullmatch(values.allowed) if values.allowed else None
    if m:
        return [f"a number from {m.group(1)} to {m.group(2)}"]
    if values.allowed:
        return [", ".join(_code(v) for v in values.allowed.split("|"))]
    return ["any (no list of values)"]


def _loader(name: str) -> str:
    return f"`ipa.{name}()`" if name in ipa.__all__ else f"`{name}`"


def _about(table: str) -> dict[str, str]:
    """What resources.csv says of a table; for a table it does not list, what the analysis registry says."""
    from ipanalysis.schema import resources

    for r in resources():
        if r.table == table:
            return {"stage": r.stage, "loader": _loader(r.loader), "row": r.one_row_per, "what": r.description}
    if table in ANALYSES:
        module, function, _ = ANALYSES[table]
        return {
            "stage": "analysis",
            "loader": f"{_loader(function)} (the result `{table}` of `ipa.analyses()`; "
            f"`ipanalysis.analysis.{module}.{function}`)",
            "row": "",
            "what": "",
        }
    return {"stage": "", "loader": "", "row": "", "what": ""}


def table_page(table: str, columns) -> str:
    """One table's page: what a row is, where it comes from, then every column."""
    about = _about(table)
    key = [c.name for c in sorted((c for c in columns if c.key is not None), key=lambda c: c.key or 0)]
    out = [f"# {table}\n"]
    if about["what"]:
        out.append(f"{_text(about['what'][:1].upper() + about['what'][1:])}.\n")
    facts = []
    if about["row"]:
        facts.append(f"**One row per**: {_text(about['row'])}")
    if about["stage"]:
        facts.append(f"**Stage**: {STAGES.get(about['stage'], about['stage']).format(t=table)}")
    if about["loader"]:
        facts.append(f"**In Python**: {about['loader']}")
    if key:
        facts.append(f"**Sorted by** (the key): {', '.join(_code(k) for k in key)}")
    facts.append(f"**Columns**: {len(columns)}, in this order: {', '.join(f'[{c.name}](#{c.name})' for c in columns)}")
    out += [f"* {f}" for f in facts]
    out.append("\n## Columns\n")
    renamed: dict[str, list[dict[str, str]]] = {}
    for r in _renames():
        if r["table"] == table:
            renamed.setdefault(r["new"], []).append(r)
    for i, c in enumerate(columns, start=1):
        out.append(f"### {i}. `{c.name}` {{#{c.name}}}\n")
        lines = [f"**type**: `{c.dtype}`, {TYPES.get(c.dtype, c.dtype)}"]
        if c.label:
            lines.append(
                f'**header** (workbook, report pages): <span lang="zh">{_text(c.label_zh)}</span> {_text(c.label)}'
            )
        if c.key is not None:
            lines.append(f"**sort key**: position {c.key}")
        if c.unit:
            lines.append(f"**unit**: {_text(c.unit)}")
        for r in renamed.get(c.name, []):
            lines.append(f"**renamed**: called `{r['old']}` before version {_text(r['version'])}")
        lines.append(f"**meaning**: {_text(c.meaning)}")
        if c.meaning_zh:
            lines.append(f'**含义**: <span lang="zh">{_text(c.meaning_zh)}</span>')
        values = _values_lines(c.values)
        lines.append(f"**allowed values**: {values[0]}" + "".join(f"\n{v}" for v in values[1:]))
        out += [f"* {x}" for x in lines]
        out.append("")
    out.append(
        "---\n\nGenerated at every build of this site from `data/schema/tables.csv`, `data/schema/fields.csv` "
        "and `data/schema/resources.csv` (with `data/schema/renames.csv`) by `scripts/make_docs.py`.\n"
    )
    return "\n".join(out)


def _renames() -> list[dict[str, str]]:
    """Columns renamed between versions (``data/schema/renames.csv``; none when the file is absent)."""
    import csv

    from ipanalysis.config import SCHEMA

    path = SCHEMA.parent / "renames.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _renames_section() -> list[str]:
    rows = _renames()
    if not rows:
        return []
    return [
        "## Renamed columns\n",
        "One name means one thing in every table. Names that meant two things were renamed "
        "(`data/schema/renames.csv`); `ipa.upgrade_columns(df, table)` renames the columns of a file written "
        "by an earlier version.\n",
        *[
            f"* [{r['table']}]({r['table']}.md): `{r['old']}` → [`{r['new']}`]({r['table']}.md#{r['new']}) "
            f"(version {_text(r['version'])}): {_text(r.get('why') or '')}"
            for r in rows
        ],
        "",
    ]


def table_pages() -> dict[str, str]:
    """``tables/index.md`` and ``tables/<table>.md`` for every table of data/schema/tables.csv."""
    from ipanalysis.schema import load_schema

    schema = load_schema()
    rows = ["| table | one row per | stage | in Python | columns |", "|---|---|---|---|---|"]
    for table, columns in schema.items():
        about = _about(table)
        rows.append(
            f"| [{table}]({table}.md) | {_text(about['row'])} | {about['stage']} | {about['loader']} | {len(columns)} |"
        )
    index = [
        "# Tables\n",
        "Every table ipanalysis publishes, one page each, with every column: its type, its meaning in English "
        "and Chinese and the values it may hold. The pages are generated at every build of this site from the "
        "schema the build itself checks every published value against: `data/schema/tables.csv` (the fields "
        "of each table, their order and the sort key), `data/schema/fields.csv` (each field's type, unit, "
        "meaning and allowed values, pattern or vocabulary) and `data/schema/resources.csv` (what one row is, "
        "the loader), with the vocabularies of `data/reference/` they name.\n",
        "*Corpus* tables are built from the raw documents by `ipanalysis build` into `data/processed/` "
        "(Parquet and CSV, with `data_dictionary.csv` and a Frictionless `datapackage.json`); *analysis* "
        "tables are computed from them. The Excel workbook (`reports/ipanalysis_tables.xlsx`) has a `columns` "
        "sheet with the same descriptions.\n",
        *rows,
        "",
        *_renames_section(),
    ]
    pages = {"tables/index.md": "\n".join(index)}
    for table, columns in schema.items():
        pages[f"tables/{table}.md"] = table_page(table, columns)
    return pages


def _where(name: str) -> tuple[str, bool]:
    """The dotted path mkdocstrings documents for ``ipa.<name>``, and whether ``ipa.<name>`` fills in tables."""
    from ipanalysis.api import FRONT

    if name in FRONT:
        module, function = FRONT[name]
        return f"ipanalysis.analysis.{module}.{function}", True
    module = getattr(ipa, "_LAZY", {}).get(name)
    if module:
        return f"ipanalysis.{module}.{name}", False
    obj = getattr(ipa, name)
    return f"{obj.__module__}.{obj.__qualname__}", False


def _first_table_parameter(path: str) -> str:
    """The first parameter of a function that names a table or an analysis result (what ``ipa.`` fills in)."""
    import importlib

    module, _, function = path.rpartition(".")
    fn = getattr(importlib.import_module(module), function)
    names = set(TABLES) | set(ANALYSES)
    return next((p for p in inspect.signature(fn).parameters if p in names), "")


def _api_groups() -> dict[str, list[str]]:
    names = sorted(ipa.__all__)
    done: set[str] = set()
    groups: dict[str, list[str]] = {}
    for title, belongs in GROUPS.items():
        chosen = [n for n in names if belongs(n) and n not in done]
        if chosen:
            groups[title] = chosen
            done.update(chosen)
    rest = [n for n in names if n not in done]
    if rest:
        groups["Other"] = rest
    return groups


def api_pages() -> dict[str, str]:
    """``api/index.md``, one page per group of ``ipa.__all__`` (mkdocstrings) and the analysis results by name."""
    groups = _api_groups()
    index = [
        "# API reference\n",
        "Every public name of `import ipanalysis as ipa` (`ipanalysis.__all__`), grouped, with its signature "
        "and docstring as the code states them; these pages are generated at every build. The same names on "
        "one plain page: `docs/reference.md` in the repository.\n",
    ]
    pages = {}
    for title, names in groups.items():
        slug = API_PAGES.get(title, re.sub(r"\W+", "-", title.lower()).strip("-"))
        index.append(f"* [{title}]({slug}.md): {', '.join(f'`ipa.{n}`' for n in names)}")
        body = [f"# {title}\n"]
        for name in names:
            path, filled = _where(name)
            body.append(f"::: {path}")
            body.append("    options:")
            body.append(f'      heading: "ipa.{name}"')
            body.append(f'      toc_label: "ipa.{name}"')
            body.append("")
            note = f"`ipa.{name}` is `{path}`"
            if filled:
                note += ": its table parameters are filled with the published tables unless given by name"
                table = _first_table_parameter(path)
                if table:
                    note += f" (`ipa.{name}({table}=my_{table})`)"
            body.append(f"{note}.\n")
        pages[f"api/{slug}.md"] = "\n".join(body)
    index.append("* [Analysis results by name](results.md): `ipa.analyses().<name>()`\n")
    results = [
        "# Analysis results by name\n",
        "`run = ipa.analyses()` computes each result once per build; `run.<name>()` returns a copy.\n",
        "| name | function | fixed arguments |",
        "|---|---|---|",
        *[
            f"| `{r}` | `ipanalysis.analysis.{m}.{f}` | {_text(str(fixed or ''))} |"
            for r, (m, f, fixed) in ANALYSES.items()
        ],
        f"\nTables of a run: {', '.join(f'`{t}`' for t in TABLES)}.\n",
    ]
    pages["api/index.md"] = "\n".join(index)
    pages["api/results.md"] = "\n".join(results)
    return pages


def cli_page() -> str:
    """``cli.md``: the help of ``ipanalysis`` and of every command, as the command line prints it."""
    import argparse
    import os

    import ipanalysis.cli
    from ipanalysis.cli import build_parser

    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # the same line breaks on every machine
    try:
        parser = build_parser()
        out = [
            "# Command line\n",
            "`ipanalysis` alone prints the help below; `ipanalysis COMMAND --help` the help of one command. "
            "This page is that help, generated at every build from the command line itself.\n",
            "```text",
            parser.format_help().rstrip(),
            "```\n",
        ]
        doc = inspect.cleandoc(ipanalysis.cli.__doc__ or "")
        if "\n\n" in doc:  # the conventions the module docstring states, after its first line
            out += ["## Conventions\n", doc.split("\n\n", 1)[1].strip() + "\n"]
        subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        for name, sub in subs.choices.items():
            out += [f"## `ipanalysis {name}`\n", "```text", sub.format_help().rstrip(), "```\n"]
    finally:
        if before is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = before
    return "\n".join(out)


def generated_pages() -> dict[str, str]:
    """Every page the build generates: path under docs/ → Markdown."""
    return {**table_pages(), **api_pages(), "cli.md": cli_page()}


def _catalog_columns() -> str:
    """The columns of data/catalog.csv with what to write in each (inputs.csv rules, catalog_columns.csv)."""
    import csv

    from ipanalysis.config import CATALOG, REPORT_REF
    from ipanalysis.corpus.inputs import load_rules

    with CATALOG.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    rules = {r.column: r for r in load_rules().get("catalog.csv", ())}
    meaning = {}
    with (REPORT_REF / "catalog_columns.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            meaning[row["column"]] = row["meaning"]
    rows = ["| column | required | what to write |", "|---|---|---|"]
    for column in header:
        rule = rules.get(column)
        required = {"value": "yes", "column": "the column, may be empty", "no": "no"}.get(
            getattr(rule, "required", ""), "no"
        )
        say = [getattr(rule, "fix", "") or "", meaning.get(column, "")]
        allowed = getattr(rule, "allowed", "") or ""
        if allowed.startswith("@"):
            say.append(f"checked against `data/reference/{allowed[1:].split(':')[0]}`")
        elif allowed:
            say.append("allowed: " + ", ".join(_code(v) for v in allowed.split("|")))
        rows.append(f"| `{column}` | {required} | {'; '.join(_text(s) for s in say if s) or '—'} |")
    return "\n".join(rows)


def _count_tables() -> str:
    """data/schema/count_tables.csv: the counts each kind of document states in expected_counts.csv."""
    import csv

    from ipanalysis.config import SCHEMA

    with (SCHEMA.parent / "count_tables.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    lines = ["| kind of document | count | note |", "|---|---|---|"]
    lines += [f"| `{r['kind']}` | `{r['table']}` | {_text(r.get('note') or '')} |" for r in rows]
    return "\n".join(lines)


def _include(rel: str, level: int) -> str:
    """A Markdown file of the repository, its first heading dropped and the others put under ``level``."""
    text = (ROOT / rel).read_text(encoding="utf-8")
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    out = [re.sub(r"^(#+) ", lambda m: "#" * min(6, len(m.group(1)) + level - 1) + " ", ln) for ln in lines]
    return "\n".join(out)


MARKER = re.compile(r"<!-- docs: (\w+)(?: ([^ ]+))? -->")


def _fill(match: re.Match) -> str:
    what, arg = match.group(1), match.group(2)
    if what == "catalog_columns":
        return _catalog_columns()
    if what == "count_tables":
        return _count_tables()
    if what == "include" and arg:
        return _include(arg, 2)
    raise ValueError(f"unknown docs marker {match.group(0)}")


# mkdocs hooks (mkdocs.yml: hooks: [scripts/make_docs.py])


def on_config(config):
    """Put the generated pages into the navigation: every table under Tables, every API group under API reference.

    A nav entry naming a generated index page (``tables/index.md``, ``api/index.md``) becomes a section of
    that index and the pages generated beside it, each titled by its first heading.
    """
    pages = generated_pages()
    for i, entry in enumerate(config.nav or []):
        if not isinstance(entry, dict) or len(entry) != 1:
            continue
        (title, index), *_ = entry.items()
        if not (isinstance(index, str) and index in pages and index.endswith("/index.md")):
            continue
        folder = index[: -len("index.md")]
        children = [p for p in pages if p.startswith(folder) and p != index]
        config.nav[i] = {title: [index, *({_title(pages[p]): p} for p in children)]}
    return config


def _title(markdown: str) -> str:
    return next(line[2:].strip() for line in markdown.splitlines() if line.startswith("# "))


def on_files(files, config):
    """Add the generated pages (from the schema and ``ipa.__all__``, read now) to the site."""
    from mkdocs.structure.files import File

    for path, text in generated_pages().items():
        files.append(File.generated(config, path, content=text))
    return files


def on_post_build(config):
    """``search/search_index.js`` beside the index: what material loads from a site opened from disk.

    Material's own ``offline`` plugin writes it too, but adds a script fetched from a CDN; without the
    file every page opened from disk logs an error. The search itself needs the site served.
    """
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        index.with_suffix(".js").write_text(f"var __index = {index.read_text(encoding='utf-8')};\n", encoding="utf-8")


def on_page_markdown(markdown, page, config, files):
    """Fill the ``<!-- docs: … -->`` markers of the hand-written pages."""
    return MARKER.sub(_fill, markdown)


def on_page_content(html, page, config, files):
    """Docstrings are written for Sphinx here and there: ``:func:`x``` reads as ``x``."""
    return re.sub(r":(?:func|class|mod|data|meth|attr|exc|obj):<code>~?", "<code>", html)


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
