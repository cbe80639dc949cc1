"""One Excel workbook for policy staff: what it is, every column explained, one sheet per table.

Sheets: ``about`` (what, version, licence, citation, sources), ``columns`` (every column
in English and Chinese), then the tables, each with a frozen header, a filter on every
column, sized columns and wrapped long text; opens in Excel and WPS.

Safe and reproducible by construction:

* every text cell is stored as text, never as a formula (a title starting with ``=``,
  ``+``, ``-`` or ``@`` stays text), and characters the file format cannot hold (C0
  controls) are written as their OOXML escape ``_xHHHH_``, which Excel reads back as the
  character, so nothing is lost and the save never fails;
* the same tables give the same bytes: no save time, fixed zip entry dates.

The CSV copies in ``tables/`` keep every value exactly as in the tables (no ``'`` prefix),
so that a program reading them gets the documents' text; the README and the ``about``
sheet say how to open them in a spreadsheet safely (import as text).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ipanalysis.config import REPORTS

if TYPE_CHECKING:
    from ipanalysis.analysis.registry import Analyses

# the sheets, in order: tables and analysis results by their name in ipanalysis.analysis.registry
SHEETS = (
    "documents",
    "sections",
    "tasks",
    "assignments",
    "measures",
    "departments",
    "guideline_items",
    "discrepancies",
    "targets",
    "attainment",
    "outcomes",
    "task_codes",
    "measure_codes",
)
FIXED_TIME = dt.datetime(1980, 1, 1)  # the zip epoch: no save time in the file
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MAX_WIDTH = 60
# characters an XML 1.0 file (so an .xlsx) cannot hold, and a literal escape sequence that
# Excel would otherwise decode: both are written as _xHHHH_ escapes (ECMA-376 ST_Xstring)
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def escape_text(text: str) -> str:
    """Text an .xlsx can hold: controls (and the ``_`` of a literal ``_xHHHH_``) as ``_xHHHH_``."""
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def cell_value(value: Any) -> Any:
    """A table value as a cell value: None for missing, Python numbers, escaped text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar → Python
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, (bool, int, float)):
        return value
    return escape_text(str(value))


def workbook_sheets(analyses: Analyses) -> dict[str, pd.DataFrame]:
    """Every sheet of the workbook, in order, from one analysis run (:data:`SHEETS`)."""
    from ipanalysis.release import documents_with_provenance

    sheets = {name: analyses.get(name) for name in SHEETS}
    sheets["documents"] = documents_with_provenance(sheets["documents"])
    return sheets


def columns_sheet(sheets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every column of every sheet with its meaning in English and Chinese, unit and type."""
    from ipanalysis.release import catalog_columns
    from ipanalysis.schema import load_schema

    described = {(t, c.name): (c.meaning, c.meaning_zh, c.unit) for t, cols in load_schema().items() for c in cols}
    for col, (en, zh) in catalog_columns().items():
        described[("documents", col)] = (en, zh, "")
    rows = []
    for name, df in sheets.items():
        for col in df.columns:
            en, zh, unit = described.get((name, col), ("", "", ""))
            rows.append(
                {"sheet": name, "column": col, "meaning": en, "含义": zh, "unit": unit, "dtype": str(df[col].dtype)}
            )
    return pd.DataFrame(rows)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_sheet(wb, name: str, df: pd.DataFrame) -> None:
    """One table as a sheet: bold frozen header, a filter on every column, text stored as text."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, col in enumerate(df.columns, start=1):
        c = ws.cell(row=1, column=j, value=escape_text(str(col)))
        c.data_type = "s"
        c.font = bold
    for i, row in enumerate(df.itertuples(index=False, name=None), start=2):
        for j, v in enumerate(row, start=1):
            value = cell_value(v)
            if value is None:
                continue
            c = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                c.data_type = "s"  # never a formula, whatever the text starts with
    for j, col in enumerate(df.columns, start=1):
        sample = [str(col)] + [str(v) for v in df.iloc[:200, j - 1].dropna()]
        width = max(_display_width(v) for v in sample)
        ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), MAX_WIDTH)
        if width > MAX_WIDTH:
            for (c,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                c.alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(df.columns), 1))}{max(len(df) + 1, 2)}"
    _print_setup(ws)


def _print_setup(ws) -> None:
    """A sheet that prints: landscape, A4, every column on one page's width, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated at the zip epoch, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def workbook_bytes(sheets: dict[str, pd.DataFrame], about: pd.DataFrame) -> bytes:
    """The workbook as bytes: about, columns, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    _write_sheet(wb, "about", about)
    _write_sheet(wb, "columns", columns_sheet(sheets))
    for name, df in sheets.items():
        _write_sheet(wb, name, df)
    from ipanalysis.release import citation, version

    props = wb.properties
    props.created = props.modified = FIXED_TIME
    props.creator = props.lastModifiedBy = "ipanalysis"
    props.title = citation()["title"]
    props.version = version()
    props.description = f"ipanalysis {version()}"
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # not wb.save(): that stamps the current time
    return _fixed_zip(buf.getvalue())


def write_workbook(analyses: Analyses, path: Path = REPORTS / "ipanalysis_tables.xlsx") -> list[Path]:
    """Write the workbook, and each table sheet as CSV beside it (``tables/``); return the paths."""
    from ipanalysis.release import about_rows

    sheets = workbook_sheets(analyses)
    about = about_rows(sheets["documents"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(workbook_bytes(sheets, about))
    tmp.replace(path)  # never a half-written workbook under the real name
    written = [path]
    (path.parent / "tables").mkdir(parents=True, exist_ok=True)
    for name, df in {"about": about, **sheets}.items():
        p = path.parent / "tables" / f"{name}.csv"
        df.to_csv(p, index=False, encoding="utf-8-sig", lineterminator="\n")
        written.append(p)
    return written
