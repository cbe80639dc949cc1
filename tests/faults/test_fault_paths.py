"""Catalogued files stay inside data/raw: no absolute path, no '..', no symbolic link out."""

from __future__ import annotations

import hashlib
import os

import pytest

from ipanalysis.corpus import assemble
from ipanalysis.corpus.assemble import check_hashes, load_catalog
from ipanalysis.errors import BuildError, PathEscapeError


def _point_catalog_at(sandbox, name: str, digest: str | None = None) -> None:
    text = sandbox.catalog.read_text(encoding="utf-8")
    text = text.replace("list_2022.txt,list_2022.txt", f"{name},list_2022.txt")
    if digest:
        line = next(ln for ln in text.splitlines() if ln.startswith("list_2022,"))
        old = line.split(",")[3]
        text = text.replace(old, digest)
    sandbox.catalog.write_text(text, encoding="utf-8")


@pytest.fixture
def no_hashing(monkeypatch):
    """Record every file the build hashes (none may be outside the raw folder)."""
    seen = []
    real = assemble.sha256

    def spy(path):
        seen.append(path)
        return real(path)

    monkeypatch.setattr(assemble, "sha256", spy)
    return seen


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "../../etc/passwd", "../catalog.csv", "sub/../../catalog.csv", "C:/Windows/win.ini", "..\\x.txt"],
)
def test_paths_out_of_raw_stop_the_build(sandbox, no_hashing, name):
    _point_catalog_at(sandbox, name)
    with pytest.raises(BuildError) as exc:  # a PathEscapeError is a BuildError and names the row
        sandbox.build()
    assert isinstance(exc.value, PathEscapeError)
    assert "catalog.csv:3, column 'file'" in str(exc.value) and "inside data/raw" in str(exc.value)
    assert no_hashing == []


def test_a_list_outside_the_repository_with_its_hash(sandbox, tmp_path, no_hashing):
    """Even with the right sha256, a file outside data/raw is neither hashed nor published."""
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes((sandbox.raw / "list_2022.txt").read_bytes())
    _point_catalog_at(sandbox, str(outside), hashlib.sha256(outside.read_bytes()).hexdigest())
    with pytest.raises(BuildError, match="absolute path"):
        sandbox.build()
    assert no_hashing == []


def test_a_symbolic_link_out_of_raw(sandbox, tmp_path, no_hashing):
    outside = tmp_path / "elsewhere.txt"
    (sandbox.raw / "list_2022.txt").rename(outside)
    (sandbox.raw / "list_2022.txt").symlink_to(outside)
    with pytest.raises(BuildError, match=r"list_2022\.txt resolves to .*elsewhere\.txt, outside"):
        sandbox.build()
    assert no_hashing == []


def test_a_linked_raw_folder_is_still_its_own_root(sandbox, tmp_path):
    """Links inside the raw folder that stay inside it are fine (the root is resolved too)."""
    (sandbox.raw / "sub").mkdir()
    (sandbox.raw / "list_2022.txt").rename(sandbox.raw / "sub" / "real.txt")
    os.symlink("sub/real.txt", sandbox.raw / "list_2022.txt")
    linked = tmp_path / "raw_link"
    linked.symlink_to(sandbox.raw)
    check_hashes(load_catalog(sandbox.catalog), linked)


def test_a_folder_is_not_a_raw_file(sandbox):
    (sandbox.raw / "list_2022.txt").unlink()
    (sandbox.raw / "list_2022.txt").mkdir()
    with pytest.raises(BuildError, match="not a regular file"):
        sandbox.build()
