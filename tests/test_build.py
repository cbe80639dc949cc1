"""The build: byte-identical output, hash and count checks, a complete data dictionary."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from ipanalysis.config import CATALOG, CORPUS_REF, RAW
from ipanalysis.corpus import publish as build_mod
from ipanalysis.corpus.assemble import BuildError, build_corpus, check_hashes, load_catalog
from ipanalysis.schema import corpus_tables


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_build_twice_gives_identical_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build_mod.build(a, verbose=False)
    build_mod.build(b, verbose=False)
    da, db = _digest(a), _digest(b)
    assert da == db
    for name in corpus_tables():
        assert f"{name}.parquet" in da and f"{name}.csv" in da
    tasks = pd.read_parquet(a / "tasks.parquet")
    assert len(tasks) == 85
    csv = pd.read_csv(a / "tasks.csv", encoding="utf-8-sig")
    assert csv["title"].tolist() == tasks["title"].tolist()


def test_tables_are_the_same_from_disk_and_built_in_memory(tmp_path, monkeypatch):
    """A loader serves the same frame, dtypes included, whether data/processed is current or it builds in memory."""
    from ipanalysis import api

    built, never_built = tmp_path / "built", tmp_path / "never_built"
    build_mod.build(built, verbose=False)
    served = {}
    for folder in (built, never_built):
        monkeypatch.setattr(api, "PROCESSED", folder)
        api.clear_cache()
        served[folder.name] = {
            name: getattr(api, f"load_{name}")() for name in ("documents", "tasks", "guideline_items")
        }
    api.clear_cache()
    for name, disk in served["built"].items():
        memory = served["never_built"][name]
        assert disk.dtypes.astype(str).to_dict() == memory.dtypes.astype(str).to_dict(), name
        pd.testing.assert_frame_equal(disk, memory, check_exact=True)
    tasks = served["never_built"]["tasks"]
    assert str(tasks["completion"].dtype) == str(tasks["title"].dtype)  # text is text, never object


def test_data_dictionary_describes_every_column(tmp_path):
    build_mod.build(tmp_path, verbose=False)
    dd = pd.read_csv(tmp_path / "data_dictionary.csv", encoding="utf-8-sig")
    for name in corpus_tables():
        cols = pd.read_parquet(tmp_path / f"{name}.parquet").columns.tolist()
        assert dd[dd.table == name]["column"].tolist() == cols
    assert dd["meaning"].notna().all() and dd["dtype"].notna().all()
    row = dd[(dd.table == "assignments") & (dd.column == "obligation")]
    assert row["example"].item() in ("必做", "选做")


def test_every_table_has_year_and_sorted_rows(tables):
    for name, df in tables.items():
        if name == "departments":
            assert "years" in df.columns  # a reference table: the years each name is used in
            continue
        assert "year" in df.columns, name
    t = tables["tasks"]
    assert t[["year", "doc_id", "task_no"]].equals(
        t[["year", "doc_id", "task_no"]].sort_values(["year", "doc_id", "task_no"])
    )


def test_changed_raw_file_stops_the_build(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    entries = load_catalog(CATALOG)
    check_hashes(entries, raw)  # unchanged copy passes
    f = raw / "2020_task_list_pdf_text.txt"
    f.write_bytes(f.read_bytes().replace("保护司".encode(), "保护局".encode(), 1))
    with pytest.raises(BuildError, match=r"2020_task_list_pdf_text\.txt: sha256"):
        check_hashes(entries, raw)
    f.unlink()
    with pytest.raises(BuildError, match="missing"):
        check_hashes(entries, raw)


def test_expected_counts_are_checked(tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(CORPUS_REF, ref)
    p = ref / "expected_counts.csv"
    p.write_text(
        p.read_text(encoding="utf-8").replace("2020_task_list,tasks,19", "2020_task_list,tasks,20"), encoding="utf-8"
    )
    with pytest.raises(BuildError, match="2020_task_list: 19 tasks, expected 20"):
        build_corpus(checks=ref)


def test_cli_build_and_parse(tmp_path, capsys):
    from ipanalysis.cli import main

    assert main(["build", "--out", str(tmp_path)]) == 0
    assert "tasks per year: 2018: 25, 2019: 18, 2020: 19, 2024: 23" in capsys.readouterr().out
    assert main(["parse", str(RAW / "2024_task_list_tsv_html.txt")]) == 0
    assert "2024年推动知识产权高质量发展任务清单" in capsys.readouterr().out
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["parse", str(bad)]) == 2
    assert "bad.txt" in capsys.readouterr().err
