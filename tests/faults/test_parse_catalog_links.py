"""`ipanalysis parse` of a catalogued name that is a symbolic link: what it resolves to is hashed and named.

The links are made in a copy of the raw folder (data/raw itself is never touched); the
command line is pointed at that copy by giving ``catalogued`` its ``raw`` folder.
"""

from __future__ import annotations

import functools
import shutil
import sys
from pathlib import Path

import pytest

from ipanalysis.cli import main
from ipanalysis.config import RAW
from ipanalysis.corpus import assemble
from ipanalysis.corpus.assemble import catalogued

NAME = "2020_task_list_pdf_text.txt"
OTHER = "2019_task_list_attachment_docx.txt"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


def test_a_link_out_of_raw_to_another_file(raw, tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    shutil.copy(RAW / OTHER, elsewhere)
    (raw / NAME).symlink_to(elsewhere)
    specs, notes = catalogued(raw / NAME, raw=raw)
    assert [s.doc_id for s in specs] == ["2020_task_list"]
    assert any("is a symbolic link to" in n and str(elsewhere) in n and "the build refuses" in n for n in notes)
    assert any("differs from the catalog's" in n for n in notes)


def test_a_link_out_of_raw_to_an_identical_copy(raw, tmp_path):
    """The bytes match, yet the build refuses the link: the note says so, and no difference is claimed."""
    elsewhere = tmp_path / "copy.txt"
    shutil.copy(RAW / NAME, elsewhere)
    (raw / NAME).symlink_to(elsewhere)
    _, notes = catalogued(raw / NAME, raw=raw)
    assert len(notes) == 1 and "symbolic link" in notes[0] and "the build refuses" in notes[0]


def test_a_link_inside_raw_to_another_catalogued_file(raw):
    shutil.copy(RAW / OTHER, raw / OTHER)
    (raw / NAME).symlink_to(OTHER)
    _, notes = catalogued(raw / NAME, raw=raw)
    assert any(f"is a symbolic link to {raw.resolve() / OTHER}" in n for n in notes)
    assert any("differs from the catalog's" in n for n in notes)
    assert not any("refuses" in n for n in notes)


def test_the_command_line_says_so(raw, tmp_path, monkeypatch, capsys):
    elsewhere = tmp_path / "elsewhere.txt"
    shutil.copy(RAW / OTHER, elsewhere)
    (raw / NAME).symlink_to(elsewhere)
    monkeypatch.setattr(assemble, "catalogued", functools.partial(catalogued, raw=raw))
    assert main(["parse", str(raw / NAME), "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "is a symbolic link to" in err and "differs from the catalog's" in err


def test_a_catalogued_name_linked_to_a_device_is_refused_before_hashing(raw, monkeypatch, capsys):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (raw / NAME).symlink_to("/dev/zero")
    monkeypatch.setattr(assemble, "catalogued", functools.partial(catalogued, raw=raw))
    assert catalogued(raw / NAME, raw=raw) == ([], [])  # never read
    assert main(["parse", str(raw / NAME)]) == 2
    assert "character device" in capsys.readouterr().err
