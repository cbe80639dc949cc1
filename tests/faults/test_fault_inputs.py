"""Catalog and reference mistakes stop the build naming file, row and column (never a silent build)."""

from __future__ import annotations

import re

import pytest

from ipanalysis.config import CATALOG, PARSE_REF
from ipanalysis.corpus.assemble import build_corpus, load_catalog
from ipanalysis.corpus.inputs import load_rules
from ipanalysis.errors import BuildError, ParseError, ReferenceDataError
from ipanalysis.parse.layouts import read


def test_the_sandbox_builds(sandbox):
    corpus = sandbox.build()
    assert corpus.tables["tasks"].groupby("year").size().to_dict() == {2021: 3, 2022: 3}


def test_role_typo_stops_the_build(sandbox):
    sandbox.edit(sandbox.catalog, ",pdf_text,primary,1", ",pdf_text,secondry,1")
    with pytest.raises(ReferenceDataError) as exc:
        sandbox.build()
    msg = str(exc.value)
    assert "catalog.csv:2, column 'role'" in msg and "one of primary, secondary" in msg and "'secondry'" in msg
    assert exc.value.line == 2 and exc.value.column == "role"


def test_the_real_catalog_with_a_role_typo(tmp_path):
    bad = tmp_path / "catalog.csv"
    bad.write_text(CATALOG.read_text(encoding="utf-8").replace(",secondary,", ",secondry,"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:4, column 'role'"):
        load_catalog(bad)


def test_wrong_year_stops_the_build(sandbox):
    sandbox.edit(sandbox.catalog, ",2022,task_list", ",2023,task_list")
    with pytest.raises(
        BuildError, match=r"catalog\.csv:3: list_2022 has year 2023, but its title .*2022年.* states 2022"
    ):
        sandbox.build()


@pytest.mark.parametrize("year", ["1800", "2021"])
def test_wrong_year_of_the_real_2020_list(tmp_path, year):
    """The real catalog with 2020 relabelled: caught against the title before anything is published."""
    bad = tmp_path / "catalog.csv"
    text = CATALOG.read_text(encoding="utf-8")
    row = next(ln for ln in text.splitlines() if ln.startswith("2020_task_list,"))
    bad.write_text(text.replace(row, row.replace(",2020,", f",{year},")), encoding="utf-8")
    with pytest.raises(BuildError, match=rf"2020_task_list has year {year}, but its title .* states 2020"):
        build_corpus(catalog=bad)


@pytest.mark.parametrize("year", ["99999", "20x0", ""])
def test_impossible_year_values(sandbox, year):
    sandbox.edit(sandbox.catalog, ",2022,task_list", f",{year},task_list")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:3, column 'year'"):
        load_catalog(sandbox.catalog)


def test_duplicate_department_name(sandbox):
    deps = sandbox.reference / "departments.csv"
    with deps.open("a", encoding="utf-8") as fh:
        fh.write("保护司,运用促进司,重复,department,both,,a second row for the same name\n")
    n = len(deps.read_text(encoding="utf-8").splitlines())
    with pytest.raises(ReferenceDataError) as exc:
        sandbox.build()
    assert f"departments.csv:{n}, column 'name'" in str(exc.value) and "保护司 again (first at line" in str(exc.value)


def test_duplicate_department_name_up_to_width_and_spaces(sandbox):
    """The parser folds names (no spaces, one width): so does the uniqueness check."""
    deps = sandbox.reference / "departments.csv"
    with deps.open("a", encoding="utf-8") as fh:
        fh.write("保护 司,运用促进司,重复,department,both,,\n")
    with pytest.raises(ReferenceDataError, match="column 'name'"):
        sandbox.build()


def test_deleted_expected_count_row_is_an_error(sandbox):
    sandbox.edit(sandbox.counts, "list_2022,tasks,3,\n", "")
    with pytest.raises(ReferenceDataError) as exc:
        sandbox.build()
    assert "list_2022,tasks" in str(exc.value) and "expected_counts.csv" in str(exc.value)


def test_expected_counts_of_unknown_documents_and_tables(sandbox):
    with sandbox.counts.open("a", encoding="utf-8") as fh:
        fh.write("list_2099,tasks,3,\n")
    with pytest.raises(
        ReferenceDataError, match=r"column 'doc_id': expected a doc_id of catalog\.csv; found 'list_2099'"
    ):
        sandbox.build()
    sandbox.edit(sandbox.counts, "list_2099,tasks,3,", "list_2021,guideline_items,0,")
    with pytest.raises(
        ReferenceDataError,
        match=r"column 'table': expected a count count_tables\.csv lists for a task_list; found 'guideline_items'",
    ):
        sandbox.build()


def test_a_count_that_differs_still_stops_the_build(sandbox):
    sandbox.edit(sandbox.counts, "list_2022,tasks,3", "list_2022,tasks,4")
    with pytest.raises(BuildError, match="list_2022: 3 tasks, expected 4"):
        sandbox.build()


def test_gbk_catalog_is_a_clear_error(sandbox):
    text = sandbox.catalog.read_text(encoding="utf-8").replace("generated", "生成的清单")
    sandbox.catalog.write_bytes(text.encode("gbk"))
    with pytest.raises(ReferenceDataError) as exc:
        load_catalog(sandbox.catalog)
    msg = str(exc.value)
    assert "catalog.csv:2: expected UTF-8 text" in msg and "GBK" in msg and "save the file as UTF-8" in msg


def test_excel_bom_and_crlf_are_accepted(sandbox):
    plain = load_catalog(sandbox.catalog)
    text = sandbox.catalog.read_text(encoding="utf-8")
    sandbox.catalog.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    p = sandbox.counts
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes().replace(b"\n", b"\r\n"))
    assert load_catalog(sandbox.catalog) == plain
    assert len(sandbox.build().tables["tasks"]) == 6


def test_crlf_reference_files_are_accepted(sandbox):
    for p in sandbox.reference.glob("*.csv"):
        p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    assert len(sandbox.build().tables["tasks"]) == 6


def test_bom_in_a_parser_reference_file_is_read(sandbox):
    """Excel saves CSV with a byte-order mark: the parser reads it like the file without one."""
    p = sandbox.reference / "departments.csv"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    corpus = sandbox.build()
    assert len(corpus.tables["tasks"]) == 6
    assert corpus.tables["assignments"].query("level == 'bureau'")["assignee"].notna().all()


def test_header_only_catalog(sandbox):
    sandbox.catalog.write_text(sandbox.catalog.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:2: expected at least one row below the header"):
        sandbox.build()


def test_empty_catalog(sandbox):
    sandbox.catalog.write_bytes(b"")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:1: expected a header row"):
        sandbox.build()


def test_missing_column(sandbox):
    text = sandbox.catalog.read_text(encoding="utf-8")
    sandbox.catalog.write_text("\n".join(ln.partition(",")[2] for ln in text.splitlines()) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:1, column 'doc_id': expected a column named 'doc_id'"):
        sandbox.build()


def test_extra_columns_are_accepted(sandbox):
    lines = sandbox.catalog.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",source_url,issue_date,doc_number"] + [
        ln + ",https://example.org,2021-01-01,国知发 1 号" for ln in lines[1:]
    ]
    sandbox.catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(sandbox.build().tables["tasks"]) == 6


def test_bad_regex(sandbox):
    p = sandbox.reference / "actor_levels.csv"
    with p.open("a", encoding="utf-8") as fh:
        fh.write("(省份,provinces,unbalanced\n")
    n = len(p.read_text(encoding="utf-8").splitlines())
    with pytest.raises(
        ReferenceDataError, match=rf"actor_levels\.csv:{n}, column 'pattern': expected a valid regular expression"
    ):
        sandbox.build()


def test_a_text_rule_without_its_pattern(sandbox):
    p = sandbox.reference / "boilerplate.csv"
    with p.open("a", encoding="utf-8") as fh:
        fh.write("my_rule,text,,forgot the pattern\n")
    with pytest.raises(ReferenceDataError, match=r"column 'pattern': expected a value where scope is 'text'"):
        sandbox.build()


def test_an_unquoted_comma_names_the_row(sandbox):
    p = sandbox.reference / "boilerplate.csv"
    with p.open("a", encoding="utf-8") as fh:
        fh.write("counted,text,^\\d{0,2}$,two fields\n")
    n = len(p.read_text(encoding="utf-8").splitlines())
    with pytest.raises(
        ReferenceDataError, match=rf"boilerplate\.csv:{n}: expected 4 fields like the header; found '5 fields'"
    ):
        sandbox.build()


@pytest.mark.parametrize(
    ("column", "old", "new", "expected"),
    [
        ("kind", ",task_list,", ",tasklist,", "a kind of parse/document_kinds.csv"),
        ("layout", ",pdf_text,", ",pdf,", "one of md_table, tsv_html"),
        ("part", ",primary,1,", ",primary,one,", "a whole number"),
        ("sha256", ",list_2021.txt,", ",list_2021.txt,abc,", ""),
        ("doc_id", "list_2021,", "list 2021,", "an id of letters"),
    ],
)
def test_bad_catalog_values(sandbox, column, old, new, expected):
    if column == "sha256":  # replace the hash itself
        text = sandbox.catalog.read_text(encoding="utf-8")
        sandbox.catalog.write_text(re.sub(r",[0-9a-f]{64},2021,", ",ABC,2021,", text), encoding="utf-8")
        expected = "a sha256 of 64 lowercase hex digits"
    else:
        sandbox.edit(sandbox.catalog, old, new)
    with pytest.raises(ReferenceDataError, match=rf"catalog\.csv:2, column '{column}': expected {re.escape(expected)}"):
        load_catalog(sandbox.catalog)


def test_duplicate_doc_id(sandbox):
    sandbox.edit(sandbox.catalog, "list_2022,", "list_2021,")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:3, column 'doc_id': expected each doc_id once"):
        load_catalog(sandbox.catalog)


def test_secondary_without_primary_and_two_primaries(sandbox):
    sandbox.add_list(2023, "copy_2023", role="secondary")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:4, column 'role': expected a primary .* of 2023"):
        load_catalog(sandbox.catalog)
    sandbox.edit(sandbox.catalog, ",secondary,", ",primary,")
    sandbox.add_list(2023, "again_2023")
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:5, column 'role': expected one primary list per year"):
        load_catalog(sandbox.catalog)


def test_a_secondary_source_merges(sandbox):
    sandbox.add_list(2022, "web_2022", role="secondary")
    corpus = sandbox.build()
    assert corpus.tables["tasks"].groupby("year").size().to_dict() == {2021: 3, 2022: 3}
    assert corpus.tables["discrepancies"].empty


def test_every_problem_is_reported_at_once(sandbox):
    sandbox.edit(sandbox.catalog, ",pdf_text,primary,1", ",pdf_text,secondry,1")
    sandbox.edit(sandbox.catalog, ",task_list,pdf_text,primary", ",task_lst,pdf_text,primary")
    with pytest.raises(ReferenceDataError) as exc:
        load_catalog(sandbox.catalog)
    assert len(exc.value.problems) == 2 and "2 problems" in str(exc.value)


def test_the_catalog_layouts_are_the_parsers():
    """inputs.csv lists exactly layouts the readers know (and the readers refuse others)."""
    layouts = next(r.allowed for r in load_rules()["catalog.csv"] if r.column == "layout").split("|")
    for layout in layouts:
        try:
            read("任务清单\n1.任务", layout)
        except ParseError as exc:
            assert "a known layout" not in str(exc), layout
    with pytest.raises(ParseError, match="a known layout"):
        read("任务清单", "no_such_layout")


def test_the_shipped_inputs_pass():
    load_catalog(CATALOG)
    from ipanalysis.corpus.assemble import check_reference

    assert set(check_reference(PARSE_REF)) >= {"parse/departments.csv", "parse/boilerplate.csv"}


def test_utf16_catalog_is_a_clear_error(sandbox):
    sandbox.catalog.write_bytes(sandbox.catalog.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(ReferenceDataError, match=r"catalog\.csv:1: expected UTF-8 text"):
        load_catalog(sandbox.catalog)
