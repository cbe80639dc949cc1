"""The one normalisation layer: whitespace, punctuation width and compact views.

Raw files break lines inside words, mix half- and full-width punctuation and scatter
spaces (``年 内 有 阶``). Every reader and the grammar go through these functions, so the
same text always normalises the same way.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

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


def widen(text: str) -> str:
    """Half-width ``( ) , : ;`` as full-width, one for one (names in the data use full width)."""
    return text.translate(_FOLD)


def fold(text: str) -> str:
    """Compare-key of a text: clean, no whitespace at all, full-width punctuation."""
    return re.sub(r"\s+", "", clean_text(text)).translate(_FOLD)


def normalise_completion(raw: str, phrases: Container[str]) -> str:
    """Completion time in its standard wording (``phrases``: the known completion phrases).

    Pieces of a completion cell split across pages are joined; where the join repeats a
    character (``年内有阶`` + ``阶段性成果``) and only the joined text without the
    repeat is a known phrase, the repeat is dropped. Unknown wording is kept as written.
    """
    pieces = [fold(p) for p in raw.split() if p.strip()]
    joined = "".join(pieces)
    if joined in phrases:
        return joined
    out = pieces[0] if pieces else ""
    for p in pieces[1:]:
        if out and p and out[-1] == p[0] and (out + p[1:]) in phrases:
            out += p[1:]
        else:
            out += p
    return out


_NON_SPACE_RUN = re.compile(r"\S+")


@dataclass(frozen=True)
class Compact:
    """A text with all whitespace removed, and the way back to the original offsets.

    Markers are searched in the compact text, so a line or page break inside
    ``局内：运用促进\\n司`` or ``16\\n个月`` cannot hide them. The way back is kept as
    runs of non-whitespace (compact start, original start), so building it is one regex
    pass and a lookup is a binary search.
    """

    text: str
    run_starts: tuple[int, ...]  # compact offset where each run of non-whitespace starts
    run_origins: tuple[int, ...]  # original offset of the same run
    original_length: int

    @classmethod
    def of(cls, original: str) -> Compact:
        """Build the compact view of ``original``."""
        parts: list[str] = []
        starts: list[int] = []
        origins: list[int] = []
        n = 0
        for m in _NON_SPACE_RUN.finditer(original):
            starts.append(n)
            origins.append(m.start())
            parts.append(m.group())
            n += m.end() - m.start()
        return cls("".join(parts), tuple(starts), tuple(origins), len(original))

    def to_original(self, i: int) -> int:
        """Original offset of compact offset ``i`` (``len`` maps to the original end)."""
        if i >= len(self.text):
            return self.original_length
        k = bisect_right(self.run_starts, i) - 1
        return self.run_origins[k] + (i - self.run_starts[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span covering compact ``[start, end)``."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


# --- before parsing: invisible characters, width and script -------------------------------

# Zero-width and bidi marks, soft hyphen, BOM inside the text, C0/C1 controls (not \t \n \r):
# invisible in every viewer, yet they split words (保\u200b护司) and sentences (。\u200f).
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]"
)
# Page, line and paragraph separators other than \n: whitespace, kept as a space so that
# line numbers count \n only (str.splitlines() would count them as line breaks too).
_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Stripped:
    """One invisible or control character removed before parsing, and where it stood."""

    line: int
    codepoint: str  # U+200B
    name: str


def strip_invisible(text: str) -> tuple[str, list[Stripped]]:
    """Remove invisible and control characters; page and line separators become spaces.

    The one place where such characters are handled: every reader and the grammar see
    the text without them. Returns the text and a record of every character removed or
    replaced (line numbers of the input).
    """
    found: list[Stripped] = []
    if not (_INVISIBLE.search(text) or _SEPARATORS.search(text)):
        return text, found
    line = 1
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            line += 1
        if _INVISIBLE.match(ch) or _SEPARATORS.match(ch):
            found.append(Stripped(line, f"U+{ord(ch):04X}", unicodedata.name(ch, "control character")))
            if _SEPARATORS.match(ch):
                out.append(" ")
            continue
        out.append(ch)
    return "".join(out), found


# full-width ASCII variants (！ to ～) and the ideographic space, one for one
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def width_fold(text: str) -> str:
    """Full-width ASCII variants as ASCII (（单位） → (单位), ： → :), same length.

    Markers (table headers, boilerplate rules, labels) are matched on this form, so
    they match whatever the width of their brackets, colons and commas; offsets into
    the result are offsets into the input.
    """
    return text.translate(_WIDTH)


_T2S: Any = None


def _converter() -> Any:
    """The OpenCC traditional → simplified converter, made once."""
    global _T2S
    if _T2S is None:
        import opencc  # imported on first use: keeps `import ipanalysis` fast

        _T2S = opencc.OpenCC("t2s")
    return _T2S


def to_simplified(text: str) -> str:
    """Traditional characters as simplified (OpenCC t2s), one character for one.

    Phrase conversion is used where it keeps a line's length (it nearly always does);
    a line it would lengthen or shorten is converted character by character, so every
    offset of the result is an offset of the input (see :class:`SourceWording`).
    """
    conv = _converter()
    whole = conv.convert(text)
    if whole == text:
        return text
    lines, converted = text.split("\n"), whole.split("\n")
    if len(lines) == len(converted) and all(len(a) == len(b) for a, b in zip(lines, converted, strict=True)):
        return whole
    out = []
    for line in lines:
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(x if len(x := conv.convert(ch)) == 1 else ch for ch in line)
        out.append(c)
    return "\n".join(out)


class SourceWording:
    """The text as written beside the converted text the grammar read (same offsets).

    ``raw(fragment)`` gives the source wording of a fragment of the converted text
    (found regardless of whitespace and punctuation width), so tables keep the
    traditional characters of a source in their ``*_raw`` columns.
    """

    def __init__(self, source: str, converted: str) -> None:
        if len(source) != len(converted):
            raise ValueError("the converted text must keep the offsets of the source")
        self.source = source
        self._comp = Compact.of(width_fold(converted))
        # per converted character, the source character it most often stands for (fallback
        # for a fragment joined from pieces: 年内有阶 + 阶段性成果)
        counts: dict[str, dict[str, int]] = {}
        for a, b in zip(source, converted, strict=True):
            if a != b:
                counts.setdefault(b, {}).setdefault(a, 0)
                counts[b][a] += 1
        self._chars = {b: max(sorted(m.items()), key=lambda kv: kv[1])[0] for b, m in counts.items()}

    def raw(self, fragment: str | None) -> str | None:
        """Source wording of ``fragment`` (the fragment itself where it is not found)."""
        if not fragment:
            return fragment
        key = width_fold(re.sub(r"\s+", "", fragment))
        i = self._comp.text.find(key)
        if i < 0:
            return "".join(self._chars.get(ch, ch) for ch in fragment)
        a, b = self._comp.span(i, i + len(key))
        return clean_text(self.source[a:b])
