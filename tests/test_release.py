"""A citable release: one version everywhere, licence, citation, provenance, a valid data package."""

from __future__ import annotations

import csv
import json
import re

import pytest

import ipanalysis
from ipanalysis import release
from ipanalysis.config import CATALOG, RAW, ROOT, SCHEMA


def test_one_version_everywhere():
    v = ipanalysis.__version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == v
    assert release.citation()["version"] == v
    top = re.search(r"^## \[([^\]]+)\]", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert top and top.group(1) == v


def test_citation_file_is_complete():
    c = release.citation()
    assert c["cff-version"].startswith("1.2")
    for key in ("title", "authors", "version", "license", "abstract", "message"):
        assert c[key], key
    assert c["license"] == release.CODE_LICENSE["name"]
    assert c["title"] in release.citation_text() and ipanalysis.__version__ in release.citation_text()


def test_licence_covers_code_outputs_and_the_documents():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "CC BY 4.0" in text
    assert "Article 5" in text and "第五条" in text and "著作权法" in text


def test_every_schema_column_has_a_chinese_meaning():
    from ipanalysis.schema import fields_path, load_schema

    with fields_path(SCHEMA).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = [r["field"] for r in rows if not (r.get("description_zh") or "").strip()]
    assert not missing, f"add description_zh in {fields_path(SCHEMA)} for {missing}"

    assert load_schema()["tasks"][0].meaning_zh


def test_catalog_gives_provenance_for_every_document():
    with CATALOG.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for r in rows:
        for col in ("source_url", "issue_date", "doc_number", "metadata_note"):
            assert col in r, col
        text = (RAW / r["file"]).read_text(encoding="utf-8")
        # every value is either stated in the file itself or explained as absent
        if r["issue_date"]:
            y, m, d = (int(x) for x in r["issue_date"].split("-"))
            assert f"{y}年{m}月{d}日" in text, r["doc_id"]
        if r["doc_number"]:
            assert r["doc_number"] in text, r["doc_id"]
        if r["source_url"]:
            assert r["source_url"].startswith(("http://", "https://", "www.")), r["doc_id"]
        if not (r["issue_date"] and r["doc_number"] and r["source_url"]):
            assert len(r["metadata_note"]) > 30, r["doc_id"]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    from ipanalysis.corpus.publish import build as build_release

    out = tmp_path_factory.mktemp("processed")
    build_release(out, verbose=False)
    return out


def test_datapackage_describes_every_published_table(package):
    from ipanalysis.schema import corpus_tables, load_schema

    desc = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["version"] == ipanalysis.__version__
    names = [r["name"] for r in desc["resources"]]
    assert set(corpus_tables()) <= set(names)
    published = {p.stem for p in package.glob("*.csv")}
    assert published == set(names)
    tasks = next(r for r in desc["resources"] if r["name"] == "tasks")
    assert [f["name"] for f in tasks["schema"]["fields"]] == [c.name for c in load_schema()["tasks"]]
    assert all(f["description"] and f["description_zh"] for f in tasks["schema"]["fields"])
    assert {f["name"]: f["type"] for f in tasks["schema"]["fields"]}["task_no"] == "integer"
    assert len(desc["sources"]) == len(list(csv.DictReader(CATALOG.open(encoding="utf-8-sig"))))


def test_datapackage_validates_with_frictionless(package):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the dev extras")
    report = frictionless.validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:5]


def test_datapackage_catches_an_edited_table(package, tmp_path):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in the dev extras")
    import shutil

    copy = tmp_path / "p"
    shutil.copytree(package, copy)
    tasks = copy / "tasks.csv"
    tasks.write_bytes(tasks.read_bytes().replace("推进知识产权综合管理改革".encode(), "改".encode(), 1))
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert {e[0] for e in report.flatten(["type"])} & {"hash-count", "byte-count"}


def test_datapackage_is_byte_identical(package, tmp_path):
    from ipanalysis.release import write_datapackage

    first = (package / "datapackage.json").read_bytes()
    assert write_datapackage(package).read_bytes() == first


def test_catalog_agrees_with_what_the_parser_reads():
    from ipanalysis.api import load_documents
    from ipanalysis.release import catalog_frame

    docs = load_documents().set_index("doc_id")
    for r in catalog_frame().itertuples(index=False):
        parsed_date = docs.loc[r.doc_id, "date"]
        if isinstance(parsed_date, str) and parsed_date:
            assert r.issue_date == parsed_date, r.doc_id
        if "doc_number" in docs:
            parsed_no = docs.loc[r.doc_id, "doc_number"]
            if isinstance(parsed_no, str) and parsed_no:
                assert r.doc_number == parsed_no, r.doc_id


def test_datapackage_is_part_of_the_atomic_build(tmp_path):
    """The data package is written inside the build and hashed in its manifest, like the tables."""
    import hashlib
    import json

    from ipanalysis.corpus.publish import build as build_release

    out = tmp_path / "processed"
    build_release(out, verbose=False)
    outputs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert outputs["datapackage.json"] == hashlib.sha256((out / "datapackage.json").read_bytes()).hexdigest()
