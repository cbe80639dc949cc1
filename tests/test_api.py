"""The public API a researcher types first."""

from __future__ import annotations

import subprocess
import sys
import warnings

import ipanalysis as ipa
from ipanalysis.errors import StaleDataWarning


def test_loaders_return_tidy_frames(expected_tasks):
    t = ipa.load_tasks()
    assert len(t) == sum(expected_tasks.values()) and {"year", "task_no", "title", "completion", "section"} <= set(
        t.columns
    )
    assert len(ipa.load_sections()) == 28
    assert set(ipa.load_measures()["actor_level"]) == {
        "national",
        "all_localities",
        "provinces",
        "cities",
        "localities",
    }
    a = ipa.load_assignments()
    assert set(a["level"]) == {"bureau", "province", "city", "locality"}
    assert set(a["obligation"].dropna()) == {"必做", "选做"}
    assert len(ipa.load_guideline_items()) == 17
    assert len(ipa.load_discrepancies()) == 21
    assert len(ipa.load_documents()) == 6
    assert "专利管理司" in set(ipa.load_departments()["name"])
    # callers get copies: editing one does not change the next load
    t.loc[0, "title"] = "changed"
    assert ipa.load_tasks().loc[0, "title"] != "changed"


def test_import_is_light():
    code = "import sys, ipanalysis; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_analysis_api_at_the_top_level(expected_tasks):
    assert len(ipa.load_targets()) == 21
    assert set(ipa.attainment()["status"]) == {"met", "unknown"}
    assert len(ipa.load_task_codes()) == sum(expected_tasks.values())
    w = ipa.department_workload()
    assert {"year", "assignee", "n_tasks", "share"} <= set(w.columns)
    assert set(ipa.obligation_profile()["profile"]) <= {"binding_all", "binding_some", "optional_only", "none"}


def test_a_live_session_notices_changed_inputs_and_a_rebuild(monkeypatch):
    from ipanalysis import api
    from ipanalysis.corpus import manifest

    first = api.load_tasks()
    misses = api._tables_for.cache_info().misses
    assert api.load_tasks().equals(first) and api._tables_for.cache_info().misses == misses  # unchanged: served again
    real = manifest.inputs_digest
    monkeypatch.setattr(manifest, "inputs_digest", lambda: {**real(), "data/raw/new_list.txt": "0" * 64})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StaleDataWarning)  # said when data/processed exists (it is stale now)
        api.load_tasks()  # an input changed: the session does not serve the tables it loaded first
    assert api._tables_for.cache_info().misses == misses + 1
