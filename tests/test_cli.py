"""The command line as a user meets it: help, version, errors, pipes and output formats."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

import ipanalysis
from ipanalysis.cli import build_parser, main
from ipanalysis.config import RAW, ROOT

SUBCOMMANDS = ("build", "reproduce", "figures", "workbook", "explorer", "targets", "parse")


def _subparsers() -> dict:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_bare_command_prints_help_and_exits_zero(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: ipanalysis")
    for name in SUBCOMMANDS:
        assert name in out


def test_version_comes_from_the_package(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"ipanalysis {ipanalysis.__version__}"


def test_every_subcommand_and_argument_has_help():
    subs = _subparsers()
    assert set(SUBCOMMANDS) <= set(subs)
    for name, sub in subs.items():
        assert sub.description and len(sub.description) > 40, name
        for action in sub._actions:
            if action.dest == "help":
                continue
            assert action.help and len(action.help) > 8, f"{name} {action.dest}"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_subcommand_help_page_describes_it(name, capsys):
    with pytest.raises(SystemExit) as exc:
        main([name, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: ipanalysis {name}")
    assert _subparsers()[name].description.splitlines()[0] in out


def test_conflicting_flags_are_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["targets", "--unmatched", "--attainment"])
    assert exc.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["targets", "--format", "xml"])
    assert exc.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_targets_in_three_formats_agree(capsys, run):
    assert main(["targets", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert main(["targets", "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert main(["targets"]) == 0
    text = capsys.readouterr().out
    expected = run.targets()  # the targets of the published tables
    assert len(records) == len(table) == len(expected) > 0
    assert list(table.columns) == list(records[0])
    assert "indicator" in table.columns and table["indicator"].tolist() == expected["indicator"].tolist()
    assert [r["value"] for r in records] == pytest.approx(expected["value"].tolist())
    assert len(text.splitlines()) == len(expected) + 1  # header + one line a target


def test_attainment_json_uses_null_for_missing_values(capsys):
    assert main(["targets", "--attainment", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in records} >= {"met", "unknown"}
    assert any(r["reported_value"] is None for r in records if r["status"] == "unknown")


def test_parse_csv_keeps_stdout_for_the_table(capsys):
    path = RAW / "2024_task_list_tsv_html.txt"
    assert main(["parse", str(path), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert table.loc[0, "title"] == "2024年推动知识产权高质量发展任务清单"
    assert "warning" not in captured.out


def test_parse_reads_a_catalogued_file_as_the_build_does(capsys):
    path = RAW / "2020_task_list_pdf_text.txt"
    assert main(["parse", str(path), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert table.loc[0, "doc_id"] == "2020_task_list" and table.loc[0, "n_tasks"] == 19  # the catalog's doc_id
    assert "sha256" not in captured.err and "cut off" not in captured.err


def test_a_catalogued_file_cut_at_a_task_boundary_is_reported(tmp_path):
    """Cut before its last task, the file still reads as a whole list; only the catalog's counts show the loss."""
    from ipanalysis.corpus.assemble import catalogued
    from ipanalysis.parse.document import parse_file

    source = RAW / "2020_task_list_pdf_text.txt"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if line.startswith("19."))
    cut = tmp_path / source.name
    cut.write_text("".join(lines[:last]), encoding="utf-8")
    assert not [w for w in parse_file(cut).warnings if "cut off" in w]  # alone, nothing looks wrong
    specs, notes = catalogued(cut, raw=tmp_path)
    assert [s.doc_id for s in specs] == ["2020_task_list"] and specs[0].expected["tasks"] == 19
    assert any("differs from the catalog" in n and "catalog.csv:" in n for n in notes)
    doc = parse_file(cut, specs[0].year, layout=specs[0].layout, specs=specs)
    assert any("18 tasks found, 19 expected" in w and "cut off" in w for w in doc.warnings)
    assert catalogued(tmp_path / "elsewhere.txt", raw=RAW) == ([], [])


def test_the_commands_in_the_order_the_help_lists_them():
    assert list(_subparsers()) == [
        "init",
        "build",
        "reproduce",
        "figures",
        "workbook",
        "explorer",
        "targets",
        "validate-coding",
        "parse",
    ]


def test_parse_names_the_tasks_a_list_stating_its_count_lacks(tmp_path, capsys):
    """A copy outside data/raw, cut before its last task: its own 共23项任务 tells, naming task 23."""
    text = (RAW / "2024_task_list_tsv_html.txt").read_text(encoding="utf-8")
    text = text.replace("任务清单\n", "任务清单\n共23项任务。\n", 1)
    cut = tmp_path / "list.txt"
    cut.write_text(text[: text.index("23.统筹推进")], encoding="utf-8")
    assert main(["parse", str(cut), "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "22 tasks found, 23 expected (the document states '共23项任务'): task 23 looks missing" in err


def test_parse_of_a_missing_catalogued_file_is_a_clear_error(tmp_path, capsys):
    from ipanalysis.corpus.assemble import catalogued

    missing = tmp_path / "2020_task_list_pdf_text.txt"
    assert catalogued(missing, raw=tmp_path) == ([], [])
    assert main(["parse", str(missing)]) == 2
    assert "2020_task_list_pdf_text.txt" in capsys.readouterr().err


def test_parse_error_names_the_file_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["parse", str(bad), "--format", "json"]) == 2
    assert "empty.txt" in capsys.readouterr().err


def _shell(command: str) -> subprocess.CompletedProcess:
    bin_dir = str(ROOT / ".venv" / "bin") if (ROOT / ".venv" / "bin" / "ipanalysis").exists() else None
    env = None
    if bin_dir:
        import os

        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def test_a_reader_that_stops_early_gets_the_first_line_quietly():
    # -W ignore: a stale data/processed on a developer's machine warns on stderr; the point is the pipe
    run = _shell(f"'{sys.executable}' -W ignore -m ipanalysis targets | head -1")
    assert run.returncode == 0
    assert run.stdout.split()[:2] == ["year", "found_in"]
    assert run.stderr == ""


def test_a_closed_pipe_is_quiet_with_the_status_of_sigpipe():
    # `true` exits at once, so every write of the table meets a closed pipe
    run = _shell(f"set -o pipefail; '{sys.executable}' -W ignore -m ipanalysis targets --format json | true")
    assert run.stderr == ""
    assert run.returncode == 141


def test_python_dash_m_and_bare_command_agree():
    run = _shell(f"'{sys.executable}' -m ipanalysis")
    assert run.returncode == 0 and "usage: ipanalysis" in run.stdout and run.stderr == ""
