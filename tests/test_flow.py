"""The data flow: tables → analyses → charts, passed as frames; caches as verified data; incremental steps."""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import shutil
import zipfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from ipanalysis import api
from ipanalysis.analysis import cache, themes
from ipanalysis.analysis.registry import ANALYSES, TABLES, Analyses, Tables
from ipanalysis.report import figures, pipeline
from ipanalysis.report.charts import REGISTRY, chart_inputs, draw_chart, inputs_for

PACKAGE = Path(api.__file__).parent
A, B = "targets_review_cycles", "actors_by_year"  # two quick charts


@pytest.fixture(scope="module")
def small(corpus) -> Tables:
    """Small tables in memory, from the raw files (never data/processed): two lists, ten tasks each."""
    t = corpus.tables
    keep = {(y, n) for y in (2019, 2020) for n in range(1, 11)}
    on = lambda df: df[[(y, n) in keep for y, n in zip(df["year"], df["task_no"], strict=True)]]  # noqa: E731
    frames = {
        "documents": t["documents"][t["documents"]["year"].isin([2019, 2020])],
        "sections": t["sections"],
        "tasks": on(t["tasks"]),
        "measures": on(t["measures"]),
        "assignments": on(t["assignments"]),
        "guideline_items": t["guideline_items"].head(5),
        "departments": t["departments"],
        "discrepancies": t["discrepancies"],
        "outcomes": __import__("ipanalysis.analysis.targets", fromlist=["x"]).load_outcomes(),
    }
    return Tables({k: api.as_published(v.reset_index(drop=True)) for k, v in frames.items()})


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_chart_draws_from_small_in_memory_frames_without_published_tables(small, name, monkeypatch, tmp_path):
    def no_published(*_a, **_k):
        raise AssertionError("a chart or analysis read the published tables")

    monkeypatch.setattr(api, "_tables", no_published)
    monkeypatch.setattr(api, "PROCESSED", tmp_path / "nothing here")
    run = Analyses(small)  # memory only
    inputs = inputs_for(name, run)
    assert set(inputs) == set(chart_inputs(name)) and "calendar" in inputs
    for lang in ("zh", "en"):
        fig, data, source = draw_chart(name, inputs, lang)
        assert len(data) > 0 and "2019" in source and "2024" not in source
        plt.close(fig)
    assert set(run.read) <= set(TABLES) | set(ANALYSES)


def test_no_pickle_and_no_rewriting_of_module_globals_in_the_library():
    for f in PACKAGE.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from) (c?pickle|dill|joblib)|pickle\.(loads?|dumps?)\(", text, re.M), f
        assert "globals()[" not in text and "share_results" not in text, f


def test_no_analysis_or_chart_loads_the_published_tables_by_default():
    for folder in ("analysis", "report"):
        for f in (PACKAGE / folder).rglob("*.py"):
            text = f.read_text(encoding="utf-8")
            assert "api.load_" not in text and "from ipanalysis import api" not in text, f


def test_a_run_computes_each_result_once_and_hands_out_copies(small, monkeypatch):
    calls = []
    real = themes.load_task_codes
    monkeypatch.setattr(themes, "load_task_codes", lambda tasks: calls.append(1) or real(tasks))
    run = Analyses(small)
    first = run.task_codes()
    first.loc[0, "chain_stage"] = "changed by a caller"
    run.stage_shares(), run.stage_shifts(), run.stage_instrument()
    assert len(calls) == 1 and run.task_codes().loc[0, "chain_stage"] != "changed by a caller"
    # a parameter named after a result is that result: the same frame as calling the function with it
    assert run.stage_shares().equals(themes.stage_shares(run.task_codes()))
    # given by name, a table replaces the run's own
    fewer = run.task_codes().head(5)
    assert run.stage_shares(task_codes=fewer)["n_tasks"].sum() == 5


def test_a_call_with_or_without_its_default_arguments_is_one_result(small):
    run = Analyses(small)
    run.keyness(), run.keyness(min_freq=3), run.keyness(scope="all")
    run.keyness(scope="shared")
    assert len([k for k in run._memo if k[0] == "keyness"]) == 2


def test_a_table_passed_by_position_is_refused_with_the_way_to_pass_it(small):
    run = Analyses(small)
    with pytest.raises(TypeError, match="pass tables by name"):
        run.attainment(run.targets())
    assert len(run.attainment(targets=run.targets().head(2))) == 2


def test_an_unknown_table_or_analysis_is_named(small):
    with pytest.raises(ValueError, match="not a table of the corpus: taks"):
        Tables({"taks": small.get("tasks")})
    with pytest.raises(AttributeError, match="no table or analysis named 'stage_sharez'"):
        Analyses(small).stage_sharez()


def test_the_front_door_runs_the_analyses_over_the_published_tables(run):
    import ipanalysis as ipa

    assert ipa.analyses() is ipa.analyses()  # one run per build: each result computed once
    assert ipa.department_workload().equals(run.workload())
    assert len(ipa.kwic("质押")) > 0 and sorted(set(ipa.department_series("运用促进司")["year"])) == run.list_years()
    assert set(ipa.__all__) >= set(api.FRONT)


def test_a_rebuild_under_a_live_session_gives_a_new_run(monkeypatch):
    states = iter(["build 1", "build 1", "build 2"])
    monkeypatch.setattr(api, "_state", lambda: next(states))
    monkeypatch.setattr(api, "published_analyses", lambda: object())
    api._analyses_for.cache_clear()
    try:
        first, same, rebuilt = api.analyses(), api.analyses(), api.analyses()
        assert first is same and rebuilt is not first
    finally:
        api._analyses_for.cache_clear()


# ---------------------------------------------------------------- slow results on disk, as verified data


def test_slow_results_are_kept_on_disk_keyed_by_their_input_frames(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"k": [len(calls)]})

    first = cache.from_disk(tmp_path, "topics", "()", "frames 1", compute)
    again = cache.from_disk(tmp_path, "topics", "()", "frames 1", compute)
    assert len(calls) == 1 and again.equals(first)
    changed = cache.from_disk(tmp_path, "topics", "()", "frames 2", compute)
    assert len(calls) == 2 and changed.loc[0, "k"] == 2  # other frames, other key: computed again
    for p in tmp_path.glob("*.zip"):
        p.write_bytes(b"truncated")
    with pytest.warns(UserWarning, match="refused"):
        assert cache.from_disk(tmp_path, "topics", "()", "frames 1", compute).loc[0, "k"] == 3


def test_a_run_keeps_its_slow_results_on_disk_for_the_next_run(small, tmp_path):
    a = Analyses(small, disk=tmp_path).similarities()
    assert sorted(p.name.split("-")[0] for p in tmp_path.glob("*.zip")) == ["similarities", "task_documents"]
    assert Analyses(small, disk=tmp_path).similarities().equals(a)


def _entry(folder: Path) -> Path:
    (path,) = folder.glob("topics-*.zip")
    return path


def test_a_planted_or_edited_cache_entry_is_never_executed_nor_served(tmp_path):
    marker = tmp_path / "owned"

    class Payload:
        def __reduce__(self):
            return (marker.write_text, ("code ran",))

    cache.from_disk(tmp_path, "topics", "()", "d", lambda: pd.DataFrame({"k": [1]}))
    path = _entry(tmp_path)
    path.write_bytes(pickle.dumps(Payload()))  # a pickle planted under the entry's own name: never unpickled
    with pytest.warns(UserWarning, match="refused"):
        got = cache.from_disk(tmp_path, "topics", "()", "d", lambda: pd.DataFrame({"k": [1]}))
    assert got.loc[0, "k"] == 1 and not marker.exists()
    # a valid entry edited to other numbers (its part no longer matches the manifest): refused
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    other = cache._frame_bytes(pd.DataFrame({"k": [999]}))
    with zipfile.ZipFile(path, "w") as z:
        for n, b in items.items():
            z.writestr(n, other if n.endswith(".parquet") else b)
    with pytest.warns(UserWarning, match="checksum"):
        assert cache.from_disk(tmp_path, "topics", "()", "d", lambda: pd.DataFrame({"k": [2]})).loc[0, "k"] == 2
    # a valid entry of another result copied over this one: refused, not served
    cache.from_disk(tmp_path, "similarities", "()", "d", lambda: pd.DataFrame({"k": [7]}))
    next(tmp_path.glob("similarities-*.zip")).replace(path)
    with pytest.warns(UserWarning, match="another function"):
        assert cache.from_disk(tmp_path, "topics", "()", "d", lambda: pd.DataFrame({"k": [3]})).loc[0, "k"] == 3


def _slow_square(args: tuple[str, str]) -> int:
    """Run in another process: compute a result through the disk cache, noting each real computation."""
    import time

    folder, log = args

    def compute() -> int:
        with open(log, "a") as f:
            f.write("computed\n")
        time.sleep(0.5)
        return 49

    return cache.from_disk(Path(folder), "square", "7", "d", compute)


def test_two_processes_wanting_one_slow_result_compute_it_once(tmp_path):
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("needs fork")
    log = tmp_path / "log.txt"
    with mp.get_context("fork").Pool(3) as pool:
        got = pool.map(_slow_square, [(str(tmp_path / "cache"), str(log))] * 3)
    assert got == [49, 49, 49]
    assert log.read_text().splitlines() == ["computed"]  # the others waited for it and read it


def test_a_stuck_lock_is_reported_and_then_not_waited_on(tmp_path, monkeypatch):
    import fcntl
    import time

    monkeypatch.setattr(cache, "LOCK_WARN_AFTER", 0.2)
    monkeypatch.setattr(cache, "LOCK_GIVE_UP_AFTER", 0.6)
    digest = cache._digest("7", "d")
    path = tmp_path / f"square-{digest[:32]}.zip"
    holder = open(path.with_name(f".{path.name}.lock"), "a+b")  # another "process" holding it forever
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        start = time.monotonic()
        with pytest.warns(UserWarning) as seen:
            assert cache.from_disk(tmp_path, "square", "7", "d", lambda: 49) == 49
        assert time.monotonic() - start < 5
        messages = [str(w.message) for w in seen]
        assert any("waiting for another process" in m for m in messages)
        assert any("still held" in m and "computing without it" in m for m in messages)
    finally:
        holder.close()


# ---------------------------------------------------------------- incremental, atomic outputs


def test_an_export_redraws_only_the_charts_whose_key_changed(run, tmp_path, monkeypatch):
    out = tmp_path / "figures"
    figures.export_figures(run, out, only=[A, B], workers=1)
    drawn = []
    real = figures._draw
    monkeypatch.setattr(figures, "_draw", lambda job: drawn.append(job[0]) or real(job))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    figures.export_figures(run, out, only=[A, B], workers=1)
    assert drawn == [] and {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing changed
    code = figures._code_of
    monkeypatch.setattr(figures, "_code_of", lambda n: code(n) + ("edited" if n == A else ""))
    figures.export_figures(run, out, only=[A, B], workers=1)
    assert drawn == [A]  # one chart's code edited: that chart only
    (out / f"{B}_en.png").write_bytes(b"edited by hand")
    figures.export_figures(run, out, only=[A, B], workers=1)
    assert drawn == [A, B] and figures.png_size((out / f"{B}_en.png").read_bytes())
    figures.export_figures(run, out, only=[A, B], workers=1, force=True)
    assert drawn[2:] == sorted([A, B])


def test_each_chart_has_its_own_key(run):
    keys = figures.chart_keys(run)
    assert set(keys) == set(REGISTRY) and len(set(keys.values())) == len(keys)
    assert figures.chart_keys(run) == keys


def test_an_edit_of_one_analysis_module_changes_only_the_keys_of_the_charts_that_read_it(run, monkeypatch):
    before = figures.chart_keys(run)
    themes_py = cache._ANALYSIS / "themes.py"
    edited = themes_py.read_bytes() + b"\n# an edit\n"
    path_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: edited if self == themes_py else path_read(self))
    after = figures.chart_keys(run)
    changed = sorted(n for n in before if before[n] != after[n])
    assert "themes_stage_shares" in changed and "themes_keyness" in changed
    assert "departments_workload_heatmap" not in changed and "targets_review_cycles" not in changed
    assert [p.name for p in cache.analysis_modules(chart_inputs("targets_review_cycles"))] == [
        "__init__.py",
        "cache.py",
        "registry.py",
        "targets.py",
        "text.py",
        "years.py",
    ]


def test_a_relative_import_of_an_analysis_module_is_followed(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("from .text import DEADLINE\nfrom . import years\nfrom ipanalysis.analysis.targets import codebook\n")
    assert cache.imported_analysis_modules(f, inside=True) == ["text", "years", "targets"]
    assert cache.imported_analysis_modules(f) == ["targets"]  # outside the package a relative import is not ours


def test_figures_failing_midway_keep_the_old_charts(run, tmp_path, monkeypatch):
    from ipanalysis.errors import OutputError

    out = tmp_path / "figures"
    figures.export_figures(run, out, only=[A], workers=1)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = figures._draw

    def draw_then_fail(job):
        real(job)  # the files are written (into the new folder) …
        raise OSError(28, "No space left on device")  # … and then the disk is full

    monkeypatch.setattr(figures, "_draw", draw_then_fail)
    with pytest.raises(OutputError, match="figures: could not be written"):
        figures.export_figures(run, out, only=[A], workers=1, force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_zero_byte_png_recorded_in_the_manifest_is_drawn_again_not_a_crash(run, tmp_path, monkeypatch):
    import IPython.display

    out = tmp_path / "figures"
    figures.export_figures(run, out, only=[A], workers=1)
    png = out / f"{A}.png"
    png.write_bytes(b"")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][png.name] = hashlib.sha256(b"").hexdigest()  # as if written on a full disk
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    figures.show_chart(run, A, folder=out)
    assert len(shown) == 2 and all(figures.png_size(img.data) for img in shown)


def test_one_edited_notebook_is_the_only_one_executed_again(run, tmp_path, monkeypatch):
    import shutil

    from ipanalysis.config import NOTEBOOKS

    books = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, books)
    monkeypatch.setattr(pipeline, "NOTEBOOKS", books)
    reports = tmp_path / "reports"
    sources = sorted(p for p in books.glob("*.py") if p.name[0].isdigit())
    for s in sources:  # as a previous run left them
        (reports / "notebooks").mkdir(parents=True, exist_ok=True)
        (reports / f"{s.stem}.html").write_text("page")
        (reports / "notebooks" / f"{s.stem}.ipynb").write_text("{}")
    r = pipeline.Run(reports=reports, work=reports)
    r._analyses = run
    for s in sources:
        made = [reports / f"{s.stem}.html", reports / "notebooks" / f"{s.stem}.ipynb"]
        r.record(f"notebook:{s.stem}", pipeline.notebook_key(r, s), made)
    r.recorded = dict(r.made)
    assert pipeline._stale_notebooks(r) == []
    (reports / f"{sources[0].stem}.html").write_text("a page edited by hand")
    assert pipeline._stale_notebooks(r) == [sources[0]]  # its file is not as written: made again
    (reports / f"{sources[0].stem}.html").write_text("page")
    with open(sources[1], "a", encoding="utf-8") as f:
        f.write("\n# %%\n1 + 1\n")
    assert pipeline._stale_notebooks(r) == [sources[1]]
    assert pipeline.shown_charts(sources[1]) and all(c in REGISTRY for c in pipeline.shown_charts(sources[1]))


def _step(tag: str, ran: list[str], fresh: bool = False, write: str | None = None, fail: bool = False):
    def go(r: pipeline.Run) -> list[Path]:
        ran.append(tag)
        if fail:
            raise RuntimeError("kernel died")
        if write:
            (r.work / "explorer.html").write_text(write)
            return [r.work / "explorer.html"]
        return []

    return pipeline.Step(tag, f"step {tag}", "nothing", go, lambda r: fresh, "reports")


def test_a_failed_or_killed_step_leaves_the_previous_report(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "index.html").write_text("previous run, 85 tasks")
    ran: list[str] = []
    steps = [_step("explorer", ran, write="new run, 84 tasks"), _step("notebooks", ran, fail=True)]
    assert pipeline.reproduce(steps, reports=reports) == 1
    assert {p.name: p.read_text() for p in reports.iterdir()} == {"index.html": "previous run, 85 tasks"}
    assert "left as the previous run wrote it" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]
    assert pipeline.reproduce(steps[:1], reports=reports) == 0
    assert (reports / "explorer.html").read_text() == "new run, 84 tasks" and (reports / ".pipeline.json").exists()


def test_fresh_steps_are_skipped_and_said_so_force_and_only_run_them(tmp_path, capsys):
    ran: list[str] = []
    steps = [_step("tables", ran, fresh=True), _step("charts", ran)]
    assert pipeline.reproduce(steps, reports=tmp_path / "r") == 0
    assert ran == ["charts"] and "step tables: fresh, skipped" in capsys.readouterr().out
    assert pipeline.reproduce(steps, reports=tmp_path / "r", force=True) == 0 and ran[1:] == ["tables", "charts"]
    assert pipeline.reproduce(steps, reports=tmp_path / "r", only=["charts"]) == 0 and ran[3:] == ["charts"]
    assert pipeline.reproduce(steps, reports=tmp_path / "r", only=["figures"]) == 0 and ran[4:] == ["charts"]
    assert pipeline.reproduce(steps, reports=tmp_path / "r", only=["nothing"]) == 2
    assert "no step named nothing" in capsys.readouterr().out


def test_only_a_later_step_builds_stale_tables_first(tmp_path, capsys):
    """A page executed from tables built in memory would carry their warning and later pass as fresh."""
    ran: list[str] = []
    steps = [_step("tables", ran, fresh=False), _step("notebooks", ran)]
    assert pipeline.reproduce(steps, reports=tmp_path / "r", only=["notebooks"]) == 0
    assert ran == ["tables", "notebooks"] and "building the tables first" in capsys.readouterr().out
    fresh = [_step("tables", ran, fresh=True), _step("notebooks", ran)]
    assert pipeline.reproduce(fresh, reports=tmp_path / "r", only=["notebooks"]) == 0 and ran[2:] == ["notebooks"]


def test_the_pipeline_is_declared_once_with_what_each_step_reads():
    assert [s.id for s in pipeline.STEPS] == ["tables", "charts", "workbook", "explorer", "notebooks", "report"]
    assert all(s.reads and s.fresh is not None for s in pipeline.STEPS)
    text = pipeline.describe()
    assert all(s.id in text and s.reads in text for s in pipeline.STEPS)


def test_one_build_writes_the_data_package(tmp_path, corpus):
    import ipanalysis as ipa
    from ipanalysis.corpus import publish

    assert ipa.build is publish.build
    written = ipa.build(tmp_path / "processed", verbose=False, corpus=corpus)
    assert (tmp_path / "processed" / "datapackage.json") in written


def test_a_report_part_whose_file_was_deleted_or_whose_template_changed_is_not_fresh(run, tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    reports.mkdir()
    r = pipeline.Run(reports=reports, work=reports)
    r._analyses = run
    (reports / "explorer.html").write_text("the explorer")
    r.record("explorer", pipeline.explorer_key(r), [reports / "explorer.html"])
    r.recorded = dict(r.made)
    fresh = pipeline.STEPS[3].fresh
    assert pipeline.STEPS[3].id == "explorer" and fresh(r)
    (reports / "explorer.html").unlink()
    assert not fresh(r)
    (reports / "explorer.html").write_text("the explorer")
    assert fresh(r)
    templates = tmp_path / "ipanalysis"
    shutil.copytree(pipeline.PACKAGE, templates, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pipeline, "PACKAGE", templates)
    assert fresh(r)
    with open(templates / "report" / "templates" / "explorer" / "explorer.css", "a") as f:
        f.write("body { color: red; }\n")
    assert not fresh(r)


def test_index_rows_cannot_point_outside_their_folder_at_another_chart_or_twice(run, tmp_path):
    out = tmp_path / "figures"
    figures.export_figures(run, out, ("zh",), only=[A], workers=1)
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
    pd.concat([index, index]).to_csv(out / "index.csv", index=False, encoding="utf-8-sig")
    with pytest.warns(UserWarning, match="listed twice"):
        assert list(figures.read_index(out, "zh")["name"]) == [A]


def test_the_front_door_refuses_an_argument_given_twice_and_copies_list_cells(small):
    r = Analyses(small)
    with pytest.raises(TypeError, match="multiple values for pattern"):
        r.call(__import__("ipanalysis.analysis.terms", fromlist=["kwic"]).kwic, "质押", pattern="x")
    docs = r.task_documents()
    docs["tokens"].iloc[0].append("changed by a caller")
    assert "changed by a caller" not in r.task_documents()["tokens"].iloc[0]
    with pytest.raises(TypeError):
        r.tables.frames["tasks"] = None  # a run's tables are read-only


def test_a_researchers_mistakes_get_clear_errors_before_any_work(run, monkeypatch):
    import ipanalysis as ipa
    from ipanalysis.errors import ChartError

    computed = []
    open_before = plt.get_fignums()  # the session's charts (conftest) stay open
    monkeypatch.setattr(api, "analyses", lambda: computed.append(1) or run)
    with pytest.raises(ChartError, match="no language 'fr'"):
        ipa.chart("themes_stage_shares", "fr")
    with pytest.raises(ChartError, match="no chart named 'themes_stage_sharez'"):
        ipa.chart("themes_stage_sharez")
    assert computed == [] and plt.get_fignums() == open_before  # nothing analysed, no half-drawn figure
    with pytest.raises(ValueError, match="needs a word"):
        run.call(__import__("ipanalysis.analysis.terms", fromlist=["kwic"]).kwic, "")
