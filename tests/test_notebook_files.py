"""The notebooks as researchers open them: py:percent files that JupyterLab opens and saves unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest

from ipanalysis.report.notebooks import list_notebooks

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("source", list_notebooks(), ids=lambda p: p.stem)
def test_a_notebook_saved_unchanged_is_unchanged(source):
    text = source.read_text(encoding="utf-8")
    again = jupytext.writes(jupytext.reads(text, fmt="py:percent"), fmt="py:percent")
    assert again == text  # no version lines added by a save


def test_jupyterlab_opens_the_py_files_as_notebooks():
    """setup.sh writes the viewer override into the environment JupyterLab runs from."""
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    start = setup.index("<<'JSON'") + len("<<'JSON'")
    overrides = json.loads(setup[start : setup.index("JSON", start)])
    assert overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"] == {"python": "Jupytext Notebook"}
    assert "share/jupyter/lab/settings/overrides.json" in setup
    assert "jupytext_version" in (ROOT / "jupytext.toml").read_text(encoding="utf-8")


def test_the_reference_page_is_up_to_date():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_docs.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr
