"""A build killed at any moment leaves the previous tables or none, never a partial table.

A child process publishes two different builds (A, B) in a loop and is killed with
SIGKILL after a fixed, spread set of delays; afterwards the folder must be exactly A or
exactly B (every byte), or absent, and the loaders serve that build or build in memory.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from ipanalysis import api
from ipanalysis.config import ROOT
from ipanalysis.corpus import publish as pub
from ipanalysis.corpus.assemble import Corpus
from ipanalysis.corpus.manifest import verify
from ipanalysis.errors import StaleDataWarning

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

# seconds after the child is ready: spread over several ~0.1 s publishes, not evenly spaced
DELAYS = (0.0, 0.011, 0.027, 0.043, 0.062, 0.081, 0.104, 0.139, 0.171, 0.213, 0.262, 0.318)

CHILD = """
import pickle, sys
from pathlib import Path
from ipanalysis.corpus.publish import publish
builds = pickle.loads(Path(sys.argv[1]).read_bytes())
out = Path(sys.argv[2])
print("ready", flush=True)
i = 0
while True:
    publish(builds[i % 2], out)
    i += 1
"""


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def state(out: Path) -> str:
    """'absent', or the name of the complete build the folder holds; fails on anything else."""
    if not out.exists():
        return "absent"
    return digest(out)


def test_killed_builds_leave_a_complete_build_or_none(tmp_path, corpus):
    tasks = corpus.tables["tasks"].copy()
    tasks.loc[0, "title"] = "build B"
    builds = [Corpus(dict(corpus.tables)), Corpus({**corpus.tables, "tasks": tasks})]
    out = tmp_path / "processed"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")
    expected = {}
    for name, c in zip("AB", builds, strict=True):
        pub.publish(c, out)
        expected[name] = digest(out)
    assert expected["A"] != expected["B"]
    data = tmp_path / "builds.pickle"
    data.write_bytes(pickle.dumps([Corpus(b.tables) for b in builds]))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seen, interrupted = [], 0
    for delay in DELAYS:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data), str(out)], stdout=subprocess.PIPE, env=env, text=True
        )
        assert child.stdout.readline().strip() == "ready"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        interrupted += bool(list(tmp_path.glob(".processed.*")))
        now = state(out)
        found = next((k for k, d in expected.items() if d == now), now if now == "absent" else None)
        assert found is not None, f"killed after {delay}s: {out} holds a mix {now}"
        seen.append(found)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables = api.read_processed(out)
        if found == "absent":
            assert tables is None
        else:
            assert not [w for w in caught if issubclass(w.category, StaleDataWarning)]
            assert tables["tasks"]["title"].iloc[0] == builds["AB".index(found)].tables["tasks"]["title"].iloc[0]
            assert verify(out) == []
    # the kills landed inside writes (a folder of the killed build was left beside the output)
    print("states after each kill:", seen, "interrupted:", interrupted)
    assert interrupted >= len(DELAYS) // 2, seen
    pub.publish(builds[0], out)  # the next build clears what killed builds left
    assert digest(out) == expected["A"] and not list(tmp_path.glob(".processed.*"))


def test_killed_command_line_build(tmp_path, corpus):
    """The real command, killed near its end (where it writes): the previous build or the new one, whole."""
    out = tmp_path / "processed"
    pub.publish(corpus, out)
    cmd = [sys.executable, "-m", "ipanalysis", "build", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    total = time.perf_counter() - t0
    before = digest(out)  # the command's build: tables, datapackage.json and the manifest of both
    for back in (0.1, 0.05, 0.02):
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(max(total - back, 0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert not out.exists() or digest(out) == before
        if out.exists():
            assert verify(out) == []
        else:  # killed between the two renames: "none" is allowed; restore the previous build
            subprocess.run(cmd, check=True, capture_output=True, env=env)
