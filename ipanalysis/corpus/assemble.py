"""The whole corpus: catalog → parsed files → merged tables with provenance.

Steps: load the catalog and check every raw file's sha256; parse each file with the
documents the catalog lists in it; merge sources of one year field by field (primary
first, secondary filling gaps) and publish where they differ; check expected counts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ipanalysis import schema
from ipanalysis.config import CATALOG, CORPUS_REF, PARSE_REF, RAW
from ipanalysis.corpus.inputs import COUNT_TABLES, Table, check_folder, check_table, confined, parser_reads_the_same
from ipanalysis.errors import BuildError, ParseError, ReferenceDataError
from ipanalysis.parse.document import TABLES, DocSpec, Document, parse_file
from ipanalysis.parse.text import fold
from ipanalysis.parse.vocabulary import Vocabulary, load_vocabulary, read_csv


@dataclass
class CatalogEntry:
    doc_id: str
    file: str
    original_name: str
    sha256: str
    year: int
    kind: str
    layout: str
    role: str
    part: int
    line: int = field(default=0, compare=False)  # row of data/catalog.csv (named in errors)


def load_catalog(path: Path = CATALOG, reference: Path = PARSE_REF) -> list[CatalogEntry]:
    """Catalog rows (one per document; a file may hold several), checked against data/schema/inputs.csv.

    ``reference`` holds the parser facts the catalog refers to (the document kinds).
    """
    table = check_table(path, "catalog.csv", _kinds(reference))
    entries = [
        CatalogEntry(
            r["doc_id"],
            r["file"],
            r["original_name"],
            r["sha256"],
            int(r["year"]),
            r["kind"],
            r["layout"],
            r["role"],
            int(r["part"]),
            line,
        )
        for line, r in zip(table.lines, table.rows, strict=True)
    ]
    check_catalog_rows(entries, path)
    return entries


def _kinds(reference: Path) -> dict[str, Table]:
    key = "parse/document_kinds.csv"
    return {key: check_table(reference / key.partition("/")[2], key)}


def check_catalog_rows(entries: list[CatalogEntry], path: Path = CATALOG) -> None:
    """Rules across rows: one file, one hash and layout, parts 1..n; a secondary has one primary.

    A role typo or a second ``primary`` for one year would otherwise publish a year's
    tasks twice; a secondary without its primary would never be merged.
    """
    problems: list[ReferenceDataError] = []
    by_file: dict[str, list[CatalogEntry]] = {}
    for e in entries:
        by_file.setdefault(e.file, []).append(e)
    for file, es in by_file.items():
        for col in ("sha256", "layout"):
            values = {getattr(e, col) for e in es}
            if len(values) > 1:
                problems.append(
                    ReferenceDataError(
                        path, es[-1].line, f"one {col} for every row of {file}", " vs ".join(sorted(values)), column=col
                    )
                )
        parts = sorted(e.part for e in es)
        if parts != list(range(1, len(es) + 1)):
            problems.append(
                ReferenceDataError(
                    path,
                    es[0].line,
                    f"parts 1..{len(es)} for the {len(es)} documents of {file}",
                    ", ".join(map(str, parts)),
                    column="part",
                    fix="number the documents of one file 1, 2, … in the order they appear",
                )
            )
    merged = schema.merged_kinds()  # kinds whose secondary source merges into the primary list of its year
    lists = [e for e in entries if e.kind in merged]
    for e in entries:
        if e.role != "secondary":
            continue
        if e.kind not in merged:
            problems.append(
                ReferenceDataError(
                    path,
                    e.line,
                    f"role primary for a {e.kind} (only {'/'.join(merged)} sources are merged)",
                    e.role,
                    column="role",
                )
            )
        elif not any(p.year == e.year and p.role == "primary" for p in lists):
            problems.append(
                ReferenceDataError(
                    path,
                    e.line,
                    f"a primary {'/'.join(merged)} of {e.year} for this secondary to merge into",
                    "none",
                    column="role",
                    fix="mark the list itself primary, or correct the year",
                )
            )
    primaries: dict[int, CatalogEntry] = {}
    for e in lists:
        if e.role != "primary":
            continue
        if e.year in primaries:
            first = primaries[e.year]
            problems.append(
                ReferenceDataError(
                    path,
                    e.line,
                    f"one primary list per year ({first.doc_id} at line {first.line} is already the primary of {e.year})",
                    e.doc_id,
                    column="role",
                    fix="mark a republication of the same list secondary, or correct the year",
                )
            )
        else:
            primaries[e.year] = e
    if problems:
        raise ReferenceDataError.combine(problems)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_hashes(entries: list[CatalogEntry], raw: Path = RAW) -> None:
    """Raw files are immutable: stop when one is missing or changed, or lies outside ``raw``.

    Every path is confined to ``raw`` (resolved, so no symbolic link leads out) before
    any file is opened or hashed.
    """
    files = {e.file: e for e in entries}
    escapes = []
    for name in files:
        try:
            confined(raw, name)
        except BuildError as exc:
            escapes.append(str(exc))
    if escapes:
        raise BuildError("catalogued files outside the raw folder:\n" + "\n".join(escapes))
    problems = []
    for e in files.values():
        p = raw / e.file
        if not p.exists():
            problems.append(f"{p}: missing (catalog {CATALOG})")
        elif not p.is_file():
            problems.append(f"{p}: not a regular file (catalog {CATALOG})")
        elif (digest := sha256(p)) != e.sha256:
            problems.append(f"{p}: sha256 {digest} differs from the catalog's {e.sha256}")
    if problems:
        raise BuildError("raw files do not match the catalog:\n" + "\n".join(problems))


@dataclass
class Corpus:
    """All tables of the corpus, merged; plus per-file documents for audits."""

    tables: dict[str, pd.DataFrame]
    files: dict[str, Document] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def parse_catalog(
    raw: Path = RAW, catalog: Path = CATALOG, reference: Path = PARSE_REF
) -> tuple[list[CatalogEntry], dict[str, Document]]:
    """Parse every catalogued file (hashes checked first) with the parser facts in ``reference``."""
    entries = load_catalog(catalog, reference)
    check_reference(reference)
    vocab = load_vocabulary(reference)
    check_hashes(entries, raw)
    by_file: dict[str, list[CatalogEntry]] = {}
    for e in entries:
        by_file.setdefault(e.file, []).append(e)
    docs: dict[str, Document] = {}
    for file, es in sorted(by_file.items()):
        es = sorted(es, key=lambda e: e.part)
        specs = [DocSpec(e.doc_id, e.year, e.kind, e.role, e.layout) for e in es]
        doc = parse_file(raw / file, es[0].year, layout=es[0].layout, specs=specs, strict=True, vocab=vocab)
        if len(doc.documents) != len(es):
            raise BuildError(
                f"{raw / file}: the catalog lists {len(es)} documents, the file holds {len(doc.documents)}"
            )
        docs[file] = doc
    check_years(entries, docs, catalog)
    return entries, docs


def catalogued(
    path: Path, raw: Path = RAW, catalog: Path = CATALOG, checks: Path = CORPUS_REF
) -> tuple[list[DocSpec], list[str]]:
    """What the catalog says of a file of ``data/raw``: its documents (with their expected counts), and warnings.

    ``ipanalysis parse data/raw/FILE`` reads a catalogued file as the build does, so a
    copy cut at a task boundary is reported against the counts the catalog expects; a
    file whose bytes differ from the catalog's sha256 is said to differ. A catalogued name
    that is a symbolic link is hashed as what it resolves to, and the link is named (the
    build refuses one leading out of ``data/raw``). ``([], [])`` for a file outside
    ``data/raw``, not in the catalog, or no regular file.
    """
    try:
        named_in_raw = path.absolute().parent.resolve() == raw.resolve()  # the name, link or not
        target = path.resolve()
    except OSError:
        return [], []
    entries = sorted((e for e in load_catalog(catalog) if e.file == path.name), key=lambda e: e.part)
    if not named_in_raw or not entries or not target.is_file():
        return [], []  # missing, a folder, a device: the parser says so, naming the file
    expected, _ = read_expected_counts(checks / "expected_counts.csv", catalog)
    counts: dict[str, dict[str, int]] = {}
    for r in expected.rows:
        counts.setdefault(r["doc_id"], {})[r["table"]] = int(r["count"])
    specs = [DocSpec(e.doc_id, e.year, e.kind, e.role, e.layout, dict(counts.get(e.doc_id, {}))) for e in entries]
    try:
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
    except OSError:
        return [], []  # unreadable: the parser says so, naming the file
    warnings = _link_notes(path, target, raw)
    if digest != entries[0].sha256:
        warnings.append(
            f"{path}: its sha256 {digest[:12]}… differs from the catalog's {entries[0].sha256[:12]}… "
            f"({catalog}:{entries[0].line}); the build stops on it until the file or the catalog is restored"
        )
    return specs, warnings


def _link_notes(path: Path, target: Path, raw: Path) -> list[str]:
    """A catalogued name that is a symbolic link: say where it leads (the build refuses a link out of ``raw``)."""
    if target == (raw.resolve() / path.name):
        return []
    if target.is_relative_to(raw.resolve()):
        return [f"{path} is a symbolic link to {target}: the sha256 checked is that file's"]
    return [
        f"{path} is a symbolic link to {target}, outside {raw.resolve()}: the sha256 checked is that file's, "
        "and the build refuses the link (copy the file into data/raw instead)"
    ]


def check_reference(reference: Path = PARSE_REF) -> dict[str, Table]:
    """The parser's reference tables, checked before the parser reads them."""
    tables = check_folder(reference, "parse")
    for t in tables.values():
        parser_reads_the_same(t, read_csv)
    return tables


def check_years(entries: list[CatalogEntry], docs: dict[str, Document], catalog: Path = CATALOG) -> None:
    """The catalog's year must be the year the document states (``stated_year``: a wrong year relabels a list)."""
    by_id = {e.doc_id: e for e in entries}
    problems = []
    for doc in docs.values():
        for did, title, stated in zip(
            doc.documents.doc_id, doc.documents.title, doc.documents.stated_year, strict=True
        ):
            e = by_id[did]
            if pd.notna(stated) and int(stated) != e.year:
                problems.append(
                    f"{catalog}:{e.line}: {did} has year {e.year}, but its title {title!r} "
                    f"(in {e.file}) states {stated}; correct the year in the catalog"
                )
    if problems:
        raise BuildError("catalog years differ from the documents:\n" + "\n".join(problems))


def _assign_key(rows: list[int], cols: dict[str, list]) -> str:
    """What the assignments at ``rows`` (positions in the table) say, for comparing two sources."""
    if not rows:
        return ""
    if cols["level"][rows[0]] == "bureau":
        return "、".join(str(cols["assignee"][i]) for i in rows)
    return "；".join(dict.fromkeys(fold(cols["text"][i]) for i in rows))


_FIELDS = ("title", "text", "completion")  # the task fields compared and filled across sources


@dataclass
class _MergeState:
    """The corpus tables indexed once for merging, and what the merge found and moved so far."""

    tasks: pd.DataFrame
    cols: dict[str, list]  # the assignments' columns as lists
    task_rows: dict[tuple[str, int], list] = field(default_factory=dict)  # (doc_id, task_no) -> index labels
    task_values: dict[tuple[str, int], dict[str, object]] = field(default_factory=dict)
    numbers: dict[str, set[int]] = field(default_factory=dict)  # doc_id -> its task numbers
    groups: dict[tuple[str, int, str], list[int]] = field(default_factory=dict)  # (doc, task, level) -> positions
    levels: list[str] = field(default_factory=list)
    disc: list[dict] = field(default_factory=list)
    moved: list[tuple[int, str]] = field(default_factory=list)  # (row position, primary doc_id) from a secondary

    @classmethod
    def of(cls, tasks: pd.DataFrame, assignments: pd.DataFrame) -> _MergeState:
        cols = {c: assignments[c].tolist() for c in ("doc_id", "task_no", "level", "assignee", "text", "label")}
        st = cls(tasks, cols)
        for i, d, n, *vals in zip(tasks.index, tasks.doc_id, tasks.task_no, *(tasks[f] for f in _FIELDS), strict=True):
            st.task_rows.setdefault((d, n), []).append(i)
            st.task_values.setdefault((d, n), dict(zip(_FIELDS, vals, strict=True)))
            st.numbers.setdefault(d, set()).add(n)
        for pos, key in enumerate(zip(cols["doc_id"], cols["task_no"], cols["level"], strict=True)):
            st.groups.setdefault(key, []).append(pos)
        st.levels = sorted(set(cols["level"]))
        return st


def merge_sources(
    tables: dict[str, pd.DataFrame], entries: list[CatalogEntry]
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Merge a year's secondary task list into its primary, field by field.

    The primary source wins wherever it has a value; the secondary fills fields the
    primary lacks (e.g. 省份 lines missing from the 2019 attachment). Every field where
    the two differ is a row of the returned discrepancy table.

    Tasks and assignments are indexed once (by document and task, and by document, task
    and level), so the cost grows with the corpus, not with its square.
    """
    st = _MergeState.of(tables["tasks"], tables["assignments"])
    drop_docs: set[str] = set()
    lists = [e for e in entries if e.kind in schema.merged_kinds()]
    primary_of: dict[int, CatalogEntry] = {}
    for e in lists:
        if e.role == "primary":
            primary_of.setdefault(e.year, e)
    for e2 in [e for e in lists if e.role == "secondary"]:
        e1 = primary_of.get(e2.year)
        if e1 is None:
            continue
        drop_docs.add(e2.doc_id)
        _merge_pair(st, e1, e2)
    assignments = _with_moved_rows(tables["assignments"], st.moved)
    keep = {
        "tasks": st.tasks[~st.tasks.doc_id.isin(drop_docs)],
        "measures": tables["measures"][~tables["measures"].doc_id.isin(drop_docs)],
        "assignments": assignments[~assignments.doc_id.isin(drop_docs)],
        "sections": tables["sections"][~tables["sections"].doc_id.isin(drop_docs)],
    }
    merged = {**tables, **keep}
    merged["assignments"] = _renumbered(merged["assignments"])
    return merged, schema.frame("discrepancies", st.disc)


def _merge_pair(st: _MergeState, e1: CatalogEntry, e2: CatalogEntry) -> None:
    """One secondary source (``e2``) into its year's primary (``e1``), task by task."""
    n1, n2 = st.numbers.get(e1.doc_id, set()), st.numbers.get(e2.doc_id, set())
    for n in sorted(n1 | n2):
        base = {"year": e1.year, "task_no": n, "primary_source": e1.file, "secondary_source": e2.file}
        if n not in n2 or n not in n1:
            st.disc.append(
                {
                    **base,
                    "field": "task",
                    "primary": "present" if n in n1 else None,
                    "secondary": "present" if n in n2 else None,
                    "difference": "missing_in_secondary" if n in n1 else "missing_in_primary",
                    "resolution": "primary" if n in n1 else "secondary",
                }
            )
            continue
        _merge_task_fields(st, e1.doc_id, e2.doc_id, n, base)
        _merge_task_assignments(st, e1.doc_id, e2.doc_id, n, base)


def _merge_task_fields(st: _MergeState, d1: str, d2: str, n: int, base: dict) -> None:
    """Title, text and completion of task ``n``: a difference is a row; the secondary fills a gap."""
    for fld in _FIELDS:
        v1, v2 = st.task_values[(d1, n)][fld], st.task_values[(d2, n)][fld]
        v1 = None if pd.isna(v1) or v1 == "" else str(v1)
        v2 = None if pd.isna(v2) or v2 == "" else str(v2)
        if (fold(v1) if v1 else None) == (fold(v2) if v2 else None):
            continue
        kind = "differs" if v1 and v2 else ("missing_in_secondary" if v1 else "missing_in_primary")
        st.disc.append(
            {
                **base,
                "field": fld,
                "primary": v1,
                "secondary": v2,
                "difference": kind,
                "resolution": "primary" if v1 else "secondary",
            }
        )
        if not v1:
            st.tasks.loc[st.task_rows[(d1, n)], fld] = v2


def _merge_task_assignments(st: _MergeState, d1: str, d2: str, n: int, base: dict) -> None:
    """The assignments of task ``n``, level by level: a difference is a row; the secondary's fill a gap."""
    for level in st.levels:
        a1 = st.groups.get((d1, n, level), [])
        a2 = st.groups.get((d2, n, level), [])
        k1, k2 = _assign_key(a1, st.cols), _assign_key(a2, st.cols)
        if k1 == k2:
            continue
        label = st.cols["label"][(a1 or a2)[0]]
        kind = "differs" if k1 and k2 else ("missing_in_secondary" if k1 else "missing_in_primary")
        st.disc.append(
            {
                **base,
                "field": f"assignments:{label}",
                "primary": k1 or None,
                "secondary": k2 or None,
                "difference": kind,
                "resolution": "primary" if k1 else "secondary",
            }
        )
        if not k1:
            st.moved += [(pos, d1) for pos in a2]
            # a later secondary of the same year sees these rows as the primary's
            st.groups[(d1, n, level)] = a1 + a2


def _with_moved_rows(assignments: pd.DataFrame, moved: list[tuple[int, str]]) -> pd.DataFrame:
    """The secondary's rows the primary lacks, now the primary's (one copy, one concat)."""
    if not moved:
        return assignments
    extra = assignments.iloc[[pos for pos, _ in moved]].copy()
    extra["doc_id"] = [doc for _, doc in moved]
    return pd.concat([assignments, extra], ignore_index=True)


def _renumbered(assignments: pd.DataFrame) -> pd.DataFrame:
    """Sequence numbers of assignments follow level order after the merge."""
    a = assignments.copy()
    order = level_order()
    a["_o"] = a["level"].map(order).fillna(len(order))  # an unknown level stops the build in schema.conform
    a = a.sort_values(["year", "doc_id", "task_no", "_o", "seq"], kind="stable").drop(columns="_o")
    a["seq"] = a.groupby(["doc_id", "task_no"]).cumcount() + 1
    return a


def level_order() -> dict[str, int]:
    """Assignment level → its place in a task's rows (data/reference/vocabularies/assignment_levels.csv)."""
    return {lvl.level: i for i, lvl in enumerate(schema.assignment_levels())}


def departments_table(assignments: pd.DataFrame, guide: pd.DataFrame, vocab: Vocabulary) -> pd.DataFrame:
    """The department reference table with the years each written name occurs in."""
    rows = []
    bureau = assignments[assignments.level == "bureau"]
    # every written name folded once: years and counts per folded name
    years_of: dict[str, set[int]] = {}
    n_of: dict[str, int] = {}
    for name, year in zip(bureau.assignee_raw, bureau.year, strict=True):
        key = fold(name)
        years_of.setdefault(key, set()).add(int(year))
        n_of[key] = n_of.get(key, 0) + 1
    guide_years: dict[str, set[int]] = {}
    for names, year in zip(guide["departments_raw"], guide["year"], strict=True):
        for name in str(names or "").split(";"):
            if name:
                guide_years.setdefault(fold(name), set()).add(int(year))
    for dep in sorted(vocab.departments.values(), key=lambda d: (d.canonical, d.name)):
        key = fold(dep.name)
        years = years_of.get(key, set()) | guide_years.get(key, set())
        n_assign = n_of.get(key, 0)
        rows.append(
            {
                "name": dep.name,
                "canonical": dep.canonical,
                "full_name": dep.full_name,
                "unit_type": dep.unit_type,
                "era": dep.era,
                "successor": dep.successor or None,
                "note": dep.note or None,
                "years": ";".join(str(y) for y in sorted(years)) or None,
                "n_assignments": n_assign,
            }
        )
    return schema.frame("departments", rows)


def read_expected_counts(path: Path, catalog: Path = CATALOG, reference: Path = PARSE_REF) -> tuple[Table, Table]:
    """``expected_counts.csv`` checked against the catalog and ``count_tables.csv``; both tables."""
    known = _kinds(reference)
    cat = check_table(catalog, "catalog.csv", known)
    kinds = check_table(COUNT_TABLES, "count_tables.csv", known)
    return check_table(path, "corpus/expected_counts.csv", {"catalog.csv": cat, "count_tables.csv": kinds}), kinds


def check_expected_counts(
    tables: dict[str, pd.DataFrame],
    path: Path,
    entries: list[CatalogEntry] | None = None,
    catalog: Path = CATALOG,
    reference: Path = PARSE_REF,
) -> None:
    """Compare the per-document counts with ``expected_counts.csv``; stop on any mismatch.

    Every catalogued document must have a row for each count its kind declares in
    ``data/schema/count_tables.csv``: a deleted row is an error, not a skipped check.
    Counts come from ``tables`` (every file's tables, before merging).
    """
    entries = entries if entries is not None else load_catalog(catalog, reference)
    expected, kinds = read_expected_counts(path, catalog, reference)
    needed: dict[str, set[str]] = {}
    for r in kinds.rows:
        needed.setdefault(r["kind"], set()).add(r["table"])
    kind_of = {e.doc_id: e.kind for e in entries}
    given: dict[str, set[str]] = {}
    problems: list[ReferenceDataError] = []
    for line, r in zip(expected.lines, expected.rows, strict=True):
        kind = kind_of[r["doc_id"]]
        if r["table"] not in needed.get(kind, set()):
            problems.append(
                ReferenceDataError(
                    path,
                    line,
                    f"a count count_tables.csv lists for a {kind}",
                    r["table"],
                    column="table",
                    fix=f"add '{kind},{r['table']}' to {kinds.path} or remove the row",
                )
            )
        given.setdefault(r["doc_id"], set()).add(r["table"])
    for e in entries:
        if e.kind not in needed:
            problems.append(
                ReferenceDataError(
                    kinds.path,
                    None,
                    f"the counts a {e.kind} states (rows '{e.kind},TABLE')",
                    "none",
                    column="kind",
                    fix=f"add the tables every {e.kind} states its count of ({e.doc_id} is one, catalog line {e.line})",
                )
            )
        for t in sorted(needed.get(e.kind, set()) - given.get(e.doc_id, set())):
            problems.append(
                ReferenceDataError(
                    path,
                    None,
                    f"a row {e.doc_id},{t},COUNT (every {e.kind} states its {t})",
                    "no row",
                    column="table",
                    fix=f"add the {t} count of {e.doc_id} (catalog line {e.line})",
                )
            )
    if problems:
        raise ReferenceDataError.combine(problems)
    # counts per document from the concatenated tables, each table grouped once
    size = {t: tables[t].groupby("doc_id").size().to_dict() for t in TABLES}
    groups = tables["tasks"][["doc_id", "section_no", "group_no"]].dropna().drop_duplicates()
    size["groups"] = groups.groupby("doc_id").size().to_dict()
    size["parts"] = size["sections"]
    mismatches = []
    for r in expected.rows:
        did, table, count = r["doc_id"], r["table"], int(r["count"])
        found = size[table].get(did, 0)
        if found != count:
            mismatches.append(f"{did}: {found} {table}, expected {count}")
    if mismatches:
        raise BuildError(f"counts differ from {path}:\n" + "\n".join(mismatches))


def build_corpus(
    raw: Path = RAW, catalog: Path = CATALOG, reference: Path = PARSE_REF, checks: Path = CORPUS_REF
) -> Corpus:
    """Parse, merge and check the whole corpus in memory.

    ``reference`` holds the parser facts (departments, labels …), ``checks`` the expected
    counts; both default to the folders under ``data/reference``.
    """
    entries, files = parse_catalog(raw, catalog, reference)
    year_of = {e.file: e.year for e in entries}
    tables = {t: pd.concat([d.table(t) for d in files.values()], ignore_index=True) for t in TABLES}
    for t in TABLES:
        tables[t] = tables[t][schema.columns(t)]
    check_expected_counts(tables, checks / "expected_counts.csv", entries, catalog, reference)
    merged, disc = merge_sources(tables, entries)
    merged["discrepancies"] = disc
    merged["departments"] = departments_table(
        merged["assignments"], merged["guideline_items"], load_vocabulary(reference)
    )
    dropped, warns = [], []
    for file, d in files.items():
        for m in d.marked:
            dropped += [
                {"year": year_of[file], "source_file": file, "line": x.line, "rule": x.rule, "text": x.text}
                for x in m.dropped
            ]
        warns += [{"year": year_of[file], "source_file": file, "message": w} for w in d.warnings]
    merged["dropped_boilerplate"] = schema.frame("dropped_boilerplate", dropped)
    merged["parse_warnings"] = schema.frame("parse_warnings", warns)
    out = {name: schema.conform(name, df) for name, df in merged.items()}
    return Corpus(out, files, [str(w["message"]) for w in warns])


__all__ = ["BuildError", "Corpus", "ParseError", "build_corpus", "load_catalog", "parse_catalog"]
