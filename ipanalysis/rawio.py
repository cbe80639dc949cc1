"""Decode raw bytes: Chinese government files come in UTF-8, GB18030/GBK or UTF-16."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import ParseError
from .textnorm import has_cjk


def decode_bytes(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`ParseError` for empty or binary input."""
    if not data.strip():
        raise ParseError(path, None, "a non-empty text file", "an empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, enc, path), enc
    if b"\x00" in data:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if len(data) % 2 == 0 and max(even, odd) > len(data) // 8:
            enc = "utf-16-le" if odd > even else "utf-16-be"
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                text = ""
            if text and "\x00" not in text:
                return text, enc
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
