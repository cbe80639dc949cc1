"""Charts, workbook and notebooks: what policy staff and students open."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

import ipanalysis
from ipanalysis.errors import FontNotFoundError
from ipanalysis.report import render, theme, words
from ipanalysis.report.charts import draw_chart, inputs_for
from ipanalysis.report.figures import all_charts, export_figures, read_index
from ipanalysis.report.notebooks import execute, list_notebooks, to_html


def test_a_cjk_font_is_found_and_renders_every_glyph():
    import matplotlib.pyplot as plt

    font = theme.use_style()
    assert font in theme.CJK_FONTS
    fig, ax = plt.subplots()
    ax.set_title("国家知识产权局：专利局审业部、运用促进司 −12%")
    ax.set_xlabel("年份")
    assert render.missing_glyphs(fig) == []
    plt.close(fig)


def test_missing_font_error_names_what_to_install(monkeypatch):
    monkeypatch.setattr(theme, "_installed", lambda: {"DejaVu Sans"})
    monkeypatch.setattr(theme.font_manager, "_load_fontmanager", lambda try_read_cache: theme.font_manager.fontManager)
    theme.find_cjk_font.cache_clear()
    try:
        with pytest.raises(FontNotFoundError, match="fonts-noto-cjk"):
            theme.find_cjk_font()
    finally:
        theme.find_cjk_font.cache_clear()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_exports_png_svg_and_csv(run, tmp_path, lang):
    written = export_figures(run, tmp_path, (lang,))
    names = all_charts()
    assert len(written) == 3 * len(names) + 2  # and the index and the manifest
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ipanalysis_version"] == ipanalysis.__version__
    assert set(manifest["files"]) == {p.name for p in written if p.name != "manifest.json"}
    for p in written:
        if p.name != "manifest.json":
            assert manifest["files"][p.name] == hashlib.sha256(p.read_bytes()).hexdigest(), p.name
    for name in names:
        stem = name if lang == "zh" else f"{name}_en"
        for ext in ("png", "svg", "csv"):
            assert (tmp_path / f"{stem}.{ext}").stat().st_size > 0
        assert len(pd.read_csv(tmp_path / f"{stem}.csv")) > 0
    index = read_index(tmp_path, lang)
    assert sorted(index["name"]) == sorted(names)
    assert (index["title"].str.len() > 5).all()
    assert all((tmp_path / f).exists() for f in index["svg"])


def test_english_labels_come_from_the_translation_tables():
    assert words.tr("运用促进司", "en") == "Dept. of IP Utilization Promotion"
    assert words.tr("binding_all", "zh") == "对全部省份必做"
    assert words.tr("binding_all", "en") == "binding on all provinces"
    assert words.tr("运用促进司", "zh") == "运用促进司"


@pytest.fixture(scope="module")
def workbook(run, tmp_path_factory):
    from ipanalysis.report.workbook import write_workbook

    path, *csvs = write_workbook(run, tmp_path_factory.mktemp("wb") / "tables.xlsx")
    return path, csvs


def test_workbook(workbook, expected_tasks):
    path, csvs = workbook
    assert {p.name for p in csvs} >= {"about.csv", "documents.csv", "sections.csv", "tasks.csv", "attainment.csv"}
    wb = load_workbook(path)
    assert wb.sheetnames[:5] == ["about", "columns", "documents", "sections", "tasks"]
    ws = wb["tasks"]
    assert ws.freeze_panes == "A2" and ws.max_row == 1 + sum(expected_tasks.values())
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("标题 Title") + 1).value == "推进知识产权综合管理改革"


def test_every_sheet_has_a_filter_over_all_its_cells(workbook):
    wb = load_workbook(workbook[0])
    for ws in wb.worksheets:
        assert ws.auto_filter.ref == ws.dimensions, ws.title
        assert ws.freeze_panes == "A2", ws.title


def test_every_column_is_described_in_english_and_chinese(workbook):
    wb = load_workbook(workbook[0])
    rows = list(wb["columns"].iter_rows(values_only=True))
    assert rows[0][:5] == ("工作表 Sheet", "表头 Header", "代码名 Code name", "Meaning", "含义")
    described = {(r[0], r[1]): r for r in rows[1:]}
    for ws in wb.worksheets[2:]:
        for c in ws[1]:
            sheet, _, col, en, zh, *_ = described[(ws.title, c.value)]
            assert en and zh, (sheet, col)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), (sheet, col, zh)


def test_about_sheet_says_what_version_licence_citation_and_sources(workbook):
    import ipanalysis
    from ipanalysis.api import load_documents

    wb = load_workbook(workbook[0])
    about = {r[0]: r[1:] for r in wb["about"].iter_rows(min_row=2, values_only=True)}
    assert about["version"] == (ipanalysis.__version__, ipanalysis.__version__)
    assert "MIT" in about["licence_code"][0] and "CC BY 4.0" in about["licence_data"][0]
    assert "Article 5" in about["documents"][0] and "第五条" in about["documents"][1]
    assert ipanalysis.__version__ in about["citation"][0]
    for doc_id in load_documents()["doc_id"]:
        assert f"source {doc_id}" in about


def test_documents_sheet_has_provenance(workbook):
    from ipanalysis.config import RAW

    wb = load_workbook(workbook[0])
    code_of = {r[1]: r[2] for r in wb["columns"].iter_rows(min_row=2, values_only=True) if r[0] == "documents"}
    rows = list(wb["documents"].iter_rows(values_only=True))
    codes = [code_of[h] for h in rows[0]]  # the header shows labels; the columns sheet gives their code names
    docs = [dict(zip(codes, r, strict=True)) for r in rows[1:]]
    assert {"title", "doc_kind", "issuer", "issue_date", "doc_number", "source_url", "sha256"} <= set(codes)
    for d in docs:
        assert len(d["sha256"]) == 64
        assert d["issue_date"] or d["metadata_note"], d["doc_id"]
        if d["issue_date"]:  # a date must be stated in the file itself
            y, m, day = (int(x) for x in d["issue_date"].split("-"))
            assert f"{y}年{m}月{day}日" in (RAW / d["source_file"]).read_text(encoding="utf-8"), d["doc_id"]
    assert any(d["issue_date"] for d in docs)


def test_workbook_holds_no_formula_and_keeps_text_that_looks_like_one(workbook):
    import zipfile

    path, csvs = workbook
    wb = load_workbook(path)
    looks_like_formula = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                looks_like_formula += isinstance(c.value, str) and c.value[:1] in "=+-@"
    assert looks_like_formula >= 3  # the attainment targets "= 40 家" …
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    # the CSV copies keep the exact values
    csv = pd.read_csv(next(p for p in csvs if p.name == "attainment.csv"))
    assert csv["target"].str.startswith("= ").sum() >= 3


def test_formula_like_text_and_control_characters_are_stored_as_text(tmp_path):
    import zipfile

    from ipanalysis.report.workbook import escape_text, workbook_bytes

    titles = ["=1+1", "+SUM(A1:A2)", "-2", "@cmd", '=HYPERLINK("http://x")', "a\x01b\x0bc", "_x0041_", "普通"]
    df = pd.DataFrame({"title": titles, "n": range(len(titles))})
    about = pd.DataFrame({"item": ["=about"], "English": ["x"], "中文": ["y"]})
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes({"tasks": df}, about))
    wb = load_workbook(path)
    ws = wb["tasks"]
    got = [ws.cell(row=i, column=1) for i in range(2, len(titles) + 2)]
    assert all(c.data_type == "s" for c in got)
    assert [c.value for c in got] == [escape_text(t) for t in titles]
    assert got[0].value == "=1+1" and got[5].value == "a_x0001_b_x000B_c" and got[6].value == "_x005F_x0041_"
    assert wb["about"]["A2"].data_type == "s"
    with zipfile.ZipFile(path) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_workbook_is_byte_identical_across_builds(run, workbook, tmp_path):
    import zipfile

    from ipanalysis.report.workbook import write_workbook

    again, *_ = write_workbook(run, tmp_path / "tables.xlsx")
    assert again.read_bytes() == workbook[0].read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "1980-01-01" in core


PAGES: dict[str, tuple] = {}  # notebook stem → (executed, page), shared by the report tests


def _rendered(source, folder):
    if source.stem not in PAGES:
        executed = execute(source, folder)
        PAGES[source.stem] = (executed, to_html(executed, folder))
    return PAGES[source.stem]


@pytest.mark.parametrize("source", list_notebooks(), ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_and_reads_without_code(tmp_path_factory, source):
    from bs4 import BeautifulSoup

    _, page = _rendered(source, tmp_path_factory.mktemp(source.stem))
    text = page.read_text(encoding="utf-8")
    assert "Traceback" not in text and len(text) > 10_000
    soup = BeautifulSoup(text, "html.parser")
    assert soup.title.string.startswith(source.stem.split("-")[0]) and "Notebook" not in soup.title.string
    assert not soup.find_all("script", src=True)  # nothing loaded from a network (no require.js, MathJax)
    assert "MathJax" not in text and "require.min.js" not in text
    assert not soup.select(".jp-CodeCell .jp-InputArea")  # the code is left out for readers
    assert soup.select(".jp-MarkdownCell")  # the prose stays
    for img in soup.find_all("img"):
        assert img.get("alt") and "No description" not in img["alt"], img.get("alt")


def test_chart_alt_text_is_the_chart_title(run, tmp_path_factory):
    from bs4 import BeautifulSoup

    source = next(p for p in list_notebooks() if "targets" in p.stem)
    _, page = _rendered(source, tmp_path_factory.mktemp(source.stem))
    alts = [img["alt"] for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img")]
    titles = {"zh": set(), "en": set()}
    for name in all_charts():
        if name.startswith("targets"):
            for lang in titles:
                fig, *_ = draw_chart(name, inputs_for(name, run), lang)
                titles[lang].add(render.chart_title(fig))
                render.plt.close(fig)
    assert alts and set(alts) == titles["zh"] | titles["en"]  # every chart of the page, in both languages


def test_notebook_pages_are_byte_identical(tmp_path):
    source = next(p for p in list_notebooks() if "targets" in p.stem)
    executed, page = _rendered(source, tmp_path / "first")
    again = execute(source, tmp_path / "second")
    assert again.read_bytes() == executed.read_bytes()
    assert to_html(again, tmp_path / "second").read_bytes() == page.read_bytes()


@pytest.fixture(scope="module")
def site(run, tmp_path_factory):
    """A small report: two charts in both languages, one notebook page, the landing page."""
    from ipanalysis.report.landing import write_landing

    root = tmp_path_factory.mktemp("site")
    figs = root / "figures_src"
    names = ["targets_review_cycles", "themes_stage_shares"]
    names = [n for n in names if n in all_charts()] or sorted(all_charts())[:2]
    export_figures(run, figs, only=names)
    out = root / "reports"
    source = next(p for p in list_notebooks() if "targets" in p.stem)
    page = to_html(execute(source, out / "notebooks"), out)
    write_landing(run, out, [page], figures=figs)
    return out, names


def test_landing_page_links_every_chart_in_both_languages(site):
    from bs4 import BeautifulSoup

    out, names = site
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    for name in names:
        for stem in (name, f"{name}_en"):
            for ext in ("png", "svg", "csv"):
                assert f"figures/{stem}.{ext}" in hrefs
                assert (out / "figures" / f"{stem}.{ext}").exists()
    assert {"explorer.html", "ipanalysis_tables.xlsx", "#cite"} <= hrefs
    assert all(img["alt"] for img in soup.find_all("img"))
    assert "ipanalysis " in soup.title.string and "Version" in soup.get_text()


def test_headline_numbers_are_computed_from_the_tables(run):
    from ipanalysis.analysis.registry import Analyses, Tables
    from ipanalysis.report.landing import headlines

    tasks, docs = run.tasks(), run.documents()
    zh, en = headlines(run)[0]
    assert f"{len(tasks)} tasks" in en
    primary = int((docs["doc_role"] == "primary").sum())
    files = docs["source_file"].nunique()  # 5 raw files hold 6 documents, one a second copy of the 2019 list
    assert en.startswith(f"{primary} documents (from {files} raw files; 1 more a second copy of a list")  # as page 1.0
    met = headlines(run)[1]
    assert "repost" in met[1] and "source_kind" in met[2]  # a judgement says what kind of source it rests on
    assert "Only targets whose outcome was published can be judged" in met[1]
    for year, n in tasks.groupby("year").size().items():
        assert f"{n} in {year}" in en and f"{year} 年 {n} 项" in zh
    fewer = tasks[tasks["year"] != tasks["year"].max()]
    other = Analyses(Tables({**run.tables.frames, "tasks": fewer}))
    assert f"{len(fewer)} tasks" in headlines(other)[0][1]


def test_report_pages_load_offline_without_errors(site):
    from _browser import open_page

    out, _ = site
    for name in ("index.html", *(p.name for p in out.glob("2*.html"))):
        with open_page(out / name, height=4000) as visit:
            page = visit.page
            page.wait_for_load_state("load")
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_timeout(300)
            broken = page.evaluate(
                "Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"
            )
            assert broken == [], (name, broken)
            assert page.evaluate("document.images.length") > 0, name
            assert visit.outside() == [], (name, visit.outside())
            assert visit.errors == [], (name, visit.errors)


def test_chart_exports_are_byte_identical(run, tmp_path):
    names = ["themes_topic_shares", "departments_network_by_year", "targets_review_cycles"]
    a = export_figures(run, tmp_path / "a", ("zh",), only=names)
    b = export_figures(run, tmp_path / "b", ("zh",), only=names)
    assert [p.name for p in a] == [p.name for p in b] and len(a) == 11
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_parallel_and_serial_exports_are_identical(run, tmp_path):
    names = ["targets_review_cycles", "themes_stage_shares", "departments_workload_heatmap"]
    names = [n for n in names if n in all_charts()]
    one = export_figures(run, tmp_path / "one", ("zh", "en"), only=names, workers=1)
    two = export_figures(run, tmp_path / "two", ("zh", "en"), only=names, workers=2)
    assert [p.name for p in one] == [p.name for p in two] and len(one) == 3 * 2 * len(names) + 3
    for a, b in zip(one, two, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def _bad_chart(lang):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("glyph \U0001f600 absent")
    return fig, pd.DataFrame({"x": [1]}), "source"


def test_a_missing_glyph_stops_the_export_and_leaves_no_files(run, tmp_path, monkeypatch):
    from ipanalysis.errors import ChartError
    from ipanalysis.report import charts

    monkeypatch.setitem(charts.REGISTRY, "bad_chart", _bad_chart)
    with pytest.raises(ChartError, match="bad_chart"):
        export_figures(run, tmp_path, ("zh",), only=["bad_chart"], workers=1)
    assert not list(tmp_path.glob("bad_chart*"))


def _facts(stem: str, run) -> list[str]:
    """What each notebook must show, computed here from the library, not read from the notebook."""
    from ipanalysis.analysis import gaps

    years = run.list_years()
    if stem.startswith("1.0"):
        return [f"{len(run.tasks())} tasks", ", ".join(map(str, gaps(years)))]
    if stem.startswith("2.0"):
        w = run.workload()
        top = w[w.is_top_lead]
        facts = []
        for y, g in top.groupby("year"):
            units = " and ".join(g["assignee"])
            facts.append(f"{y}: {units} tie with" if len(g) > 1 else f"{y}: {units} leads most")
        return facts
    if stem.startswith("2.1"):
        return [f"{len(run.targets())} targets in the documents of the corpus"]
    if stem.startswith("2.2"):
        kappa, _, n = run.reliability()
        from ipanalysis.report.findings import theme_finding

        return [
            f"Cohen's kappa = {kappa:.3f} on n = {n} tasks",
            f"κ {kappa:.2f} on the corpus",
            theme_finding(run.stage_shifts()).en,  # the shift sentence, computed with its interval
        ]
    raise AssertionError(f"no facts listed for notebook {stem}: add them here")


@pytest.mark.parametrize("source", list_notebooks(), ids=lambda p: p.stem)
def test_notebook_shows_its_findings(run, tmp_path_factory, source):
    from bs4 import BeautifulSoup

    _, page = _rendered(source, tmp_path_factory.mktemp(source.stem))
    text = " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())
    facts = _facts(source.stem, run)
    assert facts
    for fact in facts:
        assert " ".join(fact.split()) in text, fact


def test_an_unknown_chart_name_is_an_error_not_an_empty_export(run, tmp_path):
    from ipanalysis.errors import ChartError

    with pytest.raises(
        ChartError, match=r"no chart named .workload_heatmap.; did you mean .departments_workload_heatmap."
    ):
        export_figures(run, tmp_path, ("zh",), only=["workload_heatmap"])
    with pytest.raises(ChartError, match=r"no chart named 'nope'; no chart named 'themes_keynes'; did you mean"):
        export_figures(run, tmp_path, ("zh",), only=["themes_keynes", "nope"])  # every unknown name, not the first
    assert not list(tmp_path.iterdir())


def _png_text(blob: bytes) -> dict[str, str]:
    from io import BytesIO

    from PIL import Image

    return dict(Image.open(BytesIO(blob)).text)


def test_every_chart_file_says_which_version_made_it(run, tmp_path):
    export_figures(run, tmp_path, ("zh", "en"), only=["targets_review_cycles"], workers=1)
    for stem in ("targets_review_cycles", "targets_review_cycles_en"):
        png = _png_text((tmp_path / f"{stem}.png").read_bytes())
        assert png["Software"].startswith(f"ipanalysis {ipanalysis.__version__} ")
        assert png["Title"] == read_index(tmp_path, "en" if stem.endswith("_en") else "zh").loc[0, "title"]
        svg = (tmp_path / f"{stem}.svg").read_text(encoding="utf-8")
        assert f"<dc:title>{png['Title']}</dc:title>" in svg.replace("&amp;", "&")
        assert f"ipanalysis {ipanalysis.__version__} " in svg and "<dc:date>" not in svg
    # a CSV has no place for it: the folder's manifest names the version and each CSV's sha256
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ipanalysis_version"] == ipanalysis.__version__
    csv = tmp_path / "targets_review_cycles_en.csv"
    assert manifest["files"][csv.name] == hashlib.sha256(csv.read_bytes()).hexdigest()


def _shown(run, name: str, folder) -> list[tuple[bytes, dict]]:
    """What ``show_chart`` displays: (PNG bytes, metadata) per image."""
    from unittest import mock

    from ipanalysis.report.figures import show_chart

    shown = []
    with mock.patch("IPython.display.display", lambda obj: shown.append((obj.data, obj.metadata))):
        show_chart(run, name, folder=folder)
    return shown


def test_a_notebook_shows_the_exported_chart_when_it_is_current_and_draws_it_otherwise(run, tmp_path, monkeypatch):
    from ipanalysis.report import figures

    name = "themes_stage_shares"
    figures.export_figures(run, tmp_path, ("zh", "en"), only=[name], workers=1)
    exported = {lang: (tmp_path / f"{figures.stem_of(name, lang)}.png").read_bytes() for lang in ("zh", "en")}

    drawn = []
    real = figures.rendered
    monkeypatch.setattr(figures, "rendered", lambda *a, **k: drawn.append(a) or real(*a, **k))
    current = _shown(run, name, tmp_path)
    assert drawn == []  # nothing drawn: the files are shown as they are
    assert [blob for blob, _ in current] == [exported["zh"], exported["en"]]
    assert [m["ipanalysis_lang"] for _, m in current] == ["zh", "en"]
    assert current[0][1]["alt"] == read_index(tmp_path, "zh").loc[0, "title"]

    (tmp_path / f"{name}_en.png").write_bytes(b"not the chart")  # an edited file is not shown
    edited = _shown(run, name, tmp_path)
    assert [a[1] for a in drawn] == ["en"] and edited == current  # drawn again, into the same bytes

    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    manifest["charts"] = {stem: "made from other inputs" for stem in manifest["charts"]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    drawn.clear()
    assert _shown(run, name, tmp_path) == current and [a[1] for a in drawn] == ["zh", "en"]


def test_notebook_pages_link_each_chart_file_and_fold_the_english_one(tmp_path_factory):
    from bs4 import BeautifulSoup

    source = next(p for p in list_notebooks() if "targets" in p.stem)
    _, page = _rendered(source, tmp_path_factory.mktemp(source.stem))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    images = soup.find_all("img")
    srcs = [img["src"] for img in images]
    assert srcs and all(s.startswith("figures/") and s.endswith(".png") for s in srcs)
    assert all((page.parent / s).stat().st_size > 10_000 for s in srcs)
    english = [img for img in images if img.find_parent("details")]
    assert english and {img["src"] for img in english} == {s for s in srcs if s.endswith("_en.png")}
    assert len(english) * 2 == len(images)


@pytest.mark.parametrize("source", list_notebooks(), ids=lambda p: p.stem)
def test_notebook_tables_are_labelled_whole_and_never_empty(tmp_path_factory, source):
    import re

    from bs4 import BeautifulSoup

    fields = _fields()
    _, page = _rendered(source, tmp_path_factory.mktemp(source.stem))
    tables = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("table.ipa-table")
    assert tables, source.stem
    for table in tables:
        assert table.select("tbody tr td"), "a table with no rows"  # an empty frame is a sentence instead
        for th in table.select("th"):
            text, code = th.get_text(" ", strip=True), th.get("title")
            if code:  # a field: its labels in Chinese and English, its code name the tooltip
                assert text == f"{fields[code]['label_zh']} {fields[code]['label']}", (source.stem, code)
            assert text not in fields, (source.stem, text)  # never a field under its code name
            assert text != "index" and not text.startswith("("), (source.stem, text)  # no row numbers, no tuples
        for td in table.select("td"):
            value = td.get_text()
            assert value not in ("nan", "NaN", "<NA>", "None", "NaT"), (source.stem, value)
            if "right" in td.get("style", ""):  # a number: a whole one without ".0"
                assert not re.fullmatch(r"-?\d+\.0", value), (source.stem, value)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)], ids=["phone", "laptop"])
def test_no_report_page_is_wider_than_the_screen(run, site, tmp_path_factory, width, height):
    """A wide table scrolls inside its own box; the page itself never scrolls sideways."""
    from _browser import open_page

    from ipanalysis.report.explorer import explorer_table, write_explorer

    out, _ = site
    pages = [_rendered(s, tmp_path_factory.mktemp(s.stem))[1] for s in list_notebooks()]
    pages += [out / "index.html", write_explorer(run.call(explorer_table), tmp_path_factory.mktemp("x") / "e.html")]
    for page in pages:
        with open_page(page, width=width, height=height) as visit:
            visit.page.wait_for_load_state("load")
            visit.page.wait_for_timeout(300)
            wide = visit.page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth,"
                " Array.from(document.querySelectorAll('table.ipa-table'))"
                "   .filter(t => t.getBoundingClientRect().right > window.innerWidth + 1).length]"
            )
            assert wide[0] <= wide[1] and wide[2] == 0, (page.name, width, wide)
            assert visit.errors == [], (page.name, visit.errors)


def test_an_export_of_one_language_keeps_the_other_in_the_manifest(run, tmp_path, monkeypatch):
    from ipanalysis.report import figures
    from ipanalysis.report.figures import read_manifest

    name = "themes_stage_shares"
    monkeypatch.setattr(figures, "all_charts", lambda: {name: all_charts()[name]})  # a registry of one chart
    export_figures(run, tmp_path, ("zh", "en"), workers=1)
    both = read_manifest(tmp_path)["files"]
    export_figures(run, tmp_path, ("zh",), workers=1)  # every chart, one language (the CLI's default)
    again = read_manifest(tmp_path)["files"]
    assert f"{name}_en.png" in again and again == both  # same key, same bytes: nothing dropped


def test_the_gallery_never_replaces_a_chart_a_page_drew_afresh(run, tmp_path):
    import warnings

    from ipanalysis.report.landing import _copy_figures

    name = "themes_stage_shares"
    src, dst = tmp_path / "figures", tmp_path / "reports" / "figures"
    export_figures(run, src, ("zh", "en"), only=[name], workers=1)
    fresh = (src / f"{name}.png").read_bytes()
    dst.mkdir(parents=True)
    (dst / f"{name}.png").write_bytes(fresh)  # what a page drew
    (src / f"{name}.png").write_bytes(b"an older chart")  # figures/ no longer as its manifest says
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shown = _copy_figures(src, dst)
    assert (dst / f"{name}.png").read_bytes() == fresh and not caught
    assert (dst / f"{name}_en.png").read_bytes() == (src / f"{name}_en.png").read_bytes()  # current: copied
    assert list(shown["zh"]["name"]) == [name] == list(shown["en"]["name"])
    (src / f"{name}_en.svg").write_bytes(b"<svg>an edited file</svg>")  # no page drew this one
    (dst / f"{name}_en.svg").unlink()
    with pytest.warns(UserWarning, match="left out of the gallery"):
        shown = _copy_figures(src, dst)
    assert shown["en"].empty and list(shown["zh"]["name"]) == [name]
    assert not (dst / f"{name}_en.svg").exists()  # never published as it is


def test_every_sheet_prints_landscape_fitted_to_width_with_its_header_on_each_page(workbook):
    from ipanalysis.report.workbook import MAX_WIDTH

    wb = load_workbook(workbook[0])
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title  # as many pages down as needed, never squeezed to one
        assert ws.print_title_rows in ("1:1", "$1:$1"), ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.title
        for c in ws[1]:  # the header wraps, and every column has a width of its own
            assert c.alignment.wrap_text and c.font.bold, (ws.title, c.value)
            width = ws.column_dimensions[c.column_letter].width
            assert 6 <= width <= MAX_WIDTH + 2, (ws.title, c.value, width)
        assert ws.row_dimensions[1].height >= 15, ws.title
        for row in ws.iter_rows(min_row=2, max_row=min(ws.max_row, 40)):
            for c in row:  # text too long for its column wraps instead of running off the page
                if isinstance(c.value, str) and len(c.value) > 2 * MAX_WIDTH:
                    assert c.alignment.wrap_text, (ws.title, c.coordinate)
                    # as tall as its wrapped lines: LibreOffice prints a row at its stored height, text overlapping
                    assert (ws.row_dimensions[c.row].height or 0) >= 30, (ws.title, c.coordinate)


def _fields() -> dict[str, dict[str, str]]:
    """fields.csv read as a file: field → its row (label, label_zh …)."""
    import csv

    from ipanalysis.config import SCHEMA

    with (SCHEMA.parent / "fields.csv").open(encoding="utf-8-sig", newline="") as fh:
        return {r["field"]: r for r in csv.DictReader(fh)}


def test_every_field_has_a_short_label_in_english_and_chinese():
    fields = _fields()
    for name, r in fields.items():
        assert r["label"] and r["label_zh"], name
        assert len(r["label"]) <= 32 and len(r["label_zh"]) <= 12, (name, r["label"], r["label_zh"])
        assert r["label"][0].isupper() or r["label"][0].isdigit(), (name, r["label"])  # a header, not a code
        assert "_" not in r["label"] and any("\u4e00" <= ch <= "\u9fff" for ch in r["label_zh"]), name
    for column in ("label", "label_zh"):  # one label, one field: a header names one column
        labels = [r[column] for r in fields.values()]
        assert len(set(labels)) == len(labels), sorted({x for x in labels if labels.count(x) > 1})


def test_a_field_without_a_label_is_named(tmp_path):
    import shutil

    from ipanalysis.config import SCHEMA
    from ipanalysis.errors import SchemaError
    from ipanalysis.schema import load_schema

    shutil.copytree(SCHEMA.parent, tmp_path / "schema")
    fields = tmp_path / "schema" / "fields.csv"
    text = fields.read_text(encoding="utf-8")
    fields.write_text(text.replace("assignee,str,,Assignee,负责对象,", "assignee,str,,,负责对象,"), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"fields.csv:\d+, column 'label': expected a value"):
        load_schema(tmp_path / "schema" / "tables.csv")


def test_every_table_header_is_its_fields_label_in_chinese_and_english(workbook):
    from ipanalysis.release import catalog_columns

    fields, catalog = _fields(), set(catalog_columns())
    wb = load_workbook(workbook[0])
    code_of = {(r[0], r[1]): r[2] for r in wb["columns"].iter_rows(min_row=2, values_only=True)}
    for ws in wb.worksheets[2:]:
        for c in ws[1]:
            code = code_of[(ws.title, c.value)]
            if code in fields:
                assert c.value == f"{fields[code]['label_zh']} {fields[code]['label']}", (ws.title, code)
            else:  # only the documents sheet adds columns that are no field: the catalog's provenance
                assert ws.title == "documents" and code in catalog, (ws.title, code)
    tasks = [c.value for c in wb["tasks"][1]]
    assert tasks[:3] == ["年度 Year", "文件编号 Document ID", "部分序号 Section no."]
    assert "负责对象 Assignee" in [c.value for c in wb["assignments"][1]]


def test_the_columns_sheet_maps_each_header_to_the_code_name_the_csv_keeps(workbook):
    path, csvs = workbook
    wb = load_workbook(path)
    rows = list(wb["columns"].iter_rows(min_row=2, values_only=True))
    for ws in wb.worksheets[2:]:
        mapped = [(r[1], r[2]) for r in rows if r[0] == ws.title]
        assert [h for h, _ in mapped] == [c.value for c in ws[1]], ws.title
        csv = next(p for p in csvs if p.stem == ws.title)
        assert [code for _, code in mapped] == list(pd.read_csv(csv, nrows=0).columns), ws.title
    about = {r[0]: r[1:] for r in wb["about"].iter_rows(min_row=2, values_only=True)}
    assert "code names" in about["column_names"][0] and "tables/" in about["column_names"][0]
    assert "代码名" in about["column_names"][1]
    assert [c.value for c in wb["about"][1]] == ["项目 Item", "English", "中文"]


def test_the_landing_page_is_one_column_on_a_phone(site):
    from _browser import open_page

    out, _ = site
    with open_page(out / "index.html", width=390, height=2000) as visit:
        widths = visit.page.evaluate(
            "Array.from(document.querySelectorAll('section.chart figure')).map(f => f.getBoundingClientRect().width)"
        )
        assert widths and min(widths) > 300  # a chart the width of the screen, not half of it
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
