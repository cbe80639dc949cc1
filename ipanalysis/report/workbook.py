"""One Excel workbook for policy staff: the main tables, a sheet describing every column.

Frozen header row, sensible column widths, wrapped long text; opens in Excel and WPS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ipanalysis.config import REPORTS

# sheet name → loader; analyses add their tables here
SHEETS: dict[str, Callable[[], pd.DataFrame]] = {}


def _sheets() -> dict[str, pd.DataFrame]:
    from ipanalysis import api

    sheets = {
        "tasks": api.load_tasks(),
        "assignments": api.load_assignments(),
        "measures": api.load_measures(),
        "departments": api.load_departments(),
        "guideline_items": api.load_guideline_items(),
        "discrepancies": api.load_discrepancies(),
    }
    from ipanalysis.analysis import targets

    t = targets.load_targets()
    sheets["targets"] = t
    sheets["attainment"] = targets.attainment(t)
    sheets["outcomes"] = targets.load_outcomes()
    from ipanalysis.analysis import themes

    sheets["task_codes"] = themes.load_task_codes()
    sheets["measure_codes"] = themes.load_measure_codes()
    for name, loader in SHEETS.items():
        sheets[name] = loader()
    return sheets


def _columns_sheet(sheets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    from ipanalysis.schema import load_schema

    meanings = {(t, c.name): c.meaning for t, cols in load_schema().items() for c in cols}
    rows = []
    for name, df in sheets.items():
        for col in df.columns:
            rows.append(
                {"sheet": name, "column": col, "meaning": meanings.get((name, col), ""), "dtype": str(df[col].dtype)}
            )
    return pd.DataFrame(rows)


def write_workbook(path: Path = REPORTS / "ipanalysis_tables.xlsx") -> list[Path]:
    """Write the workbook, and each sheet as CSV beside it (``tables/``); return the paths."""
    from openpyxl.styles import Alignment, Font

    sheets = _sheets()
    written = [path]
    (path.parent / "tables").mkdir(parents=True, exist_ok=True)
    for name, df in sheets.items():
        p = path.parent / "tables" / f"{name}.csv"
        df.to_csv(p, index=False, encoding="utf-8-sig", lineterminator="\n")
        written.append(p)
    cols = _columns_sheet(sheets)
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        cols.to_excel(xw, sheet_name="columns", index=False)
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name, index=False)
        wb = xw.book
        fixed = dt.datetime(1980, 1, 1)  # the zip epoch: no save time in the file
        wb.properties.created = fixed
        wb.properties.modified = fixed
        wb.properties.creator = "ipanalysis"
        for ws in wb.worksheets:
            ws.freeze_panes = "A2"
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for column in ws.columns:
                values = [str(c.value) if c.value is not None else "" for c in column[:200]]
                width = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in v) for v in values), default=8)
                letter = column[0].column_letter
                ws.column_dimensions[letter].width = min(max(width + 2, 8), 60)
                if width > 60:
                    for c in column[1:]:
                        c.alignment = Alignment(wrap_text=True, vertical="top")
    return written
