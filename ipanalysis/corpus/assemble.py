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
from ipanalysis.corpus.inputs import Table, check_folder, check_table, confined, parser_reads_the_same
from ipanalysis.errors import BuildError, ParseError, ReferenceDataError
from ipanalysis.parse.document import TABLES, DocSpec, Document, _year_of, parse_file
from ipanalysis.parse.text import fold
from ipanalysis.parse.vocabulary import Vocabulary, load_vocabulary, read_csv

# kinds whose secondary source (a republication) is merged into the primary list of its year
MERGED_KINDS = ("task_list", "plan")


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


def load_catalog(path: Path = CATALOG) -> list[CatalogEntry]:
    """Catalog rows (one per document; a file may hold several), checked against data/schema/inputs.csv."""
    table = check_table(path, "catalog.csv")
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
    lists = [e for e in entries if e.kind in MERGED_KINDS]
    for e in entries:
        if e.role != "secondary":
            continue
        if e.kind not in MERGED_KINDS:
            problems.append(
                ReferenceDataError(
                    path,
                    e.line,
                    f"role primary for a {e.kind} (only {'/'.join(MERGED_KINDS)} sources are merged)",
                    e.role,
                    column="role",
                )
            )
        elif not any(p.year == e.year and p.role == "primary" for p in lists):
            problems.append(
                ReferenceDataError(
                    path,
                    e.line,
                    f"a primary {'/'.join(MERGED_KINDS)} of {e.year} for this secondary to merge into",
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
    entries = load_catalog(catalog)
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


def check_reference(reference: Path = PARSE_REF) -> dict[str, Table]:
    """The parser's reference tables, checked before the parser reads them."""
    tables = check_folder(reference, "parse")
    for t in tables.values():
        parser_reads_the_same(t, read_csv)
    return tables


def check_years(entries: list[CatalogEntry], docs: dict[str, Document], catalog: Path = CATALOG) -> None:
    """The catalog's year must be the year the document's title states (a wrong year relabels a list)."""
    by_id = {e.doc_id: e for e in entries}
    problems = []
    for doc in docs.values():
        for did, title in zip(doc.documents.doc_id, doc.documents.title, strict=True):
            stated = _year_of(str(title or ""))
            e = by_id[did]
            if stated is not None and stated != e.year:
                problems.append(
                    f"{catalog}:{e.line}: {did} has year {e.year}, but its title {title!r} "
                    f"(in {e.file}) states {stated}; correct the year in the catalog"
                )
    if problems:
        raise BuildError("catalog years differ from the documents:\n" + "\n".join(problems))


def _assign_key(df: pd.DataFrame) -> str:
    if df.empty:
        return ""
    if df["level"].iloc[0] == "bureau":
        return "、".join(str(u) for u in df["unit"])
    return "；".join(dict.fromkeys(fold(t) for t in df["text"]))


def merge_sources(
    tables: dict[str, pd.DataFrame], entries: list[CatalogEntry]
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Merge a year's secondary task list into its primary, field by field.

    The primary source wins wherever it has a value; the secondary fills fields the
    primary lacks (e.g. 省份 lines missing from the 2019 attachment). Every field where
    the two differ is a row of the returned discrepancy table.
    """
    tasks, measures, assignments = tables["tasks"], tables["measures"], tables["assignments"]
    disc: list[dict] = []
    drop_docs: set[str] = set()
    lists = [e for e in entries if e.kind in ("task_list", "plan")]
    for e2 in [e for e in lists if e.role == "secondary"]:
        prim = [e for e in lists if e.year == e2.year and e.role == "primary"]
        if not prim:
            continue
        e1 = prim[0]
        drop_docs.add(e2.doc_id)
        t1 = tasks[tasks.doc_id == e1.doc_id].set_index("task_no")
        t2 = tasks[tasks.doc_id == e2.doc_id].set_index("task_no")
        for n in sorted(set(t1.index) | set(t2.index)):
            base = {"year": e1.year, "task_no": n, "primary_source": e1.file, "secondary_source": e2.file}
            if n not in t2.index or n not in t1.index:
                disc.append(
                    {
                        **base,
                        "field": "task",
                        "primary": "present" if n in t1.index else None,
                        "secondary": "present" if n in t2.index else None,
                        "kind": "missing_in_secondary" if n in t1.index else "missing_in_primary",
                        "resolution": "primary" if n in t1.index else "secondary",
                    }
                )
                continue
            for fld in ("title", "text", "completion"):
                v1, v2 = t1.at[n, fld], t2.at[n, fld]
                v1 = None if pd.isna(v1) or v1 == "" else str(v1)
                v2 = None if pd.isna(v2) or v2 == "" else str(v2)
                if (fold(v1) if v1 else None) == (fold(v2) if v2 else None):
                    continue
                kind = "differs" if v1 and v2 else ("missing_in_secondary" if v1 else "missing_in_primary")
                disc.append(
                    {
                        **base,
                        "field": fld,
                        "primary": v1,
                        "secondary": v2,
                        "kind": kind,
                        "resolution": "primary" if v1 else "secondary",
                    }
                )
                if not v1:
                    idx = tasks.index[(tasks.doc_id == e1.doc_id) & (tasks.task_no == n)]
                    tasks.loc[idx, fld] = v2
            for level in sorted(set(assignments.level)):
                a1 = assignments[
                    (assignments.doc_id == e1.doc_id) & (assignments.task_no == n) & (assignments.level == level)
                ]
                a2 = assignments[
                    (assignments.doc_id == e2.doc_id) & (assignments.task_no == n) & (assignments.level == level)
                ]
                k1, k2 = _assign_key(a1), _assign_key(a2)
                if k1 == k2:
                    continue
                label = (a1 if len(a1) else a2)["label"].iloc[0]
                kind = "differs" if k1 and k2 else ("missing_in_secondary" if k1 else "missing_in_primary")
                disc.append(
                    {
                        **base,
                        "field": f"assignments:{label}",
                        "primary": k1 or None,
                        "secondary": k2 or None,
                        "kind": kind,
                        "resolution": "primary" if k1 else "secondary",
                    }
                )
                if not k1:
                    moved = a2.copy()
                    moved["doc_id"] = e1.doc_id
                    assignments = pd.concat([assignments, moved], ignore_index=True)
    keep = {
        "tasks": tasks[~tasks.doc_id.isin(drop_docs)],
        "measures": measures[~measures.doc_id.isin(drop_docs)],
        "assignments": assignments[~assignments.doc_id.isin(drop_docs)],
        "sections": tables["sections"][~tables["sections"].doc_id.isin(drop_docs)],
    }
    merged = {**tables, **keep}
    # sequence numbers of assignments follow level order after the merge
    a = merged["assignments"].copy()
    order = {"bureau": 0, "province": 1, "city": 2, "locality": 3}
    a["_o"] = a["level"].map(order).fillna(9)
    a = a.sort_values(["year", "doc_id", "task_no", "_o", "seq"], kind="stable").drop(columns="_o")
    a["seq"] = a.groupby(["doc_id", "task_no"]).cumcount() + 1
    merged["assignments"] = a
    return merged, schema.frame("discrepancies", disc)


def departments_table(assignments: pd.DataFrame, guide: pd.DataFrame, vocab: Vocabulary) -> pd.DataFrame:
    """The department reference table with the years each written name occurs in."""
    rows = []
    bureau = assignments[assignments.level == "bureau"]
    raw_guide = []
    for _, r in guide.iterrows():
        for name in str(r["departments_raw"] or "").split(";"):
            if name:
                raw_guide.append((name, r["year"]))
    for dep in sorted(vocab.departments.values(), key=lambda d: (d.canonical, d.name)):
        years = set(bureau.loc[bureau.unit_raw.map(fold) == fold(dep.name), "year"].astype(int))
        years |= {int(y) for n, y in raw_guide if fold(n) == fold(dep.name)}
        n_assign = int((bureau.unit_raw.map(fold) == fold(dep.name)).sum())
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


def check_expected_counts(
    tables: dict[str, pd.DataFrame],
    files: dict[str, Document],
    path: Path,
    entries: list[CatalogEntry] | None = None,
    catalog: Path = CATALOG,
) -> None:
    """Compare the per-document counts with ``expected_counts.csv``; stop on any mismatch.

    Every catalogued document must have a row for each count its kind declares in
    ``count_tables.csv`` (beside ``path``): a deleted row is an error, not a skipped check.
    """
    entries = entries if entries is not None else load_catalog(catalog)
    cat = check_table(catalog, "catalog.csv")
    kinds = check_table(path.parent / "count_tables.csv", "corpus/count_tables.csv")
    expected = check_table(path, "corpus/expected_counts.csv", {"catalog.csv": cat, "corpus/count_tables.csv": kinds})
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
    per_doc: dict[str, dict[str, pd.DataFrame]] = {}
    for doc in files.values():
        for did in doc.documents.doc_id:
            per_doc[did] = {t: doc.table(t)[doc.table(t).doc_id == did] for t in TABLES}
    mismatches = []
    for r in expected.rows:
        did, table, count = r["doc_id"], r["table"], int(r["count"])
        d = per_doc[did]
        if table in ("sections", "parts"):
            found = len(d["sections"])
        elif table == "groups":
            found = len(d["tasks"][["section_no", "group_no"]].dropna().drop_duplicates())
        else:
            found = len(d[table])
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
    check_expected_counts(tables, files, checks / "expected_counts.csv", entries, catalog)
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
    return Corpus(out, files, [w["message"] for w in warns])


__all__ = ["BuildError", "Corpus", "ParseError", "build_corpus", "load_catalog", "parse_catalog"]
