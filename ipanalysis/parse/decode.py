"""Decode raw bytes: Chinese government files come in UTF-8, GB18030/GBK or UTF-16."""

from __future__ import annotations

import codecs
from pathlib import Path

from ipanalysis.errors import ParseError
from ipanalysis.parse.text import has_cjk


def decode_bytes(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`ParseError` for empty or binary input."""
    if not data.strip():
        raise ParseError(path, None, "a non-empty text file", "an empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, enc, path), enc
    if b"\x00" in data:
        # UTF-16 without a BOM: NUL bytes in ASCII characters; pick the byte order that reads as text
        best = max((_utf16_score(data, e), e) for e in ("utf-16-le", "utf-16-be"))
        if best[0] > 0.9:
            return data.decode(best[1], errors="replace"), best[1]
        raise ParseError(path, None, "a text file (UTF-8, GB18030 or UTF-16)", "binary data (NUL bytes)")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not has_cjk(text):
            break
        return text, enc
    raise ParseError(path, None, "a text file in UTF-8, GB18030/GBK or UTF-16", "bytes that decode in none of them")


def _decode(data: bytes, enc: str, path: str | Path | None) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise ParseError(path, None, f"valid {enc} text", f"invalid byte at offset {exc.start}") from exc


def read_text(path: str | Path) -> tuple[str, str]:
    """Read and decode a raw file."""
    p = Path(path)
    try:
        data = p.read_bytes()
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
