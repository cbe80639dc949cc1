"""Output folders swapped in whole, indexes that cannot point elsewhere, charts that are never half-read."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.errors import OutputError
from ipanalysis.report import figures
from ipanalysis.report.outputs import staged
from ipanalysis.report.pipeline import Step, reproduce

CHART = "targets_review_cycles"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_disk_error_while_writing_leaves_the_previous_folder_whole(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old")
    with pytest.raises(OutputError, match="previous folder is unchanged"):
        with staged(out) as work:
            (work / "a.txt").write_text("new, half")
            raise OSError(28, "No space left on device")
    assert _snapshot(out) == {"a.txt": b"old"} and [p.name for p in tmp_path.iterdir()] == ["out"]
    with staged(out) as work:
        (work / "a.txt").write_text("new")
    assert _snapshot(out) == {"a.txt": b"new"} and [p.name for p in tmp_path.iterdir()] == ["out"]


def test_figures_failing_midway_keep_the_old_charts(tmp_path, monkeypatch):
    out = tmp_path / "figures"
    figures.export_figures(out, langs=("zh",), only=[CHART], workers=1)
    before = _snapshot(out)
    real = figures.draw

    def draw_then_fail(name, lang, folder):
        real(name, lang, folder)  # the files are written (into the new folder) …
        raise OSError(28, "No space left on device")  # … and then the disk is full

    monkeypatch.setattr(figures, "draw", draw_then_fail)
    with pytest.raises(OutputError, match="figures: could not be written"):
        figures.export_figures(out, langs=("zh",), only=[CHART], workers=1)
    assert _snapshot(out) == before


def test_index_rows_cannot_point_outside_their_folder_or_at_another_chart(tmp_path):
    out = tmp_path / "figures"
    figures.export_figures(out, langs=("zh",), only=[CHART], workers=1)
    index = pd.read_csv(out / "index.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    evil = pd.concat(
        [
            index.assign(png="../../outside.png"),
            index.assign(name="themes_stage_shares"),  # another chart's row pointing at this chart's files
        ]
    )
    evil.to_csv(out / "index.csv", index=False, encoding="utf-8-sig")
    with pytest.warns(UserWarning, match="2 row"):
        assert figures.read_index(out, "zh").empty


def test_a_zero_byte_png_recorded_in_the_manifest_is_drawn_again_not_a_crash(tmp_path, monkeypatch):
    import IPython.display

    out = tmp_path / "figures"
    figures.export_figures(out, langs=("zh", "en"), only=[CHART], workers=1)
    png = out / f"{CHART}.png"
    png.write_bytes(b"")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][png.name] = hashlib.sha256(b"").hexdigest()  # as if written on a full disk
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    figures.show_chart(CHART, folder=out)
    assert len(shown) == 2 and all(figures.png_size(img.data) for img in shown)


def test_a_failed_report_step_leaves_the_previous_report(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "index.html").write_text("previous run, 85 tasks")

    def first(folder: Path) -> list[Path]:
        (folder / "explorer.html").write_text("new run, 84 tasks")
        return [folder / "explorer.html"]

    def killed(folder: Path) -> list[Path]:
        raise RuntimeError("kernel died")

    steps = [Step("explorer", "explorer", first, "reports"), Step("report", "notebooks", killed, "reports")]
    assert reproduce(steps, reports=reports) == 1
    assert _snapshot(reports) == {"index.html": b"previous run, 85 tasks"}
    assert "left as the previous run wrote it" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]
    ok = reproduce([Step("explorer", "explorer", first, "reports")], reports=reports)
    assert ok == 0 and _snapshot(reports)["explorer.html"] == b"new run, 84 tasks"
    assert set(_snapshot(reports)) == {"explorer.html", ".pipeline.json"}  # the run says what it was made from


def test_fresh_steps_are_skipped_and_said_so_force_and_only_run_them(tmp_path, capsys):
    ran = []

    def step(tag):
        def run(folder: Path) -> list[Path]:
            ran.append(tag)
            return []

        return run

    steps = [
        Step("build", "build tables", step("build"), None, lambda: True),
        Step("figures", "export figures", step("figures"), None, lambda: False),
    ]
    assert reproduce(steps, reports=tmp_path / "r") == 0
    assert ran == ["figures"] and "build tables: fresh, skipped" in capsys.readouterr().out
    assert reproduce(steps, reports=tmp_path / "r", force=True) == 0 and ran[1:] == ["build", "figures"]
    assert reproduce(steps, reports=tmp_path / "r", only=["build"]) == 0 and ran[3:] == ["build"]
    assert reproduce(steps, reports=tmp_path / "r", only=["notebooks"]) == 2
    assert "no step named notebooks" in capsys.readouterr().out


def test_the_real_steps_know_when_they_are_fresh():
    from ipanalysis.report import pipeline

    assert [s.id for s in pipeline.STEPS] == ["build", "figures", "workbook", "explorer", "report"]
    assert all(s.fresh is not None for s in pipeline.STEPS)
    key = pipeline.reports_key()
    assert len(key) == 64 and pipeline.reports_key() == key  # a digest, the same when nothing changed
