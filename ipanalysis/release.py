"""What makes the outputs citable: version, licence, citation, document provenance, data package.

Everything here is read from files a maintainer edits (``CITATION.cff``, ``LICENSE``,
``data/catalog.csv``, ``data/schema/*.csv``) so the workbook's ``about`` sheet, the
report, the explorer and ``datapackage.json`` say the same thing.
"""

from __future__ import annotations

import csv
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ipanalysis.config import CATALOG, META, PROCESSED, REPORT_REF

CITATION = META / "CITATION.cff"
LICENSE = META / "LICENSE"
CATALOG_COLUMNS = REPORT_REF / "catalog_columns.csv"
ABOUT = REPORT_REF / "about.csv"
DATAPACKAGE = "datapackage.json"

# the licences of LICENSE, as Data Package licence objects (SPDX ids)
CODE_LICENSE = {"name": "MIT", "title": "MIT License (the code)", "path": "https://opensource.org/license/mit"}
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (the tables, charts and reports)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
TYPES = {"int": "integer", "float": "number", "str": "string", "bool": "boolean"}


def version() -> str:
    from ipanalysis import __version__

    return __version__


@lru_cache(maxsize=1)
def citation() -> dict[str, Any]:
    """``CITATION.cff`` as a dict (title, authors, version, licence …)."""
    import yaml

    return yaml.safe_load(CITATION.read_text(encoding="utf-8"))


def citation_text() -> str:
    """One line to paste into a reference list: authors, title, version, licence."""
    c = citation()
    authors = "; ".join(
        a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}" for a in c["authors"]
    )
    return f"{authors}. {c['title']}. Version {version()}. Licence: code {c['license']}, data {DATA_LICENSE['name']}."


def catalog_frame() -> pd.DataFrame:
    """``data/catalog.csv`` as strings (empty cells stay empty strings)."""
    return pd.read_csv(CATALOG, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@lru_cache(maxsize=1)
def catalog_columns() -> dict[str, tuple[str, str]]:
    """Catalog column → (meaning, meaning_zh), for the columns the documents sheet adds."""
    with CATALOG_COLUMNS.open(encoding="utf-8-sig", newline="") as fh:
        return {r["column"]: (r["meaning"], r["meaning_zh"]) for r in csv.DictReader(fh)}


def documents_with_provenance(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents table with where each document comes from (catalog: address, issue date, 文号, sha256).

    A column the parser already fills (``doc_number`` read from a notice) keeps the parsed
    value; the catalog fills only what the parser left empty.
    """
    added = list(catalog_columns())
    cat = catalog_frame()[["doc_id", *added]].replace({c: {"": None} for c in added})
    out = documents.merge(cat, on="doc_id", how="left", validate="one_to_one", suffixes=("", "_catalog"))
    for col in added:
        if f"{col}_catalog" in out:
            out[col] = out[col].where(out[col].notna(), out.pop(f"{col}_catalog"))
    return out


@lru_cache(maxsize=1)
def about_text() -> dict[str, tuple[str, str]]:
    """The fixed texts of the ``about`` sheet and the report (``data/reference/report/about.csv``): item → (en, zh)."""
    with ABOUT.open(encoding="utf-8-sig", newline="") as fh:
        return {r["item"]: (r["en"], r["zh"]) for r in csv.DictReader(fh)}


def about_rows(documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``about`` sheet: what this is, its version, licence, citation and sources, in English and Chinese."""
    text = about_text()
    rows = [(item, en, zh) for item, (en, zh) in text.items()]
    rows.insert(2, ("version", version(), version()))
    rows.insert(3, ("citation", citation_text(), citation_text()))
    if documents is not None:
        for d in documents.itertuples(index=False):
            where = d.source_url or "source address not recorded"
            en = f"{d.title} ({d.year}, {d.doc_kind}, {d.doc_role}): data/raw/{d.source_file}, sha256 {d.sha256}; {where}"
            zh = f"{d.title}（{d.year}）：data/raw/{d.source_file}；" + (
                f"来源地址 {d.source_url}" if d.source_url else "来源地址未记录"
            )
            rows.append((f"source {d.doc_id}", en, zh))
    return pd.DataFrame(rows, columns=["item", "English", "中文"])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _field(
    name: str, dtype: str, description: str = "", description_zh: str = "", unit: str = "", title: str = ""
) -> dict:
    f: dict[str, Any] = {"name": name, "type": dtype}
    if title:
        f["title"] = title
    if description:
        f["description"] = description
    if description_zh:
        f["description_zh"] = description_zh
    if unit:
        f["unit"] = unit
    return f


def _frame_fields(df: pd.DataFrame) -> list[dict]:
    """Fields of a table outside the schema (the data dictionary), typed from its dtypes."""
    kinds = {"i": "integer", "u": "integer", "f": "number", "b": "boolean"}
    return [_field(str(c), kinds.get(df[c].dtype.kind, "string")) for c in df.columns]


def _resource(folder: Path, name: str, title: str, description: str, fields: list[dict], key: list[str]) -> dict:
    path = folder / f"{name}.csv"
    r: dict[str, Any] = {
        "name": name,
        "title": title,
        "description": description,
        "path": path.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{_sha256(path)}",
        "schema": {"fields": fields, "missingValues": [""]},
    }
    if key:
        r["schema"]["primaryKey"] = key
    return r


def datapackage(folder: Path = PROCESSED) -> dict[str, Any]:
    """A Frictionless (tabular) Data Package describing every table written to ``folder``.

    Fields, types and descriptions come from ``data/schema/tables.csv``, titles and
    descriptions of tables from ``data/schema/resources.csv``. A table's sort key is its
    primary key where the rows are unique on it.
    """
    from ipanalysis import schema

    c = citation()
    resources = []
    for res in schema.resources():
        if res.stage != "corpus":
            continue
        cols = schema.load_schema()[res.table]
        fields = [_field(col.name, TYPES[col.dtype], col.meaning, col.meaning_zh, col.unit, col.header) for col in cols]
        key = schema.sort_key(res.table)
        table = pd.read_csv(folder / f"{res.table}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if key and table.duplicated(key).any():
            key = []
        title = f"{res.table}: one row per {res.one_row_per}"
        resources.append(_resource(folder, res.table, title, res.description, fields, key))
    dictionary = folder / "data_dictionary.csv"
    if dictionary.exists():
        df = pd.read_csv(dictionary, encoding="utf-8-sig")
        resources.append(
            _resource(
                folder,
                "data_dictionary",
                "data_dictionary: one row per column of a published table",
                "every published column with its type, meaning and an example",
                _frame_fields(df),
                ["table", "column"],
            )
        )
    sources = []
    for d in catalog_frame().itertuples(index=False):
        s = {"title": f"{d.doc_id}: data/raw/{d.file} (sha256 {d.sha256})"}
        if d.source_url:
            s["path"] = d.source_url
        sources.append(s)
    return {
        "profile": "tabular-data-package",
        "name": "ipanalysis",
        "title": c["title"],
        "description": " ".join(c["abstract"].split()),
        "version": version(),
        "licenses": [DATA_LICENSE],
        "keywords": list(c.get("keywords", [])),
        "contributors": [{"title": a.get("name", ""), "role": "author"} for a in c["authors"]],
        "citation": citation_text(),
        "rights_of_the_documents": about_text()["documents"][0],
        "sources": sources,
        "resources": resources,
    }


def write_datapackage(folder: Path = PROCESSED) -> Path:
    """Write ``datapackage.json`` beside the tables; same tables, same bytes."""
    path = folder / DATAPACKAGE
    text = json.dumps(datapackage(folder), indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
