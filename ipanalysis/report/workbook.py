"""One Excel workbook for policy staff: what it is, every column explained, one sheet per table.

Sheets: ``about`` (what, version, licence, citation, sources), ``columns`` (every column:
the header a reader sees, its code name, its meaning in English and Chinese), then the
tables. A table's header row gives each column's label in Chinese and English
(``负责对象 Assignee``, from ``data/schema/fields.csv``); the header is frozen, every
column filtered, sized to its values, long text wrapped; every sheet prints landscape on
A4, fitted to the page's width, its header row repeated on each page. Opens in Excel and
WPS.

Safe and reproducible by construction:

* every text cell is stored as text, never as a formula (a title starting with ``=``,
  ``+``, ``-`` or ``@`` stays text), and characters the file format cannot hold (C0
  controls) are written as their OOXML escape ``_xHHHH_``, which Excel reads back as the
  character, so nothing is lost and the save never fails;
* the same tables give the same bytes: no save time, fixed zip entry dates.

The CSV copies in ``tables/`` keep every value exactly as in the tables (no ``'`` prefix)
and the code names as headers (``assignee``), so that a program reading them gets the
documents' text under the names the schema gives; the README and the ``about`` sheet say
so, and how to open them in a spreadsheet safely (import as text).
"""

from __future__ import annotations

import csv
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
# the header rows of the sheets that are not tables: code name → what a reader sees
OWN_HEADERS = {
    "about": {"item": "项目 Item", "English": "English", "中文": "中文"},
    "columns": {
        "sheet": "工作表 Sheet",
        "header": "表头 Header",
        "column": "代码名 Code name",
        "meaning": "Meaning",
        "含义": "含义",
        "unit": "单位 Unit",
        "dtype": "类型 Type",
    },
}
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


def sheet_headers(name: str, columns: list[str]) -> list[str]:
    """What the header row of a sheet shows: each column's label in Chinese and English.

    A field of ``data/schema/fields.csv`` shows its ``label_zh`` and ``label``
    (``负责对象 Assignee``); a column the documents sheet adds from the catalog shows the
    labels of ``data/reference/report/catalog_columns.csv`` where it gives them; the about
    and columns sheets have their own; any other column shows its code name.
    """
    from ipanalysis.schema import field_headers

    catalog = _catalog_headers() if name == "documents" else {}
    known = {**catalog, **field_headers(), **OWN_HEADERS.get(name, {})}
    return [known.get(str(c), str(c)) for c in columns]


def _catalog_headers() -> dict[str, str]:
    """Catalog column → its header, where catalog_columns.csv has ``label_zh`` and ``label`` for it."""
    from ipanalysis.release import CATALOG_COLUMNS

    with CATALOG_COLUMNS.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["column"]: f"{r['label_zh']} {r['label']}" for r in rows if r.get("label") and r.get("label_zh")}


def columns_sheet(sheets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every column of every sheet: the header a reader sees, its code name, meaning in English and Chinese, unit, type."""
    from ipanalysis.release import catalog_columns
    from ipanalysis.schema import load_schema

    described = {(t, c.name): (c.meaning, c.meaning_zh, c.unit) for t, cols in load_schema().items() for c in cols}
    for col, (en, zh) in catalog_columns().items():
        described[("documents", col)] = (en, zh, "")
    rows = []
    for name, df in sheets.items():
        for col, header in zip(df.columns, sheet_headers(name, list(df.columns)), strict=True):
            en, zh, unit = described.get((name, col), ("", "", ""))
            rows.append(
                {
                    "sheet": name,
                    "header": header,
                    "column": col,
                    "meaning": en,
                    "含义": zh,
                    "unit": unit,
                    "dtype": str(df[col].dtype),
                }
            )
    return pd.DataFrame(rows, columns=list(OWN_HEADERS["columns"]))


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_sheet(wb, name: str, df: pd.DataFrame) -> None:
    """One table as a sheet: its labels as a bold frozen header, a filter, text stored as text, ready to print."""
    ws = wb.create_sheet(name)
    headers = sheet_headers(name, list(df.columns))
    _write_header(ws, headers)
    _write_rows(ws, df)
    wrapped = _size_columns(ws, df, headers)
    _align_rows(ws, wrapped)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{_letter(max(len(df.columns), 1))}{max(len(df) + 1, 2)}"
    _print_setup(ws)


def _letter(j: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(j)


def _write_header(ws, headers: list[str]) -> None:
    """The header row: the labels, bold on grey, wrapped between the Chinese and the English."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8E8E8")
    wrap = Alignment(wrap_text=True, vertical="top")
    line = Border(bottom=Side(style="thin"))
    for j, header in enumerate(headers, start=1):
        c = ws.cell(row=1, column=j, value=escape_text(header))
        c.data_type = "s"
        c.font, c.fill, c.alignment, c.border = bold, fill, wrap, line


def _write_rows(ws, df: pd.DataFrame) -> None:
    """The values from row 2: numbers as numbers, nothing for missing, text always text (never a formula)."""
    for i, row in enumerate(df.itertuples(index=False, name=None), start=2):
        for j, v in enumerate(row, start=1):
            value = cell_value(v)
            if value is None:
                continue
            c = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                c.data_type = "s"  # never a formula, whatever the text starts with


def _size_columns(ws, df: pd.DataFrame, headers: list[str]) -> set[int]:
    """Each column as wide as its values (at most :data:`MAX_WIDTH`), its header on at most three lines.

    Returns the columns whose values are wider, to be wrapped. The header row is made
    tall enough for its longest header.
    """
    wrapped, lines = set(), 1
    for j, header in enumerate(headers, start=1):
        sample = [str(v) for v in df.iloc[:, j - 1].dropna()]
        width = max((_display_width(v) for v in sample), default=0)
        words = max(_display_width(w) for w in header.split(" "))
        fit = min(max(width, words, -(-_display_width(header) // 3), 6), MAX_WIDTH) + 2
        ws.column_dimensions[_letter(j)].width = fit
        lines = max(lines, _lines(header, fit - 2))
        if width > MAX_WIDTH:
            wrapped.add(j)
    ws.row_dimensions[1].height = 15 * lines
    return wrapped


def _lines(text: str, width: int) -> int:
    """Lines a header takes in a column ``width`` characters wide, wrapped between words."""
    n, used = 1, 0
    for word in text.split(" "):
        w = _display_width(word)
        if used and used + 1 + w > width:
            n, used = n + 1, w
        else:
            used += (1 if used else 0) + w
    return n


def _align_rows(ws, wrapped: set[int]) -> None:
    """Every value at the top of its cell (a wrapped neighbour makes rows tall); long text wrapped."""
    from openpyxl.styles import Alignment

    top, wrap = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
    widths = {j: (ws.column_dimensions[_letter(j)].width or 10) - 2 for j in wrapped}
    for row in ws.iter_rows(min_row=2):
        lines = 1
        for c in row:
            c.alignment = wrap if c.column in wrapped else top
            if c.column in wrapped and isinstance(c.value, str):
                lines = max(lines, _text_lines(c.value, widths[c.column]))
        if lines > 1:  # a row as tall as its wrapped text: LibreOffice and print do not fit rows themselves
            ws.row_dimensions[row[0].row].height = min(15 * lines, MAX_ROW_HEIGHT)


MAX_ROW_HEIGHT = 409  # points: the tallest row Excel allows


def _text_lines(text: str, width: float) -> int:
    """Lines a value takes in a column ``width`` characters wide (its own line breaks kept)."""
    per_line = max(int(width), 1)  # a column unit is one digit (a CJK character two): a little generous for Latin text
    return sum(max(1, -(-_display_width(part) // per_line)) for part in text.split("\n"))


def _print_setup(ws) -> None:
    """A sheet that prints: landscape A4, every column on one page's width, the header row on every page.

    Narrow margins, grid lines, and a footer naming the sheet and the page (``tasks · 2 / 5``).
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3  # the footer below the rows, not over them
    ws.oddFooter.center.text = "&A · &P / &N"


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
