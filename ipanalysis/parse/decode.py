"""Read and decode raw bytes: Chinese government files come in UTF-8, GB18030/GBK or UTF-16.

Input is bounded and explicit: only a regular file (checked before it is opened, so a
FIFO, ``/dev/zero`` or a folder is refused at once), at most :data:`MAX_BYTES`, and not
a PDF or Office file in disguise (those are refused with what to do instead).
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ipanalysis.errors import InputRefusedError, ParseError
from ipanalysis.parse.text import has_cjk

# the largest raw file is ~32 kB; 20 MB is far beyond any task list, yet reading it stays quick
MAX_BYTES = 20 * 1024 * 1024
EXPORT_TEXT = "export its text first (save as plain text, UTF-8) and parse the .txt"
# file kinds that are no text file, by their stat mode
_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory, not a file"),
    (stat.S_ISFIFO, "a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "a character device (like /dev/zero or a terminal), not a regular file"),
    (stat.S_ISBLK, "a block device, not a regular file"),
    (stat.S_ISSOCK, "a socket, not a regular file"),
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# an Office Open XML file is a zip whose member names say what it is
ZIP_KINDS = ((b"word/", "a Word .docx"), (b"xl/", "an Excel .xlsx"), (b"ppt/", "a PowerPoint .pptx"))


def _not_regular(mode: int) -> str | None:
    """What a file of this mode is, where it is not a regular file."""
    return next((what for test, what in _NOT_REGULAR if test(mode)), None)


def _too_big(path: str | Path | None, size: int, max_bytes: int) -> InputRefusedError:
    return InputRefusedError(
        path,
        f"{size:,} bytes or more, over the limit of {max_bytes:,}",
        "a task list is far smaller: check that this is the right file, or raise the limit "
        "(max_bytes=… in Python, --max-bytes on the command line)",
    )


def check_input(path: str | Path, max_bytes: int = MAX_BYTES) -> None:
    """Refuse, before opening it, a path that is no regular file or is over ``max_bytes``."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise ParseError(p, None, "a readable file", str(exc)) from exc
    what = _not_regular(st.st_mode)
    if what:
        raise InputRefusedError(p, what, "give the path of a text file (or - for stdin on the command line)")
    if st.st_size > max_bytes:
        raise _too_big(p, st.st_size, max_bytes)


def read_bounded(stream: BinaryIO, path: str | Path | None, max_bytes: int = MAX_BYTES) -> bytes:
    """At most ``max_bytes`` of a stream (stdin, a file that grows): more is an error, not a cut."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_big(path, len(data), max_bytes)
    return data


def sniff_format(data: bytes, path: str | Path | None = None) -> None:
    """Refuse a PDF, a docx/xlsx (zip) or an old Office (OLE) file: their text is not plain text."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        raise InputRefusedError(
            path, "a PDF document (it starts with %PDF-), not text", f"{EXPORT_TEXT} (e.g. pdftotext -layout)"
        )
    if data.startswith(b"PK\x03\x04"):
        what = next((f"{w} file (a zip archive)" for key, w in ZIP_KINDS if key in data), "a zip archive")
        raise InputRefusedError(path, f"{what}, not text", EXPORT_TEXT)
    if data.startswith(OLE_MAGIC):
        raise InputRefusedError(path, "an old Office file (.doc/.xls, OLE), not text", EXPORT_TEXT)


def decode_bytes(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`ParseError` for empty, binary, PDF or Office input."""
    if not data.strip():
        raise ParseError(path, None, "a non-empty text file", "an empty file")
    sniff_format(data, path)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, enc, path), enc
    if b"\x00" in data:
        # UTF-16 without a BOM: NUL bytes in ASCII characters; pick the byte order that reads as text
        even = data[: len(data) - len(data) % 2]  # an odd byte at the end: a file cut inside a character
        best = max((_utf16_score(even, e), e) for e in ("utf-16-le", "utf-16-be"))
        if best[0] > 0.9 and len(even) < len(data):
            raise _cut_in_a_character(path, best[1], len(even))
        if best[0] > 0.9:
            return data.decode(best[1], errors="replace"), best[1]
        raise ParseError(path, None, "a text file (UTF-8, GB18030 or UTF-16)", "binary data (NUL bytes)")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            if _ends_inside_a_character(exc) and has_cjk(data[: exc.start].decode(enc)):
                raise _cut_in_a_character(path, enc, exc.start) from exc  # not GB18030 mojibake of a cut file
            continue
        if enc == "gb18030" and not has_cjk(text):
            break
        return text, enc
    raise ParseError(path, None, "a text file in UTF-8, GB18030/GBK or UTF-16", "bytes that decode in none of them")


def _ends_inside_a_character(exc: UnicodeDecodeError) -> bool:
    """The only bad bytes are an incomplete character at the very end: a file cut off."""
    ends = ("unexpected end of data", "truncated data", "incomplete multibyte sequence")
    return exc.end >= len(exc.object) and exc.reason in ends


def _cut_in_a_character(path: str | Path | None, enc: str, at: int) -> ParseError:
    return ParseError(
        path,
        None,
        f"complete {enc} text",
        f"a file that ends inside a character (byte {at}): it looks cut off (truncated?)",
    )


def _decode(data: bytes, enc: str, path: str | Path | None) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        if _ends_inside_a_character(exc):
            raise _cut_in_a_character(path, enc, exc.start) from exc
        raise ParseError(path, None, f"valid {enc} text", f"invalid byte at offset {exc.start}") from exc


def read_text(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Read and decode a raw file: a regular file of at most ``max_bytes``.

    The kind is checked before opening and again on the open file (non-blocking, so a
    path swapped for a FIFO in between cannot hang the reader).
    """
    p = Path(path)
    check_input(p, max_bytes)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            what = _not_regular(os.fstat(fh.fileno()).st_mode)
            if what:
                raise InputRefusedError(p, what, "give the path of a text file")
            data = read_bounded(fh, p, max_bytes)
    except OSError as exc:
        raise ParseError(p, None, "a readable file", str(exc)) from exc
    return decode_bytes(data, p)


def _utf16_score(data: bytes, enc: str) -> float:
    """Share of characters that are ordinary text when ``data`` is read as ``enc``."""
    if len(data) % 2:
        return 0.0
    text = data.decode(enc, errors="replace")
    if not text:
        return 0.0
    ok = sum(1 for ch in text if ch.isprintable() or ch in "\t\r\n") - text.count("\ufffd")
    return ok / len(text) if has_cjk(text) else 0.0
