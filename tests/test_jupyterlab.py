"""JupyterLab as a researcher uses it: a real ``jupyter lab`` server from this environment.

The notebooks are jupytext ``py:percent`` files. ``scripts/setup.sh`` ships the setting that
opens them as notebooks on a double-click; these tests start the server and ask it: its
settings say so, it serves a ``.py`` notebook as a notebook, and saving it unchanged
through the server leaves the file's bytes as they were.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ipanalysis.config import ROOT

JUPYTER = Path(sys.executable).with_name("jupyter")
TOKEN = "ipanalysis-test"
pytestmark = pytest.mark.skipif(
    not (JUPYTER.exists() and shutil.which("jupyter-lab", path=str(JUPYTER.parent))),
    reason="JupyterLab is not installed in this environment (the notebooks extra)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> dict:
    with urllib.request.urlopen(f"{url}?token={TOKEN}" if "?" not in url else f"{url}&token={TOKEN}") as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the notebooks (saving must not touch the repository)."""
    root = tmp_path_factory.mktemp("lab")
    for p in (ROOT / "notebooks").glob("*.py"):
        shutil.copy2(p, root / p.name)
    shutil.copy2(ROOT / "jupytext.toml", root / "jupytext.toml")
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config"), "JUPYTER_RUNTIME_DIR": str(root / ".run")}
    proc = subprocess.Popen(
        [
            str(JUPYTER),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root}",
            "--allow-root",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            _get(f"{url}/api/status")
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(
                    f"jupyter lab did not start: {proc.stderr.read()[-2000:] if proc.stderr else ''}"
                ) from None
            time.sleep(0.5)
    yield url, root
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_a_double_click_opens_a_py_notebook_as_a_notebook(lab):
    url, _ = lab
    settings = _get(f"{url}/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
    viewers = settings["schema"]["properties"]["defaultViewers"]["default"]
    assert viewers.get("python") == "Jupytext Notebook", (
        "the viewer setting is missing: scripts/setup.sh writes share/jupyter/lab/settings/overrides.json"
    )


def test_the_server_reads_a_py_file_as_a_notebook(lab):
    url, root = lab
    name = sorted(p.name for p in root.glob("*.py"))[0]
    model = _get(f"{url}/api/contents/{name}?type=notebook&content=1")
    cells = model["content"]["cells"]
    assert model["type"] == "notebook" and len(cells) > 3
    assert {c["cell_type"] for c in cells} == {"markdown", "code"}
    assert any("import ipanalysis" in c["source"] for c in cells)


def test_saving_a_notebook_unchanged_leaves_its_file_as_it_was(lab):
    url, root = lab
    name = sorted(p.name for p in root.glob("*.py"))[0]
    before = (root / name).read_bytes()
    model = _get(f"{url}/api/contents/{name}?type=notebook&content=1")
    body = json.dumps({"type": "notebook", "format": "json", "content": model["content"]}).encode()
    req = urllib.request.Request(f"{url}/api/contents/{name}?token={TOKEN}", data=body, method="PUT")
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as r:
        assert r.status == 200
    assert (root / name).read_bytes() == before  # no version lines added to the header
