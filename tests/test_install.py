"""The library installed as a researcher installs it: a wheel in a fresh environment, used from another folder."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXCERPT = ROOT.parent / "shared" / "excerpts" / "2021_ip_power_plan_cnipa.txt"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh environment with the wheel of this checkout (its dependencies seen from the test's own environment)."""
    tmp = tmp_path_factory.mktemp("install")
    wheels = tmp / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = wheels.glob("ipanalysis-*.whl")
    env_dir = tmp / "env"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    target = subprocess.run([py, "-c", "import site; print(site.getsitepackages()[0])"], capture_output=True, text=True)
    # the dependencies (not ipanalysis) from this environment: a path line, so its editable finder never loads
    Path(target.stdout.strip(), "deps.pth").write_text(site.getsitepackages()[0] + "\n")
    done = subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    home = tmp / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("IPANALYSIS_WORKSPACE", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PATH=f"{env_dir / 'bin'}:{env['PATH']}")
    return wheel, {**env, "PY": str(py), "TMP": str(tmp)}


def _run(env: dict[str, str], *cmd: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def test_the_wheel_ships_the_data_templates_and_citation(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "ipanalysis/_data/catalog.csv",
        "ipanalysis/_data/schema/tables.csv",
        "ipanalysis/_data/reference/parse/departments.csv",
        "ipanalysis/_data/raw/2020_task_list_pdf_text.txt",
        "ipanalysis/_data/external/reported_outcomes.csv",
        "ipanalysis/_data/CITATION.cff",
        "ipanalysis/report/templates/landing/landing.html.j2",
    ):
        assert needed in names, needed
    assert not any(n.startswith("ipanalysis/_data/processed") for n in names)


def test_installed_it_loads_and_parses_from_any_folder(installed, tmp_path):
    _, env = installed
    code = (
        "import ipanalysis as ipa\n"
        "from ipanalysis import config\n"
        "print(len(ipa.load_tasks()), config.DATA.name, config.ROOT.is_relative_to(config.Path.home()))\n"
    )
    if EXCERPT.exists():
        code += f"print(len(ipa.parse_file({str(EXCERPT)!r}).tasks))\n"
    out = _run(env, env["PY"], "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.split("\n")
    assert lines[0] == "85 _data True"  # the shipped corpus, built into the user's cache folder
    if EXCERPT.exists():
        assert int(lines[1]) >= 1


def test_installed_commands_work_in_a_new_workspace(installed, tmp_path):
    _, env = installed
    ws = tmp_path / "ws"
    made = _run(env, "ipanalysis", "init", str(ws), cwd=tmp_path)
    assert made.returncode == 0 and (ws / "data" / "raw").is_dir() and (ws / "data" / "catalog.csv").is_file()
    again = _run(env, "ipanalysis", "init", str(ws), cwd=tmp_path)
    assert again.returncode == 2 and "not empty" in again.stderr  # never written over
    built = _run(env, "ipanalysis", "--workspace", str(ws), "build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    assert (ws / "data" / "processed" / "datapackage.json").is_file()
    if EXCERPT.exists():
        parsed = _run(env, "ipanalysis", "parse", str(EXCERPT), "--format", "csv", cwd=tmp_path)
        assert parsed.returncode == 0 and "ip_power_plan" in parsed.stdout
    figures = _run(env, "ipanalysis", "--workspace", str(ws), "figures", "--lang", "en", cwd=tmp_path)
    assert figures.returncode == 0, figures.stderr[-2000:]
    assert (ws / "figures" / "themes_stage_shares_en.png").stat().st_size > 10_000
    nowhere = _run(env, "ipanalysis", "--workspace", str(tmp_path / "nothing"), "build", cwd=tmp_path)
    assert nowhere.returncode == 2 and "ipanalysis init" in nowhere.stderr
