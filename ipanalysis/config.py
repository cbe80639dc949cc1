"""All paths, defined once."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
REFERENCE = DATA / "reference"
EXTERNAL = DATA / "external"
CATALOG = DATA / "catalog.csv"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
