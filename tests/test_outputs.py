"""Charts, workbook and notebooks: what policy staff and students open."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from ipanalysis.errors import FontNotFoundError
from ipanalysis.report import style as plotting
from ipanalysis.report.figures import all_charts, export_all
from ipanalysis.report.notebooks import execute, list_notebooks, to_html


def test_a_cjk_font_is_found_and_renders_every_glyph():
    import matplotlib.pyplot as plt

    font = plotting.use_style()
    assert font in plotting.CJK_FONTS
    fig, ax = plt.subplots()
    ax.set_title("国家知识产权局：专利局审业部、运用促进司 −12%")
    ax.set_xlabel("年份")
    assert plotting.missing_glyphs(fig) == []
    plt.close(fig)


def test_missing_font_error_names_what_to_install(monkeypatch):
    monkeypatch.setattr(plotting, "_installed", lambda: {"DejaVu Sans"})
    monkeypatch.setattr(
        plotting.font_manager, "_load_fontmanager", lambda try_read_cache: plotting.font_manager.fontManager
    )
    plotting.find_cjk_font.cache_clear()
    try:
        with pytest.raises(FontNotFoundError, match="fonts-noto-cjk"):
            plotting.find_cjk_font()
    finally:
        plotting.find_cjk_font.cache_clear()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_exports_png_svg_and_csv(tmp_path, lang):
    written = export_all(tmp_path, lang=lang)
    names = all_charts()
    assert len(written) == 3 * len(names)
    for name in names:
        stem = name if lang == "zh" else f"{name}_en"
        for ext in ("png", "svg", "csv"):
            assert (tmp_path / f"{stem}.{ext}").stat().st_size > 0
        assert len(pd.read_csv(tmp_path / f"{stem}.csv")) > 0


def test_english_labels_come_from_the_translation_tables():
    assert plotting.tr("运用促进司", "en") == "Dept. of IP Utilization Promotion"
    assert plotting.tr("binding_all", "zh") == "对全部省份必做"
    assert plotting.tr("binding_all", "en") == "binding on all provinces"
    assert plotting.tr("运用促进司", "zh") == "运用促进司"


def test_workbook(tmp_path):
    from ipanalysis.report.workbook import write_workbook

    path, *csvs = write_workbook(tmp_path / "tables.xlsx")
    assert {p.name for p in csvs} >= {"tasks.csv", "targets.csv", "attainment.csv"}
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["columns", "tasks", "assignments"]
    ws = wb["tasks"]
    assert ws.freeze_panes == "A2" and ws.max_row == 86
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("title") + 1).value == "推进知识产权综合管理改革"
    cols = wb["columns"]
    assert all(r[2] for r in cols.iter_rows(min_row=2, values_only=True) if r[0] == "tasks")


@pytest.mark.parametrize("source", list_notebooks(), ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(tmp_path, source):
    executed = execute(source, tmp_path)
    page = to_html(executed, tmp_path)
    text = page.read_text(encoding="utf-8")
    assert "Traceback" not in text and len(text) > 10_000


def test_chart_exports_are_byte_identical(tmp_path):
    names = ["themes_topic_shares", "departments_network_by_year", "targets_review_cycles"]
    a = export_all(tmp_path / "a", only=names)
    b = export_all(tmp_path / "b", only=names)
    assert [p.name for p in a] == [p.name for p in b] and len(a) == 9
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
