"""Tables on the report pages (``ipa.for_readers``): labelled columns, whole numbers, "—", no row numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
from bs4 import BeautifulSoup

from ipanalysis.report.reading import MISSING, readable_html
from ipanalysis.schema import field_headers


def _table(df) -> tuple[list[list[str]], list[list[str]], BeautifulSoup]:
    soup = BeautifulSoup(readable_html(df), "html.parser")
    head = [[th.get_text(" ", strip=True) for th in tr.find_all("th")] for tr in soup.select("thead tr")]
    body = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    return head, body, soup


def test_a_field_is_headed_by_its_label_in_chinese_and_english_and_other_columns_by_their_name():
    df = pd.DataFrame({"year": [2018], "assignee": ["保护司"], "n_tasks": [3], "degree": [2]})
    head, _, soup = _table(df)
    assert head == [["年度 Year", "负责对象 Assignee", "任务数 Tasks", "degree"]]
    assert [th.get("title") for th in soup.find_all("th")] == ["year", "assignee", "n_tasks", None]  # code as tooltip
    assert field_headers()["assignee"] == "负责对象 Assignee"


def test_whole_numbers_are_whole_and_nothing_is_a_dash():
    df = pd.DataFrame(
        {
            "n_tasks": [4.0, np.nan, 2.0],
            "n_led": pd.array([1, None, 3], dtype="Int64"),
            "share": [0.123456, np.float32(0.5), None],
            "note": ["a", None, pd.NA],
        }
    )
    _, body, _ = _table(df)
    assert body == [["4", "1", "0.1235", "a"], [MISSING, MISSING, "0.5", MISSING], ["2", "3", MISSING, MISSING]]


def test_row_numbers_are_never_shown_but_an_index_with_data_is():
    df = pd.DataFrame({"year": [2018, 2019, 2020], "n_tasks": [25, 20, 18]})
    head, body, _ = _table(df[df["year"] > 2018])  # a filter leaves the index 1, 2: row numbers
    assert head == [["年度 Year", "任务数 Tasks"]] and body == [["2019", "20"], ["2020", "18"]]
    head, body, _ = _table(df.set_index("year"))
    assert head == [["年度 Year", "任务数 Tasks"]] and body[0] == ["2018", "25"]
    head, body, _ = _table(df.set_index("year")["n_tasks"])  # a Series too
    assert head == [["年度 Year", "任务数 Tasks"]] and body[0] == ["2018", "25"]
    head, body, _ = _table(pd.Series([3, 1], index=["2018_plan", "2019_task_list"], name="scope"))
    assert head == [["", "scope"]] and body == [["2018_plan", "3"], ["2019_task_list", "1"]]
    head, body, _ = _table(pd.Series({2018: "plan", 2019: "task_list"}, name="documents"))  # unnamed years: data
    assert body == [["2018", "plan"], ["2019", "task_list"]]
    _, body, _ = _table(pd.Series(["a", "b"], name="x"))  # 0, 1: row numbers
    assert body == [["a"], ["b"]]


def test_a_pivot_has_grouped_header_rows_not_tuples():
    df = pd.DataFrame({"assignee": ["保护司", "保护司", "办公室"], "year": [2018, 2019, 2018], "n_led": [3, 4, 1]})
    pivot = df.pivot_table(index="assignee", columns="year", values=["n_led"], aggfunc="sum")
    head, body, soup = _table(pivot.reset_index())
    assert head == [["负责对象 Assignee", "牵头任务数 Tasks led"], ["2018", "2019"]]
    assert soup.find("th", title="n_led")["colspan"] == "2" and soup.find("th", title="assignee")["rowspan"] == "2"
    assert body == [["保护司", "3", "4"], ["办公室", "1", MISSING]]
    assert "(" not in soup.get_text()


def test_an_empty_table_is_a_sentence_not_a_table():
    html = readable_html(pd.DataFrame({"year": pd.Series([], dtype="Int64"), "message": []}))
    assert "<table" not in html and "无记录 No rows" in html and "年度 Year" in html
