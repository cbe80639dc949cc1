"""One definition per field, one home per vocabulary, one checker for every input table.

``data/schema/fields.csv`` says what every published field holds and may hold;
``data/schema/tables.csv`` which fields each table has. The build stops on a value its
field does not allow, and a schema row removed by mistake is named, never a KeyError.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

import ipanalysis as ipa
from ipanalysis import schema
from ipanalysis.analysis import targets as T
from ipanalysis.analysis.years import list_years
from ipanalysis.config import CATALOG, EXTERNAL, REFERENCE, SCHEMA
from ipanalysis.corpus.assemble import CatalogEntry, build_corpus, level_order, load_catalog, merge_sources
from ipanalysis.corpus.inputs import check_table, load_rules
from ipanalysis.corpus.publish import publish
from ipanalysis.errors import ReferenceDataError, SchemaError


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _edit_field(tables: Path, field: str, **values: str) -> None:
    """Set columns of one field's row in the fields.csv beside a copied tables.csv."""
    fields = schema.fields_path(tables)
    rows = _rows(fields)
    for r in rows:
        if r["field"] == field:
            r.update(values)
    _write(fields, rows)


@pytest.fixture(scope="module")
def corpus():
    return build_corpus()


@pytest.fixture
def schema_copy(tmp_path):
    """A copy of data/schema (tables.csv, fields.csv) to break."""
    folder = tmp_path / "schema"
    shutil.copytree(SCHEMA.parent, folder)
    return folder / "tables.csv"


# ---- one definition per field


def test_every_field_is_defined_once_and_used():
    fields = [r["field"] for r in _rows(schema.fields_path(SCHEMA))]
    assert len(fields) == len(set(fields))
    used = {c.name for cols in schema.load_schema().values() for c in cols}
    assert used == set(fields)


def test_one_name_one_meaning_the_renamed_columns():
    """0.2.0 renamed every name that meant two things; the old names are gone from their tables."""
    names = {t: {c.name for c in cols} for t, cols in schema.load_schema().items()}
    done = schema.renames()
    assert {(r.table, r.old, r.new) for r in done} >= {
        ("assignments", "unit", "assignee"),
        ("documents", "kind", "doc_kind"),
        ("targets", "source", "found_in"),
        ("outcomes", "kind", "outcome_kind"),
    }
    for r in done:
        assert r.new in names[r.table] and r.old not in names[r.table], r
    for old in ("kind", "source"):
        assert not any(old in cols for cols in names.values()), old
    assert [t for t, cols in names.items() if "unit" in cols] == [
        "targets",
        "unmatched_targets",
        "outcomes",
        "attainment",
    ]


def test_a_table_written_by_0_1_0_reads_with_todays_names():
    old = pd.DataFrame(
        {"year": [2019], "unit": ["保护司"], "unit_raw": ["保护协调司"], "source": ["a.txt"], "role": ["lead"]}
    )
    up = ipa.upgrade_columns(old, "assignments")
    assert list(up.columns) == ["year", "assignee", "assignee_raw", "source_file", "role"]
    assert list(ipa.upgrade_columns(old, "targets").columns) == ["year", "unit", "unit_raw", "found_in", "role"]
    with pytest.raises(SchemaError, match=r"expected a published table.*found 'assignment'"):
        ipa.upgrade_columns(old, "assignment")


def test_a_field_keeps_its_meaning_in_every_table():
    cols = [c for cols in schema.load_schema().values() for c in cols if c.name == "year"]
    assert len(cols) > 10 and len({(c.meaning, c.meaning_zh, c.dtype) for c in cols}) == 1


# ---- every published value checked


def test_every_published_value_is_allowed(corpus):
    schema.check_tables({name: corpus.tables[name] for name in schema.corpus_tables()})
    checked = {(t, c.name) for t, cols in schema.load_schema().items() for c in cols if c.values}
    assert {("documents", "doc_kind"), ("assignments", "level"), ("outcomes", "source_kind")} <= checked


def test_a_value_not_allowed_stops_the_publish_naming_table_column_and_value(corpus, tmp_path):
    tables = dict(corpus.tables)
    bad = tables["assignments"].copy()
    bad.loc[bad.index[3], "level"] = "galaxy"
    tables["assignments"] = bad
    broken = type(corpus)(tables, corpus.files, corpus.warnings)
    out = tmp_path / "processed"
    with pytest.raises(schema.ValueNotAllowedError, match=r"table 'assignments', column 'level': 'galaxy'") as exc:
        publish(broken, out)
    assert isinstance(exc.value, SchemaError)
    assert (exc.value.table, exc.value.column, exc.value.values) == ("assignments", "level", ["galaxy"])
    assert "ministry" in str(exc.value) and "assignment_levels.csv" in str(exc.value)
    assert not out.exists()  # nothing written


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    [
        ("documents", "doc_kind", "pamphlet", "document_kinds.csv"),
        ("documents", "date", "6 June 2019", r"a value matching"),
        ("documents", "year", 219, "a number from 1000 to 9999"),
        ("discrepancies", "difference", "reported", "one of differs, missing_in_primary, missing_in_secondary"),
    ],
)
def test_each_way_of_giving_values_is_checked(corpus, table, column, value, expected):
    df = corpus.tables[table].copy()
    df[column] = df[column].astype(object)
    df.loc[df.index[0], column] = value
    with pytest.raises(schema.ValueNotAllowedError, match=rf"table '{table}', column '{column}'.*{expected}"):
        schema.check_values(table, df)


@pytest.mark.parametrize(
    ("table", "column", "value", "expected"),
    [
        ("task_codes", "chain_stage", "supply", "one of creation, utilization, .*unclassified"),
        ("measure_codes", "instrument", "creation", "one of supply, environment, demand, unclassified"),
    ],
)
def test_a_code_is_checked_against_its_own_scheme_of_the_codebook(run, table, column, value, expected):
    """codebook.csv holds two schemes; each field takes its own codes (FILE:COLUMN?KEY=VALUE)."""
    df = run.get(table)
    schema.check_values(table, df)
    df[column] = df[column].astype(object)
    df.loc[df.index[0], column] = value
    with pytest.raises(schema.ValueNotAllowedError, match=rf"table '{table}', column '{column}'.*{expected}"):
        schema.check_values(table, df)


def test_a_mistyped_vocabulary_filter_is_refused_naming_the_values_it_could_be(schema_copy):
    _edit_field(schema_copy, "chain_stage", vocabulary="analysis/codebook.csv:code?scheme=chain_stgae")
    with pytest.raises(
        SchemaError, match=r"fields\.csv:\d+: expected a scheme of .*\(chain_stage, instrument\); found 'chain_stgae'"
    ):
        schema.load_schema(schema_copy)


def test_a_null_is_not_checked(corpus):
    df = corpus.tables["assignments"].copy()
    df.loc[df.index[0], "role"] = None
    schema.check_values("assignments", df)


# ---- the schema files: a missing row is named


def test_a_row_removed_from_tables_csv_is_named(schema_copy):
    rows = _rows(schema_copy)
    _write(schema_copy, [r for r in rows if (r["table"], r["field"]) != ("tasks", "title")])
    with pytest.raises(SchemaError, match=r"table 'tasks' to have a field at order 9.*after 'task_no', before 'text'"):
        schema.load_schema(schema_copy)


def test_a_row_removed_and_renumbered_is_named_by_the_table_that_has_it(schema_copy, monkeypatch):
    rows = [r for r in _rows(schema_copy) if (r["table"], r["field"]) != ("tasks", "title")]
    n = 0
    for r in rows:
        if r["table"] == "tasks":
            n += 1
            r["order"] = str(n)
    _write(schema_copy, rows)
    monkeypatch.setattr(schema, "SCHEMA", schema_copy)
    assert "title" not in schema.columns("tasks")
    with pytest.raises(SchemaError, match=r"a row tasks,<field>.*found 'title'"):
        build_corpus()


def test_a_row_removed_from_fields_csv_is_named(schema_copy):
    fields = schema.fields_path(schema_copy)
    _write(fields, [r for r in _rows(fields) if r["field"] != "title"])
    with pytest.raises(
        SchemaError, match=r"tables\.csv:\d+, column 'field': expected a field of fields\.csv; found 'title'"
    ):
        schema.load_schema(schema_copy)


def test_a_field_row_no_table_uses_is_named(schema_copy):
    fields = schema.fields_path(schema_copy)
    rows = _rows(fields)
    _write(fields, [*rows, {**rows[0], "field": "orphan", "label": "Orphan", "label_zh": "孤立字段"}])
    with pytest.raises(SchemaError, match=r"every field used by a table.*orphan"):
        schema.load_schema(schema_copy)


def test_a_field_gives_its_values_one_way(schema_copy):
    _edit_field(schema_copy, "obligation", pattern=".+")
    with pytest.raises(SchemaError, match=r"fields\.csv:\d+: expected one of allowed, pattern or vocabulary"):
        schema.load_schema(schema_copy)


# ---- one home per vocabulary


def test_a_year_whose_only_document_is_an_ip_power_plan_is_a_list_year():
    docs = pd.DataFrame({"year": [2021], "doc_id": ["2021_ip_power_plan"], "doc_kind": ["ip_power_plan"]})
    assert list_years(docs) == [2021]
    for kind in schema.list_kinds():
        assert list_years(docs.assign(doc_kind=kind)) == [2021], kind
    assert list_years(docs.assign(doc_kind="work_guide")) == []
    assert T._lane("ip_power_plan") == T._lane("task_list") == T.LIST_LANE


def test_every_parsed_kind_is_a_vocabulary_kind():
    parsed = {r["kind"] for r in _rows(REFERENCE / "parse" / "document_kinds.csv")}
    kinds = {k.kind for k in schema.document_kinds()}
    assert parsed <= kinds and "ip_power_plan" in kinds
    assert set(schema.merged_kinds()) <= set(schema.list_kinds())


def _frames(levels: list[str]) -> dict[str, pd.DataFrame]:
    task = {"year": 2021, "section_no": 1, "task_no": 1, "title": "t", "text": "x", "completion": None}
    tasks = schema.frame("tasks", [{**task, "doc_id": d} for d in ("p", "s")])
    assignments = schema.frame(
        "assignments",
        [
            {
                "year": 2021,
                "doc_id": d,
                "task_no": 1,
                "seq": i,
                "level": lvl,
                "label": lvl,
                "assignee": f"u{i}",
                "text": f"u{i}",
            }
            for d in ("p", "s")
            for i, lvl in enumerate(levels, start=1)
        ],
    )
    return {
        "tasks": tasks,
        "assignments": assignments,
        "measures": schema.frame("measures", []),
        "sections": schema.frame("sections", []),
    }


def test_the_merge_orders_ministry_rows_by_the_vocabulary():
    entries = [
        CatalogEntry("p", "p.txt", "", "0" * 64, 2021, "task_list", "plain", "primary", 1),
        CatalogEntry("s", "s.txt", "", "0" * 64, 2021, "task_list", "plain", "secondary", 1),
    ]
    merged, _ = merge_sources(_frames(["province", "ministry", "bureau"]), entries)
    a = merged["assignments"]
    assert a["level"].tolist() == ["bureau", "ministry", "province"] and a["seq"].tolist() == [1, 2, 3]
    assert list(level_order()) == [lvl.level for lvl in schema.assignment_levels()]


def test_the_parsers_body_levels_are_the_vocabularys():
    """parse/task_list/tree.py still names its body levels; they must be the vocabulary's (until it reads them)."""
    from ipanalysis.parse.task_list import BODY_LEVELS

    assert set(BODY_LEVELS) == {lvl.level for lvl in schema.assignment_levels() if lvl.is_body}


def test_the_catalog_and_the_field_allow_the_same_layouts():
    """The layouts are the parser's readers: inputs.csv and fields.csv restate them, and must agree."""
    catalog = next(r.allowed for r in load_rules()["catalog.csv"] if r.column == "layout")
    assert schema.load_fields(schema.fields_path(SCHEMA))["layout"].values.allowed == catalog


def test_no_vocabulary_is_hard_coded_in_code():
    import ipanalysis.analysis.targets as targets
    import ipanalysis.corpus.assemble as assemble

    assert not hasattr(assemble, "MERGED_KINDS")
    assert not hasattr(targets, "OUTCOME_KINDS") and not hasattr(targets, "SOURCE_KINDS")
    assert not (REFERENCE / "analysis" / "document_kinds.csv").exists()  # one home: vocabularies/


# ---- one checker for every input table


def test_a_vocabulary_goes_through_the_input_checker(tmp_path):
    path = tmp_path / "document_kinds.csv"
    text = (REFERENCE / "vocabularies" / "document_kinds.csv").read_text(encoding="utf-8")
    path.write_text(text.replace("ip_power_plan,3,true,false", "ip_power_plan,3,yes,false"), encoding="utf-8")
    with pytest.raises(
        ReferenceDataError, match=r"document_kinds\.csv:4, column 'is_list': expected one of true, false"
    ):
        check_table(path, "vocabularies/document_kinds.csv")


@pytest.mark.parametrize(
    ("old", "new", "column", "expected"),
    [
        (",full_year,reported,", ",whole_year,reported,", "period", "one of full_year, interim_h1"),
        (",full_year,reported,", ",full_year,reportd,", "outcome_kind", "one of reported, target_press"),
        ("2019,trademark_review_cycle,4.5,", "19,trademark_review_cycle,4.5,", "year", "a number from 1900 to 2100"),
        ("2019,trademark_review_cycle,4.5,", "2019,trademark_review_cycle,four,", "value", "a number"),
    ],
)
def test_outcomes_go_through_the_input_checker(tmp_path, old, new, column, expected):
    text = (EXTERNAL / "reported_outcomes.csv").read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), start=1) if old in s)
    bad = tmp_path / "outcomes.csv"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=rf"outcomes\.csv:{line}, column '{column}': expected {expected}"):
        T.load_outcomes(bad)


def test_the_catalog_names_the_roles_of_the_vocabulary(tmp_path):
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(CATALOG.read_text(encoding="utf-8").replace(",primary,", ",primry,", 1), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:2, column 'role': expected one of primary, secondary"):
        load_catalog(catalog)
