"""The words on a chart: translations and glosses (data/reference/report), labels, and corpus facts in words.

Nothing here reads the corpus: the source line and the gap notes are written from the
:class:`~ipanalysis.analysis.years.Calendar` a chart is given.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

import matplotlib

if "ipykernel" not in sys.modules:  # headless export; a notebook keeps its inline backend
    matplotlib.use("Agg")
import pandas as pd

from ipanalysis.analysis.years import Calendar
from ipanalysis.config import REPORT_REF
from ipanalysis.errors import ChartError


@lru_cache(maxsize=1)
def _labels() -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, list[str]]]:
    """(glossary zh → en, code → {zh, en}, kind → codes or glossary terms in file order)."""
    zh_en: dict[str, str] = {}
    codes: dict[str, dict[str, str]] = {}
    order: dict[str, list[str]] = {}
    with (REPORT_REF / "glossary.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            zh_en[r["zh"]] = r["en"]
            order.setdefault(f"glossary:{r['kind']}", []).append(r["zh"])
    with (REPORT_REF / "code_labels.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            codes[r["code"]] = {"zh": r["zh"], "en": r["en"]}
            order.setdefault(r["kind"], []).append(r["code"])
    return zh_en, codes, order


@lru_cache(maxsize=1)
def _short_labels() -> dict[str, dict[str, str]]:
    """code → {zh, en}: the short labels written beside a mark on a chart (short_labels.csv)."""
    with (REPORT_REF / "short_labels.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: {"zh": r["zh"], "en": r["en"]} for r in csv.DictReader(fh)}


def short_label(code: str, lang: str) -> str:
    """The short label of a code (a kind of document: ``清单``, ``guide`` …), from short_labels.csv.

    A code without one is an error naming the file, never the code printed on a chart.
    """
    labels = _short_labels()
    if code not in labels:
        raise ChartError(f"no short label for {code!r}: add it to {REPORT_REF / 'short_labels.csv'}")
    return labels[code][lang]


def short_labels() -> dict[str, dict[str, str]]:
    """Every short label: code → {zh, en}."""
    return {k: dict(v) for k, v in _short_labels().items()}


@lru_cache(maxsize=1)
def _method_notes() -> dict[str, dict[str, str]]:
    """code → {kind, mentions, zh, en}: what a method (or an abbreviation) means in plain words (method_notes.csv)."""
    with (REPORT_REF / "method_notes.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: dict(r) for r in csv.DictReader(fh)}


def method_notes_table() -> dict[str, dict[str, str]]:
    """Every note in plain words: code → {kind, mentions (a pattern of the words that call for it), zh, en}."""
    return {k: dict(v) for k, v in _method_notes().items()}


def method_notes(codes: Iterable[str], lang: str) -> list[str]:
    """The plain-language notes of the methods a chart rests on, in the chart language, in the order given.

    A code not in method_notes.csv is an error naming the file.
    """
    notes = _method_notes()
    unknown = [c for c in codes if c not in notes]
    if unknown:
        raise ChartError(f"no note in plain words for {unknown}: add it to {REPORT_REF / 'method_notes.csv'}")
    return [notes[c][lang] for c in dict.fromkeys(codes)]


def term_notes(shown: Iterable[object], lang: str) -> list[str]:
    """The notes of the abbreviations (kind ``term``: TISC …) among the words a chart shows."""
    words = " ".join(str(w) for w in shown)
    codes = [c for c, r in _method_notes().items() if r["kind"] == "term" and re.search(r["mentions"], words)]
    return method_notes(codes, lang)


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def with_labels(data: pd.DataFrame, labelers: Mapping[str, Callable[[Any], str]]) -> pd.DataFrame:
    """``data`` with a ``<column>_label`` right after each coded column: the words the chart shows for each code.

    The codes stay in their own column (the same in both languages, to join on); the
    label is in the chart's language, as its legend, titles and ticks write it. An empty
    code has an empty label; a column the data lacks is skipped.
    """
    out = data.copy()
    for column, labeler in labelers.items():
        if column in out.columns:
            values = [None if _blank(v) else labeler(v) for v in out[column]]
            out.insert(out.columns.get_loc(column) + 1, f"{column}_label", values)
    return out


def code_labeler(lang: str) -> Callable[[Any], str]:
    """A code's label from code_labels.csv in the chart language (for :func:`with_labels`)."""
    return lambda code: tr(code, lang)


def code_order(kind: str) -> list[str]:
    """Codes of one kind (actor_level, profile, doc_kind …) in the order of code_labels.csv."""
    return list(_labels()[2].get(kind, []))


def glossary_order(kind: str) -> list[str]:
    """Chinese terms of one kind (completion, department …) in the order of glossary.csv."""
    return list(_labels()[2].get(f"glossary:{kind}", []))


def tr(text: object, lang: str) -> str:
    """Label in the chart language.

    Codes (``binding_all``, ``national`` …) come from code_labels.csv in either language;
    Chinese text stays as written, or becomes English from the glossary
    (data/reference/report/glossary.csv). A Chinese term the glossary lacks stays
    Chinese, and the English-output test names it.
    """
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    zh_en, codes, _ = _labels()
    if s in codes:
        return codes[s][lang]
    if lang == "zh":
        return s
    return zh_en.get(s, s)


def gloss(term: object, lang: str) -> str:
    """A Chinese term for a reader of ``lang``: as written (zh), or ``English (中文)`` (en).

    For words that are the object of the analysis (keyness terms, topic words): the
    English reader sees what the text says and what it means.
    """
    s = tr(term, "zh")
    if lang == "zh" or not has_cjk(s):
        return s
    en = tr(s, "en")
    return f"{en} ({s})" if en != s else s


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PIECES = re.compile(r"(\s*[/;；、·|]\s*|\s+)")
# an English gloss with its Chinese in brackets: "Dept. of IP Protection (保护司)"
_GLOSSED = re.compile(r"[A-Za-z](?:[^()（）/;；、|·]|\([^()\u3400-\u9fff]*\))*[(（][^()（）]*[)）]")
_CJK_PIECE = re.compile(r"[^\s/;；、|·]*[\u3400-\u9fff\uf900-\ufaff][^\s/;；、|·]*")


def has_cjk(text: object) -> bool:
    return isinstance(text, str) and bool(CJK.search(text))


_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_TOKENS = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+|\s+")
_NO_LINE_START = set("，。；：、）》」』！？%’”")  # punctuation that never begins a Chinese line


def wrap(text: str, width: int) -> list[str]:
    """Lines of about ``width`` characters: Latin text breaks between words, Chinese between any two characters.

    ``textwrap`` breaks only at spaces, so a Chinese note with one space in it (``95% Wilson区间``)
    broke there and left a short first line; here a closing punctuation mark stays on its line.
    """
    import textwrap

    if not has_cjk(text):
        return textwrap.wrap(text, width) or [""]
    lines, cur = [], ""
    for tok in _TOKENS.findall(text):
        if tok.isspace():
            cur += " " if cur else ""
        elif len(cur) + len(tok) > width and cur.strip() and tok not in _NO_LINE_START:
            lines.append(cur.rstrip())
            cur = tok
        else:
            cur += tok
    if cur.strip():
        lines.append(cur.rstrip())
    return lines or [""]


def chinese_only(text: object) -> list[str]:
    """The Chinese pieces of a text that no English gloss accompanies.

    The house form of a gloss is ``English (中文)``; Chinese anywhere else (alone, or
    before its English) is reported.
    """
    if not has_cjk(text):
        return []
    rest = _GLOSSED.sub(" ", str(text))
    return [p for p in _CJK_PIECE.findall(rest) if has_cjk(p)]


def _localize_cell(value: object) -> object:
    if not has_cjk(value):
        return value
    text = str(value)
    whole = gloss(text, "en")
    if whole != text:
        return whole
    return "".join(gloss(p, "en") if has_cjk(p) else p for p in _PIECES.split(text))


def localize(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A chart's data for readers of ``lang``: in English every Chinese value gets its gloss.

    Column names are English in both languages; values keep their Chinese beside the
    English (``Dept. of IP Protection (保护司)``) so a row can be traced to the text.
    """
    if lang == "zh":
        return data
    out = data.copy()
    for c in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[c]) or pd.api.types.is_bool_dtype(out[c])):
            out[c] = out[c].map(_localize_cell)
    return out


def label(zh: str, en: str, lang: str) -> str:
    """A fixed chart label in the chart language."""
    return zh if lang == "zh" else en


def source_text(calendar: Calendar, lang: str, kinds: Iterable[str] | None = None, extra: str = "") -> str:
    """The source line of a chart, from the corpus calendar (years and kinds, never typed).

    ``kinds`` restricts it to some kinds of document (targets: lists and work guides).
    """
    parts = []
    for y, ks in calendar.kinds.items():
        shown = [k for k in ks if kinds is None or k in kinds]
        if shown:
            sep = "、" if lang == "zh" else ", "
            names = sep.join(tr(k, lang) for k in shown)
            parts.append(f"{y}年{names}" if lang == "zh" else f"{y} {names}")
    docs = ("；" if lang == "zh" else "; ").join(parts)
    head = label(
        f"来源：语料库文件（data/catalog.csv）：{docs}", f"Source: corpus documents (data/catalog.csv): {docs}", lang
    )
    tail = label("；ipanalysis", "; ipanalysis", lang)
    return head + (("；" if lang == "zh" else "; ") + extra if extra else "") + tail


def year_runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of years: [y, y+1, y+2, y+4] → [(y, y+2), (y+4, y+4)]."""
    runs: list[tuple[int, int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def gap_note(calendar: Calendar, lang: str) -> str:
    """``语料库中无清单的年份：2021–2023年``: the gaps of the corpus calendar as runs ('' when none)."""
    runs = [str(a) if a == b else f"{a}–{b}" for a, b in year_runs(calendar.gaps)]
    if not runs:
        return ""
    return label(
        f"语料库中无清单的年份：{'、'.join(runs)}年", f"Years without a list in the corpus: {', '.join(runs)}", lang
    )


def gap_label(lang: str) -> str:
    return label("语料库中无清单", "no list in corpus", lang)


def _pp(x: float) -> str:
    """Percentage points with a sign; never ``-0``."""
    v = round(x * 100)
    return f"{v:+d}" if v else "0"
