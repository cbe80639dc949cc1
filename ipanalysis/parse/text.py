"""The one normalisation layer: whitespace, punctuation width and compact views.

Raw files break lines inside words, mix half- and full-width punctuation and scatter
spaces (``年 内 有 阶``). Every reader and the grammar go through these functions, so the
same text always normalises the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation and the CJK symbols block; text next to them needs no spaces.
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_CJKISH = f"[{CJK}{CJK_PUNCT}]"

_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_SPACE_NEAR_CJK = re.compile(rf"\s+(?={_CJKISH})|(?<={_CJKISH})\s+")
_MULTI_SPACE = re.compile(r"\s+")
# a line break between two letters or digits only ever splits one word or number (2\n019)
_BROKEN_WORD = re.compile(r"(?<=[0-9A-Za-z%])[ \t]*\n\s*(?=[0-9A-Za-z%])")
_HALF_PUNCT = re.compile(r"[,:;()?!]")
_CJK_CHAR = re.compile(f"[{CJK}]")
_FOLD = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def has_cjk(text: str) -> bool:
    """True when the text holds at least one Chinese character."""
    return bool(_CJK_CHAR.search(text))


def _widen(match: re.Match[str]) -> str:
    """Half-width punctuation becomes full-width when it stands next to Chinese text."""
    s = match.string
    i = match.start()
    before = s[i - 1] if i > 0 else ""
    after = s[i + 1] if i + 1 < len(s) else ""
    near_cjk = bool(re.match(_CJKISH, before) or re.match(_CJKISH, after))
    if match.group() == ":" and before.isdigit() and after.isdigit():
        return ":"  # a clock time such as 13:37
    return _HALF_TO_FULL[match.group()] if near_cjk else match.group()


def clean_text(text: str) -> str:
    """Join broken lines and fold punctuation width: the form every table stores.

    Whitespace next to Chinese characters or full-width punctuation is removed (it only
    ever comes from line or page breaks); other runs of whitespace become one space;
    half-width ``, : ; ( ) ? !`` next to Chinese text become full-width.
    """
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u3000", " ")
    text = _BROKEN_WORD.sub("", text)
    text = _SPACE_NEAR_CJK.sub("", text)
    text = _MULTI_SPACE.sub(" ", text).strip()
    text = _HALF_PUNCT.sub(_widen, text)
    text = _SPACE_NEAR_CJK.sub("", text)
    # a bracket pair is one width: （2019) and (2019） become （2019）
    text = re.sub(r"（([^（）()]*)\)", r"（\1）", text)
    text = re.sub(r"\(([^（）()]*)）", r"（\1）", text)
    return text


def fold(text: str) -> str:
    """Compare-key of a text: clean, no whitespace at all, full-width punctuation."""
    return re.sub(r"\s+", "", clean_text(text)).translate(_FOLD)


@dataclass(frozen=True)
class Compact:
    """A text with all whitespace removed, and the way back to the original offsets.

    Markers are searched in the compact text, so a line or page break inside
    ``局内：运用促进\\n司`` or ``16\\n个月`` cannot hide them.
    """

    text: str
    offsets: tuple[int, ...]  # offsets[i] = index in the original of compact char i
    original_length: int

    @classmethod
    def of(cls, original: str) -> Compact:
        """Build the compact view of ``original``."""
        chars: list[str] = []
        offsets: list[int] = []
        for i, ch in enumerate(original):
            if not ch.isspace():
                chars.append(ch)
                offsets.append(i)
        return cls("".join(chars), tuple(offsets), len(original))

    def to_original(self, i: int) -> int:
        """Original offset of compact offset ``i`` (``len`` maps to the original end)."""
        if i >= len(self.offsets):
            return self.original_length
        return self.offsets[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering compact ``[start, end)``."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1
