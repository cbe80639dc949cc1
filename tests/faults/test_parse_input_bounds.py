"""Bounded, explicit input: only regular text files, of a bounded size, and no PDF or Office file.

A device, FIFO or folder is refused before it is read (a FIFO without a writer would
block, /dev/zero never ends), so every call here runs under a timeout.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import zipfile
from pathlib import Path

import pytest

import ipanalysis as ipa
from ipanalysis.cli import main
from ipanalysis.config import RAW
from ipanalysis.errors import InputRefusedError
from ipanalysis.parse.decode import MAX_BYTES

LIST_2020 = RAW / "2020_task_list_pdf_text.txt"
TIMEOUT = 20


def _within(fn, seconds: float = TIMEOUT):
    """``fn()``'s result or exception; a failure (not a hung test run) if it takes longer."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # handed to the test
            out["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"still running after {seconds} s: the input was read instead of refused")
    if "error" in out:
        raise out["error"]
    return out.get("value")


def _refused(path: str | Path, *words: str, **kwargs) -> InputRefusedError:
    with pytest.raises(InputRefusedError) as exc:
        _within(lambda: ipa.parse_file(path, **kwargs))
    message = str(exc.value)
    assert str(path) in message, message
    for w in words:
        assert w in message, message
    return exc.value


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_at_once(device):
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    _refused(device, "character device", "not a regular file")


@pytest.fixture
def fifo(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = tmp_path / "list.txt"
    os.mkfifo(path)
    yield path
    try:  # release a reader that did block, so no thread stays stuck
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


def test_a_fifo_without_a_writer_is_refused_at_once(fifo):
    _refused(fifo, "FIFO", "not a regular file")


def test_a_directory_is_refused(tmp_path):
    _refused(tmp_path, "a directory")


def test_a_link_to_a_device_is_refused(tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    link = tmp_path / "list.txt"
    link.symlink_to("/dev/zero")
    _refused(link, "character device")


def test_the_size_limit_is_a_constant_and_a_keyword(tmp_path):
    assert MAX_BYTES == 20 * 1024 * 1024
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: refused from its size, never read
        fh.truncate(MAX_BYTES + 1)
    _refused(big, "over the limit of 20,971,520", "max_bytes=", "--max-bytes")
    small = LIST_2020.stat().st_size
    _refused(LIST_2020, f"{small:,} bytes", "over the limit of 1,000", max_bytes=1000)
    assert len(ipa.parse_file(LIST_2020, 2020, max_bytes=small).tasks) == 19  # raised: read as before


PDF_TEXT = (
    b"%PDF-1.4\n1 0 obj << /Length 60 >>\nstream\nBT (2020\xe5\xb9\xb4 1.\xe4\xbb\xbb\xe5\x8a\xa1) Tj ET\nendstream\n"
)


def _office(tmp_path, name: str, member: str) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(member, "<w:document>2020年推动知识产权高质量发展任务清单</w:document>")
    return path


def test_a_pdf_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "list.txt"  # the name says text; the bytes say PDF (uncompressed, with Chinese)
    path.write_bytes(PDF_TEXT)
    _refused(path, "a PDF document", "export its text")


@pytest.mark.parametrize(
    ("name", "member", "what"),
    [("list.docx", "word/document.xml", "Word .docx"), ("list.xlsx", "xl/workbook.xml", "Excel .xlsx")],
)
def test_office_files_are_refused_with_what_to_do(tmp_path, name, member, what):
    _refused(_office(tmp_path, name, member), what, "export its text")


def test_an_old_office_file_is_refused(tmp_path):
    path = tmp_path / "list.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "任务清单".encode())
    _refused(path, ".doc/.xls", "export its text")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
def test_a_file_cut_inside_a_character_says_so(tmp_path, encoding):
    """Not mojibake read as GB18030, not 'binary': the file is said to end inside a character."""
    data = LIST_2020.read_text(encoding="utf-8").encode(encoding)
    path = tmp_path / "cut.txt"
    for end in range(len(data) // 2, len(data) // 2 + 4):
        path.write_bytes(data[:end])
        try:
            ipa.parse_file(path, 2020)
        except ipa.ParseError as exc:
            assert "ends inside a character" in str(exc) and "truncated" in str(exc), str(exc)
            return
    pytest.fail("no cut inside a character among four consecutive cuts")


# --- the command line ---------------------------------------------------------------------


def _cli(args: list[str], capsys) -> tuple[int, str, str]:
    status = _within(lambda: main(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_command_line_refuses_a_device_and_a_fifo(fifo, capsys):
    for path in ["/dev/zero", str(fifo)]:
        status, _, err = _cli(["parse", path], capsys)
        assert status == 2 and path in err and "not a regular file" in err


def test_the_command_line_max_bytes(tmp_path, capsys):
    status, _, err = _cli(["parse", str(LIST_2020), "--max-bytes", "1000"], capsys)
    assert status == 2 and "over the limit of 1,000" in err and "--max-bytes" in err
    with pytest.raises(SystemExit):
        main(["parse", str(LIST_2020), "--max-bytes", "0"])


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_the_command_line_reads_stdin_with_a_dash(monkeypatch, capsys):
    _stdin(monkeypatch, LIST_2020.read_bytes())
    status, out, _ = _cli(["parse", "-", "--format", "csv"], capsys)
    assert status == 0 and "2020年推动知识产权高质量发展任务清单" in out and ",19\n" in out


def test_stdin_is_bounded_and_sniffed_too(monkeypatch, capsys):
    _stdin(monkeypatch, LIST_2020.read_bytes())
    status, _, err = _cli(["parse", "-", "--max-bytes", "1000"], capsys)
    assert status == 2 and "<stdin>" in err and "over the limit of 1,000" in err
    _stdin(monkeypatch, PDF_TEXT)
    status, _, err = _cli(["parse", "-"], capsys)
    assert status == 2 and "<stdin>: a PDF document" in err
