"""The grammar of a document's head: a notice (通知) before it, its title line and its year.

A web page or file may open with chrome, then a notice (``X关于印发《T》的通知``, its
文号 such as ``国知发管字〔2016〕2号``, an addressee list, the notice text, the issuer and
the date), then the document's own title line and an introduction. This module reads
title, issuer, date, 文号 and the stated year from that head; what it does not use stays
in the preamble.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipanalysis.parse.text import clean_text, fold, width_fold
from ipanalysis.parse.vocabulary import Vocabulary

# the notice line: issuer (optional) 关于印发《title》的通知
NOTICE_LINE = re.compile(r"^\s*(?P<issuer>\S{0,60}?)关于印发\s*《(?P<title>[^《》]+?)》\s*的通知\s*$")
# 文号: issuer code, year in 〔〕 (or another bracket), serial number, 号
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}\s*[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d{1,4}\s*号")
DATE_LINE = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*$")
DATE_ANY = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# a seal line under the issuer: (国家知识产权局代章)
SEAL = re.compile(r"^\s*[(（][^()（）]{2,30}代章[)）]\s*$")
# the title of a yearly document: YYYY年…清单 / 计划 / 指引 …
TITLE = re.compile(
    r"(?:19|20)\d{2}\s*年[^。：:|<>\n ]{2,40}?(?:任务清单|推进计划|工作指引|工作要点|实施计划|计划|清单)"
)
YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
YEAR_IN_BRACKETS = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*[)）]")


@dataclass
class Head:
    """What the head of a document says of it."""

    title: str = ""
    title_line: str | None = None  # the line the title was read from (removed from the preamble)
    issuer: str | None = None
    date: str | None = None  # YYYY-MM-DD
    doc_number: str | None = None
    notice: str | None = None  # the notice line, where there is one
    stated_year: int | None = None


def _date(m: re.Match[str]) -> str:
    return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"


def stated_year(title: str) -> int | None:
    """The year a title states: ``2025年…``, ``…工作指引（2023）``; a date (2021年12月27日) is none."""
    key = width_fold(title)
    m = YEAR.search(key) or YEAR_IN_BRACKETS.search(key)
    return int(m.group(1)) if m else None


def _signature(lines: list[str], date_index: int) -> str | None:
    """The issuer signing a notice: the line above its date (above a seal line, if any)."""
    j = date_index - 1
    while j >= 0 and SEAL.match(lines[j]):
        j -= 1
    if j < 0:
        return None
    name = clean_text(lines[j])
    if 2 <= len(name) <= 40 and not re.search(r"[。，,；;：:！!]", name):
        return name
    return None


def read_head(text: str, vocab: Vocabulary | None = None) -> Head:
    """Title, issuer, date, 文号 and stated year of the text before a document's first marker."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    head = Head()
    notice_at = -1
    for i, ln in enumerate(lines):
        m = NOTICE_LINE.match(width_fold(ln))
        if m:
            notice_at = i
            head.notice = clean_text(ln)
            head.title = clean_text(m.group("title").strip())
            issuer = clean_text(m.group("issuer"))
            head.issuer = issuer or None
            break
    if notice_at >= 0:
        # the document's own title line after the notice (the last one: a web page repeats the notice)
        own = [ln for ln in lines[notice_at + 1 :] if fold(ln.strip("《》 \t")) == fold(head.title)]
        if own:
            head.title_line = own[-1]
            head.title = clean_text(own[-1].strip().strip("《》"))
        rest = lines[notice_at:]
        for i, ln in enumerate(rest):
            d = DATE_LINE.match(width_fold(ln))
            if d:
                head.date = _date(d)
                head.issuer = head.issuer or _signature(rest, i)
                break
        if head.date is None:
            d = DATE_ANY.search(width_fold("\n".join(rest)))
            head.date = _date(d) if d else None
    else:
        for ln in lines:
            m = TITLE.search(clean_text(ln))
            if m:
                head.title, head.title_line = clean_text(m.group()), ln
                break
        if not head.title and vocab is not None:
            for ln in lines:
                if len(clean_text(ln)) <= 60 and vocab.document_kind(ln):
                    head.title, head.title_line = clean_text(ln).strip("《》"), ln
                    break
    n = DOC_NUMBER.search(width_fold(text))
    head.doc_number = clean_text(n.group()) if n else None
    head.stated_year = stated_year(head.title)
    if head.stated_year is None and head.date:
        head.stated_year = int(head.date[:4])  # a title without a year: the year of its notice
    return head
