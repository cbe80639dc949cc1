"""The task explorer: its table from the corpus, and the page in a real headless browser."""

from __future__ import annotations

import html
import re

import pytest
from _browser import open_page

from ipanalysis import api
from ipanalysis.config import RAW
from ipanalysis.report.explorer import explorer_table, write_explorer


@pytest.fixture(scope="module")
def table(run):
    return run.call(explorer_table)


@pytest.fixture(scope="module")
def page_path(tmp_path_factory, table):
    return write_explorer(table, tmp_path_factory.mktemp("explorer") / "explorer.html")


def _mentions(word: str) -> int:
    """Tasks and guide items whose title or text holds the word, counted from the corpus tables."""
    n = 0
    for df in (api.load_tasks(), api.load_guideline_items()):
        n += int((df["title"].str.contains(word) | df["text"].str.contains(word)).sum())
    return n


def _info(visit) -> tuple[int, int]:
    """(rows shown after filtering, rows in all) from the DataTables info line."""
    text = visit.page.locator("#tasks_info").inner_text()
    m = re.search(r"of ([\d,]+) entries(?: \(filtered from ([\d,]+) total)?", text)
    assert m, text
    shown = int(m.group(1).replace(",", ""))
    return shown, int((m.group(2) or m.group(1)).replace(",", ""))


def test_every_task_and_guide_item_is_a_row(table):
    tasks, guide = api.load_tasks(), api.load_guideline_items()
    assert len(table) == len(tasks) + len(guide)
    assert sorted(table["year"].unique()) == sorted(api.load_documents()["year"].unique())
    # every task shows its source file and line, and its text
    raw = {p.name for p in RAW.glob("*")}
    files = table["source"].str.extract(r"^(.+):(\d+)$")
    assert files[0].isin(raw).all() and files[1].notna().all()
    first = tasks.iloc[0]
    assert first["title"] in table.loc[0, "task"] and first["text"].splitlines()[0] in table.loc[0, "task"]


def test_rows_carry_departments_obligations_stages_instruments_and_targets(run, table):
    tasks = table[table["kind"].str.startswith("任务")]
    assert (tasks["lead"] != "").all() and (tasks["named"] != "").all()
    assert tasks["stage"].str.fullmatch(r"\S+ [a-z ]+").all()
    assert tasks["obligation"].str.contains("必做 must act").any()
    assert tasks["instruments"].str.contains("供给型").any()
    n_targets = sum(len(v.split("<br>")) for v in table["targets"] if v)
    assert n_targets == len(run.targets()) > 0
    assert table["labels_en"].str.contains("Dept.").any()


def test_document_text_is_escaped(run):
    from ipanalysis.report.explorer import explorer_html

    tasks = (
        api.load_tasks().head(1).assign(title="<script>alert(1)</script>", text="a & b <img src=x onerror=alert(2)>")
    )
    evil = run.call(explorer_table, tasks=tasks, guideline_items=api.load_guideline_items().head(0))
    page = explorer_html(evil)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_the_page_is_byte_identical(page_path, table, tmp_path):
    again = write_explorer(table, tmp_path / "explorer.html")
    assert again.read_bytes() == page_path.read_bytes()


def test_search_finds_the_tasks_that_mention_a_word(page_path):
    expected = _mentions("质押")
    assert expected > 0
    with open_page(page_path) as visit:
        page = visit.page
        page.wait_for_selector("#tasks_info")
        shown, total = _info(visit)
        assert shown == total == len(api.load_tasks()) + len(api.load_guideline_items())
        page.fill("input[type=search]", "质押")
        page.wait_for_function("document.querySelector('#tasks_info').innerText.includes('filtered')")
        assert _info(visit) == (expected, total)
        for cell in page.locator("#tasks tbody tr").all_inner_texts():
            assert "质押" in cell
        # English labels are searched too: the tasks led or joined by the protection department
        page.fill("input[type=search]", "Dept. of IP Protection")
        page.wait_for_timeout(300)
        assert 0 < _info(visit)[0] < total
        assert visit.outside() == [], visit.outside()
        assert visit.errors == []


def test_a_year_filter_narrows_the_rows(page_path):
    tasks = api.load_tasks()
    year = int(tasks["year"].max())
    expected = int((tasks["year"] == year).sum()) + int((api.load_guideline_items()["year"] == year).sum())
    with open_page(page_path) as visit:
        page = visit.page
        page.wait_for_selector("#tasks_info")
        total = _info(visit)[1]
        page.get_by_role("button", name="Show All").click()
        year_pane = page.locator("div.dtsp-searchPane").first
        year_pane.locator("span.dtsp-name", has_text=str(year)).click()
        page.wait_for_function("document.querySelector('#tasks_info').innerText.includes('filtered')")
        assert _info(visit) == (expected, total) and expected < total
        years = page.locator("#tasks tbody tr td:first-child").all_inner_texts()
        assert years and set(years) == {str(year)}
        assert visit.outside() == [] and visit.errors == []


def test_the_page_makes_no_request_off_the_machine_and_logs_no_error(page_path, tmp_path):
    with open_page(page_path) as visit:
        visit.page.wait_for_selector("#tasks_info")
        visit.page.wait_for_timeout(500)
        visit.page.screenshot(path=str(tmp_path / "explorer.png"))
        assert visit.requests[0].startswith("file:")
        assert visit.outside() == [], visit.outside()
        assert visit.errors == [], visit.errors
        assert "任务浏览器" in visit.page.title()


def test_english_finds_what_chinese_finds_and_shows_it_in_the_row(page_path):
    expected = _mentions("质押")
    with open_page(page_path) as visit:
        page = visit.page
        page.wait_for_selector("#tasks_info")
        page.fill("input[type=search]", "pledge")
        page.wait_for_function("document.querySelector('#tasks_info').innerText.includes('filtered')")
        assert _info(visit)[0] == expected
        for cell in page.locator("#tasks tbody tr").all_inner_texts():
            assert "pledge" in cell  # the word found is in the row a reader sees


def test_a_department_is_filed_under_its_name_today_with_the_wording_as_written(table):
    old = table[(table["year"] == 2018) & table["named"].str.contains("专利管理司")]
    assert len(old) > 0
    for cell in old["named"]:
        assert "运用促进司 Dept. of IP Utilization Promotion" in cell
        assert re.search(r"as written: [^<]*专利管理司", cell)


def test_on_a_phone_each_task_is_a_card_and_the_search_box_comes_first(page_path):
    with open_page(page_path, width=390, height=900) as visit:
        page = visit.page
        page.wait_for_selector("#tasks_info")
        assert page.evaluate("document.documentElement.scrollWidth") <= 391  # nothing runs off the screen
        search = page.locator("input[type=search]").bounding_box()
        first = page.locator("#tasks tbody tr").first.bounding_box()
        assert search["y"] < first["y"] and search["y"] < 900  # on the first screen, above the tasks
        assert first["width"] <= 390
        label = page.evaluate("getComputedStyle(document.querySelector('#tasks tbody td'), '::before').content")
        assert "Year" in label
        assert visit.errors == []


def _rows_found(page, query: str) -> list[str]:
    """The source (file:line) of every row a search leaves, all on one page."""
    page.fill("input[type=search]", query)
    page.wait_for_timeout(300)
    return page.locator("#tasks tbody td.src").all_inner_texts()


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("pledge", "质押"),
        ("review cycle", "审查周期"),
        ("protection department", "保护司"),
        ("Dept. of IP Protection", "保护司"),
        ("patent administration", "专利管理司"),
    ],
)
def test_an_english_search_finds_the_rows_the_chinese_one_finds(page_path, english, chinese):
    with open_page(page_path) as visit:
        page = visit.page
        page.wait_for_selector("#tasks_info")
        page.select_option("div.dt-length select", "-1")  # every row on one page
        found = _rows_found(page, chinese)
        assert 0 < len(found) < _info(visit)[1]
        assert _rows_found(page, english) == found
        assert page.input_value("input[type=search]") == english  # the box keeps what was typed
        assert visit.errors == []


def test_protection_department_finds_its_predecessors_tasks_and_says_what_it_searched(page_path, table):
    # the tasks filed under 保护司 include those the 2018 plan gives to 保护协调司 (its predecessor)
    written_old = table[table["named"].str.contains("as written: [^<]*协调司", regex=True)]
    assert len(written_old) > 0
    with open_page(page_path, width=390, height=844) as visit:
        page = visit.page
        page.wait_for_selector("#tasks_info")
        page.select_option("div.dt-length select", "-1")
        found = _rows_found(page, "protection department")
        assert set(written_old["source"].map(html.unescape)) <= set(found)
        assert "保护司" in page.locator("small.search-as").inner_text()
        assert _rows_found(page, "department protection 2020") == _rows_found(page, "保护司 2020")
        old = _rows_found(page, "protection coordination department")
        assert page.locator("small.search-as").inner_text().endswith("保护协调司")
        assert old == _rows_found(page, "保护协调司") and set(old) < set(found)
        assert _rows_found(page, "protection")  # one word of a name is searched as typed
        assert page.locator("small.search-as").inner_text() == ""
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert visit.errors == []


def test_every_department_of_the_glossary_is_found_by_its_english_name():
    from ipanalysis.report.explorer import english_names, search_key
    from ipanalysis.report.words import glossary_order, tr

    names = english_names()["names"]
    for zh in glossary_order("department"):
        assert names[search_key(tr(zh, "en"))] == zh, zh
    assert search_key("protection department") == search_key("Dept. of IP Protection") == "department protection"
    assert search_key("IP Protection Departments") == search_key("CNIPA department of protection")
    assert names["department protection"] == "保护司" and names["coordination department protection"] == "保护协调司"
