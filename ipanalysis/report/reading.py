"""Tables as a reader sees them on a report page: no index, whole numbers as such, "—" for nothing.

A notebook calls ``ipa.for_readers()`` once at the top: every DataFrame it shows from
then on is rendered by :func:`readable_html` instead of pandas' default, so a page
shows ``4``, not ``4.0``; ``—``, not ``NaN`` or ``<NA>``; the whole text of a warning
or a note (wrapped, never cut with "…"); lists as text; and an empty table as a
sentence that says so. The frame itself is not changed.
"""

from __future__ import annotations

import html

import pandas as pd

MISSING = "—"


def _cell(value: object) -> str:
    if isinstance(value, (list, tuple, set)):
        return html.escape(" · ".join(map(str, value)))
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.4g}"
    return html.escape(str(value))


def readable_html(df: pd.DataFrame) -> str:
    """A table for a report page (see the module docstring); columns keep their names as in the data."""
    if df.empty:
        cols = ", ".join(map(str, df.columns))
        return f"<p class='ipa-empty'><em>无记录 No rows{f' (columns: {html.escape(cols)})' if cols else ''}.</em></p>"
    frame = df.reset_index() if _named_index(df) else df
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame]
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = "".join(
            f"<td style='text-align:{'right' if n else 'left'}'>{_cell(v)}</td>"
            for v, n in zip(values, numeric, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table class='ipa-table'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _named_index(df: pd.DataFrame) -> bool:
    """An index that carries data (a pivot's rows, a named index), not pandas' row numbers."""
    return any(n is not None for n in df.index.names) or not isinstance(df.index, pd.RangeIndex)


def for_readers() -> None:
    """Show every DataFrame of this notebook as a reader's table (:func:`readable_html`)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, readable_html)
