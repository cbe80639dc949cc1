"""Outputs are written whole or not at all, and loaders never serve a half-written or edited table."""

from __future__ import annotations

import errno
import hashlib
import json
import re
import threading
import warnings
from pathlib import Path

import pandas as pd
import pytest

import ipanalysis as ipa
from ipanalysis import api
from ipanalysis.corpus import publish as pub
from ipanalysis.corpus.assemble import Corpus
from ipanalysis.corpus.manifest import MANIFEST, read_manifest, verify
from ipanalysis.errors import OutputError, StaleDataWarning
from ipanalysis.schema import corpus_tables


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Same rows and values (a table read from Parquet may use pandas' string dtype)."""

    def plain(df: pd.DataFrame) -> pd.DataFrame:
        return df.astype(object).where(df.notna(), None)

    return list(a.columns) == list(b.columns) and plain(a).equals(plain(b))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.glob(f".{folder.name}.*"))


def other_corpus(corpus: Corpus) -> Corpus:
    """The same tables with one title changed: a build whose bytes differ from ``corpus``'s."""
    tables = dict(corpus.tables)
    t = tables["tasks"].copy()
    t.loc[0, "title"] = "another build"
    tables["tasks"] = t
    return Corpus(tables)


@pytest.fixture
def built(tmp_path, corpus) -> Path:
    out = tmp_path / "processed"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")
    pub.build(out, verbose=False, corpus=corpus)
    return out


def test_manifest_records_every_output(built):
    m = read_manifest(built)
    names = set(pub.output_names()) - {MANIFEST}
    assert len(names) == 2 * (len(corpus_tables()) + 1)
    assert set(m["outputs"]) == names | {"datapackage.json"}  # one build: the data package is part of it
    for name, sha in m["outputs"].items():
        assert hashlib.sha256((built / name).read_bytes()).hexdigest() == sha
    assert verify(built) == []


def test_rebuild_gives_the_same_bytes_and_keeps_other_files(built, corpus):
    before = digest(built)
    (built / "README.txt").write_text("my notes", encoding="utf-8")
    mode = 0o750
    built.chmod(mode)
    pub.build(built, verbose=False, corpus=corpus)
    after = digest(built)
    assert after.pop("README.txt") and after == before
    assert (built / ".gitkeep").exists() and built.stat().st_mode & 0o777 == mode
    assert leftovers(built) == []


def test_a_full_disk_leaves_the_previous_build(built, corpus, monkeypatch):
    before = digest(built)
    real = pub.write_file

    def full(df, path):
        if path.name == "measures.csv":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(df, path)

    monkeypatch.setattr(pub, "write_file", full)
    with pytest.raises(OutputError, match=r"measures\.csv: cannot write \(No space left on device\)") as exc:
        pub.build(built, verbose=False, corpus=other_corpus(corpus))
    assert "previous build is unchanged" in str(exc.value)
    assert digest(built) == before and leftovers(built) == []


def test_a_failed_swap_puts_the_previous_build_back(built, corpus, monkeypatch):
    before = digest(built)
    real = pub.os.rename

    def refuse(src, dst):
        if ".building-" in str(src):
            raise OSError(errno.EACCES, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(pub.os, "rename", refuse)
    with pytest.raises(OutputError, match="cannot replace it"):
        pub.build(built, verbose=False, corpus=other_corpus(corpus))
    assert digest(built) == before and leftovers(built) == []


def test_an_unwritable_place_is_named(tmp_path, corpus, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"a_file: cannot write here"):
        pub.build(blocker / "processed", verbose=False, corpus=corpus)
    with pytest.raises(OutputError, match="exists and is not a folder"):
        pub.build(blocker, verbose=False, corpus=corpus)
    from ipanalysis.cli import main

    assert main(["build", "--out", str(blocker / "processed")]) == 2
    assert "a_file: cannot write here" in capsys.readouterr().err


def test_a_folder_of_other_files_is_not_replaced(tmp_path, corpus):
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(OutputError, match=r"holds files a build did not write \(thesis\.docx\)"):
        pub.build(home, verbose=False, corpus=corpus)
    assert (home / "thesis.docx").read_bytes() == b"precious" and len(list(home.iterdir())) == 1


def test_stale_folders_of_killed_builds_are_removed(built, corpus):
    dead = built.parent / f".{built.name}.building-999999999-0000"
    dead.mkdir()
    (dead / "tasks.parquet").write_bytes(b"half")
    live = built.parent / f".{built.name}.building-1-0000"  # pid 1 is always alive
    live.mkdir()
    pub.build(built, verbose=False, corpus=corpus)
    assert not dead.exists() and live.exists()


def test_two_builds_at_once_leave_one_complete_build(built, corpus):
    b = other_corpus(corpus)
    errors: list[BaseException] = []

    def run(c):
        try:
            for _ in range(3):
                pub.build(built, verbose=False, corpus=c)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in (corpus, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and verify(built) == [] and leftovers(built) == []


# loaders ------------------------------------------------------------------------------


def read(folder: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = api.read_processed(folder)
    return tables, [str(w.message) for w in caught if issubclass(w.category, StaleDataWarning)]


def test_a_complete_build_is_served(built, corpus):
    tables, warned = read(built)
    assert warned == []
    for name in corpus_tables():
        assert same(tables[name], corpus.tables[name]), name


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    ("file", "damage", "says"),
    [
        ("tasks.parquet", _truncate, r"tasks\.parquet: \d+ bytes that differ from the build"),
        ("documents.csv", _empty, r"documents\.csv: 0 bytes that differ from the build"),
        ("measures.parquet", Path.unlink, r"measures\.parquet: missing"),
        (MANIFEST, _truncate, r"manifest\.json: not a complete manifest"),
        (MANIFEST, _empty, r"manifest\.json: not a complete manifest"),
    ],
)
def test_damaged_outputs_are_never_served(built, file, damage, says):
    damage(built / file)
    tables, warned = read(built)
    assert tables is None and len(warned) == 1
    assert re.search(says, warned[0]), warned[0]
    assert "building the tables in memory" in warned[0]


def test_a_table_replaced_by_ten_valid_rows_is_not_served(built, corpus):
    corpus.tables["tasks"].head(10).to_parquet(built / "tasks.parquet", index=False)
    tables, warned = read(built)
    assert tables is None and "tasks.parquet" in warned[0]


def test_a_manifest_edited_to_match_a_missing_table_is_not_served(built):
    m = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    del m["outputs"]["tasks.parquet"]
    (built / "tasks.parquet").unlink()
    (built / MANIFEST).write_text(json.dumps(m), encoding="utf-8")
    tables, warned = read(built)
    assert tables is None and "tasks.parquet: not in the manifest" in warned[0]


def test_an_old_manifest_without_outputs_is_not_trusted(built):
    m = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    (built / MANIFEST).write_text(json.dumps({"inputs": m["inputs"]}), encoding="utf-8")
    tables, warned = read(built)
    assert tables is None and "did not record its outputs" in warned[0]


def test_changed_inputs_are_not_served(built):
    m = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    m["inputs"]["data/catalog.csv"] = "0" * 64
    (built / MANIFEST).write_text(json.dumps(m), encoding="utf-8")
    tables, warned = read(built)
    assert tables is None and "older than its inputs" in warned[0]


def test_loaders_rebuild_in_memory_when_the_folder_is_damaged(built, corpus, monkeypatch):
    _empty(built / "tasks.parquet")
    monkeypatch.setattr(api, "PROCESSED", built)
    api.clear_cache()
    try:
        with pytest.warns(StaleDataWarning, match=r"tasks\.parquet: 0 bytes"):
            tasks = ipa.load_tasks()
        assert same(tasks, corpus.tables["tasks"])
    finally:
        api.clear_cache()


def test_extra_files_are_part_of_the_atomic_build(tmp_path, corpus):
    """A higher layer's file (a datapackage.json) is written inside the build and hashed in its manifest."""
    out = tmp_path / "processed"

    def package(folder: Path) -> list[Path]:
        p = folder / "datapackage.json"
        p.write_text(json.dumps({"tables": sorted(x.name for x in folder.glob("*.csv"))}), encoding="utf-8")
        return [p]

    written = pub.build(out, verbose=False, corpus=corpus, extras=[package])
    assert out / "datapackage.json" in written and written[-1] == out / MANIFEST
    assert "datapackage.json" in read_manifest(out)["outputs"] and verify(out) == []
    (out / "datapackage.json").write_text("{}", encoding="utf-8")
    assert any("datapackage.json" in p for p in verify(out))

    def stray(folder: Path) -> list[Path]:
        return [tmp_path / "elsewhere.json"]

    with pytest.raises(OutputError, match="directly in"):
        pub.build(out, verbose=False, corpus=corpus, extras=[stray])
