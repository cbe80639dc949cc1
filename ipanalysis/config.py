"""Every path of the project, defined once."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
EXTERNAL = DATA / "external"
CATALOG = DATA / "catalog.csv"
SCHEMA = DATA / "schema" / "tables.csv"
RESOURCES = DATA / "schema" / "resources.csv"
REFERENCE = DATA / "reference"
# reference data by who reads it: the parser, the corpus checks, the analyses, the report
PARSE_REF = REFERENCE / "parse"
CORPUS_REF = REFERENCE / "corpus"
ANALYSIS_REF = REFERENCE / "analysis"
REPORT_REF = REFERENCE / "report"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
