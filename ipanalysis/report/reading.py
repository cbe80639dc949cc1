"""Tables as a reader sees them on a report page: labelled columns, no index, whole numbers as such, "—" for nothing.

A notebook calls ``ipa.for_readers()`` once at the top: every DataFrame (and Series) it
shows from then on is rendered by :func:`readable_html` instead of pandas' default, so a
page shows

* a column that is a published field under its label in Chinese and English
  (``负责对象 Assignee``, ``label_zh`` and ``label`` of ``data/schema/fields.csv``), its
  code name as the header's tooltip; any other column under its name as it is; the levels
  of a pivot's columns as grouped header rows, not as tuples;
* ``4``, not ``4.0``; ``—``, not ``NaN`` or ``<NA>``; the whole text of a warning or a note
  (wrapped, never cut with "…"); lists as text;
* no index of row numbers (a filtered frame's 0, 12, 13 …), but an index that carries
  data (a pivot's rows, a named index) as its first columns;
* an empty table as a sentence that says so, never a table with no rows.

The frame itself is not changed.
"""

from __future__ import annotations

import html
from functools import lru_cache

import numpy as np
import pandas as pd

MISSING = "—"


def _cell(value: object) -> str:
    if isinstance(value, np.floating):
        value = float(value)
    if isinstance(value, (list, tuple, set)):
        return html.escape(" · ".join(map(str, value)))
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.4g}"
    return html.escape(str(value))


@lru_cache(maxsize=1)
def _headers() -> dict[str, tuple[str, str]]:
    """Field name → (label_zh, label), from fields.csv."""
    from ipanalysis.config import SCHEMA
    from ipanalysis.schema import fields_path, load_fields

    return {name: (f.label_zh, f.label) for name, f in load_fields(fields_path(SCHEMA)).items()}


def _label(name: object, attrs: str = "") -> str:
    """One header cell: a field's labels in Chinese and English (its code name as tooltip), else the name."""
    labels = _headers().get(name) if isinstance(name, str) else None
    if labels is None:
        return f"<th{attrs}>{html.escape(str(name))}</th>"
    zh, en = (html.escape(x) for x in labels)
    code = html.escape(str(name), quote=True)
    return f"<th{attrs} title='{code}'><span lang='zh'>{zh}</span> <span lang='en'>{en}</span></th>"


def _blank(part: object) -> bool:
    return part is None or (isinstance(part, str) and not part.strip())


def _align(numeric: bool) -> str:
    return f" style='text-align:{'right' if numeric else 'left'}'"


def _header_rows(columns: pd.Index, numeric: list[bool]) -> str:
    """The header: one row, or for columns of several levels (a pivot) one row a level, groups spanning their columns.

    A column's own header is aligned as its values are; a group's is centred over its columns.
    """
    if not isinstance(columns, pd.MultiIndex):
        return "<tr>" + "".join(_label(c, _align(n)) for c, n in zip(columns, numeric, strict=True)) + "</tr>"
    keys, levels = list(columns), columns.nlevels
    depth = [max((i + 1 for i, part in enumerate(k) if not _blank(part)), default=1) for k in keys]
    rows = []
    for level in range(levels):
        cells, j = [], 0
        while j < len(keys):
            if depth[j] <= level:  # spanned from the row above
                j += 1
            elif depth[j] == level + 1:  # the column's last level: down to the last header row
                span = levels - level
                cells.append(_label(keys[j][level], (f" rowspan='{span}'" if span > 1 else "") + _align(numeric[j])))
                j += 1
            else:  # a group: the next columns under the same heading
                k = j
                while k < len(keys) and depth[k] > level + 1 and keys[k][: level + 1] == keys[j][: level + 1]:
                    k += 1
                group = f" colspan='{k - j}' style='text-align:center'" if k - j > 1 else _align(numeric[j])
                cells.append(_label(keys[j][level], group))
                j = k
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(rows)


def readable_html(df: pd.DataFrame | pd.Series) -> str:
    """A table for a report page (see the module docstring)."""
    keep_index = False
    if isinstance(df, pd.Series):  # a Series' index is its data (years, names) unless it is 0, 1, 2 …
        index = df.index
        keep_index = not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1)
        df = df.to_frame(name=df.name if df.name is not None else "value")
    frame = _with_index(df) if keep_index or _named_index(df) else df
    if frame.empty:
        cols = ", ".join(_plain_label(c) for c in df.columns)
        return f"<p class='ipa-empty'><em>无记录 No rows{f' (columns: {html.escape(cols)})' if cols else ''}.</em></p>"
    numeric = [pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in frame.dtypes]
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = "".join(
            f"<td style='text-align:{'right' if n else 'left'}'>{_cell(v)}</td>"
            for v, n in zip(values, numeric, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    head = _header_rows(frame.columns, numeric)
    return f"<table class='ipa-table'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _plain_label(name: object) -> str:
    labels = _headers().get(name) if isinstance(name, str) else None
    return " ".join(labels) if labels else str(name)


def _with_index(df: pd.DataFrame) -> pd.DataFrame:
    """The index as the first columns; a level without a name gets a blank header, not ``index``."""
    names = [" " * i if n is None else n for i, n in enumerate(df.index.names)]  # distinct blanks
    return df.rename_axis(names).reset_index()


def _named_index(df: pd.DataFrame) -> bool:
    """An index that carries data (a pivot's rows, a named index, labels), not row numbers (0, 1, … or a filter's 0, 12 …)."""
    index = df.index
    if isinstance(index, pd.MultiIndex) or any(n is not None for n in index.names):
        return True
    return not (pd.api.types.is_integer_dtype(index.dtype) or len(index) == 0)


def for_readers() -> None:
    """Show every DataFrame and Series of this notebook as a reader's table (:func:`readable_html`)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    formatter.for_type(pd.DataFrame, readable_html)
    formatter.for_type(pd.Series, readable_html)
